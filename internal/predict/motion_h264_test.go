package predict

import (
	"fmt"
	"math/rand"
	"testing"
)

// h264Ref is a direct transcription of H.264 8.4.2.2.1 (luma sample interpolation) for the
// sample at integer position (x, y) of the current block displaced by the quarter-sample
// vector (qx, qy): the reference samples read at clamped coordinates, the intermediates and
// the table of the quarter positions spelt out as the standard has them (j from the vertical
// intermediates cc, dd, h1, m1, ee, ff, where h264LumaRow takes the horizontal ones).
func h264Ref(p *Plane, x, y, qx, qy int, maxVal int32) int32 {
	xi, yi := x+qx>>2, y+qy>>2
	xF, yF := qx&3, qy&3
	ref := func(dx, dy int) int32 {
		return p.Row(clampInt(yi+dy, 0, p.H-1))[clampInt(xi+dx, 0, p.W-1)+PlanePad]
	}
	clip1 := func(v int32) int32 { return clamp32(v, 0, maxVal) }
	hor := func(dy int) int32 { // b1 (dy 0), s1 (dy 1)
		return ref(-2, dy) - 5*ref(-1, dy) + 20*ref(0, dy) + 20*ref(1, dy) - 5*ref(2, dy) + ref(3, dy)
	}
	ver := func(dx int) int32 { // h1 (dx 0), m1 (dx 1), cc, dd, ee, ff
		return ref(dx, -2) - 5*ref(dx, -1) + 20*ref(dx, 0) + 20*ref(dx, 1) - 5*ref(dx, 2) + ref(dx, 3)
	}
	G, H, M := ref(0, 0), ref(1, 0), ref(0, 1)
	b := clip1((hor(0) + 16) >> 5)
	s := clip1((hor(1) + 16) >> 5)
	h := clip1((ver(0) + 16) >> 5)
	m := clip1((ver(1) + 16) >> 5)
	j1 := ver(-2) - 5*ver(-1) + 20*ver(0) + 20*ver(1) - 5*ver(2) + ver(3)
	j := clip1((j1 + 512) >> 10)
	avg := func(a, b int32) int32 { return (a + b + 1) >> 1 }
	switch [2]int{xF, yF} {
	case [2]int{0, 0}:
		return G
	case [2]int{0, 1}:
		return avg(G, h) // d
	case [2]int{0, 2}:
		return h
	case [2]int{0, 3}:
		return avg(M, h) // n
	case [2]int{1, 0}:
		return avg(G, b) // a
	case [2]int{1, 1}:
		return avg(b, h) // e
	case [2]int{1, 2}:
		return avg(h, j) // i
	case [2]int{1, 3}:
		return avg(h, s) // p
	case [2]int{2, 0}:
		return b
	case [2]int{2, 1}:
		return avg(b, j) // f
	case [2]int{2, 2}:
		return j
	case [2]int{2, 3}:
		return avg(j, s) // q
	case [2]int{3, 0}:
		return avg(H, b) // c
	case [2]int{3, 1}:
		return avg(b, m) // g
	case [2]int{3, 2}:
		return avg(j, m) // k
	default:
		return avg(m, s) // r
	}
}

// h264ChromaRef is H.264 8.4.2.2.2 for the sample (x, y) of a chroma plane displaced by
// (ex, ey) eighth samples.
func h264ChromaRef(p *Plane, x, y, ex, ey int) int32 {
	xi, yi := x+ex>>3, y+ey>>3
	xF, yF := int32(ex&7), int32(ey&7)
	ref := func(dx, dy int) int32 {
		return p.Row(clampInt(yi+dy, 0, p.H-1))[clampInt(xi+dx, 0, p.W-1)+PlanePad]
	}
	return ((8-xF)*(8-yF)*ref(0, 0) + xF*(8-yF)*ref(1, 0) + (8-xF)*yF*ref(0, 1) + xF*yF*ref(1, 1) + 32) >> 6
}

func randomPlane(rng *rand.Rand, w, h int, maxVal int32) *Plane {
	p := NewPlane(w, h)
	row := make([]uint16, w)
	for y := 0; y < h; y++ {
		for x := range row {
			row[x] = uint16(rng.Int31n(maxVal + 1))
		}
		p.SetRow(y, row)
	}
	return p
}

