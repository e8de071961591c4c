package codec

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestSensorModel12Bytes: sensor model 12's bytes blocks (FORMAT.md 12.6.8) round-trip the
// synthetic fixed-width table (testlog.TableLog, TMY2's layout), the candump log and the
// SiRF-like log byte for byte, each in one bytes block, no larger than measured when the
// model was made (64 KiB each; model 11 → model 12: table 5,262 → 4,891, candump 5,281 →
// 5,106, SiRF-like 10,169 → 10,168): the table in at most 0.95 times model 11's bytes, the
// candump in at most 0.98 times, the SiRF-like log in at most 1.001 times.
func TestSensorModel12Bytes(t *testing.T) {
	for _, c := range []struct {
		name   string
		log    []byte
		anchor int
		ratio  int // model 12's bytes at most ratio/1000 times model 11's
	}{
		{"table", testlog.TableLog(64 << 10), 4900, 950},
		{"candump", testlog.CANLog(64<<10, 3, 4), 5115, 980},
		{"sirf", testlog.SiRFLog(64 << 10), 10180, 1001},
	} {
		v11 := len(encodeOneBytesBlock(t, c.log, sensorModelV11))
		v12 := len(encodeOneBytesBlock(t, c.log, sensorModelV12))
		t.Logf("%s: model 11 %d bytes, model 12 %d", c.name, v11, v12)
		if v12 > c.anchor {
			t.Errorf("%s: model 12 %d bytes, want at most %d (model 11: %d)", c.name, v12, c.anchor, v11)
		}
		if v12*1000 > v11*c.ratio {
			t.Errorf("%s: model 12 %d bytes against model 11's %d: above %d/1000 of it", c.name, v12, v11, c.ratio)
		}
	}
}
