package codec

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestSensorFrozenModelsEncode holds each frozen sensor model (6 to 13) to the files it wrote before a
// later model existed: SetModel(m) must code every golden log into exactly the bytes of
// testdata/golden/v2/NAME_modelM.vlm (copies of model m's goldens, which TestGolden also
// decodes): the three sensor cases and sensor_order with bytes blocks allowed, the split
// logs as cells only, and the receiver log with its bytes block.
func TestSensorFrozenModelsEncode(t *testing.T) {
	type frozenCase struct {
		log     []byte
		bytesOK bool
	}
	cases := map[string]frozenCase{
		"sensor_order":   {orderLog(orderGoldenRows), true},
		"sensor_fixed":   {fixedLog(splitGoldenRows), false},
		"sensor_aligned": {alignedLog(splitGoldenRows), false},
		"sensor_bytes":   {testlog.ReceiverLog(bytesGoldenSize), true},
	}
	for name, log := range sensorGoldenCases(t) {
		cases[name] = frozenCase{log, true}
	}
	for _, model := range []int{sensorModelV6, sensorModelV7, sensorModelV8, sensorModelV9, sensorModelV10, sensorModelV11, sensorModelV12, sensorModelV13} {
		for name, c := range cases {
			file := fmt.Sprintf("%s_model%d.vlm", name, model)
			want, err := os.ReadFile(filepath.Join(goldenDir(2), file))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := encodeSensorModelBytes(t, c.log, 1<<16, model, c.bytesOK)
			if !bytes.Equal(got, want) {
				t.Errorf("%s: model %d codes it in %d bytes that differ from its golden file's %d", name, model, len(got), len(want))
			}
		}
	}
}
