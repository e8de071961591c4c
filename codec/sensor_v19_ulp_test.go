package codec

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
	"github.com/vidlm/vidlm/vision"
)

// TestUlpGuess19: the offsets that Python's repr shows for numbers pandas' legacy parser read
// (earthquakes_23k's, a plotly stock table's) are ulpGuess19's: vision's repr format finds
// the decimal and its offset, and the guess from the decimal alone is that offset; decimals
// the parser reads exactly, trailing zeros, integers and zero give 0.
func TestUlpGuess19(t *testing.T) {
	repr := vision.FloatFormat{Fmt: 'r', Bits: 64}
	for _, c := range []struct {
		text    string
		nonzero bool
	}{
		{"1.8630000000000002", true}, {"11.937999999999999", true}, {"-13.309000000000001", true},
		{"166.62900000000002", true}, {"175.74599999999998", true}, {"-27.043000000000003", true},
		{"158.61642206543002", true}, {"171.46099999999998", true}, {"19.246", false},
		{"145.616", false}, {"-173.972", false}, {"6.0", false}, {"0.0", false},
	} {
		x, ulp, ok := repr.Decimal([]byte(c.text))
		if !ok {
			t.Fatalf("%s: not a repr", c.text)
		}
		if g := ulpGuess19(x); g != ulp || (ulp != 0) != c.nonzero {
			t.Errorf("%s: decimal %+v, offset %d, guess %d", c.text, x, ulp, g)
		}
	}
	if g, h := ulpGuess19(vision.Number{Digits: 1863, Exp: -3}), ulpGuess19(vision.Number{Digits: 186300, Exp: -5}); g != 1 || h != 1 {
		t.Errorf("1.863: guess %d, as 1.86300 %d", g, h)
	}
	if g := ulpGuess19(vision.Number{Digits: 1863, Exp: 0}); g != 0 {
		t.Errorf("an integer: guess %d", g)
	}
}

// legacyParse is pandas' legacy xstrtod on digits d with k after the point, as ulpGuess19
// describes it.
func legacyParse(d uint64, k int) float64 {
	v, p := float64(d), 10.0
	for n := k; n != 0; n >>= 1 {
		if n&1 != 0 {
			v /= p
		}
		p *= p
	}
	return v
}

// quakeLikeTable is a catalogue of places with three decimals (about a quarter of them
// four), printed as Python prints what pandas' legacy parser read (legacy) or as read
// exactly (the shortest decimal).
func quakeLikeTable(rows int, legacy bool) []byte {
	var b bytes.Buffer
	b.WriteString("Date,Latitude,Longitude,Magnitude\n")
	g := testlog.LCG(19)
	num := func(lo, span int64) string {
		k := 3 + int(g.IntN(4)/3)
		scale := int64(1000)
		if k == 4 {
			scale = 10000
		}
		v := lo*scale + g.IntN(span*scale)
		if v%10 == 0 {
			v++
		}
		neg := v < 0
		d := uint64(v)
		if neg {
			d = uint64(-v)
		}
		var f float64
		if legacy {
			f = legacyParse(d, k)
		} else {
			f, _ = strconv.ParseFloat(strconv.FormatFloat(float64(d)/float64(scale), 'f', k, 64), 64)
		}
		if neg {
			f = -f
		}
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	for r := range rows {
		fmt.Fprintf(&b, "%02d/%02d/%d,%s,%s,%d.%d\n", 1+r%12, 1+r%28, 1965+r/400, num(-60, 120), num(-180, 360), 5+g.IntN(3), g.IntN(10))
	}
	return b.Bytes()
}

// TestSensorModel19Ulp: sensor model 19's guessed offsets. A catalogue printed through the
// legacy parser round-trips under models 19 and 18 and is at least 3 % smaller under 19; the
// same catalogue read exactly (no offsets) codes within 0.2 % of model 18 (6,000 rows).
// At 3,000 rows both encoders take a bytes block (branch s20: before, model 19's bytes trial
// compared its estimate E2, the byte model's first 32 KiB scaled to the block, with the
// cells' whole payload, and took the cells, 19,735 bytes against 18,803; prefixEst compares
// the first 32 KiB with the cells' cost of the same bytes).
func TestSensorModel19Ulp(t *testing.T) {
	log3k := quakeLikeTable(3000, true)
	v19, _ := encodeSensorModel(t, log3k, 1<<20, sensorModelV19)
	v18, _ := encodeSensorModel(t, log3k, 1<<20, sensorModelV18)
	if got, _ := decodeSensor(t, v19); !bytes.Equal(got, log3k) {
		t.Fatal("3,000 rows: model 19 round trip differs")
	}
	t.Logf("3,000 rows, legacy: model 19 %d bytes, model 18 %d", len(v19), len(v18))
	if len(v19) > len(v18) {
		t.Errorf("3,000 rows: model 19 %d bytes, model 18 %d", len(v19), len(v18))
	}
	for _, legacy := range []bool{true, false} {
		log := quakeLikeTable(6000, legacy)
		v19, _ := encodeSensorModel(t, log, 1<<20, sensorModelV19)
		v18, _ := encodeSensorModel(t, log, 1<<20, sensorModelV18)
		for name, vlm := range map[string][]byte{"19": v19, "18": v18} {
			if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
				t.Fatalf("legacy %v: model %s round trip differs", legacy, name)
			}
		}
		t.Logf("legacy %v: model 19 %d bytes, model 18 %d", legacy, len(v19), len(v18))
		if legacy && len(v19) > len(v18)-len(v18)*3/100 {
			t.Errorf("legacy: model 19 %d bytes, model 18 %d: less than 3 %% smaller", len(v19), len(v18))
		}
		if !legacy && (len(v19) > len(v18)+len(v18)/500 || len(v19) < len(v18)-len(v18)/500) {
			t.Errorf("exact: model 19 %d bytes, model 18 %d", len(v19), len(v18))
		}
	}
}
