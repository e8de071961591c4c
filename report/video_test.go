package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/htmlpage/htmltest"
	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// crop returns the frames and stream parameters of a test clip: "y4m" or "bgr".
func crop(t testing.TB, kind string) ([]*vision.Frame, codec.VideoParams) {
	t.Helper()
	p := codec.VideoParams{FrameRate: vision.Rational{Num: 25, Den: 1}, Tiles: 2, Model: predict.DefaultVideoConfig()}
	var frames []*vision.Frame
	switch kind {
	case "y4m":
		var r *vision.Y4MReader
		r, frames = testclip.Y4M(t, "../testdata/vtest_crop.y4m")
		p.Layout, p.Source, p.Y4MHeader = r.Header.Layout, codec.SourceY4M, r.Header.Line
	case "bgr":
		frames = testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)
		p.Layout, p.Source = frames[0].Layout, codec.SourceOpenCV
	}
	return frames, p
}

// fakeVideo records the pictures of the heatmap video.
type fakeVideo struct {
	l      vision.Layout
	frames int
	closed bool
}

func (f *fakeVideo) WriteFrame(fr *vision.Frame) error {
	if fr.Layout != f.l {
		return io.ErrShortWrite
	}
	f.frames++
	return nil
}

func (f *fakeVideo) Close() error { f.closed = true; return nil }

