package predict

import (
	"fmt"
	"math"
	"slices"
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

// TestPrepareBand holds the encoder's shortcut to the model's own rows: a band begun after
// PrepareBand (same band, field and warp) has the motion-compensated and warped rows, and the
// warp's blocks applied, of a band begun without it; a band begun under another warp, or
// another band, computes its own; and the rows PrepareBand returns are compensateRow's and
// warpRow's.
func TestPrepareBand(t *testing.T) {
	const w, h, y0, y1 = 64, 48, 16, 40
	cfg := DefaultVideoConfig()
	cfg.GlobalWarp = true
	st := NewPlaneState(w, h)
	st.Prev = texturePlane(w, h)
	st.HasPrev = true
	f := NewMotionField(16, w, y0, y1)
	for i := range f.V {
		f.V[i] = MotionVector{X: int16(i%5 - 2), Y: int16(i%3*4 - 3)}
	}
	blocks := make([]uint8, len(f.V))
	for i := range blocks {
		blocks[i] = uint8(i % 2)
	}
	g := Warp{TX: 45, TY: -70, A: [4]int32{-300, 40, -40, -300}}
	other := Warp{TX: 40, TY: -70, A: [4]int32{-300, 40, -40, -300}}
	begin := func(m *PlaneModel, g *Warp, y0, y1 int) ([]int32, []int32) {
		m.SetMotion(f, 0, 0)
		m.SetWarp(g, blocks, w, h, 0, 0)
		m.BeginBand(y0, y1)
		return append([]int32(nil), m.mcBuf...), append([]int32(nil), m.gwBuf...)
	}
	want := NewPlaneModel(&cfg, st, nil, 0, 0, 8)
	wantMC, wantGW := begin(want, &g, y0, y1)
	m := NewPlaneModel(&cfg, st, nil, 0, 0, 8)
	mc, gw, stride, r0 := m.PrepareBand(f, &g, w, h, y0, y1)
	if r0 != y0-1 || stride != w+2*PlanePad {
		t.Fatalf("rows from %d, stride %d", r0, stride)
	}
	row := make([]int32, stride)
	p := g.forPlane(w, h, 0, 0)
	for y := r0; y < y1; y++ {
		compensateRow(row, st.Prev, y, f, 0, 0, 255, 1)
		if !slices.Equal(row, mc[(y-r0)*stride:(y-r0+1)*stride]) {
			t.Fatalf("motion-compensated row %d differs", y)
		}
		warpRow(row, st.Prev, y, &p, 255)
		if !slices.Equal(row, gw[(y-r0)*stride:(y-r0+1)*stride]) {
			t.Fatalf("warped row %d differs", y)
		}
	}
	if gotMC, gotGW := begin(m, &g, y0, y1); !slices.Equal(gotMC, wantMC) || !slices.Equal(gotGW, wantGW) {
		t.Fatal("a prepared band's rows differ from the model's own")
	}
	// PrepareBand holds for one band only: the next, unprepared, computes its own.
	otherMC, otherGW := begin(want, &other, y0, y1)
	if slices.Equal(otherGW, wantGW) {
		t.Fatal("the two warps give the same rows: the test cannot tell them apart")
	}
	m.PrepareBand(f, &g, w, h, y0, y1)
	if gotMC, gotGW := begin(m, &other, y0, y1); !slices.Equal(gotMC, otherMC) || !slices.Equal(gotGW, otherGW) {
		t.Fatal("a band begun under another warp kept the prepared rows")
	}
	m.PrepareBand(f, &g, w, h, y0, y1)
	want.PrepareBand(f, &g, w, h, y0, y1-8)
	if gotMC, gotGW := begin(m, &g, y0, y1); !slices.Equal(gotMC, wantMC) || !slices.Equal(gotGW, wantGW) {
		t.Fatal("prepared twice: the rows differ")
	}
	if gotMC, gotGW := begin(want, &g, y0, y1); !slices.Equal(gotMC, wantMC) || !slices.Equal(gotGW, wantGW) {
		t.Fatal("a band begun after another band was prepared kept its rows")
	}
}

// BenchmarkWarp times the global warp's two costs on a 640x360 texture under a zoom and a
// sub-sample pan: every row warped as the model predicts a band (warpRow, per sample), and
// the encoder's estimate of the warp of a band of 90 rows from a rough start (Estimate, per
// band). Compare runs with benchstat.
func BenchmarkWarp(b *testing.B) {
	const w, h = 640, 360
	prev := texturePlane(w, h)
	truth := Warp{TX: 37, TY: -21, A: [4]int32{-300, 40, -40, -300}}
	p := truth.forPlane(w, h, 0, 0)
	dst := make([]int32, w+2*PlanePad)
	cur := make([]uint16, w*h)
	for y := 0; y < h; y++ {
		warpRow(dst, prev, y, &p, 255)
		for x := 0; x < w; x++ {
			cur[y*w+x] = uint16(dst[x+PlanePad])
		}
	}
	b.Run("row", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			warpRow(dst, prev, i%h, &p, 255)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/w, "ns/sample")
	})
	b.Run("estimate", func(b *testing.B) {
		var e WarpEstimator
		init := Warp{TX: 64, A: [4]int32{-200, 0, 0, -200}}
		for i := 0; i < b.N; i++ {
			if g, _, _ := e.Estimate(cur, prev, 90, 180, init, 255); g.IsZero() {
				b.Fatal("no warp found")
			}
		}
	})
}

