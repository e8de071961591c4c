package samples

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strconv"
)

// Physics worlds: a body moving under a known law, sampled at a fixed rate and observed by an
// ADC with Gaussian noise, so that the entropy floor of the observations is known exactly.
//
// Determinism: the motion is integrated in float64 with every product and quotient rounded
// explicitly (float64(a*b)), so no multiply-add can be fused into an FMA and the trajectory is
// the same, bit for bit, on amd64 and arm64; sin is a polynomial written the same way (math.Sin
// is not guaranteed to be). The noise and the quantisation are integer (physics_noise.go).

// Param describes one parameter of a world: its default and the values it may take.
type Param struct {
	Name    string
	Default float64
	Min     float64 // smallest allowed value
	MinOpen bool    // Min itself is not allowed (a strictly positive quantity)
	Max     float64 // largest allowed value (0 with Min: no upper bound)
	Unit    string
	Doc     string
}

// Check reports whether v is allowed.
func (p Param) Check(v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s must be a finite number", p.Name)
	}
	if v < p.Min || (p.MinOpen && v == p.Min) {
		if p.MinOpen {
			return fmt.Errorf("%s must be > %g (got %g)", p.Name, p.Min, v)
		}
		return fmt.Errorf("%s must be >= %g (got %g)", p.Name, p.Min, v)
	}
	if p.Max != 0 && v > p.Max {
		return fmt.Errorf("%s must be <= %g (got %g)", p.Name, p.Max, v)
	}
	return nil
}

const big = 1e300

// worldDef is one kind of world.
type worldDef struct {
	doc    string
	dims   []string
	params []Param
	// init returns the initial position and velocity (physical units).
	init func(p map[string]float64) (pos, vel []float64)
	// acc writes the acceleration at (pos, vel) into a.
	acc func(p map[string]float64, pos, vel, a []float64)
	// floor, when set, is a bounce: below it the body reflects with restitution p["restitution"].
	bounce bool
	// defaults overrides the defaults of commonParams.
	defaults map[string]float64
}

// common parameters of every world.
var commonParams = []Param{
	{Name: "dt", Default: 0.01, Min: 0, MinOpen: true, Unit: "s", Doc: "sample period"},
	{Name: "adc_step", Default: 0.001, Min: 0, MinOpen: true, Unit: "unit/LSB", Doc: "size of one ADC step"},
	{Name: "adc_bits", Default: 16, Min: 8, Max: 24, Unit: "bits", Doc: "ADC resolution"},
	{Name: "noise", Default: 2, Min: 0, MinOpen: true, Max: 1000, Unit: "LSB", Doc: "σ of the Gaussian noise added before rounding"},
	{Name: "substeps", Default: 16, Min: 1, Max: 1024, Doc: "integration steps per sample"},
}

