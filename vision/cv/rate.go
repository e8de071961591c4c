package cv

import (
	"math"

	"github.com/vidlm/vidlm/vision"
)

// FrameRate turns OpenCV's frames per second (a double, as CAP_PROP_FPS gives it) into the
// rational a container expects: whole rates as n:1, the NTSC family as n·1000:1001 (29.97 →
// 30000:1001), anything else as the closest fraction with a denominator up to 1001. Zero,
// negative or absurd values (cameras and some files report none) give the zero rational,
// "unknown".
func FrameRate(fps float64) vision.Rational {
	if math.IsNaN(fps) || fps <= 0 || fps > 1e6 {
		return vision.Rational{}
	}
	const tol = 5e-5 // relative: OpenCV prints 29.97 for 30000:1001, and some cameras say 29.97
	if n := math.Round(fps); n >= 1 && math.Abs(fps-n) <= tol*fps {
		return vision.Rational{Num: int(n), Den: 1}
	}
	if n := math.Round(fps * 1.001); n >= 1 && math.Abs(fps-n/1.001) <= tol*fps {
		return vision.Rational{Num: int(n) * 1000, Den: 1001}
	}
	return closestFraction(fps, 1001)
}

// closestFraction returns the best approximation of x > 0 with a denominator up to maxDen,
// from the continued fraction of x.
func closestFraction(x float64, maxDen int) vision.Rational {
	// Convergents h/k; h0/k0 is the previous one.
	h0, k0, h, k := 0, 1, 1, 0
	r := x
	for {
		a := math.Floor(r)
		if a > 1e9 {
			break
		}
		h2, k2 := int(a)*h+h0, int(a)*k+k0
		if k2 > maxDen {
			break
		}
		h0, k0, h, k = h, k, h2, k2
		frac := r - a
		if frac < 1e-12 || math.Abs(float64(h)/float64(k)-x) < 1e-12*x {
			break
		}
		r = 1 / frac
	}
	if k == 0 || h == 0 {
		return vision.Rational{Num: int(math.Max(1, math.Round(x))), Den: 1}
	}
	return vision.Rational{Num: h, Den: k}
}

// fps is a rational rate as a double for OpenCV and ffmpeg; unknown rates become 25, the
// rate a container needs when the source had none.
func fps(r vision.Rational) float64 {
	if r.Num <= 0 || r.Den <= 0 {
		return 25
	}
	return float64(r.Num) / float64(r.Den)
}
