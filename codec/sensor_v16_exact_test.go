package codec

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// levelsTable is a log of a time column and two noisy waves each on its own 8-bit levels
// written at 16 bits (⌊256.6·k⌋ and ⌊193.3·k⌋: steps that are not a lattice), the
// multi-column form of levelsLog: which values follow a prediction is what model 16's
// shared exact input learns (model 15's is for one-column signals only).
func levelsTable(rows int) []byte {
	var log bytes.Buffer
	log.WriteString("t,a,b\n")
	seed := testlog.LCG(16)
	for r := 0; r < rows; r++ {
		a := math.Round(64 + 30*math.Sin(float64(r)/40) + float64(seed.IntN(61)-30)/10)
		b := math.Round(90 + 25*math.Sin(float64(r)/23) + float64(seed.IntN(41)-20)/10)
		fmt.Fprintf(&log, "%d,%d,%d\n", r*4, int64(math.Floor(256.6*a)), int64(math.Floor(193.3*b)))
	}
	return log.Bytes()
}

// TestSensorModel16Exact: on a log of several columns model 16 (m15 clear) gives the
// residual models the shared exact input: the log round-trips and is at least 8 % smaller
// than under model 15 (13 % on the branch: 15,032 bytes against 17,288); the final coder
// has the stream's table.
func TestSensorModel16Exact(t *testing.T) {
	log := levelsTable(20000)
	v16, enc := encodeSensorModel(t, log, 1<<16, sensorModelV16)
	v15, _ := encodeSensorModel(t, log, 1<<16, sensorModelV15)
	for name, vlm := range map[string][]byte{"16": v16, "15": v15} {
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("model %s round trip differs", name)
		}
	}
	if h := enc.lastHead; h == nil || h.m15 {
		t.Fatalf("m15 set on a log of three columns")
	}
	if enc.coder.xtab == nil {
		t.Errorf("model 16's encoder made no exact table")
	}
	t.Logf("model 16 %d bytes, model 15 %d", len(v16), len(v15))
	if len(v16) > len(v15)-len(v15)*80/1000 {
		t.Errorf("model 16 %d bytes, model 15 %d: less than 8 %% smaller", len(v16), len(v15))
	}
	const anchor = 15032
	if len(v16) > anchor+anchor/200 {
		t.Errorf("model 16 %d bytes, anchor %d", len(v16), anchor)
	}
}

// TestSensorModel16ExactOneColumn: a one-column signal keeps model 15's own input (m15 set)
// and codes as under model 15 but for the model number; no shared table is made.
func TestSensorModel16ExactOneColumn(t *testing.T) {
	log := levelsLog(6000)
	v16, enc := encodeSensorModel(t, log, 1<<16, sensorModelV16)
	v15, _ := encodeSensorModel(t, log, 1<<16, sensorModelV15)
	if got, _ := decodeSensor(t, v16); !bytes.Equal(got, log) {
		t.Fatalf("round trip differs")
	}
	if h := enc.lastHead; h == nil || !h.m15 {
		t.Fatalf("m15 clear on a one-column signal")
	}
	if enc.coder.xtab != nil {
		t.Errorf("a shared exact table on a one-column signal")
	}
	if d := len(v16) - len(v15); d < -2 || d > 2 {
		t.Errorf("model 16 %d bytes, model 15 %d", len(v16), len(v15))
	}
}

// TestSensorModel16ExactTrials: an encoder's trial coder codes without the input and makes
// no table; the block's coder takes it.
func TestSensorModel16ExactTrials(t *testing.T) {
	h := &sensorBlockHead{model: sensorModelV16}
	tc := newSensorCoder()
	tc.trial = true
	tc.startBlock(h)
	if tc.x16 {
		t.Errorf("a trial coder takes the exact input")
	}
	c := newSensorCoder()
	c.startBlock(h)
	if !c.x16 {
		t.Errorf("a block of model 16 without m15 does not take the exact input")
	}
	h15 := &sensorBlockHead{model: sensorModelV15}
	c.startBlock(h15)
	if c.x16 {
		t.Errorf("a block of model 15 takes the exact input")
	}
}
