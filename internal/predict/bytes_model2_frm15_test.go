package predict

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestByteModel2Model15FIRMProbs: sensor model 15's variant gives every bit of the synthetic
// FIRM log the probabilities recorded when it was made (CRCs), fresh, after a Reset and
// through the portable mixers, so that its binary records decode as written
// (TestByteModel2Model15Probs holds the binary+text log and a table).
func TestByteModel2Model15FIRMProbs(t *testing.T) {
	checkByte2ProbsOn(t, NewByteModel2Model15, "FIRM log", testlog.FIRMLog(32<<10), testlog.CANLog(16<<10, 1, 2), 0xe687712d)
}

// TestByteModel2Model15Records: on the synthetic FIRM log (big-endian 16-bit fields, little-
// endian clocks and 24-bit values) and the SiRF-like log (big-endian packets), model 15's
// learned 16-bit words code 32 KiB in fewer bits than model 14, and no more bits than
// measured when they were made.
func TestByteModel2Model15Records(t *testing.T) {
	for _, c := range []struct {
		name   string
		data   []byte
		anchor int
		ratio  int // at most ratio/1000 of model 14's bits
	}{
		{"firm", testlog.FIRMLog(32 << 10), 127300, 995}, // measured: 128,673 -> 127,202
		{"sirf", testlog.SiRFLog(32 << 10), 39500, 998},  // 39,603 -> 39,461
	} {
		c14 := byte2Cost(NewByteModel2Model14(), c.data)
		c15 := byte2Cost(NewByteModel2Model15(), c.data)
		t.Logf("%s: model 14: %d bits, model 15: %d bits", c.name, c14, c15)
		if c15*1000 > c14*c.ratio {
			t.Errorf("%s: model 15 costs %d bits, model 14 %d: above %d/1000 of it", c.name, c15, c14, c.ratio)
		}
		if c15 > c.anchor {
			t.Errorf("%s: model 15 costs %d bits, more than the %d measured", c.name, c15, c.anchor)
		}
	}
}
