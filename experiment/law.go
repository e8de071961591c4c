package experiment

import (
	"math"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/samples"
)

// The law rung: a model that learns the dynamics online.
//
// Each candidate law is a set of force terms (inverse-square, v×B, sin θ, |v|v, constant
// gravity, a bounce...). For each candidate the model runs
//   - a tracking filter: a state (position, velocity) propagated by the candidate's law with its
//     fitted coefficients (a Störmer–Verlet step), corrected by each observation by an extended
//     Kalman filter whose process noise is set by the candidate's gain (LawConfig.Gains); in
//     one variant per small gain the filter also estimates the law's coefficients, starting
//     from the least-squares fit below;
//   - a least-squares fit of the coefficients: for a window K, the observed long second
//     difference y(t) − 2y(t−K) + y(t−2K) equals Σ_j (K−|j−(t−K)|)·a(j) exactly for the
//     Verlet map, so each sample gives one linear equation in the coefficients, with K² times
//     the signal of a one-step difference and the same noise. The normal equations are
//     accumulated and solved every sample (recursive least squares without forgetting).
// The prediction of the next observation is a discretised Gaussian around the filter's
// predicted position, with the variance of the recent innovations. Every candidate is scored
// by the code length it would have given to the samples so far, and the shortest codes the
// next sample (prequential MDL choice).
//
// Determinism: float64 with every product and quotient rounded explicitly (mul, div), so no
// fused multiply-add can change a result between machines; math.Sqrt and math.Round are
// exact. The probabilities themselves are integer (gaussDist).

// LawConfig sets the law rung.
type LawConfig struct {
	Window     int       `json:"window"`     // K, samples
	Gains      []float64 `json:"gains"`      // smallest position gains of the filter tried (each a candidate)
	Memory     int       `json:"memory"`     // samples of memory of the fit (exponential forgetting; 0: none)
	Candidates []string  `json:"candidates"` // candidate laws (empty: all that fit the world)
}

// LawCandidates are the candidate laws the rung can choose among. "track" knows no law: it
// follows a constant acceleration (a polynomial filter of degree 2), which is what codes best
// while no law has been learned.
var LawCandidates = []string{"track", "free", "gravity", "harmonic", "inverse-square", "lorentz", "pendulum", "drag", "bounce"}

func mul(a, b float64) float64 { return float64(a * b) }
func div(a, b float64) float64 { return float64(a / b) }

type lawCand struct {
	name     string
	D, nf    int
	p, v     []float64 // filter state: position (LSB from the origin) and velocity (LSB/sample)
	a        []float64 // acceleration of the last step
	pp, vp   []float64 // prediction for the current sample
	theta    []float64
	A        []float64 // normal equations, nf×nf
	b        []float64
	neq      int
	gain     float64   // smallest position gain
	scratch  []float64 // features of the predicted step
	numerov  []bool    // features of the position only: weighted as Numerov's method does
	anyNum   bool
	pPrev    []float64       // the filter's position one sample back
	raw      []float64       // ring of 3 raw feature vectors (the fit's)
	f1, f2   []float64       // scratch
	z1, z2   []float64       // track: velocity and half the acceleration (per sample)
	phi      []float64       // feature ring: [slot][d][k]
	box      []float64       // ring of box sums of K features: [slot][d][k]
	tri      []float64       // the triangular sum of the last 2K−1 features: [d][k]
	bounced  []bool          // ring: a bounce happened in that step
	n        int             // filter count
	nv       int             // innovations seen
	vari     [][nVar]float64 // innovation variance per coordinate, averaged over varWindows
	varCost  [][nVar]int64   // recent code length under each (decaying by 1/256 per sample)
	varBest  []int           // the variance used: the one with the smallest recent cost
	cost     int64           // code length of the samples so far (1/65536 bit)
	recent   int64           // the same, decaying by 1/512 per value: the choice follows the recent past
	floor    float64         // bounce floor (LSB from the origin)
	e        float64         // restitution estimate
	eNum     float64
	eDen     float64
	nb       int // bounces seen
	pendT    int // sample at which to measure the velocity after the last bounce (0: none)
	pendV    float64
	angle    float64 // radians per LSB (pendulum)
	features func(c *lawCand, p, v, vm []float64, f []float64)
	// the extended Kalman filter (N = 2D: position then velocity)
	P, Pp, F, tmp    []float64 // covariance, predicted covariance, Jacobian, scratch (N×N)
	S, Sinv, K       []float64 // innovation covariance and its inverse (D×D), gain (N×D)
	aPrev, vm        []float64
	guess            []float64
	xs, xpp, xvp, xa []float64 // scratch of the finite differences
	noise            *noiseEst
	// aug: once the law is known, the filter estimates its coefficients jointly with the
	// state (their variance starts at the least-squares fit's), so the slow effects of a
	// coefficient (the phase and amplitude it accumulates over many samples) refine it too.
	aug     bool
	thetaLS []float64
}

