package predict

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPeriodLags8Exact: periodLags8AVX2's sums are, bit for bit, the Go loop's (each product
// rounded, then added in order from +0) for every lane, on changes of every size, sign and
// spread (integers, their mean taken off, clipped), at every group start a column of n rows
// has, and lengths down to one row.
func TestPeriodLags8Exact(t *testing.T) {
	if !usePeriodAsm {
		t.Skip("no AVX2 kernel in this build")
	}
	rng := rand.New(rand.NewPCG(9, 12))
	var out [16]float64
	for trial := range 300 {
		n := 8 + rng.IntN(4096)
		d := make([]float64, n)
		scale := math.Ldexp(1, rng.IntN(120)-60)
		for i := range d {
			switch trial % 4 {
			case 0:
				d[i] = rng.NormFloat64() * scale
			case 1:
				d[i] = float64(rng.IntN(2001)-1000) - 0.37 // a mean taken off integers
			case 2:
				d[i] = float64(rng.Int64N(1<<53)) * float64(1-2*rng.IntN(2)) // large: products round
			default:
				if rng.IntN(3) > 0 {
					d[i] = float64(rng.IntN(7) - 3)
				} // zeros and -0 sums
				if rng.IntN(5) == 0 {
					d[i] = math.Copysign(0, -1)
				}
			}
		}
		for pb := 0; pb+8 <= n; pb += 1 + rng.IntN(37) {
			l := n - pb - 7
			periodLags8AVX2(&d[0], pb, l, &out)
			for k := range 8 {
				var c, e float64
				for i := 0; i < l; i++ {
					v := d[pb+k+i]
					c += float64(v * d[i])
					e += float64(v * v)
				}
				if math.Float64bits(c) != math.Float64bits(out[k]) || math.Float64bits(e) != math.Float64bits(out[8+k]) {
					t.Fatalf("trial %d n %d lag %d: kernel %v %v, loop %v %v", trial, n, pb+k, out[k], out[8+k], c, e)
				}
			}
		}
	}
}

// TestFindPeriodAsmSameAsGo: FindPeriod gives the same period with the kernel and with the Go
// loop, on columns with cycles of every length it looks for (including ones that fall in a
// group's last lanes and its tail rows), noise, gaps, clocks and outliers, and on short ones.
func TestFindPeriodAsmSameAsGo(t *testing.T) {
	if !usePeriodAsm {
		t.Skip("no AVX2 kernel in this build")
	}
	defer func(v bool) { usePeriodAsm = v }(usePeriodAsm)
	rng := rand.New(rand.NewPCG(3, 5))
	found := 0
	for i := range 600 {
		n := 30 + rng.IntN(4500)
		x, res := make([]int64, n), make([]int8, n)
		per := 2 + rng.IntN(410)
		amp := float64(1 + rng.IntN(1000))
		noise := rng.Float64() * amp
		for r := range n {
			x[r] = int64(amp*math.Sin(2*math.Pi*float64(r)/float64(per)) + noise*rng.NormFloat64())
			if i%3 == 1 {
				x[r] += int64(r) * 13
			}
			if rng.IntN(60) == 0 {
				res[r] = -1
			}
			if rng.IntN(300) == 0 {
				x[r] += int64(rng.IntN(1 << 30))
			}
		}
		usePeriodAsm = true
		a := FindPeriod(x, res)
		usePeriodAsm = false
		g := FindPeriod(x, res)
		if a != g {
			t.Fatalf("column %d (n %d, cycle %d): period %d with the kernel, %d without", i, n, per, a, g)
		}
		if a != 0 {
			found++
		}
	}
	if found < 150 {
		t.Fatalf("only %d of 600 columns have a period: the test does not exercise the lags", found)
	}
}
