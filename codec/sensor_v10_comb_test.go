package codec

import (
	"bytes"
	"fmt"
	"math/big"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// solarLog is a synthetic hourly solar table (after TMY3): an hour, the extraterrestrial
// normal irradiance ETRN (a slow seasonal wave), the horizontal ETR = ETRN·cos z (z from the
// hour), the direct normal DNI and the diffuse DHI (clouds wandering), the global GHI =
// round(DNI·ETR/ETRN + DHI) written before DNI and DHI as TMY3 does, and a total of three
// parts after the parts. Integer arithmetic only (the same bytes on every architecture).
func solarLog(rows int) []byte {
	var log bytes.Buffer
	log.WriteString("Hour,ETR,ETRN,GHI,DNI,DHI,A,B,C,Total\n")
	seed := testlog.LCG(3)
	rnd := seed.IntN
	// cos of the sun's zenith ×1000 by hour of day (0 at night)
	cosz := []int64{0, 0, 0, 0, 0, 0, 80, 260, 450, 620, 750, 830, 860, 830, 750, 620, 450, 260, 80, 0, 0, 0, 0, 0}
	cloud, a, b, c := int64(500), int64(100), int64(2000), int64(50)
	for r := 0; r < rows; r++ {
		h := int64(r % 24)
		etrn := 1320 + int64(r/24%365)*70/365
		etr := etrn * cosz[h] / 1000
		cloud = min(max(cloud+rnd(101)-50, 0), 1000)
		var dni, dhi int64
		if etr > 0 {
			dni = etrn * (1000 - cloud) * 8 / 10000
			dhi = etr*(200+cloud*3/10)/1000 + rnd(5)
		}
		ghi := dhi
		if etrn > 0 {
			ghi += (2*dni*etr + etrn) / (2 * etrn)
		}
		a = min(max(a+rnd(21)-10, 0), 500)
		b = min(max(b+rnd(201)-100, 0), 9000)
		c = min(max(c+rnd(7)-3, 0), 99)
		fmt.Fprintf(&log, "%d,%d,%d,%d,%d,%d,%d,%d,%d,%d\n", h, etr, etrn, ghi, dni, dhi, a, b, c, a+b+c)
	}
	return log.Bytes()
}

// quatLog is a synthetic pose log (after EuRoC ground truth): a time, a position, and a unit
// quaternion qw, qx, qy, qz in six decimals, qz = −round(sqrt(1 − qw² − qx² − qy²)) (integer
// square root), the orientation turning slowly.
func quatLog(rows int) []byte {
	var log bytes.Buffer
	log.WriteString("t,x,y,z,qw,qx,qy,qz\n")
	seed := testlog.LCG(5)
	rnd := seed.IntN
	const one = 1000000
	x, y, z := int64(0), int64(0), int64(0)
	qw, qx, qy := int64(700000), int64(-100000), int64(300000)
	const sgn = -1
	dec := func(v int64) string {
		s := ""
		if v < 0 {
			s, v = "-", -v
		}
		return fmt.Sprintf("%s%d.%06d", s, v/one, v%one)
	}
	for r := 0; r < rows; r++ {
		x, y, z = x+rnd(2001)-1000, y+rnd(2001)-1000, z+rnd(201)-100
		qw = min(max(qw+rnd(4001)-2000, -600000), 800000)
		qx = min(max(qx+rnd(4001)-2000, -400000), 400000)
		qy = min(max(qy+rnd(4001)-2000, -400000), 400000)
		rest := big.NewInt(one*one - qw*qw - qx*qx - qy*qy)
		q := new(big.Int).Sqrt(rest).Int64() // floor
		if rest.Int64()-q*q > q {
			q++
		}
		fmt.Fprintf(&log, "%d,%s,%s,%s,%s,%s,%s,%s\n", 1000+r*5, dec(x), dec(y), dec(z), dec(qw), dec(qx), dec(qy), dec(sgn*q))
	}
	return log.Bytes()
}

// TestSensorModel10Relations: model 10 finds the solar log's ratio relation (DHI from GHI,
// DNI, ETR and ETRN), its linear one (a total of three parts) and the pose log's unit
// norm, round-trips both logs byte for byte, codes them 15 % and 8 % smaller than model 9,
// and within their anchors (0.5 % of slack).
func TestSensorModel10Relations(t *testing.T) {
	for _, c := range []struct {
		name   string
		log    []byte
		gain   int // per cent smaller than model 9 at least
		anchor int // bytes, measured when model 10 was made
	}{
		{"solar", solarLog(6000), 15, 18780},
		{"quaternion", quatLog(4000), 8, 34532},
	} {
		v10, _ := encodeSensorModel(t, c.log, 1<<16, sensorModelV10)
		v9, _ := encodeSensorModel(t, c.log, 1<<16, sensorModelV9)
		for name, vlm := range map[string][]byte{"10": v10, "9": v9} {
			if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, c.log) {
				t.Fatalf("%s: model %s round trip differs", c.name, name)
			}
		}
		t.Logf("%s: model 10 %d bytes, model 9 %d (log %d)", c.name, len(v10), len(v9), len(c.log))
		if len(v10)*100 > len(v9)*(100-c.gain) {
			t.Errorf("%s: model 10 %d bytes, model 9 %d: not %d %% smaller", c.name, len(v10), len(v9), c.gain)
		}
		if len(v10)*1000 > c.anchor*1005 {
			t.Errorf("%s: model 10 %d bytes, above its anchor %d", c.name, len(v10), c.anchor)
		}
	}
}

