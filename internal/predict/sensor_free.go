package predict

import "sync"

// freeList holds values given back for reuse: the encoder's trial coders' residual models and
// value-context tables (ReleaseMixedResidual, ReleaseValueContexts). Unlike a sync.Pool, which
// every garbage collection empties (its victim cache the next), it keeps what it holds until
// DrainTrialModels: a block's analysis codes tens of trials, and with the pool emptied at a
// collection every trial after it made its models afresh (about 300 KB each, 16 MB a
// table: allocation, page faults and a collection sooner), senc9. Safe for concurrent use.
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

// DrainTrialModels drops the residual models and value-context tables that the encoder's
// trial coders gave back: a block's analysis calls it when its trials are done, so that
// they do not stay alive beside the block's coding and the bytes trial's byte model.
// Models made after it are made afresh until some are given back again.
func DrainTrialModels() {
	mixedFree.drain()
	valueCtxFree.drain()
}
