package predict

import (
	"os"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestByteModel2Model17FrmProbs: sensor model 17's variant (branch frm18) gives every bit of
// the binary+text log and of the synthetic FIRM log the probabilities recorded when it was
// made (CRCs), fresh, after a Reset and through the portable mixers, so that its bytes
// blocks decode as written.
func TestByteModel2Model17FrmProbs(t *testing.T) {
	if !NewByteModel2Model17Frm().Model17Frm() || NewByteModel2Model16Frm().Model17Frm() || !NewByteModel2Model17Frm().Model16Frm() {
		t.Fatal("Model17Frm does not tell the variants apart")
	}
	checkByte2Probs(t, NewByteModel2Model17Frm, 0x740fcb9f)
	checkByte2ProbsOn(t, NewByteModel2Model17Frm, "FIRM log", testlog.FIRMLog(32<<10), testlog.CANLog(16<<10, 1, 2), 0x28ef640f)
}

// TestByteModel2Model17FrmFields: on the synthetic FIRM log (three packet types read at
// their own periods: a type byte, a little-endian 32-bit clock, then fields) model 17's
// fields where the next-key parse holds code 32 KiB in fewer bits than model 16, and no more
// than measured when it was made; on logs whose records the parse does not hold (SiRF-like,
// candump) it codes exactly as model 16. (On the binary+text receiver log the next key's
// guard changes its bits, not its cost: 129,722 bits under both.)
func TestByteModel2Model17FrmFields(t *testing.T) {
	for _, c := range []struct {
		name   string
		data   []byte
		anchor int
	}{
		{"firm", testlog.FIRMLog(32 << 10), 118000}, // measured: 125,173 -> 117,558
		{"sirf", testlog.SiRFLog(32 << 10), 0},
		{"can", testlog.CANLog(32<<10, 1, 2), 0},
	} {
		c16 := byte2Cost(NewByteModel2Model16Frm(), c.data)
		c17 := byte2Cost(NewByteModel2Model17Frm(), c.data)
		t.Logf("%s: model 16: %d bits, model 17 (frm18): %d bits", c.name, c16, c17)
		if c.anchor == 0 {
			if c17 != c16 {
				t.Errorf("%s: model 17 costs %d bits, model 16 %d: not the same", c.name, c17, c16)
			}
			continue
		}
		if c17*1000 > c16*990 || c17 > c.anchor {
			t.Errorf("%s: model 17 costs %d bits, model 16 %d (anchor %d)", c.name, c17, c16, c.anchor)
		}
	}
}

// BenchmarkByteModel2Model17Frm: the current sensor models' byte model (17, frm18) over the
// first 256 KiB of the three largest corpus logs coded as bytes blocks (a u-blox receiver's
// UBX+NMEA, TMY2 fixed-width weather rows, a flight computer's binary frames), from a reset
// model each time (branch sbyte10's profile).
func BenchmarkByteModel2Model17Frm(b *testing.B) {
	for _, c := range []struct{ name, file string }{
		{"ublox", "ublox_f9p_ubx_nmea.log"},
		{"tmy2", "tmy2_miami.tm2"},
		{"frm", "rocket_gw1_airbrakes.FRM"},
	} {
		b.Run(c.name, func(b *testing.B) {
			data, err := os.ReadFile("/work/corpus/sensor/" + c.file)
			if err != nil {
				b.Skip(err)
			}
			data = data[:min(len(data), 256<<10)]
			m := NewByteModel2Model17Frm()
			b.SetBytes(int64(len(data)))
			var sink uint32
			for b.Loop() {
				m.Reset()
				m.Reserve(len(data))
				for _, v := range data {
					for k := 7; k >= 0; k-- {
						sink += m.P()
						m.Update(int(v) >> k & 1)
					}
				}
			}
			_ = sink
		})
	}
}
