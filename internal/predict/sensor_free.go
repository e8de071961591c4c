package predict

import "sync"

// freeList holds values given back for reuse: the encoder's trial coders' residual models and
// value-context tables (TrialModels). Unlike a sync.Pool, which every garbage collection
// empties (its victim cache the next), it keeps what it holds until drained: a block's
// analysis codes tens of trials, and with the pool emptied at a collection every trial after
// it made its models afresh (about 300 KB each, 16 MB a table: allocation, page faults and a
// collection sooner), senc9. Safe for concurrent use.
type freeList[T any] struct {
	mu    sync.Mutex
	items []*T
}

// get returns a value put back, or nil.
func (f *freeList[T]) get() *T {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.items)
	if n == 0 {
		return nil
	}
	v := f.items[n-1]
	f.items[n-1] = nil
	f.items = f.items[:n-1]
	return v
}

// put gives v back.
func (f *freeList[T]) put(v *T) {
	f.mu.Lock()
	f.items = append(f.items, v)
	f.mu.Unlock()
}

// drain drops every value held (the collector frees them).
func (f *freeList[T]) drain() {
	f.mu.Lock()
	f.items = nil
	f.mu.Unlock()
}

// held returns the number of values held (tests).
func (f *freeList[T]) held() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.items)
}

// TrialModels holds the residual models and value-context tables that one sensor encoder's
// trial coders gave back, for its next trials (and its own coder) to reuse. Each encoder owns
// its own (senc10): with one list for the whole package, two encoders in one process (the
// batch module, a recording's logs) took each other's models and one block's end
// (Drain) dropped what the other's trials had given back. Safe for concurrent use (an
// encoder's trials run side by side); the zero value is ready. A nil *TrialModels keeps
// nothing: New* make fresh values and Release* drop theirs.
type TrialModels struct {
	mixed freeList[MixedResidual]
	vctx  freeList[ValueContexts]
}

// NewMixed returns a model in NewMixedResidual's state, reusing one given back if there is
// one (the copy of the template overwrites every field: a reused model is in exactly a new
// one's state).
func (f *TrialModels) NewMixed() *MixedResidual {
	var m *MixedResidual
	if f != nil {
		m = f.mixed.get()
	}
	if m == nil {
		m = new(MixedResidual)
	}
	m.reset()
	return m
}

// ReleaseMixed gives m back for NewMixed to reuse. The caller must hold no other reference
// to m (nil is ignored; a nil f drops m).
func (f *TrialModels) ReleaseMixed(m *MixedResidual) {
	if f == nil || m == nil {
		return
	}
	m.vc, m.apm, m.s15, m.s16 = nil, nil, nil, nil // keep nothing alive from the list
	f.mixed.put(m)
}

// NewValueContexts returns a table in NewValueContexts's state, reusing one given back if
// there is one (every counter is set to 1/2 again, as in a new table).
func (f *TrialModels) NewValueContexts() *ValueContexts {
	var v *ValueContexts
	if f != nil {
		v = f.vctx.get()
	}
	if v == nil {
		v = &ValueContexts{t: make([]Counter, 1<<ValueCtxBits)}
		// In huge pages: reset writes the whole table at once, so they add nothing to its
		// memory and save 4,088 of its 4,096 page faults (issue 12, the sixteenth round).
		hugePages(v.t)
	}
	v.reset()
	return v
}

// ReleaseValueContexts gives v back for NewValueContexts to reuse. The caller must hold no
// other reference to v (nil is ignored; a nil f drops v).
func (f *TrialModels) ReleaseValueContexts(v *ValueContexts) {
	if f != nil && v != nil {
		f.vctx.put(v)
	}
}

// Drain drops the models and tables held: a block's analysis calls it when its trials are
// done, so that they do not stay alive beside the block's coding and the bytes trial's byte
// model. Models made after it are made afresh until some are given back again.
func (f *TrialModels) Drain() {
	if f != nil {
		f.mixed.drain()
		f.vctx.drain()
	}
}
