package predict

import "math/big"

// LawSeries is the law rung of `vidlm experiment` (experiment/law.go) brought down to one
// column of a real log, as a sub-predictor the sensor model can mix in (codec/sensor_law.go):
// it predicts the next value of an integer series by the laws of a body moving along one axis
// that need no physical units, free motion and a constant force, each fitted by least squares
// to the series' own past: the polynomial of degree 1 or 2 through a window of the last
// 2 … 96 values, extrapolated one value. It answers with the fit whose recent squared error is
// the smallest. (A fitted linear force law, a constant plus a spring plus a damping, was
// tried as one more candidate: on the five worlds' logs and the real trajectories it changed
// the sizes by at most 4 bytes, and it needed floating point, so it is not here.)
//
// All arithmetic is integer: the extrapolation weights are exact rationals rounded to Q16
// (PolyExtrapolation), so encoder and decoder agree on every machine.
type LawSeries struct {
	// The last values, twice: hist[i] and hist[i+lawHist] are equal, so the last m values
	// are one slice, hist[pos+lawHist-m : pos+lawHist], oldest first.
	hist  [2 * lawHist]int64
	pos   int             // where the next value goes (0 … lawHist−1)
	n     int             // values seen
	pred  [lawCands]int64 // each candidate's prediction of the next value (valid when ok)
	ok    [lawCands]bool
	score [lawCands]int64 // each candidate's recent squared error ×16 (decaying by 1/32 per value)
	big   int             // how many of the last min(n, lawMaxWin) values are lawBig or more in magnitude
	wide  int             // how many of them are not int32s (sdec11: lawDots32AVX2 wants none)
}

// lawBig: while no value of the window is this large in magnitude, no difference from the last
// value reaches the clamp (2^36), and Predict needs no differences.
const lawBig = 1 << 35

const (
	lawHist = 128
	// LawWarmup is how many values a LawSeries sees before it predicts.
	LawWarmup = 8
	lawCands  = 12 // candidates: degree 1 then degree 2, each over lawWindows' windows
	lawMaxWin = 96 // the longest window
)

var (
	lawWindows = [2][lawCands / 2]int{{2, 4, 8, 16, 32, 64}, {3, 6, 12, 24, 48, 96}}
	// lawWeights[k] are candidate k's extrapolation weights (Q16), oldest value first, k in
	// the order of lawWindows (degree 1's windows, then degree 2's).
	lawWeights = func() (w [lawCands][]int64) {
		for d, wins := range lawWindows {
			for i, n := range wins {
				w[d*len(wins)+i] = PolyExtrapolation(d+1, n)
			}
		}
		return w
	}()
	lawWeightSums = func() (s [lawCands]int64) { // Σ of each candidate's weights
		for k, c := range lawWeights {
			for _, ci := range c {
				s[k] += ci
			}
		}
		return s
	}()
)

// NewLawSeries returns a LawSeries that has seen nothing.
func NewLawSeries() *LawSeries { return &LawSeries{} }

// Predict returns the prediction of the next value, and false while the series has seen
// too few values to make one.
//
// Each candidate is Σ w_i·clampLaw(v_i − last) over its window: the differences are taken
// once for the longest window and each candidate is a dot product over their tail (the sums
// wrap as int64 in any order, so they equal the value-by-value sums). While no value of the
// window is lawBig or more in magnitude nothing is clamped, and the sum is Σ w_i·v_i −
// last·Σ w_i (the same, wrapping), taken on the history itself.
func (l *LawSeries) Predict() (int64, bool) {
	if l.n < LawWarmup {
		return 0, false
	}
	end := l.pos + lawHist
	last := l.hist[end-1]
	// With AVX2 every candidate's dot product is taken in one call (lawDotsAVX2: the window's
	// values are below 2^35 in magnitude, or zeros before the first; the differences below
	// 2^36), the same sums as lawDot's.
	asm := useSeriesAsm && lawWeights32
	var dots [lawCands]int64
	if l.big == 0 {
		if asm {
			// (With every value an int32, one product each: lawDots32AVX2.)
			if l.wide == 0 {
				lawDots32AVX2(&lawPacked[0], (*[lawMaxWin]int64)(l.hist[end-lawMaxWin:end]), &dots)
			} else {
				lawDotsAVX2(&lawPacked[0], (*[lawMaxWin]int64)(l.hist[end-lawMaxWin:end]), &dots)
			}
		}
		best := -1
		for k := range lawWeights {
			c := lawWeights[k]
			if len(c) > l.n {
				l.ok[k] = false
				continue
			}
			l.ok[k] = true
			dot := dots[k]
			if !asm {
				dot = lawDot(c, l.hist[end-len(c):end])
			}
			l.pred[k] = last + (dot-last*lawWeightSums[k]+1<<15)>>16
			if best < 0 || l.score[k] < l.score[best] {
				best = k
			}
		}
		if best < 0 {
			return 0, false
		}
		return l.pred[best], true
	}
	m := min(l.n, lawMaxWin)
	var d [lawMaxWin]int64 // d[lawMaxWin−j]: the difference of the value j back
	src := l.hist[end-m : end]
	dst := d[lawMaxWin-m:]
	for i, v := range src[:len(dst)] {
		dst[i] = clampLaw(v - last)
	}
	if asm {
		lawDotsAVX2(&lawPacked[0], &d, &dots)
	}
	best := -1
	for k := range lawWeights {
		c := lawWeights[k]
		if len(c) > l.n {
			l.ok[k] = false
			continue
		}
		l.ok[k] = true
		dot := dots[k]
		if !asm {
			dot = lawDot(c, d[lawMaxWin-len(c):])
		}
		l.pred[k] = last + (dot+1<<15)>>16
		if best < 0 || l.score[k] < l.score[best] {
			best = k
		}
	}
	if best < 0 {
		return 0, false
	}
	return l.pred[best], true
}

