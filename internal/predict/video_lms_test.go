package predict

import "testing"

// MostlyMoving gates the WarpSubs sub-predictors in bands without a warp: at least half the
// field's blocks (and at least one) must have a vector other than zero.
func TestMostlyMoving(t *testing.T) {
	var nilField *MotionField
	if nilField.MostlyMoving() {
		t.Error("a nil field moves")
	}
	if (&MotionField{}).MostlyMoving() {
		t.Error("an empty field moves")
	}
	f := &MotionField{V: make([]MotionVector, 8)}
	for n := 0; n <= 8; n++ {
		for i := range f.V {
			f.V[i] = MotionVector{}
			if i < n {
				f.V[i] = MotionVector{X: int16(i%3 - 1), Y: 1}
			}
		}
		if got, want := f.MostlyMoving(), n >= 4; got != want {
			t.Errorf("%d of 8 blocks moved: MostlyMoving %v, want %v", n, got, want)
		}
	}
}
