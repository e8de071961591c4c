package predict

import (
	"math"
	"slices"
)

// Periods: hourly weather has a 24-row cycle, a daily log a 365-row one. The encoder finds a
// column's dominant period by the autocorrelation of its changes and codes it (sensor model
// 2); the decoder is told and searches nothing. This runs on the encoder only, so it may use
// floating point: only the period it returns, an integer, reaches the stream.

const (
	periodMin     = 2
	periodMax     = 400  // a year of days, a few days of hours or of 15-minute steps
	periodSamples = 4096 // rows looked at per block
	// PeriodMinCorr is the least autocorrelation of the changes at the period.
	periodMinCorr = 0.3
)

// FindPeriod returns the dominant period of a column's values x (res[r] < 0 where row r is
// not a number), or 0 if the changes do not repeat strongly enough.
func FindPeriod(x []int64, res []int8) int {
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
