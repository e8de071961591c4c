package codec

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
)

// tmyLog is a synthetic hourly table after NREL's TMY3 files (docs/MODEL.md "Sensor model
// 14: weather tables"): per hour of days days, the extraterrestrial irradiance ETR and its
// normal ETRN (0 at night), the direct, diffuse and global irradiances, GHI = DHI + round(DNI·ETR/ETRN),
// the global illuminance (GHI times a slowly moving efficacy, printed in hundreds of lux) and
// the wind direction in steps of 10 degrees. Integer arithmetic only.
func tmyLog(days int, seed uint64) []byte {
	rnd := func(n int64) int64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int64(seed>>33) % n
	}
	var log bytes.Buffer
	log.WriteString("Date,Time,ETR,ETRN,DNI,DHI,GHI,GH illum,Wdir\n")
	k, eff, wdir := int64(500), int64(110), int64(18)
	for d := range days {
		dd := int64((d+200)%365 - 182)
		etrn := 1320 + 45*dd*dd/(182*182) - 22
		long := int64(8 + 4*((d+100)%365)/365) // half the day's length in hours, 8 to 11
		for h := int64(1); h <= 24; h++ {
			var etr, en, dni, dhi int64
			if x := h - 12; x*x < long*long {
				en = etrn                                      // 0 at night, as in TMY3
				etr = etrn * (long*long - x*x) / (long * long) // the sun's height, a parabola
				k = max(100, min(900, k+rnd(121)-60))          // clearness, a random walk (thousandths)
				dni = etrn * k * k / 1000000
				dhi = etr*(1000-k)/2500 + rnd(61)
			}
			ghi := dhi + (dni*etr*2+etrn)/(2*etrn)
			eff = max(90, min(130, eff+rnd(3)-1))
			illum := (ghi*eff + 50) / 100 * 100
			wdir = (wdir + rnd(5) - 2 + 36) % 36
			fmt.Fprintf(&log, "%02d/%02d/1997,%02d:00,%d,%d,%d,%d,%d,%d,%d\n", d/28%12+1, d%28+1, h, etr, en, dni, dhi, ghi, illum, wdir*10)
		}
	}
	return log.Bytes()
}

// TestSensorModel14Weather: model 14 codes the synthetic TMY table smaller than model 13 by
// at least 10 % (GHI a product of the row's DNI, ETR and ETRN plus its DHI; the illuminance and wind
// direction in their hundreds and tens), no larger than its anchor measured on the branch
// (0.5 % of slack), and round-trips byte for byte; the product relation is in the head.
func TestSensorModel14Weather(t *testing.T) {
	log := tmyLog(120, 5)
	v14, enc := encodeSensorModel(t, log, 1<<20, sensorModelV14)
	v13, _ := encodeSensorModel(t, log, 1<<20, sensorModelV13)
	for name, vlm := range map[string][]byte{"14": v14, "13": v13} {
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("model %s round trip differs", name)
		}
	}
	rels := enc.lastHead.rel13
	t.Logf("model 14 %d bytes, model 13 %d (log %d); relations %+v", len(v14), len(v13), len(log), rels)
	want := colRel13{col: 6, kind: rel14Prod, a: 4, b: 2, c: 3, d: 5}
	if !slices.ContainsFunc(rels, func(r colRel13) bool {
		return r.col == want.col && r.kind == want.kind && r.d == want.d && !r.neg &&
			slices.Equal([]int{min(r.a, r.b), max(r.a, r.b), r.c}, []int{2, 4, 3})
	}) {
		t.Errorf("no relation %+v in %+v", want, rels)
	}
	if len(v14)*100 > len(v13)*90 {
		t.Errorf("model 14 %d bytes, model 13 %d: not 10 %% smaller", len(v14), len(v13))
	}
	const anchor = 7552
	if anchor > 0 && len(v14)*1000 > anchor*1005 {
		t.Errorf("model 14 %d bytes, above its anchor %d", len(v14), anchor)
	}
}

// TestSensorModel14RelHead: model 14's products and scales survive the head's round trip;
// a product naming its own column is refused, and a model 13 head refuses both kinds.
func TestSensorModel14RelHead(t *testing.T) {
	h := &sensorBlockHead{model: sensorModelV14, rows: 3, raw: 30, ec: make([]int32, 7), hasEc: make([]bool, 7),
		rel13: []colRel13{{col: 2, kind: rel13Plane, a: 0, b: 1, shift: 17},
			{col: 4, kind: rel14Prod, a: 1, b: 2, c: 3, d: 0, neg: true},
			{col: 5, kind: rel14Prod, a: 1, b: 2, c: 3, d: -1},
			{col: 6, kind: rel14Scale, a: 4, b: -1, c: -1, d: -1}}}
	got, rest, err := parseSensorBlockHead(h.append(nil), sensorModelV14)
	if err != nil || len(rest) != 0 {
		t.Fatalf("parse: %v (%d bytes left)", err, len(rest))
	}
	if !slices.Equal(got.rel13, h.rel13) {
		t.Fatalf("relations %v, want %v", got.rel13, h.rel13)
	}
	for _, bad := range [][]colRel13{
		{{col: 4, kind: rel14Prod, a: 1, b: 4, c: 3, d: 0}},
		{{col: 4, kind: rel14Prod, a: 1, b: 2, c: 4, d: 0}},
		{{col: 4, kind: rel14Prod, a: 1, b: 2, c: 3, d: 4}},
		{{col: 4, kind: rel14Scale, a: 4, b: -1, c: -1, d: -1}},
		{{col: 4, kind: rel14Prod, a: 1, b: 2, c: 9, d: 0}},
	} {
		b := *h
		b.rel13 = bad
		if _, _, err := parseSensorBlockHead(b.append(nil), sensorModelV14); err == nil {
			t.Errorf("relations %v accepted", bad)
		}
	}
	b := *h
	b.model = sensorModelV13
	b.rel13 = h.rel13[1:2]
	if _, _, err := parseSensorBlockHead(b.append(nil), sensorModelV13); err == nil {
		t.Errorf("model 13 head took a product")
	}
}

// TestSensorModel14Grid: a column of hundreds (and one of tens) codes its digits in its
// grid's units under model 14 (half of its rows 0, as a night's irradiance): a table of such columns codes smaller than under model 13,
// and a number off the grid still round-trips.
func TestSensorModel14Grid(t *testing.T) {
	var log bytes.Buffer
	seed := uint64(9)
	rnd := func(n int64) int64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int64(seed>>33) % n
	}
	log.WriteString("a,b,c\n")
	a, b := int64(500), int64(20)
	for i := range 3000 {
		a = max(0, a+rnd(41)-20)
		b = (b + rnd(7) - 3 + 36) % 36
		c := a * 100
		if i/12%2 == 0 {
			c = 0 // nights
		}
		if i%500 == 77 {
			c += 37 // off the grid
		}
		fmt.Fprintf(&log, "%d,%d,%d\n", c, b*10, a+rnd(3))
	}
	v14, _ := encodeSensorModel(t, log.Bytes(), 1<<20, sensorModelV14)
	v13, _ := encodeSensorModel(t, log.Bytes(), 1<<20, sensorModelV13)
	for name, vlm := range map[string][]byte{"14": v14, "13": v13} {
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log.Bytes()) {
			t.Fatalf("model %s round trip differs", name)
		}
	}
	t.Logf("model 14 %d bytes, model 13 %d", len(v14), len(v13))
	if len(v14)*100 > len(v13)*98 {
		t.Errorf("model 14 %d bytes, model 13 %d: not 2 %% smaller", len(v14), len(v13))
	}
}
