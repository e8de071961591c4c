package codec

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"testing"
)

// tickerLog is a synthetic table after plotly's stockdata2.csv: rows interleave tickers
// ("1",2007-01-03,"MSFT",23.950705,-0.167452273325558), each ticker's value a random walk
// printed with six decimals and its change the percent change to the ticker's next value,
// printed with 15 significant digits (NA on its last row). Integer random walks; the change
// is printed from float64 division (IEEE, the same on every machine).
func tickerLog(days int, seed uint64) []byte {
	rnd := func(n int64) int64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int64(seed>>33) % n
	}
	names := []string{"MSFT", "IBM", "SBUX", "AAPL", "GSPC"}
	vals := make([][]int64, len(names)) // millionths
	start := []int64{23950705, 80517962, 16149666, 11086612, 1416599976}
	for k := range names {
		v := start[k]
		for range days {
			vals[k] = append(vals[k], v)
			v += v * (rnd(401) - 200) / 10000
			v = max(v, 1000000)
		}
	}
	var log bytes.Buffer
	log.WriteString("\"\",\"Date\",\"stock\",\"value\",\"change\"\n")
	n := 0
	for d := range days {
		for k, name := range names {
			n++
			v := vals[k][d]
			ch := "NA"
			if d+1 < days {
				c := (float64(vals[k][d+1])/float64(v) - 1) * 100
				ch = strconv.FormatFloat(c, 'g', 15, 64)
			}
			vs := strconv.FormatInt(v/1000000, 10) + "." + fmt.Sprintf("%06d", v%1000000)
			vs = trimZeros(vs)
			fmt.Fprintf(&log, "\"%d\",2007-%02d-%02d,\"%s\",%s,%s\n", n, d/28%12+1, d%28+1, name, vs, ch)
		}
	}
	return log.Bytes()
}

func trimZeros(s string) string {
	for len(s) > 0 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

// gridLog is a synthetic table after plotly's precipitation table: grid coordinates x, y (in
// quarters of a cell, printed to four decimals, rows in no spatial order) and two smooth nonlinear
// functions of them printed to four decimals (a latitude and longitude of a projection),
// each with a little noise, and a value. Integer arithmetic only.
func gridLog(rows int, seed uint64) []byte {
	rnd := func(n int64) int64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int64(seed>>33) % n
	}
	four := func(v int64) string { // v in ten-thousandths
		s := ""
		if v < 0 {
			s, v = "-", -v
		}
		return trimZeros(fmt.Sprintf("%s%d.%04d", s, v/10000, v%10000))
	}
	var log bytes.Buffer
	log.WriteString("X,Y,Lat,Lon,Value\n")
	for range rows {
		x12, y12 := 2400+3*rnd(4000), 2000+3*rnd(2667) // twelfths of a cell, in quarters
		x, y := x12*10000/12, y12*10000/12             // ten-thousandths
		// Smooth functions (ten-thousandths of a degree): quadratic in the coordinates.
		dx, dy := x12-8400, y12-6000
		lat := 400000 + dy*37 - dx*dx/5000 - dx*dy/20000 + rnd(41) - 20
		lon := -950000 + dx*45 + dx*dy/6000 + rnd(11) - 5
		fmt.Fprintf(&log, "%s,%s,%s,%s,%d.%02d\n", four(x), four(y), four(lat), four(lon), rnd(3), rnd(100))
	}
	return log.Bytes()
}

// TestSensorModel13Related: model 13 predicts the ticker table's value from the same
// ticker's last row (its value stepped by its change, a percent) and the grid table's
// latitude and longitude from the plane through earlier rows near in the grid coordinates;
// both logs code smaller than under model 12 by at least the given share, no larger than
// their anchors measured on the branch (0.5 % of slack; tickers 16,062 bytes against
// 25,205, grid 28,801 against 34,668), and round-trip byte for byte.
func TestSensorModel13Related(t *testing.T) {
	cases := []struct {
		name     string
		log      []byte
		gainPct  int
		anchor   int
		wantRels []colRel13
	}{
		{"tickers", tickerLog(600, 7), 20, 16062, []colRel13{{col: 3, kind: rel13KeyPct, a: 2, b: 4}}},
		{"grid", gridLog(4000, 3), 10, 28801, []colRel13{{col: 2, kind: rel13Plane, a: 1, b: 0}, {col: 3, kind: rel13Plane, a: 1, b: 0}}},
	}
	for _, tc := range cases {
		v13, enc := encodeSensorModel(t, tc.log, 1<<20, sensorModelV13)
		v12, _ := encodeSensorModel(t, tc.log, 1<<20, sensorModelV12)
		for name, vlm := range map[string][]byte{"13": v13, "12": v12} {
			if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, tc.log) {
				t.Fatalf("%s: model %s round trip differs", tc.name, name)
			}
		}
		rels := enc.lastHead.rel13
		t.Logf("%s: model 13 %d bytes, model 12 %d (log %d); relations %+v", tc.name, len(v13), len(v12), len(tc.log), rels)
		for _, w := range tc.wantRels {
			if !slices.ContainsFunc(rels, func(r colRel13) bool { return r.col == w.col && r.kind == w.kind && r.a == w.a && r.b == w.b }) {
				t.Errorf("%s: no relation %+v in %+v", tc.name, w, rels)
			}
		}
		if len(v13)*100 > len(v12)*(100-tc.gainPct) {
			t.Errorf("%s: model 13 %d bytes, model 12 %d: not %d %% smaller", tc.name, len(v13), len(v12), tc.gainPct)
		}
		if tc.anchor > 0 && len(v13)*1000 > tc.anchor*1005 {
			t.Errorf("%s: model 13 %d bytes, above its anchor %d", tc.name, len(v13), tc.anchor)
		}
	}
}

