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

// codeModels14And15 codes log under models 15 and 14, checks both round trips byte for byte,
// and returns the two files and the relations of model 15's last block head.
func codeModels14And15(t *testing.T, log []byte) (v15, v14 []byte, rels []colRel13) {
	t.Helper()
	v15, enc := encodeSensorModel(t, log, 1<<20, sensorModelV15)
	v14, _ = encodeSensorModel(t, log, 1<<20, sensorModelV14)
	for name, vlm := range map[string][]byte{"15": v15, "14": v14} {
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("model %s round trip differs", name)
		}
	}
	rels = enc.lastHead.rel13
	t.Logf("model 15 %d bytes, model 14 %d (log %d); relations %+v", len(v15), len(v14), len(log), rels)
	return v15, v14, rels
}

// TestSensorModel15Humidity: model 15 finds the humidity relation of the synthetic table
// (RHum from the dry bulb and the dew point), codes it smaller than model 14 by at least
// 6 % and no larger than its anchor measured on the branch (0.5 % of slack), and both
// round-trip byte for byte.
func TestSensorModel15Humidity(t *testing.T) {
	log := humLog(6000, 3)
	v15, v14, rels := codeModels14And15(t, log)
	if !slices.Contains(rels, colRel13{col: 4, kind: rel15Hum, a: 2, b: 3, c: -1, d: -1}) {
		t.Errorf("no humidity relation for column 4 in %+v", rels)
	}
	if len(v15)*100 > len(v14)*94 {
		t.Errorf("model 15 %d bytes, model 14 %d: not 6 %% smaller", len(v15), len(v14))
	}
	const anchor = 11205
	if anchor > 0 && len(v15)*1000 > anchor*1005 {
		t.Errorf("model 15 %d bytes, above its anchor %d", len(v15), anchor)
	}
}

// TestSensorModel15RelHead: humidity and number key relations survive the head's round trip; one whose
// partners are the same column, or its own, is refused, and a model 14 head refuses it.
func TestSensorModel15RelHead(t *testing.T) {
	h := &sensorBlockHead{model: sensorModelV15, rows: 3, raw: 30, ec: make([]int32, 7), hasEc: make([]bool, 7),
		rel13: []colRel13{{col: 4, kind: rel14Prod, a: 1, b: 2, c: 3, d: 0, neg: true},
			{col: 5, kind: rel15Hum, a: 1, b: 2, c: -1, d: -1},
			{col: 6, kind: rel15NumKey, a: 1, b: -1}}}
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
		{{col: 4, kind: rel15NumKey, a: 4, b: -1}},
	} {
		b := *h
		b.rel13 = bad
		if _, _, err := parseSensorBlockHead(b.append(nil), sensorModelV15); err == nil {
			t.Errorf("relations %v accepted", bad)
		}
	}
	b := *h
	b.model = sensorModelV14
	for _, r := range h.rel13[1:] {
		b.rel13 = []colRel13{r}
		if _, _, err := parseSensorBlockHead(b.append(nil), sensorModelV14); err == nil {
			t.Errorf("model 14 head took relation %+v", r)
		}
	}
}

// codeLog is a synthetic table of uncertainty codes after NREL's TMY3 files: a first code
// (0 at night, one of a few values by day, changing every few hours), three more that are
// functions of it (one per measured column), and a noisy measurement between them.
func codeLog(rows int, seed uint64) []byte {
	rnd := func(n int64) int64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int64(seed>>33) % n
	}
	var log bytes.Buffer
	log.WriteString("GHI,GHI uncert,DNI,DNI uncert,DHI uncert,Lum uncert\n")
	codes := []int64{8, 11, 28, 31, 50}
	var u, ghi int64
	for i := range rows {
		h := i % 24
		if h < 7 || h > 18 {
			u, ghi = 0, 0
		} else {
			if u == 0 || rnd(4) == 0 {
				u = codes[rnd(int64(len(codes)))]
			}
			ghi = max(0, ghi+rnd(201)-60)
		}
		f := map[int64]int64{0: 0, 8: 9, 11: 13, 28: 31, 31: 31, 50: 50}
		g := map[int64]int64{0: 0, 8: 50, 11: 8, 28: 11, 31: 9, 50: 28}
		fmt.Fprintf(&log, "%d,%d,%d,%d,%d,%d\n", ghi, u, ghi*7/10+rnd(4), f[u], g[u], f[g[u]]+int64(2*b2i(u > 0)))
	}
	return log.Bytes()
}

// TestSensorModel15NumKey: model 15 gives the synthetic code columns number key relations
// (each code a function of another, coded before it), codes the table smaller than model 14
// by at least 1 % (the noisy irradiances cost the most) and no larger than its anchor (0.5 % of slack), and both round-trip.
func TestSensorModel15NumKey(t *testing.T) {
	log := codeLog(6000, 7)
	v15, v14, rels := codeModels14And15(t, log)
	keys := 0
	for _, r := range rels {
		if r.kind == rel15NumKey && r.col != r.a && r.col != 0 && r.col != 2 && r.a != 0 && r.a != 2 {
			keys++
		}
	}
	if keys < 2 {
		t.Errorf("%d number key relations among %+v, want 2 or more", keys, rels)
	}
	if len(v15)*1000 > len(v14)*990 {
		t.Errorf("model 15 %d bytes, model 14 %d: not 1 %% smaller", len(v15), len(v14))
	}
	const anchor = 6961
	if anchor > 0 && len(v15)*1000 > anchor*1005 {
		t.Errorf("model 15 %d bytes, above its anchor %d", len(v15), anchor)
	}
}
