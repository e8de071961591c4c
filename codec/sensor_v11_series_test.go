package codec

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// adcLog is a synthetic one-column biosignal (after BioSPPy's examples): a 12-bit ADC
// sampling at 1 kHz a slow wave (an integer rotation, period about 800 samples) plus
// low-passed noise, the ADC's code written "%d.0" one a line under a short "#" header. The
// signal moves by less than a code between samples most of the time, so the prediction's
// fraction of a code (sensor model 11) tells which way the next code rounds. Integer
// arithmetic only.
func adcLog(rows int) []byte {
	var log bytes.Buffer
	log.WriteString("# Simple Text Format\n# Sampling Rate (Hz):= 1000.00\n# Resolution:= 12\n# Labels:= SIG\n")
	seed := testlog.LCG(11)
	rnd := seed.IntN
	// c + i·s rotates by about 2π/800 a step (×2^20); the amplitude is 2^20·(1/2^20)·400 codes.
	c, s := int64(1<<20), int64(0)
	const k = 8235 // 2^20·2π/800
	noise := int64(0)
	for r := 0; r < rows; r++ {
		c, s = c-(s*k>>20), s+(c*k>>20)
		c = c + c*(1<<40-c*c-s*s)>>41 // keep the radius at 2^20
		noise += (rnd(2049) - 1024 - noise) >> 3
		fine := 2048<<8 + (c*400)>>12 + noise>>2 // ×256
		fmt.Fprintf(&log, "%d.0\n", fine>>8)
	}
	return log.Bytes()
}

// TestSensorModel11NoisySeries: model 11's second stage (the prediction's fraction as a
// context, the sign-sign LMS) codes the synthetic ADC log exactly and smaller than model 10,
// under an anchor of its size.
func TestSensorModel11NoisySeries(t *testing.T) {
	log := adcLog(60000)
	v11, _ := encodeSensorModel(t, log, 1<<16, sensorModelV11)
	v10, _ := encodeSensorModel(t, log, 1<<16, sensorModelV10)
	for name, vlm := range map[string][]byte{"11": v11, "10": v10} {
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("model %s round trip differs", name)
		}
	}
	t.Logf("model 11 %d bytes, model 10 %d (log %d)", len(v11), len(v10), len(log))
	const anchor = 7420 // measured (model 10: 8,267)
	if len(v11)*100 > len(v10)*95 {
		t.Errorf("model 11 %d bytes, model 10 %d: not 5 %% smaller", len(v11), len(v10))
	}
	if len(v11)*1000 > anchor*1005 {
		t.Errorf("model 11 %d bytes, above its anchor %d", len(v11), anchor)
	}
}
