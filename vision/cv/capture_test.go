package cv

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/vidlm/vidlm/vision"
)

// crop copies a w×h window at (x, y) of frame f.
func crop(f *vision.Frame, x, y, w, h int) *vision.Frame {
	l := f.Layout
	l.Width, l.Height = w, h
	c := vision.NewFrame(l)
	for k, p := range f.Planes {
		for r := 0; r < h; r++ {
			copy(c.Planes[k][r*w:(r+1)*w], p[(y+r)*f.Width+x:(y+r)*f.Width+x+w])
		}
	}
	return c
}

// TestOpenVideo reads vtest.avi and compares its first 10 frames, cropped, with
// testdata/vtest_crop.bgr, taken from OpenCV 4.6 (and identical to ffmpeg -pix_fmt bgr24).
func TestOpenVideo(t *testing.T) {
	c, err := OpenVideo(vtest)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if l := c.Layout(); l != (vision.Layout{Width: 768, Height: 576, Format: vision.FormatBGR, Depth: 8}) {
		t.Fatalf("layout %+v", l)
	}
	if r := c.FrameRate(); r != (vision.Rational{Num: 10, Den: 1}) {
		t.Errorf("frame rate %v, want 10:1", r)
	}
	if n := c.Total(); n != 795 {
		t.Errorf("total %d, want 795", n)
	}
	want, err := os.ReadFile("../../testdata/vtest_crop.bgr")
	if err != nil {
		t.Fatal(err)
	}
	var got []byte
	for _, f := range readFrames(t, c, 10) {
		got = vision.AppendInterleaved(got, crop(f, 300, 200, 160, 120))
	}
	if !bytes.Equal(got, want) {
		t.Fatal("the first 10 frames differ from testdata/vtest_crop.bgr")
	}
}

func TestOpenVideoErrors(t *testing.T) {
	dir := t.TempDir()
	junk := dir + "/junk.avi"
	if err := os.WriteFile(junk, []byte("not a video\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{dir + "/missing.avi", "no such file"},
		{junk, "OpenCV cannot open it as a video"},
		{dir, "is a directory"},
	} {
		_, err := OpenVideo(tc.path)
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(tc.want)) || !bytes.Contains([]byte(err.Error()), []byte(tc.path)) {
			t.Errorf("OpenVideo(%s): %v, want an error naming the file with %q", tc.path, err, tc.want)
		}
	}
}

// TestCameraCancel stands a camera that stops delivering in for OpenCamera's device: once
// the context is cancelled, the blocked read returns io.EOF at once, and so does every later
// one; Close does not wait for OpenCV either.
func TestCameraCancel(t *testing.T) {
	vc, err := gocv.VideoCaptureFile(vtest)
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	reads := 0
	grab := func(m *gocv.Mat) bool {
		reads++
		if reads > 3 {
			<-release // the camera hangs
		}
		return vc.Read(m)
	}
	ctx, cancel := context.WithCancel(context.Background())
	c, err := newCapture(ctx, vc, "cam:test", grab)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(readFrames(t, c, 3)); got != 3 {
		t.Fatalf("read %d frames, want 3", got)
	}
	done := make(chan error, 1)
	go func() {
		_, err := c.ReadFrame()
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("read returned %v while the camera hangs", err)
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	select {
	case err := <-done:
		if err != io.EOF {
			t.Fatalf("read after cancel: %v, want io.EOF", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a blocked read did not end when the context was cancelled")
	}
	if _, err := c.ReadFrame(); err != io.EOF {
		t.Fatalf("read after the end: %v, want io.EOF", err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	close(release) // OpenCV returns; the reading goroutine releases the capture
}

func TestCameraCancelledBeforeFirstFrame(t *testing.T) {
	vc, err := gocv.VideoCaptureFile(vtest)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := newCapture(ctx, vc, "cam:test", nil); err == nil || !bytes.Contains([]byte(err.Error()), []byte("interrupted before the first frame")) {
		t.Fatalf("got %v, want an interruption error", err)
	}
}

func TestFrameRate(t *testing.T) {
	for _, tc := range []struct {
		fps  float64
		want vision.Rational
	}{
		{10, vision.Rational{Num: 10, Den: 1}},
		{25, vision.Rational{Num: 25, Den: 1}},
		{30000.0 / 1001, vision.Rational{Num: 30000, Den: 1001}},
		{29.97, vision.Rational{Num: 30000, Den: 1001}},
		{23.976, vision.Rational{Num: 24000, Den: 1001}},
		{60000.0 / 1001, vision.Rational{Num: 60000, Den: 1001}},
		{12.5, vision.Rational{Num: 25, Den: 2}},
		{7.5, vision.Rational{Num: 15, Den: 2}},
		{1.0 / 3, vision.Rational{Num: 1, Den: 3}},
		{0, vision.Rational{}},
		{-1, vision.Rational{}},
		{1e300, vision.Rational{}},
	} {
		if got := FrameRate(tc.fps); got != tc.want {
			t.Errorf("FrameRate(%v) = %v, want %v", tc.fps, got, tc.want)
		}
	}
}

func TestParsePattern(t *testing.T) {
	for _, s := range []string{"f/%05d.png", "%d.png", "a%%b_%3d.tif", "x%08d"} {
		if _, err := ParsePattern(s); err != nil {
			t.Errorf("ParsePattern(%q): %v", s, err)
		}
	}
	for _, s := range []string{"f.png", "%s.png", "%05d_%05d.png", "%x.png", "%-5d.png", "%123d.png", "a%%b.png", "%"} {
		if _, err := ParsePattern(s); err == nil {
			t.Errorf("ParsePattern(%q) accepted", s)
		}
	}
	p, _ := ParsePattern("dir/a%%_%04d.png")
	if got := p.Name(7); got != "dir/a%_0007.png" {
		t.Errorf("Name(7) = %q", got)
	}
}
