package predict

import "math"

// LawSeries is the law rung of `vidlm experiment` (experiment/law.go) brought down to one
// column of a real log, as a sub-predictor the sensor model can mix in (codec/sensor_law.go):
// it predicts the next value of an integer series from the candidate laws of a body moving
// along one axis, each fitted to the series' own past, and answers with the candidate whose
// recent squared error is the smallest:
//   - track: the least-squares polynomial of degree 1 (free motion) or 2 (a constant force)
//     through a window of the last 2 … 96 values, extrapolated one sample (integer weights);
//   - force: the second difference y(t+1) − 2y(t) + y(t−1) as a linear law of the state,
//     θ0 + θ1·y(t) + θ2·(y(t) − y(t−1)) (a constant force, a spring, a linear damping: the
//     one-axis forms of the rung's gravity, harmonic and drag terms), fitted by least squares
//     with a memory of lawMemory samples.
//
// Determinism: the track is integer arithmetic; the force law's fit is float64 with every
// product and quotient rounded explicitly (no fused multiply-add can change it between
// machines), and its prediction is rounded to an integer.
type LawSeries struct {
	hist  [lawHist]int64 // the last values, a ring
	pos   int            // where the next value goes
	n     int            // values seen
	pred  []int64        // each candidate's prediction of the next value (valid when ok)
	ok    []bool
	score []int64 // each candidate's recent squared error ×16 (decaying by 1/32 per value)
	// the force law's normal equations (with forgetting) and coefficients
	a     [9]float64
	b     [3]float64
	theta [3]float64
	ref   int64 // the origin of y in the force law (the first value)
}

const (
	lawHist   = 128
	lawMemory = 1024
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
	lawCands = len(lawWindows[0]) + len(lawWindows[1]) + 1
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
	// force law
	y, y1 := float64(last-l.ref), float64(last-l.at(2))
	acc := l.theta[0] + lawMul(l.theta[1], y) + lawMul(l.theta[2], y1)
	l.ok[k] = !math.IsNaN(acc) && math.Abs(acc) < 1<<40
	if l.ok[k] {
		l.pred[k] = last + clampLaw(last-l.at(2)) + int64(math.Round(acc))
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
		if l.ok[0] || l.ok[len(l.ok)-1] { // Predict was called: score the candidates
			for i := range l.pred {
				if !l.ok[i] {
					continue
				}
				e := min(max(v-l.pred[i], -1<<26), 1<<26)
				l.score[i] += (e*e)<<4>>5 - l.score[i]>>5
			}
		}
	}
	if l.n == 0 {
		l.ref = v
	}
	if l.n >= 2 {
		// one equation of the force law: the second difference ending at v
		y0, y1 := l.at(1), l.at(2)
		phi := [3]float64{1, float64(y0 - l.ref), float64(clampLaw(y0 - y1))}
		d2 := float64(clampLaw(v - 2*y0 + y1))
		const keep = 1 - 1.0/lawMemory
		for i := range 3 {
			l.b[i] = lawMul(l.b[i], keep) + lawMul(phi[i], d2)
			for j := range 3 {
				l.a[i*3+j] = lawMul(l.a[i*3+j], keep) + lawMul(phi[i], phi[j])
			}
		}
		if l.n >= LawWarmup {
			lawSolve3(&l.a, &l.b, &l.theta)
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

func lawMul(a, b float64) float64 { return float64(a * b) }
func lawDiv(a, b float64) float64 { return float64(a / b) }

// lawSolve3 solves A x = b (3×3, symmetric positive semi-definite) with a small ridge, by
// Gaussian elimination with partial pivoting; x is left unchanged if A is singular.
func lawSolve3(a0 *[9]float64, b0 *[3]float64, x *[3]float64) {
	a, b := *a0, *b0
	for i := range 3 {
		a[i*3+i] += lawMul(a[i*3+i], 1e-9) + 1e-9
	}
	for col := range 3 {
		piv := col
		for r := col + 1; r < 3; r++ {
			if math.Abs(a[r*3+col]) > math.Abs(a[piv*3+col]) {
				piv = r
			}
		}
		if a[piv*3+col] == 0 {
			return
		}
		for k := range 3 {
			a[col*3+k], a[piv*3+k] = a[piv*3+k], a[col*3+k]
		}
		b[col], b[piv] = b[piv], b[col]
		for r := col + 1; r < 3; r++ {
			f := lawDiv(a[r*3+col], a[col*3+col])
			for k := col; k < 3; k++ {
				a[r*3+k] -= lawMul(f, a[col*3+k])
			}
			b[r] -= lawMul(f, b[col])
		}
	}
	var out [3]float64
	for i := 2; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < 3; k++ {
			s -= lawMul(a[i*3+k], out[k])
		}
		out[i] = lawDiv(s, a[i*3+i])
	}
	for _, v := range out {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
	}
	*x = out
}

// PolyExtrapolation returns, in Q16, the weights that extrapolate the least-squares
// polynomial of the given degree through n samples (at x = −n+1 … 0, oldest first) to
// x = 1. They are computed in float64 with every operation rounded explicitly, then rounded
// to integers, so the predictions made with them are integer arithmetic.
func PolyExtrapolation(degree, n int) []int64 {
	k := degree + 1
	x := func(i int) float64 { return float64(i - n + 1) }
	pow := func(v float64, e int) float64 {
		r := 1.0
		for range e {
			r = lawMul(r, v)
		}
		return r
	}
	// normal matrix XᵀX (k×k), solved against the powers of the target x = 1
	a := make([]float64, k*k)
	for i := range n {
		for r := range k {
			for c := range k {
				a[r*k+c] += pow(x(i), r+c)
			}
		}
	}
	u := make([]float64, k)
	for r := range k {
		u[r] = 1
	}
	// Gauss–Jordan without pivoting: XᵀX is positive definite for n > degree.
	for col := range k {
		p := a[col*k+col]
		for c := range k {
			a[col*k+c] = lawDiv(a[col*k+c], p)
		}
		u[col] = lawDiv(u[col], p)
		for r := range k {
			if r == col {
				continue
			}
			f := a[r*k+col]
			for c := range k {
				a[r*k+c] -= lawMul(f, a[col*k+c])
			}
			u[r] -= lawMul(f, u[col])
		}
	}
	out := make([]int64, n)
	for i := range n {
		var s float64
		for r := range k {
			s += lawMul(u[r], pow(x(i), r))
		}
		out[i] = int64(math.Round(lawMul(s, 65536)))
	}
	return out
}
