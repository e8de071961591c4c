package predict

import (
	"math"
	"sync"
)

// Warp is a band's coded global motion (VideoConfig.GlobalWarp): an affine map, in exact
// integers, from the samples of the first coded plane to their positions in the previous
// frame,
//
//	x' = x + TX/64 + (A[0]·(x−CX) + A[1]·(y−CY)) / 65536
//	y' = y + TY/64 + (A[2]·(x−CX) + A[3]·(y−CY)) / 65536
//
// (CX, CY) being the centre of the plane, (W/2, H/2) with W, H the plane's size. The model
// predicts every sample by the previous frame interpolated at that position (WarpRow): a
// zoom, a rotation or a sub-sample pan that one vector per block at quarter-sample precision
// follows only roughly. Only the six integers are coded; the decoder rebuilds the same
// prediction.
type Warp struct {
	TX, TY int32    // translation, 1/64 sample
	A      [4]int32 // linear part, 1/65536 per sample
}

// Bounds of the coded parameters.
const (
	WarpMaxT = 64 * MaxMotionRange // |TX|, |TY|
	WarpMaxA = 1 << 14             // |A[k]|: at most a quarter sample of motion per sample of distance
)

// Valid reports whether every parameter is within its bounds.
func (g *Warp) Valid() bool {
	if g.TX < -WarpMaxT || g.TX > WarpMaxT || g.TY < -WarpMaxT || g.TY > WarpMaxT {
		return false
	}
	for _, a := range g.A {
		if a < -WarpMaxA || a > WarpMaxA {
			return false
		}
	}
	return true
}

// IsZero reports whether g is the identity (no motion).
func (g *Warp) IsZero() bool { return *g == Warp{} }

// planeWarp is a Warp in the coordinates of one plane, positions in 1/65536 sample.
type planeWarp struct {
	tx, ty         int64
	a0, a1, a2, a3 int64
	cx, cy         int64
	taps           int // the interpolation filter's taps: 0 (the cubic, 4), 6 or 8 (Lanczos, warpTapsN)
}

// forPlane returns g for a w×h plane subsampled by (sx, sy) against the first coded plane
// (whose size is fw×fh): translation and centre scale down, and the cross terms by the ratio
// of the axes' subsampling.
func (g *Warp) forPlane(fw, fh int, sx, sy uint) planeWarp {
	return planeWarp{
		tx: int64(g.TX) << 10 >> sx, ty: int64(g.TY) << 10 >> sy,
		a0: int64(g.A[0]), a1: int64(g.A[1]) << sy >> sx,
		a2: int64(g.A[2]) << sx >> sy, a3: int64(g.A[3]),
		cx: int64(fw/2) >> sx, cy: int64(fh/2) >> sy,
	}
}

// Cubic (Keys) weights for the warp, a = −3/4 (slightly sharper than Catmull-Rom's −1/2:
// measured smaller files on the pan and on real footage): 1/64 sample phases, 14-bit weights
// summing to 1<<14, exact integers (the kernel's values at the four taps over 4·64³, rounded),
// so the table is the same everywhere. For phase k of T = 64 the taps at −1, 0, +1, +2 weigh
//
//	−3k(T−k)², 5k³ − 9k²T + 4T³, 5(T−k)³ − 9(T−k)²T + 4T³, −3k²(T−k)   (over 4T³)
const (
	warpPhaseBits  = 6
	warpWeightBits = 14
)

var warpTaps = func() (w [1 << warpPhaseBits][4]int32) {
	const T = 1 << warpPhaseBits
	const shift = 2 + 3*warpPhaseBits - warpWeightBits
	for k := int64(0); k < T; k++ {
		j := T - k
		n := [4]int64{
			-3 * k * j * j,
			5*k*k*k - 9*k*k*T + 4*T*T*T,
			5*j*j*j - 9*j*j*T + 4*T*T*T,
			-3 * k * k * j,
		}
		for i := range n {
			w[k][i] = int32((n[i] + 1<<(shift-1)) >> shift)
		}
		w[k][1] = 1<<warpWeightBits - w[k][0] - w[k][2] - w[k][3]
	}
	return w
}()

