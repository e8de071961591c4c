package codec

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestSensorFrozenModelsEncode holds each frozen sensor model (6 to 19) to the files it wrote before a
// later model existed: SetModel(m) must code every golden log into exactly the bytes of
// testdata/golden/v2/NAME_modelM.vlm (copies of model m's goldens, which TestGolden also
// decodes): the three sensor cases and sensor_order with bytes blocks allowed, the split
// logs as cells only, and the receiver log with its bytes block. The glued log
// (sensor_glued, model 14's glued widths) has frozen copies from model 14 on.
func TestSensorFrozenModelsEncode(t *testing.T) {
	type frozenCase struct {
		log      []byte
		bytesOK  bool
		minModel int // the first model with a frozen copy
	}
	cases := map[string]frozenCase{
		"sensor_order":   {orderLog(orderGoldenRows), true, sensorModelV6},
		"sensor_fixed":   {fixedLog(splitGoldenRows), false, sensorModelV6},
		"sensor_aligned": {alignedLog(splitGoldenRows), false, sensorModelV6},
		"sensor_glued":   {gluedLog(splitGoldenRows, true), false, sensorModelV14},
		"sensor_bytes":   {testlog.ReceiverLog(bytesGoldenSize), true, sensorModelV6},
	}
	for name, log := range sensorGoldenCases(t) {
		cases[name] = frozenCase{log, true, sensorModelV6}
	}
	for _, model := range []int{sensorModelV6, sensorModelV7, sensorModelV8, sensorModelV9, sensorModelV10, sensorModelV11, sensorModelV12, sensorModelV13, sensorModelV14, sensorModelV15, sensorModelV16, sensorModelV17, sensorModelV18, sensorModelV19} {
		for name, c := range cases {
			if model < c.minModel {
				continue
			}
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
