package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
	"github.com/vidlm/vidlm/vision/cv"
)

const vtestAVI = "/usr/share/doc/opencv-doc/examples/data/vtest.avi"

// vidlm runs the command line in-process and returns its exit status and stderr.
func vidlm(t testing.TB, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stderr.String()
}

func mustVidlm(t testing.TB, args ...string) {
	t.Helper()
	if code, msg := vidlm(t, args...); code != 0 {
		t.Fatalf("vidlm %s: exit %d: %s", strings.Join(args, " "), code, msg)
	}
}

// readAll reads every frame of src and closes it.
func readAll(t testing.TB, src vision.FrameSource, err error) []*vision.Frame {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var out []*vision.Frame
	for {
		f, err := src.ReadFrame()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
}

func interleaved(frames []*vision.Frame) []byte {
	var b []byte
	for _, f := range frames {
		b = vision.AppendInterleaved(b, f)
	}
	return b
}

// TestOpenCVVideoRoundTrip encodes the first frames of vtest.avi from the .avi and decodes
// them to FFV1 .mkv and to a PNG pattern: each must give back, byte for byte, what OpenCV's
// VideoCapture gives from the original. (.raw output is checked on the image sequences
// below, which cost less to code.)
func TestOpenCVVideoRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("slow end-to-end test; runs without -short")
	}
	const n = 5 // 768x576: a few seconds of coding
	c, err := cv.OpenVideo(vtestAVI)
	want := readAll(t, c, err)[:n]
	dir := t.TempDir()
	vlm := filepath.Join(dir, "v.vlm")
	mustVidlm(t, "encode", "-q", vtestAVI, "--frames", fmt.Sprint(n), "-o", vlm)
	mustVidlm(t, "decode", "-q", vlm, "-o", filepath.Join(dir, "v.mkv"))
	mustVidlm(t, "decode", "-q", vlm, "-o", filepath.Join(dir, "v_%05d.png"))
	mkv, err := cv.OpenVideo(filepath.Join(dir, "v.mkv"))
	if r := mkv.FrameRate(); r != (vision.Rational{Num: 10, Den: 1}) {
		t.Errorf(".mkv frame rate %v, want vtest.avi's 10:1", r)
	}
	if got := readAll(t, mkv, err); !bytes.Equal(interleaved(got), interleaved(want)) {
		t.Errorf(".mkv: %d frames read back through VideoCapture differ from the original's %d", len(got), n)
	}
	if _, err := os.Stat(filepath.Join(dir, "v_00001.png")); err != nil {
		t.Error("the PNG sequence does not start at 1:", err)
	}
	png, err := cv.OpenImages(filepath.Join(dir, "v_%05d.png"))
	if got := readAll(t, png, err); !bytes.Equal(interleaved(got), interleaved(want)) {
		t.Errorf("PNG: %d frames read back through IMRead differ from the original's %d", len(got), n)
	}
	noTemporaries(t, dir)
}

// noTemporaries fails if a run left a temporary output behind.
func noTemporaries(t testing.TB, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), "vidlm-tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// cropFrames returns the 10 real frames of testdata/vtest_crop.bgr (160x120, as OpenCV
// decodes vtest.avi) in the given format and depth (testclip.Reformat).
func cropFrames(t testing.TB, format vision.PixelFormat, depth int) []*vision.Frame {
	t.Helper()
	return testclip.Reformat(testclip.BGR(t, "../../testdata/vtest_crop.bgr", 160, 120), format, depth)
}

