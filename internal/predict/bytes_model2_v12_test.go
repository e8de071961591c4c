package predict

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestByteModel2Model12Probs: sensor model 12's variant gives every bit of the binary+text
// log, of the synthetic table and of the synthetic SiRF-like log the probabilities recorded
// when it was made (CRCs), fresh, after a Reset and through the portable mixers, so that its
// bytes blocks decode as they were written.
func TestByteModel2Model12Probs(t *testing.T) {
	if m := NewByteModel2Model12(); !m.Model12() || !m.Model11() || !m.Model7() || NewByteModel2Model11().Model12() {
		t.Fatal("Model12 does not tell the variants apart")
	}
	checkByte2Probs(t, NewByteModel2Model12, 0x9a28ca07)
	for _, c := range []struct {
		name string
		data []byte
		want uint32
	}{
		{"table", testlog.TableLog(32 << 10), 0x38c1cb3b},
		{"SiRF", testlog.SiRFLog(32 << 10), 0x77350c4c},
	} {
		if got := byte2Probs(NewByteModel2Model12(), c.data); got != c.want {
			t.Fatalf("%s log: probabilities' CRC %#08x, want %#08x", c.name, got, c.want)
		}
		m := NewByteModel2Model12()
		byte2Probs(m, testlog.CANLog(16<<10, 1, 2))
		m.Reset()
		if got := byte2Probs(m, c.data); got != c.want {
			t.Fatalf("%s log after Reset: probabilities' CRC %#08x, want %#08x", c.name, got, c.want)
		}
		if haveMix3 {
			haveMix3 = false
			m.Reset()
			got := byte2Probs(m, c.data)
			haveMix3 = true
			if got != c.want {
				t.Fatalf("%s log without AVX2: probabilities' CRC %#08x, want %#08x", c.name, got, c.want)
			}
		}
	}
}

// TestByteModel2Model12Table: on the synthetic fixed-width table (testlog.TableLog, TMY2's
// layout), model 12's line view and field-chosen weight sets code 64 KiB in at most 0.95
// times model 11's bits, and no more than measured when they were made (36,550 against
// 39,533 bits, 0.925).
func TestByteModel2Model12Table(t *testing.T) {
	data := testlog.TableLog(64 << 10)
	c11 := byte2Cost(NewByteModel2Model11(), data)
	c12 := byte2Cost(NewByteModel2Model12(), data)
	t.Logf("model 11: %d bits, model 12: %d bits", c11, c12)
	if c12*100 > c11*95 {
		t.Fatalf("model 12 costs %d bits, model 11 %d: not 5 %% fewer", c12, c11)
	}
	if c12 > 36650 {
		t.Fatalf("model 12 costs %d bits, more than the 36,550 measured", c12)
	}
}
