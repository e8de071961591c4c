package codec

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// fixedLog is a synthetic log of fixed-width columns in the manner of NOAA's radiation
// stations: two lines of station data, then per minute the date and time, a decimal hour,
// right-aligned values (a day's sunshine and some noise) each with a one-digit flag (blank
// in some stretches), and a left-aligned station code; with
// awkward rows (one in 97): a tab, a short row, an overlong cell, trailing spaces, a CRLF
// line end and an empty line.
func fixedLog(rows int) []byte {
	var log bytes.Buffer
	log.WriteString(" Testville\n   37.70 -105.92 2317 m version 1\n")
	r := rand.New(rand.NewPCG(3, 9))
	for i := 0; i < rows; i++ {
		h, m := i/60%24, i%60
		fmt.Fprintf(&log, " %4d %3d %2d %2d %6.3f", 2016, 1+i/1440, h, m, float64(h)+float64(m)/60)
		sun := max(0, math.Sin(math.Pi*(float64(i%1440)-360)/720))
		for k, scale := range []float64{900, 120, 700, -8} {
			// explicit conversions: no multiply-add fused on arm64 or GOAMD64=v3 (the same log everywhere)
			val := float64(scale*sun) + float64(2*float64(k)) + float64(r.NormFloat64()*0.3)
			flag := " 0"
			switch {
			case r.IntN(300) == 0:
				val, flag = -9999.9, " 1"
			case k == 1 && i/200%3 == 1:
				flag = "  " // no flag in some stretches: a blank cell
			}
			fmt.Fprintf(&log, " %7.1f%s", val, flag)
		}
		code := []string{"SLV", "BND", "TBL"}[i/500%3]
		fmt.Fprintf(&log, " %-4s", code)
		if i%97 == 11 {
			switch i / 97 % 6 {
			case 0:
				log.WriteString("\tx")
			case 1:
				log.Truncate(log.Len() - 30) // a short row
			case 2:
				log.WriteString("  ")
			case 3:
				log.WriteString("\r")
			case 4:
				log.WriteString("\n")
			case 5:
				log.Truncate(log.Len() - 20)
				log.WriteString("123456789012.5 0 LONGCODE") // an overlong cell shifts the rest
			}
		}
		log.WriteByte('\n')
	}
	return log.Bytes()
}

// splitGoldenRows: the rows of fixedLog, alignedLog and gluedLog in the golden files
// sensor_fixed.vlm, sensor_aligned.vlm and sensor_glued.vlm.
const splitGoldenRows = 600

// alignedLog is a synthetic log whose cells are separated by runs of one to three spaces
// (not aligned, so no widths fit): a counter, a time, three slow walks and a word.
func alignedLog(rows int) []byte {
	var log bytes.Buffer
	r := rand.New(rand.NewPCG(5, 1))
	sep := func() string { return "   "[:1+r.IntN(3)] }
	log.WriteString("n t a b c word\n")
	var w [3]int
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&log, "%s%d%s%d.%02d", sep()[1:], i, sep(), i/10, i%10*7)
		for k := range w {
			w[k] += r.IntN(7) - 3
			fmt.Fprintf(&log, "%s%d", sep(), w[k])
		}
		fmt.Fprintf(&log, "%s%s\n", sep(), []string{"ok", "warn", "ok", "fault"}[r.IntN(4)])
	}
	return log.Bytes()
}