type lawModel struct {
	w      *samples.World
	cfg    LawConfig
	cands  []*lawCand
	origin float64
	ring   int
	chosen []int // candidate used for each sample (for reports)
	noise  noiseEst
}

func candidateFits(name string, D int) bool {
	switch name {
	case "inverse-square", "lorentz", "bounce":
		return D >= 2
	case "pendulum":
		return D == 1
	}
	return true
}

func newLawModel(w *samples.World, cfg LawConfig) *lawModel {
	if cfg.Window <= 0 {
		cfg.Window = 64
	}
	if len(cfg.Gains) == 0 {
		cfg.Gains = []float64{0.01, 0.02, 0.05, 0.1, 0.3}
	}
	names := cfg.Candidates
	if len(names) == 0 {
		names = LawCandidates
	}
	m := &lawModel{w: w, cfg: cfg, origin: w.Origin, ring: 2*cfg.Window + 2*fitDelay}
	m.noise.r = make([]float64, len(w.Dims))
	for d := range m.noise.r {
		m.noise.r[d] = varPrior
	}
	for _, name := range names {
		gains := cfg.Gains
		if name == "track" {
			gains = trackGains // without a law, only a short memory follows the motion
		}
		for _, gain := range gains {
			if c := m.newCand(name, gain); c != nil {
				m.cands = append(m.cands, c)
			}
			if name != "track" && name != "free" && gain <= augGain {
				if c := m.newCand(name, gain); c != nil {
					c.aug = true
					m.cands = append(m.cands, c)
				}
			}
		}
	}
	return m
}

func (m *lawModel) newCand(name string, gain float64) *lawCand {
	w := m.w
	D := len(w.Dims)
	{
		if !candidateFits(name, D) {
			return nil
		}
		c := &lawCand{name: name, D: D, e: 1, gain: gain, noise: &m.noise}
		switch name {
		case "free", "track":
			c.features = func(*lawCand, []float64, []float64, []float64, []float64) {}
		case "gravity", "bounce":
			c.nf = D
			c.features = func(c *lawCand, _, _, _ []float64, f []float64) {
				for d := range c.D {
					f[d*c.nf+d] = 1
				}
			}
		case "harmonic":
			c.nf = 1
			c.features = func(c *lawCand, p, _, _ []float64, f []float64) {
				for d := range c.D {
					f[d] = -p[d]
				}
			}
		case "inverse-square":
			c.nf = 1
			c.features = func(c *lawCand, p, _, _ []float64, f []float64) {
				var r2 float64
				for d := range c.D {
					r2 += mul(p[d], p[d])
				}
				r2 = max(r2, 1)
				r3 := mul(r2, math.Sqrt(r2))
				for d := range c.D {
					f[d] = -div(p[d], r3)
				}
			}
		case "lorentz":
			c.nf = 2 + D
			c.features = func(c *lawCand, _, v, _ []float64, f []float64) {
				nf := c.nf
				f[0*nf+0], f[1*nf+0] = v[1], -v[0] // v × B, B along the last axis
				f[0*nf+1], f[1*nf+1] = v[0], v[1]  // the discrete rotation's cos − 1
				for d := range c.D {
					f[d*nf+2+d] = 1 // electric field
				}
			}
		case "pendulum":
			c.nf = 2
			c.angle = w.Params["adc_step"]
			c.features = func(c *lawCand, p, _, vm []float64, f []float64) {
				f[0] = -div(samples.Sin(mul(p[0], c.angle)), c.angle)
				f[1] = -vm[0]
			}
		case "drag":
			c.nf = 1 + D
			c.features = func(c *lawCand, _, _, vm []float64, f []float64) {
				var s float64
				for d := range c.D {
					s += mul(vm[d], vm[d])
				}
				s = math.Sqrt(s)
				for d := range c.D {
					f[d*c.nf] = -mul(s, vm[d])
					f[d*c.nf+1+d] = 1
				}
			}
		}
		if name == "bounce" {
			c.floor = -m.origin // the bottom of the ADC range unless the world says where its floor is
			if fl, ok := w.Params["floor"]; ok {
				c.floor = div(fl, w.Params["adc_step"])
			}
		}
		c.numerov = make([]bool, c.nf)
		switch name {
		case "harmonic", "inverse-square", "pendulum":
			c.numerov[0], c.anyNum = true, true
		}
		c.p, c.v, c.a = make([]float64, D), make([]float64, D), make([]float64, D)
		c.pPrev = make([]float64, D)
		c.raw = make([]float64, 3*D*c.nf)
		c.f1, c.f2 = make([]float64, D*c.nf), make([]float64, D*c.nf)
		c.z1, c.z2 = make([]float64, D), make([]float64, D)
		c.pp, c.vp = make([]float64, D), make([]float64, D)
		N := 2*D + c.nf
		c.P, c.Pp, c.F, c.tmp = make([]float64, N*N), make([]float64, N*N), make([]float64, N*N), make([]float64, N*N)
		c.S, c.Sinv, c.K = make([]float64, D*D), make([]float64, D*D), make([]float64, N*D)
		c.aPrev, c.vm, c.guess = make([]float64, D), make([]float64, D), make([]float64, D)
		c.xs, c.xpp, c.xvp, c.xa = make([]float64, N), make([]float64, D), make([]float64, D), make([]float64, D)
		c.theta, c.b, c.thetaLS = make([]float64, c.nf), make([]float64, c.nf), make([]float64, c.nf)
		c.A = make([]float64, c.nf*c.nf)
		c.phi = make([]float64, m.ring*D*c.nf)
		c.scratch = make([]float64, D*c.nf)
		c.box = make([]float64, m.ring*D*c.nf)
		c.tri = make([]float64, D*c.nf)
		c.bounced = make([]bool, m.ring)
		c.vari, c.varCost, c.varBest = make([][nVar]float64, D), make([][nVar]int64, D), make([]int, D)
		for d := range D {
			for k := range nVar {
				c.vari[d][k] = varPrior // counted as one observation
			}
		}
		return c
	}
}