// TestSensorModel13RelHead: a block head's relations survive the head's round trip, and a
// relation whose column or partner is out of range, or columns not increasing, is refused.
func TestSensorModel13RelHead(t *testing.T) {
	h := &sensorBlockHead{model: sensorModelV13, rows: 3, raw: 30, ec: make([]int32, 5), hasEc: make([]bool, 5),
		rel13: []colRel13{{col: 2, kind: rel13Plane, a: 0, b: 1, shift: 17}, {col: 3, kind: rel13Key, a: 1, b: -1}, {col: 4, kind: rel13KeyPct, a: 1, b: 2}}}
	got, rest, err := parseSensorBlockHead(h.append(nil), sensorModelV13)
	if err != nil || len(rest) != 0 {
		t.Fatalf("parse: %v (%d bytes left)", err, len(rest))
	}
	if !slices.Equal(got.rel13, h.rel13) {
		t.Fatalf("relations %v, want %v", got.rel13, h.rel13)
	}
	for _, bad := range [][]colRel13{
		{{col: 5, kind: rel13Key, a: 0, b: -1}},
		{{col: 2, kind: rel13Plane, a: 0, b: 0, shift: 3}},
		{{col: 2, kind: rel13Key, a: 2, b: -1}},
		{{col: 3, kind: rel13Key, a: 0, b: -1}, {col: 2, kind: rel13Key, a: 0, b: -1}},
		{{col: 2, kind: rel13Plane, a: 0, b: 1, shift: 30}},
	} {
		b := *h
		b.rel13 = bad
		if _, _, err := parseSensorBlockHead(b.append(nil), sensorModelV13); err == nil {
			t.Errorf("relations %v accepted", bad)
		}
	}
	// Model 12 heads carry no relations.
	b := *h
	b.model = sensorModelV12
	if got, _, err := parseSensorBlockHead(b.append(nil), sensorModelV12); err != nil || len(got.rel13) != 0 {
		t.Errorf("model 12 head: %v, relations %v", err, got.rel13)
	}
}

// TestSensorRel13Bound: model 13's search stops a plane's or a key's estimate once it
// reaches the best so far (chooseRel13's bound): the files are byte for byte those of the
// search estimating every candidate on all its rows (rel13Unbounded), and the bound cut
// some estimates short (rel13Cut) on each log.
func TestSensorRel13Bound(t *testing.T) {
	defer func(v bool) { rel13Unbounded = v }(rel13Unbounded)
	for _, tc := range []struct {
		name string
		log  []byte
	}{
		{"tickers", tickerLog(600, 7)},
		{"grid", gridLog(4000, 3)},
		{"csv", syntheticLog(200 << 10)},
	} {
		rel13Unbounded = false
		bounded, be := encodeSensorWith(t, tc.log, WithThreads(1))
		rel13Unbounded = true
		whole, we := encodeSensorWith(t, tc.log, WithThreads(1))
		if be.rel13Cut.Load() == 0 || we.rel13Cut.Load() != 0 {
			t.Errorf("%s: %d estimates cut with the bound, %d without", tc.name, be.rel13Cut.Load(), we.rel13Cut.Load())
		}
		if !bytes.Equal(bounded, whole) {
			t.Errorf("%s: %d bytes with the bound, %d without: not identical", tc.name, len(bounded), len(whole))
		}
		t.Logf("%s: %d bytes, %d estimates cut short", tc.name, len(bounded), be.rel13Cut.Load())
	}
}

// TestSensorRel13PickFinal: pickFinal, which measures the finals cheapest screen first and
// cuts a cost at its bound, takes the final the plain loop takes (the first of least cost in
// index order), on random costs with many ties and random screen orders.
func TestSensorRel13PickFinal(t *testing.T) {
	rng := uint64(7)
	next := func(n int) int64 {
		rng = rng*6364136223846793005 + 1442695040888963407
		return int64(rng>>33) % int64(n)
	}
	cut := 0
	for k := range 20000 {
		n := 1 + int(next(6))
		costs, screen := make([]int64, n), make([]int64, n)
		for i := range costs {
			costs[i], screen[i] = 10+next(4), next(5) // (ties in both)
		}
		want, wantC := -1, int64(math.MaxInt64)
		for i, c := range costs {
			if c < wantC {
				want, wantC = i, c
			}
		}
		got, gotC := pickFinal(screen, func(i int, bound int64) int64 {
			if costs[i] >= bound {
				cut++
				return bound + next(3) // a cut estimate: bound or more
			}
			return costs[i]
		})
		if got != want || gotC != wantC {
			t.Fatalf("case %d: costs %v, screen %v: took %d (%d), want %d (%d)", k, costs, screen, got, gotC, want, wantC)
		}
	}
	if cut == 0 {
		t.Fatal("no cost was cut")
	}
}
