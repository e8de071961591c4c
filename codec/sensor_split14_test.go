package codec

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// gluedLog is a synthetic table in the manner of NREL's TMY2: a header line, then per hour
// " " and the year, month, day and hour glued ("97010101"), then four slow walks (a slowly
// changing rate of change), each zero padded to its width ("20001", a negative one "-500") and followed by a source letter and an
// uncertainty digit that change now and then, and a ten-digit weather code. Integers only,
// so that the log is the same everywhere. With awkward, one row in 53 does not fit: a tab,
// a short row, an overlong value that shifts the rest, a letter inside a number, a CRLF line
// end, an empty line.
func gluedLog(rows int, awkward bool) []byte {
	var log bytes.Buffer
	log.WriteString(" 12839 TESTVILLE              FL  -5 N 25 48 W  80 16     2\n")
	r := rand.New(rand.NewPCG(14, 12))
	vals := [4]int{20000, 10120, -500, 700}
	vel := [4]int{}
	widths := [4]int{5, 5, 4, 3}
	src := [4]byte{'A', 'E', 'A', 'E'}
	unc := [4]int{7, 9, 7, 8}
	for i := 0; i < rows; i++ {
		day, hour := i/24, i%24
		fmt.Fprintf(&log, " 97%02d%02d%02d", 1+day/28%12, 1+day%28, hour+1)
		for k := range vals {
			vel[k] = min(max(vel[k]+r.IntN(3)-1, -9), 9)
			vals[k] = min(max(vals[k]+vel[k], -999), 99999)
			if widths[k] == 3 {
				vals[k] = min(max(vals[k], 0), 999)
			}
			if r.IntN(200) == 0 {
				src[k] = "ABEF?"[r.IntN(5)]
				unc[k] = r.IntN(10)
			}
			fmt.Fprintf(&log, "%0*d%c%d", widths[k], vals[k], src[k], unc[k])
		}
		log.WriteString([]string{"0999999999", "0999999999", "0909999999"}[i/37%3])
		if awkward && i%53 == 7 {
			switch i / 53 % 6 {
			case 0:
				log.WriteString("\tx")
			case 1:
				log.Truncate(log.Len() - 9) // a short row
			case 2:
				log.Truncate(log.Len() - 10)
				log.WriteString("12345678901234") // an overlong value
			case 3:
				b := log.Bytes()
				b[len(b)-12] = 'Q' // a letter inside a number
			case 4:
				log.WriteString("\r")
			case 5:
				log.WriteString("\n")
			}
		}
		log.WriteByte('\n')
	}
	return log.Bytes()
}

// gluedWant: gluedLog's widths as gluedWidths finds them (measured): the leading space, the
// date (it changes by one hour a row: one cell codes it as cheaply as four), then the values
// and their flags, cut where the class changes, except that an uncertainty digit that seldom
// changes stays glued to the value after it ("710120": no cut saves 1/16 bit a row), and the
// weather code is cut where its changing digit ends.
var gluedWant = []int{1, 8, 5, 1, 6, 1, 1, 4, 1, 4, 1, 4, 7}

// TestSensorGluedWidths: gluedWidths cuts gluedLog's lines at its fields (class changes and
// the digit runs' field starts), with or without awkward rows, and finds none in logs that
// are not of one length or not glued.
func TestSensorGluedWidths(t *testing.T) {
	for _, awkward := range []bool{false, true} {
		lines := splitSampleLines(gluedLog(2000, awkward), false)
		if got := gluedWidths(lines); !slices.Equal(got, gluedWant) {
			t.Errorf("awkward %v: widths %v, want %v", awkward, got, gluedWant)
		}
	}
	if w := gluedWidths(splitSampleLines(alignedLog(500), false)); w != nil {
		t.Errorf("aligned log (lines of many lengths): widths %v, want none", w)
	}
	if w := gluedWidths([][]byte{[]byte("12"), []byte("34")}); w != nil {
		t.Errorf("two lines: widths %v, want none", w)
	}
	// A one-column signal of one number per line ("2669.0", BioSPPy's layout; a few header
	// lines beside them) is one field, not glued ones.
	var signal [][]byte
	for i := range 3000 {
		signal = append(signal, fmt.Appendf(nil, "%d.0", 2000+(i*37)%1000))
	}
	if w := gluedWidths(signal); w != nil {
		t.Errorf("one number a line: widths %v, want none", w)
	}
	if w := gluedWidths(signal[:8]); w != nil {
		t.Errorf("eight one-number lines: widths %v, want none", w)
	}
}

// TestSensorGluedNumbers: a glued cell keeps its exact text. "0200" is the number 200 in the
// notation "zero padded to 4 digits" (vision.Note bits 8-11 = 4), "-050" is -50 padded
// to 3 digits, "0000" is 0 padded to 4; each prints back as it was. gluedValue reads them for
// the cost estimate only.
func TestSensorGluedNumbers(t *testing.T) {
	for _, c := range []struct {
		text string
		pad  int
		v    int64
	}{{"0200", 4, 200}, {"-050", 3, -50}, {"0000", 4, 0}, {"0999999999", 10, 999999999}, {"7", 0, 7}} {
		n, ok := vision.ParseNumber([]byte(c.text))
		if !ok {
			t.Fatalf("%q: not a number", c.text)
		}
		if pad := int(n.Note>>8) & 15; pad != c.pad {
			t.Errorf("%q: notation %#x pads to %d digits, want %d", c.text, n.Note, pad, c.pad)
		}
		if back := vision.AppendNumber(nil, n); string(back) != c.text {
			t.Errorf("%q prints back as %q", c.text, back)
		}
		if v, ok := gluedValue([]byte(c.text)); !ok || v != c.v {
			t.Errorf("gluedValue(%q) = %d %v, want %d", c.text, v, ok, c.v)
		}
	}
	for _, s := range []string{"A7", "1-2", "-", ""} {
		if _, ok := gluedValue([]byte(s)); ok {
			t.Errorf("gluedValue(%q) reads a number", s)
		}
	}
	for _, c := range []struct {
		x    uint64
		want int64
	}{{0, 0}, {1, 0}, {2, 256}, {3, 405}, {1024, 2560}, {1<<40 + 1, 40 << 8}, {1<<63 + 1<<62, 63<<8 + 149}} {
		if got := log2Fix(c.x); got != c.want {
			t.Errorf("log2Fix(%d) = %d, want %d", c.x, got, c.want)
		}
	}
}

