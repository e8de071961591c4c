package predict

import (
	"slices"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestCasc16: the cascade's arithmetic (casc16_amd64.s where it runs, in SSE2 and in AVX2
// where the CPU has it) gives what the Go reference gives, wrapped sums and saturated
// weights included, on every length of eight lanes up to 512 (odd counts of eight: AVX2's
// tail).
func TestCasc16(t *testing.T) {
	old := useCascAVX2
	defer func() { useCascAVX2 = old }()
	for _, avx := range []bool{false, true} {
		if avx && !old {
			continue
		}
		useCascAVX2 = avx
		casc16SameAsGo(t)
	}
}

func casc16SameAsGo(t *testing.T) {
	seed := testlog.LCG(5)
	for trial := range 200 {
		n := 8 * (1 + seed.IntN(64))
		x, w, a := make([]int16, n+8), make([]int16, n), make([]int16, n)
		lim := int64(1) << (1 + trial%15)
		for i := range x {
			x[i] = int16(seed.IntN(2*lim) - lim)
		}
		for i := range w {
			w[i] = int16(seed.IntN(2*lim) - lim)
			a[i] = int16(seed.IntN(2*lim) - lim)
		}
		if trial%7 == 0 { // the extremes: products that wrap the sum
			for i := range w {
				x[i], w[i], a[i] = -1<<15, -1<<15, 1<<15-1
			}
		}
		if got, want := dot16(x, w), dot16Go(x, w); got != want {
			t.Fatalf("trial %d: dot16 %d, Go %d", trial, got, want)
		}
		w1, w2 := slices.Clone(w), slices.Clone(w)
		addSat16(w1, a)
		addSat16Go(w2, a)
		if !slices.Equal(w1, w2) {
			t.Fatalf("trial %d: addSat16 differs", trial)
		}
		subSat16(w1, a)
		subSat16Go(w2, a)
		if !slices.Equal(w1, w2) {
			t.Fatalf("trial %d: subSat16 differs", trial)
		}
	}
}
