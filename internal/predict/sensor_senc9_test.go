package predict

import (
	"reflect"
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