// warpRow writes into dst (a padded row: sample x at x+PlanePad) row y of prev warped by p:
// each sample the previous frame at its position, by the 4x4 cubic filter at 1/64
// sample phases; taps past the plane's edges take the edge sample. The position starts at
// the row's first sample and steps by a constant per sample: integer additions only.
func warpRow(dst []int32, prev *Plane, y int, p *planeWarp, maxVal int32) {
	w := prev.W
	if p.taps != 0 {
		warpColsN(dst, prev, y, p, maxVal, 0, 1, w)
	} else {
		warpCols(dst, prev, y, p, maxVal, 0, 1, w)
	}
	for i := 0; i < PlanePad; i++ {
		dst[i] = dst[PlanePad]
		dst[PlanePad+w+i] = dst[PlanePad+w-1]
	}
}

// rowStart returns the warped position of row y's sample x0 (16.16 fixed point: that of
// sample 0 plus x0 steps of the map's first column) and the step between samples step apart.
func (p *planeWarp) rowStart(y, x0, step int) (px, py, sxp, syp int64) {
	ry := int64(y) - p.cy
	sxp, syp = 1<<16+p.a0, p.a2
	px = p.tx - p.a0*p.cx + p.a1*ry + int64(x0)*sxp
	py = int64(y)<<16 + p.ty - p.a2*p.cx + p.a3*ry + int64(x0)*syp
	return px, py, sxp * int64(step), syp * int64(step)
}

// warpDirectSyp is the vertical step between two of warpCols's samples (in 2^-16 of a
// sample) above which it filters each sample's sixteen taps on its own rather than in runs
// that share the vertical phase: a run ends where the phase (2^10 of these units) changes,
// so above 2^10/3 runs would be under about three samples, and a run's set-up (three
// divisions, the slices) costs more than it saves (BenchmarkWarpColsDirect: the two ways
// cost about the same at a step of 320). Either way gives the same integers; tests set it
// to force one or the other.
var warpDirectSyp int64 = 1 << (16 - warpPhaseBits) / 3

