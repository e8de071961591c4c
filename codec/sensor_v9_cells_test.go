package codec

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// windLog is a synthetic daily weather table (after seattle_weather_1948 and vega's
// windvectors): a day number, a maximum and a minimum temperature in whole degrees that
// wander, a mean that is their midpoint rounded either way, a wind direction in degrees, its
// compass point (one of eight, a function of the direction), and a speed with one decimal.
// Integer arithmetic only (the same bytes on every architecture).
func windLog(rows int) []byte {
	var log bytes.Buffer
	log.WriteString("Day,Max,Min,Mean,Dir,DirCat,Speed\n")
	seed := testlog.LCG(9)
	rnd := seed.IntN
	tmax, dir, speed := int64(12), int64(200), int64(40)
	compass := []int64{0, 44, 91, 133, 182, 227, 269, 313}
	for r := 0; r < rows; r++ {
		tmax = min(max(tmax+rnd(9)-4, -5), 35)
		tmin := tmax - 2 - rnd(10)
		mean := (tmax + tmin + rnd(2)) >> 1
		dir = (dir + rnd(41) - 20 + 360) % 360
		cat := compass[(dir+22)/45%8]
		speed = min(max(speed+rnd(21)-10, 0), 250)
		fmt.Fprintf(&log, "%d,%d,%d,%d,%d,%d,%d.%d\n", r, tmax, tmin, mean, dir, cat, speed/10, speed%10)
	}
	return log.Bytes()
}

// TestSensorModel9Cells: model 9 codes windLog with the relative value contexts (a mean
// beside its maximum and minimum) and the second weight set's fast start; it round-trips
// the log byte for byte, codes it 2 % smaller than model 8, and within its anchor.
func TestSensorModel9Cells(t *testing.T) {
	log := windLog(6000)
	v9, _ := encodeSensorModel(t, log, 1<<16, sensorModelV9)
	v8, _ := encodeSensorModel(t, log, 1<<16, sensorModelV8)
	for name, vlm := range map[string][]byte{"9": v9, "8": v8} {
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("model %s round trip differs", name)
		}
	}
	// Anchor (measured when model 9 was made): 0.5 % of slack.
	const anchor9 = 16026
	t.Logf("model 9 %d bytes, model 8 %d (log %d)", len(v9), len(v8), len(log))
	if len(v9)*1000 > len(v8)*980 {
		t.Errorf("model 9 %d bytes, model 8 %d: not 2 %% smaller", len(v9), len(v8))
	}
	if len(v9)*1000 > anchor9*1005 {
		t.Errorf("model 9 %d bytes, above its anchor %d", len(v9), anchor9)
	}
}

// TestRescale: rowValues rescale to the digits' units exactly upwards, to the nearest
// downwards (half away from zero), and refuse what does not fit.
func TestRescale(t *testing.T) {
	for _, c := range []struct {
		v    int64
		d    int
		want int64
		ok   bool
	}{
		{123, 0, 123, true}, {123, 2, 12300, true}, {125, -1, 13, true}, {-125, -1, -13, true},
		{-124, -1, -12, true}, {7, -19, 0, true}, {1, 17, 0, false}, {1 << 55, 1, 0, false},
		{1 << 57, 0, 0, false},
	} {
		got, ok := rescale(c.v, c.d)
		if got != c.want || ok != c.ok {
			t.Errorf("rescale(%d, %d) = %d, %v; want %d, %v", c.v, c.d, got, ok, c.want, c.ok)
		}
	}
}

// TestValueCandidate9: model 9 offers value contexts to a column of 64 numbers or more
// (res ≥ 0 marks a number), whatever its values.
func TestValueCandidate9(t *testing.T) {
	res := make([]int8, 100)
	for i := range res {
		res[i] = -1
	}
	for i := 0; i < 63; i++ {
		res[i] = 0
	}
	if valueCandidate9(res) {
		t.Errorf("63 numbers: a candidate")
	}
	res[99] = 2
	if !valueCandidate9(res) {
		t.Errorf("64 numbers: not a candidate")
	}
}
