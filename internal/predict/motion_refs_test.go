package predict

import (
	"fmt"
	"math/rand"
	"testing"
)

// smoothPlane is a random walk across and down (so that the searches' steps lead to the
// vector), values within [lo, hi].
func smoothPlane(rng *rand.Rand, w, h, lo, hi int) *Plane {
	p := NewPlane(w, h)
	row := make([]uint16, w)
	above := make([]int, w)
	for y := 0; y < h; y++ {
		v := (lo + hi) / 2
		for x := 0; x < w; x++ {
			if y > 0 {
				v = (v + above[x]) / 2
			}
			v += rng.Intn(21) - 10
			v = max(lo, min(hi, v))
			above[x] = v
			row[x] = uint16(v)
		}
		p.SetRow(y, row)
	}
	return p
}

// TestSearchRefsHalves checks that SearchRefs (model.block_refs) chooses the same frames and
// vectors when it matches H.264 vectors through half samples (Search's of prev, its own of
// the older frames, rows of the band only) as when it matched them through predictRow, row
// by row: on a clip whose blocks are H.264 shifts of t−1, t−2 and t−3 in turn, bands at
// the top, inside and at the bottom of the plane, 8 and 10 bits. It also holds the halves of
// a band's rows (resetRows) to predictRow's sums, blocks inside, at and past the rows held.
func TestSearchRefsHalves(t *testing.T) {
	rng := rand.New(rand.NewSource(16))
	const w, h, bs = 112, 96, 16
	for _, maxVal := range []int32{255, 1023} {
		hi := int(maxVal) - 16
		p3 := smoothPlane(rng, w, h, 16, hi)
		p2 := smoothPlane(rng, w, h, 16, hi)
		p1 := smoothPlane(rng, w, h, 16, hi)
		planes := []*Plane{p1, p2, p3}
		vecs := [][2]int{{5, -3}, {-6, 7}, {2, 2}, {9, 1}, {-3, -5}, {7, 6}}
		cur := make([]uint16, w*h)
		for by := 0; by < h/bs; by++ {
			for bx := 0; bx < w/bs; bx++ {
				k := (bx + 2*by) % 3 // the frame the block shows
				v := vecs[(bx*5+by*3)%len(vecs)]
				qx, qy := v[0]*(k+1), v[1]*(k+1)
				for y := by * bs; y < (by+1)*bs; y++ {
					for x := bx * bs; x < (bx+1)*bs; x++ {
						cur[y*w+x] = uint16(h264Ref(planes[k], x, y, qx, qy, maxVal))
					}
				}
			}
		}
		h264Refs := 0
		for _, band := range [][2]int{{0, h}, {0, 48}, {32, 80}, {48, h}} {
			var fields [2]*MotionField
			for i, on := range []bool{false, true} {
				refsHalves = on
				s := MotionSearch{Range: 8, SubSample: 4, MaxVal: maxVal, H264: true, H264Rel: 24}
				f := NewMotionField(bs, w, band[0], band[1])
				s.Search(f, cur, p1, band[1])
				s.SearchRefs(f, cur, p1, []*Plane{p2, p3}, band[1], 8, 64)
				fields[i] = f
			}
			refsHalves = true
			a, b := fields[0], fields[1]
			for i := range a.V {
				if a.V[i] != b.V[i] || a.Ref[i] != b.Ref[i] {
					t.Fatalf("%d bits, band %v, block %d: %+v ref %d with the halves, %+v ref %d without", map[int32]int{255: 8, 1023: 10}[maxVal], band, i, b.V[i], b.Ref[i], a.V[i], a.Ref[i])
				}
				if b.Ref[i] != 0 && b.V[i].Filter == FilterH264 {
					h264Refs++
				}
			}
		}
		if h264Refs == 0 {
			t.Errorf("%d: no block took an older frame by an H.264 vector: the test does not reach the halves", maxVal)
		}
		// the halves of a band's rows against predictRow
		buf := make([]int32, sadBufLen(16))
		for trial := 0; trial < 400; trial++ {
			y0 := rng.Intn(h - 8)
			y1 := y0 + 1 + rng.Intn(h-y0)
			var c h264Halves
			c.resetRows(p2, maxVal, y0, y1)
			if blk, v, ok := randomH264Block(rng, block{cur: cur, w: w, prev: p2, maxVal: maxVal, buf: buf, h264: &c}, h); ok {
				checkSADAgainstRows(t, fmt.Sprintf("rows [%d,%d), ", y0, y1), blk, v)
			}
		}
	}
}

