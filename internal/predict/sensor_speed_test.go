package predict

import "testing"

// TestCounterSt: st is Stretch(P()) for every counter's top 20 bits (the low 12 do not reach
// either), the 0 and 1 extremes included.
func TestCounterSt(t *testing.T) {
	for hi := uint32(0); hi < 1<<20; hi++ {
		for _, lo := range []uint32{0, 1, 0xfff} {
			c := Counter(hi<<12 | lo)
			if got, want := c.st(), Stretch(c.P()); got != want {
				t.Fatalf("counter %#x: st %d, Stretch(P) %d", uint32(c), got, want)
			}
			// the video decisions' form before vspeed6 (no floor at 1)
			if got, want := c.st(), Stretch(uint32(c)>>16); got != want {
				t.Fatalf("counter %#x: st %d, Stretch(c>>16) %d", uint32(c), got, want)
			}
		}
	}
}

// TestRate2In32Bits: the second set's rate taken in 32 bits is the 64-bit quotient for every
// count the set can reach (n8 stops at 2^24).
func TestRate2In32Bits(t *testing.T) {
	m := &MixedResidual{fast2: true}
	for n := int32(0); n <= 1<<24; n++ {
		m.n8[0] = n
		want := mixedRate + mixedRate*fast2Boost*fast2Half/(fast2Half+int64(n))
		if got := m.rate2nc(); got != want {
			t.Fatalf("n %d: %d, want %d", n, got, want)
		}
	}
	m.n8[0] = 5
	if r := m.rate2(); r != mixedRate+mixedRate*fast2Boost*fast2Half/(fast2Half+5) || m.n8[0] != 6 {
		t.Fatalf("rate2 %d, count %d", r, m.n8[0])
	}
	m.fast2 = false
	if r := m.rate2(); r != mixedRate || m.n8[0] != 6 {
		t.Fatalf("without fast2: rate2 %d, count %d", r, m.n8[0])
	}
}

// TestSquashStretch: squashStretch is Stretch(Squash(d)) for every d, so refineD's APM input
// is the one Stretch(pr) gave.
func TestSquashStretch(t *testing.T) {
	for d := int32(-StretchMax); d <= StretchMax; d++ {
		if got, want := int32(squashStretch[d+StretchMax]), Stretch(Squash(d)); got != want {
			t.Fatalf("d %d: %d, want %d", d, got, want)
		}
	}
}
