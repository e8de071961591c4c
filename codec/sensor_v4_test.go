package codec

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// valueLog is a synthetic catalog of events in time order: each row's place is drawn from a
// few regions (the row before tells nothing of it), its size from a skewed distribution, and
// a last column is the rounded mean of two others, as weather tables write it.
func valueLog(rows int) []byte {
	var log bytes.Buffer
	log.WriteString("time,lat,lon,mag,hi,mean,lo\n")
	seed := testlog.LCG(11)
	rnd := seed.IntN
	regions := [][2]int64{{35000, 139000}, {-6000, 105000}, {38000, -122000}, {-33000, -71000}, {61000, -150000}}
	hi := int64(15)
	for i := 0; i < rows; i++ {
		r := regions[rnd(int64(len(regions)))]
		if rnd(4) == 0 {
			r = regions[0]
		}
		lat, lon := r[0]+rnd(4001)-2000, r[1]+rnd(6001)-3000
		mag := 55 + rnd(4)*rnd(5)
		hi += rnd(7) - 3
		hi = max(-5, min(hi, 38))
		lo := hi - 2 - rnd(9)
		mean := (hi + lo + rnd(2)) >> 1
		fmt.Fprintf(&log, "%d,%.3f,%.3f,%.1f,%d,%d,%d\n", 1000000+60*i, float64(lat)/1000, float64(lon)/1000, float64(mag)/10, hi, mean, lo)
	}
	return log.Bytes()
}

// TestSensorValueModes: model 4 chooses value modes for the columns its predictors cannot
// foretell (the regions' places, the skewed size), the log round-trips byte for byte, and it
// codes clearly smaller than model 3.
func TestSensorValueModes(t *testing.T) {
	log := valueLog(6000)
	v4, enc := encodeSensorModel(t, log, 1<<16, sensorModelV4)
	v3, _ := encodeSensorModel(t, log, 1<<16, sensorModelV3)
	got, _ := decodeSensor(t, v4)
	if !bytes.Equal(got, log) {
		t.Fatal("model 4 round trip differs")
	}
	if 100*len(v4) > 97*len(v3) {
		t.Errorf("model 4 %d bytes, model 3 %d: expected at least 3 %% less", len(v4), len(v3))
	}
	// The head of the (only) block names the value modes it chose.
	h := enc.lastHead
	if h == nil || len(h.values) == 0 {
		t.Fatal("no column took a value mode")
	}
	direct := 0
	for _, v := range h.values {
		if v.mode == valueDirect {
			direct++
		}
	}
	if direct == 0 {
		t.Errorf("no direct column among %v", h.values)
	}
	t.Logf("%d bytes of log: model 3 %d bytes, model 4 %d; value modes %v", len(log), len(v3), len(v4), h.values)
}

// TestSensorValueHead: a block head with value modes reads back as written, and a head
// naming a mode out of range or columns out of order is refused.
func TestSensorValueHead(t *testing.T) {
	h := &sensorBlockHead{model: sensorModelV4, rows: 3, raw: 10, ec: []int32{0, -3, 0}, hasEc: []bool{true, true, true},
		affixes: []colAffix{{1, []byte("\""), []byte("\"")}}, values: []colValue{{0, valueContexts}, {2, valueDirect}}}
	b := h.append(nil)
	g, rest, err := parseSensorBlockHead(b, sensorModelV4)
	if err != nil || len(rest) != 0 {
		t.Fatalf("%v, %d bytes left", err, len(rest))
	}
	if fmt.Sprint(g.values) != fmt.Sprint(h.values) || len(g.affixes) != 1 {
		t.Fatalf("read %v %v, wrote %v %v", g.values, g.affixes, h.values, h.affixes)
	}
	for _, bad := range [][]colValue{{{0, 3}}, {{2, 1}, {1, 1}}, {{3, 1}}} {
		h.values = bad
		if _, _, err := parseSensorBlockHead(h.append(nil), sensorModelV4); err == nil {
			t.Errorf("values %v accepted", bad)
		}
	}
	// Without value modes, the head is as long as model 3's.
	h.values = nil
	h3 := *h
	h3.model = sensorModelV3
	if a, b := len(h.append(nil)), len(h3.append(nil)); a != b {
		t.Errorf("a model-4 head without value modes takes %d bytes, model 3's %d", a, b)
	}
}

// TestSensorNominalExp: a column of shortest-notation decimals of three places (19.246, 17.26,
// 19.2: the trailing zeros stripped), now and then one with seven, whose significant digits
// vary with the magnitude. Model 3 pads to the most significant digits it has seen, which
// the small values cannot strip to; model 4 pads to the column's most frequent last place,
// so the precision costs almost nothing.
func TestSensorNominalExp(t *testing.T) {
	var log bytes.Buffer
	log.WriteString("n,x\n")
	seed := testlog.LCG(5)
	rnd := seed.IntN
	for i := 0; i < 8000; i++ {
		v := rnd(180001) - 90000
		s := strconv.FormatFloat(float64(v)/1000, 'f', -1, 64)
		if rnd(50) == 0 {
			s = strconv.FormatFloat(float64(v)/1000+float64(rnd(9999)+1)/1e7, 'f', -1, 64)
		}
		fmt.Fprintf(&log, "%d,%s\n", i, s)
	}
	v4, e4 := encodeSensorModel(t, log.Bytes(), 1<<16, sensorModelV4)
	v3, e3 := encodeSensorModel(t, log.Bytes(), 1<<16, sensorModelV3)
	got, _ := decodeSensor(t, v4)
	if !bytes.Equal(got, log.Bytes()) {
		t.Fatal("model 4 round trip differs")
	}
	n4, n3 := e4.Summary().Columns[1].Notation>>16, e3.Summary().Columns[1].Notation>>16
	if 4*n4 > n3 {
		t.Errorf("the column's notation and precision cost %d bits under model 4, %d under model 3: expected a quarter at most", n4, n3)
	}
	if len(v4) >= len(v3) {
		t.Errorf("model 4 %d bytes, model 3 %d", len(v4), len(v3))
	}
	t.Logf("%d bytes of log: model 3 %d bytes (notation %d bits), model 4 %d (%d bits)", log.Len(), len(v3), n3, len(v4), n4)
}