// encodeSplit encodes log under model 6 with the split given (no trial), without the law
// stage, and with no bytes blocks if cells.
func encodeSplit(t testing.TB, log []byte, split int, widths []int, cells bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc, err := NewSensorEncoder(&buf, WithFileID(testFileID))
	if err != nil {
		t.Fatal(err)
	}
	enc.splitSet, enc.params.Split, enc.params.Widths = true, split, widths
	enc.noBytes = cells
	if err := enc.SetLaw(false); err != nil {
		t.Fatal(err)
	}
	if _, err := enc.Write(log); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSensorSplitCells: the cells of a line under splits 1 and 2, and the rows the decoder
// writes back from them.
func TestSensorSplitCells(t *testing.T) {
	str := func(f [][]byte) string { return fmt.Sprintf("%q", f) }
	for line, want := range map[string]string{
		"":             `[""]`,
		"   ":          `["   "]`,
		"a":            `["a"]`,
		"  1.5  -2 x ": `["  1.5" "  -2" " x "]`,
		"a\tb  c":      `["a\tb" "  c"]`,
	} {
		if got := str(spaceCells([]byte(line), nil)); got != want {
			t.Errorf("spaceCells(%q) = %s, want %s", line, got, want)
		}
	}
	widths := []int{4, -5, 3}
	for line, want := range map[string]string{
		"":                 `[""]`,
		"  12":             `["  12"]`,
		"  12ab":           `["  12" "ab"]`,
		"  12ab   ":        `["  12" "ab   "]`,
		"  12ab     x":     `["12" "ab" "x" ""]`,
		"  12ab     xrest": `["12" "ab" "x" "rest"]`,
		"    \t    999":    `["" "\t" "999" ""]`,
	} {
		f := fixedCells([]byte(line), widths, nil)
		if got := str(f); got != want {
			t.Errorf("fixedCells(%q) = %s, want %s", line, got, want)
		}
		p := &SensorParams{Split: splitFixed, Widths: widths}
		cells := make([]sensorCell, len(f))
		for i := range f {
			cells[i].b = f[i]
		}
		if out, ok := p.appendCells(nil, cells); !ok || string(out) != line {
			t.Errorf("appendCells(fixedCells(%q)) = %q, %v", line, out, ok)
		}
	}
	p := &SensorParams{Split: splitFixed, Widths: widths}
	if _, ok := p.appendCells(nil, []sensorCell{{b: []byte("12345")}, {}, {}, {}}); ok {
		t.Error("a cell longer than its width accepted")
	}
}

// TestSensorSplitParams: split and widths in the header round-trip; a decoder refuses bad
// widths, split 2 without widths, and a split under model 5.
func TestSensorSplitParams(t *testing.T) {
	p := &SensorParams{Model: sensorModelV6, Delimiter: ' ', Decimal: '.', Split: splitFixed, Widths: []int{5, -12, 7}, Columns: 4}
	q, err := unmarshalSensorParams(p.marshal())
	if err != nil || q.Split != splitFixed || !slices.Equal(q.Widths, p.Widths) {
		t.Fatalf("params came back as %+v, %v", q, err)
	}
	for _, w := range []string{"", "0", "5,", "05", "+5", "5,,6", "-0", "1048577", "1048576,1", "524288,-524289"} {
		l := NewParamList()
		l.SetInt("model", sensorModelV6)
		l.SetInt("delimiter", ' ')
		l.SetInt("columns", 2)
		l.SetInt("split", splitFixed)
		l.SetString("widths", w)
		if _, err := unmarshalSensorParams(l.Marshal()); err == nil {
			t.Errorf("widths %q accepted", w)
		}
	}
	p.Widths = nil
	p.Split = splitSpaces
	if q, err := unmarshalSensorParams(p.marshal()); err != nil || q.Split != splitSpaces || q.Widths != nil {
		t.Errorf("split 1 came back as %+v, %v", q, err)
	}
	l := NewParamList()
	l.SetInt("model", sensorModelV6)
	l.SetInt("delimiter", ' ')
	l.SetInt("columns", 2)
	l.SetInt("split", splitFixed)
	if _, err := unmarshalSensorParams(l.Marshal()); err == nil {
		t.Error("split 2 without widths accepted")
	}
	l.SetInt("model", sensorModelV5)
	l.SetInt("split", splitSpaces)
	if _, err := unmarshalSensorParams(l.Marshal()); err == nil {
		t.Error("split under model 5 accepted")
	}
}

// TestSensorSplitPlainCSV: logs whose delimiter splits them keep it (split 0), and the
// trial does not run.
func TestSensorSplitPlainCSV(t *testing.T) {
	awkward, err := os.ReadFile("../testdata/sensor_awkward.csv")
	if err != nil {
		t.Fatal(err)
	}
	for name, log := range map[string][]byte{"awkward": awkward, "imu": readIMU(t)[:100000], "orbit": orbitLog(2000), "order": orderLog(2000)} {
		_, enc := encodeSensor(t, log, 1<<16)
		if enc.params.Split != splitDelim || enc.params.Widths != nil {
			t.Errorf("%s: split %d widths %v, want 0", name, enc.params.Split, enc.params.Widths)
		}
	}
}

// TestSensorSplitAwkward: the fixed-width log takes split 2 with its widths (the flags' and
// the code's columns found, the code left aligned) and the space-separated one split 1; both
// round-trip byte for byte, awkward rows included, and code well below their delimiter
// split's size.
func TestSensorSplitAwkward(t *testing.T) {
	log := fixedLog(3000)
	vlm, enc := encodeSensor(t, log, 1<<16)
	if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
		t.Fatal("fixed-width log: round trip differs")
	}
	want := []int{5, 4, 3, 3, 7, 8, 2, 8, 2, 8, 2, 8, 2, 4}
	if enc.params.Split != splitFixed || !slices.Equal(enc.params.Widths, want) {
		t.Errorf("fixed-width log: split %d widths %v, want 2 %v", enc.params.Split, enc.params.Widths, want)
	}
	// The cell model under split 2 against split 0 (no bytes blocks: the byte model, which
	// does not see cells, codes this log about as well either way).
	cells, plain := encodeSplit(t, log, splitFixed, want, true), encodeSplit(t, log, splitDelim, nil, true)
	if 100*len(cells) > 70*len(plain) {
		t.Errorf("fixed-width log: %d bytes of cells, %d under split 0: want at least 30 %% less", len(cells), len(plain))
	}
	t.Logf("fixed-width log, %d bytes: %d (cells %d), cells under split 0 %d", len(log), len(vlm), len(cells), len(plain))

	log = alignedLog(3000)
	vlm, enc = encodeSensor(t, log, 1<<16)
	if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
		t.Fatal("aligned log: round trip differs")
	}
	if enc.params.Split != splitSpaces {
		t.Errorf("aligned log: split %d, want 1", enc.params.Split)
	}
	plain = encodeSplit(t, log, splitDelim, nil, false)
	if 100*len(vlm) > 80*len(plain) {
		t.Errorf("aligned log: %d bytes, %d under split 0: want at least 20 %% less", len(vlm), len(plain))
	}
	t.Logf("aligned log, %d bytes: split 1 %d bytes, split 0 %d", len(log), len(vlm), len(plain))
}

