package predict

import (
	"math/rand"
	"testing"
)

// TestSadTM12x5AVX2 checks the template matching's kernel against sadTMGo, the Go loop it
// stands for, on random rows of 8-bit and 16-bit samples.
func TestSadTM12x5AVX2(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2")
	}
	rng := rand.New(rand.NewSource(5))
	for it := 0; it < 2000; it++ {
		lim := int32(256)
		if it&1 == 1 {
			lim = 65536
		}
		a0, a1, p0, p1 := make([]int32, 12), make([]int32, 12), make([]int32, 16), make([]int32, 16)
		for _, s := range [][]int32{a0, a1, p0, p1} {
			for i := range s {
				s[i] = rng.Int31n(lim)
			}
		}
		var out [5]int32
		sadTM12x5AVX2(&a0[0], &a1[0], &p0[0], &p1[0], &out)
		for k := range out {
			if want := sadTMGo(a0, a1, p0[k:k+12], p1[k:k+12]); out[k] != want {
				t.Fatalf("iteration %d, candidate %d: %d, the Go loop %d", it, k, out[k], want)
			}
		}
	}
}

// tmShiftModel returns a plane model under TMatch whose previous frame is random texture and
// whose current frame is the previous one displaced by (dx, dy) whole samples, its band
// begun with a zero motion field.
func tmShiftModel(t *testing.T, w, h, dx, dy int) *PlaneModel {
	t.Helper()
	cfg := DefaultVideoConfig()
	cfg.TMatch = true
	st := NewPlaneState(w, h)
	rng := rand.New(rand.NewSource(7))
	for y := 0; y < h; y++ {
		r := st.Prev.Row(y)
		for x := 0; x < w; x++ {
			r[x+PlanePad] = rng.Int31n(256)
		}
		st.Prev.PadRow(y)
	}
	for y := 0; y < h; y++ {
		r := st.Cur.Row(y)
		for x := 0; x < w; x++ {
			r[x+PlanePad] = st.Prev.Row(clampInt(y+dy, 0, h-1))[clampInt(x+dx, 0, w-1)+PlanePad]
		}
		st.Cur.PadRow(y)
	}
	st.HasPrev = true
	m := NewPlaneModel(&cfg, st, nil, 0, 0, 8)
	m.SetMotion(NewMotionField(16, w, 0, h), 0, 0)
	m.BeginBand(0, h)
	if !m.tm.on {
		t.Fatal("template matching is off in a band with a motion field")
	}
	return m
}

// TestTMatchSearchShift checks the search on a synthetic shift: with the current frame the
// previous one displaced by (dx, dy) within the window and a zero coded field, every column
// whose template and candidates lie inside the plane finds (dx, dy), with the AVX2 kernel and
// with the Go loop alike; the band's first half has no template and keeps the coded vectors,
// and TM there is P.
func TestTMatchSearchShift(t *testing.T) {
	const w, h = 96, 48
	for _, d := range [][2]int{{1, -2}, {-2, 1}, {2, 2}, {0, 1}} {
		for _, avx := range []bool{true, false} {
			if avx && !haveSAD16 {
				continue
			}
			save := haveSAD16
			haveSAD16 = avx
			m := tmShiftModel(t, w, h, d[0], d[1])
			for y := 0; y < 16; y++ {
				m.BeginRow(y)
				if y < 4 {
					for bx, v := range m.tm.vecs[:m.tm.cols] {
						if v.hit {
							t.Fatalf("shift %v: column %d of the first half has a vector", d, bx)
						}
					}
					for i := PlanePad; i < PlanePad+w; i++ {
						if m.tm.cur[i] != m.rp[i] {
							t.Fatalf("shift %v: TM differs from P in the first half", d)
						}
					}
				}
			}
			for hf := 1; hf < 4; hf++ {
				for bx, v := range m.tm.vecs[hf*m.tm.cols : (hf+1)*m.tm.cols] {
					x0 := bx * 8
					if x0-tmWide-tmRange < 0 || x0+8+tmWide+tmRange > w {
						continue
					}
					if !v.hit || int(v.dx) != d[0] || int(v.dy) != d[1] {
						t.Fatalf("shift %v, AVX2 %v: half %d column %d found %+v", d, avx, hf, bx, v)
					}
				}
			}
			haveSAD16 = save
		}
	}
}
