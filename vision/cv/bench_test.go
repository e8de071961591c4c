package cv

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"gocv.io/x/gocv"

	"github.com/vidlm/vidlm/vision"
)

func benchFrame(b *testing.B) *vision.Frame {
	c, err := OpenVideo(vtest)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	return readFrames(b, c, 1)[0]
}

// BenchmarkMatToFrame measures the copy of a decoded 768x576 BGR picture into a frame, done
// once per input frame.
func BenchmarkMatToFrame(b *testing.B) {
	f := benchFrame(b)
	m := gocv.NewMatWithSize(f.Height, f.Width, gocv.MatTypeCV8UC3)
	defer m.Close()
	if err := frameToMat(f, &m); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(f.FrameBytes()))
	for b.Loop() {
		if _, err := matToFrame(&m, f.Layout); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFrameToMat measures the copy of a decoded frame into a picture, done once per
// output frame for VideoWriter and PNG.
func BenchmarkFrameToMat(b *testing.B) {
	f := benchFrame(b)
	m := gocv.NewMatWithSize(f.Height, f.Width, gocv.MatTypeCV8UC3)
	defer m.Close()
	b.SetBytes(int64(f.FrameBytes()))
	for b.Loop() {
		if err := frameToMat(f, &m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPNGEncode compares OpenCV's PNG encoder, which PNGWriter uses, with Go's
// image/png on the same 768x576 frame (converted to RGBA, as image/png wants it).
func BenchmarkPNGEncode(b *testing.B) {
	f := benchFrame(b)
	b.Run("opencv", func(b *testing.B) {
		m := gocv.NewMatWithSize(f.Height, f.Width, gocv.MatTypeCV8UC3)
		defer m.Close()
		b.SetBytes(int64(f.FrameBytes()))
		size := 0
		for b.Loop() {
			if err := frameToMat(f, &m); err != nil {
				b.Fatal(err)
			}
			buf, _ := gocv.IMEncode(gocv.PNGFileExt, m)
			size = buf.Len()
			buf.Close()
		}
		b.ReportMetric(float64(size), "bytes/frame")
	})
	b.Run("image-png", func(b *testing.B) {
		b.SetBytes(int64(f.FrameBytes()))
		img := image.NewRGBA(image.Rect(0, 0, f.Width, f.Height))
		var out bytes.Buffer
		for b.Loop() {
			for i := range f.Planes[0] {
				img.Pix[4*i], img.Pix[4*i+1], img.Pix[4*i+2], img.Pix[4*i+3] = byte(f.Planes[2][i]), byte(f.Planes[1][i]), byte(f.Planes[0][i]), 255
			}
			out.Reset()
			if err := png.Encode(&out, img); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(out.Len()), "bytes/frame")
	})
}