// predict propagates candidate c one step (from sample t−1 to t) and records the features of
// that step.
func (m *lawModel) predict(c *lawCand, t int) {
	D := c.D
	slot := (t - 1) % m.ring
	if c.name == "track" {
		for d := range D {
			c.pp[d] = c.p[d] + c.z1[d] + c.z2[d]
		}
		c.bounced[slot] = false
		return
	}
	copy(c.aPrev, c.a)
	bounced := c.step(c.p, c.v, c.pp, c.vp, c.a, t)
	c.propagate(t)
	for d := range D {
		c.vari[d][nVar-1] = c.Pp[d*c.ns()+d] + c.noiseVar(d)
	}
	c.bounced[slot] = false
	if bounced {
		c.bounced[slot] = true
		if c.pendT == 0 {
			c.pendT, c.pendV = t+32, -div(c.vp[1], c.e)
		}
		// the velocity after the bounce is uncertain (the restitution is still being
		// learned): its variance grows by the square of a tenth of the speed
		N := c.ns()
		i := (D + 1) * (N + 1)
		c.Pp[i] += mul(mul(c.vp[1], c.vp[1]), 0.01)
		c.nb++
	}
}

// step propagates the state (p, v) one sample with the candidate's law and coefficients
// (Störmer–Verlet, Numerov's weights for the position-only terms, the bounce), writing the
// predicted position and velocity into pp, vp and the step's acceleration into a (which, on
// entry, holds the previous step's). It reports whether the step bounced.
func (c *lawCand) step(p, v, pp, vp, a []float64, t int) bool {
	D, nf := c.D, c.nf
	f := c.scratch
	clear(f)
	vm := c.vm
	for d := range D {
		vm[d] = v[d] + mul(0.5, a[d])
	}
	c.features(c, p, v, vm, f)
	if c.anyNum && t >= 2 {
		// Numerov: the step's acceleration is (a(t+1) + 10 a(t) + a(t−1))/12 for the terms that
		// depend on the position only, a(t+1) taken at the Verlet step's guess. Exact to
		// fourth order where Störmer–Verlet is exact to second.
		guess := c.guess
		for d := range D {
			var s float64
			for k := range nf {
				s += mul(c.theta[k], f[d*nf+k])
			}
			guess[d] = p[d] + v[d] + s
		}
		clear(c.f1)
		clear(c.f2)
		c.features(c, guess, v, vm, c.f1)
		c.features(c, c.pPrev, v, vm, c.f2)
		for d := range D {
			for k := range nf {
				if c.numerov[k] {
					i := d*nf + k
					f[i] = div(c.f1[i]+mul(10, f[i])+c.f2[i], 12)
				}
			}
		}
	}
	for d := range D {
		var s float64
		for k := range nf {
			s += mul(c.theta[k], f[d*nf+k])
		}
		a[d] = s
		vp[d] = v[d] + s
		pp[d] = p[d] + vp[d]
	}
	if c.name == "bounce" && pp[1] < c.floor {
		pp[1] = c.floor + mul(c.e, c.floor-pp[1])
		vp[1] = -mul(c.e, vp[1])
		return true
	}
	return false
}

