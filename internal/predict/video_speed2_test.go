package predict

import (
	"math/rand"
	"testing"
)

// TestBlockStatic holds BlockStatic (whole blocks: a row's differences ORed) to the sample by
// sample comparison it replaced, on planes whose width leaves a partial block at the right,
// with blocks equal to the prediction but for one sample (anywhere, by any amount, or none).
func TestBlockStatic(t *testing.T) {
	rnd := rand.New(rand.NewSource(16))
	for it := 0; it < 3000; it++ {
		w, h := 8+rnd.Intn(40), 8+rnd.Intn(24)
		st := NewPlaneState(w, h)
		src := make([]uint16, w*h)
		for y := 0; y < h; y++ {
			r := st.Prev.Row(y)
			for x := 0; x < w; x++ {
				v := rnd.Intn(1024)
				r[x+PlanePad] = int32(v)
				src[y*w+x] = uint16(v)
			}
		}
		if k := rnd.Intn(w*h + w); k < w*h { // one sample differs, or none
			src[k] ^= uint16(1 << rnd.Intn(10))
		}
		m := &PlaneModel{st: st, w: w}
		y1 := h - rnd.Intn(8)
		for by := 0; by*8 < y1; by++ {
			m.y = by * 8
			for bx := 0; bx < (w+7)/8; bx++ {
				want := true
				for y := m.y; y < min(m.y+8, y1); y++ {
					for x := bx * 8; x < min(bx*8+8, w); x++ {
						if int32(src[y*w+x]) != st.Prev.Row(y)[x+PlanePad] {
							want = false
						}
					}
				}
				if got := m.BlockStatic(bx, src, y1); got != want {
					t.Fatalf("%dx%d, block %d,%d, band end %d: %v, want %v", w, h, bx, by, y1, got, want)
				}
			}
		}
	}
}