// lawWeights32 tells whether every weight of lawWeights is an int32 (lawDotsAVX2's
// condition).
var lawWeights32 = func() bool {
	for _, c := range lawWeights {
		for _, v := range c {
			if int64(int32(v)) != v {
				return false
			}
		}
	}
	return true
}()

// lawPacked holds lawWeights one candidate after the other, each zero-padded in front to
// lawPackedLen[k] weights, a multiple of 4, for lawDotsAVX2 (sdec11).
var lawPackedLen, lawPacked = func() (n [lawCands]int64, w []int64) {
	for k, c := range lawWeights {
		n[k] = int64((len(c) + 3) &^ 3)
		w = append(w, make([]int64, int(n[k])-len(c))...)
		w = append(w, c...)
	}
	return n, w
}()

// lawDot returns Σ c[i]·d[i] (wrapping), d at least as long as c.
func lawDot(c, d []int64) int64 {
	d = d[:len(c)]
	var s0, s1, s2, s3 int64
	i := 0
	for ; i < len(c)-3; i += 4 { // (indices, not c[4:]: the slices' headers stay put)
		s0 += c[i] * d[i]
		s1 += c[i+1] * d[i+1]
		s2 += c[i+2] * d[i+2]
		s3 += c[i+3] * d[i+3]
	}
	for ; i < len(c); i++ {
		s0 += c[i] * d[i]
	}
	return s0 + s1 + s2 + s3
}

// Update learns from the series' next value v (after Predict, or without it).
func (l *LawSeries) Update(v int64) {
	if l.n >= LawWarmup && l.ok[0] { // Predict was called: score the candidates
		for i := range l.pred {
			if !l.ok[i] {
				continue
			}
			e := min(max(v-l.pred[i], -1<<26), 1<<26)
			l.score[i] += (e*e)<<4>>5 - l.score[i]>>5
		}
	}
	l.ok = [lawCands]bool{}
	isBig := func(x int64) bool { return x >= lawBig || x <= -lawBig }
	if l.n >= lawMaxWin && isBig(l.hist[l.pos+lawHist-lawMaxWin]) {
		l.big-- // the oldest value of the window leaves it
	}
	if isBig(v) {
		l.big++
	}
	isWide := func(x int64) bool { return int64(int32(x)) != x }
	if l.n >= lawMaxWin && isWide(l.hist[l.pos+lawHist-lawMaxWin]) {
		l.wide--
	}
	if isWide(v) {
		l.wide++
	}
	l.hist[l.pos] = v
	l.hist[l.pos+lawHist] = v
	l.pos = (l.pos + 1) % lawHist
	l.n++
}

func clampLaw(v int64) int64 { return min(max(v, -1<<36), 1<<36) }

// PolyExtrapolation returns, in Q16, the weights that extrapolate the least-squares
// polynomial of the given degree through n samples (at x = −n+1 … 0, oldest first) to
// x = 1. They are computed exactly in rational arithmetic (the normal equations solved by
// Gauss–Jordan elimination) and rounded to the nearest integer (halves away from zero), so
// the weights, and the predictions made with them, are the same on every machine.
func PolyExtrapolation(degree, n int) []int64 {
	k := degree + 1
	x := func(i int) int64 { return int64(i - n + 1) }
	pow := func(v int64, e int) *big.Rat {
		r := big.NewInt(1)
		for range e {
			r.Mul(r, big.NewInt(v))
		}
		return new(big.Rat).SetInt(r)
	}
	// normal matrix XᵀX (k×k), solved against the powers of the target x = 1
	a := make([]*big.Rat, k*k)
	for r := range k {
		for c := range k {
			a[r*k+c] = new(big.Rat)
			for i := range n {
				a[r*k+c].Add(a[r*k+c], pow(x(i), r+c))
			}
		}
	}
	u := make([]*big.Rat, k)
	for r := range k {
		u[r] = big.NewRat(1, 1)
	}
	// XᵀX is positive definite for n > degree: no pivoting needed
	for col := range k {
		p := new(big.Rat).Set(a[col*k+col])
		for c := range k {
			a[col*k+c].Quo(a[col*k+c], p)
		}
		u[col].Quo(u[col], p)
		for r := range k {
			if r == col {
				continue
			}
			f := new(big.Rat).Set(a[r*k+col])
			for c := range k {
				a[r*k+c].Sub(a[r*k+c], new(big.Rat).Mul(f, a[col*k+c]))
			}
			u[r].Sub(u[r], new(big.Rat).Mul(f, u[col]))
		}
	}
	out := make([]int64, n)
	for i := range n {
		s := new(big.Rat)
		for r := range k {
			s.Add(s, new(big.Rat).Mul(u[r], pow(x(i), r)))
		}
		s.Mul(s, big.NewRat(65536, 1))
		// round half away from zero
		num, den := new(big.Int).Set(s.Num()), s.Denom()
		neg := num.Sign() < 0
		num.Abs(num)
		num.Mul(num, big.NewInt(2)).Add(num, den)
		num.Quo(num, new(big.Int).Mul(den, big.NewInt(2)))
		if neg {
			num.Neg(num)
		}
		out[i] = num.Int64()
	}
	return out
}
