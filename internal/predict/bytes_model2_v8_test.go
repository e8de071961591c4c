package predict

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestByteModel2Model8Probs: sensor model 8's variant gives every bit of the binary+text log
// and of the candump log the probabilities recorded when it was made (CRCs), fresh, after a
// Reset and through the portable mixers, so that its bytes blocks decode as they were written.
func TestByteModel2Model8Probs(t *testing.T) {
	if m := NewByteModel2Model8(); !m.Model8() || !m.Model7() || !m.Model6() || NewByteModel2Model7().Model8() {
		t.Fatal("Model8 does not tell the variants apart")
	}
	checkByte2Probs(t, NewByteModel2Model8, 0xd1690b3a)
	if got := byte2Probs(NewByteModel2Model8(), testlog.CANLog(32<<10, 11, 12)); got != 0xd6561a40 {
		t.Fatalf("candump log: probabilities' CRC %#08x, want 0xd6561a40", got)
	}
}

// TestByteModel2Model8Smaller: the column numbers and line keys of model 8 code 128 KiB of the
// candump log in fewer bits than model 7 (measured when they were made: 78,741 against 82,312 bits).
func TestByteModel2Model8Smaller(t *testing.T) {
	data := testlog.CANLog(128<<10, 11, 12)
	m7 := byte2Cost(NewByteModel2Model7(), data)
	m8 := byte2Cost(NewByteModel2Model8(), data)
	t.Logf("model 7 %d bits, model 8 %d bits", m7, m8)
	if m8 > 79000 || m8 >= m7 {
		t.Fatalf("model 8 %d bits, want at most 79,000 and fewer than model 7's %d", m8, m7)
	}
}