// warpCols is warpRow for the samples x0, x0+step, ... below x1 of the row only (the others
// and the padding are left as they were): the estimator measures every other column.
//
// Inside the plane a sample weighs sixteen taps, four rows by four columns. Along a row the
// position moves by about step samples across and slowly down (not at all for a pan or a
// zoom), so the samples come in runs that share the row of taps and the vertical phase
// (py >> (16−warpPhaseBits) the same): for a run the columns it reads are filtered down once
// each, then each sample filters four of them across. Σt wx[t]·(Σk wy[k]·r_k[t]) is the same
// integer as the definition's rows first, Σk wy[k]·(Σt wx[t]·r_k[t]): both sums are exact
// (below 2^31 for 16-bit samples, TestWarpTapsBound).
func warpCols(dst []int32, prev *Plane, y int, p *planeWarp, maxVal int32, x0, step, x1 int) {
	w, h, stride := prev.W, prev.H, prev.Stride
	px, py, sxp, syp := p.rowStart(y, x0, step)
	pix := prev.Pix
	out := dst[PlanePad : PlanePad+min(x1, w)]
	const round = int64(1) << (2*warpWeightBits - 1)
	// A run spans at most runLen·step·(1 + 1/4) + 4 columns (|a0| ≤ WarpMaxA = 1/4): cols holds them.
	var cols [512]int32
	runLen := 320 / step
	for x := x0; x < len(out); {
		ix, iy := int(px>>16), int(py>>16)
		ky := py >> (16 - warpPhaseBits)
		if ix < -1 || ix > w-1 || iy < 1 || iy > h-3 {
			// A tap outside the plane: each one clamped to it.
			wx := &warpTaps[(px>>(16-warpPhaseBits))&(1<<warpPhaseBits-1)]
			wy := &warpTaps[ky&(1<<warpPhaseBits-1)]
			var acc int64
			for k := 0; k < 4; k++ {
				r := clampInt(iy-1+k, 0, h-1) * stride
				var s int32
				for t := 0; t < 4; t++ {
					s += wx[t] * pix[r+clampInt(ix-1+t, 0, w-1)+PlanePad]
				}
				acc += int64(wy[k]) * int64(s)
			}
			out[x] = clamp32(int32((acc+round)>>(2*warpWeightBits)), 0, maxVal)
			px += sxp
			py += syp
			x += step
			continue
		}
		if syp > warpDirectSyp || -syp > warpDirectSyp {
			// Runs would be short: the sample's sixteen taps, rows first (the same integer).
			if haveSAD16 {
				// this sample and those after it while their taps stay inside the plane
				k := warpDirectAsm(&out[x], step, (len(out)-x+step-1)/step, &pix[PlanePad], stride, w, h, px, py, sxp, syp, maxVal, &warpTaps)
				px += int64(k) * sxp
				py += int64(k) * syp
				x += k * step
				continue
			}
			wx := &warpTaps[(px>>(16-warpPhaseBits))&(1<<warpPhaseBits-1)]
			wy := &warpTaps[ky&(1<<warpPhaseBits-1)]
			i := (iy-1)*stride + PlanePad + ix - 1
			q0, q1, q2, q3 := pix[i:i+4:i+4], pix[i+stride:i+stride+4:i+stride+4], pix[i+2*stride:i+2*stride+4:i+2*stride+4], pix[i+3*stride:i+3*stride+4:i+3*stride+4]
			s0 := wx[0]*q0[0] + wx[1]*q0[1] + wx[2]*q0[2] + wx[3]*q0[3]
			s1 := wx[0]*q1[0] + wx[1]*q1[1] + wx[2]*q1[2] + wx[3]*q1[3]
			s2 := wx[0]*q2[0] + wx[1]*q2[1] + wx[2]*q2[2] + wx[3]*q2[3]
			s3 := wx[0]*q3[0] + wx[1]*q3[1] + wx[2]*q3[2] + wx[3]*q3[3]
			acc := int64(wy[0])*int64(s0) + int64(wy[1])*int64(s1) + int64(wy[2])*int64(s2) + int64(wy[3])*int64(s3)
			out[x] = clamp32(int32((acc+round)>>(2*warpWeightBits)), 0, maxVal)
			px += sxp
			py += syp
			x += step
			continue
		}
		// The run from x: the samples of the same row of taps and vertical phase whose taps
		// stay inside the plane (ix only grows along the row).
		// Its length n: the samples left in the row, at most runLen, while px < w·2^16 and
		// py >> (16−warpPhaseBits) stays ky (sxp > 0; syp of either sign).
		n := min((len(out)-x+step-1)/step, runLen)
		n = min(n, int((int64(w)<<16-px+sxp-1)/sxp))
		const phase = 1 << (16 - warpPhaseBits)
		if syp > 0 {
			n = min(n, int(((ky+1)*phase-py+syp-1)/syp))
		} else if syp < 0 {
			n = min(n, int((py-ky*phase)/-syp)+1)
		}
		c0, c1 := ix-1, int((px+int64(n-1)*sxp)>>16)+2 // the columns the run reads
		wy := &warpTaps[ky&(1<<warpPhaseBits-1)]
		wy0, wy1, wy2, wy3 := wy[0], wy[1], wy[2], wy[3]
		i := (iy-1)*stride + PlanePad + c0
		m := c1 - c0 + 1
		r0, r1, r2, r3 := pix[i:i+m], pix[i+stride:i+stride+m], pix[i+2*stride:i+2*stride+m], pix[i+3*stride:i+3*stride+m]
		v := cols[:m]
		r0, r1, r2, r3 = r0[:len(v)], r1[:len(v)], r2[:len(v)], r3[:len(v)]
		c := 0
		if k := m &^ 7; haveSAD16 && k > 0 {
			colsAVX2(&v[0], &r0[0], stride, k, wy) // v[:k] from r0..r3[:k]
			c = k
		}
		for ; c < len(v); c++ {
			v[c] = wy0*r0[c] + wy1*r1[c] + wy2*r2[c] + wy3*r3[c]
		}
		if haveSAD16 {
			// out[x], out[x+step], ... below len(out) and v[j..j+3] within the run's columns
			// for each of the n samples, as the loop below reads them.
			warpAcrossAsm(&out[x], step, &v[0], n, px, sxp, c0+1, maxVal, &warpTaps)
			px += int64(n) * sxp
			py += int64(n) * syp
			x += n * step
			continue
		}
		for ; n > 0; n-- {
			wx := &warpTaps[(px>>(16-warpPhaseBits))&(1<<warpPhaseBits-1)]
			j := int(px>>16) - 1 - c0
			q := v[j : j+4 : j+4]
			acc := int64(wx[0])*int64(q[0]) + int64(wx[1])*int64(q[1]) + int64(wx[2])*int64(q[2]) + int64(wx[3])*int64(q[3])
			out[x] = clamp32(int32((acc+round)>>(2*warpWeightBits)), 0, maxVal)
			px += sxp
			py += syp
			x += step
		}
	}
}

