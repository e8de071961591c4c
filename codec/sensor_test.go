package codec

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
)

// encodeSensor compresses log, writing it in pieces of step bytes.
func encodeSensor(t testing.TB, log []byte, step int) ([]byte, *SensorEncoder) {
	t.Helper()
	var buf bytes.Buffer
	enc, err := NewSensorEncoder(&buf)
	if err != nil {
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

func TestSensorSmall(t *testing.T) {
	for _, s := range []string{"", "\n", "a", "a,b\n", "1,2\n3,4", "t,x\n0,1.5\n0.01,1.25\n", "x\r\n1\r\n2\n3\r"} {
		roundTrip(t, []byte(s), 3)
	}
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