// TestH264Filter checks predictRow's FilterH264 against the standard's formulas on random
// planes (8 and 10 bits: the extremes make the clipping work) at all 16 quarter positions,
// for vectors that keep the reads inside and ones that leave the plane on every side, rows
// of a few samples and of more than h264LumaRow's chunk; and filterH264Chroma likewise at
// all 64 eighth positions.
func TestH264Filter(t *testing.T) {
	rng := rand.New(rand.NewSource(264))
	for _, maxVal := range []int32{255, 1023} {
		for _, sz := range [][2]int{{23, 17}, {150, 9}} {
			w, h := sz[0], sz[1]
			p := randomPlane(rng, w, h, maxVal)
			dst := make([]int32, w)
			for trial := 0; trial < 40; trial++ {
				ix := rng.Intn(2*w+16) - w - 8
				iy := rng.Intn(2*h+16) - h - 8
				if trial < 10 {
					ix, iy = rng.Intn(5)-2, rng.Intn(5)-2
				}
				for f := 0; f < 16; f++ {
					qx, qy := 4*ix+f&3, 4*iy+f>>2
					for y := 0; y < h; y++ {
						x0 := rng.Intn(w)
						x1 := x0 + 1 + rng.Intn(w-x0)
						if trial&1 == 0 {
							x0, x1 = 0, w
						}
						predictRow(dst, p, y, x0, x1, qx, qy, FilterH264, maxVal)
						for x := x0; x < x1; x++ {
							if want := h264Ref(p, x, y, qx, qy, maxVal); dst[x-x0] != want {
								t.Fatalf("%dx%d max %d: vector (%d, %d) sample (%d, %d): %d, want %d", w, h, maxVal, qx, qy, x, y, dst[x-x0], want)
							}
						}
					}
				}
				for f := 0; f < 64; f++ {
					ex, ey := 8*ix+f&7, 8*iy+f>>3
					for y := 0; y < h; y++ {
						predictRow(dst, p, y, 0, w, ex, ey, filterH264Chroma, maxVal)
						for x := 0; x < w; x++ {
							if want := h264ChromaRef(p, x, y, ex, ey); dst[x] != want {
								t.Fatalf("chroma %dx%d: vector (%d, %d) sample (%d, %d): %d, want %d", w, h, ex, ey, x, y, dst[x], want)
							}
						}
					}
				}
			}
		}
	}
}

// TestH264ChromaVector checks the chroma vectors of an H.264 vector: 4:2:0 takes the luma
// quarters as chroma eighths, 4:2:2 (halved across only) twice the vertical ones, 4:4:4 the
// luma vector and filter themselves; the other filters are as before.
func TestH264ChromaVector(t *testing.T) {
	v := MotionVector{X: -7, Y: 5, Filter: FilterH264}
	for _, c := range []struct {
		sx, sy   uint
		ex, ey   int
		filt     uint8
		filtName string
	}{
		{1, 1, -7, 5, filterH264Chroma, "chroma"},
		{1, 0, -7, 10, filterH264Chroma, "chroma"},
		{0, 0, -7, 5, FilterH264, "luma"},
	} {
		ex, ey, f := chromaVector(v, c.sx, c.sy)
		if ex != c.ex || ey != c.ey || f != c.filt {
			t.Errorf("shift (%d, %d): (%d, %d) filter %d, want (%d, %d) %s", c.sx, c.sy, ex, ey, f, c.ex, c.ey, c.filtName)
		}
	}
	if ex, ey, f := chromaVector(MotionVector{X: -7, Y: 5, Filter: FilterCubic}, 1, 1); ex != -4 || ey != 2 || f != FilterCubic {
		t.Errorf("cubic: (%d, %d) filter %d", ex, ey, f)
	}
}