// TestWarpBlockChooserSums holds Choose to its definition (each block's sums of absolute
// errors, sample by sample), on a plane whose width is not a multiple of the block and a
// band that ends inside a block row, with and without AVX2 (chooseBlock16AVX2 for the whole
// blocks), on values of 8 and of 16 bits.
func TestWarpBlockChooserSums(t *testing.T) {
	had := haveSAD16
	defer func() { haveSAD16 = had }()
	for _, avx := range []bool{false, true} {
		for _, big := range []bool{false, true} {
			haveSAD16 = avx && had
			testWarpBlockChooserSums(t, big)
		}
	}
}

func testWarpBlockChooserSums(t *testing.T, big bool) {
	const w, h, block = 70, 40, 16
	const r0, y0, y1 = 2, 3, 37
	cur := make([]uint16, w*h)
	for i := range cur {
		cur[i] = uint16(i*7919%251 + i%13)
		if big {
			cur[i] = uint16(i * 7919 % 65536)
		}
	}
	stride := w + 2*PlanePad
	mc, gw := make([]int32, stride*(y1-r0)), make([]int32, stride*(y1-r0))
	for i := range mc {
		mc[i], gw[i] = int32(i*31%257), int32(i*17%263)
		if big {
			mc[i], gw[i] = int32(i*40503%65536), 65535-int32(i*17%65536)
		}
	}
	f := NewMotionField(block, w, y0, y1)
	var c WarpBlockChooser
	for _, bias := range []int64{0, 1, 5} {
		out := make([]uint8, len(f.V))
		c.Choose(out, cur, w, f, mc, gw, stride, r0, y1, bias)
		for by := 0; by < f.Rows; by++ {
			for bx := 0; bx < f.Cols; bx++ {
				var sm, sg, n int64
				for y := f.Y0 + by*block; y < min(f.Y0+(by+1)*block, y1); y++ {
					for x := bx * block; x < min((bx+1)*block, w); x++ {
						v := int64(cur[y*w+x])
						r := (y-r0)*stride + PlanePad + x
						sm += max(v-int64(mc[r]), int64(mc[r])-v)
						sg += max(v-int64(gw[r]), int64(gw[r])-v)
						n++
					}
				}
				want := uint8(0)
				if 16*sg+bias*n < 16*sm {
					want = 1
				}
				if out[by*f.Cols+bx] != want {
					t.Fatalf("bias %d: block (%d, %d) chose %d, want %d", bias, bx, by, out[by*f.Cols+bx], want)
				}
			}
		}
	}
}

// TestWarpColsDefinition holds warpRow to the filter's definition, sample by sample (with
// and without the AVX2 kernel): the sixteen taps (clamped to the plane) weighed row by row,
// on 8- and 16-bit planes, for warps whose rows keep their vertical phase (pan, zoom) and
// ones that change it along the row (rotation, shear), some reaching outside the plane.
func TestWarpColsDefinition(t *testing.T) {
	defer func(had bool) { haveSAD16 = had }(haveSAD16)
	defer func(v int64) { warpDirectSyp = v }(warpDirectSyp)
	for _, avx := range []bool{false, haveSAD16} {
		haveSAD16 = avx // the columns filtered down by colsAVX2, and by Go's loop
		// runs wherever the phase allows, each sample alone, and the default between
		for _, th := range []int64{1 << 40, 0, warpDirectSyp} {
			warpDirectSyp = th
			testWarpColsDefinition(t)
		}
	}
}

// TestWarpColsDirect holds warpCols's samples filtered one by one (warpDirectSyp 0) to
// those filtered in runs (warpDirectSyp beyond any step) for the estimator's every other
// column and other steps, on 8- and 16-bit textures under warps whose rows change their
// vertical phase slowly and fast, some reaching outside the plane, with and without AVX2.
func TestWarpColsDirect(t *testing.T) {
	defer func(had bool) { haveSAD16 = had }(haveSAD16)
	defer func(v int64) { warpDirectSyp = v }(warpDirectSyp)
	const w, h = 83, 45
	for _, maxVal := range []int32{255, 65535} {
		prev := NewPlane(w, h)
		row := make([]uint16, w)
		for y := 0; y < h; y++ {
			for x := range row {
				row[x] = uint16((x*x*131 + y*7919 + x*y*17) % int(maxVal+1))
			}
			prev.SetRow(y, row)
		}
		runs, alone := make([]int32, w+2*PlanePad), make([]int32, w+2*PlanePad)
		for _, a2 := range []int32{0, 3, -40, 170, -171, 400, -900, WarpMaxA} {
			g := Warp{TX: 37, TY: -21, A: [4]int32{-300, -a2 / 2, a2, 200}}
			p := g.forPlane(w, h, 0, 0)
			for _, avx := range []bool{false, haveSAD16} {
				haveSAD16 = avx
				for y := 0; y < h; y++ {
					for _, c := range [][3]int{{1, 2, w - 1}, {0, 1, w}, {2, 3, w}} {
						warpDirectSyp = 1 << 40
						warpCols(runs, prev, y, &p, maxVal, c[0], c[1], c[2])
						warpDirectSyp = 0
						warpCols(alone, prev, y, &p, maxVal, c[0], c[1], c[2])
						for x := c[0]; x < c[2]; x += c[1] {
							if runs[x+PlanePad] != alone[x+PlanePad] {
								t.Fatalf("maxVal %d, a2 %d, row %d, cols %v: x=%d alone %d, in runs %d", maxVal, a2, y, c, x, alone[x+PlanePad], runs[x+PlanePad])
							}
						}
					}
				}
			}
		}
	}
}

