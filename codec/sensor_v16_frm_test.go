package codec

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestSensorModel16FRMBytes: sensor model 16's bytes blocks (FORMAT.md 12.8.11, branch
// frm16: the next record's key from the records' clocks) round-trip the synthetic FIRM log
// (testlog.FIRMLog), the candump log and the SiRF-like log byte for byte, each in one bytes
// block, no larger than measured when the model was made (32 KiB each), the FIRM log in at
// most 0.99 times model 15's bytes, the two others no more than model 15.
func TestSensorModel16FRMBytes(t *testing.T) {
	checkBytesStep(t, sensorModelV16, []bytesStep{
		{"firm", testlog.FIRMLog(32 << 10), 15870, 990},       // model 15 -> 16: 16,116 -> 15,861
		{"candump", testlog.CANLog(32<<10, 3, 4), 2809, 1000}, // 2,809 -> 2,809
		{"sirf", testlog.SiRFLog(32 << 10), 5857, 1000},       // 5,857 -> 5,857
	})
}
