package cv

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"gocv.io/x/gocv"

	"github.com/vidlm/vidlm/vision"
)

const vtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi"

// readFrames reads up to n frames from src.
func readFrames(t testing.TB, src vision.FrameSource, n int) []*vision.Frame {
	t.Helper()
	var fs []*vision.Frame
	for len(fs) < n {
		f, err := src.ReadFrame()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	return fs
}

func toGray(f *vision.Frame) *vision.Frame {
	l := f.Layout
	l.Format = vision.FormatGray
	g := vision.NewFrame(l)
	copy(g.Planes[0], f.Planes[1])
	return g
}

// TestVideoWriterLossless writes frames of vtest.avi to FFV1 through OpenCV's VideoWriter
// and reads them back through VideoCapture: every byte must survive, BGR and gray, .mkv and .avi.
func TestVideoWriterLossless(t *testing.T) {
	if testing.Short() {
		t.Skip("slow end-to-end test; runs without -short")
	}
	src, err := OpenVideo(vtest)
	if err != nil {
		t.Fatal(err)
	}
	frames := readFrames(t, src, 6)
	src.Close()
	for _, gray := range []bool{false, true} {
		for _, ext := range []string{".mkv", ".avi"} {
			path := filepath.Join(t.TempDir(), "out"+ext)
			l := frames[0].Layout
			if gray {
				l.Format = vision.FormatGray
			}
			w, err := NewVideoWriter(path, FFV1, l, vision.Rational{Num: 10, Den: 1})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range frames {
				if gray {
					f = toGray(f)
				}
				if err := w.WriteFrame(f); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			back, err := OpenVideo(path)
			if err != nil {
				t.Fatal(err)
			}
			got := readFrames(t, back, 100)
			back.Close()
			if len(got) != len(frames) {
				t.Fatalf("%s gray=%v: read %d frames back, wrote %d", ext, gray, len(got), len(frames))
			}
			if r := back.FrameRate(); r != (vision.Rational{Num: 10, Den: 1}) {
				t.Errorf("%s: frame rate %v, want 10:1", ext, r)
			}
			for i, f := range frames {
				want := vision.AppendInterleaved(nil, f)
				if gray {
					// VideoCapture turns gray FFV1 into BGR with B = G = R.
					want = vision.AppendInterleaved(nil, toBGR(toGray(f)))
				}
				if g := vision.AppendInterleaved(nil, got[i]); !bytes.Equal(g, want) {
					t.Fatalf("%s gray=%v: frame %d differs after the round trip", ext, gray, i)
				}
			}
		}
	}
}

func toBGR(g *vision.Frame) *vision.Frame {
	l := g.Layout
	l.Format = vision.FormatBGR
	f := vision.NewFrame(l)
	for _, p := range f.Planes {
		copy(p, g.Planes[0])
	}
	return f
}

// droppingWriter stores the first keep frames and then, like OpenCV's writer on a full disk,
// drops the rest without a word.
type droppingWriter struct {
	matWriter
	keep, n int
}

func (d *droppingWriter) Write(m gocv.Mat) error {
	d.n++
	if d.n > d.keep {
		return nil
	}
	return d.matWriter.Write(m)
}

// TestVideoWriterShortfall: a writer that silently stores fewer frames than it was given (as
// OpenCV's does when the disk fills) must make Close fail, naming how many were stored.
func TestVideoWriterShortfall(t *testing.T) {
	src, err := OpenVideo(vtest)
	if err != nil {
		t.Fatal(err)
	}
	frames := readFrames(t, src, 6)
	src.Close()
	real := newMatWriter
	defer func() { newMatWriter = real }()
	for _, keep := range []int{0, 2, 5} {
		newMatWriter = func(path string, codec Codec, l vision.Layout, rate vision.Rational) (matWriter, error) {
			w, err := real(path, codec, l, rate)
			return &droppingWriter{matWriter: w, keep: keep}, err
		}
		for _, ext := range []string{".mkv", ".avi"} {
			path := filepath.Join(t.TempDir(), "out"+ext)
			w, err := NewVideoWriter(path, FFV1, frames[0].Layout, vision.Rational{Num: 10, Den: 1})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range frames {
				if err := w.WriteFrame(f); err != nil {
					t.Fatal(err)
				}
			}
			err = w.Close()
			want := fmt.Sprintf("stored %d of the 6 frames written", keep)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s keeping %d frames: Close gave %v, want an error saying %q", ext, keep, err, want)
			}
		}
	}
}

// TestVideoWriterCodecs: MJPG takes 8-bit BGR only, an unknown codec is refused, and an MJPG
// .avi of BGR frames reads back with its frame count.
func TestVideoWriterCodecs(t *testing.T) {
	dir := t.TempDir()
	bgr := vision.Layout{Width: 64, Height: 48, Format: vision.FormatBGR, Depth: 8}
	gray := vision.Layout{Width: 64, Height: 48, Format: vision.FormatGray, Depth: 8}
	rate := vision.Rational{Num: 25, Den: 1}
	if _, err := NewVideoWriter(filepath.Join(dir, "g.avi"), MJPG, gray, rate); err == nil {
		t.Error("MJPG accepts gray frames")
	}
	if _, err := NewVideoWriter(filepath.Join(dir, "x.avi"), Codec("XVID?"), bgr, rate); err == nil {
		t.Error("an unknown codec is accepted")
	}
	path := filepath.Join(dir, "m.avi")
	w, err := NewVideoWriter(path, MJPG, bgr, rate)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := w.WriteFrame(vision.NewFrame(bgr)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	back, err := OpenVideo(path)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if got := readFrames(t, back, 10); len(got) != 3 {
		t.Errorf("read %d frames back, wrote 3", len(got))
	}
}
