package predict

import (
	"math"
	"math/rand/v2"
	"testing"
)

// refineStepWhole is refineStep as it was before ssp7: the ±4σ scan sums every entry of the
// pool for every candidate step.
func refineStepWhole(pool []stepEntry, s float64) float64 {
	near := func(e stepEntry, s, m float64) bool {
		return m != 0 && math.Abs(e.v-float64(m*s)) <= 2*e.res+float64(0.1*s)
	}
	scanPool := pool[:min(len(pool), 1024)]
	mmax := 4.0
	for it := 0; it < 12; it++ {
		var num, den, sq float64
		top := 0.0
		used := 0
		for _, e := range pool {
			m := roundF(e.v / s)
			top = max(top, m)
			if m <= mmax && near(e, s, m) {
				w := 1 / (e.res * e.res)
				num += float64(w * m * e.v)
				den += float64(w * m * m)
				sq += float64(w * (e.v - float64(m*s)) * (e.v - float64(m*s)))
				used++
			}
		}
		if den == 0 {
			return s
		}
		s = num / den
		if mmax >= top {
			return s
		}
		sigma := math.Sqrt(max(sq/float64(used), 1) / den)
		next := max(2*mmax, 0.05*s/sigma)
		if next < top {
			bestS, bestErr := s, math.Inf(1)
			for j := -64; j <= 64; j++ {
				c := s + float64(float64(j)*sigma/16)
				err := 0.0
				for _, e := range scanPool {
					if m := roundF(e.v / c); m > mmax {
						err += log2p1(math.Abs(e.v-float64(m*c)) / e.res)
					}
				}
				if err < bestErr {
					bestS, bestErr = c, err
				}
			}
			s = bestS
			next = max(next, 8*mmax)
		}
		mmax = next
	}
	return s
}

// TestRefineStepSameAsWhole: refineStep, whose scan stops summing a candidate once it can no
// longer win (ssp7), returns bit for bit the step of the scan that sums every entry, on
// clock-like pools (multiples of a step up to thousands of it, jitter, print resolutions,
// outliers, NaN and infinite entries); and the scan is reached on most of them.
func TestRefineStepSameAsWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 7))
	scans := 0
	for i := range 3000 {
		step := math.Exp(rng.Float64()*20 - 8)
		res := math.Pow(10, float64(rng.IntN(7)-4))
		n := 20 + rng.IntN(1500)
		maxM := 1 + rng.IntN(5000)
		jit := rng.Float64() * 0.01 * step
		pool := make([]stepEntry, n)
		for k := range pool {
			m := float64(1 + rng.IntN(maxM))
			v := math.Abs(m*step + jit*rng.NormFloat64())
			switch rng.IntN(400) {
			case 0:
				v *= 1 + 10*rng.Float64() // an outlier
			case 1:
				if i%7 == 0 {
					v = math.Inf(1)
				}
			case 2:
				if i%11 == 0 {
					v = math.NaN()
				}
			}
			pool[k] = stepEntry{math.Round(v/res) * res, res}
		}
		s0 := step * (1 + 0.001*rng.NormFloat64())
		got, want := refineStep(pool, s0), refineStepWhole(pool, s0)
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("case %d: refineStep %v, the whole scan %v", i, got, want)
		}
		if maxM > 8 {
			scans++
		}
	}
	if scans < 1000 {
		t.Fatalf("only %d pools with multiples past the scan's start", scans)
	}
}