// TestH264SearchExact builds a frame from a smooth random one shifted by an H.264-
// interpolated quarter-sample vector and checks that the search (with H264) predicts every
// block away from the edges exactly, with FilterH264 at the vector, where without it the
// blocks keep a residual.
func TestH264SearchExact(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	const w, h, block = 96, 64, 16
	// A smooth plane (a random walk across and down), so that the search's whole- and half-
	// sample steps lead to the vector.
	prev := NewPlane(w, h)
	row := make([]uint16, w)
	above := make([]int, w)
	for y := 0; y < h; y++ {
		v := 128
		for x := 0; x < w; x++ {
			if y > 0 {
				v = (v + above[x]) / 2
			}
			v += rng.Intn(21) - 10
			v = max(16, min(240, v))
			above[x] = v
			row[x] = uint16(v)
		}
		prev.SetRow(y, row)
	}
	for _, vec := range [][2]int{{5, -3}, {-6, 7}, {2, 2}, {9, 1}} {
		qx, qy := vec[0], vec[1]
		cur := make([]uint16, w*h)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				cur[y*w+x] = uint16(h264Ref(prev, x, y, qx, qy, 255))
			}
		}
		for _, on := range []bool{false, true} {
			s := MotionSearch{Range: 8, SubSample: 4, MaxVal: 255, H264: on}
			f := NewMotionField(block, w, 0, h)
			s.Search(f, cur, prev, h)
			exact := 0
			p := make([]int32, block)
			for by := 1; by < f.Rows-1; by++ {
				for bx := 1; bx < f.Cols-1; bx++ {
					v := f.V[by*f.Cols+bx]
					var sad int32
					for y := by * block; y < (by+1)*block; y++ {
						predictRow(p, prev, y, bx*block, (bx+1)*block, int(v.X), int(v.Y), v.Filter, 255)
						for x := 0; x < block; x++ {
							sad += abs32(int32(cur[y*w+bx*block+x]) - p[x])
						}
					}
					if sad == 0 {
						exact++
						if on && (v != MotionVector{X: int16(qx), Y: int16(qy), Filter: FilterH264}) {
							t.Errorf("vector (%d, %d): block (%d, %d) exact with %+v", qx, qy, bx, by, v)
						}
					}
				}
			}
			inner := (f.Rows - 2) * (f.Cols - 2)
			if on && exact != inner {
				t.Errorf("vector (%d, %d) with H264: %d of %d inner blocks exact", qx, qy, exact, inner)
			}
			if !on && exact == inner {
				t.Errorf("vector (%d, %d) without H264: every inner block exact", qx, qy)
			}
		}
	}
}

// TestH264HalvesSAD checks the search's matching of H.264 vectors through the halves
// (sadH264) against predictRow's sums on random planes, at every quarter position, for
// blocks inside the plane and at its edges (where it declines and sadRows answers).
func TestH264HalvesSAD(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for _, maxVal := range []int32{255, 1023} {
		const w, h = 40, 30
		prev := randomPlane(rng, w, h, maxVal)
		cur := make([]uint16, w*h)
		for i := range cur {
			cur[i] = uint16(rng.Int31n(maxVal + 1))
		}
		var c h264Halves
		c.reset(prev, maxVal)
		buf := make([]int32, sadBufLen(16))
		for trial := 0; trial < 300; trial++ {
			if blk, v, ok := randomH264Block(rng, block{cur: cur, w: w, prev: prev, maxVal: maxVal, buf: buf, h264: &c}, h); ok {
				checkSADAgainstRows(t, "", blk, v)
			}
		}
	}
}

// randomH264Block places base (its plane, reference and buffers set) at a random position of
// the w×h plane, at most 16×16, and draws an H.264 vector within ±20 quarter samples. ok is
// false when the vector is whole, which reads no half sample.
func randomH264Block(rng *rand.Rand, base block, h int) (blk block, v MotionVector, ok bool) {
	blk = base
	blk.x0, blk.y0 = rng.Intn(blk.w-4), rng.Intn(h-4)
	blk.x1 = min(blk.x0+1+rng.Intn(16), blk.w)
	blk.y1 = min(blk.y0+1+rng.Intn(16), h)
	v = MotionVector{X: int16(rng.Intn(41) - 20), Y: int16(rng.Intn(41) - 20), Filter: FilterH264}
	return blk, v, v.X&3 != 0 || v.Y&3 != 0
}

// checkSADAgainstRows fails t when the block's SAD under v differs from the one predictRow's
// rows give; where says which case of the caller's it was.
func checkSADAgainstRows(t *testing.T, where string, blk block, v MotionVector) {
	t.Helper()
	want := blk.sadRows(v, 1<<62)
	if got := blk.sad(v, 1<<62); got != want {
		t.Fatalf("%sblock [%d,%d)x[%d,%d) vector %+v: sad %d, predictRow's %d", where, blk.x0, blk.x1, blk.y0, blk.y1, v, got, want)
	}
}

