package codec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// encodeSensor compresses log, writing it in pieces of step bytes.
func encodeSensor(t testing.TB, log []byte, step int) ([]byte, *SensorEncoder) {
	t.Helper()
	return encodeSensorModel(t, log, step, sensorModelVersion)
}

// encodeSensorWith encodes log in one Write under the encoder's own defaults and opts (the
// file ID is the tests' fixed one), returning the file and the encoder for its counters.
func encodeSensorWith(t testing.TB, log []byte, opts ...Option) ([]byte, *SensorEncoder) {
	t.Helper()
	return encodeSensorModelWith(t, log, 0, opts...)
}

// encodeSensorModelWith is encodeSensorWith under sensor model version model (0: the
// encoder's default).
func encodeSensorModelWith(t testing.TB, log []byte, model int, opts ...Option) ([]byte, *SensorEncoder) {
	t.Helper()
	return encodeSensorSet(t, log, func(enc *SensorEncoder) {
		if model != 0 {
			if err := enc.SetModel(model); err != nil {
				t.Fatal(err)
			}
		}
	}, opts...)
}

// encodeSensorSet encodes log in one Write with the tests' file ID and opts, after set has
// adjusted the new encoder (a model, a test switch), returning the file and the encoder.
func encodeSensorSet(t testing.TB, log []byte, set func(*SensorEncoder), opts ...Option) ([]byte, *SensorEncoder) {
	t.Helper()
	var buf bytes.Buffer
	enc, err := NewSensorEncoder(&buf, append([]Option{WithFileID(testFileID)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	set(enc)
	if _, err := enc.Write(log); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), enc
}

// encodeSensorModel is encodeSensor under sensor model version model.
func encodeSensorModel(t testing.TB, log []byte, step, model int) ([]byte, *SensorEncoder) {
	t.Helper()
	return encodeSensorModelBytes(t, log, step, model, true)
}

// encodeSensorModelBytes is encodeSensorModel with bytes blocks allowed or not (cells only).
func encodeSensorModelBytes(t testing.TB, log []byte, step, model int, bytesOK bool) ([]byte, *SensorEncoder) {
	t.Helper()
	var buf bytes.Buffer
	enc, err := NewSensorEncoder(&buf, WithFileID(testFileID))
	if err != nil {
		t.Fatal(err)
	}
	enc.noBytes = !bytesOK
	if err := enc.SetModel(model); err != nil {
		t.Fatal(err)
	}
	// Models are compared on their own: the law stage (tested on its own) stays out.
	if err := enc.SetLaw(false); err != nil {
		t.Fatal(err)
	}
	for p := log; len(p) > 0; {
		n := min(step, len(p))
		if _, err := enc.Write(p[:n]); err != nil {
			t.Fatal(err)
		}
		p = p[n:]
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), enc
}

// decodeSensor decodes a .vlm holding a sensor stream.
func decodeSensor(t testing.TB, vlm []byte) ([]byte, *Decoder) {
	t.Helper()
	d, err := NewDecoder(bytes.NewReader(vlm))
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind() != KindSensor {
		t.Fatalf("kind %v", d.Kind())
	}
	out, err := io.ReadAll(d)
	if err != nil {
		t.Fatal(err)
	}
	return out, d
}

// roundTrip checks that log comes back exactly, and returns the .vlm.
func roundTrip(t testing.TB, log []byte, step int) []byte {
	t.Helper()
	vlm, _ := encodeSensor(t, log, step)
	out, _ := decodeSensor(t, vlm)
	if !bytes.Equal(out, log) {
		i := 0
		for i < len(out) && i < len(log) && out[i] == log[i] {
			i++
		}
		t.Fatalf("decoded log differs from byte %d (%d vs %d bytes): %q vs %q", i, len(out), len(log),
			out[i:min(len(out), i+40)], log[i:min(len(log), i+40)])
	}
	return vlm
}

func readIMU(t testing.TB) []byte {
	log, err := os.ReadFile("../testdata/imu_fusion.csv")
	if err != nil {
		t.Fatal(err)
	}
	return log
}

func TestSensorRoundTripIMU(t *testing.T) {
	log := readIMU(t)
	vlm, enc := encodeSensor(t, log, 1<<15)
	out, d := decodeSensor(t, vlm)
	if !bytes.Equal(out, log) {
		t.Fatal("decoded log differs")
	}
	t.Logf("imu_fusion.csv: %d → %d bytes (%.2f%%)", len(log), len(vlm), 100*float64(len(vlm))/float64(len(log)))
	es, ds := enc.Summary(), d.sensor.total
	if es.Rows != 13514 || ds.Rows != es.Rows {
		t.Fatalf("rows: encoder %d, decoder %d", es.Rows, ds.Rows)
	}
	for c := range es.Columns {
		if es.Columns[c] != ds.Columns[c] {
			t.Fatalf("column %d: encoder measured %+v, decoder %+v", c, es.Columns[c], ds.Columns[c])
		}
		ec := es.Columns[c]
		t.Logf("column %d: %.2f bits/cell (value %.2f, notation %.2f, text %.2f), %d repeats",
			c, float64(ec.Total())/CostUnit/float64(ec.Cells), float64(ec.Value)/CostUnit/float64(ec.Cells),
			float64(ec.Notation)/CostUnit/float64(ec.Cells), float64(ec.Text)/CostUnit/float64(ec.Cells), ec.Repeats)
	}
	t.Logf("structure %.3f bits/row", float64(es.Structure)/CostUnit/float64(es.Rows))
}

// A sensor Decoder made WithoutCosts returns the same log and the same row and block counts
// with every cost at zero; the default Decoder measures what the encoder measured.
func TestSensorDecoderWithoutCosts(t *testing.T) {
	log := readIMU(t)
	vlm, enc := encodeSensor(t, log, 1<<15)
	d, err := NewDecoder(bytes.NewReader(vlm), WithoutCosts())
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, log) {
		t.Fatal("decoded log differs")
	}
	_, dd := decodeSensor(t, vlm)
	es, ds, ns := enc.Summary(), dd.sensor.total, d.sensor.total
	if ds.Structure != es.Structure || ds.Structure == 0 {
		t.Fatalf("default decoder: structure cost %d, encoder %d", ds.Structure, es.Structure)
	}
	if ns.Rows != es.Rows || ns.Blocks != es.Blocks || len(d.SensorStats()) != len(dd.SensorStats()) {
		t.Fatalf("WithoutCosts: %d rows in %d blocks, want %d in %d", ns.Rows, ns.Blocks, es.Rows, es.Blocks)
	}
	var cost uint64
	for _, b := range d.SensorStats() {
		cost += b.Structure
		for _, c := range b.Columns {
			cost += c.Total()
		}
	}
	if ns.Structure != 0 || cost != 0 {
		t.Fatalf("WithoutCosts: costs %d, structure %d (want 0)", cost, ns.Structure)
	}
}

// TestSensorRatioIMU holds the model to the target on the real log: at most 12.0% of
// its size (xz -9e reaches 23.3%, paq8px -8 13.96%); it measured 7.8% when written.
func TestSensorRatioIMU(t *testing.T) {
	log := readIMU(t)
	vlm, enc := encodeSensor(t, log, 1<<16)
	pct := 100 * float64(len(vlm)) / float64(len(log))
	if pct > 12.0 {
		t.Fatalf("imu_fusion.csv compressed to %.2f%%, above the 12.0%% target", pct)
	}
	// The surprise the coder accounted adds up to the payload, up to coder overhead.
	var cost uint64
	payload := 0
	for _, b := range enc.Stats() {
		cost += b.Cost()
		payload += b.Bytes
	}
	bitsCost, bitsPayload := float64(cost)/CostUnit, float64(payload*8)
	if bitsCost > bitsPayload || bitsCost < 0.99*bitsPayload {
		t.Fatalf("accounted %.0f bits of surprise for %.0f bits of payload", bitsCost, bitsPayload)
	}
}

// TestSensorCO2 round-trips a second real log, the Mauna Loa CO2 record (with missing values),
// and holds it below 10% of its size (measured 6.4%; xz -9e 17.5%, zstd -19 19.2%).
func TestSensorCO2(t *testing.T) {
	log, err := os.ReadFile("../testdata/co2_mauna_loa.csv")
	if err != nil {
		t.Fatal(err)
	}
	vlm := roundTrip(t, log, 1000)
	if pct := 100 * float64(len(vlm)) / float64(len(log)); pct > 10 {
		t.Fatalf("co2_mauna_loa.csv compressed to %.2f%%, above 10%%", pct)
	}
}

func TestSensorSmall(t *testing.T) {
	for _, s := range []string{"", "\n", "a", "a,b\n", "a,b,c", "1,2\n3,4", "t,x\n0,1.5\n0.01,1.25\n",
		"x\r\n1\r\n2\n3\r", "\r\r\r", "\"", "\"\"\"", ",,,\n,,", "-0.0\n-0\n+0\n", "1e400,1e-400\n"} {
		for _, step := range []int{1, 3, 1 << 20} {
			roundTrip(t, []byte(s), step)
		}
	}
}

// awkwardLogs returns logs with every shape the issue lists: the committed awkward CSV, and
// generated ones (an enormous line, binary garbage, a header alone...).
func awkwardLogs(t testing.TB) map[string][]byte {
	awkward, err := os.ReadFile("../testdata/sensor_awkward.csv")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, 200000)
	for i := range garbage {
		garbage[i] = byte(rng.Uint32())
	}
	// A line of more than 2 MiB: cut into three pieces, two of maxSensorRecord (1 MiB) and
	// the rest (it is coded as bytes blocks, about 15 s of CPU a MiB both ways: 3 MiB took
	// 90 s).
	var huge bytes.Buffer
	huge.WriteString("a,b\n1,2\n")
	for huge.Len() < 2<<20+64<<10 {
		fmt.Fprintf(&huge, "%d,%.3f,", huge.Len(), float64(huge.Len())/7)
	}
	huge.WriteString("\n3,4\n")
	var hugeQuote bytes.Buffer
	hugeQuote.WriteString("x,\"")
	for hugeQuote.Len() < 5<<19 {
		hugeQuote.WriteString("quoted, never closed\n")
	}
	return map[string][]byte{
		"awkward":                 awkward,
		"awkward x3":              bytes.Repeat(awkward, 3),
		"header only":             []byte("time,x,y\n"),
		"header only, no newline": []byte("time,x,y"),
		"empty":                   nil,
		"garbage":                 garbage,
		"enormous line":           huge.Bytes(),
		"unclosed quote":          hugeQuote.Bytes(),
		"tabs":                    []byte("t\tx\ty\n0\t1.5\t-2\n0.01\t1.25\t-2.5\n0.02\t\t-3\n"),
		"semicolons":              []byte("t;x\n0,5;1,25\n1,5;2,5\n"),
		"spaces":                  []byte("  1.0   2.0\n  1.5   2.5\n 10.0  20.0\n"),
		"garbage in csv":          append(append([]byte("a,b\n1,2\n"), garbage[:3000]...), "\n3,4\n"...),
	}
}