// TestSearchRefsShortcuts checks that SearchRefs chooses the same frames and vectors with its
// shortcuts (the block's t−1 SAD taken from Search; the first candidates in an older frame
// matched only up to three times the block's t−1 cost) as without them, on clips whose
// blocks show t−1, t−2 or t−3 moved, or none of them (noise: the older frames cut off), with
// and without H.264 vectors, bands at the top, inside and at the bottom; and that the SADs
// Search leaves are each block's SAD at its vector, and are not taken for another field,
// another vector or a search cut short.
func TestSearchRefsShortcuts(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	const w, h, bs = 112, 96, 16
	older, took := 0, 0
	for trial := 0; trial < 6; trial++ {
		maxVal := int32(255)
		if trial%2 == 1 {
			maxVal = 1023
		}
		hi := int(maxVal) - 16
		p3 := smoothPlane(rng, w, h, 16, hi)
		p2 := smoothPlane(rng, w, h, 16, hi)
		p1 := smoothPlane(rng, w, h, 16, hi)
		planes := []*Plane{p1, p2, p3}
		cur := make([]uint16, w*h)
		for by := 0; by < h/bs; by++ {
			for bx := 0; bx < w/bs; bx++ {
				k := rng.Intn(4) // the frame the block shows; 3: noise
				qx, qy := rng.Intn(33)-16, rng.Intn(33)-16
				for y := by * bs; y < (by+1)*bs; y++ {
					for x := bx * bs; x < (bx+1)*bs; x++ {
						v := int32(rng.Intn(hi))
						if k < 3 {
							v = h264Ref(planes[k], x, y, qx*(k+1), qy*(k+1), maxVal) + int32(rng.Intn(3)) - 1
						}
						cur[y*w+x] = uint16(max(0, min(maxVal, v)))
					}
				}
			}
		}
		for _, band := range [][2]int{{0, h}, {0, 48}, {32, 80}, {48, h}} {
			var fields [2]*MotionField
			for i, on := range []bool{false, true} {
				refsShortcuts = on
				s := MotionSearch{Range: 8, SubSample: 4, MaxVal: maxVal, H264: trial < 4, H264Rel: 24}
				f := NewMotionField(bs, w, band[0], band[1])
				s.Search(f, cur, p1, band[1])
				if on {
					buf := make([]int32, sadBufLen(bs))
					for by := 0; by < f.Rows; by++ {
						for bx := 0; bx < f.Cols; bx++ {
							i := by*f.Cols + bx
							x0, y0 := bx*bs, band[0]+by*bs
							blk := block{cur: cur, w: w, x0: x0, y0: y0, x1: min(x0+bs, w), y1: min(y0+bs, band[1]), prev: p1, maxVal: maxVal, buf: buf}
							got, ok := s.sads.sadAt(f, cur, p1, band[1], i, f.V[i])
							if want := blk.sad(f.V[i], 1<<62); !ok || got != want {
								t.Fatalf("band %v block %d: Search's SAD %d (%v), the block's %d", band, i, got, ok, want)
							}
							other := f.V[i]
							other.X++
							if _, ok := s.sads.sadAt(f, cur, p1, band[1], i, other); ok {
								t.Fatalf("band %v block %d: a SAD for another vector", band, i)
							}
							if _, ok := s.sads.sadAt(f, cur, p2, band[1], i, f.V[i]); ok {
								t.Fatalf("band %v block %d: a SAD for another plane", band, i)
							}
						}
					}
				}
				s.SearchRefs(f, cur, p1, []*Plane{p2, p3}, band[1], 8, 64)
				fields[i] = f
				if _, ok := s.sads.sadAt(f, cur, p1, band[1], 0, f.V[0]); ok {
					t.Fatal("SADs kept past the SearchRefs that used them")
				}
				if on {
					// a search cut short leaves no SADs
					s.Stop = func() bool { return true }
					s.Search(f, cur, p1, band[1])
					if _, ok := s.sads.sadAt(f, cur, p1, band[1], 0, f.V[0]); ok {
						t.Fatal("SADs kept from a search stopped early")
					}
				}
			}
			refsShortcuts = true
			a, b := fields[0], fields[1]
			for i := range a.V {
				if a.V[i] != b.V[i] || a.Ref[i] != b.Ref[i] {
					t.Fatalf("trial %d band %v block %d: %+v ref %d with the shortcuts, %+v ref %d without", trial, band, i, b.V[i], b.Ref[i], a.V[i], a.Ref[i])
				}
				if b.Ref[i] != 0 {
					took++
				}
				older++
			}
		}
	}
	if took == 0 || took == older {
		t.Fatalf("%d of %d blocks took an older frame: the test reaches only one side", took, older)
	}
}
