package codec

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// echoLog is a one-column ADC log (one number a line) of white noise plus its echo 100
// samples later: a predictor of 48 taps does not reach the echo, the cascade's 256 do.
func echoLog(rows int) []byte {
	const lag, amp = 100, 64
	var log bytes.Buffer
	log.WriteString("# Simple Text Format\n# Sampling Rate (Hz):= 1000.00\n# Resolution:= 12\n# Labels:= EMG\n")
	seed := testlog.LCG(13)
	n := make([]int64, rows+lag)
	for i := range n {
		n[i] = seed.IntN(2*amp+1) - amp
	}
	for r := 0; r < rows; r++ {
		fmt.Fprintf(&log, "%d.0\n", 2048+n[r+lag]+n[r]*13/16)
	}
	return log.Bytes()
}

// TestSensorModel13Cascade: on the echo log, model 13's encoder turns the cascade on (the
// block head's bit) after its trial, skips the bytes trial, and codes the log exactly and at
// least 0.25 % smaller than model 12 (0.6 % on the branch), under an anchor of its size
// measured on the branch; model 12 still runs the bytes trial.
func TestSensorModel13Cascade(t *testing.T) {
	log := echoLog(60000)
	v13, enc := encodeSensorModel(t, log, 1<<16, sensorModelV13)
	v12, enc12 := encodeSensorModel(t, log, 1<<16, sensorModelV12)
	for name, vlm := range map[string][]byte{"13": v13, "12": v12} {
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("model %s round trip differs", name)
		}
	}
	if h := enc.lastHead; h == nil || !h.casc {
		t.Fatalf("model 13: the cascade is off on the echo log")
	}
	if enc.bytesTried != 0 || enc12.bytesTried == 0 {
		t.Errorf("bytes tried: model 13 %d (want 0), model 12 %d (want > 0)", enc.bytesTried, enc12.bytesTried)
	}
	t.Logf("model 13 %d bytes, model 12 %d", len(v13), len(v12))
	checkModel13Gain(t, len(v13), len(v12), 400, 56943) // anchor measured (model 12: 57,305)
}

// TestSensorModel13CascadeDeclined: on the synthetic ADC log (a sine under low-passed
// noise), where the cascade would cost 1.9 %, the trial leaves it off: the log codes
// exactly, within 4 bytes of model 12, without the bytes trial.
func TestSensorModel13CascadeDeclined(t *testing.T) {
	log := adcLog(60000)
	v13, enc := encodeSensorModel(t, log, 1<<16, sensorModelV13)
	v12, _ := encodeSensorModel(t, log, 1<<16, sensorModelV12)
	if got, _ := decodeSensor(t, v13); !bytes.Equal(got, log) {
		t.Fatalf("round trip differs")
	}
	if h := enc.lastHead; h == nil || h.casc || enc.bytesTried != 0 {
		t.Fatalf("model 13: cascade %v, bytes tried %d on the ADC log", h.casc, enc.bytesTried)
	}
	if len(v13) > len(v12)+4 {
		t.Errorf("model 13 %d bytes, model 12 %d", len(v13), len(v12))
	}
}

// TestSensorModel13CascadeOff: a log of several columns (co2_mauna_loa) has no cascade and
// keeps its bytes trial; it round-trips exactly, and costs no more than under model 12.
func TestSensorModel13CascadeOff(t *testing.T) {
	log, err := os.ReadFile("../testdata/co2_mauna_loa.csv")
	if err != nil {
		t.Fatal(err)
	}
	v13, enc := encodeSensorModel(t, log, 1<<20, sensorModelV13)
	v12, _ := encodeSensorModel(t, log, 1<<20, sensorModelV12)
	if got, _ := decodeSensor(t, v13); !bytes.Equal(got, log) {
		t.Fatalf("round trip differs")
	}
	if h := enc.lastHead; h == nil || h.casc {
		t.Fatalf("model 13: the cascade is on on co2_mauna_loa")
	}
	if len(v13) > len(v12) {
		t.Errorf("model 13 %d bytes, model 12 %d", len(v13), len(v12))
	}
}

// TestSensorModel13Head: the cascade's bit survives append and parse with and without a
// coding order and the other lists, and a model-12 head has none.
func TestSensorModel13Head(t *testing.T) {
	for _, order := range [][]int{nil, {1, 0, 2}} {
		for _, casc := range []bool{false, true} {
			h := &sensorBlockHead{model: sensorModelV13, rows: 3, raw: 10, ec: make([]int32, 5), hasEc: make([]bool, 5),
				order: order, plain: []int{0, 2}, casc: casc}
			got, rest, err := parseSensorBlockHead(h.append(nil), sensorModelV13)
			if err != nil || len(rest) != 0 {
				t.Fatalf("parse: %v (%d bytes left)", err, len(rest))
			}
			if got.casc != casc || len(got.plain) != 2 || len(got.order) != len(order) {
				t.Fatalf("casc %v plain %v order %v, want %v", got.casc, got.plain, got.order, casc)
			}
		}
	}
	h := &sensorBlockHead{model: sensorModelV12, rows: 3, raw: 10, ec: make([]int32, 1), hasEc: make([]bool, 1), casc: true}
	if got, _, err := parseSensorBlockHead(h.append(nil), sensorModelV12); err != nil || got.casc {
		t.Fatalf("model 12: casc %v %v", got.casc, err)
	}
}

// checkModel13Gain holds a log's model-13 size to at most (1 − 1/gain) of its model-12 size
// and to its anchor (measured on the branch) with 0.5 % slack.
func checkModel13Gain(t *testing.T, v13, v12, gain, anchor int) {
	t.Helper()
	if v13 > v12-v12/gain {
		t.Errorf("model 13 %d bytes, model 12 %d: less than 1/%d smaller", v13, v12, gain)
	}
	if anchor > 0 && v13 > anchor+anchor/200 {
		t.Errorf("model 13 %d bytes, anchor %d", v13, anchor)
	}
}