// Extended Kalman filter of the state (p, v): the covariance P is propagated through the
// Jacobian of the step (by finite differences of step, so every law gets it), plus the process
// noise of a piecewise-constant random acceleration whose variance is set by the candidate's
// gain (the steady-state position gain it gives a free body); each observation then corrects
// the state with the Kalman gain. Where the law is right and the gain small, the correction
// shrinks like a growing-memory least-squares fit of the state, and the prediction's error
// approaches the observation noise alone.

// propagate computes Pp = F P Fᵀ + Q for the step from t−1 to t.
func (c *lawCand) propagate(t int) {
	D := c.D
	N := c.ns()
	F := c.F
	x, pp, vp, a := c.xs, c.xpp, c.xvp, c.xa
	clear(F)
	for j := range N {
		if j >= 2*D && !c.aug {
			F[j*N+j] = 1
			continue
		}
		copy(x[:D], c.p)
		copy(x[D:], c.v)
		eps := jacEps
		if j >= 2*D {
			k := j - 2*D
			th := c.theta[k]
			eps = mul(max(math.Abs(th), 1e-12), 1.0/(1<<20))
			c.theta[k] = th + eps
			eps = c.theta[k] - th
			copy(a, c.aPrev)
			c.step(x[:D], x[D:2*D], pp, vp, a, t)
			c.theta[k] = th
			F[j*N+j] = 1
		} else {
			x[j] += eps
			copy(a, c.aPrev)
			c.step(x[:D], x[D:2*D], pp, vp, a, t)
		}
		for i := range D {
			F[i*N+j] = div(pp[i]-c.pp[i], eps)
			F[(D+i)*N+j] = div(vp[i]-c.vp[i], eps)
		}
	}
	// Pp = F P Fᵀ
	tmp := c.tmp
	for i := range N {
		for j := range N {
			var s float64
			for k := range N {
				s += mul(F[i*N+k], c.P[k*N+j])
			}
			tmp[i*N+j] = s
		}
	}
	for i := range N {
		for j := range N {
			var s float64
			for k := range N {
				s += mul(tmp[i*N+k], F[j*N+k])
			}
			c.Pp[i*N+j] = s
		}
	}
	// process noise: a random acceleration of variance q per step (discrete white noise)
	g := c.gain
	beta := div(mul(g, g), 2-g)
	for d := range D {
		q := mul(div(mul(beta, beta), 1-g), c.noiseVar(d))
		c.Pp[d*N+d] += mul(q, 0.25)
		c.Pp[d*N+D+d] += mul(q, 0.5)
		c.Pp[(D+d)*N+d] += mul(q, 0.5)
		c.Pp[(D+d)*N+D+d] += q
	}
}

// ns is the size of the filter's state: position and velocity, and the law's coefficients
// when the filter estimates them too (aug).
func (c *lawCand) ns() int { return 2*c.D + c.nf }

// jacEps is the step of the finite differences (LSB, LSB per sample).
const jacEps = 1.0 / 64

// noiseVar is the filter's estimate of the observation noise of coordinate d: the innovation
// variance the coder uses, less the part the state's uncertainty explains, at least the
// rounding's 1/12.
func (c *lawCand) noiseVar(d int) float64 {
	return max(c.noise.r[d], 1.0/12)
}

// noiseEst estimates the observation noise from the data alone, the same for every candidate
// (an estimate from a candidate's own innovations would take its errors for noise, lower its
// gains and let it drift further): the fourth difference of the observations is the noise's
// (1, −4, 6, −4, 1) combination, variance 70 σ², where the motion's share is negligible at
// these sampling rates. Each sample's contribution is clipped at 16 times the estimate, so a
// bounce's kink does not count as noise.
type noiseEst struct {
	r []float64 // variance per coordinate (LSB²)
	n int
}

