package codec

import (
	"bytes"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestSensorModel20Bytes: sensor model 20's bytes model (its counters' limit and its mixers'
// decaying rate, FORMAT.md 12.8.15) codes a receiver log and a candump log, each one bytes
// block, in fewer bytes than model 19 and no more than measured when it was made, and both
// files decode to the log (the model-20 file only under model 20's settings: a decoder with
// model 19's limit or rate fails on it, which TestGolden's sensor_bytes.vlm holds too).
func TestSensorModel20Bytes(t *testing.T) {
	for _, c := range []struct {
		name   string
		log    []byte
		anchor int
	}{
		{"receiver", testlog.ReceiverLog(bytesGoldenSize), 14331},
		{"candump", testlog.CANLog(48<<10, 5, 6), 3910},
	} {
		v20, enc20 := encodeSensorModel(t, c.log, 1<<20, sensorModelV20)
		v19, enc19 := encodeSensorModel(t, c.log, 1<<20, sensorModelV19)
		t.Logf("%s: model 19 %d bytes, model 20 %d bytes", c.name, len(v19), len(v20))
		if enc20.bytesN != 1 || enc19.bytesN != 1 {
			t.Fatalf("%s: %d and %d bytes blocks, want one each", c.name, enc20.bytesN, enc19.bytesN)
		}
		if len(v20) >= len(v19) || len(v20) > c.anchor {
			t.Errorf("%s: model 20 %d bytes, model 19 %d (anchor %d)", c.name, len(v20), len(v19), c.anchor)
		}
		for _, vlm := range [][]byte{v19, v20} {
			if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, c.log) {
				t.Errorf("%s: the decoded log differs", c.name)
			}
		}
	}
}
