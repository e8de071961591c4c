package codec

import (
	"math/rand"
	"testing"
)

// TestOrSamples holds orSamples to the plain loop it replaced, at every alignment and length
// around its word boundaries.
func TestOrSamples(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	buf := make([]uint16, 64)
	for trial := 0; trial < 200; trial++ {
		for i := range buf {
			buf[i] = uint16(r.Intn(256))
		}
		// one sample above the others' range somewhere, or nowhere
		if k := r.Intn(len(buf) + 1); k < len(buf) {
			buf[k] = uint16(256 << r.Intn(8))
		}
		for off := 0; off < 8; off++ {
			for n := 0; off+n <= len(buf); n++ {
				p := buf[off : off+n]
				var want uint16
				for _, v := range p {
					want |= v
				}
				if got := orSamples(p); got != want {
					t.Fatalf("orSamples(buf[%d:%d]) = %#x, want %#x", off, off+n, got, want)
				}
			}
		}
	}
}
