package predict

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestByteModel2Model14Probs: sensor model 14's variant gives every bit of the binary+text
// log and of the synthetic FIRM log the probabilities recorded when it was made (CRCs),
// fresh, after a Reset and through the portable mixers, so that its bytes blocks decode as
// written.
func TestByteModel2Model14Probs(t *testing.T) {
	if m := NewByteModel2Model14(); !m.Model14() || !m.Model13() || NewByteModel2Model13().Model14() {
		t.Fatal("Model14 does not tell the variants apart")
	}
	checkByte2Probs(t, NewByteModel2Model14, 0x9ca39533)
	checkByte2ProbsOn(t, NewByteModel2Model14, "FIRM log", testlog.FIRMLog(32<<10), testlog.CANLog(16<<10, 1, 2), 0xba5fb68f)
}

// TestByteModel2Model14FIRM: on the synthetic FIRM log (testlog.FIRMLog: three packet types
// at their own periods, late when another read is under way), model 14's phase candidates and
// residual counters code 64 KiB in at least 1 % fewer bits than model 13, and no more bits
// than measured when they were made (248,339 against 257,461).
func TestByteModel2Model14FIRM(t *testing.T) {
	data := testlog.FIRMLog(64 << 10)
	c13 := byte2Cost(NewByteModel2Model13(), data)
	c14 := byte2Cost(NewByteModel2Model14(), data)
	t.Logf("model 13: %d bits, model 14: %d bits", c13, c14)
	if c14*1000 > c13*990 {
		t.Fatalf("model 14 costs %d bits, model 13 %d: not 1 %% fewer", c14, c13)
	}
	if c14 > 248600 {
		t.Fatalf("model 14 costs %d bits, more than the 248,339 measured", c14)
	}
}

// TestMedianSext: the phase's arithmetic on words of k+1 bytes.
func TestMedianSext(t *testing.T) {
	for _, c := range [][4]int64{{1, 2, 3, 2}, {3, 1, 2, 2}, {2, 3, 1, 2}, {5, 5, 1, 5}, {-4, 9, 0, 0}} {
		if got := median3x(c[0], c[1], c[2]); got != c[3] {
			t.Errorf("median3x(%d, %d, %d) = %d, want %d", c[0], c[1], c[2], got, c[3])
		}
	}
	if sext(0xFFFF, 1) != -1 || sext(0x7FFF, 1) != 32767 || sext(0x1_0000_0005, 3) != 5 || sext(0xFF_FFFE, 2) != -2 {
		t.Error("sext does not read words as signed")
	}
	// a late word: steps 210,040, 224,578 and 195,522 (one late, one early) of a 16-bit word
	var w [5]int64
	w[0] = 4032080015
	steps := []int64{210043, 195522, 224578, 210040}
	for i, s := range steps {
		w[i+1] = w[i] - s
	}
	// W1..W4 = w[1..4] (W1 the latest before the record): the phase is W1 + 210,040-ish
	w1, w2, w3, w4 := w[1]&0xFFFF, w[2]&0xFFFF, w[3]&0xFFFF, w[4]&0xFFFF
	s := median3x(sext(w1-w2, 1), sext(w2-w3, 1), sext(w3-w4, 1))
	ph := w1 + median3x(s, sext(w2-w1, 1)+2*s, sext(w3-w1, 1)+3*s)
	if d := sext(ph-w[0], 1); d < -256 || d > 256 {
		t.Errorf("phase off by %d", d)
	}
}
