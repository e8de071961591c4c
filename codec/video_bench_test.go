package codec

import (
	"bytes"
	"io"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// The video benchmarks run on the real frames in testdata (crops of vtest.avi, as y4m and as
// OpenCV BGR), single-threaded, and report MPix/s: compare runs side by side with benchstat.
// `vidlm bench` measures whole clips with every core.

func benchFrames(b *testing.B, kind string) (VideoParams, []*vision.Frame) {
	if kind == "y4m" {
		r, frames := testclip.Y4M(b, "../testdata/vtest_crop.y4m")
		p := testParams(r.Header.Layout)
		p.Source, p.Y4MHeader = SourceY4M, r.Header.Line
		return p, frames
	}
	frames := testclip.BGR(b, "../testdata/vtest_crop.bgr", 160, 120)
	p := testParams(frames[0].Layout)
	p.Source = SourceOpenCV
	return p, frames
}

func BenchmarkVideoEncode(b *testing.B) {
	for _, kind := range []string{"y4m", "bgr"} {
		b.Run(kind, func(b *testing.B) {
			p, frames := benchFrames(b, kind)
			p.Tiles = 1
			var size int
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				size = len(encodeFrames(b, p, frames, WithThreads(1)))
			}
			pix := float64(len(frames) * p.Layout.Width * p.Layout.Height)
			b.ReportMetric(pix*float64(b.N)/b.Elapsed().Seconds()/1e6, "MPix/s")
			b.ReportMetric(float64(size*8)/pix, "bits/pixel")
		})
	}
}

func BenchmarkVideoDecode(b *testing.B) {
	for _, kind := range []string{"y4m", "bgr"} {
		b.Run(kind, func(b *testing.B) {
			p, frames := benchFrames(b, kind)
			p.Tiles = 1
			data := encodeFrames(b, p, frames, WithThreads(1))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d, err := NewDecoder(bytes.NewReader(data), WithThreads(1))
				if err != nil {
					b.Fatal(err)
				}
				for {
					if _, err := d.ReadFrame(); err == io.EOF {
						break
					} else if err != nil {
						b.Fatal(err)
					}
				}
			}
			pix := float64(len(frames) * p.Layout.Width * p.Layout.Height)
			b.ReportMetric(pix*float64(b.N)/b.Elapsed().Seconds()/1e6, "MPix/s")
		})
	}
}
