package codec

import (
	"bytes"
	"io"
	"testing"
)

// encodeSensorDefault encodes log in one Write with the default sensor options (law stage,
// cross-column contexts and all), as `vidlm encode --kind sensor` does.
func encodeSensorDefault(t testing.TB, log []byte) []byte {
	t.Helper()
	vlm, _ := encodeSensorWith(t, log)
	return vlm
}

// BenchmarkSensorCellsDecode measures the cell coder's decode speed (the per-value path
// that encoder and decoder share) on the real IMU log under the default options, in MB/s of
// CSV, and checks the output is the log byte for byte. Like `vidlm decode` it skips the
// surprise accounting (WithoutCosts).
func BenchmarkSensorCellsDecode(b *testing.B) {
	log := readIMU(b)
	vlm := encodeSensorDefault(b, log)
	b.SetBytes(int64(len(log)))
	b.ReportMetric(100*float64(len(vlm))/float64(len(log)), "%size")
	var out bytes.Buffer
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, err := NewDecoder(bytes.NewReader(vlm), WithoutCosts())
		if err != nil {
			b.Fatal(err)
		}
		out.Reset()
		if _, err := io.Copy(&out, d); err != nil {
			b.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), log) {
			b.Fatal("decoded log differs")
		}
	}
}

// BenchmarkSensorCellsEncode is BenchmarkSensorCellsDecode's encoder side (the cell coder plus
// the encoder's own choices).
func BenchmarkSensorCellsEncode(b *testing.B) {
	log := readIMU(b)
	b.SetBytes(int64(len(log)))
	for i := 0; i < b.N; i++ {
		encodeSensorDefault(b, log)
	}
}
