package report

import (
	"image"
	"io"
	"math/rand"
	"path/filepath"
	"testing"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// BenchmarkAddFrame measures what a report adds to each frame of a 768x576 4:2:0 stream
// (the size of vtest.avi): the per-pixel map and picture kept for the last frame, and with
// the video the side-by-side picture (its encoding by OpenCV not included).
func BenchmarkAddFrame(b *testing.B) {
	l := vision.Layout{Width: 768, Height: 576, Format: vision.FormatYUV420, Depth: 8}
	p := codec.VideoParams{Layout: l, FrameRate: vision.Rational{Num: 25, Den: 1}, Source: codec.SourceRaw, Tiles: 4, Model: predict.DefaultVideoConfig()}
	f := vision.NewFrame(l)
	s := &codec.FrameStats{PlaneCost: make([]uint64, 3)}
	rng := rand.New(rand.NewSource(1))
	for i, ps := range l.Planes() {
		c := make([]uint32, ps.Width*ps.Height)
		for j := range c {
			c[j] = uint32(rng.Intn(8 * codec.CostUnit))
			s.PlaneCost[i] += uint64(c[j])
			f.Planes[i][j] = uint16(rng.Intn(256))
		}
		s.PixelCost = append(s.PixelCost, c)
	}
	for _, c := range []struct {
		name  string
		video bool
	}{{"default", false}, {"video", true}} {
		b.Run(c.name, func(b *testing.B) {
			d, err := CreateDir(filepath.Join(b.TempDir(), "r"), false)
			if err != nil {
				b.Fatal(err)
			}
			o := VideoOptions{Every: 1 << 30} // draws frame 0 only
			if c.video {
				o.VideoName = "v"
				o.OpenVideo = func(_ string, l vision.Layout, _ vision.Rational) (vision.FrameSink, error) {
					return &fakeVideo{l: l}, nil
				}
			} else {
				o.Every = 0 // the default choice: keeps the last frame's map and picture
			}
			v, err := NewVideo(d, &p, o)
			if err != nil {
				b.Fatal(err)
			}
			s.Frame = 0
			v.AddFrame(s, f) // frame 0 (drawn) is not part of the measure
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s.Frame = i + 1
				if err := v.AddFrame(s, f); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/frame")
			d.Abort()
		})
	}
}

// BenchmarkHeatmapFigure measures drawing one heatmap figure of a 768x576 frame (a fixed
// cost per figure drawn, PNG compression included).
func BenchmarkHeatmapFigure(b *testing.B) {
	const w, h = 768, 576
	pic := image.NewRGBA(image.Rect(0, 0, w, h))
	heat := make([]float32, w*h)
	rng := rand.New(rand.NewSource(1))
	for i := range heat {
		heat[i] = rng.Float32() * 8
		pic.Pix[4*i], pic.Pix[4*i+1], pic.Pix[4*i+2], pic.Pix[4*i+3] = byte(i), byte(i>>8), byte(i>>3), 255
	}
	hm := newHeatmapper(8)
	for i := 0; i < b.N; i++ {
		if err := hm.figure(io.Discard, pic, heat, "title", "subtitle", "caption"); err != nil {
			b.Fatal(err)
		}
	}
}