var worldDefs = map[string]worldDef{
	"kepler": {
		doc:  "a body on an eccentric orbit around a fixed mass at the origin (inverse-square force)",
		dims: []string{"x", "y"},
		params: []Param{
			{Name: "gm", Default: 505, Min: 0, MinOpen: true, Unit: "m^3/s^2", Doc: "G times the central mass"},
			{Name: "x0", Default: 10, Min: -big, Unit: "m"}, {Name: "y0", Default: 0, Min: -big, Unit: "m"},
			{Name: "vx0", Default: 0, Min: -big, Unit: "m/s"}, {Name: "vy0", Default: 8.7, Min: -big, Unit: "m/s"},
		},
		init: func(p map[string]float64) ([]float64, []float64) {
			return []float64{p["x0"], p["y0"]}, []float64{p["vx0"], p["vy0"]}
		},
		acc: func(p map[string]float64, x, _, a []float64) {
			r2 := float64(float64(x[0]*x[0]) + float64(x[1]*x[1]))
			r := math.Sqrt(r2)
			k := float64(-p["gm"] / float64(r2*r))
			a[0], a[1] = float64(k*x[0]), float64(k*x[1])
		},
	},
	"lorentz": {
		doc:  "a charged particle in a uniform magnetic field along z plus an electric field (helix with drift)",
		dims: []string{"x", "y", "z"},
		params: []Param{
			{Name: "q_m", Default: 0.5, Min: 0, MinOpen: true, Unit: "C/kg", Doc: "charge over mass"},
			{Name: "b", Default: 1.25, Min: 0, MinOpen: true, Unit: "T", Doc: "magnetic field (along z)"},
			{Name: "ex", Default: 0, Min: -big, Unit: "V/m"}, {Name: "ey", Default: 0.25, Min: -big, Unit: "V/m"},
			{Name: "ez", Default: 0.004, Min: -big, Unit: "V/m"},
			{Name: "x0", Default: -20, Min: -big, Unit: "m"}, {Name: "y0", Default: 0, Min: -big, Unit: "m"},
			{Name: "z0", Default: -10, Min: -big, Unit: "m"},
			{Name: "vx0", Default: 0, Min: -big, Unit: "m/s"}, {Name: "vy0", Default: 6.2, Min: -big, Unit: "m/s"},
			{Name: "vz0", Default: 0.1, Min: -big, Unit: "m/s"},
		},
		init: func(p map[string]float64) ([]float64, []float64) {
			return []float64{p["x0"], p["y0"], p["z0"]}, []float64{p["vx0"], p["vy0"], p["vz0"]}
		},
		acc: func(p map[string]float64, _, v, a []float64) {
			q, b := p["q_m"], p["b"]
			a[0] = float64(q * float64(p["ex"]+float64(v[1]*b)))
			a[1] = float64(q * float64(p["ey"]-float64(v[0]*b)))
			a[2] = float64(q * p["ez"])
		},
	},
	"pendulum": {
		doc:  "a large-amplitude pendulum (sin θ) with light damping, observed by an angle encoder",
		dims: []string{"theta"},
		params: []Param{
			{Name: "g_l", Default: 9.81, Min: 0, MinOpen: true, Unit: "1/s^2", Doc: "g over the length"},
			{Name: "damping", Default: 0.01, Min: 0, Unit: "1/s", Doc: "linear damping rate"},
			{Name: "theta0", Default: 2.5, Min: -3.1, Max: 3.1, Unit: "rad"},
			{Name: "omega0", Default: 0, Min: -big, Unit: "rad/s"},
		},
		init: func(p map[string]float64) ([]float64, []float64) {
			return []float64{p["theta0"]}, []float64{p["omega0"]}
		},
		defaults: map[string]float64{"adc_step": 2 * math.Pi / 65536},
		acc: func(p map[string]float64, x, v, a []float64) {
			a[0] = float64(-float64(p["g_l"]*Sin(x[0])) - float64(p["damping"]*v[0]))
		},
	},
	"bounce": {
		doc:  "a ball under gravity bouncing on a floor (y = 0) with a coefficient of restitution",
		dims: []string{"x", "y"},
		params: []Param{
			{Name: "g", Default: 1.62, Min: 0, MinOpen: true, Unit: "m/s^2", Doc: "gravity"},
			{Name: "restitution", Default: 0.9, Min: 0, MinOpen: true, Max: 1, Doc: "speed kept at a bounce"},
			{Name: "x0", Default: -25, Min: -big, Unit: "m"}, {Name: "y0", Default: -0.768, Min: -big, Unit: "m"},
			{Name: "vx0", Default: 0.2, Min: -big, Unit: "m/s"}, {Name: "vy0", Default: 0, Min: -big, Unit: "m/s"},
			{Name: "floor", Default: -30.768, Min: -big, Unit: "m", Doc: "height of the floor"},
		},
		init: func(p map[string]float64) ([]float64, []float64) {
			return []float64{p["x0"], p["y0"]}, []float64{p["vx0"], p["vy0"]}
		},
		acc: func(p map[string]float64, _, _, a []float64) {
			a[0], a[1] = 0, -p["g"]
		},
		bounce: true,
	},
	"drag": {
		doc:  "a projectile with quadratic air drag",
		dims: []string{"x", "y"},
		params: []Param{
			{Name: "g", Default: 9.81, Min: 0, MinOpen: true, Unit: "m/s^2"},
			{Name: "drag", Default: 0.002, Min: 0, Unit: "1/m", Doc: "quadratic drag coefficient k (a = -k|v|v)"},
			{Name: "x0", Default: -150, Min: -big, Unit: "m"}, {Name: "y0", Default: -150, Min: -big, Unit: "m"},
			{Name: "vx0", Default: 40, Min: -big, Unit: "m/s"}, {Name: "vy0", Default: 80, Min: -big, Unit: "m/s"},
		},
		init: func(p map[string]float64) ([]float64, []float64) {
			return []float64{p["x0"], p["y0"]}, []float64{p["vx0"], p["vy0"]}
		},
		defaults: map[string]float64{"dt": 0.00125, "adc_step": 0.005},
		acc: func(p map[string]float64, _, v, a []float64) {
			s := math.Sqrt(float64(float64(v[0]*v[0]) + float64(v[1]*v[1])))
			k := float64(p["drag"] * s)
			a[0] = -float64(k * v[0])
			a[1] = float64(-p["g"] - float64(k*v[1]))
		},
	},
}

