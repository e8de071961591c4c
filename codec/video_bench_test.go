package codec

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/samples"
	"github.com/vidlm/vidlm/vision"
)

// The video benchmarks run on the real frames in testdata (crops of vtest.avi, as y4m and as
// OpenCV BGR, and "pan": a camera panning and zooming over the first BGR crop, in 4:2:0),
// single-threaded, and report MPix/s: compare runs side by side with benchstat.
// ns/sample is the time per coded sample (every plane's), the figure to compare for the
// model's per-sample loop; cpu-ns/sample the same by the process's CPU time (user and system,
// GC included), which a loaded machine disturbs less. `vidlm bench` measures whole clips with every core.

func benchFrames(b *testing.B, kind string) (VideoParams, []*vision.Frame) {
	if kind == "y4m" {
		r, frames := testclip.Y4M(b, "../testdata/vtest_crop.y4m")
		p := testParams(r.Header.Layout)
		p.Source, p.Y4MHeader = SourceY4M, r.Header.Line
		return p, frames
	}
	frames := testclip.BGR(b, "../testdata/vtest_crop.bgr", 160, 120)
	if kind == "pan" {
		frames = panFrames(b, frames[0], 20)
	}
	p := testParams(frames[0].Layout)
	if kind != "pan" {
		p.Source = SourceOpenCV
	}
	return p, frames
}

// panFrames films n frames of 128x96 in 4:2:0 with samples.Pan's camera (sub-sample pans and
// zooms) over the still f, a BGR frame: the camera motion that the motion search and the
// temporal sub-predictors work on.
func panFrames(b *testing.B, f *vision.Frame, n int) []*vision.Frame {
	still := &samples.Still{Width: f.Width, Height: f.Height}
	for c := range still.Planes {
		still.Planes[c] = make([]uint8, len(f.Planes[c]))
		for i, v := range f.Planes[c] {
			still.Planes[c][i] = uint8(v)
		}
	}
	pan, err := samples.NewPan(still, 128, 96)
	if err != nil {
		b.Fatal(err)
	}
	frames := make([]*vision.Frame, n)
	for i := range frames {
		frames[i] = samples.ToYUV420(pan.Frame(i))
	}
	return frames
}

func BenchmarkVideoEncode(b *testing.B) {
	for _, kind := range []string{"y4m", "bgr", "pan"} {
		b.Run(kind, func(b *testing.B) {
			p, frames := benchFrames(b, kind)
			p.Tiles = 1
			var size int
			b.ResetTimer()
			cpu0 := cpuTime()
			for i := 0; i < b.N; i++ {
				size = len(encodeFrames(b, p, frames, WithThreads(1)))
			}
			cpu := cpuTime() - cpu0
			pix := float64(len(frames) * p.Layout.Width * p.Layout.Height)
			b.ReportMetric(pix*float64(b.N)/b.Elapsed().Seconds()/1e6, "MPix/s")
			b.ReportMetric(float64(size*8)/pix, "bits/pixel")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/sampleCount(frames), "ns/sample")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/sampleCount(frames), "cpu-ns/sample")
		})
	}
}

func BenchmarkVideoDecode(b *testing.B) {
	for _, kind := range []string{"y4m", "bgr", "pan"} {
		b.Run(kind, func(b *testing.B) {
			p, frames := benchFrames(b, kind)
			p.Tiles = 1
			data := encodeFrames(b, p, frames, WithThreads(1))
			b.ResetTimer()
			cpu0 := cpuTime()
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
			cpu := cpuTime() - cpu0
			pix := float64(len(frames) * p.Layout.Width * p.Layout.Height)
			b.ReportMetric(pix*float64(b.N)/b.Elapsed().Seconds()/1e6, "MPix/s")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/sampleCount(frames), "ns/sample")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/sampleCount(frames), "cpu-ns/sample")
		})
	}
}

// sampleCount counts the samples of every plane of frames.
func sampleCount(frames []*vision.Frame) float64 {
	n := 0
	for _, f := range frames {
		for _, p := range f.Planes {
			n += len(p)
		}
	}
	return float64(n)
}

// BenchmarkVideoStart codes and decodes the first frame of a stream of four tiles, 64x32 in
// 4:2:0 (the first 64x32 of the y4m crop): what it measures is the coders' start, the
// tiles' models built (a few MB of counters and weights each, first touched here) before a
// frame of a few samples. Every stream pays it once, and the benchmarks above once an
// iteration.
func BenchmarkVideoStart(b *testing.B) {
	r, frames := testclip.Y4M(b, "../testdata/vtest_crop.y4m")
	l := r.Header.Layout
	l.Width, l.Height = 64, 32
	f := vision.NewFrame(l)
	for k, pl := range l.Planes() {
		src := frames[0].Planes[k]
		sw := r.Header.Layout.Planes()[k].Width
		for y := 0; y < pl.Height; y++ {
			copy(f.Planes[k][y*pl.Width:(y+1)*pl.Width], src[y*sw:])
		}
	}
	p := testParams(l)
	p.Tiles = 4
	for _, threads := range []int{1, 2} {
		data := encodeFrames(b, p, []*vision.Frame{f}, WithThreads(threads))
		b.Run(fmt.Sprintf("encode/threads=%d", threads), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				encodeFrames(b, p, []*vision.Frame{f}, WithThreads(threads))
			}
		})
		b.Run(fmt.Sprintf("decode/threads=%d", threads), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := decodeAll(data, WithThreads(threads)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
