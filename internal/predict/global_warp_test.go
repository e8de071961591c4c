package predict

import (
	"math"
	"testing"
)

// texturePlane returns a w×h plane of smooth texture (sums of sinusoids, 8-bit), padded.
func texturePlane(w, h int) *Plane {
	p := NewPlane(w, h)
	row := make([]uint16, w)
	for y := 0; y < h; y++ {
		for x := range row {
			fx, fy := float64(x), float64(y)
			v := 128 + 50*math.Sin(fx*0.11+fy*0.07) + 40*math.Cos(fx*0.05-fy*0.13) + 20*math.Sin(fx*0.31)*math.Cos(fy*0.23)
			row[x] = uint16(math.Round(v))
		}
		p.SetRow(y, row)
	}
	return p
}

// TestWarpRowExact checks the warp's exact cases: the identity gives the previous frame back,
// a whole-sample translation shifts it, and a chroma plane of 4:2:0 takes half the
// translation.
func TestWarpRowExact(t *testing.T) {
	const w, h = 64, 48
	prev := texturePlane(w, h)
	dst := make([]int32, w+2*PlanePad)
	for y := 0; y < h; y++ {
		WarpRow(dst, prev, y, &Warp{}, 255)
		for x := 0; x < w; x++ {
			if dst[x+PlanePad] != prev.Row(y)[x+PlanePad] {
				t.Fatalf("identity: (%d,%d) = %d, want %d", x, y, dst[x+PlanePad], prev.Row(y)[x+PlanePad])
			}
		}
	}
	g := Warp{TX: 3 * 64, TY: -2 * 64}
	for y := 2; y < h; y++ {
		WarpRow(dst, prev, y, &g, 255)
		for x := 0; x < w-3; x++ {
			if want := prev.Row(y - 2)[x+3+PlanePad]; dst[x+PlanePad] != want {
				t.Fatalf("translation: (%d,%d) = %d, want %d", x, y, dst[x+PlanePad], want)
			}
		}
	}
	// 4:2:0 chroma: a translation of 4 luma samples is 2 chroma samples.
	g = Warp{TX: 4 * 64}
	pw := g.forPlane(2*w, 2*h, 1, 1)
	if pw.tx != 2<<16 || pw.cx != w/2 || pw.cy != h/2 {
		t.Fatalf("chroma map %+v", pw)
	}
	warpRow(dst, prev, 10, &pw, 255)
	for x := 0; x < w-2; x++ {
		if want := prev.Row(10)[x+2+PlanePad]; dst[x+PlanePad] != want {
			t.Fatalf("chroma: (%d,10) = %d, want %d", x, dst[x+PlanePad], want)
		}
	}
}

// TestWarpEstimate warps a texture by a known zoom, rotation and sub-sample translation and
// checks that the estimator finds the map again, from the identity and from a rough start,
// and that its prediction beats the identity's by far.
func TestWarpEstimate(t *testing.T) {
	const w, h = 320, 240
	prev := texturePlane(w, h)
	truth := Warp{TX: 37, TY: -21, A: [4]int32{-300, 40, -40, -300}} // ~0.46 % zoom in, a little rotation
	cur := make([]uint16, w*h)
	dst := make([]int32, w+2*PlanePad)
	for y := 0; y < h; y++ {
		WarpRow(dst, prev, y, &truth, 255)
		for x := 0; x < w; x++ {
			cur[y*w+x] = uint16(dst[x+PlanePad])
		}
	}
	var e WarpEstimator
	for _, init := range []Warp{{}, {TX: 64, TY: 0, A: [4]int32{-200, 0, 0, -200}}} {
		g, sad, sad0 := e.Estimate(cur, prev, 0, h, init, 255)
		t.Logf("from %+v: %+v (truth %+v), SAD %d, identity's %d", init, g, truth, sad, sad0)
		if d := max(abs32(g.TX-truth.TX), abs32(g.TY-truth.TY)); d > 2 {
			t.Errorf("translation off by %d/64 sample", d)
		}
		for k := range g.A {
			if d := abs32(g.A[k] - truth.A[k]); d > 8 {
				t.Errorf("A[%d] = %d, want %d", k, g.A[k], truth.A[k])
			}
		}
		if sad*8 > sad0 {
			t.Errorf("SAD %d not below an eighth of the identity's %d", sad, sad0)
		}
	}
}

// TestWarpTaps checks the cubic's table: each phase's weights sum to 1<<14, phase 0 is the
// sample itself, phase 32 is symmetric, and the weights stay within a rounding step of the
// kernel (a = −3/4) evaluated in floating point.
func TestWarpTaps(t *testing.T) {
	const a = -0.75
	kern := func(s float64) float64 {
		s = math.Abs(s)
		if s <= 1 {
			return (a+2)*s*s*s - (a+3)*s*s + 1
		}
		return a*s*s*s - 5*a*s*s + 8*a*s - 4*a
	}
	for k, w := range warpTaps {
		if w[0]+w[1]+w[2]+w[3] != 1<<warpWeightBits {
			t.Fatalf("phase %d: weights %v", k, w)
		}
		f := float64(k) / 64
		want := [4]float64{kern(1 + f), kern(f), kern(1 - f), kern(2 - f)}
		for i := range w {
			if d := math.Abs(float64(w[i]) - want[i]*(1<<warpWeightBits)); d > 1 {
				t.Errorf("phase %d tap %d: %d, kernel %.2f", k, i, w[i], want[i]*(1<<warpWeightBits))
			}
		}
	}
	if warpTaps[0] != [4]int32{0, 1 << warpWeightBits, 0, 0} || warpTaps[32][0] != warpTaps[32][3] || warpTaps[32][1] != warpTaps[32][2] {
		t.Errorf("phases 0 and 32: %v %v", warpTaps[0], warpTaps[32])
	}
}

// TestWarpColsMatchesRow holds warpCols, the estimator's every-other-column warp, to warpRow:
// the same value at every column it computes (inside the plane and at its edges, where taps
// are clamped), and every other column of dst left as it was.
func TestWarpColsMatchesRow(t *testing.T) {
	const w, h = 61, 37
	prev := texturePlane(w, h)
	full := make([]int32, w+2*PlanePad)
	part := make([]int32, w+2*PlanePad)
	warps := []Warp{{}, {TX: 37, TY: -21, A: [4]int32{-300, 40, -40, -300}}, {TX: -5 * 64, TY: 3*64 + 17, A: [4]int32{900, -700, 500, 1200}}}
	for _, g := range warps {
		p := g.forPlane(w, h, 0, 0)
		for y := 0; y < h; y++ {
			warpRow(full, prev, y, &p, 255)
			for _, c := range [][3]int{{1, 2, w - 1}, {0, 3, w}, {2, 1, 10}} {
				for i := range part {
					part[i] = -7
				}
				warpCols(part, prev, y, &p, 255, c[0], c[1], c[2])
				for x := 0; x < w; x++ {
					want := int32(-7)
					if x >= c[0] && x < c[2] && (x-c[0])%c[1] == 0 {
						want = full[x+PlanePad]
					}
					if part[x+PlanePad] != want {
						t.Fatalf("warp %+v, row %d, columns %v: x=%d gives %d, want %d", g, y, c, x, part[x+PlanePad], want)
					}
				}
			}
		}
	}
}
