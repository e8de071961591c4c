package codec

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
)

// quakeLog is a synthetic catalogue of events after plotly's earthquakes-23k.csv: Date,
// Latitude, Longitude, Magnitude, one event a row in time order. Each event's place is
// drawn near one of a dozen centres strung along belts (a latitude and longitude that go
// together) and printed with three decimals, so that a row's place is nearly random given
// the row before but its longitude is foretold by its latitude. Integer arithmetic only (the
// same bytes on every architecture).
func quakeLog(rows int, seed uint64) []byte {
	rnd := func(n int64) int64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int64(seed>>33) % n
	}
	// Centres in thousandths of a degree: latitude, longitude, spread.
	centres := [][3]int64{
		{35000, 140000, 3000}, {-6000, 105000, 4000}, {-20000, -70000, 5000}, {52000, -170000, 4000},
		{38000, 22000, 3000}, {15000, -92000, 3000}, {-40000, 175000, 3000}, {28000, 85000, 4000},
		{-15000, 168000, 2000}, {40000, -125000, 2000}, {12000, 125000, 3000}, {-33000, -72000, 3000},
	}
	deg := func(v int64) string {
		s := ""
		if v < 0 {
			s, v = "-", -v
		}
		return fmt.Sprintf("%s%d.%03d", s, v/1000, v%1000)
	}
	var log bytes.Buffer
	log.WriteString("Date,Latitude,Longitude,Magnitude\n")
	day := int64(0)
	for r := 0; r < rows; r++ {
		day += rnd(3)
		c := centres[rnd(int64(len(centres)))]
		// A belt: the longitude follows the latitude within the cluster, plus scatter.
		dl := rnd(2*c[2]+1) - c[2]
		lat := c[0] + dl
		lon := c[1] + dl/2 + rnd(c[2]+1) - c[2]/2
		mag := 55 + rnd(20)
		fmt.Fprintf(&log, "%02d/%02d/%d,%s,%s,%d.%d\n", day%28+1, day/28%12+1, 1965+day/336, deg(lat), deg(lon), mag/10, mag%10)
	}
	return log.Bytes()
}

// TestSensorModel12Joint: on a catalogue of clustered places (quakeLog), model 12 gives the
// longitude the latitude as its partner (chooseJoints), its magnitude decisions and digits
// learn under the latitude's bins, and the log codes smaller than under model 11 by at
// least quakeGainPct % (measured on the branch: 35,535 bytes against 38,871, 8.6 %), no
// larger than its anchor (0.5 % of slack); both round-trip byte for byte.
func TestSensorModel12Joint(t *testing.T) {
	const quakeGainPct = 5
	log := quakeLog(8000, 5)
	v12, enc := encodeSensorModel(t, log, 1<<16, sensorModelV12)
	v11, _ := encodeSensorModel(t, log, 1<<16, sensorModelV11)
	for name, vlm := range map[string][]byte{"12": v12, "11": v11} {
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("model %s round trip differs", name)
		}
	}
	t.Logf("quakes: model 12 %d bytes, model 11 %d (log %d); joints %v", len(v12), len(v11), len(log), enc.lastHead.joints)
	if !slices.ContainsFunc(enc.lastHead.joints, func(j colJoint) bool { return j.col == 2 && j.src == 1 }) {
		t.Errorf("the longitude has no joint with the latitude: %v", enc.lastHead.joints)
	}
	if len(v12)*100 > len(v11)*(100-quakeGainPct) {
		t.Errorf("model 12 %d bytes, model 11 %d: not %d %% smaller", len(v12), len(v11), quakeGainPct)
	}
	if anchor := 35535; len(v12)*1000 > anchor*1005 {
		t.Errorf("model 12 %d bytes, above its anchor %d", len(v12), anchor)
	}
}

// TestSensorModel12JointHead: a block head's joints survive the head's round trip, and a
// joint whose column or partner is out of range, or columns not increasing, is refused.
func TestSensorModel12JointHead(t *testing.T) {
	h := &sensorBlockHead{model: sensorModelV12, rows: 3, raw: 30, ec: make([]int32, 4), hasEc: make([]bool, 4),
		joints: []colJoint{{1, 1, 0}, {2, 1, 24}, {3, 0, 5}}}
	got, rest, err := parseSensorBlockHead(h.append(nil), sensorModelV12)
	if err != nil || len(rest) != 0 {
		t.Fatalf("parse: %v (%d bytes left)", err, len(rest))
	}
	if !slices.Equal(got.joints, h.joints) {
		t.Fatalf("joints %v, want %v", got.joints, h.joints)
	}
	for _, bad := range [][]colJoint{{{4, 0, 1}}, {{2, 4, 1}}, {{2, 0, 1}, {1, 0, 1}}, {{1, 0, 63}}} {
		b := *h
		b.joints = bad
		if _, _, err := parseSensorBlockHead(b.append(nil), sensorModelV12); err == nil {
			t.Errorf("joints %v accepted", bad)
		}
	}
}