// writePNGs stores frames as a PNG sequence numbered from 1.
func writePNGs(t testing.TB, pattern string, frames []*vision.Frame) {
	t.Helper()
	w, err := cv.NewPNGWriter(pattern, frames[0].Layout, func(name string, data []byte) error {
		return os.WriteFile(name, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, f := range frames {
		if err := w.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
	}
}

// TestImageSequenceRoundTrip encodes PNG sequences, gray and BGR at 8 and 16 bits, and
// decodes them to PNG, .raw (interleaved samples, little-endian) and FFV1 .mkv: every
// sample must come back.
func TestImageSequenceRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("slow end-to-end test; runs without -short")
	}
	for _, tc := range []struct {
		format vision.PixelFormat
		depth  int
		pixFmt string // as ffmpeg reads the .mkv back
	}{
		{vision.FormatGray, 8, "gray"},
		{vision.FormatBGR, 8, "bgr24"},
		{vision.FormatGray, 16, "gray16le"},
		{vision.FormatBGR, 16, "gbrp16le"},
	} {
		t.Run(fmt.Sprintf("%s%d", tc.format, tc.depth), func(t *testing.T) {
			frames := cropFrames(t, tc.format, tc.depth)[:4]
			dir := t.TempDir()
			writePNGs(t, filepath.Join(dir, "in_%03d.png"), frames)
			vlm := filepath.Join(dir, "s.vlm")
			mustVidlm(t, "encode", "-q", filepath.Join(dir, "in_%03d.png"), "-o", vlm)
			mustVidlm(t, "decode", "-q", vlm, "-o", filepath.Join(dir, "out_%04d.png"))
			mustVidlm(t, "decode", "-q", vlm, "-o", filepath.Join(dir, "s.raw"))
			mustVidlm(t, "decode", "-q", vlm, "-o", filepath.Join(dir, "s.mkv"))

			s, err := cv.OpenImages(filepath.Join(dir, "out_%04d.png"))
			if got := readAll(t, s, err); !bytes.Equal(interleaved(got), interleaved(frames)) {
				t.Errorf("PNG: %d frames differ from the %d encoded", len(got), len(frames))
			}
			raw, err := os.ReadFile(filepath.Join(dir, "s.raw"))
			if err != nil || !bytes.Equal(raw, interleaved(frames)) {
				t.Errorf(".raw differs from the interleaved samples (%v)", err)
			}
			got, err := exec.Command("ffmpeg", "-v", "error", "-i", filepath.Join(dir, "s.mkv"), "-f", "rawvideo", "-pix_fmt", tc.pixFmt, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			var want []byte
			for _, f := range frames {
				switch tc.pixFmt {
				case "gbrp16le":
					g := *f
					g.Planes = [][]uint16{f.Planes[1], f.Planes[0], f.Planes[2]}
					want = g.AppendRaw(want)
				default:
					want = vision.AppendInterleaved(want, f)
				}
			}
			if !bytes.Equal(got, want) {
				t.Errorf(".mkv read back as %s differs", tc.pixFmt)
			}
			noTemporaries(t, dir)
		})
	}
}

// TestOpenCVBadInput: each mistake gets one line naming the file (and frame), exit status 1
// or 2, and leaves no output behind.
func TestOpenCVBadInput(t *testing.T) {
	dir := t.TempDir()
	frames := cropFrames(t, vision.FormatBGR, 8)
	writePNGs(t, filepath.Join(dir, "ok_%d.png"), frames[:3])
	writePNGs(t, filepath.Join(dir, "grow_%d.png"), frames[:2])
	big := vision.NewFrame(vision.Layout{Width: 176, Height: 120, Format: vision.FormatBGR, Depth: 8})
	os.Rename(filepath.Join(dir, "ok_3.png"), filepath.Join(dir, "keep.png"))
	w, _ := cv.NewPNGWriter(filepath.Join(dir, "grow_3.png"), big.Layout, func(name string, data []byte) error {
		return os.WriteFile(name, data, 0o644)
	})
	w.WriteFrame(big)
	w.Close()
	os.WriteFile(filepath.Join(dir, "junk.xyz"), []byte("no video here\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "junk.avi"), []byte("RIFF, but not really\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "junk.bin"), []byte("\x00\x01binary\n"), 0o644)
	yuv := filepath.Join(dir, "yuv.vlm")
	mustVidlm(t, "encode", "-q", "../../testdata/vtest_crop.y4m", "--frames", "2", "-o", yuv)
	bgr := filepath.Join(dir, "bgr.vlm")
	mustVidlm(t, "encode", "-q", filepath.Join(dir, "ok_%d.png"), "-o", bgr)
	out := filepath.Join(dir, "out.vlm")
	// A .vlm cut short: its frames decode, its trailer (with the checksum) is missing, so a
	// PNG sequence already written must vanish.
	whole, err := os.ReadFile(bgr)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.vlm")
	os.WriteFile(cut, whole[:len(whole)-20], 0o644)

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"encode", filepath.Join(dir, "missing.avi"), "-o", out}, 1, "open " + filepath.Join(dir, "missing.avi") + ": no such file"},
		{[]string{"encode", filepath.Join(dir, "junk.xyz"), "-o", out}, 1, "junk.xyz: OpenCV cannot open it as a video (unknown or unsupported format); if it is a text log, add --kind sensor"},
		{[]string{"encode", filepath.Join(dir, "junk.bin"), "-o", out}, 1, "junk.bin: OpenCV cannot open it as a video (unknown or unsupported format)\n"},
		{[]string{"encode", filepath.Join(dir, "junk.avi"), "-o", out}, 1, "junk.avi: OpenCV cannot open it as a video"},
		{[]string{"encode", filepath.Join(dir, "none_%05d.png"), "-o", out}, 1, "none_%05d.png: no file matches"},
		{[]string{"encode", filepath.Join(dir, "grow_%d.png"), "-o", out}, 1, "frame 2 (" + filepath.Join(dir, "grow_3.png") + "): is 176x120 bgr 8-bit, the first frame"},
		{[]string{"encode", "cam:x", "-o", out}, 2, "cam:x: a camera is cam:N"},
		{[]string{"decode", yuv, "-o", filepath.Join(dir, "f_%03d.png")}, 1, "PNG holds gray or BGR, not yuv420"},
		{[]string{"decode", yuv, "-o", filepath.Join(dir, "f_%03d.jpg")}, 2, "written as PNG"},
		{[]string{"decode", bgr, "-o", filepath.Join(dir, "keep.png")}, 1, "keep.png: already exists"},
		{[]string{"decode", bgr, "-o", filepath.Join(dir, "single.png")}, 1, "single.png: the stream has more than one frame"},
		{[]string{"decode", cut, "-o", filepath.Join(dir, "cut_%03d.png")}, 1, "cut.vlm: "},
	} {
		before, _ := os.ReadDir(dir)
		code, msg := vidlm(t, tc.args...)
		if code != tc.code || !strings.Contains(msg, tc.want) || strings.Count(msg, "\n") != 1 {
			t.Errorf("vidlm %s: exit %d, %q; want exit %d and one line with %q", strings.Join(tc.args, " "), code, msg, tc.code, tc.want)
		}
		if after, _ := os.ReadDir(dir); len(after) != len(before) {
			t.Errorf("vidlm %s left %d files behind", strings.Join(tc.args, " "), len(after)-len(before))
		}
	}
	noTemporaries(t, dir)
}