// BenchmarkWarpColsDirect times the estimator's rows (every other column of a 640x360
// texture) under shears that end warpCols's runs after many samples or few, filtered in runs
// and sample by sample, to place warpDirectSyp.
func BenchmarkWarpColsDirect(b *testing.B) {
	const w, h = 640, 360
	prev := texturePlane(w, h)
	dst := make([]int32, w+2*PlanePad)
	defer func(v int64) { warpDirectSyp = v }(warpDirectSyp)
	for _, a2 := range []int32{60, 100, 160, 250, 400} {
		g := Warp{TX: 37, TY: -21, A: [4]int32{-100, -a2, a2, -100}}
		p := g.forPlane(w, h, 0, 0)
		for _, th := range []int64{1 << 40, 0} {
			name := "runs"
			if th == 0 {
				name = "alone"
			}
			b.Run(fmt.Sprintf("step=%d/%s", 2*a2, name), func(b *testing.B) {
				warpDirectSyp = th
				for i := 0; i < b.N; i++ {
					warpCols(dst, prev, 4+i%(h-8), &p, 255, 1, 2, w-1)
				}
			})
		}
	}
}

func testWarpColsDefinition(t *testing.T) {
	const w, h = 67, 41
	warps := []Warp{{}, {TX: 37, TY: -21}, {TX: 37, TY: -21, A: [4]int32{-300, 0, 0, -300}},
		{TX: 37, TY: -21, A: [4]int32{-300, 40, -40, -300}}, {TX: -5 * 64, TY: 3*64 + 17, A: [4]int32{900, -700, 500, 1200}},
		{TX: 11, TY: 5, A: [4]int32{WarpMaxA, -WarpMaxA, WarpMaxA / 3, -WarpMaxA / 2}}}
	for _, depth := range []int{8, 16} {
		maxVal := int32(1)<<depth - 1
		prev := NewPlane(w, h)
		row := make([]uint16, w)
		for y := 0; y < h; y++ {
			for x := range row {
				row[x] = uint16((x*x*131 + y*7919 + x*y*17) % int(maxVal+1))
			}
			prev.SetRow(y, row)
		}
		dst := make([]int32, w+2*PlanePad)
		for _, g := range warps {
			p := g.forPlane(w, h, 0, 0)
			for y := 0; y < h; y++ {
				warpRow(dst, prev, y, &p, maxVal)
				for x := 0; x < w; x++ {
					ry := int64(y) - p.cy
					px := p.tx - p.a0*p.cx + p.a1*ry + int64(x)*(1<<16+p.a0)
					py := int64(y)<<16 + p.ty - p.a2*p.cx + p.a3*ry + int64(x)*p.a2
					ix, iy := int(px>>16), int(py>>16)
					wx, wy := warpTaps[(px>>10)&63], warpTaps[(py>>10)&63]
					var acc int64
					for k := 0; k < 4; k++ {
						r := prev.Row(min(max(iy-1+k, 0), h-1))
						var s int64
						for j := 0; j < 4; j++ {
							s += int64(wx[j]) * int64(r[min(max(ix-1+j, 0), w-1)+PlanePad])
						}
						acc += int64(wy[k]) * s
					}
					want := int32(min(max((acc+1<<27)>>28, 0), int64(maxVal)))
					if dst[x+PlanePad] != want {
						t.Fatalf("depth %d, warp %+v, row %d: x=%d gives %d, want %d", depth, g, y, x, dst[x+PlanePad], want)
					}
				}
			}
		}
	}
}

// TestWarpTapsBound checks that warpCols's sums, a column of four taps of one phase on
// samples of up to 16 bits filtered down and four such columns across, cannot overflow
// their int32 (the column-first order gives the definition's integer only while every
// partial sum is exact), and that the taps have the cubic's negative lobes.
func TestWarpTapsBound(t *testing.T) {
	worst := int64(0)
	for _, w := range warpTaps {
		s := int64(0)
		for _, v := range w {
			s += int64(max(v, -v))
		}
		worst = max(worst, s)
	}
	if worst*65535 >= 1<<31 {
		t.Fatalf("taps sum to %d in absolute value: a column of 16-bit samples overflows int32", worst)
	}
	if worst <= 1<<warpWeightBits {
		t.Fatalf("taps sum to %d in absolute value, no negative lobe: the table is wrong", worst)
	}
}
