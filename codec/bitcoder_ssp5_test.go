package codec

import (
	"math/rand/v2"
	"testing"
)

// TestBitCostCounter: a cost counter's Code returns each bit and accounts the same Cost as an
// encoder's, decision by decision, and a coder reset for encoding writes again.
func TestBitCostCounter(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 5))
	enc, cnt := NewBitEncoder(nil), NewBitCostCounter()
	var bits []int
	var ps []uint32
	for i := range 200000 {
		p := uint32(1 + rng.IntN(65535))
		if i%3 == 0 {
			p = uint32(1 + rng.IntN(16)) // near the ends of the range
			if i%2 == 0 {
				p = 65535 - p + 1
			}
		}
		b := rng.IntN(2)
		if got := cnt.Code(b, p); got != b {
			t.Fatalf("decision %d: Code returned %d, want %d", i, got, b)
		}
		enc.Code(b, p)
		if cnt.Cost != enc.Cost {
			t.Fatalf("decision %d: cost %d, want %d", i, cnt.Cost, enc.Cost)
		}
		bits, ps = append(bits, b), append(ps, p)
	}
	data := enc.Finish()
	dec := NewBitDecoder(data)
	for i, b := range bits[:1000] {
		if got := dec.Code(0, ps[i]); got != b {
			t.Fatalf("decision %d decoded %d, want %d", i, got, b)
		}
	}
	cnt.ResetEncoder(nil)
	for i, b := range bits[:1000] {
		cnt.Code(b, ps[i])
	}
	if len(cnt.Finish()) < 10 {
		t.Fatal("a cost counter reset for encoding wrote nothing")
	}
}
