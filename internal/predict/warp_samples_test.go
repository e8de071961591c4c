package predict

import (
	"math"
	"testing"
)

// TestWarpSamples holds Estimate, with the gradient terms computed once (its own
// WarpSamples, or one shared by the estimators of a band), to estimateRef, the loop that
// computed them at every step: the same warp and sums, on bands of a texture under zooms,
// rotations and pans, with noise (the robust weights), at 8 and 10 bits, an odd width,
// and after the shared samples were Set to another band (its own taken instead).
func TestWarpSamples(t *testing.T) {
	for _, avx2 := range []bool{haveSAD16, false} {
		t.Run(map[bool]string{true: "avx2", false: "go"}[avx2], func(t *testing.T) {
			defer func(was bool) { haveSAD16 = was }(haveSAD16)
			haveSAD16 = avx2
			testWarpSamples(t)
		})
	}
}

func testWarpSamples(t *testing.T) {
	for _, tc := range []struct {
		w, h  int
		depth int
	}{{640, 96, 8}, {161, 70, 8}, {200, 64, 10}} {
		prev := texturePlane(tc.w, tc.h)
		maxVal := int32(1)<<tc.depth - 1
		if tc.depth > 8 {
			for y := 0; y < tc.h; y++ {
				r := prev.Row(y)
				for i := range r {
					r[i] = r[i] * 4
				}
			}
		}
		dst := make([]int32, tc.w+2*PlanePad)
		for k, truth := range []Warp{
			{TX: 37, TY: -21, A: [4]int32{-300, 40, -40, -300}},
			{TX: -80, TY: 12, A: [4]int32{120, -200, 200, 120}},
			{TX: 5, TY: 70},
		} {
			p := truth.forPlane(tc.w, tc.h, 0, 0)
			cur := make([]uint16, tc.w*tc.h)
			seed := uint32(k + 1)
			for y := 0; y < tc.h; y++ {
				warpRow(dst, prev, y, &p, maxVal)
				for x := 0; x < tc.w; x++ {
					seed = seed*1664525 + 1013904223
					v := dst[x+PlanePad]
					if seed>>28 == 0 { // an outlier now and then
						v = int32(seed>>8) & maxVal
					}
					cur[y*tc.w+x] = uint16(v)
				}
			}
			var shared WarpSamples
			for _, band := range [][2]int{{0, tc.h / 2}, {tc.h / 2, tc.h}, {3, tc.h - 5}} {
				shared.Set(cur, tc.w, tc.h, band[0], band[1])
				var own, a, b, ref WarpEstimator
				a.Samples, b.Samples = &shared, &shared
				for _, init := range []Warp{{}, {TX: 64, A: [4]int32{-200, 0, 0, -200}}, truth} {
					rg, rs, rs0 := ref.estimateRef(cur, prev, band[0], band[1], init, maxVal)
					for name, e := range map[string]*WarpEstimator{"own": &own, "shared": &a, "shared again": &b} {
						g, s, s0 := e.Estimate(cur, prev, band[0], band[1], init, maxVal)
						if g != rg || s != rs || s0 != rs0 {
							t.Errorf("%dx%d, warp %d, band %v, init %+v, %s: %+v %d %d, want %+v %d %d", tc.w, tc.h, k, band, init, name, g, s, s0, rg, rs, rs0)
						}
					}
				}
			}
			// samples Set to another band: the estimator takes its own
			var e WarpEstimator
			e.Samples = &shared
			shared.Set(cur, tc.w, tc.h, 0, 20)
			rg, _, _ := (&WarpEstimator{}).estimateRef(cur, prev, 20, tc.h, Warp{}, maxVal)
			if g, _, _ := e.Estimate(cur, prev, 20, tc.h, Warp{}, maxVal); g != rg {
				t.Errorf("samples of another band: %+v, want %+v", g, rg)
			}
		}
	}
	_ = math.Abs
}

