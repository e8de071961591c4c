package predict

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestByteModel2Model20Probs: sensor model 20's variant gives every bit of the byte test
// log and of the candump log the probabilities recorded when it was made (CRCs), fresh,
// after a Reset and through the portable mixers, so that its bytes blocks decode as
// written; and it is not model 17's (whose CRCs TestByteModel2Model17FrmProbs holds).
func TestByteModel2Model20Probs(t *testing.T) {
	if !NewByteModel2Model20().Model20() || NewByteModel2Model17Frm().Model20() || !NewByteModel2Model20().Model17Frm() {
		t.Fatal("Model20 does not tell the variants apart")
	}
	checkByte2Probs(t, NewByteModel2Model20, 0xb741202b)
	checkByte2ProbsOn(t, NewByteModel2Model20, "candump log", testlog.CANLog(32<<10, 1, 2), testlog.CANLog(16<<10, 3, 4), 0xded24b7d)
}

// TestByteModel2Model20Settings: under model 20 a hashed context's counter counts up to
// b20Limit (above model 17's b2Limit, within the counter's 10 bits of count), and the three
// mixers' rate starts at b20Start and falls with the updates to b20Floor; model 17's
// counters stop at b2Limit.
func TestByteModel2Model20Settings(t *testing.T) {
	if b20Limit <= b2Limit || b20Limit > 1023 {
		t.Fatalf("b20Limit %d: not above b2Limit %d, or beyond the count's 10 bits", b20Limit, b2Limit)
	}
	maxCount := func(m *ByteModel2) uint32 {
		data := make([]byte, 4096) // one byte value: its contexts' counters see it again and again
		for i := range data {
			data[i] = 'a'
		}
		byte2Cost(m, data)
		n := uint32(0)
		for i, c := range m.t {
			if i&15 != 0 { // (a bucket's first word is its tag and run, not a counter)
				n = max(n, uint32(c)&1023)
			}
		}
		return n
	}
	if n := maxCount(NewByteModel2Model20()); n != b20Limit {
		t.Errorf("model 20: the hashed counters count up to %d, want %d", n, b20Limit)
	}
	if n := maxCount(NewByteModel2Model17Frm()); n != b2Limit {
		t.Errorf("model 17: the hashed counters count up to %d, want %d", n, b2Limit)
	}
	var n int32
	if r := rate20(&n); r != int64(b20Start) || n != 1 {
		t.Errorf("first update: rate %d, count %d; want %d, 1", r, n, b20Start)
	}
	prev := int64(b20Start)
	for n < 1<<20 {
		r := rate20(&n)
		if r > prev || r < int64(b20Floor) {
			t.Fatalf("after %d updates: rate %d (before %d, floor %d)", n, r, prev, b20Floor)
		}
		prev = r
	}
	n = b20Cap
	if r := rate20(&n); r != int64(b20Floor) || n != b20Cap {
		t.Errorf("at the cap: rate %d, count %d; want %d, %d", r, n, b20Floor, b20Cap)
	}
}
