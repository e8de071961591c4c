package codec

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestSensorModel9Bytes: sensor model 9's bytes blocks (FORMAT.md 12.6.5) round-trip a
// candump log (with fast-packet frame counters) and a binary packet log byte for byte, each in
// one bytes block, the candump log in fewer bytes than model 8 (its hex payload view and finer
// column-number moves) and the packet log within 0.2 % of model 8, both no larger than
// measured when the model was made
// (64 KiB each: candump 5,295 bytes against model 8's 5,442; packets 25,380, as model 8).
func TestSensorModel9Bytes(t *testing.T) {
	checkBytesStep(t, sensorModelV9, []bytesStep{
		{"candump", testlog.CANLog(64<<10, 21, 22), 5310, 999},
		{"packets", v8PacketLog(64 << 10), 25400, 1002},
	})
}
