package predict

import (
	"math/rand"
	"testing"
)

// warpAcrossGo is warpCols's Go loop over a run's samples, warpAcrossAsm's definition.
func warpAcrossGo(out []int32, step int, v []int32, n int, px, sxp int64, c0p1 int, maxVal int32, tab *[1 << warpPhaseBits][4]int32) {
	const round = int64(1) << (2*warpWeightBits - 1)
	for x := 0; n > 0; n-- {
		wx := &tab[(px>>(16-warpPhaseBits))&(1<<warpPhaseBits-1)]
		j := int(px>>16) - c0p1
		q := v[j : j+4 : j+4]
		acc := int64(wx[0])*int64(q[0]) + int64(wx[1])*int64(q[1]) + int64(wx[2])*int64(q[2]) + int64(wx[3])*int64(q[3])
		out[x] = clamp32(int32((acc+round)>>(2*warpWeightBits)), 0, maxVal)
		px += sxp
		x += step
	}
}

// warpAcrossAsm (four samples at a time in AVX2, the rest one by one) against the Go loop:
// the same outputs and nothing written between or after them, for runs of 0 to 41 samples,
// steps 1 to 3, positions moving by about a step (zooms up and down) and far more, columns of
// the warp's sums (below 2^31 in magnitude) and of any int32, the project's taps and random
// ones, so that the sums' int32 truncation and both ends of the clamp are reached.
func TestWarpAcrossAsm(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2: the kernel never runs")
	}
	rnd := rand.New(rand.NewSource(18))
	var randTab [1 << warpPhaseBits][4]int32
	for it := 0; it < 20000; it++ {
		tab := &warpTaps
		if it%3 == 1 {
			for p := range randTab {
				for k := range randTab[p] {
					randTab[p][k] = int32(rnd.Uint32()) >> uint(rnd.Intn(32))
				}
			}
			tab = &randTab
		}
		step := 1 + rnd.Intn(3)
		n := rnd.Intn(42)
		sxp := int64(step) * (1<<16 + int64(rnd.Intn(1<<15)) - 1<<14)
		if it%5 == 0 {
			sxp = int64(rnd.Intn(4 << 16))
		}
		px := int64(rnd.Intn(64<<16)) - 1<<16
		c0p1 := int(px>>16) - rnd.Intn(3)
		last := int((px+int64(max(n-1, 0))*sxp)>>16) - c0p1 + 4
		v := make([]int32, last+rnd.Intn(3))
		for i := range v {
			switch it % 4 {
			case 0:
				v[i] = rnd.Int31n(255 * 1 << warpWeightBits)
			case 1:
				v[i] = int32(rnd.Uint32())
			case 2:
				v[i] = rnd.Int31n(2*65535<<warpWeightBits) - 65535<<(warpWeightBits-2)
			default:
				v[i] = [3]int32{-1 << 31, 1<<31 - 1, 0}[rnd.Intn(3)]
			}
		}
		maxVal := [3]int32{255, 65535, 1<<31 - 1}[rnd.Intn(3)]
		size := n*step + 3
		want, got := make([]int32, size), make([]int32, size)
		for i := range want {
			want[i] = int32(rnd.Uint32())
			got[i] = want[i]
		}
		warpAcrossGo(want, step, v, n, px, sxp, c0p1, maxVal, tab)
		warpAcrossAsm(&got[0], step, &v[0], n, px, sxp, c0p1, maxVal, tab)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("it %d (n %d, step %d, sxp %d): out[%d] = %d, want %d", it, n, step, sxp, i, got[i], want[i])
			}
		}
	}
}
