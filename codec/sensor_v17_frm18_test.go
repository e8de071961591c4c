package codec

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestSensorModel17FRMFields: sensor model 17's bytes blocks (FORMAT.md 12.8.12, branch
// frm18: FIRM's fields where the next-key parse holds) round-trip the synthetic FIRM log
// (testlog.FIRMLog), the candump log and the SiRF-like log byte for byte, each in one bytes
// block, no larger than measured when the model was made (32 KiB each), the FIRM log in at
// most 0.97 times model 16's bytes, the two others no more than model 16.
func TestSensorModel17FRMFields(t *testing.T) {
	checkBytesStep(t, sensorModelV17, []bytesStep{
		{"firm", testlog.FIRMLog(32 << 10), 14920, 970},       // model 16 -> 17: 15,861 -> 14,906
		{"candump", testlog.CANLog(32<<10, 3, 4), 2809, 1000}, // 2,809 -> 2,809
		{"sirf", testlog.SiRFLog(32 << 10), 5857, 1000},       // 5,857 -> 5,857
	})
}