// TestRelationKinds: each kind of relation evaluates as FORMAT.md §12.8.5 says, a head's
// relations survive append and parse, and a source coded after its target is refused.
func TestRelationKinds(t *testing.T) {
	x := [relMaxSrc]int64{100, 30, 40, 0}
	lin := colRel{col: 5, kind: relLinear, n: 3, src: [relMaxSrc]int{0, 1, 2}, w: [relMaxSrc]int64{2 << 16, -1 << 16, 1 << 15}, bias: 7}
	if got := evalRel(&lin, &x, 0); got != 200-30+20+7 {
		t.Errorf("linear: %d", got)
	}
	// 100 − round(30·40/70) = 100 − 17
	rat := colRel{col: 5, kind: relRatio, n: 4, src: [relMaxSrc]int{0, 1, 2, 3}, w: [relMaxSrc]int64{-1}}
	x[3] = 70
	if got := evalRel(&rat, &x, 0); got != 83 {
		t.Errorf("ratio: %d", got)
	}
	// Units 10^-6 (target, first source) and 10^-7: 1 − 0.6² − 0.48² − 0.0000001² → 0.64
	ec := []int32{-6, -7, -6, -6, 0, -6}
	nrm := colRel{col: 5, kind: relNorm, n: 3, src: [relMaxSrc]int{0, 1, 2}}
	if !nrm.prepareNorm(ec) {
		t.Fatal("norm refused")
	}
	xn := [relMaxSrc]int64{600000, 1, 480000}
	if got := evalRel(&nrm, &xn, 5); got != 640000 {
		t.Errorf("norm: %d", got)
	}
	if got := evalRel(&nrm, &xn, -5); got != -640000 {
		t.Errorf("norm, negative: %d", got)
	}
	// 10^36 − 1 = hi·2^64 + lo: its root rounds to 10^18.
	for _, c := range []struct{ hi, lo, want uint64 }{{0, 0, 0}, {0, 2, 1}, {0, 3, 2}, {0, 1 << 62, 1 << 31}, {1, 0, 1 << 32},
		{54210108624275221, 12919594847110692863, 1000000000000000000}} {
		if got := isqrtRound128(c.hi, c.lo); got != c.want {
			t.Errorf("isqrtRound128(%d, %d) = %d, want %d", c.hi, c.lo, got, c.want)
		}
	}
	ec = append(ec, 0, -6) // a field 6 for the ratio, 7 for the norm
	rat.col, nrm.col = 6, 7
	if !nrm.prepareNorm(ec) {
		t.Fatal("norm refused")
	}
	rels := []colRel{lin, rat, nrm}
	f := &fieldReader{b: appendRels(nil, rels)}
	got, err := parseRels(f, len(ec), nil, ec)
	if err != nil || len(got) != 3 {
		t.Fatalf("parse: %v, %d relations", err, len(got))
	}
	for i := range rels {
		if got[i] != rels[i] {
			t.Errorf("relation %d: %+v, want %+v", i, got[i], rels[i])
		}
	}
	// Under a coding order that puts field 2 after field 5, the linear relation is refused.
	f = &fieldReader{b: appendRels(nil, rels[:1])}
	if _, err := parseRels(f, len(ec), []int{0, 1, 3, 4, 5, 2}, ec); err == nil {
		t.Errorf("a source coded after its target is accepted")
	}
}