// TestH264HalvesSADKernels holds sadH264's kernels for 16-wide blocks (sadAvg16UUAVX2,
// sadAvg16IUAVX2: every quarter position but the integer one reads two planes of halves or
// the samples and one) to its Go loop: the same sum, and under a limit the same partial sum at the same
// row, at every quarter position, blocks of 1 to 16 rows inside the plane and at its edges, on
// 8-, 10- and 16-bit samples.
func TestH264HalvesSADKernels(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2: the kernels never run")
	}
	defer func(had bool) { haveSAD16 = had }(haveSAD16)
	rng := rand.New(rand.NewSource(11))
	for _, maxVal := range []int32{255, 1023, 65535} {
		const w, h = 48, 40
		prev := randomPlane(rng, w, h, maxVal)
		cur := make([]uint16, w*h)
		for i := range cur {
			cur[i] = uint16(rng.Int31n(maxVal + 1))
		}
		var cGo, cAVX h264Halves
		cGo.reset(prev, maxVal)
		cAVX.reset(prev, maxVal)
		useGo := func(b *block) { b.h264 = &cGo }
		useAVX := func(b *block) { b.h264 = &cAVX }
		buf := make([]int32, sadBufLen(16))
		for trial := 0; trial < 400; trial++ {
			x0, y0 := rng.Intn(w-16+1), rng.Intn(h-1)
			blk := block{cur: cur, w: w, x0: x0, y0: y0, x1: x0 + 16, y1: min(y0+1+rng.Intn(16), h), prev: prev, maxVal: maxVal, buf: buf}
			for q := 1; q < 16; q++ {
				v := MotionVector{X: int16(4*(rng.Intn(9)-4) + q&3), Y: int16(4*(rng.Intn(9)-4) + q>>2), Filter: FilterH264}
				checkSADKernel(t, &blk, v, useGo, useAVX, func() string {
					return fmt.Sprintf("maxVal %d block (%d,%d) rows %d", maxVal, x0, y0, blk.y1-blk.y0)
				})
			}
		}
	}
}

// TestSADH264Edge holds sadH264Edge to sadRows (predictRow row by row, h264LumaChunk's
// clamped window): every quarter position, vectors that take the block's reads past each
// edge of the plane and inside it, blocks 16 and 8 wide and 16, 8 and 3 rows tall at the
// plane's corners, edges and inside, planes smaller than the reads, 8 and 16 bits with
// samples at 0 and full scale (the clips), and limits that stop after the first rows.
func TestSADH264Edge(t *testing.T) {
	rnd := rand.New(rand.NewSource(61))
	runs := 0
	for _, c := range []struct{ w, h, depth int }{{40, 37, 8}, {40, 37, 16}, {17, 9, 8}, {16, 16, 16}} {
		maxVal := int32(1)<<c.depth - 1
		prev, cur := sadTestPlanes(rnd, c.w, c.h, maxVal, 29, 17, 4, 40)
		for _, bw := range []int{16, 8} {
			for _, bh := range []int{16, 8, 3} {
				for _, x0 := range []int{0, 3, c.w - bw} {
					for _, y0 := range []int{0, 5, c.h - bh} {
						if x0 < 0 || y0 < 0 || x0+bw > c.w || y0+bh > c.h {
							continue
						}
						blk := block{cur: cur, w: c.w, x0: x0, y0: y0, x1: x0 + bw, y1: y0 + bh, prev: prev, maxVal: maxVal, buf: make([]int32, sadBufLen(bw))}
						for qy := -4*bh - 14; qy <= 4*(c.h-y0)+6; qy += 7 {
							for qx := -4*bw - 14; qx <= 4*(c.w-x0)+6; qx += 5 {
								v := MotionVector{X: int16(qx), Y: int16(qy), Filter: FilterH264}
								full := blk.sadRows(v, 1<<62)
								for _, l := range []int64{1 << 62, full / 3, 1} {
									got, ok := blk.sadH264Edge(qx>>2, qy>>2, qx&3, qy&3, l)
									if !ok {
										t.Fatalf("block %dx%d: not run", bw, bh)
									}
									if want := blk.sadRows(v, l); got != want {
										t.Fatalf("%dx%d depth %d block %dx%d at (%d,%d) vector %+v limit %d: %d, want %d", c.w, c.h, c.depth, bw, bh, x0, y0, v, l, got, want)
									}
									runs++
								}
							}
						}
					}
				}
			}
		}
	}
	blk := block{x0: 0, x1: 17, y0: 0, y1: 4}
	if _, ok := blk.sadH264Edge(0, 0, 1, 1, 1); ok {
		t.Fatal("a block 17 wide taken")
	}
	if runs == 0 {
		t.Fatal("never ran")
	}
}
