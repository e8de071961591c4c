package cv

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gocv.io/x/gocv"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// testFrames returns n real frames of w×h for layout l: crops of vtest.avi, the window
// moving so that frames differ, in the given format and depth (testclip.Reformat).
func testFrames(t testing.TB, n, w, h int, format vision.PixelFormat, depth int) []*vision.Frame {
	t.Helper()
	c, err := OpenVideo(vtest)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var crops []*vision.Frame
	for i, src := range readFrames(t, c, n) {
		crops = append(crops, crop(src, 200+7*i, 150+3*i, w, h))
	}
	return testclip.Reformat(crops, format, depth)
}

// writeImage stores frame f with IMWrite, built from its interleaved bytes (little-endian
// 16-bit samples are the machine's order on every platform vidlm targets).
func writeImage(t testing.TB, path string, f *vision.Frame) {
	t.Helper()
	mt, err := matType(f.Layout)
	if err != nil {
		t.Fatal(err)
	}
	m, err := gocv.NewMatFromBytes(f.Height, f.Width, mt, vision.AppendInterleaved(nil, f))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if !gocv.IMWrite(path, m) {
		t.Fatalf("IMWrite %s failed", path)
	}
}

func sameFrames(t testing.TB, what string, got, want []*vision.Frame) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d frames, want %d", what, len(got), len(want))
	}
	for i := range want {
		if got[i].Layout != want[i].Layout {
			t.Fatalf("%s: frame %d is %s, want %s", what, i, describe(got[i].Layout), describe(want[i].Layout))
		}
		if !bytes.Equal(got[i].AppendRaw(nil), want[i].AppendRaw(nil)) {
			t.Fatalf("%s: frame %d differs", what, i)
		}
	}
}

// TestImagesRoundTrip writes gray and BGR sequences at 8 and 16 bits as PNG and TIFF, reads
// them back through OpenImages, and writes them again through PNGWriter: every sample must
// survive both ways.
func TestImagesRoundTrip(t *testing.T) {
	for _, format := range []vision.PixelFormat{vision.FormatGray, vision.FormatBGR} {
		for _, depth := range []int{8, 16} {
			for _, ext := range []string{".png", ".tif"} {
				name := fmt.Sprintf("%s%d%s", format, depth, ext)
				t.Run(name, func(t *testing.T) {
					frames := testFrames(t, 3, 48, 32, format, depth)
					dir := t.TempDir()
					for i, f := range frames {
						writeImage(t, filepath.Join(dir, fmt.Sprintf("in_%04d%s", i+1, ext)), f)
					}
					s, err := OpenImages(filepath.Join(dir, "in_%04d"+ext))
					if err != nil {
						t.Fatal(err)
					}
					if s.Total() != 3 || s.Layout() != frames[0].Layout {
						t.Fatalf("total %d layout %+v", s.Total(), s.Layout())
					}
					got := readFrames(t, s, 10)
					sameFrames(t, "read", got, frames)

					files := map[string][]byte{}
					w, err := NewPNGWriter(filepath.Join(dir, "out_%03d.png"), s.Layout(), func(name string, data []byte) error {
						files[name] = data
						return os.WriteFile(name, data, 0o644)
					})
					if err != nil {
						t.Fatal(err)
					}
					for _, f := range got {
						if err := w.WriteFrame(f); err != nil {
							t.Fatal(err)
						}
					}
					w.Close()
					if _, ok := files[filepath.Join(dir, "out_001.png")]; !ok || len(files) != 3 {
						t.Fatalf("PNGWriter wrote %d files, want out_001.png .. out_003.png", len(files))
					}
					s2, err := OpenImages(filepath.Join(dir, "out_%03d.png"))
					if err != nil {
						t.Fatal(err)
					}
					sameFrames(t, "written", readFrames(t, s2, 10), frames)
				})
			}
		}
	}
}

// TestImagesStart checks that a sequence starts at 0 when there is a file 0 and at 1
// otherwise, ends at the first missing file, and that one image opens as one frame.
func TestImagesStart(t *testing.T) {
	frames := testFrames(t, 4, 16, 16, vision.FormatBGR, 8)
	dir := t.TempDir()
	for _, i := range []int{0, 1, 3} { // 2 missing: the sequence is 0, 1
		writeImage(t, filepath.Join(dir, fmt.Sprintf("a%d.png", i)), frames[i])
	}
	for _, i := range []int{1, 2} {
		writeImage(t, filepath.Join(dir, fmt.Sprintf("b%02d.png", i)), frames[i])
	}
	s, err := OpenImages(filepath.Join(dir, "a%d.png"))
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, "a%d", readFrames(t, s, 10), frames[:2])
	s, err = OpenImages(filepath.Join(dir, "b%02d.png"))
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, "b%02d", readFrames(t, s, 10), frames[1:3])
	one, err := OpenImage(filepath.Join(dir, "a3.png"))
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, "a3.png", readFrames(t, one, 10), frames[3:4])
}

// TestImagesErrors: pictures that cannot join the sequence are named with their file and frame.
func TestImagesErrors(t *testing.T) {
	bgr := testFrames(t, 2, 32, 24, vision.FormatBGR, 8)
	small := testFrames(t, 1, 30, 24, vision.FormatBGR, 8)[0]
	gray := testFrames(t, 1, 32, 24, vision.FormatGray, 8)[0]
	deep := testFrames(t, 1, 32, 24, vision.FormatBGR, 16)[0]
	dir := t.TempDir()
	for _, tc := range []struct {
		name  string
		third *vision.Frame
		want  string
	}{
		{"size", small, "is 30x24 bgr 8-bit, the first frame"},
		{"channels", gray, "is 32x24 gray 8-bit, the first frame"},
		{"depth", deep, "is 32x24 bgr 16-bit, the first frame"},
	} {
		pattern := filepath.Join(dir, tc.name+"_%d.png")
		writeImage(t, fmt.Sprintf(pattern, 0), bgr[0])
		writeImage(t, fmt.Sprintf(pattern, 1), bgr[1])
		writeImage(t, fmt.Sprintf(pattern, 2), tc.third)
		s, err := OpenImages(pattern)
		if err != nil {
			t.Fatal(err)
		}
		readFrames(t, s, 2)
		_, err = s.ReadFrame()
		fe, ok := err.(*FrameError)
		if !ok || fe.Frame != 2 || fe.File != fmt.Sprintf(pattern, 2) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want frame 2 of %s: %s", tc.name, err, fmt.Sprintf(pattern, 2), tc.want)
		}
	}

	// An alpha channel, a file that is no image, no file at all.
	bgra := gocv.NewMatWithSize(8, 8, gocv.MatTypeCV8UC4)
	defer bgra.Close()
	gocv.IMWrite(filepath.Join(dir, "alpha.png"), bgra)
	os.WriteFile(filepath.Join(dir, "text_1.png"), []byte("not a picture"), 0o644)
	for _, tc := range []struct{ spec, want string }{
		{filepath.Join(dir, "alpha.png"), "alpha is not supported"},
		{filepath.Join(dir, "text_%d.png"), "text_1.png: OpenCV cannot read it as an image"},
		{filepath.Join(dir, "none_%03d.png"), "no file matches (neither " + filepath.Join(dir, "none_000.png")},
		{filepath.Join(dir, "two_%d_%d.png"), "exactly one"},
	} {
		var err error
		if IsPattern(tc.spec) {
			_, err = OpenImages(tc.spec)
		} else {
			_, err = OpenImage(tc.spec)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.spec, err, tc.want)
		}
	}
}
