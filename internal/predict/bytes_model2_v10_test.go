package predict

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestByteModel2Model10Probs: sensor model 10's variant gives every bit of the binary+text
// log and of the float32 packet log the probabilities recorded when it was made (CRCs),
// fresh, after a Reset and through the portable mixers, so that its bytes blocks decode as
// they were written.
func TestByteModel2Model10Probs(t *testing.T) {
	if m := NewByteModel2Model10(); !m.Model10() || !m.Model9() || !m.Model7() || NewByteModel2Model9().Model10() {
		t.Fatal("Model10 does not tell the variants apart")
	}
	checkByte2Probs(t, NewByteModel2Model10, 0xec5ddbcc)
	if got := byte2Probs(NewByteModel2Model10(), testlog.FloatLog(32<<10)); got != 0x3b32f315 {
		t.Fatalf("float log: probabilities' CRC %#08x, want 0x3b32f315", got)
	}
}

// TestByteModel2Model10Floats: on the synthetic float32 packet log (testlog.FloatLog: three
// sensors interleaved, a timestamp and float32 fields per packet), the learned records code
// 64 KiB in at most 0.99 times model 9's bits (measured when they were made: 158,287 against
// 160,623 bits).
func TestByteModel2Model10Floats(t *testing.T) {
	data := testlog.FloatLog(64 << 10)
	c9 := byte2Cost(NewByteModel2Model9(), data)
	c10 := byte2Cost(NewByteModel2Model10(), data)
	t.Logf("model 9: %d bits, model 10: %d bits", c9, c10)
	if c10*100 > c9*99 {
		t.Fatalf("model 10 costs %d bits, model 9 %d: not 1 %% fewer", c10, c9)
	}
}