// fakeCamera is a camera that never runs out of frames: it loops over real frames, and
// interrupts the recording (as Ctrl-C does) while delivering frame stopAt.
type fakeCamera struct {
	frames []*vision.Frame
	read   int
	stopAt int
	stop   context.CancelFunc
}

func (c *fakeCamera) Layout() vision.Layout      { return c.frames[0].Layout }
func (c *fakeCamera) FrameRate() vision.Rational { return vision.Rational{Num: 30, Den: 1} }
func (c *fakeCamera) Close() error               { return nil }
func (c *fakeCamera) ReadFrame() (*vision.Frame, error) {
	f := c.frames[c.read%len(c.frames)]
	if c.read++; c.read == c.stopAt {
		c.stop()
	}
	return f, nil
}

// TestCameraInterrupt: Ctrl-C ends a camera recording with a complete, valid file holding
// every frame read until then, and exit status 0.
func TestCameraInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cam := &fakeCamera{frames: cropFrames(t, vision.FormatBGR, 8), stopAt: 13, stop: cancel}
	saved := openCamera
	openCamera = func(context.Context, int) (vision.FrameSource, error) { return cam, nil }
	defer func() { openCamera = saved }()

	dir := t.TempDir()
	vlm := filepath.Join(dir, "rec.vlm")
	if code, _, stderr := cli(t, ctx, nil, "encode", "cam:0", "-o", vlm, "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	raw := filepath.Join(dir, "rec.raw")
	if code, _, stderr := cli(t, context.Background(), nil, "decode", vlm, "-o", raw, "-q"); code != 0 {
		t.Fatalf("decode: exit %d: %s", code, stderr)
	}
	got, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	var want []byte
	for i := 0; i < 13; i++ {
		want = vision.AppendInterleaved(want, cam.frames[i%len(cam.frames)])
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("the recording decodes to %d bytes, want the %d of the 13 frames read", len(got), len(want))
	}
}
