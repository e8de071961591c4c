package codec

import (
	"bytes"
	"io"
	"os"
	"testing"
)

// BenchmarkSensorDecodeFile decodes the .vlm file $VIDLM_BENCH_VLM as `vidlm decode` does
// (WithoutCosts, two threads: the read-ahead, sensor_ahead.go) and checks its output against
// $VIDLM_BENCH_LOG when that is set: a profile of the decoder on any corpus log. Without
// $VIDLM_BENCH_VLM it codes testdata's co2_mauna_loa.csv (34 KB) and decodes that.
func BenchmarkSensorDecodeFile(b *testing.B) {
	var vlm, want []byte
	var err error
	if name := os.Getenv("VIDLM_BENCH_VLM"); name != "" {
		if vlm, err = os.ReadFile(name); err != nil {
			b.Fatal(err)
		}
		if l := os.Getenv("VIDLM_BENCH_LOG"); l != "" {
			if want, err = os.ReadFile(l); err != nil {
				b.Fatal(err)
			}
		}
	} else {
		if want, err = os.ReadFile("../testdata/co2_mauna_loa.csv"); err != nil {
			b.Fatal(err)
		}
		vlm = encodeSensorDefault(b, want)
	}
	if want != nil {
		b.SetBytes(int64(len(want)))
	}
	var out bytes.Buffer
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, err := NewDecoder(bytes.NewReader(vlm), WithoutCosts(), WithThreads(2))
		if err != nil {
			b.Fatal(err)
		}
		out.Reset()
		if _, err := io.Copy(&out, d); err != nil {
			b.Fatal(err)
		}
		if want != nil && !bytes.Equal(out.Bytes(), want) {
			b.Fatal("decoded log differs")
		}
	}
}
