package codec

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// encodeSensorLaw encodes log with the law stage on or off, under sensor model 10 (the
// stage's gain was held there; under model 11, whose second stage of the Series takes part
// of what the stage gains on a noisy harmonic, the orbit log gains 2.9 %: 8,103 → 7,865
// bytes; under model 10 8,295 → 7,942).
func encodeSensorLaw(t testing.TB, log []byte, law bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc, err := NewSensorEncoder(&buf, WithFileID(testFileID))
	if err != nil {
		t.Fatal(err)
	}
	if err := enc.SetModel(sensorModelV10); err != nil {
		t.Fatal(err)
	}
	if err := enc.SetLaw(law); err != nil {
		t.Fatal(err)
	}
	if _, err := enc.Write(log); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if err := enc.SetLaw(!law); err == nil {
		t.Error("SetLaw after Write: no error")
	}
	return buf.Bytes()
}

// orbitLog is a noisy trajectory: a body oscillating on two axes at different frequencies
// (integer recurrences of the harmonic law, in 1/1024 LSB), sampled by a 16-bit ADC with a
// deterministic pseudo-random noise of about 2 LSB (a sum of uniform draws). Integer
// arithmetic only: the same log on every machine.
func orbitLog(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("t_ms,x,y\n")
	seed := testlog.LCG(7)
	noise := func() int64 {
		var s int64
		for range 4 {
			s += int64(seed.Next()>>61) - 3 // −3 … 4
		}
		return s
	}
	x0, x1 := int64(9000<<10), int64(9000<<10)
	y0, y1 := int64(0), int64(200<<10)
	for i := range rows {
		fmt.Fprintf(&b, "%d,%d,%d\n", 10*i, 32768+x1>>10+noise(), 32768+y1>>10+noise())
		x0, x1 = x1, 2*x1-x0-x1/400
		y0, y1 = y1, 2*y1-y0-y1/900
	}
	return b.Bytes()
}

// TestSensorLawStage: on a smooth noisy trajectory the law stage codes smaller than the model
// alone and both decode to the log byte for byte; the stream parameter says which.
func TestSensorLawStage(t *testing.T) {
	log := orbitLog(6000)
	off := encodeSensorLaw(t, log, false)
	on := encodeSensorLaw(t, log, true)
	t.Logf("orbit log of %d bytes: %d bytes without the law stage, %d with", len(log), len(off), len(on))
	if len(on) >= len(off)*97/100 {
		t.Errorf("law stage: %d bytes, without %d: less than 3 %% gained", len(on), len(off))
	}
	for _, c := range []struct {
		data []byte
		law  bool
	}{{off, false}, {on, true}} {
		out, d := decodeSensor(t, c.data)
		if !bytes.Equal(out, log) {
			t.Fatalf("law %v: the decoded log differs", c.law)
		}
		if got := d.Sensor().Law; got != c.law {
			t.Errorf("law %v: the stream's parameters say law = %v", c.law, got)
		}
	}
}

// TestSensorLawOffIsBefore: without the law stage the encoder writes exactly the bytes it
// wrote before the stage existed: those of the current version's golden files whose stream
// goes without the stage (when the stage came, sensor_awkward and sensor_imu kept their bytes,
// SHA-256 13a46eee… and fc177155…).
func TestSensorLawOffIsBefore(t *testing.T) {
	checked := 0
	for name, log := range sensorGoldenCases(t) {
		golden, err := os.ReadFile(filepath.Join(goldenDir(FormatVersion), name+".vlm"))
		if err != nil {
			t.Fatal(err)
		}
		if _, d := decodeSensor(t, golden); d.Sensor().Law {
			continue // the golden file holds the stage
		}
		var buf bytes.Buffer
		enc, err := NewSensorEncoder(&buf, WithFileID(testFileID))
		if err != nil {
			t.Fatal(err)
		}
		if FormatVersion == 1 {
			if err := enc.SetModel(sensorModelV1); err != nil {
				t.Fatal(err)
			}
		}
		if err := enc.SetLaw(false); err != nil {
			t.Fatal(err)
		}
		for p := log; len(p) > 0; {
			n := min(1<<16, len(p))
			if _, err := enc.Write(p[:n]); err != nil {
				t.Fatal(err)
			}
			p = p[n:]
		}
		if err := enc.Close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), golden) {
			t.Errorf("%s without the law stage: %d bytes that differ from the golden file's %d", name, buf.Len(), len(golden))
		}
		checked++
	}
	if checked < 2 {
		t.Errorf("%d golden files without the law stage checked, want 2", checked)
	}
}
