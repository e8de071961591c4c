package predict

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestByteModel2Model13Probs: sensor model 13's variant gives every bit of the binary+text
// log and of the synthetic table the probabilities recorded when it was made (CRCs), fresh,
// after a Reset and through the portable mixers, so that its bytes blocks decode as written.
func TestByteModel2Model13Probs(t *testing.T) {
	if m := NewByteModel2Model13(); !m.Model13() || !m.Model12() || NewByteModel2Model12().Model13() {
		t.Fatal("Model13 does not tell the variants apart")
	}
	checkByte2Probs(t, NewByteModel2Model13, 0xce36976a)
	checkByte2ProbsOn(t, NewByteModel2Model13, "table", testlog.TableLog(32<<10), testlog.CANLog(16<<10, 1, 2), 0x000e69d2)
}

// TestByteModel2Model13Table: on the synthetic fixed-width hourly table (testlog.TableLog,
// TMY2's layout), model 13's line period at the day's peak, its day-trend candidate, the
// learned field starts and the field context code 64 KiB in at least 1 % fewer bits than
// model 12, and no more bits than measured when they were made (36,092 against 36,550).
func TestByteModel2Model13Table(t *testing.T) {
	data := testlog.TableLog(64 << 10)
	c12 := byte2Cost(NewByteModel2Model12(), data)
	m := NewByteModel2Model13()
	c13 := byte2Cost(m, data)
	t.Logf("model 12: %d bits, model 13: %d bits, line period %d", c12, c13, m.lr.d)
	if m.lr.d != 24 {
		t.Errorf("line period %d, want 24 (the day)", m.lr.d)
	}
	if c13*1000 > c12*990 {
		t.Fatalf("model 13 costs %d bits, model 12 %d: not 1 %% fewer", c13, c12)
	}
	if c13 > 36150 {
		t.Fatalf("model 13 costs %d bits, more than the 36,092 measured", c13)
	}
}

// TestFieldBounds: the learned field starts of a table whose lines glue a slowly counting
// number to a fast one (`0042` `0317`): a start at the fast number's first digit, none
// inside either number.
func TestFieldBounds(t *testing.T) {
	var h []byte
	var f fieldBounds
	slow, fast := 40, 300
	prev := -1
	for i := 0; i < 400; i++ {
		if i%10 == 0 {
			slow++
		}
		fast = (fast*7 + 13) % 1000
		s := len(h)
		h = append(h, []byte{'A', byte('0' + slow/1000%10), byte('0' + slow/100%10), byte('0' + slow/10%10), byte('0' + slow%10),
			byte('0' + fast/1000%10), byte('0' + fast/100%10), byte('0' + fast/10%10), byte('0' + fast%10), 'B'}...)
		if prev >= 0 {
			f.learn(h, s, prev, 10)
		}
		prev = s
	}
	for c := 1; c < 10; c++ {
		if want := c == 5; f.start[c] != want {
			t.Errorf("column %d: start %v, want %v (changes %d, alone %d)", c, f.start[c], want, f.chg[c-1], f.lone[c-1])
		}
	}
}