// TestSensorAwkward round-trips every awkward log, fed in pieces of several sizes.
func TestSensorAwkward(t *testing.T) {
	for name, log := range awkwardLogs(t) {
		for _, step := range []int{1 << 20, 4093} {
			if step == 4093 && len(log) > 1<<20 {
				continue
			}
			t.Run(name, func(t *testing.T) { roundTrip(t, log, step) })
		}
	}
	// Byte by byte, the awkward CSV.
	awkward, _ := os.ReadFile("../testdata/sensor_awkward.csv")
	roundTrip(t, awkward, 1)
}

// syntheticLog generates a sensor log of about n bytes whose character changes halfway (more
// decimals, a new column), so that it spans several blocks with different column units and
// lattices.
func syntheticLog(n int) []byte {
	var b bytes.Buffer
	b.WriteString("t,a,b,c\n")
	rng := rand.New(rand.NewPCG(3, 4))
	k := [3]int{0, 100, -50}
	for i := 0; b.Len() < n; i++ {
		for j := range k {
			k[j] += int(rng.IntN(7)) - 3
		}
		t := float64(i) * 0.01
		if b.Len() < n/2 {
			fmt.Fprintf(&b, "%.2f,%.6g,%.6g,%d\n", t, float64(k[0])*0.0625+0.01, float64(k[1])*0.0625, k[2])
		} else {
			fmt.Fprintf(&b, "%.3f,%.8g,%.8g,%d,%s\n", t, float64(k[0])*0.00048828125, float64(k[1])*0.1+1e-4, k[2], []string{"ok", "warn"}[i%7/6])
		}
	}
	return b.Bytes()
}

