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
	hist  [lawHist]int64 // the last values, a ring
	pos   int            // where the next value goes
	n     int            // values seen
	pred  []int64        // each candidate's prediction of the next value (valid when ok)
	ok    []bool
	score []int64 // each candidate's recent squared error ×16 (decaying by 1/32 per value)
}

const (
	lawHist = 128
	// LawWarmup is how many values a LawSeries sees before it predicts.
	LawWarmup = 8
)

var (
	lawWindows = [2][]int{{2, 4, 8, 16, 32, 64}, {3, 6, 12, 24, 48, 96}}
	lawWeights = func() (w [2][][]int64) {
		for d, wins := range lawWindows {
			for _, n := range wins {
				w[d] = append(w[d], PolyExtrapolation(d+1, n))
			}
		}
		return w
	}()
	lawCands = len(lawWindows[0]) + len(lawWindows[1])
)

// NewLawSeries returns a LawSeries that has seen nothing.
func NewLawSeries() *LawSeries {
	return &LawSeries{pred: make([]int64, lawCands), ok: make([]bool, lawCands), score: make([]int64, lawCands)}
}

func (l *LawSeries) at(back int) int64 { // back = 1: the last value
	return l.hist[(l.pos-back+2*lawHist)%lawHist]
}

// Predict returns the prediction of the next value, and false while the series has seen
// too few values to make one.
func (l *LawSeries) Predict() (int64, bool) {
	if l.n < LawWarmup {
		return 0, false
	}
	last := l.at(1)
	k := 0
	for d := range lawWeights {
		for _, c := range lawWeights[d] {
			l.ok[k] = len(c) <= l.n
			if l.ok[k] {
				var s int64
				for i, ci := range c {
					s += ci * clampLaw(l.at(len(c)-i)-last)
				}
				l.pred[k] = last + (s+1<<15)>>16
			}
			k++
		}
	}
	best := -1
	for i := range l.pred {
		if l.ok[i] && (best < 0 || l.score[i] < l.score[best]) {
			best = i
		}
	}
	if best < 0 {
		return 0, false
	}
	return l.pred[best], true
}

// Update learns from the series' next value v (after Predict, or without it).
func (l *LawSeries) Update(v int64) {
	if l.n >= LawWarmup {
		if l.ok[0] { // Predict was called: score the candidates
			for i := range l.pred {
				if !l.ok[i] {
					continue
				}
				e := min(max(v-l.pred[i], -1<<26), 1<<26)
				l.score[i] += (e*e)<<4>>5 - l.score[i]>>5
			}
		}
	}
	for i := range l.ok {
		l.ok[i] = false
	}
	l.hist[l.pos] = v
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