func (e *noiseEst) update(rows [][]int32, t int) {
	if t < 4 {
		return
	}
	e.n++
	for d := range e.r {
		x := float64(int64(rows[t][d]) - 4*int64(rows[t-1][d]) + 6*int64(rows[t-2][d]) - 4*int64(rows[t-3][d]) + int64(rows[t-4][d]))
		v := div(mul(x, x), 70)
		if e.n == 1 {
			e.r[d] = v
			continue
		}
		v = min(v, mul(16, e.r[d]))
		e.r[d] += div(v-e.r[d], float64(min(e.n, 1024)))
	}
}

// correct applies the Kalman correction of the observation y (LSB from the origin).
func (c *lawCand) correct(y []float64) {
	D := c.D
	N := c.ns()
	// S = H Pp Hᵀ + R (D×D), K = Pp Hᵀ S⁻¹ (N×D)
	S := c.S
	for i := range D {
		for j := range D {
			S[i*D+j] = c.Pp[i*N+j]
		}
		S[i*D+i] += c.noiseVar(i)
	}
	Sinv := c.Sinv
	invert(S, Sinv, D)
	K := c.K
	for i := range N {
		for j := range D {
			var s float64
			for k := range D {
				s += mul(c.Pp[i*N+k], Sinv[k*D+j])
			}
			K[i*D+j] = s
		}
	}
	for i := range N {
		var s float64
		for k := range D {
			s += mul(K[i*D+k], y[k]-c.pp[k])
		}
		switch {
		case i < D:
			c.p[i] = c.pp[i] + s
		case i < 2*D:
			c.v[i-D] = c.vp[i-D] + s
		default:
			c.theta[i-2*D] += s
		}
	}
	// P = (I − K H) Pp, symmetrised
	for i := range N {
		for j := range N {
			var s float64
			for k := range D {
				s += mul(K[i*D+k], c.Pp[k*N+j])
			}
			c.P[i*N+j] = c.Pp[i*N+j] - s
		}
	}
	for i := range N {
		for j := i + 1; j < N; j++ {
			m := mul(0.5, c.P[i*N+j]+c.P[j*N+i])
			c.P[i*N+j], c.P[j*N+i] = m, m
		}
	}
}

// resetCov sets the state's covariance to what about one observation tells: the position's
// variance to the noise's, the velocity's to vel times that.
func (c *lawCand) resetCov(vel float64) {
	D := c.D
	N := c.ns()
	clear(c.P)
	for d := range D {
		c.P[d*N+d] = c.noiseVar(d)
		c.P[(D+d)*N+D+d] = mul(vel, c.noiseVar(d))
	}
}

// pivotRow returns the row, from col down, whose entry in column col of the n×n matrix A is
// largest in magnitude (the first on ties): partial pivoting.
func pivotRow(A []float64, n, col int) int {
	piv := col
	for r := col + 1; r < n; r++ {
		if math.Abs(A[r*n+col]) > math.Abs(A[piv*n+col]) {
			piv = r
		}
	}
	return piv
}

// invert writes the inverse of the n×n matrix A into X (Gauss–Jordan, partial pivoting).
func invert(A0, X []float64, n int) {
	A := append([]float64(nil), A0...)
	clear(X)
	for i := range n {
		X[i*n+i] = 1
	}
	for col := range n {
		piv := pivotRow(A, n, col)
		if A[piv*n+col] == 0 {
			continue
		}
		for k := range n {
			A[col*n+k], A[piv*n+k] = A[piv*n+k], A[col*n+k]
			X[col*n+k], X[piv*n+k] = X[piv*n+k], X[col*n+k]
		}
		d := A[col*n+col]
		for k := range n {
			A[col*n+k] = div(A[col*n+k], d)
			X[col*n+k] = div(X[col*n+k], d)
		}
		for r := range n {
			if r == col {
				continue
			}
			f := A[r*n+col]
			for k := range n {
				A[r*n+k] -= mul(f, A[col*n+k])
				X[r*n+k] -= mul(f, X[col*n+k])
			}
		}
	}
}

// dist returns the predictive distribution of coordinate d of the current sample.
func (m *lawModel) dist(c *lawCand, t, d int) gaussDist {
	g := gaussDist{max: int64(m.w.Max)}
	if t == 0 || c.n < 2 {
		ref := m.origin
		if t > 0 {
			ref = m.origin + c.p[d]
		}
		g.mu, g.s = int64(math.Round(mul(ref, 65536))), int64(m.w.Max+1)<<14
		return g
	}
	mu := min(max(m.origin+c.pp[d], -1), float64(m.w.Max+1))
	g.mu = int64(math.Round(mul(mu, 65536)))
	g.s = int64(math.Round(mul(math.Sqrt(max(c.vari[d][c.varBest[d]], 0.09)), 65536)))
	return g
}

