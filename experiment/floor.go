package experiment

import (
	"math"

	"github.com/vidlm/vidlm/samples"
)

// Floor returns, for each row of the world, the entropy in bits of its observations given the
// noiseless signal: Σ_d H(round(s + σz) clipped to [0, max]), with z distributed as the
// generator's noise (samples.GaussCDF). No model can do better on average. Floating point is
// fine here: this is a measurement, off the coded path.
func Floor(w *samples.World) []float64 {
	out := make([]float64, len(w.Truth))
	sigma := float64(w.Sigma) / 65536
	span := int64(math.Ceil(12*sigma)) + 2
	for t, row := range w.Truth {
		var h float64
		for _, sq := range row {
			s := float64(sq) / 65536
			cdf := func(k int64) float64 {
				if k < 0 {
					return 0
				}
				if k >= int64(w.Max) {
					return 1
				}
				x := (float64(k) + 0.5 - s) / sigma
				return float64(samples.GaussCDF(int64(math.Round(x*65536)))) / samples.GaussOne
			}
			c := int64(math.Round(s))
			lo, hi := max(c-span, 0), min(c+span, int64(w.Max))
			prev := cdf(lo - 1)
			for k := lo; k <= hi; k++ {
				cur := cdf(k)
				if p := cur - prev; p > 0 {
					h -= p * math.Log2(p)
				}
				prev = cur
			}
		}
		out[t] = h
	}
	return out
}

// FloorBits is the floor of the whole stream.
func FloorBits(w *samples.World) float64 {
	var s float64
	for _, h := range Floor(w) {
		s += h
	}
	return s
}
