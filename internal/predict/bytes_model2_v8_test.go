package predict

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// canTestLog returns n bytes of a synthetic candump log: `(seconds.micros) can0 ID#HEX` lines
// whose timestamps step by a few milliseconds with jitter, three CAN ids at different rates,
// a sequence counter and slowly moving values in the payload.
func canTestLog(n int) []byte {
	rng := rand.New(rand.NewPCG(11, 12))
	var log []byte
	ts := int64(1410714882622188)
	seq, v := 0, 5000
	for e := 0; len(log) < n; e++ {
		ts += 2500 + rng.Int64N(1000)
		id, data := "19FA0402", ""
		switch {
		case e%10 == 0:
			id = "09F80102"
			v += rng.IntN(21) - 10
			data = fmt.Sprintf("%04X9A16021AB80D", v&0xFFFF)
		case e%17 == 0:
			id = "0DF01002"
			data = fmt.Sprintf("D2F0%02X3F00E73A24", rng.IntN(4))
		default:
			seq = (seq + 1) & 0x1F
			data = fmt.Sprintf("%02X%04X%02X00F2168B", 0x40+seq, rng.IntN(1<<16), rng.IntN(4))
		}
		log = fmt.Appendf(log, "(%d.%06d) can0 %s#%s\n", ts/1000000, ts%1000000, id, data)
	}
	return log[:n]
}

// TestByteModel2Model8Probs: sensor model 8's variant gives every bit of the binary+text log
// and of the candump log the probabilities recorded when it was made (CRCs), fresh, after a
// Reset and through the portable mixers, so that its bytes blocks decode as they were written.
func TestByteModel2Model8Probs(t *testing.T) {
	if m := NewByteModel2Model8(); !m.Model8() || !m.Model7() || !m.Model6() || NewByteModel2Model7().Model8() {
		t.Fatal("Model8 does not tell the variants apart")
	}
	checkByte2Probs(t, NewByteModel2Model8, 0xd1690b3a)
	if got := byte2Probs(NewByteModel2Model8(), canTestLog(32<<10)); got != 0xd6561a40 {
		t.Fatalf("candump log: probabilities' CRC %#08x, want 0xd6561a40", got)
	}
}

// TestByteModel2Model8Smaller: the column numbers and line keys of model 8 code 128 KiB of the
// candump log in fewer bits than model 7 (measured when they were made: 78,741 against 82,312 bits).
func TestByteModel2Model8Smaller(t *testing.T) {
	data := canTestLog(128 << 10)
	m7 := byte2Cost(NewByteModel2Model7(), data)
	m8 := byte2Cost(NewByteModel2Model8(), data)
	t.Logf("model 7 %d bits, model 8 %d bits", m7, m8)
	if m8 > 79000 || m8 >= m7 {
		t.Fatalf("model 8 %d bits, want at most 79,000 and fewer than model 7's %d", m8, m7)
	}
}