// warpColsN is warpCols for the Lanczos filters of p.taps taps (6 or 8: warpTaps6,
// warpTaps8), taps past the plane's edges clamped to it. The same integer as filtering the n
// rows of taps across and then the n results down: each sample's columns are filtered down
// once for a run of samples that share the row of taps and the vertical phase (all of the row
// without rotation or shear, a2 = 0: then every column at once), then across, both sums exact
// in int64.
func warpColsN(dst []int32, prev *Plane, y int, p *planeWarp, maxVal int32, x0, step, x1 int) {
	w, h, stride := prev.W, prev.H, prev.Stride
	n := p.taps
	tab := &warpTaps6
	if n == 8 {
		tab = &warpTaps8
	}
	px, py, sxp, syp := p.rowStart(y, x0, step)
	pix := prev.Pix
	out := dst[PlanePad : PlanePad+min(x1, w)]
	const round = int64(1) << (2*warpWeightBits - 1)
	// down[c]: column c filtered down under the key (row of taps, vertical phase: py >> 10,
	// negative above the plane) stamped in key[c]; noKey is no position's.
	const noKey = math.MinInt64
	var rows [8][]int32
	lastKey := int64(noKey)
	var wy *[8]int32
	cache := warpColsCache.Get().(*warpCache)
	defer warpColsCache.Put(cache)
	if cap(cache.down) < w {
		cache.down, cache.key = make([]int64, w), make([]int64, w)
	}
	down, key := cache.down[:w], cache.key[:w]
	if syp == 0 && x0 < len(out) {
		// The whole row shares one row of taps and vertical phase (no rotation or shear):
		// every column filtered down once, then each sample across, clamped only at the
		// plane's edges.
		iy := int(py >> 16)
		wy := &tab[(py>>(16-warpPhaseBits))&(1<<warpPhaseBits-1)]
		for k := 0; k < n; k++ {
			rows[k] = pix[clampInt(iy-n/2+1+k, 0, h-1)*stride+PlanePad:]
		}
		for c := range down {
			var s int64
			for k := 0; k < n; k++ {
				s += int64(wy[k]) * int64(rows[k][c])
			}
			down[c] = s
		}
		for x := x0; x < len(out); x += step {
			ix := int(px>>16) - n/2 + 1
			wx := &tab[(px>>(16-warpPhaseBits))&(1<<warpPhaseBits-1)]
			var acc int64
			if ix >= 0 && ix+n <= w {
				d := down[ix : ix+n]
				for t, v := range d {
					acc += int64(wx[t]) * v
				}
			} else {
				for t := 0; t < n; t++ {
					acc += int64(wx[t]) * down[clampInt(ix+t, 0, w-1)]
				}
			}
			out[x] = clamp32(int32((acc+round)>>(2*warpWeightBits)), 0, maxVal)
			px += sxp
		}
		return
	}
	for i := range key {
		key[i] = noKey
	}
	for x := x0; x < len(out); x += step {
		ix, iy := int(px>>16), int(py>>16)
		ky := py >> (16 - warpPhaseBits)
		if ky != lastKey {
			lastKey = ky
			wy = &tab[ky&(1<<warpPhaseBits-1)]
			for k := 0; k < n; k++ {
				rows[k] = pix[clampInt(iy-n/2+1+k, 0, h-1)*stride+PlanePad:]
			}
		}
		wx := &tab[(px>>(16-warpPhaseBits))&(1<<warpPhaseBits-1)]
		var acc int64
		for t := 0; t < n; t++ {
			c := clampInt(ix-n/2+1+t, 0, w-1)
			if key[c] != ky {
				var s int64
				for k := 0; k < n; k++ {
					s += int64(wy[k]) * int64(rows[k][c])
				}
				down[c], key[c] = s, ky
			}
			acc += int64(wx[t]) * down[c]
		}
		out[x] = clamp32(int32((acc+round)>>(2*warpWeightBits)), 0, maxVal)
		px += sxp
		py += syp
	}
}

type warpCache struct{ down, key []int64 }

var warpColsCache = sync.Pool{New: func() any { return &warpCache{} }}

// WarpRow is warpRow for a Warp of a plane that is the first coded plane (sx = sy = 0).
func WarpRow(dst []int32, prev *Plane, y int, g *Warp, maxVal int32) {
	p := g.forPlane(prev.W, prev.H, 0, 0)
	warpRow(dst, prev, y, &p, maxVal)
}

