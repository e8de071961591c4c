package cv

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// y4mFrames reads testdata/vtest_crop.y4m: 10 real yuv420p frames of 160x120.
func y4mFrames(t testing.TB) []*vision.Frame {
	t.Helper()
	_, frames := testclip.Y4M(t, "../../testdata/vtest_crop.y4m")
	return frames
}

// widen makes a deeper copy of 8-bit frames: samples shifted up, the low bits taken from
// the next plane, so that every bit of the new depth is used.
func widen(in []*vision.Frame, depth int) []*vision.Frame {
	var out []*vision.Frame
	for _, f := range in {
		l := f.Layout
		l.Depth = depth
		g := vision.NewFrame(l)
		for k, p := range g.Planes {
			next := f.Planes[(k+1)%len(f.Planes)]
			for i := range p {
				p[i] = f.Planes[k][i]<<(depth-8) | next[i%len(next)]>>(16-depth)
			}
		}
		out = append(out, g)
	}
	return out
}

// TestFFmpegWriterLossless pipes YUV, 16-bit gray and 16-bit BGR frames through ffmpeg into
// FFV1 and reads them back with ffmpeg: the stored pixel format must be the frames' own and
// every byte must survive.
func TestFFmpegWriterLossless(t *testing.T) {
	yuv := y4mFrames(t)[:4]
	for _, tc := range []struct {
		pixFmt, ext string
		frames      []*vision.Frame
	}{
		{"yuv420p", ".mkv", yuv},
		{"yuv420p10le", ".mkv", widen(yuv, 10)},
		{"gray16le", ".mkv", testFrames(t, 3, 48, 32, vision.FormatGray, 16)},
		{"gray10le", ".avi", widen(testFrames(t, 3, 48, 32, vision.FormatGray, 8), 10)},
		{"gbrp16le", ".avi", testFrames(t, 3, 48, 32, vision.FormatBGR, 16)},
	} {
		pixFmt, ext, frames := tc.pixFmt, tc.ext, tc.frames
		t.Run(pixFmt+ext, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "out"+ext)
			if got, err := vision.FFmpegPixFmt(frames[0].Layout); err != nil || got != pixFmt {
				t.Fatalf("vision.FFmpegPixFmt(%+v) = %q, %v; want %q", frames[0].Layout, got, err, pixFmt)
			}
			w, err := NewFFmpegWriter(path, frames[0].Layout, vision.Rational{Num: 30000, Den: 1001})
			if err != nil {
				t.Fatal(err)
			}
			var want []byte
			for _, f := range frames {
				if err := w.WriteFrame(f); err != nil {
					t.Fatal(err)
				}
				want = vision.AppendFFmpegRaw(want, f)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			probe, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0",
				"-show_entries", "stream=codec_name,pix_fmt,r_frame_rate", "-of", "csv=p=0", path).Output()
			if err != nil {
				t.Fatal(err)
			}
			if wantProbe := "ffv1," + storedPixFmt(pixFmt) + ",30000/1001"; strings.TrimSpace(string(probe)) != wantProbe {
				t.Errorf("%s%s: ffprobe says %q, want %q", pixFmt, ext, strings.TrimSpace(string(probe)), wantProbe)
			}
			got, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", pixFmt, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s%s: %d bytes read back differ from the %d written", pixFmt, ext, len(got), len(want))
			}
		})
	}
}
