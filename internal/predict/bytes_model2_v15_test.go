package predict

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// relTable returns n bytes of a synthetic TMY2-like table whose fields follow each other
// within a line: ETR from the hour and the season, GHI a clearness (drifting from hour to
// hour) times ETR, DNI and DHI shares of GHI, three illuminances as the irradiances times
// an efficacy (with a little noise), zenith luminance from DHI, temperature and dew point as
// walks, and the humidity a linear function of their difference (integers only).
func relTable(n int) []byte {
	rng := rand.New(rand.NewPCG(15, 16))
	sun := [24]int{0, 0, 0, 0, 0, 0, 0, 259, 500, 707, 866, 966, 1000, 966, 866, 707, 500, 259, 0, 0, 0, 0, 0, 0}
	var log []byte
	temp, dew, kt, share := 250, 180, 60, 50
	for i := 0; len(log) < n; i++ {
		day, hour := i/24, i%24
		month, dom := 1+day/30%12, 1+day%30
		season := 900 + (day%360-180)*(day%360-180)/300
		etr := sun[hour] * season / 1000
		kt = min(95, max(10, kt+rng.IntN(11)-5))
		share = min(90, max(10, share+rng.IntN(11)-5))
		ghi := etr * kt / 100
		dni := ghi * share / 100
		dhi := ghi - dni*7/10
		noise := func(v int) int {
			if v == 0 {
				return 0
			}
			return max(0, v+rng.IntN(5)-2)
		}
		ghl, dnl, dhl, zl := noise(ghi*11/10), noise(dni*105/100), noise(dhi*12/10), noise(dhi*4)
		temp += rng.IntN(11) - 5 + (sun[hour]-345)/100 - (temp-250)/50
		dew = min(dew+rng.IntN(7)-3, temp)
		rh := min(100, max(5, 100-(temp-dew)*5/10+rng.IntN(3)-1))
		log = fmt.Appendf(log, " %02d%02d%02d%02d%04d%04d%04dA7%04dA7%04dA7%04dI5%04dI5%04dI5%04dI5%04dA7%04dA7%03dA7%04dE8\n",
			97, month, dom, hour+1, etr, etr*13/10, ghi, dni, dhi, ghl, dnl, dhl, zl, temp, dew, rh, 1012)
	}
	return log[:n]
}

// TestByteModel2Model15Probs: sensor model 15's variant gives every bit of the binary+text
// log and of the synthetic related-fields table the probabilities recorded when it was made
// (CRCs), fresh, after a Reset and through the portable mixers, so that its bytes blocks
// decode as written.
func TestByteModel2Model15Probs(t *testing.T) {
	if m := NewByteModel2Model15(); !m.Model15() || !m.Model14() || NewByteModel2Model14().Model15() {
		t.Fatal("Model15 does not tell the variants apart")
	}
	checkByte2Probs(t, NewByteModel2Model15, 0x740fcb9f)
	checkByte2ProbsOn(t, NewByteModel2Model15, "table", relTable(32<<10), testlog.CANLog(16<<10, 1, 2), 0xbe8fd0ac)
}

// TestByteModel2Model15Table: on the synthetic table of related fields (relTable), model
// 15's field contexts, ratio candidates and regression code 64 KiB in at least 5 % fewer bits
// than model 14 (33,612 → 30,620 bits when made), and on testlog.TableLog (fields mostly
// unrelated) 1.5 % fewer (36,091 → 35,265); neither more than measured (with a margin).
func TestByteModel2Model15Table(t *testing.T) {
	for _, c := range []struct {
		name   string
		data   []byte
		gain   int // per mille at least
		anchor int // bits at most
	}{
		{"relTable", relTable(64 << 10), 50, 30700},
		{"TableLog", testlog.TableLog(64 << 10), 15, 35400},
	} {
		c14 := byte2Cost(NewByteModel2Model14(), c.data)
		c15 := byte2Cost(NewByteModel2Model15(), c.data)
		t.Logf("%s: model 14 %d bits, model 15 %d bits", c.name, c14, c15)
		if c15*1000 > c14*(1000-c.gain) {
			t.Errorf("%s: model 15 costs %d bits, model 14 %d: not %d per mille fewer", c.name, c15, c14, c.gain)
		}
		if c15 > c.anchor {
			t.Errorf("%s: model 15 costs %d bits, more than the %d measured", c.name, c15, c.anchor)
		}
	}
}

// TestDigitsRight15: the candidates' score, the leading digits of a field a prediction has
// right.
func TestDigitsRight15(t *testing.T) {
	for _, c := range [][4]int64{{1234, 1234, 4, 4}, {1234, 1239, 4, 3}, {1234, 2234, 4, 0}, {56, 57, 4, 3}, {0, -5, 3, 3}} {
		if got := digitsRight15(c[0], c[1], int(c[2])); got != int(c[3]) {
			t.Errorf("digitsRight15(%d, %d, %d) = %d, want %d", c[0], c[1], c[2], got, c[3])
		}
	}
}

// TestByteModel2TablesOnFirstUse: model 15's table counters and APM (20 MiB of a byte model)
// are allocated only once a table's line is coded: a FIRM-like log of binary records leaves
// them unallocated, a fixed-width table allocates them, and a Reset keeps them. The bytes are
// the same either way (the CRC pins of models 15 to 17 code a table with a fresh model, and
// after a Reset of one warmed on a candump that allocated them).
func TestByteModel2TablesOnFirstUse(t *testing.T) {
	m := NewByteModel2Model17Frm()
	if m.t15.t != nil || m.t15.apm != nil {
		t.Fatal("a fresh model holds the tables' counters")
	}
	byte2Probs(m, testlog.FIRMLog(16<<10))
	if m.t15.t != nil {
		t.Fatal("binary records allocated the tables' counters")
	}
	byte2Probs(m, relTable(8<<10))
	if m.t15.t == nil || m.t15.apm == nil {
		t.Fatal("a table's lines did not allocate the tables' counters")
	}
	m.Reset()
	if m.t15.t == nil {
		t.Fatal("Reset dropped the tables' counters")
	}
}

// TestByteModel2Reserve: a block's bytes reserved before they are coded leave the
// probabilities as they were (model 17's pin on the FIRM-like log) and the history and record
// arrays are not grown again while the block is coded.
func TestByteModel2Reserve(t *testing.T) {
	data := testlog.FIRMLog(32 << 10)
	m := NewByteModel2Model17Frm()
	m.Reserve(len(data))
	h, l := &m.hist[:1][0], &m.recA.link1[:1][0]
	if got := byte2Probs(m, data); got != 0x28ef640f {
		t.Fatalf("probabilities' CRC %#08x after Reserve, want %#08x", got, 0x28ef640f)
	}
	if &m.hist[0] != h || &m.recA.link1[0] != l {
		t.Fatal("the history or the record arrays were reallocated within the reserved block")
	}
}
