package predict

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestByteModel2Model16FrmProbs: sensor model 16's variant (branch frm16) gives every bit of
// the binary+text log and of the synthetic FIRM log the probabilities recorded when it was
// made (CRCs), fresh, after a Reset and through the portable mixers, so that its bytes
// blocks decode as written.
func TestByteModel2Model16FrmProbs(t *testing.T) {
	if !NewByteModel2Model16Frm().Model16Frm() || NewByteModel2Model15().Model16Frm() {
		t.Fatal("Model16Frm does not tell the variants apart")
	}
	checkByte2Probs(t, NewByteModel2Model16Frm, 0x557b9527)
	checkByte2ProbsOn(t, NewByteModel2Model16Frm, "FIRM log", testlog.FIRMLog(32<<10), testlog.CANLog(16<<10, 1, 2), 0x969881f3)
}

// TestByteModel2Model16FrmNextKey: on the synthetic FIRM log (three packet types read at
// their own periods, each packet a type byte and a little-endian 32-bit clock first) the
// next record's key codes 32 KiB in fewer bits than model 15, and no more than measured when
// it was made; on logs without such clocks (SiRF-like, candump, the receiver log) it codes
// exactly as model 15.
func TestByteModel2Model16FrmNextKey(t *testing.T) {
	for _, c := range []struct {
		name   string
		data   []byte
		anchor int
	}{
		{"firm", testlog.FIRMLog(32 << 10), 125200}, // measured: 127,202 -> 125,173
		{"sirf", testlog.SiRFLog(32 << 10), 0},
		{"can", testlog.CANLog(32<<10, 1, 2), 0},
	} {
		c15 := byte2Cost(NewByteModel2Model15(), c.data)
		c16 := byte2Cost(NewByteModel2Model16Frm(), c.data)
		t.Logf("%s: model 15: %d bits, model 16 (frm16): %d bits", c.name, c15, c16)
		if c.anchor == 0 {
			if c16 != c15 {
				t.Errorf("%s: model 16 costs %d bits, model 15 %d: not the same", c.name, c16, c15)
			}
			continue
		}
		if c16*1000 > c15*990 || c16 > c.anchor {
			t.Errorf("%s: model 16 costs %d bits, model 15 %d (anchor %d)", c.name, c16, c15, c.anchor)
		}
	}
}
