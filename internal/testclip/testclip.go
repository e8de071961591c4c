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