// update corrects candidate c with the observation of sample t and adds one equation to its fit.
func (m *lawModel) update(c *lawCand, rows [][]int32, t int) {
	D, nf := c.D, c.nf
	y := rows[t]
	if t == 0 {
		for d := range D {
			c.p[d] = float64(y[d]) - m.origin
			c.pPrev[d] = c.p[d]
		}
		c.n = 1
		if c.name != "track" {
			c.resetCov(1e8)
		}
		return
	}
	copy(c.pPrev, c.p)
	if c.n < 1 { // never happens after t == 0, kept for safety
		c.n = 1
	}
	c.n++
	if c.name == "track" {
		m.updateTrack(c, y)
		return
	}
	if c.n > 2 {
		c.nv++
	}
	yv := c.xs[:D]
	for d := range D {
		yv[d] = float64(y[d]) - m.origin
		nu := yv[d] - c.pp[d]
		if c.nv > 0 {
			n2 := mul(nu, nu)
			for k, win := range varWindows {
				c.vari[d][k] += mul(div(1, float64(min(c.nv+1, win))), n2-c.vari[d][k])
			}
		}
	}
	c.correct(yv)
	if c.pendT != 0 && t == c.pendT {
		// velocity just after the bounce: the filter's velocity now, minus the gravity since
		c.eNum += c.v[1] - mul(c.a[1], 32)
		c.eDen += -c.pendV
		if c.eDen > 0 && c.eNum > 0 {
			c.e = div(c.eNum, c.eDen)
		}
		c.pendT = 0
	}
	if nf > 0 && t >= fitDelay {
		m.fit1(c, rows, t-fitDelay)
	}
}

// The innovation variance is averaged over three windows (exponential forgetting after the
// window is full); each sample is coded with the one that has coded the recent samples best,
// so the variance follows both the fast fall after the law is learned and the slow, precise
// average after that.
//
// A fourth variance is the filter's own: the predicted position's variance plus the
// observation noise's (the Kalman filter's innovation variance), which is right to within
// the noise estimate once the law is learned, where even 256 innovations leave the average
// ±9 % off (about 0.003 bit per value, ten times that for the shorter windows).
const nVar = 4

var varWindows = [...]int{8, 32, 256}

// varPrior is the innovation variance assumed before any innovation is seen (LSB²).
const varPrior = 256

// fitDelay is how many samples the fit lags behind: the features of step j are computed from
// the observations around it, y(j−L) … y(j+L), not from the filter (whose errors would feed
// back into the coefficients).
const fitDelay = 4

