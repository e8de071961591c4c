package codec

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestSensorModel15FRMBytes: sensor model 15's bytes blocks (FORMAT.md 12.8.10: the
// learned records' 16-bit words, big- and little-endian, their residuals' counters and
// mixer, the (key, offset) APM) round-trip the synthetic FIRM log (testlog.FIRMLog), the
// candump log and the SiRF-like log byte for byte, each in one bytes block, no larger than
// measured when the model was made (32 KiB each), the FIRM log in at most 0.995 times
// model 14's bytes, the SiRF-like log 0.998, candump no more.
func TestSensorModel15FRMBytes(t *testing.T) {
	checkBytesStep(t, sensorModelV15, []bytesStep{
		{"firm", testlog.FIRMLog(32 << 10), 16130, 995},       // model 14 -> 15: 16,304 -> 16,116
		{"candump", testlog.CANLog(32<<10, 3, 4), 2820, 1000}, // 2,825 -> 2,816
		{"sirf", testlog.SiRFLog(32 << 10), 5865, 998},        // 5,877 -> 5,857
	})
}
