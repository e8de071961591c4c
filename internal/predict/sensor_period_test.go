package predict

import "testing"

func TestFindPeriod(t *testing.T) {
	x := make([]int64, 3000)
	res := make([]int8, len(x))
	for i := range x {
		x[i] = int64(1000+7*i/100) + ([]int64{0, 3, 5, 9, 14, 20, 25, 28, 30, 29, 25, 20, 14, 9, 5, 2, 0, -2, -4, -5, -6, -5, -3, -1}[i%24])
	}
	if p := FindPeriod(x, res); p != 24 {
		t.Fatalf("period %d, want 24", p)
	}
	// A random walk has none.
	randomWalk(x)
	if p := FindPeriod(x, res); p != 0 {
		t.Fatalf("random walk: period %d", p)
	}
}

// TestSeriesPeriod: a series told its period predicts a periodic signal better.
func TestSeriesPeriod(t *testing.T) {
	cost := func(p int) int64 {
		var s Series
		s.SetPeriod(p)
		var sum int64
		for i := 0; i < 5000; i++ {
			v := int64([]int64{0, 30, 50, 90, 140, 200, 250, 280, 300, 290, 250, 200, 140, 90, 50, 20, 0, -20, -40, -50, -60, -50, -30, -10}[i%24]) + int64(i/50)
			pr := s.Predict()
			if i > 1000 {
				sum += int64(absU(v - pr))
			}
			s.Update(v)
		}
		return sum
	}
	if a, b := cost(0), cost(24); b*2 > a {
		t.Fatalf("error without period %d, with %d", a, b)
	}
}

// TestPeriodMemo: the memo answers as FindPeriod does, for a column asked again (remembered)
// and for a column of other values (computed), and a copy of the values changed after it was
// asked is not mistaken for the original.
func TestPeriodMemo(t *testing.T) {
	x := make([]int64, 3000)
	res := make([]int8, len(x))
	for i := range x {
		x[i] = int64(1000+7*i/100) + ([]int64{0, 3, 5, 9, 14, 20, 25, 28, 30, 29, 25, 20, 14, 9, 5, 2, 0, -2, -4, -5, -6, -5, -3, -1}[i%24])
	}
	var pm PeriodMemo
	if p := pm.Find(x, res); p != 24 || p != FindPeriod(x, res) {
		t.Fatalf("period %d, want 24", p)
	}
	if p := pm.Find(x, res); p != 24 {
		t.Fatalf("remembered period %d, want 24", p)
	}
	y := append([]int64(nil), x...)
	randomWalk(y)
	if p, want := pm.Find(y, res), FindPeriod(y, res); p != want {
		t.Fatalf("another column: period %d, want %d", p, want)
	}
	copy(y, x)
	y[1500] += 1000 // one value off: not the first column
	if p, want := pm.Find(y, res), FindPeriod(y, res); p != want {
		t.Fatalf("a changed copy: period %d, want %d", p, want)
	}
	if len(pm.m) != 3 {
		t.Fatalf("%d columns remembered, want 3", len(pm.m))
	}
	var none *PeriodMemo
	if p := none.Find(x, res); p != 24 {
		t.Fatalf("nil memo: period %d", p)
	}
}

// randomWalk fills x with a deterministic random walk (steps −8..7), which has no period.
func randomWalk(x []int64) {
	v := int64(0)
	seed := uint32(1)
	for i := range x {
		seed = seed*1664525 + 1013904223
		v += int64(seed>>28) - 8
		x[i] = v
	}
}