func TestSensorBlocks(t *testing.T) {
	log := syntheticLog(5 << 19)
	vlm, enc := encodeSensor(t, log, 100000)
	if len(enc.Stats()) < 3 {
		t.Fatalf("%d blocks, want several", len(enc.Stats()))
	}
	out, d := decodeSensor(t, vlm)
	if !bytes.Equal(out, log) {
		t.Fatal("decoded log differs")
	}
	ds := d.SensorStats()
	for i, b := range enc.Stats() {
		if b.Cost() != ds[i].Cost() || b.Rows != ds[i].Rows || b.FirstRow != ds[i].FirstRow {
			t.Fatalf("block %d: encoder %+v, decoder %+v", i, b, ds[i])
		}
	}
	t.Logf("synthetic log: %d → %d bytes (%.2f%%)", len(log), len(vlm), 100*float64(len(vlm))/float64(len(log)))
}

// TestSensorCorrupt damages a .vlm in many places: the decoder must report an error or (for
// a harmless change) the exact log, never panic or deliver wrong bytes silently.
func TestSensorCorrupt(t *testing.T) {
	log, _ := os.ReadFile("../testdata/sensor_awkward.csv")
	log = append(bytes.Repeat(log, 4), syntheticLog(40000)...)
	vlm, _ := encodeSensor(t, log, 1<<20)
	checkSensorDamage(t, vlm, log, 300, rand.New(rand.NewPCG(5, 6)))
}

