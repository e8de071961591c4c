package codec

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// emgLikeLog is a noisy one-column signal (an EMG-like random walk pulled to its mean, one
// integer a line under the Simple Text Format's header); with dup, packets of 8 to 40 values
// repeat earlier ones (20 or 40 values back, or further) now and then, as emg_1's do.
func emgLikeLog(rows int, dup bool) []byte {
	var log bytes.Buffer
	log.WriteString("# Simple Text Format\n# Sampling Rate (Hz):= 1000.00\n# Resolution:= 16\n# Labels:= EMG\n")
	g := testlog.LCG(18)
	var vals []int64
	v := int64(32000)
	for len(vals) < rows {
		v += int64(g.IntN(301)-150) - (v-32000)/8
		vals = append(vals, v)
		if dup && g.IntN(60) == 0 && len(vals) > 200 {
			l := int(8 + g.IntN(33))
			lag := []int{20, 40, int(20 + g.IntN(1500))}[g.IntN(3)]
			lag = min(max(lag, l), len(vals))
			st := len(vals) - lag
			vals = append(vals, vals[st:st+l]...)
		}
	}
	for _, x := range vals[:rows] {
		fmt.Fprintf(&log, "%d\n", x)
	}
	return log.Bytes()
}

// TestSensorModel18Match: sensor model 18's match model. A signal with repeated packets
// round-trips under models 18 and 17 and is at least 10 % smaller under 18 (19 % on the branch:
// 26,300 bytes against 32,668); the same signal without repeats is coded within 0.2 % of model 17; the
// encoder's columns have match models under 18, none under 17; a multi-column log
// round-trips.
func TestSensorModel18Match(t *testing.T) {
	for _, dup := range []bool{true, false} {
		log := emgLikeLog(30000, dup)
		v18, enc := encodeSensorModel(t, log, 1<<20, sensorModelV18)
		v17, enc17 := encodeSensorModel(t, log, 1<<20, sensorModelV17)
		for name, vlm := range map[string][]byte{"18": v18, "17": v17} {
			if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
				t.Fatalf("dup %v: model %s round trip differs", dup, name)
			}
		}
		if len(enc.coder.smatch) == 0 || enc.coder.smatch[0] == nil || len(enc17.coder.smatch) != 0 {
			t.Errorf("dup %v: match models %d under 18, %d under 17", dup, len(enc.coder.smatch), len(enc17.coder.smatch))
		}
		t.Logf("dup %v: model 18 %d bytes, model 17 %d", dup, len(v18), len(v17))
		if dup && len(v18) > len(v17)-len(v17)*10/100 {
			t.Errorf("with repeats: model 18 %d bytes, model 17 %d: less than 10 %% smaller", len(v18), len(v17))
		}
		if !dup && (len(v18) > len(v17)+len(v17)/500 || len(v18) < len(v17)-len(v17)/500) {
			t.Errorf("without repeats: model 18 %d bytes, model 17 %d", len(v18), len(v17))
		}
	}
	log := levelsTable(3000)
	v18, _ := encodeSensorModel(t, log, 1<<16, sensorModelV18)
	if got, _ := decodeSensor(t, v18); !bytes.Equal(got, log) {
		t.Fatalf("levels table: round trip differs")
	}
}
