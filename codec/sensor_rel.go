package codec

import (
	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// beginRel gives m (sensor model 9) the last two numbers coded before this one in the row,
// rescaled to the units of the digits being coded (10^relEc), for the relative value
// contexts (predict.MixedResidual.BeginRel). A value that does not rescale (more than 18
// decades apart, or too large) ends the list.
func (s *sensorCoder) beginRel(m *predict.MixedResidual) {
	var l [2]int64
	n := 0
	for k := len(s.rowValues) - 1; k >= 0 && n < 2; k-- {
		v, ok := rescale(s.rowValues[k], int(s.rowExps[k])-s.relEc)
		if !ok {
			break
		}
		l[n] = v
		n++
	}
	m.BeginRel(l[0], l[1], n, s.relNeg)
}

// rescale returns v × 10^d (d may be negative: rounded to nearest), ok false when it does
// not fit in ±2^56.
func rescale(v int64, d int) (int64, bool) {
	const lim = 1 << 56
	switch {
	case d == 0:
		if v >= lim || v <= -lim {
			return 0, false
		}
		return v, true
	case d > 0:
		if d > 16 {
			return 0, false
		}
		p := int64(vision.Pow10(d))
		if v > lim/p || v < -lim/p {
			return 0, false
		}
		return v * p, true
	default:
		if d < -18 {
			return 0, true
		}
		p := int64(vision.Pow10(-d))
		if v >= 0 {
			return (v + p/2) / p, true
		}
		return -((-v + p/2) / p), true
	}
}