// damage returns a copy of b with one random fault of the given kind: 0 a byte changed, 1 the
// end cut off, 2 a run of up to 16 bytes taken out.
func damage(rng *rand.Rand, b []byte, kind int) []byte {
	bad := bytes.Clone(b)
	switch kind {
	case 0:
		bad[rng.IntN(len(bad))] ^= byte(1 + rng.IntN(255))
	case 1:
		bad = bad[:rng.IntN(len(bad))]
	case 2:
		p := rng.IntN(len(bad))
		bad = append(bad[:p:p], bad[min(len(bad), p+1+rng.IntN(16)):]...)
	}
	return bad
}

// checkSensorDamage decodes n damaged copies of vlm, the file of log: each must give a
// CorruptError or (for a harmless change) the exact log, never a panic or wrong bytes.
func checkSensorDamage(t *testing.T, vlm, log []byte, n int, rng *rand.Rand) {
	t.Helper()
	for i := 0; i < n; i++ {
		bad := damage(rng, vlm, i%3)
		d, err := NewDecoder(bytes.NewReader(bad))
		if err != nil {
			continue
		}
		out, err := io.ReadAll(d)
		if err == nil && !bytes.Equal(out, log) {
			t.Fatalf("damage %d: decoded without error to a different log", i)
		}
		var ce *CorruptError
		if err != nil && !errors.As(err, &ce) {
			t.Fatalf("damage %d: error is not a CorruptError: %v", i, err)
		}
	}
}

// TestSensorInfo reads a sensor stream's parameters and summary without decoding.
func TestSensorInfo(t *testing.T) {
	log := readIMU(t)[:200000]
	vlm, enc := encodeSensor(t, log, 1<<16)
	info, err := ReadInfo(bytes.NewReader(vlm))
	if err != nil {
		t.Fatal(err)
	}
	si := info.Sensor
	if si == nil || si.Summary == nil {
		t.Fatal("no sensor info")
	}
	if si.Delimiter != ',' || len(si.Names) != 10 || si.Names[0] != "Time (s)" || si.Columns != 10 {
		t.Fatalf("params %+v", si.SensorParams)
	}
	if si.Summary.Rows != enc.Summary().Rows || len(si.Summary.Columns) != 10 {
		t.Fatalf("summary %+v", si.Summary)
	}
	for c, col := range si.Summary.Columns {
		if col != enc.Summary().Columns[c] {
			t.Fatalf("column %d: %+v, encoder %+v", c, col, enc.Summary().Columns[c])
		}
	}
}

