package predict

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestByteModel2Model9Probs: sensor model 9's variant gives every bit of the binary+text log
// and of the candump log the probabilities recorded when it was made (CRCs), fresh, after a
// Reset and through the portable mixers, so that its bytes blocks decode as they were written.
func TestByteModel2Model9Probs(t *testing.T) {
	if m := NewByteModel2Model9(); !m.Model9() || !m.Model8() || !m.Model7() || !m.Model6() || NewByteModel2Model8().Model9() {
		t.Fatal("Model9 does not tell the variants apart")
	}
	checkByte2Probs(t, NewByteModel2Model9, 0x5b070856)
	if got := byte2Probs(NewByteModel2Model9(), testlog.CANLog(32<<10, 11, 12)); got != 0xcba1d913 {
		t.Fatalf("candump log: probabilities' CRC %#08x, want 0xcba1d913", got)
	}
}

// TestByteModel2Model9Smaller: the hex payload view and the finer column-number moves of
// model 9 code 128 KiB of the candump log in fewer bits than model 8 (measured when they were
// made: 76,947 against 78,741 bits).
func TestByteModel2Model9Smaller(t *testing.T) {
	data := testlog.CANLog(128<<10, 11, 12)
	m8 := byte2Cost(NewByteModel2Model8(), data)
	m9 := byte2Cost(NewByteModel2Model9(), data)
	t.Logf("model 8 %d bits, model 9 %d bits", m8, m9)
	if m9 > 77000 || m9 >= m8 {
		t.Fatalf("model 9 %d bits, want at most 77,000 and fewer than model 8's %d", m9, m8)
	}
}

// TestHexPayloadFrames: the payload state opens after a '#', closes at a byte that is not a
// hex digit, and a line is found again by its key and its payload's first byte (the frame
// counter's low five bits), not by another counter value.
func TestHexPayloadFrames(t *testing.T) {
	m := NewByteModel2Model9()
	feed := func(s string) {
		for i := 0; i < len(s); i++ {
			for k := 7; k >= 0; k-- {
				m.P()
				m.Update(int(s[i]) >> k & 1)
			}
		}
	}
	feed("(1.000001) can0 19FA0402#41AA\n(1.000002) can0 19FA0402#42BB\n(1.000003) can0 19FA0402#6")
	if m.hexAt != 25 {
		t.Fatalf("payload at column %d, want 25", m.hexAt)
	}
	feed("1")
	// Frame 1 again (0x61: another sequence): its second byte is expected from 41AA's.
	if m.yexp[2] != 'A'|0x100 || m.yexp[0] != 'A'|0x100 {
		t.Fatalf("expected bytes %#x and %#x, want 'A' from the frame 41AA", m.yexp[2], m.yexp[0])
	}
	feed("A")
	if m.yexp[2] != 'A'|0x100 || m.yexp[0] != 'A'|0x100 {
		t.Fatalf("low digit: expected bytes %#x and %#x, want 'A'", m.yexp[2], m.yexp[0])
	}
	feed("A z")
	if m.hexAt != -1 {
		t.Fatalf("payload still open at column %d after a space", m.hexAt)
	}
}

// TestNumStep: model 9's moves are kept as they are up to ±1,000, then by sign, bit length
// and two bits, every step distinct from the others and under 2^13.
func TestNumStep(t *testing.T) {
	for _, c := range []struct {
		v    int64
		want uint32
	}{{0, 1000}, {-1000, 0}, {1000, 2000}, {1001, 2001 + 10<<2 + 3}, {1024, 2001 + 11<<2}, {-1536, 2001 + 1<<8 + 11<<2 + 2}} {
		if got := numStep(c.v); got != c.want {
			t.Errorf("numStep(%d) = %d, want %d", c.v, got, c.want)
		}
	}
	if got := numStep(-1 << 62); got >= 1<<13 {
		t.Errorf("numStep(-2^62) = %d, not under 2^13", got)
	}
}
