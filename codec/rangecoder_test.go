package codec

import (
	"math/rand"
	"testing"
)

// codeBits encodes bits under probabilities ps and decodes them back.
func roundTripBits(t *testing.T, bits []int, ps []uint32) []byte {
	t.Helper()
	enc := NewBitEncoder(nil)
	for i, b := range bits {
		enc.Code(b, ps[i])
	}
	data := enc.Finish()
	dec := NewBitDecoder(data)
	for i, b := range bits {
		if got := dec.Code(0, ps[i]); got != b {
			t.Fatalf("bit %d: decoded %d, want %d", i, got, b)
		}
	}
	if dec.Overrun() {
		t.Fatalf("decoder read past the end of %d bytes", len(data))
	}
	return data
}

func TestRangeCoderRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	n := 200000
	bits, ps := make([]int, n), make([]uint32, n)
	for i := range bits {
		ps[i] = uint32(1 + rng.Intn(65535))
		bits[i] = rng.Intn(2)
	}
	roundTripBits(t, bits, ps)
}

func TestRangeCoderSkewed(t *testing.T) {
	// Bits drawn from their own (extreme) probabilities: the output must approach the entropy.
	rng := rand.New(rand.NewSource(2))
	for _, p := range []uint32{1, 2, 30, 655, 32768, 64880, 65500, 65534, 65535} {
		n := 100000
		bits, ps := make([]int, n), make([]uint32, n)
		cost := 0.0
		for i := range bits {
			ps[i] = p
			if rng.Intn(65536) < int(p) {
				bits[i] = 1
			}
		}
		c := NewBitEncoder(nil)
		for i := range bits {
			c.Code(bits[i], ps[i])
		}
		cost = float64(c.Cost) / CostUnit / 8
		data := roundTripBits(t, bits, ps)
		if float64(len(data)) > cost*1.01+16 {
			t.Errorf("p=%d: %d bytes for %.0f bytes of surprise", p, len(data), cost)
		}
	}
}

func TestRangeCoderLongRuns(t *testing.T) {
	// Long runs of the improbable symbol exercise carry propagation through many 0xFF bytes.
	for _, bit := range []int{0, 1} {
		n := 50000
		bits, ps := make([]int, n), make([]uint32, n)
		for i := range bits {
			bits[i] = bit
			ps[i] = 65535 // always predicts 1
			if i%1000 == 999 {
				bits[i] = 1 - bit
			}
		}
		roundTripBits(t, bits, ps)
		for i := range ps {
			ps[i] = 1
		}
		roundTripBits(t, bits, ps)
	}
}

func TestRangeCoderEmpty(t *testing.T) {
	roundTripBits(t, nil, nil)
}

func TestCostAccounting(t *testing.T) {
	c := NewBitEncoder(nil)
	for i := 0; i < 1000; i++ {
		c.Code(1, 32768) // exactly one bit each
	}
	// Exactly one bit each, accounted within 0.1 %.
	if d := float64(c.Cost)/CostUnit - 1000; d < -1 || d > 1 {
		t.Errorf("cost = %.3f bits, want 1000", float64(c.Cost)/CostUnit)
	}
}

// refEncode is the range coder's encoding step written with branches, as the coder was before
// it was made branch-free: the straightforward reading of the coder's definition.
func refEncode(e *rangeEncoder, bit int, p uint32) {
	bound := (e.Rng >> 16) * p
	if bit != 0 {
		e.Rng = bound
	} else {
		e.Low += uint64(bound)
		e.Rng -= bound
	}
	for e.Rng < rangeTop {
		e.Rng <<= 8
		e.ShiftLow()
	}
}

// refCost is a decision's cost written with a branch.
func refCost(bit int, p uint32) uint64 {
	if bit != 0 {
		return uint64(costTable[p>>2])
	}
	return uint64(costTable[((1<<16)-p)>>2])
}

// The branch-free Encode and Decode give exactly the bytes and costs of the branching
// definition, for every probability the coder accepts (1..65535) and bits both likely and not.
func TestBranchFreeCoderMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	n := 300000
	bits, ps := make([]int, n), make([]uint32, n)
	for i := range bits {
		switch i % 3 {
		case 0:
			ps[i] = uint32(1 + rng.Intn(65535))
		case 1:
			ps[i] = uint32(1 + rng.Intn(64)) // extremes, where the range shrinks most
		default:
			ps[i] = uint32(65535 - rng.Intn(64))
		}
		bits[i] = rng.Intn(2)
	}
	var ref rangeEncoder
	ref.Reset(nil)
	var refTotal uint64
	enc := NewBitEncoder(nil)
	for i, b := range bits {
		refEncode(&ref, b, ps[i])
		refTotal += refCost(b, ps[i])
		if i%2 == 0 {
			enc.Encode(b, ps[i])
		} else if got := enc.Code(b, ps[i]); got != b {
			t.Fatalf("bit %d: Code returned %d, want %d", i, got, b)
		}
	}
	want := ref.Finish()
	got := enc.Finish()
	if string(got) != string(want) {
		t.Fatalf("encoded %d bytes differ from the reference's %d", len(got), len(want))
	}
	if enc.Cost != refTotal {
		t.Fatalf("cost %d, reference %d", enc.Cost, refTotal)
	}
	dec := NewBitDecoder(want)
	for i, b := range bits {
		if got := dec.Decode(ps[i]); got != b {
			t.Fatalf("bit %d: decoded %d, want %d", i, got, b)
		}
	}
	if dec.Cost != refTotal || dec.Overrun() {
		t.Fatalf("decoder cost %d (reference %d), overrun %v", dec.Cost, refTotal, dec.Overrun())
	}
}
