package predict

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestFindStepBound: findStep, whose step costs stop summing once they reach the best so far
// (latStepUnbounded off), returns bit for bit the step and trend of the sums over every entry,
// on columns on a lattice (steps from 10^-3 to 10^4 units, jitter within the print
// resolution, outliers, gaps, trending clocks) and columns on none; and the bound cuts some
// costs short.
func TestFindStepBound(t *testing.T) {
	defer func(v bool) { latStepUnbounded = v }(latStepUnbounded)
	rng := rand.New(rand.NewPCG(14, 29))
	cut0 := latStepCut.Load()
	found := 0
	for i := range 400 {
		n := 64 + rng.IntN(3000)
		col := LatticeColumn{X: make([]int64, n), Res: make([]int8, n)}
		step := int64(1 + rng.IntN(20000))
		res := int8(rng.IntN(3))
		x := int64(rng.IntN(1 << 20))
		trendy := i%5 == 0
		for r := range n {
			switch {
			case i%7 == 3: // no lattice: random values
				x = int64(rng.IntN(1 << 30))
			case trendy:
				x += step*1000 + int64(rng.IntN(3)-1)*step
			default:
				x += step * int64(rng.IntN(9)-4)
				if rng.IntN(200) == 0 {
					x += int64(rng.IntN(1000)) // an outlier
				}
			}
			col.X[r], col.Res[r] = x, res
			if rng.IntN(100) == 0 {
				col.Res[r] = -1 // not a number
			}
		}
		latStepUnbounded = false
		s1, t1 := findStep(&col)
		latStepUnbounded = true
		s2, t2 := findStep(&col)
		if math.Float64bits(s1) != math.Float64bits(s2) || t1 != t2 {
			t.Fatalf("column %d: step %v (trend %v) with the bound, %v (%v) without", i, s1, t1, s2, t2)
		}
		if s1 > 0 {
			found++
		}
	}
	if cut := latStepCut.Load() - cut0; cut == 0 || found < 100 {
		t.Fatalf("%d costs cut short, %d columns with a step", cut, found)
	}
}
