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

// TestTrialModelsKeptAcrossGC: a residual model or value-context table given back is reused
// by the next NewMixedResidual / NewValueContexts even after garbage collections (a
// sync.Pool would have dropped it), in a new one's state (it codes as a new one does); after
// DrainTrialModels none is held.
func TestTrialModelsKeptAcrossGC(t *testing.T) {
	DrainTrialModels()
	freshM := new(MixedResidual)
	freshM.reset()
	freshV := &ValueContexts{t: make([]Counter, 1<<ValueCtxBits)}
	freshV.reset()
	want := codeMixed(freshM, freshV, 2000)

	m, vc := NewMixedResidual(), NewValueContexts()
	codeMixed(m, vc, 4000)
	ReleaseMixedResidual(m)
	ReleaseValueContexts(vc)
	runtime.GC()
	runtime.GC()
	m2, vc2 := NewMixedResidual(), NewValueContexts()
	if m2 != m || vc2 != vc {
		t.Fatal("the models given back were not reused after two collections")
	}
	if got := codeMixed(m2, vc2, 2000); !slices.Equal(got, want) {
		t.Fatal("a reused model codes differently from a new one")
	}
	ReleaseMixedResidual(m2)
	ReleaseValueContexts(vc2)
	DrainTrialModels()
	if mixedFree.get() != nil || valueCtxFree.get() != nil {
		t.Fatal("DrainTrialModels left models held")
	}
}
