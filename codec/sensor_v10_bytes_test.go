package codec

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestSensorModel10Bytes: sensor model 10's bytes blocks (FORMAT.md 12.6.6) round-trip a
// binary log of float32 packets (testlog.FloatLog) and the packet log of model 8's test byte
// for byte, each in one bytes block, both in fewer bytes than model 9 (the learned records)
// and no larger than measured when the model was made (64 KiB each: floats 20,262 bytes
// against model 9's 20,571; packets 24,913 against 25,380).
func TestSensorModel10Bytes(t *testing.T) {
	checkBytesStep(t, sensorModelV10, []bytesStep{
		{"floats", testlog.FloatLog(64 << 10), 20270, 999},
		{"packets", v8PacketLog(64 << 10), 24930, 999},
	})
}
