package predict

import "math"

// GlobalMotion is one frame's camera motion as an affine map of the searched plane, in exact
// integers: the sample at (x, y) moved by
//
//	dx = TX + (A[0]·(x−CX) + A[1]·(y−CY)) / 65536
//	dy = TY + (A[2]·(x−CX) + A[3]·(y−CY)) / 65536
//
// quarter samples from the previous frame, (CX, CY) being the plane's centre (zoom: A[0] =
// A[3]; rotation: A[1] = −A[2]; translation: A zero). The encoder's motion search tries the
// vector it gives at each block's centre as one more candidate (MotionSearch.Global), so it
// can come from anywhere: EstimateGlobalMotion fits it to the last frame's vectors, and a
// recorder can feed one predicted from a gyroscope (codec.VideoEncoder.SetGlobalMotion).
// It costs no bits: only the vectors the search picks are coded.
type GlobalMotion struct {
	TX, TY int32
	A      [4]int32
	CX, CY int32
}

// VectorAt returns the global motion of sample (x, y), rounded to quarter samples, with the
// cubic filter where it is fractional.
func (g *GlobalMotion) VectorAt(x, y int) MotionVector {
	rx, ry := int64(int32(x)-g.CX), int64(int32(y)-g.CY)
	dx := int64(g.TX) + (int64(g.A[0])*rx+int64(g.A[1])*ry+1<<15)>>16
	dy := int64(g.TY) + (int64(g.A[2])*rx+int64(g.A[3])*ry+1<<15)>>16
	dx = max(min(dx, 4*MaxMotionRange), -4*MaxMotionRange)
	dy = max(min(dy, 4*MaxMotionRange), -4*MaxMotionRange)
	return Normalize(MotionVector{X: int16(dx), Y: int16(dy), Filter: FilterCubic})
}

// EstimateGlobalMotion fits an affine GlobalMotion to field f (a band of a w-wide plane) by
// least squares over the blocks' centres; ok is false when the field
// has too few blocks to fit. Blocks whose vector is zero are left out (they are mostly
// static background or uncovered areas, not the camera's motion) unless all are zero.
func EstimateGlobalMotion(f *MotionField, w, h int) (g GlobalMotion, ok bool) {
	g.CX, g.CY = int32(w/2), int32(h/2)
	var n, sx, sy, sxx, sxy, syy int64
	var su, sv, sxu, syu, sxv, syv int64
	for by := 0; by < f.Rows; by++ {
		for bx := 0; bx < f.Cols; bx++ {
			v := f.V[by*f.Cols+bx]
			if v.X == 0 && v.Y == 0 {
				continue
			}
			x := int64(bx*f.Block+f.Block/2) - int64(g.CX)
			y := int64(f.Y0+by*f.Block+f.Block/2) - int64(g.CY)
			u, t := int64(v.X), int64(v.Y)
			n++
			sx += x
			sy += y
			sxx += x * x
			sxy += x * y
			syy += y * y
			su += u
			sv += t
			sxu += x * u
			syu += y * u
			sxv += x * t
			syv += y * t
		}
	}
	if n < 6 {
		return g, false
	}
	// Centred sums: fit u = a·x + b·y + c (and v likewise) by the normal equations. This is
	// encoder-side analysis: its result only steers the search, and only the vectors the
	// search picks are coded, so floating point is safe here.
	fn := float64(n)
	cxx := float64(sxx) - float64(sx)*float64(sx)/fn
	cxy := float64(sxy) - float64(sx)*float64(sy)/fn
	cyy := float64(syy) - float64(sy)*float64(sy)/fn
	det := cxx*cyy - cxy*cxy
	if det <= 1e-9*cxx*cyy || cxx <= 0 || cyy <= 0 {
		g.TX, g.TY = int32(su/n), int32(sv/n)
		return g, true
	}
	solve := func(s, sxs, sys int64) (a, b, c float64) {
		cxs := float64(sxs) - float64(sx)*float64(s)/fn
		cys := float64(sys) - float64(sy)*float64(s)/fn
		a = (cyy*cxs - cxy*cys) / det
		b = (cxx*cys - cxy*cxs) / det
		c = (float64(s) - a*float64(sx) - b*float64(sy)) / fn
		return a, b, c
	}
	a0, a1, tx := solve(su, sxu, syu)
	a2, a3, ty := solve(sv, sxv, syv)
	const lim = 1 << 14 // at most ±1/4 sample of motion per sample of distance
	fix := func(a float64) int32 { return int32(max(min(math.Round(a*65536), lim), -lim)) }
	g.A = [4]int32{fix(a0), fix(a1), fix(a2), fix(a3)}
	g.TX, g.TY = int32(math.Round(tx)), int32(math.Round(ty))
	return g, true
}