// fit1 computes the features of step j from the observations (position y(j), velocities from
// centred differences), then adds the equation of sample j+1 to the fit.
func (m *lawModel) fit1(c *lawCand, rows [][]int32, j int) {
	D, nf, K, L := c.D, c.nf, m.cfg.Window, fitDelay
	sz := D * nf
	raw := c.raw[(j%3)*sz : (j%3+1)*sz]
	clear(raw)
	if j >= L {
		p, v, vm := make([]float64, D), make([]float64, D), make([]float64, D)
		for d := range D {
			p[d] = float64(rows[j][d]) - m.origin
			// v(j−½) from y(j+L−1) − y(j−L); v(j) from y(j+L) − y(j−L)
			v[d] = div(float64(int64(rows[j+L-1][d])-int64(rows[j-L][d])), float64(2*L-1))
			vm[d] = div(float64(int64(rows[j+L][d])-int64(rows[j-L][d])), float64(2*L))
		}
		c.features(c, p, v, vm, raw)
	}
	if j < 1 {
		return
	}
	// The features of step j−1, now that those of j are known: Numerov's weights for the
	// terms of the position only (as the prediction uses them).
	phi := c.phi[((j-1)%m.ring)*sz : ((j-1)%m.ring+1)*sz]
	r1 := c.raw[((j-1)%3)*sz : ((j-1)%3+1)*sz]
	r2 := c.raw[((j+1)%3)*sz : ((j+1)%3+1)*sz] // j−2
	for d := range D {
		for k := range nf {
			i := d*nf + k
			phi[i] = r1[i]
			if c.numerov[k] && j-2 >= L {
				phi[i] = div(raw[i]+mul(10, r1[i])+r2[i], 12)
			}
		}
	}
	// The triangular sum of the features of steps t−2K+1 … t−1 (weights 1, 2, … K … 2, 1) is
	// the sum of the last K box sums of K features: B(i) = B(i−1) + φ(i) − φ(i−K), and
	// F(t) = F(t−1) + B(t−1) − B(t−1−K), here with i = j−1 and t = j.
	i, t := j-1, j
	cur := c.box[(i%m.ring)*sz : (i%m.ring+1)*sz]
	prev := c.box[((i-1+m.ring)%m.ring)*sz : ((i-1+m.ring)%m.ring+1)*sz]
	for k := range sz {
		v := prev[k] + phi[k]
		if i >= K {
			v -= c.phi[((i-K)%m.ring)*sz+k]
		}
		if i == 0 {
			v = phi[k]
		}
		cur[k] = v
	}
	for k := range sz {
		c.tri[k] += cur[k]
		if i >= K {
			c.tri[k] -= c.box[((i-K)%m.ring)*sz+k]
		}
	}
	F, k := c.tri, K
	if t < 2*K+L {
		// Early on, shorter windows (k = (t−L)/2) give equations sooner.
		k = (t - L) / 2
		if k < 4 {
			return
		}
		F = make([]float64, sz)
		for j := t - 2*k + 1; j < t; j++ {
			wgt := float64(k - max(j-(t-k), (t-k)-j))
			f := c.phi[(j%m.ring)*sz : (j%m.ring+1)*sz]
			for i, v := range f {
				F[i] += mul(wgt, v)
			}
		}
	}
	for j := t - 2*k; j < t; j++ {
		if c.bounced[j%m.ring] {
			return
		}
	}
	if m.cfg.Memory > 0 {
		lambda := 1 - div(1, float64(m.cfg.Memory))
		for k := range c.A {
			c.A[k] = mul(c.A[k], lambda)
		}
		for k := range c.b {
			c.b[k] = mul(c.b[k], lambda)
		}
	}
	for d := range D {
		T := float64(int64(rows[t][d]) - 2*int64(rows[t-k][d]) + int64(rows[t-2*k][d]))
		fd := F[d*nf : (d+1)*nf]
		for i := range nf {
			c.b[i] += mul(fd[i], T)
			for k := range nf {
				c.A[i*nf+k] += mul(fd[i], fd[k])
			}
		}
	}
	c.neq++
	if c.neq >= 4*nf {
		if c.aug && c.neq > 4*nf {
			solve(c.A, c.b, c.thetaLS, nf) // the filter has the coefficients now
			return
		}
		solve(c.A, c.b, c.theta, nf)
		copy(c.thetaLS, c.theta)
		if c.neq == 4*nf {
			// The law is known from now on: track afresh with it, the velocity's variance a
			// quarter of the noise's (the filter has followed the body so far). Against 1:
			// pendulum 1.0195 -> 1.0174 × the floor (seeds 2-4: 1.0171 -> 1.0156,
			// 1.0111 -> 1.0085, 1.0182 -> 1.0156), the other worlds within ±0.1 %.
			c.resetCov(0.25)
			if c.aug {
				// the coefficients' covariance: the equations' noise (second differences
				// over K: 6 R) times A⁻¹, doubled for the overlap of the equations
				var r float64
				for d := range D {
					r += c.noiseVar(d)
				}
				r = div(mul(12, r), float64(D))
				inv := make([]float64, nf*nf)
				invert(c.A, inv, nf)
				N := c.ns()
				for i := range nf {
					for j := range nf {
						c.P[(2*D+i)*N+2*D+j] = mul(r, inv[i*nf+j])
					}
				}
			}
		}
	}
}

// augGain is the largest gain whose candidates also come in the variant that estimates the
// law's coefficients in the filter (a larger gain forgets too fast for it to matter).
const augGain = 0.05

// trackGains are the smallest position gains of the track candidates (a memory of about 15,
// 25 and 45 samples).
var trackGains = []float64{0.2, 0.35, 0.6}

// pow2negTable[i] = 2^(−i/256) in 1/65536, from repeated square roots (each correctly
// rounded, so the table is the same on every machine).
var pow2negTable = func() (t [256]uint64) {
	r := 0.5
	for range 8 {
		r = math.Sqrt(r) // 2^(−1/256) after eight
	}
	x := 1.0
	for i := range t {
		t[i] = uint64(math.Round(mul(x, 65536)))
		x = mul(x, r)
	}
	return t
}()

// pow2neg returns 2^(−d) in 1/65536 for d ≥ 0 in Q16 bits (d < 16 bits gives at least 1).
func pow2neg(d int64) uint64 {
	i, f := d>>16, (d&0xFFFF)>>8
	return max(pow2negTable[f]>>i, 1)
}