// randomSplitLog is a random log of fixed-width or space-aligned columns with awkward rows:
// tabs, short rows, overlong cells, trailing spaces, CRLF and lone CR line ends, empty lines.
func randomSplitLog(r *rand.Rand) []byte {
	var log bytes.Buffer
	cols := 1 + r.IntN(6)
	widths := make([]int, cols)
	for c := range widths {
		widths[c] = 2 + r.IntN(9)
	}
	rows := 20 + r.IntN(300)
	for i := 0; i < rows; i++ {
		for c, w := range widths {
			var cell string
			switch r.IntN(8) {
			case 0:
				cell = fmt.Sprintf("%c%d", 'A'+r.IntN(26), r.IntN(100))
			case 1:
				cell = ""
			default:
				cell = fmt.Sprintf("%.*f", r.IntN(3), r.NormFloat64()*float64(r.IntN(1000)))
			}
			if r.IntN(2) == 0 || c == 0 {
				fmt.Fprintf(&log, "%*s", w, cell)
			} else {
				fmt.Fprintf(&log, " %-*s", w-1, cell)
			}
		}
		switch r.IntN(20) {
		case 0:
			log.WriteString("\t")
		case 1:
			log.Truncate(log.Len() - r.IntN(min(log.Len(), 6)))
		case 2:
			log.WriteString("   ")
		case 3:
			log.WriteString("\r")
		case 4:
			log.WriteString("\n\r")
		}
		log.WriteByte('\n')
	}
	if r.IntN(2) == 0 {
		log.Truncate(log.Len() - 1) // no line end at the end
	}
	return log.Bytes()
}

// TestSensorSplitGoldens: the golden files of the splits hold split 2 and split 1, in cells,
// under the current sensor model (sensor_glued: split 2 at model 14's glued widths).
func TestSensorSplitGoldens(t *testing.T) {
	for name, split := range map[string]int{"sensor_fixed": splitFixed, "sensor_aligned": splitSpaces, "sensor_glued": splitFixed} {
		data, err := os.ReadFile(filepath.Join(goldenDir(2), name+".vlm"))
		if err != nil {
			t.Fatal(err)
		}
		d, err := NewDecoder(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if p := d.Sensor(); p.Model != sensorModelVersion || p.Split != split {
			t.Errorf("%s: model %d split %d, want %d and %d", name, p.Model, p.Split, sensorModelVersion, split)
		}
		if _, err := io.Copy(io.Discard, d); err != nil {
			t.Fatal(err)
		}
		for _, st := range d.SensorStats() {
			if st.ByteModel {
				t.Errorf("%s: block %d is a bytes block; the golden file must hold the split's cells", name, st.Block)
			}
		}
	}
}

// TestSensorSplitRandom: random fixed-width and space-aligned logs round-trip byte for byte
// under the split the encoder chooses, and under splits 1 and 2 forced (widths that fit and
// widths that do not).
func TestSensorSplitRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 6))
	splits := map[int]int{}
	for i := 0; i < 40; i++ {
		log := randomSplitLog(r)
		vlm, enc := encodeSensor(t, log, 1+r.IntN(len(log)))
		splits[enc.params.Split]++
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("log %d (split %d %v): round trip differs", i, enc.params.Split, enc.params.Widths)
		}
		widths := make([]int, 1+r.IntN(5))
		for k := range widths {
			widths[k] = (1 + r.IntN(8)) * (1 - 2*r.IntN(2))
		}
		for _, s := range []struct {
			split  int
			widths []int
		}{{splitSpaces, nil}, {splitFixed, widths}} {
			vlm := encodeSplit(t, log, s.split, s.widths, false)
			if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
				t.Fatalf("log %d under split %d %v: round trip differs", i, s.split, s.widths)
			}
		}
	}
	if splits[splitFixed] == 0 {
		t.Errorf("no random log took split 2 (%v)", splits)
	}
	t.Logf("splits chosen: %v", splits)
}