// ComposeWarps returns (encoder side, as a fit's start) the warp that maps a sample as g
// and then its position as p does: the map two frames back when g maps to the previous
// frame and p maps that one to its own previous frame. Both share the plane's centre:
// u → u + t + A·u composes to t_g + t_p + A_p·t_g and A_g + A_p + A_p·A_g. Clamped to the
// bounds.
func ComposeWarps(g, p *Warp) Warp {
	const s = 65536.0
	gt := [2]float64{float64(g.TX) / 64, float64(g.TY) / 64}
	ga := [4]float64{float64(g.A[0]) / s, float64(g.A[1]) / s, float64(g.A[2]) / s, float64(g.A[3]) / s}
	pt := [2]float64{float64(p.TX) / 64, float64(p.TY) / 64}
	pa := [4]float64{float64(p.A[0]) / s, float64(p.A[1]) / s, float64(p.A[2]) / s, float64(p.A[3]) / s}
	tx := gt[0] + pt[0] + pa[0]*gt[0] + pa[1]*gt[1]
	ty := gt[1] + pt[1] + pa[2]*gt[0] + pa[3]*gt[1]
	a := [4]float64{
		ga[0] + pa[0] + pa[0]*ga[0] + pa[1]*ga[2],
		ga[1] + pa[1] + pa[0]*ga[1] + pa[1]*ga[3],
		ga[2] + pa[2] + pa[2]*ga[0] + pa[3]*ga[2],
		ga[3] + pa[3] + pa[2]*ga[1] + pa[3]*ga[3],
	}
	r := func(v, scale float64, lim int32) int32 {
		return int32(max(min(math.Round(v*scale), float64(lim)), float64(-lim)))
	}
	return Warp{TX: r(tx, 64, WarpMaxT), TY: r(ty, 64, WarpMaxT),
		A: [4]int32{r(a[0], s, WarpMaxA), r(a[1], s, WarpMaxA), r(a[2], s, WarpMaxA), r(a[3], s, WarpMaxA)}}
}

// WarpFromGlobal converts a GlobalMotion (quarter samples) to a Warp, clamped to the bounds.
func WarpFromGlobal(g *GlobalMotion) Warp {
	c := func(v, lim int64) int32 { return int32(max(min(v, lim), -lim)) }
	// GlobalMotion's linear part is in quarter samples per 65536 samples of distance, about
	// its own centre; the Warp's centre is the plane's, the same for a whole-plane fit.
	return Warp{
		TX: c(int64(g.TX)*16, WarpMaxT), TY: c(int64(g.TY)*16, WarpMaxT),
		A: [4]int32{c(int64(g.A[0])/4, WarpMaxA), c(int64(g.A[1])/4, WarpMaxA), c(int64(g.A[2])/4, WarpMaxA), c(int64(g.A[3])/4, WarpMaxA)},
	}
}

// The estimator's sampling: every warpRowStep-th row, every other column, at most warpIters
// Gauss-Newton steps.
const (
	warpRowStep = 4
	warpIters   = 4
)

// WarpEstimator fits a band's Warp on the encoder side. Only its result, coded in the
// stream, matters to decoding, so it may use floating point.
type WarpEstimator struct {
	row  []int32
	prow []int32
}