// updateTrack corrects the degree-2 polynomial filter (Morrison's expanding-memory gains,
// frozen once the position gain reaches c.gain).
func (m *lawModel) updateTrack(c *lawCand, y []int32) {
	gains := func(n int) (k0, k1, k2 float64) {
		x := float64(n)
		den := mul(mul(x+1, x+2), x+3)
		return div(mul(3, mul(3, mul(x, x))+mul(3, x)+2), den), div(mul(18, mul(2, x)+1), den), div(30, den)
	}
	k0, k1, k2 := gains(c.n - 1)
	if k0 < c.gain && c.n > 2 {
		c.n--
		k0, k1, k2 = gains(c.n - 1)
	}
	c.nv++
	for d := range c.D {
		nu := float64(y[d]) - m.origin - c.pp[d]
		n2 := mul(nu, nu)
		for k, win := range varWindows {
			c.vari[d][k] += mul(div(1, float64(min(c.nv+1, win))), n2-c.vari[d][k])
		}
		c.p[d] = c.pp[d] + mul(k0, nu)
		c.z1[d] = c.z1[d] + mul(2, c.z2[d]) + mul(k1, nu)
		c.z2[d] = c.z2[d] + mul(k2, nu)
	}
}

// solve solves A x = b (n×n, symmetric positive semi-definite) by Gaussian elimination with
// partial pivoting and a tiny ridge; A and b are left unchanged.
func solve(A0, b0, x []float64, n int) {
	A := append([]float64(nil), A0...)
	b := append([]float64(nil), b0...)
	for i := range n {
		A[i*n+i] += mul(A[i*n+i], 1e-12) + 1e-300
	}
	for col := range n {
		piv := pivotRow(A, n, col)
		if A[piv*n+col] == 0 {
			return
		}
		if piv != col {
			for k := range n {
				A[col*n+k], A[piv*n+k] = A[piv*n+k], A[col*n+k]
			}
			b[col], b[piv] = b[piv], b[col]
		}
		for r := col + 1; r < n; r++ {
			f := div(A[r*n+col], A[col*n+col])
			for k := col; k < n; k++ {
				A[r*n+k] -= mul(f, A[col*n+k])
			}
			b[r] -= mul(f, b[col])
		}
	}
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < n; k++ {
			s -= mul(A[i*n+k], x[k])
		}
		x[i] = div(s, A[i*n+i])
	}
}

func (m *lawModel) codeRow(bc *codec.BitCoder, rows [][]int32, t int) {
	if t > 0 {
		for _, c := range m.cands {
			m.predict(c, t)
		}
	}
	best := 0
	for i, c := range m.cands {
		if c.recent < m.cands[best].recent {
			best = i
		}
	}
	m.chosen = append(m.chosen, best)
	// Code with the mixture of the candidates, each weighted by 2^−(its recent code length
	// above the best's), those more than 16 bits behind left out: the Bayesian mixture of
	// the laws over the recent past, so that no sample pays for a wrong choice.
	var mix mixDist
	mix.max = int64(m.w.Max)
	for d := range rows[t] {
		mix.comps, mix.w, mix.wsum = mix.comps[:0], mix.w[:0], 0
		for _, c := range m.cands {
			delta := c.recent - m.cands[best].recent // Q16 bits ≥ 0
			if delta >= 16<<16 {
				continue
			}
			w := pow2neg(delta)
			mix.comps = append(mix.comps, m.dist(c, t, d))
			mix.w = append(mix.w, w)
			mix.wsum += w
		}
		rows[t][d] = codeCDF(bc, rows[t][d], mix.max, m.dist(m.cands[best], t, d).window(), mix.cdf)
	}
	for _, c := range m.cands {
		for d := range rows[t] {
			x := m.dist(c, t, d).cost(rows[t][d])
			c.cost += x
			if t > 0 && c.n >= 2 {
				for k := range nVar {
					c.varBest[d] = k
					c.varCost[d][k] += m.dist(c, t, d).cost(rows[t][d]) - c.varCost[d][k]>>8
				}
				c.varBest[d] = 0
				for k := 1; k < nVar; k++ {
					if c.varCost[d][k] < c.varCost[d][c.varBest[d]] {
						c.varBest[d] = k
					}
				}
			}
			c.recent += x - c.recent>>8
		}
	}
	m.noise.update(rows, t)
	for _, c := range m.cands {
		m.update(c, rows, t)
	}
}