// TestSensorRecentValues: a table whose cells recur, not in the row above but some rows
// before (as in R or statistics output), codes them as references to the column's recent cells.
func TestSensorRecentValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	var vals [2][40]string
	for c := range vals {
		for i := range vals[c] {
			vals[c][i] = fmt.Sprintf("%.15g", rng.NormFloat64()*100)
		}
	}
	var b bytes.Buffer
	b.WriteString("fitted,resid\n")
	for r := 0; r < 5000; r++ {
		fmt.Fprintf(&b, "%s,%s\n", vals[0][rng.IntN(40)], vals[1][rng.IntN(40)])
	}
	log := b.Bytes()
	vlm := roundTrip(t, log, 1<<16)
	// Each cell is one of 40: about log2(40) = 5.3 bits; 15 random digits would take 50.
	if bits := float64(len(vlm)*8) / 10000; bits > 8 {
		t.Fatalf("%.1f bits per cell", bits)
	}
}

// TestSensorTokenSoup round-trips logs stirred from the tokens real and broken logs are made
// of (it found an encoder crash on 1e-400 that the fuzzer had not).
func TestSensorTokenSoup(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	toks := []string{"1", "0", "-", "+", ".", "e", "E", "9", ",", "\n", "\r", "\"", " ", "\t", "1e-400", "1e400",
		"9999999999999999999", "0.000000000000001", "-0.0", "x", "1.5E+308", ";", "|", "5.35E-05", "e-0"}
	for i := 0; i < 300; i++ {
		var b bytes.Buffer
		for n := rng.IntN(3000); b.Len() < n; {
			b.WriteString(toks[rng.IntN(len(toks))])
		}
		if rng.IntN(3) == 0 {
			b.Write(bytes.Repeat(b.Bytes(), 1+rng.IntN(6)))
		}
		roundTrip(t, b.Bytes(), 1+b.Len()/3)
	}
}

func FuzzSensorRoundTrip(f *testing.F) {
	awkward, _ := os.ReadFile("../testdata/sensor_awkward.csv")
	f.Add(awkward)
	f.Add([]byte("t,x\n0,1.5\n0.01,-0.0\n"))
	f.Add(readIMU(f)[:4000])
	for _, s := range model2Seeds() {
		f.Add(s)
	}
	// Model 6's splits: fixed widths and runs of spaces (sensor_split_test.go).
	f.Add(fixedLog(40))
	f.Add(alignedLog(60))
	// Bytes blocks: a glued fixed-width table, a text table and binary records, whose byte
	// models' trials reset the model the block is then coded with (TestByteModel2ResetForgets).
	f.Add(gluedLog(30, true))
	f.Add(testlog.TableLog(3000))
	f.Add(testlog.FIRMLog(3000))
	f.Fuzz(func(t *testing.T, log []byte) {
		log = log[:min(len(log), 1<<12)] // the text model is slow under the fuzzer's instrumentation
		roundTrip(t, log, 1+len(log)/3)
	})
}

func FuzzSensorDecode(f *testing.F) {
	awkward, _ := os.ReadFile("../testdata/sensor_awkward.csv")
	vlm, _ := encodeSensor(f, awkward, 1<<20)
	f.Add(vlm)
	vlm, _ = encodeSensor(f, readIMU(f)[:4000], 1<<20)
	f.Add(vlm)
	for _, s := range model2Seeds() {
		vlm, _ = encodeSensor(f, s, 1<<20)
		f.Add(vlm)
	}
	// Model 6 files whose rows are cut at fixed widths and at runs of spaces.
	vlm, _ = encodeSensor(f, fixedLog(40), 1<<20)
	f.Add(vlm)
	vlm, _ = encodeSensor(f, alignedLog(60), 1<<20)
	f.Add(vlm)
	// A model 5 file whose block head carries a coding order other than field order.
	if vlm, err := os.ReadFile("../testdata/golden/v2/sensor_order.vlm"); err == nil {
		f.Add(vlm)
	} else {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, vlm []byte) {
		d, err := NewDecoder(bytes.NewReader(vlm))
		if err != nil {
			return
		}
		io.Copy(io.Discard, io.LimitReader(d, 1<<24))
	})
}

