package codec

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestSensorModel15Bytes: model 15's byte model (the fields of a table's lines: their
// contexts, ratio candidates and regression; predict.NewByteModel2Model15) round-trips the
// smooth TMY2-like table, the synthetic hourly table and the binary logs as one bytes block
// each, smaller than model 14 on the tables (anchors measured on the branch) and no larger
// on the logs without tables.
func TestSensorModel15Bytes(t *testing.T) {
	checkBytesStep(t, sensorModelV15, []bytesStep{
		{"smooth", smoothTMY2(64 << 10), 2310, 950},
		{"table", testlog.TableLog(64 << 10), 4745, 985},
		{"candump", testlog.CANLog(64<<10, 3, 4), 5090, 1000},
		{"sirf", testlog.SiRFLog(64 << 10), 10105, 1001},
	})
}
