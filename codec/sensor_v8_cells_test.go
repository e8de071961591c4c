package codec

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// catalogLog is a synthetic event catalog and weather table (after earthquakes_23k and
// seattle_weather_1948): a day number, a latitude and longitude with three decimals that
// jump from event to event over a few recurring regions, a magnitude of one decimal, and a
// daily maximum and minimum temperature in whole degrees that wander. Integer arithmetic
// only (the same bytes on every architecture).
func catalogLog(rows int) []byte {
	var log bytes.Buffer
	log.WriteString("Day,Latitude,Longitude,Magnitude,Max,Min\n")
	seed := testlog.LCG(8)
	rnd := seed.IntN
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

// TestSensorModel8Catalog: model 8 codes a catalog's noisy columns with a second weight set
// in the residuals' mixers (predict.MixedResidual.SetMix2) and makes a rank column of one of
// its columns of few values (sensor_rank.go), round-trips the log byte for byte, codes it
// smaller than model 7, and within its anchor.
func TestSensorModel8Catalog(t *testing.T) {
	log := catalogLog(8000)
	v8, enc := encodeSensorModel(t, log, 1<<16, sensorModelV8)
	ranks := 0
	for _, v := range enc.lastHead.values {
		ranks += b2i(v.mode == valueRank)
	}
	if ranks == 0 {
		t.Errorf("no rank column among the value modes %v", enc.lastHead.values)
	}
	v7, _ := encodeSensorModel(t, log, 1<<16, sensorModelV7)
	for name, vlm := range map[string][]byte{"8": v8, "7": v7} {
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("model %s round trip differs", name)
		}
	}
	// Anchor (measured when model 8 was made; 43,971 with the second weight set alone, 43,519
	// with the rank columns): 0.5 % of slack.
	const anchor8 = 43385
	t.Logf("model 8 %d bytes, model 7 %d (log %d)", len(v8), len(v7), len(log))
	if len(v8)*1000 > len(v7)*990 {
		t.Errorf("model 8 %d bytes, model 7 %d: not 1 %% smaller", len(v8), len(v7))
	}
	if len(v8)*1000 > anchor8*1005 {
		t.Errorf("model 8 %d bytes, above its anchor %d", len(v8), anchor8)
	}
}

// TestRankColumnOrder: a rank dictionary keeps its entries sorted by value, then bytes, finds
// an entry by both, and gives the rank nearest a prediction (the lower on a tie).
func TestRankColumnOrder(t *testing.T) {
	r := &rankCol{}
	for _, e := range []struct {
		x int64
		b string
	}{{30, "3.0"}, {10, "1.0"}, {30, "3"}, {25, "2.5"}, {10, "1.0"}} {
		i, in := r.find(e.x, []byte(e.b))
		if !in {
			r.ents = slices.Insert(r.ents, i, rankEntry{x: e.x, b: []byte(e.b)})
		}
	}
	var got []string
	for _, e := range r.ents {
		got = append(got, string(e.b))
	}
	if want := []string{"1.0", "2.5", "3", "3.0"}; !slices.Equal(got, want) {
		t.Fatalf("entries %v, want %v", got, want)
	}
	if i, in := r.find(30, []byte("3.0")); !in || i != 3 {
		t.Errorf("find 3.0: %d %v", i, in)
	}
	if _, in := r.find(20, []byte("2.0")); in {
		t.Errorf("found 2.0")
	}
	for p, want := range map[int64]int{-5: 0, 10: 0, 17: 0, 18: 1, 27: 1, 28: 2, 99: 3} {
		if got := r.nearest(p); got != want {
			t.Errorf("nearest(%d) = %d, want %d", p, got, want)
		}
	}
}
