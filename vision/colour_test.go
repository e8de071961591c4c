package vision

import (
	"math/rand"
	"testing"
)

func TestYCoCgRInverts(t *testing.T) {
	for _, depth := range []int{1, 8, 10, 15} {
		n := 4096
		rng := rand.New(rand.NewSource(int64(depth)))
		max := 1<<depth - 1
		var bgr [3][]uint16
		for k := range bgr {
			bgr[k] = make([]uint16, n)
			for i := range bgr[k] {
				switch (i + k) % 7 {
				case 0:
					bgr[k][i] = 0
				case 1:
					bgr[k][i] = uint16(max)
				default:
					bgr[k][i] = uint16(rng.Intn(max + 1))
				}
			}
		}
		var tr [3][]uint16
		var wide [3][]int32
		for k := range tr {
			tr[k] = make([]uint16, n)
			wide[k] = make([]int32, n)
		}
		BGRToYCoCgR(tr[0], tr[1], tr[2], bgr[0], bgr[1], bgr[2], depth)
		d := YCoCgDepths(depth)
		for k := range tr {
			for i, v := range tr[k] {
				if int(v) >= 1<<d[k] {
					t.Fatalf("depth %d plane %d: %d exceeds %d bits", depth, k, v, d[k])
				}
				wide[k][i] = int32(v)
			}
		}
		var back [3][]uint16
		for k := range back {
			back[k] = make([]uint16, n)
		}
		if !YCoCgRToBGR(back[0], back[1], back[2], wide[0], wide[1], wide[2], depth) {
			t.Fatalf("depth %d: valid samples reported corrupt", depth)
		}
		for k := range bgr {
			for i := range bgr[k] {
				if back[k][i] != bgr[k][i] {
					t.Fatalf("depth %d plane %d sample %d: %d, want %d", depth, k, i, back[k][i], bgr[k][i])
				}
			}
		}
		// Samples no BGR frame produces are reported.
		wide[1][7] = 0
		wide[2][7] = int32(1)<<d[2] - 1
		if YCoCgRToBGR(back[0], back[1], back[2], wide[0], wide[1], wide[2], depth) {
			t.Errorf("depth %d: impossible samples not reported", depth)
		}
	}
}
