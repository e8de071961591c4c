package predict

import (
	"reflect"
	"testing"
)

// TestByteModel2OneReset: each variant's constructor, which now resets the finished model
// once, returns the very model that resetting it at each step (resetEach, what the
// constructors did before) gives, field for field, table for table.
func TestByteModel2OneReset(t *testing.T) {
	for _, v := range []struct {
		name string
		each func(bool) *ByteModel2
		once func() *ByteModel2
	}{
		{"9", newByteModel2Model9, NewByteModel2Model9},
		{"10", newByteModel2Model10, NewByteModel2Model10},
		{"11", newByteModel2Model11, NewByteModel2Model11},
		{"12", newByteModel2Model12, NewByteModel2Model12},
		{"13", newByteModel2Model13, NewByteModel2Model13},
		{"14", newByteModel2Model14, NewByteModel2Model14},
		{"15", newByteModel2Model15, NewByteModel2Model15},
		{"16frm", newByteModel2Model16Frm, NewByteModel2Model16Frm},
	} {
		if testing.Short() && v.name != "16frm" {
			continue
		}
		if !reflect.DeepEqual(v.each(true), v.once()) {
			t.Errorf("model %s: one reset differs from a reset at each step", v.name)
		}
	}
}
