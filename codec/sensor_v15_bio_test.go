package codec

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// levelsLog is a one-column log (one number a line) of a noisy wave on 8-bit levels
// written at 16 bits, each level k as ⌊256.6·k⌋ (a converter's codes rescaled: the steps
// between levels are 256 or 257, no lattice), as BioSPPy's pcg.txt is written. Which
// values can follow a prediction is what the exact prediction's input of model 15 learns.
func levelsLog(rows int) []byte {
	var log bytes.Buffer
	log.WriteString("# Simple Text Format\n# Sampling Rate (Hz):= 1000.00\n# Resolution:= 16\n# Labels:= PCG\n")
	seed := testlog.LCG(15)
	for r := 0; r < rows; r++ {
		v := 64 + 30*math.Sin(float64(r)/40) + 20*math.Sin(float64(r)/7.3) + float64(seed.IntN(81)-40)/10
		k := math.Round(v)
		fmt.Fprintf(&log, "%d.0\n", int64(math.Floor(256.6*k)))
	}
	return log.Bytes()
}

// TestSensorModel15Noisy: on one-column signals model 15's encoder sets the block head's
// m15, the logs round-trip exactly, and the log on rescaled levels is at least
// 5 % smaller than under model 14 (9.0 % on the branch; anchors measured there).
func TestSensorModel15Noisy(t *testing.T) {
	for _, tc := range []struct {
		name         string
		log          []byte
		gain, anchor int // least gain in per mille; size on the branch
	}{
		{"levels", levelsLog(30000), 50, 13723}, // model 14: 15,082
		{"reson", resonLog(30000), -2, 23254},   // model 14: 23,251 (no gain: a plain AR log)
	} {
		v15, enc := encodeSensorModel(t, tc.log, 1<<16, sensorModelV15)
		v14, _ := encodeSensorModel(t, tc.log, 1<<16, sensorModelV14)
		for name, vlm := range map[string][]byte{"15": v15, "14": v14} {
			if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, tc.log) {
				t.Fatalf("%s: model %s round trip differs", tc.name, name)
			}
		}
		if h := enc.lastHead; h == nil || !h.m15 {
			t.Fatalf("%s: model 15's additions off on a one-column signal", tc.name)
		}
		t.Logf("%s: model 15 %d bytes, model 14 %d", tc.name, len(v15), len(v14))
		if len(v15) > len(v14)-len(v14)*tc.gain/1000 {
			t.Errorf("%s: model 15 %d bytes, model 14 %d: less than %d per mille smaller", tc.name, len(v15), len(v14), tc.gain)
		}
		if len(v15) > tc.anchor+tc.anchor/200 {
			t.Errorf("%s: model 15 %d bytes, anchor %d", tc.name, len(v15), tc.anchor)
		}
	}
}

// TestSensorModel15Off: a log of several columns keeps model 15's additions off (m15 clear)
// and codes as model 14 does but for the model number.
func TestSensorModel15Off(t *testing.T) {
	var log bytes.Buffer
	seed := testlog.LCG(5)
	log.WriteString("t,a,b\n")
	for r := 0; r < 3000; r++ {
		fmt.Fprintf(&log, "%d,%d,%d\n", r*10, 500+seed.IntN(40), 900+int64(r%17)+seed.IntN(5))
	}
	v15, enc := encodeSensorModel(t, log.Bytes(), 1<<16, sensorModelV15)
	if h := enc.lastHead; h == nil || h.m15 {
		t.Fatalf("model 15's additions on for a log of three columns")
	}
	if got, _ := decodeSensor(t, v15); !bytes.Equal(got, log.Bytes()) {
		t.Fatalf("round trip differs")
	}
	v14, _ := encodeSensorModel(t, log.Bytes(), 1<<16, sensorModelV14)
	if d := len(v15) - len(v14); d < -2 || d > 2 {
		t.Errorf("model 15 %d bytes, model 14 %d", len(v15), len(v14))
	}
}
