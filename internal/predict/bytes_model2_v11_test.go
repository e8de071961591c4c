package predict

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestByteModel2Model11Probs: sensor model 11's variant gives every bit of the binary+text
// log and of the synthetic SiRF-like log the probabilities recorded when it was made (CRCs),
// fresh, after a Reset and through the portable mixers, so that its bytes blocks decode as
// they were written.
func TestByteModel2Model11Probs(t *testing.T) {
	if m := NewByteModel2Model11(); !m.Model11() || !m.Model10() || !m.Model7() || NewByteModel2Model10().Model11() {
		t.Fatal("Model11 does not tell the variants apart")
	}
	checkByte2Probs(t, NewByteModel2Model11, 0xec5ddbcc) // (model 10's: no framed packet in it)
	checkByte2ProbsOn(t, NewByteModel2Model11, "SiRF log", testlog.SiRFLog(32<<10), testlog.SiRFLog(48 << 10)[16<<10:], 0x51dafd47)
}

// TestByteModel2Model11SiRF: on the synthetic SiRF-like log (testlog.SiRFLog: big-endian
// fields in packets framed A0 A2 with a big-endian length and a 15-bit sum), the framed
// packets code 64 KiB in at most 0.9 times model 10's bits (measured when they were made:
// 73,638 against 85,349 bits, 0.863).
func TestByteModel2Model11SiRF(t *testing.T) {
	data := testlog.SiRFLog(64 << 10)
	c10 := byte2Cost(NewByteModel2Model10(), data)
	c11 := byte2Cost(NewByteModel2Model11(), data)
	t.Logf("model 10: %d bits, model 11: %d bits", c10, c11)
	if c11*10 > c10*9 {
		t.Fatalf("model 11 costs %d bits, model 10 %d: not 10 %% fewer", c11, c10)
	}
}
