package codec

import (
	"bytes"
	"fmt"
	"math/rand"
	"testing"
)

// srcLog returns a weather table of n rows whose source letters change in runs: the dry
// bulb's and the wind's letters together, with the pressure's (always E) between them and
// the cloud's changing on its own.
func srcLog(n int, seed int64) []byte {
	rng := rand.New(rand.NewSource(seed))
	var b bytes.Buffer
	b.WriteString("hour,cld,cld_src,temp,temp_src,pres,pres_src,wdir,wdir_src\n")
	src, csrc := "E", "E"
	cld, temp, pres, wdir := 5, 100, 1012, 180
	for r := range n {
		if rng.Intn(8) == 0 {
			cld = rng.Intn(11)
		}
		if rng.Intn(40) == 0 {
			src = string("ABE"[rng.Intn(3)])
		}
		if rng.Intn(30) == 0 {
			csrc = string("ABE"[rng.Intn(3)])
		}
		temp += rng.Intn(3) - 1
		if rng.Intn(8) == 0 {
			pres += rng.Intn(3) - 1
			wdir = (wdir + 10*(rng.Intn(3)-1) + 360) % 360
		}
		fmt.Fprintf(&b, "%d,%d,%s,%d.%d,%s,%d,E,%d,%s\n", r%24, cld, csrc, temp/10, (temp%10+10)%10, src, pres, wdir, src)
	}
	return b.Bytes()
}

// TestSensorModel16SourcePartner: model 16 codes the wind's source letter under its
// partner's (the dry bulb's, two text columns to the left) and codes the table smaller
// than model 15 by 2 % or more, and no larger than its anchor measured on the branch
// (0.5 % of slack); both round-trip byte for byte.
func TestSensorModel16SourcePartner(t *testing.T) {
	log := srcLog(6000, 5)
	checkModel16Smaller(t, log, 2, 3919)
}

// TestTmy16Partner: a field's partner is the field left of it whose repeat flags agreed
// with its own where either changed; a field without a positive score has none.
func TestTmy16Partner(t *testing.T) {
	var s tmy16State
	for r := range 20 {
		s.begin(4)
		ch := r%3 == 0
		s.learn(0, true)     // never changes
		s.learn(1, !ch)      // changes every third row
		s.learn(2, r%2 == 0) // changes on its own
		s.learn(3, !ch)      // follows field 1
	}
	s.begin(4)
	s.learn(0, true)
	s.learn(1, false)
	s.learn(2, true)
	if j, pf := s.partner(3); j != 1 || pf != 1 {
		t.Errorf("partner of 3 = %d (flag %d), want 1 (changed)", j, pf)
	}
	if j, _ := s.partner(1); j != -1 {
		t.Errorf("partner of 1 = %d, want none", j)
	}
}

// ceilLog returns a table of n rows of ceiling heights whose three-hour segments are
// either observed every hour (source A, random heights) or observed at their start and
// interpolated between (source B, rounded to the metre), as TMY3 does.
func ceilLog(n int, seed int64) []byte {
	rng := rand.New(rand.NewSource(seed))
	var b bytes.Buffer
	b.WriteString("hour,ceil,ceil_src,temp,temp_src\n")
	a0 := 100 + rng.Intn(3000)
	temp := 100
	for r := 0; r < n; r += 3 {
		a3 := 100 + rng.Intn(3000)
		interp := rng.Intn(2) == 0
		for k := 0; k < 3 && r+k < n; k++ {
			src, v := "A", a0
			switch {
			case k > 0 && interp:
				src, v = "B", a0+((a3-a0)*k*2+3)/6
			case k > 0:
				v = 100 + rng.Intn(3000)
			}
			temp += rng.Intn(3) - 1
			fmt.Fprintf(&b, "%d,%d,%s,%d,E\n", (r+k)%24, v, src, temp)
		}
		a0 = a3
	}
	return b.Bytes()
}

// TestSensorModel16Trend: model 16 codes the interpolated ceilings as the continuation of
// the column's line (the second interpolated hour, half the segments) and the table smaller
// than model 15 by 3 % or more, and no larger than its anchor (0.5 % of slack); both round-trip.
func TestSensorModel16Trend(t *testing.T) {
	log := ceilLog(6000, 9)
	checkModel16Smaller(t, log, 3, 10293)
}

// uncLog returns srcLog's table with two uncertainty codes (numbers) at its end that change
// where the cloud's source letter does, a noisy column between them.
func uncLog(n int, seed int64) []byte {
	rng := rand.New(rand.NewSource(seed + 1))
	lines := bytes.Split(bytes.TrimSuffix(srcLog(n, seed), []byte("\n")), []byte("\n"))
	var b bytes.Buffer
	for r, l := range lines {
		b.Write(l)
		if r == 0 {
			b.WriteString(",cld_unc,noise,cld_unc2\n")
			continue
		}
		u := 1 + 3*bytes.IndexByte([]byte("ABE"), l[bytes.IndexByte(l, ',')+1:][bytes.IndexByte(l[bytes.IndexByte(l, ',')+1:], ',')+1])
		fmt.Fprintf(&b, ",%d,%d,%d\n", u, rng.Intn(100), u+2)
	}
	return b.Bytes()
}

// TestSensorModel16NumberPartner: model 16 codes the repeat flags of the uncertainty codes
// under their partners' (the cloud's source letter, the first code two fields to the left) and the table smaller than
// model 15 by 1 % or more, and no larger than its anchor (0.5 % of slack); both round-trip.
func TestSensorModel16NumberPartner(t *testing.T) {
	log := uncLog(6000, 3)
	checkModel16Smaller(t, log, 1, 9013)
}

// checkModel16Smaller codes log under models 16 and 15, checks both round trips byte for
// byte, and fails unless model 16 is pct percent or more smaller than model 15 and no larger
// than anchor bytes (its size measured on the branch) with 0.5 % of slack.
func checkModel16Smaller(t *testing.T, log []byte, pct, anchor int) {
	t.Helper()
	v16, _ := encodeSensorModel(t, log, 1<<20, sensorModelV16)
	v15, _ := encodeSensorModel(t, log, 1<<20, sensorModelV15)
	for name, vlm := range map[string][]byte{"16": v16, "15": v15} {
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("model %s round trip differs", name)
		}
	}
	t.Logf("model 16 %d bytes, model 15 %d (log %d)", len(v16), len(v15), len(log))
	if len(v16)*100 > len(v15)*(100-pct) {
		t.Errorf("model 16 %d bytes, model 15 %d: not %d %% smaller", len(v16), len(v15), pct)
	}
	if len(v16)*1000 > anchor*1005 {
		t.Errorf("model 16 %d bytes, above its anchor %d", len(v16), anchor)
	}
}