func TestSensorNotSensor(t *testing.T) {
	var buf bytes.Buffer
	enc, _ := NewSensorEncoder(&buf)
	enc.Write([]byte("1,2\n"))
	enc.Close()
	d, err := NewDecoder(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ReadFrame(); err == nil {
		t.Fatal("ReadFrame on a sensor stream succeeded")
	}
	var ce *CorruptError
	if errors.As(err, &ce) {
		t.Fatal(err)
	}
}

// BenchmarkSensorEncodeIMU measures encoding speed on the real IMU log (MB/s of CSV) and
// reports the compressed size as a percentage of it.
func BenchmarkSensorEncodeIMU(b *testing.B) {
	log := readIMU(b)
	b.SetBytes(int64(len(log)))
	var n int
	for i := 0; i < b.N; i++ {
		vlm, _ := encodeSensor(b, log, 1<<16)
		n = len(vlm)
	}
	b.ReportMetric(100*float64(n)/float64(len(log)), "%size")
}

// BenchmarkSensorDecodeIMU measures decoding speed on the real IMU log (MB/s of CSV).
func BenchmarkSensorDecodeIMU(b *testing.B) {
	log := readIMU(b)
	vlm, _ := encodeSensor(b, log, 1<<16)
	b.SetBytes(int64(len(log)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, err := NewDecoder(bytes.NewReader(vlm))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSensorCoresSameBytes: lattice discovery runs on all cores; the bytes must not depend
// on how many there are.
func TestSensorCoresSameBytes(t *testing.T) {
	log := readIMU(t)
	prev := runtime.GOMAXPROCS(1)
	one, _ := encodeSensor(t, log, 1<<20)
	runtime.GOMAXPROCS(max(prev, 4))
	many, _ := encodeSensor(t, log, 1<<20)
	runtime.GOMAXPROCS(prev)
	if !bytes.Equal(one, many) {
		t.Fatalf("1 core: %d bytes, 4: %d bytes, not identical", len(one), len(many))
	}
}

// TestSensorWindows: each block's windows cover its rows in runs of SensorWindowRows and sum
// to its costs, and the decoder measures the same windows as the encoder.
func TestSensorWindows(t *testing.T) {
	log := readIMU(t)
	vlm, enc := encodeSensor(t, log, 1<<16)
	_, dec := decodeSensor(t, vlm)
	es, ds := enc.Stats(), dec.SensorStats()
	if len(es) != 2 || len(ds) != len(es) {
		t.Fatalf("%d encoder blocks, %d decoder blocks, want 2", len(es), len(ds))
	}
	for i := range es {
		b := &es[i]
		rows, structure := 0, uint64(0)
		cols := make([]uint64, len(b.Columns))
		for k, w := range b.Windows {
			if k < len(b.Windows)-1 && w.Rows != SensorWindowRows {
				t.Fatalf("block %d window %d: %d rows", i, k, w.Rows)
			}
			rows += w.Rows
			structure += w.Structure
			for c, v := range w.Columns {
				cols[c] += v
			}
		}
		if rows != b.Rows || structure != b.Structure {
			t.Fatalf("block %d: windows hold %d rows and %d structure, the block %d and %d", i, rows, structure, b.Rows, b.Structure)
		}
		for c := range cols {
			if cols[c] != b.Columns[c].Total() {
				t.Fatalf("block %d column %d: windows %d, block %d", i, c, cols[c], b.Columns[c].Total())
			}
		}
		if fmt.Sprint(b.Windows) != fmt.Sprint(ds[i].Windows) {
			t.Fatalf("block %d: decoder's windows differ from the encoder's", i)
		}
	}
}
