package codec

import (
	"bytes"
	"fmt"
	"testing"
)

// catalogLog is a synthetic event catalog and weather table (after earthquakes_23k and
// seattle_weather_1948): a day number, a latitude and longitude with three decimals that
// jump from event to event over a few recurring regions, a magnitude of one decimal, and a
// daily maximum and minimum temperature in whole degrees that wander. Integer arithmetic
// only (the same bytes on every architecture).
func catalogLog(rows int) []byte {
	var log bytes.Buffer
	log.WriteString("Day,Latitude,Longitude,Magnitude,Max,Min\n")
	seed := uint64(8)
	rnd := func(n int64) int64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int64(seed>>33) % n
	}
	regions := [][2]int64{{35000, 139000}, {-20000, -70000}, {38000, 142000}, {-6000, 105000}, {52000, -170000}}
	tmax, tmin := int64(12), int64(5)
	for r := 0; r < rows; r++ {
		g := regions[rnd(int64(len(regions)))]
		lat, lon := g[0]+rnd(8000)-4000, g[1]+rnd(12000)-6000
		mag := 55 + rnd(12) + rnd(6)*rnd(3)
		tmax = min(max(tmax+rnd(7)-3, -5), 35)
		tmin = min(max(tmax-3-rnd(8), -10), tmax)
		fmt.Fprintf(&log, "%d,%s,%s,%d.%d,%d,%d\n", r/3, milli(lat), milli(lon), mag/10, mag%10, tmax, tmin)
	}
	return log.Bytes()
}

// milli writes v/1000 with three decimals.
func milli(v int64) string {
	s := ""
	if v < 0 {
		s, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%03d", s, v/1000, v%1000)
}

// TestSensorModel8Mix2: model 8 codes a catalog's noisy columns with a second weight set in
// the residuals' mixers (predict.MixedResidual.SetMix2), round-trips the log byte for byte,
// codes it smaller than model 7, and within its anchor.
func TestSensorModel8Mix2(t *testing.T) {
	log := catalogLog(8000)
	v8, _ := encodeSensorModel(t, log, 1<<16, sensorModelV8)
	v7, _ := encodeSensorModel(t, log, 1<<16, sensorModelV7)
	for name, vlm := range map[string][]byte{"8": v8, "7": v7} {
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("model %s round trip differs", name)
		}
	}
	// Anchor (measured when model 8 was made): 0.5 % of slack.
	const anchor8 = 43971
	t.Logf("model 8 %d bytes, model 7 %d (log %d)", len(v8), len(v7), len(log))
	if len(v8)*1000 > len(v7)*997 {
		t.Errorf("model 8 %d bytes, model 7 %d: not 0.3 %% smaller", len(v8), len(v7))
	}
	if len(v8)*1000 > anchor8*1005 {
		t.Errorf("model 8 %d bytes, above its anchor %d", len(v8), anchor8)
	}
}