// Estimate fits the warp of rows [y0, y1) of cur (the current frame's first coded plane,
// row-major, prev.W wide) against prev, starting from init, by Gauss-Newton on the samples
// (a grid of them, see warpRowStep) with robust weights, and returns it with its sum of absolute
// errors and that of the identity on the same samples (the identity itself when over 3/4 of the
// samples equal the previous frame's). maxVal is the largest sample value.
func (e *WarpEstimator) Estimate(cur []uint16, prev *Plane, y0, y1 int, init Warp, maxVal int32) (g Warp, sad, sad0 int64) {
	w, h := prev.W, prev.H
	stride := w + 2*PlanePad
	if cap(e.row) < stride {
		e.row = make([]int32, stride)
	}
	row := e.row[:stride]
	cx, cy := float64(w/2), float64(h/2)
	// Parameters in samples; the linear part scaled by 1/256 of distance for conditioning.
	const ds = 256.0
	p := [6]float64{float64(init.TX) / 64, float64(init.TY) / 64,
		float64(init.A[0]) / 65536 * ds, float64(init.A[1]) / 65536 * ds, float64(init.A[2]) / 65536 * ds, float64(init.A[3]) / 65536 * ds}
	quant := func(p [6]float64) Warp {
		r := func(v, scale float64, lim int32) int32 {
			return int32(max(min(math.Round(v*scale), float64(lim)), float64(-lim)))
		}
		return Warp{TX: r(p[0], 64, WarpMaxT), TY: r(p[1], 64, WarpMaxT),
			A: [4]int32{r(p[2], 65536/ds, WarpMaxA), r(p[3], 65536/ds, WarpMaxA), r(p[4], 65536/ds, WarpMaxA), r(p[5], 65536/ds, WarpMaxA)}}
	}
	scale := float64(maxVal) / 255
	// The vertical gradient reads the rows above and below: both must lie in the band, whose
	// rows of cur no other tile touches (an encoder converts each band's colours in place
	// while the other bands are coded, so a row outside it may or may not be converted yet).
	ya, yb := max(y0+1, 1), min(y1-1, h-1)
	// The identity's error on the same samples. Where 3/4 of the samples did not change at all
	// (a still camera, video decoded from a codec that copied the blocks), there is no camera
	// motion to fit: the identity is returned without a search.
	same, n := 0, 0
	for y := ya; y < yb; y += warpRowStep {
		c := cur[y*w : (y+1)*w]
		r := prev.Row(y)
		for x := 1; x < w-1; x += 2 {
			d := abs32(int32(c[x]) - r[x+PlanePad])
			sad0 += int64(d)
			if d == 0 {
				same++
			}
			n++
		}
	}
	if 4*same > 3*n {
		return Warp{}, sad0, sad0
	}
	g = quant(p)
	best, bestSAD := g, int64(-1)
	for it := 0; it < warpIters; it++ {
		var ata [6][6]float64
		var atb [6]float64
		var s int64
		pg := g.forPlane(w, h, 0, 0)
		var acc [36]float64
		thr := 6 * scale
		for y := ya; y < yb; y += warpRowStep {
			warpCols(row, prev, y, &pg, maxVal, 1, 2, w-1) // the columns measured below
			c := cur[y*w : (y+1)*w]
			cn, cs := cur[(y-1)*w:y*w], cur[(y+1)*w:(y+2)*w]
			ry := (float64(y) - cy) / ds
			if haveSAD16 {
				s += warpNormalAsm(&acc, &c[0], &cn[0], &cs[0], &row[PlanePad], w, cx, ry, thr)
			} else {
				s += warpNormalRow(&acc, c, cn, cs, row[PlanePad:], w, cx, ry, thr)
			}
		}
		atb = [6]float64{acc[0], acc[1], acc[2], acc[3], acc[4], acc[5]}
		ata[0] = [6]float64{acc[8], acc[9], acc[10], acc[11], acc[24], acc[25]}
		ata[1] = [6]float64{1: acc[13], 2: acc[14], 3: acc[15], 4: acc[26], 5: acc[27]}
		ata[2] = [6]float64{2: acc[18], 3: acc[19], 4: acc[28], 5: acc[29]}
		ata[3] = [6]float64{3: acc[23], 4: acc[30], 5: acc[31]}
		ata[4] = [6]float64{4: acc[32], 5: acc[33]}
		ata[5] = [6]float64{5: acc[35]}
		if bestSAD < 0 || s < bestSAD {
			best, bestSAD = g, s
		} else if it > 0 {
			break // the last step made it worse: keep the best
		}
		for a := 0; a < 6; a++ {
			for b := 0; b < a; b++ {
				ata[a][b] = ata[b][a]
			}
		}
		delta, ok := solve6(ata, atb)
		if !ok {
			break
		}
		small := true
		for k := range p {
			p[k] += delta[k]
			if math.Abs(delta[k]) > 1.0/256 {
				small = false
			}
		}
		ng := quant(p)
		if ng == g || small && it > 0 {
			if ng != g {
				g = ng
				continue
			}
			break
		}
		g = ng
	}
	// Re-measure g if the loop ended on an unmeasured step.
	if g != best {
		var s int64
		pg := g.forPlane(w, h, 0, 0)
		for y := ya; y < yb; y += warpRowStep {
			warpCols(row, prev, y, &pg, maxVal, 1, 2, w-1)
			c := cur[y*w : (y+1)*w]
			for x := 1; x < w-1; x += 2 {
				s += int64(abs32(int32(c[x]) - row[x+PlanePad]))
			}
		}
		if s < bestSAD {
			best, bestSAD = g, s
		}
	}
	return best, bestSAD, sad0
}