// TestSensorGluedSplit: under model 14 the encoder takes gluedLog's glued widths as split 2
// for its cells, and the log (awkward rows included) round-trips byte for byte; model 13
// keeps split 0. Anchor (measured on branch fw14, cells only as for the split goldens): the
// cells code the log at least 60 % smaller than model 13's (one text cell a row).
func TestSensorGluedSplit(t *testing.T) {
	for _, awkward := range []bool{false, true} {
		log := gluedLog(3000, awkward)
		vlm, enc := encodeSensorModelBytes(t, log, 1<<16, sensorModelV14, false)
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("awkward %v: round trip differs", awkward)
		}
		if enc.params.Split != splitFixed || !slices.Equal(enc.params.Widths, gluedWant) {
			t.Errorf("awkward %v: split %d widths %v, want 2 %v", awkward, enc.params.Split, enc.params.Widths, gluedWant)
		}
		old, enc13 := encodeSensorModelBytes(t, log, 1<<16, sensorModelV13, false)
		if enc13.params.Split != splitDelim {
			t.Errorf("awkward %v: model 13 takes split %d, want 0", awkward, enc13.params.Split)
		}
		if 100*len(vlm) > 40*len(old) {
			t.Errorf("awkward %v: %d bytes of cells under model 14, %d under model 13: want at least 60 %% less", awkward, len(vlm), len(old))
		}
		t.Logf("glued log (awkward %v), %d bytes, cells only: model 14 %d, model 13 %d", awkward, len(log), len(vlm), len(old))
	}
}

// TestSensorGluedGate: with bytes blocks allowed, gluedLog, which the byte model codes
// smaller than the glued cells (3,186 bytes against 3,556 for 3,000 rows), keeps split 0
// under model 14 (gluedBeatsBytes) and codes no larger than under model 13 (whose byte model
// model 14's bytes blocks improve on, 12.8.9); a log that fits in the sample is judged on the
// whole of it.
func TestSensorGluedGate(t *testing.T) {
	for _, rows := range []int{3000, 1000} {
		log := gluedLog(rows, false)
		vlm, enc := encodeSensorModel(t, log, 1<<16, sensorModelV14)
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("%d rows: round trip differs", rows)
		}
		old, _ := encodeSensorModel(t, log, 1<<16, sensorModelV13)
		if enc.params.Split != splitDelim || len(vlm) > len(old) {
			t.Errorf("%d rows: split %d %v, %d bytes; model 13 %d bytes under split 0", rows, enc.params.Split, enc.params.Widths, len(vlm), len(old))
		}
	}
}

// TestSensorGluedRandom: random glued logs (fields of random widths and classes, awkward
// rows) round-trip byte for byte under the split the model-14 encoder chooses (every other
// log cells only, so that the glued split is taken) and under their gluedWidths forced.
func TestSensorGluedRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 3))
	taken := 0
	for i := 0; i < 30; i++ {
		var log bytes.Buffer
		kinds := make([]int, 2+r.IntN(8))
		for k := range kinds {
			kinds[k] = r.IntN(4)
		}
		rows := 20 + r.IntN(400)
		v := 0
		for j := 0; j < rows; j++ {
			for _, kind := range kinds {
				v += r.IntN(21) - 10
				switch kind {
				case 0:
					fmt.Fprintf(&log, "%05d", v)
				case 1:
					log.WriteByte("AB?"[r.IntN(3)])
				case 2:
					fmt.Fprintf(&log, "%d", r.IntN(10))
				default:
					fmt.Fprintf(&log, "%3d", v%1000)
				}
			}
			switch r.IntN(25) {
			case 0:
				log.WriteString("\t")
			case 1:
				log.Truncate(log.Len() - r.IntN(min(log.Len(), 6)))
			case 2:
				log.WriteString("\r")
			case 3:
				log.WriteString("-+.")
			}
			log.WriteByte('\n')
		}
		data := log.Bytes()
		vlm, enc := encodeSensorModelBytes(t, data, 1+r.IntN(len(data)), sensorModelV14, i%2 == 0)
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, data) {
			t.Fatalf("log %d (split %d %v): round trip differs", i, enc.params.Split, enc.params.Widths)
		}
		w := gluedWidths(splitSampleLines(data, true))
		if w == nil {
			continue
		}
		if enc.params.Split == splitFixed && slices.Equal(enc.params.Widths, w) {
			taken++
		}
		if got, _ := decodeSensor(t, encodeSplit(t, data, splitFixed, w, false)); !bytes.Equal(got, data) {
			t.Fatalf("log %d under widths %v: round trip differs", i, w)
		}
	}
	if taken == 0 {
		t.Error("no random log took its glued widths")
	}
	t.Logf("glued widths taken by %d of 30 logs", taken)
}
