package predict

import "testing"

// TestRowRegression learns a change that is a linear mix of two other columns' changes in
// different units, and predicts it far better than the largest input alone would.
func TestRowRegression(t *testing.T) {
	var g RowRegression
	seed := uint64(1)
	next := func() int64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int64(seed>>33)%2001 - 1000
	}
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
