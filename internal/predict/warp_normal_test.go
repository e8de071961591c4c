package predict

import (
	"math"
	"math/rand"
	"testing"
)

// normalRowRef is Estimate's sums over a row as the loop was written before warpNormalRow
// (the same expressions, on ata and atb): the definition both kernels are held to.
func normalRowRef(ata *[6][6]float64, atb *[6]float64, c, cn, cs []uint16, row []int32, w int, cx, ry, scale float64) (s int64) {
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
		if ad := math.Abs(d); ad > 6*scale {
			wt = 6 * scale / ad
		}
		rx := (float64(x) - cx) / ds
		j := [6]float64{gx, gy, gx * rx, gx * ry, gy * rx, gy * ry}
		for a := 0; a < 6; a++ {
			wa := wt * j[a]
			atb[a] += wa * d
			for b := a; b < 6; b++ {
				ata[a][b] += wa * j[b]
			}
		}
	}
	return s
}

// normalLanes lists, for ata[a][b] (b ≥ a) and atb[a], the lane of warpNormalRow's acc.
func normalLanes() (ata [6][6]int, atb [6]int) {
	ata = [6][6]int{
		{8, 9, 10, 11, 24, 25},
		{1: 13, 2: 14, 3: 15, 4: 26, 5: 27},
		{2: 18, 3: 19, 4: 28, 5: 29},
		{3: 23, 4: 30, 5: 31},
		{4: 32, 5: 33},
		{5: 35},
	}
	return ata, [6]int{0, 1, 2, 3, 4, 5}
}

// TestWarpNormalAsm holds warpNormalAsm (AVX2) and warpNormalRow (Go) to the sums as
// Estimate wrote them before (normalRowRef), bit for bit, on rows accumulated one after
// another: random samples of 8, 10 and 16 bits (large errors, so that the robust weight is
// below 1), flat stretches (no gradient: nothing added), warped rows far off the frame's,
// widths 1 to 21 and 640 and 641, row positions above and below the centre.
func TestWarpNormalAsm(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	latA, latB := normalLanes()
	for _, bits := range []int{8, 10, 16} {
		maxVal := int32(1)<<bits - 1
		scale := float64(maxVal) / 255
		for _, w := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 21, 640, 641} {
			for trial := 0; trial < 6; trial++ {
				var ata [6][6]float64
				var atb [6]float64
				var accGo, accAsm [36]float64
				var sRef, sGo, sAsm int64
				cx := float64(w / 2)
				for r := 0; r < 5; r++ {
					c, cn, cs := make([]uint16, w), make([]uint16, w), make([]uint16, w)
					row := make([]int32, w)
					for x := 0; x < w; x++ {
						switch (trial + r) % 3 {
						case 0: // noise over the whole range
							c[x], cn[x], cs[x] = uint16(rng.Int31n(maxVal+1)), uint16(rng.Int31n(maxVal+1)), uint16(rng.Int31n(maxVal+1))
							row[x] = rng.Int31n(maxVal + 1)
						case 1: // flat stretches with steps, the warped row close
							v := uint16(int32(x/7*37) % (maxVal + 1))
							c[x], cn[x], cs[x] = v, v, v
							if x%11 == 0 {
								cs[x] = uint16(rng.Int31n(maxVal + 1))
							}
							row[x] = int32(v) + rng.Int31n(9) - 4
						default: // a gradient, the warped row far off
							c[x] = uint16(int32(x*x) % (maxVal + 1))
							cn[x], cs[x] = c[x]/2, uint16(min(int32(c[x])*2, maxVal))
							row[x] = maxVal - int32(c[x])
						}
					}
					ry := (float64(r*97) - 200) / 256
					sRef += normalRowRef(&ata, &atb, c, cn, cs, row, w, cx, ry, scale)
					sGo += warpNormalRow(&accGo, c, cn, cs, row, w, cx, ry, 6*scale)
					if haveSAD16 {
						sAsm += warpNormalAsm(&accAsm, &c[0], &cn[0], &cs[0], &row[0], w, cx, ry, 6*scale)
					}
				}
				check := func(name string, acc *[36]float64, s int64) {
					if s != sRef {
						t.Fatalf("%s, %d bits, width %d, trial %d: sum of |d| %d, want %d", name, bits, w, trial, s, sRef)
					}
					for a := 0; a < 6; a++ {
						if math.Float64bits(acc[latB[a]]) != math.Float64bits(atb[a]) {
							t.Fatalf("%s, %d bits, width %d, trial %d: atb[%d] = %v, want %v", name, bits, w, trial, a, acc[latB[a]], atb[a])
						}
						for b := a; b < 6; b++ {
							if math.Float64bits(acc[latA[a][b]]) != math.Float64bits(ata[a][b]) {
								t.Fatalf("%s, %d bits, width %d, trial %d: ata[%d][%d] = %v, want %v", name, bits, w, trial, a, b, acc[latA[a][b]], ata[a][b])
							}
						}
					}
				}
				check("Go", &accGo, sGo)
				if haveSAD16 {
					check("AVX2", &accAsm, sAsm)
				}
			}
		}
	}
}

// TestWarpEstimateKernels runs Estimate with and without AVX2 (the sums by warpNormalAsm and
// by warpNormalRow) on a texture under zooms, rotations and pans, with noise and a patch
// that moves on its own (outliers, robust weights below 1), 8 and 10 bits, an odd width,
// bands at the top, inside and at the bottom: the same warp and sums of errors.
func TestWarpEstimateKernels(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2: the kernel never runs")
	}
	defer func(had bool) { haveSAD16 = had }(haveSAD16)
	const w, h = 161, 120
	rng := rand.New(rand.NewSource(9))
	for _, shift := range []uint{0, 2} {
		maxVal := int32(255) << shift
		prev := texturePlane(w, h)
		for y := 0; y < h; y++ {
			r := prev.Row(y)
			for x := range r {
				r[x] <<= shift
			}
		}
		for _, truth := range []Warp{
			{TX: 37, TY: -21, A: [4]int32{-300, 40, -40, -300}},
			{TX: -90, TY: 50, A: [4]int32{500, -200, 200, 500}},
			{TX: 10},
		} {
			cur := make([]uint16, w*h)
			dst := make([]int32, w+2*PlanePad)
			for y := 0; y < h; y++ {
				WarpRow(dst, prev, y, &truth, maxVal)
				for x := 0; x < w; x++ {
					v := dst[x+PlanePad] + rng.Int31n(5) - 2
					if x > 60 && x < 90 && y > 30 && y < 70 {
						v = maxVal - v
					}
					cur[y*w+x] = uint16(clamp32(v, 0, maxVal))
				}
			}
			for _, band := range [][2]int{{0, 40}, {40, 80}, {80, 120}, {0, 120}} {
				for _, init := range []Warp{{}, {TX: 64, A: [4]int32{-200, 0, 0, -200}}} {
					var e WarpEstimator
					haveSAD16 = true
					g1, s1, z1 := e.Estimate(cur, prev, band[0], band[1], init, maxVal)
					haveSAD16 = false
					g0, s0, z0 := e.Estimate(cur, prev, band[0], band[1], init, maxVal)
					if g1 != g0 || s1 != s0 || z1 != z0 {
						t.Fatalf("shift %d, truth %+v, band %v: AVX2 %+v %d %d, Go %+v %d %d", shift, truth, band, g1, s1, z1, g0, s0, z0)
					}
				}
			}
		}
	}
}
