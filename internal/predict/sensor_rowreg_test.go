package predict

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestRowRegression learns a change that is a linear mix of two other columns' changes in
// different units, and predicts it far better than the largest input alone would.
func TestRowRegression(t *testing.T) {
	var g RowRegression
	seed := testlog.LCG(1)
	next := func() int64 { return seed.IntN(2001) - 1000 }
	var errEarly, errLate, errNaive int64
	for i := 0; i < 20000; i++ {
		a, b := next(), next()*1000 // two columns in units a thousand apart
		target := 3*a - b/500       // = 3a − 2·(b/1000)
		p := g.Predict([]int64{a, b})
		g.Update(target)
		e := target - p
		if e < 0 {
			e = -e
		}
		switch {
		case i < 1000:
			errEarly += e
		case i >= 19000:
			errLate += e
			if d := target - 3*a; d < 0 {
				errNaive -= d
			} else {
				errNaive += d
			}
		}
	}
	if errLate*20 > errNaive || errLate*20 > errEarly {
		t.Errorf("mean |error|: first 1000 %d, last 1000 %d, of 3a alone %d", errEarly/1000, errLate/1000, errNaive/1000)
	}
	// Fewer changes than inputs, and none.
	if p := g.Predict(nil); p != 0 {
		t.Errorf("prediction without inputs %d", p)
	}
	g.Update(5)
}

// TestRowLevel learns a column that is a linear mix of the levels (not the changes) of the
// columns before it, with rounding: a minimum from a maximum and a rounded mean.
func TestRowLevel(t *testing.T) {
	var g RowLevel
	seed := testlog.LCG(3)
	rnd := seed.IntN
	var errLevel, errLast int64
	last := int64(0)
	for i := 0; i < 20000; i++ {
		mx := 10 + rnd(20)
		mi := mx - rnd(10)
		mn := (mx + mi) / 2
		p := g.Predict([]int64{mx, mn})
		g.Update(mi)
		if i >= 19000 {
			errLevel += abs64(mi - p)
			errLast += abs64(mi - last)
		}
		last = mi
	}
	// The rule min = 2·mean − max errs by 0 or 1; the last value by about 7.
	if errLevel > 1000 || errLevel*4 > errLast {
		t.Errorf("mean |error| over the last 1000: %.2f, of the last value %.2f", float64(errLevel)/1000, float64(errLast)/1000)
	}
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
