package predict

import "testing"

// The text model's table stores counters XOR freshCounter so that zeroed memory is fresh.
func TestFreshCounter(t *testing.T) {
	if freshCounter != NewCounter() {
		t.Fatalf("freshCounter %#x, NewCounter %#x", freshCounter, NewCounter())
	}
}

// TestCounterUpdateDefinition holds updateTo (the count widened to 64 bits so that the rate's
// index is not masked twice) to the update it stands for, on every count, probabilities across
// the range and both ends, both bits and several limits.
func TestCounterUpdateDefinition(t *testing.T) {
	ref := func(c Counter, bit int, limit uint32) Counter {
		v := uint32(c)
		n := v & 1023
		p := int64(v >> 10)
		p += (int64(bit)<<22 - p) * int64(counterRate[n]) >> 16
		n = min(n+1, limit)
		return Counter(uint32(p)<<10 | n)
	}
	ps := []uint32{0, 1, 2, 3, 1000, 1 << 21, 1<<22 - 3, 1<<22 - 2, 1<<22 - 1}
	for p := uint32(7); p < 1<<22; p += 4099 {
		ps = append(ps, p)
	}
	for _, limit := range []uint32{1, 2, 30, 255, 1023} {
		for n := uint32(0); n <= min(limit, 1023); n++ {
			for _, p := range ps {
				for bit := 0; bit < 2; bit++ {
					c := Counter(p<<10 | n)
					want := ref(c, bit, limit)
					got := c
					got.Update(bit, int(limit))
					if got != want {
						t.Fatalf("p %d n %d limit %d bit %d: %#x, want %#x", p, n, limit, bit, got, want)
					}
				}
			}
		}
	}
}

// TestCounterRate16 holds the video kernels' rates (counterRate16, video_asm_amd64.h's UPDC and
// CUPD) to the Go path's counterRate, and the entry past the last to 0 (CUPD's gather reads it
// as the upper half of entry 1023's 32 bits, which it masks off).
func TestCounterRate16(t *testing.T) {
	for n, r := range counterRate {
		if int32(counterRate16[n]) != r {
			t.Fatalf("counterRate16[%d] = %d, counterRate %d", n, counterRate16[n], r)
		}
	}
	if len(counterRate16) != len(counterRate)+1 {
		t.Fatalf("counterRate16 has %d entries, want %d", len(counterRate16), len(counterRate)+1)
	}
}
