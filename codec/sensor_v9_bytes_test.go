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
	for _, c := range []struct {
		name   string
		log    []byte
		anchor int
	}{
		{"candump", testlog.CANLog(64<<10, 21, 22), 5310},
		{"packets", v8PacketLog(64 << 10), 25400},
	} {
		v8 := len(encodeOneBytesBlock(t, c.log, sensorModelV8))
		v9 := len(encodeOneBytesBlock(t, c.log, sensorModelV9))
		t.Logf("%s: model 8 %d bytes, model 9 %d", c.name, v8, v9)
		if v9 > c.anchor {
			t.Errorf("%s: model 9 %d bytes, want at most %d (model 8: %d)", c.name, v9, c.anchor, v8)
		}
		if c.name == "candump" && v9 >= v8 || v9 > v8+v8/500 {
			t.Errorf("%s: model 9 %d bytes against model 8's %d", c.name, v9, v8)
		}
	}
}
