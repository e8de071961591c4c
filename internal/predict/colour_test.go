package predict

import (
	"math/rand"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// checkForwardColour compares ForwardColour with vision.BGRToYCoCgR on b, g, r.
func checkForwardColour(t *testing.T, b, g, r []uint16, d int) {
	t.Helper()
	n := len(b)
	want := [3][]uint16{make([]uint16, n), make([]uint16, n), make([]uint16, n)}
	got := [3][]uint16{make([]uint16, n+1), make([]uint16, n+1), make([]uint16, n+1)}
	for k := range got {
		got[k][n] = 0xbeef // a sample past the end stays as it was
	}
	vision.BGRToYCoCgR(want[0], want[1], want[2], b, g, r, d)
	ForwardColour(got[0][:n], got[1][:n], got[2][:n], b, g, r, d)
	for k := range got {
		if got[k][n] != 0xbeef {
			t.Fatalf("d=%d n=%d: plane %d written past its end", d, n, k)
		}
		for i := range n {
			if got[k][i] != want[k][i] {
				t.Fatalf("d=%d n=%d: plane %d sample %d (B %d G %d R %d): %d, want %d",
					d, n, k, i, b[i], g[i], r[i], got[k][i], want[k][i])
			}
		}
	}
}

// TestForwardColour holds ForwardColour (the AVX2 kernel where there is AVX2) to
// vision.BGRToYCoCgR: every 8-bit triple, random and extreme samples at every depth up to 16,
// and lengths that leave a tail.
func TestForwardColour(t *testing.T) {
	t.Logf("AVX2 kernel: %v", useColourAsm)
	// every 8-bit (B, G, R): one B value a call, G and R all 65536 pairs
	b, g, r := make([]uint16, 1<<16), make([]uint16, 1<<16), make([]uint16, 1<<16)
	for bv := range 256 {
		for i := range b {
			b[i], g[i], r[i] = uint16(bv), uint16(i>>8), uint16(i&255)
		}
		checkForwardColour(t, b, g, r, 8)
	}
	rng := rand.New(rand.NewSource(1))
	for d := 1; d <= 16; d++ {
		max := 1<<d - 1
		for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 47, 768, 1000} {
			b, g, r := make([]uint16, n), make([]uint16, n), make([]uint16, n)
			for i := range n {
				pick := func() uint16 {
					switch rng.Intn(4) {
					case 0:
						return 0
					case 1:
						return uint16(max)
					}
					return uint16(rng.Intn(max + 1))
				}
				b[i], g[i], r[i] = pick(), pick(), pick()
			}
			checkForwardColour(t, b, g, r, d)
		}
	}
}

// TestOrSamples holds OrSamples (the AVX2 kernel where there is AVX2) to the plain loop: a
// single bit set at every place of buffers of every length up to 200, at every start.
func TestOrSamples(t *testing.T) {
	buf := make([]uint16, 200)
	for n := 0; n <= len(buf); n++ {
		p := buf[:n]
		if got := OrSamples(p); got != 0 {
			t.Fatalf("n=%d all zero: %#x", n, got)
		}
		for i := range p {
			for bit := range 16 {
				p[i] = 1 << bit
				if got := OrSamples(p); got != 1<<bit {
					t.Fatalf("n=%d sample %d = %#x: got %#x", n, i, p[i], got)
				}
			}
			p[i] = 0
		}
	}
	// odd starts, and random samples against the loop
	rng := rand.New(rand.NewSource(2))
	for off := range 8 {
		for _, n := range []int{31, 32, 33, 64, 95, 1000} {
			p := make([]uint16, off+n)[off:]
			var want uint16
			for i := range p {
				p[i] = uint16(rng.Intn(1 << 12))
				if rng.Intn(50) == 0 {
					p[i] |= 1 << (12 + rng.Intn(4))
				}
				want |= p[i]
			}
			if got := OrSamples(p); got != want {
				t.Fatalf("off %d n %d: %#x, want %#x", off, n, got, want)
			}
		}
	}
}
