package codec

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
)

// TestHum15: the fixed-point Magnus humidity against the formula's values (computed in
// float64 outside: 20 °C over 10 °C is 52.516 %), in the columns' units.
func TestHum15(t *testing.T) {
	for _, c := range []struct {
		a      int64
		ea     int32
		b      int64
		eb     int32
		et     int32
		want   int64
		wantOK bool
	}{
		{200, -1, 100, -1, 0, 53, true},      // 52.516
		{20, 0, 10, 0, -1, 525, true},        // 52.516 in tenths
		{40, -1, 30, -1, 0, 93, true},        // 93.176
		{-100, -1, -150, -1, -2, 6666, true}, // 66.662
		{35000, -3, 5, 0, 0, 16, true},       // 15.514
		{0, 0, 0, 0, 0, 100, true},
		{1001, -1, 0, 0, 0, 0, false}, // 100.1 °C: none
		{20, 0, 10, 0, 3, 0, false},
	} {
		got, ok := hum15(c.a, c.ea, c.b, c.eb, c.et)
		if got != c.want || ok != c.wantOK {
			t.Errorf("hum15(%d e%d, %d e%d, e%d) = %d %v, want %d %v", c.a, c.ea, c.b, c.eb, c.et, got, ok, c.want, c.wantOK)
		}
	}
}

// humLog is a synthetic hourly weather table: a dry bulb and a dew point in tenths of °C
// (random walks, the dew point below the air), the relative humidity from them (a
// float-free stand-in of the formula: hum15 itself, plus an offset that drifts and a
// little noise, as a station's own formula and rounding), and a wind speed.
func humLog(rows int, seed uint64) []byte {
	rnd := func(n int64) int64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int64(seed>>33) % n
	}
	var log bytes.Buffer
	log.WriteString("Date,Time,Dry-bulb (C),Dew-point (C),RHum (%),Wspd (m/s)\n")
	tb, dp, off, ws := int64(50), int64(20), int64(0), int64(30)
	for i := range rows {
		tb = max(-300, min(350, tb+rnd(21)-10))
		dp = min(tb, max(tb-200, dp+rnd(21)-10))
		if rnd(50) == 0 {
			off = max(-3, min(3, off+rnd(3)-1))
		}
		h, _ := hum15(tb, -1, dp, -1, 0)
		if rnd(8) == 0 {
			h += rnd(3) - 1
		}
		ws = max(0, min(200, ws+rnd(11)-5))
		fmt.Fprintf(&log, "%02d/%02d/1997,%02d:00,%s,%s,%d,%d.%d\n", i/24/28%12+1, i/24%28+1, i%24+1,
			tenths(tb), tenths(dp), max(1, min(100, h+off)), ws/10, ws%10)
	}
	return log.Bytes()
}

// tenths prints v/10 with one decimal (−0.5 for −5).
func tenths(v int64) string {
	s := ""
	if v < 0 {
		s, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%d", s, v/10, v%10)
}

// TestSensorModel15Humidity: model 15 finds the humidity relation of the synthetic table
// (RHum from the dry bulb and the dew point), codes it smaller than model 14 by at least
// 6 % and no larger than its anchor measured on the branch (0.5 % of slack), and both
// round-trip byte for byte.
func TestSensorModel15Humidity(t *testing.T) {
	log := humLog(6000, 3)
	v15, enc := encodeSensorModel(t, log, 1<<20, sensorModelV15)
	v14, _ := encodeSensorModel(t, log, 1<<20, sensorModelV14)
	for name, vlm := range map[string][]byte{"15": v15, "14": v14} {
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("model %s round trip differs", name)
		}
	}
	rels := enc.lastHead.rel13
	t.Logf("model 15 %d bytes, model 14 %d (log %d); relations %+v", len(v15), len(v14), len(log), rels)
	if !slices.Contains(rels, colRel13{col: 4, kind: rel15Hum, a: 2, b: 3, c: -1, d: -1}) {
		t.Errorf("no humidity relation for column 4 in %+v", rels)
	}
	if len(v15)*100 > len(v14)*94 {
		t.Errorf("model 15 %d bytes, model 14 %d: not 6 %% smaller", len(v15), len(v14))
	}
	const anchor = 11113
	if anchor > 0 && len(v15)*1000 > anchor*1005 {
		t.Errorf("model 15 %d bytes, above its anchor %d", len(v15), anchor)
	}
}

// TestSensorModel15RelHead: a humidity relation survives the head's round trip; one whose
// partners are the same column, or its own, is refused, and a model 14 head refuses it.
func TestSensorModel15RelHead(t *testing.T) {
	h := &sensorBlockHead{model: sensorModelV15, rows: 3, raw: 30, ec: make([]int32, 7), hasEc: make([]bool, 7),
		rel13: []colRel13{{col: 4, kind: rel14Prod, a: 1, b: 2, c: 3, d: 0, neg: true},
			{col: 5, kind: rel15Hum, a: 1, b: 2, c: -1, d: -1}}}
	got, rest, err := parseSensorBlockHead(h.append(nil), sensorModelV15)
	if err != nil || len(rest) != 0 {
		t.Fatalf("parse: %v (%d bytes left)", err, len(rest))
	}
	if !slices.Equal(got.rel13, h.rel13) {
		t.Fatalf("relations %v, want %v", got.rel13, h.rel13)
	}
	for _, bad := range [][]colRel13{
		{{col: 4, kind: rel15Hum, a: 1, b: 1, c: -1, d: -1}},
		{{col: 4, kind: rel15Hum, a: 1, b: 4, c: -1, d: -1}},
		{{col: 4, kind: rel15Hum, a: 1, b: 9, c: -1, d: -1}},
	} {
		b := *h
		b.rel13 = bad
		if _, _, err := parseSensorBlockHead(b.append(nil), sensorModelV15); err == nil {
			t.Errorf("relations %v accepted", bad)
		}
	}
	b := *h
	b.model = sensorModelV14
	b.rel13 = h.rel13[1:]
	if _, _, err := parseSensorBlockHead(b.append(nil), sensorModelV14); err == nil {
		t.Errorf("model 14 head took a humidity relation")
	}
}
