package predict

import (
	"reflect"
	"runtime"
	"slices"
	"testing"
)

// hasPointers tells whether a value of type t holds a pointer the collector follows.
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Chan, reflect.Func, reflect.Interface, reflect.String, reflect.UnsafePointer:
		return true
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}

// TestMixedResidualPointersFirst: MixedResidual's pointer fields lead it (senc9), so that the
// collector, which scans an object up to its last pointer, reads the first words of each
// 300 KB model and not the whole of it. It fails if a field holding a pointer is put after
// the counter tables.
func TestMixedResidualPointersFirst(t *testing.T) {
	ty := reflect.TypeOf(MixedResidual{})
	for i := range ty.NumField() {
		if f := ty.Field(i); hasPointers(f.Type) && f.Offset >= 64 {
			t.Errorf("MixedResidual.%s holds a pointer at offset %d of %d: put it with the pointers at the start", f.Name, f.Offset, ty.Size())
		}
	}
}

// TestTrialModelsKeptAcrossGC: a residual model or value-context table given back to a
// TrialModels is reused by its next NewMixed / NewValueContexts even after garbage
// collections (a sync.Pool would have dropped it), in a new one's state (it codes as a new one
// does); after Drain none is held. Another TrialModels (another encoder's, senc10) neither
// gets them nor drains them; a nil one keeps nothing.
func TestTrialModelsKeptAcrossGC(t *testing.T) {
	var free, other TrialModels
	freshM := new(MixedResidual)
	freshM.reset()
	freshV := &ValueContexts{t: make([]Counter, 1<<ValueCtxBits)}
	freshV.reset()
	want := codeMixed(freshM, freshV, 2000)

	m, vc := free.NewMixed(), free.NewValueContexts()
	codeMixed(m, vc, 4000)
	free.ReleaseMixed(m)
	free.ReleaseValueContexts(vc)
	runtime.GC()
	runtime.GC()
	if om, ov := other.NewMixed(), other.NewValueContexts(); om == m || ov == vc {
		t.Fatal("another TrialModels handed out this one's models")
	}
	other.Drain()
	if free.mixed.held() != 1 || free.vctx.held() != 1 {
		t.Fatal("another TrialModels' Drain dropped this one's models")
	}
	m2, vc2 := free.NewMixed(), free.NewValueContexts()
	if m2 != m || vc2 != vc {
		t.Fatal("the models given back were not reused after two collections")
	}
	if got := codeMixed(m2, vc2, 2000); !slices.Equal(got, want) {
		t.Fatal("a reused model codes differently from a new one")
	}
	free.ReleaseMixed(m2)
	free.ReleaseValueContexts(vc2)
	free.Drain()
	if free.mixed.get() != nil || free.vctx.get() != nil {
		t.Fatal("Drain left models held")
	}
	var none *TrialModels
	none.ReleaseMixed(m2)
	none.ReleaseValueContexts(vc2)
	none.Drain()
	if none.NewMixed() == m2 {
		t.Fatal("a nil TrialModels reused a model")
	}
}