// warpNormalRow adds one sampled row's terms to Estimate's normal equations and returns the
// row's sum of absolute errors: for x = 1, 3, 5, … below w−1, d = c[x] − row[x] (c the
// current frame's row, cn and cs the rows above and below, row the warped previous frame,
// from sample 0), and where the gradient (gx, gy) is not zero, with robust weight wt = 1, or
// thr/|d| where |d| > thr, and J = (gx, gy, gx·rx, gx·ry, gy·rx, gy·ry), rx = (x − cx)/256,
// the sums atb[a] += (wt·J[a])·d and ata[a][b] += (wt·J[a])·J[b], b ≥ a. acc holds them as
// warpNormalAsm's nine vectors of four: atb at 0-5; ata's rows 0 to 3 from column 0 at 8, 12,
// 16 and 20 (columns 0 to 3, the lower triangle's lanes unused); ata[a][4], ata[a][5] for
// a = 0, 1 at 24-27 and a = 2, 3 at 28-31; ata[4][4], ata[4][5] at 32-33, ata[5][5] at 35.
func warpNormalRow(acc *[36]float64, c, cn, cs []uint16, row []int32, w int, cx, ry, thr float64) (s int64) {
	const ds = 256.0
	for x := 1; x < w-1; x += 2 {
		d := float64(int32(c[x]) - row[x])
		s += int64(math.Abs(d))
		gx := float64(int32(c[x+1])-int32(c[x-1])) / 2
		gy := float64(int32(cs[x])-int32(cn[x])) / 2
		if gx == 0 && gy == 0 {
			continue
		}
		wt := 1.0
		if ad := math.Abs(d); ad > thr {
			wt = thr / ad
		}
		rx := (float64(x) - cx) / ds
		j0, j1, j2, j3, j4, j5 := gx, gy, gx*rx, gx*ry, gy*rx, gy*ry
		w0, w1, w2, w3, w4, w5 := wt*j0, wt*j1, wt*j2, wt*j3, wt*j4, wt*j5
		acc[0] += w0 * d
		acc[1] += w1 * d
		acc[2] += w2 * d
		acc[3] += w3 * d
		acc[4] += w4 * d
		acc[5] += w5 * d
		acc[8] += w0 * j0
		acc[9] += w0 * j1
		acc[10] += w0 * j2
		acc[11] += w0 * j3
		acc[24] += w0 * j4
		acc[25] += w0 * j5
		acc[13] += w1 * j1
		acc[14] += w1 * j2
		acc[15] += w1 * j3
		acc[26] += w1 * j4
		acc[27] += w1 * j5
		acc[18] += w2 * j2
		acc[19] += w2 * j3
		acc[28] += w2 * j4
		acc[29] += w2 * j5
		acc[23] += w3 * j3
		acc[30] += w3 * j4
		acc[31] += w3 * j5
		acc[32] += w4 * j4
		acc[33] += w4 * j5
		acc[35] += w5 * j5
	}
	return s
}

