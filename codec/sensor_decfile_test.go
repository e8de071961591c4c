package codec

import (
	"bytes"
	"io"
	"os"
	"testing"
)

// BenchmarkSensorDecodeFile decodes the .vlm file $VIDLM_BENCH_VLM (skipped without it) as
// `vidlm decode` does (WithoutCosts, two threads) and checks its output against
// $VIDLM_BENCH_LOG when that is set: a profile of the decoder on any corpus log.
func BenchmarkSensorDecodeFile(b *testing.B) {
	name := os.Getenv("VIDLM_BENCH_VLM")
	if name == "" {
		b.Skip("VIDLM_BENCH_VLM not set")
	}
	vlm, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	var want []byte
	if l := os.Getenv("VIDLM_BENCH_LOG"); l != "" {
		if want, err = os.ReadFile(l); err != nil {
			b.Fatal(err)
		}
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
