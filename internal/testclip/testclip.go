// Package testclip loads the real clips of testdata (crops of opencv-doc's vtest.avi) for the
// tests of every package, so that each reads them the same way.
package testclip

import (
	"io"
	"os"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// Y4M reads every frame of a y4m file; the reader holds its header.
func Y4M(t testing.TB, path string) (*vision.Y4MReader, []*vision.Frame) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := vision.NewY4MReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var frames []*vision.Frame
	for {
		fr, err := r.ReadFrame()
		if err == io.EOF {
			return r, frames
		}
		if err != nil {
			t.Fatal(err)
		}
		frames = append(frames, fr)
	}
}

// BGR reads a file of raw interleaved BGR24 frames of w x h (as OpenCV decodes video).
func BGR(t testing.TB, path string, w, h int) []*vision.Frame {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	l := vision.Layout{Width: w, Height: h, Format: vision.FormatBGR, Depth: 8}
	n := l.FrameBytes()
	var frames []*vision.Frame
	for i := 0; i+n <= len(data); i += n {
		f := vision.NewFrame(l)
		f.SetInterleaved(data[i : i+n])
		frames = append(frames, f)
	}
	return frames
}

// Reformat turns 8-bit BGR frames into real-looking frames of another format and depth (full
// size planes: gray or BGR): gray is the G plane, BGR keeps its planes, and above 8 bits each
// sample carries the next plane in its low byte, so that every bit of a 16-bit sample is used.
func Reformat(bgr []*vision.Frame, format vision.PixelFormat, depth int) []*vision.Frame {
	var out []*vision.Frame
	for _, b := range bgr {
		l := b.Layout
		l.Format, l.Depth = format, depth
		f := vision.NewFrame(l)
		for k, p := range f.Planes {
			hi, lo := b.Planes[(k+1)%3], b.Planes[(k+2)%3]
			for j := range p {
				p[j] = hi[j]
				if depth > 8 {
					p[j] = hi[j]<<8 | lo[j]
				}
			}
		}
		out = append(out, f)
	}
	return out
}
