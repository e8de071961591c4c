package experiment

import (
	"encoding/json"
	"math"
)

// LawFit reports the law the rung chose and the parameters it learned.
type LawFit struct {
	Law        string     `json:"law"`
	Candidates []LawScore `json:"candidates"`
	Params     []ParamFit `json:"params"`
}

// LawScore is a candidate's code length over the whole stream.
type LawScore struct {
	Law  string  `json:"law"`
	Bits float64 `json:"bits"`
}

// ParamFit is one learned parameter beside the truth.
type ParamFit struct {
	Name     string  `json:"name"`
	Unit     string  `json:"unit"`
	Learned  float64 `json:"learned"`
	True     float64 `json:"true"`      // NaN (null in JSON) when the world has no such parameter
	RelError float64 `json:"rel_error"` // (learned − true)/true; NaN when unknown

}

// MarshalJSON writes unknown values (NaN) as null.
func (p ParamFit) MarshalJSON() ([]byte, error) {
	num := func(x float64) any {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	}
	return json.Marshal(map[string]any{"name": p.Name, "unit": p.Unit, "learned": num(p.Learned), "true": num(p.True), "rel_error": num(p.RelError)})
}

// fit converts the chosen candidate's coefficients (in LSB and samples) to physical units.
func (m *lawModel) fit() *LawFit {
	best := 0
	for i, c := range m.cands {
		if c.cost < m.cands[best].cost {
			best = i
		}
	}
	c := m.cands[best]
	out := &LawFit{Law: c.name}
	for _, k := range m.cands {
		out.Candidates = append(out.Candidates, LawScore{Law: k.name, Bits: float64(k.cost) / 65536})
	}
	p := m.w.Params
	dt, step := p["dt"], p["adc_step"]
	add := func(name, unit string, learned float64, truth ...float64) {
		f := ParamFit{Name: name, Unit: unit, Learned: learned, True: math.NaN(), RelError: math.NaN()}
		if len(truth) > 0 {
			f.True = truth[0]
			if truth[0] != 0 {
				f.RelError = (learned - truth[0]) / truth[0]
			}
		}
		out.Params = append(out.Params, f)
	}
	truth := func(keys ...string) []float64 {
		v := 1.0
		for _, k := range keys {
			x, ok := p[k]
			if !ok {
				return nil
			}
			v *= x
		}
		return []float64{v}
	}
	th := c.theta
	D := c.D
	switch c.name {
	case "inverse-square":
		add("GM", "m^3/s^2", th[0]*step*step*step/(dt*dt), truth("gm")...)
	case "lorentz":
		w := math.Atan2(th[0], 1+th[1]) / dt
		add("q/m·B", "rad/s", w, truth("q_m", "b")...)
	case "pendulum":
		add("g/L", "1/s^2", th[0]/(dt*dt), truth("g_l")...)
		add("damping", "1/s", th[1]/dt, truth("damping")...)
	case "drag":
		add("drag k", "1/m", th[0]/step, truth("drag")...)
		add("g", "m/s^2", -th[1+D-1]*step/(dt*dt), truth("g")...)
	case "gravity", "bounce":
		add("g", "m/s^2", -th[D-1]*step/(dt*dt), truth("g")...)
		if c.name == "bounce" {
			add("restitution", "", c.e, truth("restitution")...)
		}
	case "harmonic":
		add("ω²", "1/s^2", th[0]/(dt*dt))
	}
	return out
}
