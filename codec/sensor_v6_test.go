package codec

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestSensorModel6Encodes holds sensor model 6 to the files it wrote before a later model
// existed: SetModel(6) must code every model-6 golden log into exactly the bytes of
// testdata/golden/v2/NAME_model6.vlm (copies of the model-6 goldens, which TestGolden also
// decodes): the three sensor cases and sensor_order with bytes blocks allowed, the split
// logs as cells only, and the receiver log with its bytes block.
func TestSensorModel6Encodes(t *testing.T) {
	type model6Case struct {
		log     []byte
		bytesOK bool
	}
	cases := map[string]model6Case{
		"sensor_order":   {orderLog(orderGoldenRows), true},
		"sensor_fixed":   {fixedLog(splitGoldenRows), false},
		"sensor_aligned": {alignedLog(splitGoldenRows), false},
		"sensor_bytes":   {testlog.ReceiverLog(bytesGoldenSize), true},
	}
	for name, log := range sensorGoldenCases(t) {
		cases[name] = model6Case{log, true}
	}
	for name, c := range cases {
		want, err := os.ReadFile(filepath.Join(goldenDir(2), name+"_model6.vlm"))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := encodeSensorModelBytes(t, c.log, 1<<16, sensorModelV6, c.bytesOK)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: model 6 codes it in %d bytes that differ from its model-6 golden file's %d", name, len(got), len(want))
		}
	}
}