// encodeWithReport encodes frames and builds the report while encoding, as `vidlm encode
// --report` does.
func encodeWithReport(t *testing.T, frames []*vision.Frame, p codec.VideoParams, dir string, o VideoOptions) ([]byte, *VideoMetrics) {
	t.Helper()
	d, err := CreateDir(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := NewVideo(d, &p, o)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	e, err := codec.NewVideoEncoder(&buf, p, codec.WithPixelCosts())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range frames {
		if err := e.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
		if err := rep.AddFrame(e.Stats(), f); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	m, err := rep.Finish(int64(buf.Len()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	// The page shows the learning curve and every heatmap, and names only files that exist.
	htmltest.Check(t, dir, 1+len(m.Heatmaps))
	return buf.Bytes(), m
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

func TestVideoReport(t *testing.T) {
	for _, kind := range []string{"y4m", "bgr"} {
		t.Run(kind, func(t *testing.T) {
			frames, p := crop(t, kind)
			dir := filepath.Join(t.TempDir(), "rep")
			var video *fakeVideo
			o := VideoOptions{Input: kind, VideoName: "heatmap.avi", OpenVideo: func(path string, l vision.Layout, rate vision.Rational) (vision.FrameSink, error) {
				if rate.Float() != 25 {
					t.Errorf("video at %v fps, the stream has 25", rate)
				}
				video = &fakeVideo{l: l}
				return video, nil
			}}
			data, m := encodeWithReport(t, frames, p, dir, o)

			if video == nil || video.frames != len(frames) || !video.closed || video.l.Width != 2*160 || video.l.Height != 120 || video.l.Format != vision.FormatBGR {
				t.Fatalf("heatmap video: %+v", video)
			}
			// Default picks: the first, the second and the last frame (10 frames are too few
			// for a jump over the 10 before).
			var got []int
			for _, h := range m.Heatmaps {
				got = append(got, h.Frame)
				img := decodePNG(t, filepath.Join(dir, h.File))
				if b := img.Bounds(); b.Dx() < 2*320 || b.Dy() < 240 {
					t.Errorf("%s is %v, smaller than two enlarged frames", h.File, b)
				}
			}
			if !slices.Equal(got, []int{0, 1, len(frames) - 1}) {
				t.Errorf("heatmaps of frames %v", got)
			}
			if img := decodePNG(t, filepath.Join(dir, CurveFile)); img.Bounds().Dx() != 1000 {
				t.Errorf("learning curve is %v", img.Bounds())
			}

			// metrics.json: totals that add up and agree with the payload.
			var mj VideoMetrics
			raw, err := os.ReadFile(filepath.Join(dir, MetricsFile))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &mj); err != nil {
				t.Fatal(err)
			}
			if mj.Stream.Frames != len(frames) || len(mj.Frames) != len(frames) || mj.Units["*_bits"] == "" {
				t.Fatalf("metrics.json: %d frames, units %v", len(mj.Frames), mj.Units)
			}
			info, err := codec.ReadInfo(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			tot := info.Index[0].Surprise
			if math.Abs(mj.Totals.SurpriseBits-tot.Bits()) > 1e-6*tot.Bits() || mj.Totals.PayloadBytes != int64(tot.PayloadBytes) || mj.Totals.FileBytes != int64(len(data)) {
				t.Errorf("totals %+v, the trailer %+v", mj.Totals.Agreement, tot)
			}
			var sum float64
			for _, b := range mj.Totals.PlaneBits {
				sum += b
			}
			if math.Abs(sum+mj.Totals.MotionBits-mj.Totals.SurpriseBits) > 1e-6*sum {
				t.Errorf("planes %.1f + motion %.1f bits != total %.1f", sum, mj.Totals.MotionBits, mj.Totals.SurpriseBits)
			}
			if d := mj.Totals.PayloadOverSurprisePercent; d < 0 || d > 1 {
				t.Errorf("payload %d bytes is %+.3f%% off the surprise %.0f bits", mj.Totals.PayloadBytes, d, mj.Totals.SurpriseBits)
			}
			t.Logf("%s: surprise %.0f bytes, coder %d (%+.3f%%), payload %d (%+.3f%%), file %d (%+.3f%%)", kind,
				mj.Totals.SurpriseBytes, mj.Totals.CoderBytes, mj.Totals.CoderOverSurprisePercent,
				mj.Totals.PayloadBytes, mj.Totals.PayloadOverSurprisePercent, mj.Totals.FileBytes, mj.Totals.FileOverSurprisePercent)

			// frames.csv: a header with units and one row per frame, matching the JSON.
			f, err := os.Open(filepath.Join(dir, FramesFile))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := csv.NewReader(f).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(frames)+1 || rows[0][2] != "payload_bytes" || rows[0][len(rows[0])-2] != "surprise_bits_per_pixel" {
				t.Fatalf("frames.csv: %d rows, header %v", len(rows), rows[0])
			}
			var payload int64
			for i, r := range rows[1:] {
				n, _ := strconv.Atoi(r[0])
				b, _ := strconv.ParseInt(r[2], 10, 64)
				if n != i || int(b) != mj.Frames[i].PayloadBytes {
					t.Errorf("frames.csv row %d: %v", i, r)
				}
				payload += b
			}
			if payload != mj.Totals.PayloadBytes {
				t.Errorf("frames.csv sums to %d payload bytes, metrics.json says %d", payload, mj.Totals.PayloadBytes)
			}
		})
	}
}

// TestHeatmapSumsToFrameCost: the heatmap spreads the cost of subsampled samples over the
// pixels they cover without losing or adding any.
func TestHeatmapSumsToFrameCost(t *testing.T) {
	frames, p := crop(t, "y4m")
	e, err := codec.NewVideoEncoder(io.Discard, p, codec.WithPixelCosts())
	if err != nil {
		t.Fatal(err)
	}
	h := newHeatmapper(8)
	sizes := p.Layout.Planes()
	var shift [][2]uint
	for _, s := range sizes {
		shift = append(shift, vision.Subsampling(s, sizes[0]))
	}
	heat := make([]float32, 160*120)
	for i, f := range frames[:3] {
		if err := e.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
		s := e.Stats()
		h.accumulate(heat, s.PixelCost, sizes, shift, 160, 120)
		var sum float64
		for _, v := range heat {
			sum += float64(v)
		}
		var want uint64
		for _, c := range s.PlaneCost {
			want += c
		}
		if math.Abs(sum-bits(want)) > 1e-4*bits(want) {
			t.Errorf("frame %d: heatmap sums to %.2f bits, the planes cost %.2f", i, sum, bits(want))
		}
	}
}

// TestChosenFrames: --frames and --every pick the heatmaps, frames past the end are listed
// as missing, and a spike is found once there are enough frames before it.
func TestChosenFrames(t *testing.T) {
	frames, p := crop(t, "y4m")
	dir := filepath.Join(t.TempDir(), "a")
	_, m := encodeWithReport(t, frames, p, dir, VideoOptions{Frames: []int{3, 0, 42}})
	var got []int
	for _, h := range m.Heatmaps {
		got = append(got, h.Frame)
	}
	if !slices.Equal(got, []int{0, 3}) || !slices.Equal(m.MissingFrames, []int{42}) {
		t.Errorf("--frames 3,0,42: heatmaps %v, missing %v", got, m.MissingFrames)
	}
	_, m = encodeWithReport(t, frames, p, filepath.Join(t.TempDir(), "b"), VideoOptions{Every: 4})
	got = got[:0]
	for _, h := range m.Heatmaps {
		got = append(got, h.Frame)
	}
	if !slices.Equal(got, []int{0, 4, 8}) {
		t.Errorf("--every 4: heatmaps %v", got)
	}

	// Repeat the clip so there are frames enough; the jump back to the first frame is the
	// spike.
	long := append(slices.Clone(frames), frames...)
	_, m = encodeWithReport(t, long, p, filepath.Join(t.TempDir(), "c"), VideoOptions{})
	got = got[:0]
	for _, h := range m.Heatmaps {
		got = append(got, h.Frame)
	}
	if !slices.Equal(got, []int{0, 1, 10, 19}) {
		t.Errorf("default choice on the doubled clip: heatmaps %v (%+v)", got, m.Heatmaps)
	}
}

func TestCreateDir(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if _, err := CreateDir(file, true); err == nil {
		t.Error("a report over a file was accepted")
	}
	if _, err := CreateDir(filepath.Join(file, "rep"), false); err == nil {
		t.Error("a report under a file was accepted")
	}
	full := filepath.Join(tmp, "full")
	os.Mkdir(full, 0o755)
	os.WriteFile(filepath.Join(full, "old"), []byte("x"), 0o644)
	if _, err := CreateDir(full, false); err == nil {
		t.Error("a non-empty directory was replaced without force")
	}
	d, err := CreateDir(full, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("new", func(w io.Writer) error { _, err := w.Write([]byte("y")); return err }); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(full, "new")); err == nil {
		t.Error("a file appeared before Commit")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	names, _ := readNames(full)
	all, _ := os.ReadDir(tmp)
	if _, err := os.Stat(filepath.Join(full, "old")); err == nil || len(names) != 1 || len(all) != 2 {
		t.Errorf("after Commit: %v in the report, %d entries beside it", names, len(all))
	}
	d, _ = CreateDir(filepath.Join(tmp, "aborted"), false)
	d.WriteFile("x", func(w io.Writer) error { return nil })
	d.Abort()
	if all, _ := os.ReadDir(tmp); len(all) != 2 {
		t.Errorf("Abort left %d entries", len(all))
	}
}

// TestEmptyStream: a stream without frames (a y4m header alone is valid) still gets a report.
func TestEmptyStream(t *testing.T) {
	_, p := crop(t, "y4m")
	dir := filepath.Join(t.TempDir(), "empty")
	_, m := encodeWithReport(t, nil, p, dir, VideoOptions{})
	if m.Stream.Frames != 0 || len(m.Frames) != 0 || len(m.Heatmaps) != 0 || m.Totals.SurpriseBits != 0 {
		t.Errorf("empty stream: %+v", m)
	}
	decodePNG(t, filepath.Join(dir, CurveFile))
}