// WorldKinds lists the worlds, sorted.
func WorldKinds() []string {
	var k []string
	for n := range worldDefs {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

// WorldParams returns the parameters of a world (common ones first), or nil for an unknown kind.
func WorldParams(kind string) []Param {
	d, ok := worldDefs[kind]
	if !ok {
		return nil
	}
	ps := append(append([]Param(nil), commonParams...), d.params...)
	for i := range ps {
		if v, ok := d.defaults[ps[i].Name]; ok {
			ps[i].Default = v
		}
	}
	return ps
}

// WorldDoc returns a one-line description of a world.
func WorldDoc(kind string) string { return worldDefs[kind].doc }

// WorldSpec says which world to generate.
type WorldSpec struct {
	Kind    string
	Samples int
	Seed    uint64
	Params  map[string]float64 // missing keys take their default
}

// World is a generated world: the noiseless signal and its noisy quantised observation.
type World struct {
	Spec   WorldSpec
	Params map[string]float64 // every parameter, defaults filled in
	Dims   []string           // observed coordinates (CSV columns after t)
	Max    int                // largest ADC code
	Origin float64            // ADC code of the physical origin (mid-scale)
	Sigma  int64              // noise σ in LSB, Q16
	// Truth[t][d] is the noiseless signal in LSB, Q16 (before noise and rounding).
	Truth [][]int64
	// Obs[t][d] is the observation: the ADC code.
	Obs [][]int32
	// Velocity[t][d] is the true velocity in physical units per second (for reports).
	Velocity [][]float64
}

// Generate integrates and observes a world.
func Generate(spec WorldSpec) (*World, error) {
	def, ok := worldDefs[spec.Kind]
	if !ok {
		return nil, fmt.Errorf("unknown world %q (have %v)", spec.Kind, WorldKinds())
	}
	if spec.Samples <= 0 {
		return nil, fmt.Errorf("samples must be > 0 (got %d)", spec.Samples)
	}
	p := map[string]float64{}
	for _, q := range WorldParams(spec.Kind) {
		v, ok := spec.Params[q.Name]
		if !ok {
			v = q.Default
		}
		if err := q.Check(v); err != nil {
			return nil, err
		}
		p[q.Name] = v
	}
	for k := range spec.Params {
		if _, ok := p[k]; !ok {
			return nil, fmt.Errorf("%s has no parameter %q", spec.Kind, k)
		}
	}
	w := &World{Spec: spec, Params: p, Dims: def.dims}
	w.Max = 1<<int(p["adc_bits"]) - 1
	w.Origin = float64((w.Max + 1) / 2)
	w.Sigma = int64(math.Round(float64(p["noise"] * 65536)))
	nd := len(def.dims)
	pos, vel := def.init(p)
	a := make([]float64, nd)
	vh := make([]float64, nd)
	sub := int(p["substeps"])
	h := float64(p["dt"] / float64(sub))
	hh := float64(h / 2)
	step := p["adc_step"]
	rng := NewRNG(spec.Seed)
	w.Truth = make([][]int64, spec.Samples)
	w.Obs = make([][]int32, spec.Samples)
	w.Velocity = make([][]float64, spec.Samples)
	for t := 0; t < spec.Samples; t++ {
		if t > 0 {
			for s := 0; s < sub; s++ {
				// velocity Verlet (kick, drift, kick); the second kick uses the half-step
				// velocity for velocity-dependent forces.
				def.acc(p, pos, vel, a)
				for d := range pos {
					vh[d] = float64(vel[d] + float64(a[d]*hh))
					pos[d] = float64(pos[d] + float64(vh[d]*h))
				}
				def.acc(p, pos, vh, a)
				for d := range pos {
					vel[d] = float64(vh[d] + float64(a[d]*hh))
				}
				if def.bounce {
					fl := p["floor"]
					if pos[1] < fl {
						e := p["restitution"]
						pos[1] = float64(fl + float64(e*float64(fl-pos[1])))
						vel[1] = -float64(e * vel[1])
					}
				}
			}
		}
		truth := make([]int64, nd)
		obs := make([]int32, nd)
		for d := range pos {
			lsb := float64(w.Origin + float64(pos[d]/step))
			if lsb < -1e6 || lsb > float64(w.Max)+1e6 {
				return nil, fmt.Errorf("%s: %s leaves the ADC range at sample %d", spec.Kind, def.dims[d], t)
			}
			truth[d] = int64(math.Round(float64(lsb * 65536)))
			if truth[d] < 0 || truth[d] > int64(w.Max)<<16 {
				return nil, fmt.Errorf("%s: %s = %.0f LSB leaves the ADC range [0, %d] at sample %d (adjust adc_step or the initial state)", spec.Kind, def.dims[d], lsb, w.Max, t)
			}
			obs[d] = rng.Observe(truth[d], w.Sigma, w.Max)
		}
		if spec.Kind == "drag" && t > 0 && pos[1] < p["y0"] {
			return nil, fmt.Errorf("drag: the projectile falls below its launch height at sample %d, before samples = %d", t, spec.Samples)
		}
		w.Truth[t], w.Obs[t] = truth, obs
		w.Velocity[t] = append([]float64(nil), vel...)
	}
	return w, nil
}

// CSV writes the observations as a sensor log: a header, then t (milliseconds, an integer) and
// one integer ADC code per coordinate.
func (w *World) CSV() []byte {
	var b bytes.Buffer
	b.WriteString("t_ms")
	for _, d := range w.Dims {
		b.WriteString("," + d)
	}
	b.WriteString("\n")
	dtus := int64(math.Round(float64(w.Params["dt"] * 1e6)))
	var line []byte
	for t, row := range w.Obs {
		line = line[:0]
		us := int64(t) * dtus
		line = strconv.AppendInt(line, us/1000, 10)
		if us%1000 != 0 {
			line = append(line, '.')
			line = append(line, fmt.Sprintf("%03d", us%1000)...)
		}
		for _, v := range row {
			line = append(line, ',')
			line = strconv.AppendInt(line, int64(v), 10)
		}
		line = append(line, '\n')
		b.Write(line)
	}
	return b.Bytes()
}

// Hash returns the SHA-256 of the world's truth and observations (hex).
func (w *World) Hash() string {
	h := sha256.New()
	var buf [8]byte
	for t := range w.Obs {
		for d := range w.Obs[t] {
			v := uint64(w.Truth[t][d])
			for i := range 8 {
				buf[i] = byte(v >> (8 * i))
			}
			h.Write(buf[:])
			h.Write([]byte{byte(w.Obs[t][d]), byte(w.Obs[t][d] >> 8), byte(w.Obs[t][d] >> 16), byte(w.Obs[t][d] >> 24)})
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Sin is sin(x) with every operation rounded explicitly (the same result on every machine):
// reduction to [-π/2, π/2] and a Taylor polynomial to x^17 (error below 1e-15 there).
func Sin(x float64) float64 {
	const twoPi = 2 * math.Pi
	k := math.Round(float64(x / twoPi))
	x = float64(x - float64(k*twoPi))
	if x > math.Pi/2 {
		x = float64(math.Pi - x)
	} else if x < -math.Pi/2 {
		x = float64(-math.Pi - x)
	}
	x2 := float64(x * x)
	// Horner from the x^17 term down.
	s := 1.0
	for n := 17; n >= 3; n -= 2 {
		s = float64(1 - float64(float64(x2*s)/float64(n*(n-1))))
	}
	return float64(x * s)
}
