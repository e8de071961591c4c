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
	checkBytesStep(t, sensorModelV12, []bytesStep{
		{"table", testlog.TableLog(64 << 10), 4900, 950},
		{"candump", testlog.CANLog(64<<10, 3, 4), 5115, 980},
		{"sirf", testlog.SiRFLog(64 << 10), 10180, 1001},
	})
}
