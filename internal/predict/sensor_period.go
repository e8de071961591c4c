package predict

import (
	"math"
	"slices"
	"sync"
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
	d = d[:n]
	var sums [16]float64
	for p := periodMin; p <= min(periodMax, n/3); p++ {
		var c, e float64
		if usePeriodAsm {
			// Eight lags at a time (periodLags8AVX2), each in its own lane, over the rows all
			// eight have (n−pb−7 of them), then lag p's last rows here: the same products,
			// rounded and added in the same order as the loop below (senc9).
			k := (p - periodMin) % 8
			pb := p - k
			l := n - pb - 7 // > 0: n ≥ 30 and p ≤ n/3
			if k == 0 {
				periodLags8AVX2(&d[0], pb, l, &sums)
			}
			c, e = sums[k], sums[8+k]
			for i := l; i < n-p; i++ {
				v := d[p+i]
				c += float64(v * d[i])
				e += float64(v * v)
			}
		} else {
			// (rows r from p on against r−p, summed in the same order; slices of equal
			// length, so that the loop has no bounds checks; float64() keeps each product
			// rounded, as the kernel's are, whatever multiply-adds the compiler may fuse)
			cur := d[p:n]
			lag := d[:len(cur)]
			for i, v := range cur {
				c += float64(v * lag[i])
				e += float64(v * v)
			}
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

// PeriodMemo remembers FindPeriod's answers by the values it looks at (the first
// periodSamples of x and res), so that an encoder asking again about the same column (the
// block's classify, then sensor model 13's relations' heads) does not compute it again. The
// answer for equal values is FindPeriod's, found or remembered. Safe for concurrent use.
type PeriodMemo struct {
	mu sync.Mutex
	m  map[uint64][]periodEntry
}

type periodEntry struct {
	x   []int64
	res []int8
	p   int
}

// Find returns FindPeriod(x, res) (a nil memo computes it).
func (pm *PeriodMemo) Find(x []int64, res []int8) int {
	n := min(len(x), periodSamples)
	if pm == nil || n < 30 || len(res) < n {
		return FindPeriod(x, res)
	}
	xs, rs := x[:n], res[:n]
	h := uint64(n)
	for i, v := range xs {
		h = (h^uint64(v))*0x9E3779B97F4A7C15 ^ uint64(uint8(rs[i]))
	}
	pm.mu.Lock()
	for _, e := range pm.m[h] {
		if slices.Equal(e.x, xs) && slices.Equal(e.res, rs) {
			pm.mu.Unlock()
			return e.p
		}
	}
	pm.mu.Unlock()
	p := FindPeriod(x, res)
	pm.mu.Lock()
	if pm.m == nil {
		pm.m = make(map[uint64][]periodEntry)
	}
	pm.m[h] = append(pm.m[h], periodEntry{slices.Clone(xs), slices.Clone(rs), p})
	pm.mu.Unlock()
	return p
}
