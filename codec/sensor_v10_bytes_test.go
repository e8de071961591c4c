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
	for _, c := range []struct {
		name   string
		log    []byte
		anchor int
	}{
		{"floats", testlog.FloatLog(64 << 10), 20270},
		{"packets", v8PacketLog(64 << 10), 24930},
	} {
		v9 := len(encodeOneBytesBlock(t, c.log, sensorModelV9))
		v10 := len(encodeOneBytesBlock(t, c.log, sensorModelV10))
		t.Logf("%s: model 9 %d bytes, model 10 %d", c.name, v9, v10)
		if v10 > c.anchor {
			t.Errorf("%s: model 10 %d bytes, want at most %d (model 9: %d)", c.name, v10, c.anchor, v9)
		}
		if v10 >= v9 {
			t.Errorf("%s: model 10 %d bytes against model 9's %d", c.name, v10, v9)
		}
	}
}
