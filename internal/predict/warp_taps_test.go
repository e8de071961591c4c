package predict

import (
	"math"
	"testing"
)

// lanczosTaps computes the Lanczos filter of n taps at 1/64 phases as warp_taps.go's header
// says (floating point: the tables are the literals, this checks them).
func lanczosTaps(n int) (w [1 << warpPhaseBits][8]int32) {
	const T = 1 << warpPhaseBits
	a := float64(n / 2)
	sinc := func(x float64) float64 {
		if x == 0 {
			return 1
		}
		return math.Sin(math.Pi*x) / (math.Pi * x)
	}
	for k := 0; k < T; k++ {
		f := float64(k) / T
		var v [8]float64
		sum := 0.0
		for t := 0; t < n; t++ {
			if x := float64(t-n/2+1) - f; math.Abs(x) < a {
				v[t] = sinc(x) * sinc(x/a)
			}
			sum += v[t]
		}
		tot := int32(0)
		for t := 0; t < n; t++ {
			w[k][t] = int32(math.Round(v[t] / sum * (1 << warpWeightBits)))
			tot += w[k][t]
		}
		w[k][n/2-1] += 1<<warpWeightBits - tot
	}
	return w
}

// TestWarpTapsN checks the Lanczos tables against their definition: each phase sums to
// 1<<14 and phase 0 is the sample itself.
func TestWarpTapsN(t *testing.T) {
	for _, c := range []struct {
		n   int
		tab *[1 << warpPhaseBits][8]int32
	}{{6, &warpTaps6}, {8, &warpTaps8}} {
		if want := lanczosTaps(c.n); want != *c.tab {
			t.Errorf("%d taps: the table differs from its definition", c.n)
		}
		for k, w := range c.tab {
			var s int32
			for _, v := range w {
				s += v
			}
			if s != 1<<warpWeightBits {
				t.Errorf("%d taps, phase %d: sum %d", c.n, k, s)
			}
		}
		if c.tab[0][c.n/2-1] != 1<<warpWeightBits {
			t.Errorf("%d taps: phase 0 is not the sample", c.n)
		}
	}
}

// TestWarpColsN holds the Lanczos warp (whose columns are filtered down once per run) to the
// definition sample by sample (each tap clamped to the plane, rows across then down), for
// warps with a zoom and a rotation that reach past the plane's edges, 8-bit and 16-bit; and
// checks that a whole-sample translation shifts the plane. (A warp whose rows of taps start
// just above the plane, TY = −65 at row 1, once read a column left from another call.)
func TestWarpColsN(t *testing.T) {
	const w, h = 61, 37
	prev := texturePlane(w, h)
	deep := NewPlane(w, h)
	row := make([]uint16, w)
	for y := 0; y < h; y++ {
		for x := range row {
			row[x] = uint16(prev.Row(y)[x+PlanePad] * 257)
		}
		deep.SetRow(y, row)
	}
	dst := make([]int32, w+2*PlanePad)
	for _, n := range []int{6, 8} {
		tab := &warpTaps6
		if n == 8 {
			tab = &warpTaps8
		}
		for _, g := range []Warp{{}, {TX: 100, TY: -37}, {TX: -300, TY: 200, A: [4]int32{900, -1500, 1400, 800}}, {TX: 7, TY: 5, A: [4]int32{-4000, 0, 0, -4000}}, {TX: 40, TY: -65}, {TX: -30, TY: -100, A: [4]int32{0, 0, 700, 0}}} {
			for _, pl := range []struct {
				p   *Plane
				max int32
			}{{prev, 255}, {deep, 65535}} {
				p := g.forPlane(w, h, 0, 0)
				p.taps = n
				for y := 0; y < h; y++ {
					warpRow(dst, pl.p, y, &p, pl.max)
					ry := int64(y) - p.cy
					for x := 0; x < w; x++ {
						rx := int64(x) - p.cx
						px := int64(x)<<16 + p.tx + p.a0*rx + p.a1*ry
						py := int64(y)<<16 + p.ty + p.a2*rx + p.a3*ry
						ix, iy := int(px>>16), int(py>>16)
						wx, wy := &tab[(px>>10)&63], &tab[(py>>10)&63]
						var acc int64
						for k := 0; k < n; k++ {
							r := pl.p.Row(clampInt(iy-n/2+1+k, 0, h-1))
							var s int64
							for i := 0; i < n; i++ {
								s += int64(wx[i]) * int64(r[clampInt(ix-n/2+1+i, 0, w-1)+PlanePad])
							}
							acc += int64(wy[k]) * s
						}
						want := clamp32(int32((acc+1<<27)>>28), 0, pl.max)
						if dst[x+PlanePad] != want {
							t.Fatalf("%d taps, warp %+v, (%d,%d): %d, want %d", n, g, x, y, dst[x+PlanePad], want)
						}
					}
				}
			}
		}
		p := (&Warp{TX: 2 * 64, TY: 64}).forPlane(w, h, 0, 0)
		p.taps = n
		for y := 0; y < h-1; y++ {
			warpRow(dst, prev, y, &p, 255)
			for x := 0; x < w-2; x++ {
				if want := prev.Row(y + 1)[x+2+PlanePad]; dst[x+PlanePad] != want {
					t.Fatalf("%d taps, translation: (%d,%d) = %d, want %d", n, x, y, dst[x+PlanePad], want)
				}
			}
		}
	}
}

// TestComposeWarps checks the second warp's starting point: the identity leaves a warp as it
// is, translations add, and a zoom composed with itself is the zoom squared.
func TestComposeWarps(t *testing.T) {
	g := Warp{TX: 70, TY: -33, A: [4]int32{1200, -300, 250, 900}}
	if c := ComposeWarps(&g, &Warp{}); c != g {
		t.Errorf("g then the identity: %+v", c)
	}
	if c := ComposeWarps(&Warp{}, &g); c != g {
		t.Errorf("the identity then g: %+v", c)
	}
	if c := ComposeWarps(&Warp{TX: 64, TY: 3}, &Warp{TX: -10, TY: 5}); c != (Warp{TX: 54, TY: 8}) {
		t.Errorf("translations: %+v", c)
	}
	z := Warp{A: [4]int32{6553, 0, 0, 6553}} // ×1.1
	if c := ComposeWarps(&z, &z); c.A != [4]int32{13761, 0, 0, 13761} || c.TX != 0 || c.TY != 0 {
		t.Errorf("zoom twice: %+v", c)
	}
}