// TestNormalAVX2 holds normalAVX2 to normalGo, bit for bit: random gradient terms and
// weights (wide exponents, signs, zeros), 0 to 37 samples, added to sums already there.
func TestNormalAVX2(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2")
	}
	seed := uint64(1)
	rnd := func() float64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		v := float64(int64(seed>>11)%2001-1000) / 7
		switch seed >> 60 {
		case 0:
			return 0
		case 1:
			return v * 1e-9
		case 2:
			return v * 1e7
		}
		return v
	}
	for n := 0; n < 38; n++ {
		j := make([][8]float64, n+1)
		dw := make([][2]float64, n)
		for i := 0; i < n; i++ {
			for k := 0; k < 6; k++ {
				j[i][k] = rnd()
			}
			dw[i] = [2]float64{math.Abs(rnd()), rnd()}
		}
		var a, b normalAcc
		for l := range a {
			for k := range a[l] {
				a[l][k] = rnd()
			}
		}
		b = a
		dw0 := &[2]float64{}
		if n > 0 {
			dw0 = &dw[0]
		}
		normalAVX2(&a, &j[0], dw0, n)
		normalGo(&b, j, dw)
		ata, atb := a.equations()
		ata2, atb2 := b.equations()
		for r := range ata {
			for c := range ata[r] {
				if math.Float64bits(ata[r][c]) != math.Float64bits(ata2[r][c]) {
					t.Fatalf("n %d: ata[%d][%d] %v, want %v", n, r, c, ata[r][c], ata2[r][c])
				}
			}
			if math.Float64bits(atb[r]) != math.Float64bits(atb2[r]) {
				t.Fatalf("n %d: atb[%d] %v, want %v", n, r, atb[r], atb2[r])
			}
		}
	}
}

// estimateRef is Estimate as it was before WarpSamples, every gradient term computed at
// every Gauss-Newton step: TestWarpSamples holds Estimate to it bit for bit.
func (e *WarpEstimator) estimateRef(cur []uint16, prev *Plane, y0, y1 int, init Warp, maxVal int32) (g Warp, sad, sad0 int64) {
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
		for y := ya; y < yb; y += warpRowStep {
			warpCols(row, prev, y, &pg, maxVal, 1, 2, w-1) // the columns measured below
			c := cur[y*w : (y+1)*w]
			cn, cs := cur[(y-1)*w:y*w], cur[(y+1)*w:(y+2)*w]
			ry := (float64(y) - cy) / ds
			for x := 1; x < w-1; x += 2 {
				d := float64(int32(c[x]) - row[x+PlanePad])
				s += int64(math.Abs(d))
				gx := float64(int32(c[x+1])-int32(c[x-1])) / 2
				gy := float64(int32(cs[x])-int32(cn[x])) / 2
				if gx == 0 && gy == 0 {
					continue
				}
				wt := 1.0
				if ad := math.Abs(d); ad > 6*scale {
					wt = 6 * scale / ad
				}
				rx := (float64(x) - cx) / ds
				j0, j1, j2, j3, j4, j5 := gx, gy, gx*rx, gx*ry, gy*rx, gy*ry
				// The upper triangle of the normal equations, written out (the loops
				// over it cost about as much as the products): the same products,
				// added in the same order.
				w0, w1, w2, w3, w4, w5 := wt*j0, wt*j1, wt*j2, wt*j3, wt*j4, wt*j5
				atb[0] += w0 * d
				atb[1] += w1 * d
				atb[2] += w2 * d
				atb[3] += w3 * d
				atb[4] += w4 * d
				atb[5] += w5 * d
				ata[0][0] += w0 * j0
				ata[0][1] += w0 * j1
				ata[0][2] += w0 * j2
				ata[0][3] += w0 * j3
				ata[0][4] += w0 * j4
				ata[0][5] += w0 * j5
				ata[1][1] += w1 * j1
				ata[1][2] += w1 * j2
				ata[1][3] += w1 * j3
				ata[1][4] += w1 * j4
				ata[1][5] += w1 * j5
				ata[2][2] += w2 * j2
				ata[2][3] += w2 * j3
				ata[2][4] += w2 * j4
				ata[2][5] += w2 * j5
				ata[3][3] += w3 * j3
				ata[3][4] += w3 * j4
				ata[3][5] += w3 * j5
				ata[4][4] += w4 * j4
				ata[4][5] += w4 * j5
				ata[5][5] += w5 * j5
			}
		}
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
