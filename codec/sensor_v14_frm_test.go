package codec

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestSensorModel14Bytes: sensor model 14's bytes blocks (FORMAT.md 12.8.9: the learned
// records' phase among the word candidates, the residual's counters) round-trip the
// synthetic FIRM log (testlog.FIRMLog), the candump log and the SiRF-like log byte for byte,
// each in one bytes block, no larger than measured when the model was made (64 KiB each; model 13 → model 14:
// FIRM 32,396 → 31,274, candump 5,107 → 5,105, SiRF-like 10,172 → 10,102): the FIRM log in
// at most 0.99 times model 13's bytes, the others within 0.1 %.
func TestSensorModel14Bytes(t *testing.T) {
	checkBytesStep(t, sensorModelV14, []bytesStep{
		{"firm", testlog.FIRMLog(64 << 10), 31300, 990},
		{"candump", testlog.CANLog(64<<10, 3, 4), 5110, 1001},
		{"sirf", testlog.SiRFLog(64 << 10), 10110, 1001},
	})
}
