package predict

import "testing"

// TestLawSeriesLearnsLaws: on a noiseless free fall (a quadratic) the series predicts every
// value exactly once warm; on a damped oscillation its mean error is far below holding the
// last value's.
func TestLawSeriesLearnsLaws(t *testing.T) {
	l := NewLawSeries()
	for i := range int64(300) {
		v := 5000 + 40*i - 3*i*i
		if p, ok := l.Predict(); ok && i >= 100 && p != v {
			t.Fatalf("free fall, value %d: predicted %d, want %d", i, p, v)
		}
		l.Update(v)
	}
	l = NewLawSeries()
	// y(t+1) = 2y(t) − y(t−1) − 0.01·y(t) − 0.002·(y(t) − y(t−1)), in integers
	y0, y1 := int64(100000), int64(100000)
	var errLaw, errHold int64
	for i := range 3000 {
		p, ok := l.Predict()
		l.Update(y1)
		if ok && i >= 500 {
			errLaw += absLaw(p - y1)
			errHold += absLaw(y0 - y1)
		}
		y0, y1 = y1, 2*y1-y0-y1/100-(y1-y0)/500
	}
	t.Logf("damped oscillation: mean |error| %d (law) against %d (hold)", errLaw/2500, errHold/2500)
	if errLaw*20 > errHold {
		t.Errorf("damped oscillation: law error %d, hold %d", errLaw, errHold)
	}
}

func absLaw(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
