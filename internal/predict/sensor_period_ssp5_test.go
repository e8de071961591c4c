package predict

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestFindPeriodSameAsBefore: FindPeriod (its lag loop on slices, ssp5) returns what the loop
// before did (refFindPeriod, a copy) on columns with cycles, noise, gaps and outliers.
func TestFindPeriodSameAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 17))
	for i := range 400 {
		n := 20 + rng.IntN(5000)
		x, res := make([]int64, n), make([]int8, n)
		per := 2 + rng.IntN(420)
		amp := float64(1 + rng.IntN(1000))
		noise := rng.Float64() * 2 * amp
		for r := range n {
			x[r] = int64(amp*math.Sin(2*math.Pi*float64(r)/float64(per)) + noise*rng.NormFloat64())
			if i%4 == 1 {
				x[r] += int64(r) * 7 // a clock
			}
			if rng.IntN(50) == 0 {
				res[r] = -1
			}
			if rng.IntN(200) == 0 {
				x[r] += int64(rng.IntN(1 << 30)) // an outlier
			}
		}
		if got, want := FindPeriod(x, res), refFindPeriod(x, res); got != want {
			t.Fatalf("column %d (n %d, period %d): %d, want %d", i, n, per, got, want)
		}
	}
}

func refFindPeriod(x []int64, res []int8) int {
	n := min(len(x), periodSamples)
	if n < 30 {
		return 0
	}
	d := make([]float64, n)
	ok := make([]bool, n)
	var mean float64
	k := 0
	for r := 1; r < n; r++ {
		if res[r] < 0 || res[r-1] < 0 {
			continue
		}
		d[r], ok[r] = float64(x[r]-x[r-1]), true
		mean += d[r]
		k++
	}
	if k < n/2 {
		return 0
	}
	mean /= float64(k)
	// A few huge changes (a glitch, a value in another notation) would swamp the sums: clip
	// the changes to 16 times their median size.
	mag := make([]float64, 0, k)
	for r := range d {
		if ok[r] {
			d[r] -= mean // a steady step (a clock) is no cycle
			mag = append(mag, math.Abs(d[r]))
		}
	}
	slices.Sort(mag)
	lim := 16 * max(mag[len(mag)/2], 1)
	var e0 float64
	for r := range d {
		if ok[r] {
			d[r] = max(-lim, min(d[r], lim))
			e0 += d[r] * d[r]
		}
	}
	if e0 == 0 {
		return 0
	}
	best, bestR := 0, periodMinCorr
	for p := periodMin; p <= min(periodMax, n/3); p++ {
		var c, e float64
		for r := p; r < n; r++ {
			c += d[r] * d[r-p]
			e += d[r] * d[r]
		}
		if e == 0 {
			continue
		}
		// Normalised by the energy of the rows compared, slightly favouring short periods.
		if rr := c / e; rr > bestR*1.02 {
			best, bestR = p, rr
		}
	}
	return best
}
