package vision

import (
	"math/rand"
	"testing"
)

func TestYCoCgRInverts(t *testing.T) {
	for _, depth := range []int{1, 8, 10, 15} {
		l := Layout{Width: 64, Height: 64, Format: FormatBGR, Depth: depth}
		f := NewFrame(l)
		rng := rand.New(rand.NewSource(int64(depth)))
		max := l.MaxValue()
		for _, p := range f.Planes {
			for i := range p {
				switch i % 7 {
				case 0:
					p[i] = 0
				case 1:
					p[i] = uint16(max)
				default:
					p[i] = uint16(rng.Intn(max + 1))
				}
			}
		}
		var tr [3][]uint16
		for k := range tr {
			tr[k] = make([]uint16, 64*64)
		}
		BGRToYCoCgR(tr, f)
		d := YCoCgDepths(depth)
		for k := range tr {
			for _, v := range tr[k] {
				if int(v) >= 1<<d[k] {
					t.Fatalf("depth %d plane %d: %d exceeds %d bits", depth, k, v, d[k])
				}
			}
		}
		back := NewFrame(l)
		if !YCoCgRToBGR(back, tr) {
			t.Fatalf("depth %d: valid samples reported corrupt", depth)
		}
		for k := range f.Planes {
			for i := range f.Planes[k] {
				if back.Planes[k][i] != f.Planes[k][i] {
					t.Fatalf("depth %d plane %d sample %d: %d, want %d", depth, k, i, back.Planes[k][i], f.Planes[k][i])
				}
			}
		}
	}
}