// solve6 solves a·x = b by Gaussian elimination with partial pivoting; ok is false when a is
// singular.
func solve6(a [6][6]float64, b [6]float64) (x [6]float64, ok bool) {
	for c := 0; c < 6; c++ {
		p := c
		for r := c + 1; r < 6; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-9 {
			return x, false
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		for r := c + 1; r < 6; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < 6; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	for c := 5; c >= 0; c-- {
		s := b[c]
		for k := c + 1; k < 6; k++ {
			s -= a[c][k] * x[k]
		}
		x[c] = s / a[c][c]
	}
	return x, true
}

// WarpBlockChooser decides, on the encoder side, which blocks of a motion field are better
// predicted by the warp than by their vector (VideoConfig.GlobalWarp: such blocks take the
// warped previous frame as their motion-compensated prediction P).
type WarpBlockChooser struct {
	sadMC []int64
	sadGW []int64
}

// Choose sets out[i] (one per block of f) to 1 where the warp predicts block i of rows
// [f.Y0, y1) of cur (the first coded plane, row-major, w wide) with a sum of absolute
// errors smaller than the block's vector by more than bias per sample (in 1/16), else 0. mc
// and gw hold the rows of the previous frame displaced by f and warped, padded rows of
// stride samples from row r0 (PlaneModel.PrepareBand computes them).
func (c *WarpBlockChooser) Choose(out []uint8, cur []uint16, w int, f *MotionField, mc, gw []int32, stride, r0, y1 int, bias int64) {
	if cap(c.sadMC) < f.Cols {
		c.sadMC, c.sadGW = make([]int64, f.Cols), make([]int64, f.Cols)
	}
	sadMC, sadGW := c.sadMC[:f.Cols], c.sadGW[:f.Cols]
	for by := 0; by < f.Rows; by++ {
		clear(sadMC)
		clear(sadGW)
		ya, yb := f.Y0+by*f.Block, min(f.Y0+(by+1)*f.Block, y1)
		// Whole blocks 16 wide by chooseBlock16AVX2, a block at a time (the same sums: the
		// values are predictions and samples of at most 16 bits), the rest row by row.
		full := 0
		if haveSAD16 && f.Block == 16 && yb > ya && yb-ya < 1<<11 {
			full = min(w/16, len(sadMC))
			for bx := 0; bx < full; bx++ {
				r := (ya-r0)*stride + PlanePad + 16*bx
				last := r + (yb-ya-1)*stride + 15
				_, _ = mc[last], gw[last]
				_ = cur[(yb-1)*w+16*bx+15]
				var sums [2]int64
				chooseBlock16AVX2(&cur[ya*w+16*bx], w, &mc[r], &gw[r], stride, yb-ya, &sums)
				sadMC[bx], sadGW[bx] = sums[0], sums[1]
			}
		}
		for y := ya; y < yb; y++ {
			r := (y-r0)*stride + PlanePad
			mr, gr := mc[r:r+w], gw[r:r+w]
			row := cur[y*w : (y+1)*w]
			// Block by block (no division per sample); the sums are the same.
			for bx := full; bx < len(sadMC); bx++ {
				x0, x1 := bx*f.Block, min((bx+1)*f.Block, w)
				if x0 >= x1 {
					break
				}
				var sm, sg int64
				for x, v := range row[x0:x1] {
					sm += int64(abs32(int32(v) - mr[x0+x]))
					sg += int64(abs32(int32(v) - gr[x0+x]))
				}
				sadMC[bx] += sm
				sadGW[bx] += sg
			}
		}
		for bx := 0; bx < f.Cols; bx++ {
			n := int64((min((bx+1)*f.Block, w) - bx*f.Block) * (yb - ya))
			o := uint8(0)
			if 16*sadGW[bx]+bias*n < 16*sadMC[bx] {
				o = 1
			}
			out[by*f.Cols+bx] = o
		}
	}
}

// applyWarpBlocks overwrites, in the motion-compensated rows mc (rows from y0, each stride
// long, up to y1), the blocks of f flagged in blocks with the warped rows gw (same layout):
// there the warp is P. sx, sy are this plane's subsampling against the searched plane.
func applyWarpBlocks(mc, gw []int32, stride, y0, y1 int, f *MotionField, blocks []uint8, sx, sy uint, w int) {
	span := max(f.Block>>sx, 1)
	for y := y0; y < y1; y++ {
		by := clampInt(((y<<sy)-f.Y0)/f.Block, 0, f.Rows-1)
		flags := blocks[by*f.Cols : (by+1)*f.Cols]
		r := (y - y0) * stride
		for bx, fl := range flags {
			if fl == 0 {
				continue
			}
			x0 := bx * span
			if x0 >= w {
				break
			}
			x1 := min(x0+span, w)
			copy(mc[r+x0+PlanePad:r+x1+PlanePad], gw[r+x0+PlanePad:r+x1+PlanePad])
		}
		// The padding repeats the edge samples, as compensateRow leaves it.
		for i := 0; i < PlanePad; i++ {
			mc[r+i] = mc[r+PlanePad]
			mc[r+PlanePad+w+i] = mc[r+PlanePad+w-1]
		}
	}
}

// MotionSAD returns the sum of absolute errors of field f's prediction of rows [y0, y1) of
// cur (the first coded plane, row-major, prev.W wide) on the samples Estimate measures, for
// comparing the warp with the vectors (encoder side). Blocks whose f.Ref is 1 or 2
// (model.block_refs) read prev2 or prev3 instead of prev.
func (e *WarpEstimator) MotionSAD(cur []uint16, prev, prev2, prev3 *Plane, f *MotionField, y0, y1 int, maxVal int32) int64 {
	w, h := prev.W, prev.H
	stride := w + 2*PlanePad
	if cap(e.row) < stride {
		e.row = make([]int32, stride)
	}
	row := e.row[:stride]
	var s int64
	for y := max(y0+1, 1); y < min(y1-1, h-1); y += warpRowStep { // Estimate's rows
		compensateRowRefs(row, prev, prev2, prev3, y, f, 0, 0, maxVal, 1)
		c := cur[y*w : (y+1)*w]
		for x := 1; x < w-1; x += 2 {
			s += int64(abs32(int32(c[x]) - row[x+PlanePad]))
		}
	}
	return s
}
