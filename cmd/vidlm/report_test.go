package main

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gocv.io/x/gocv"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/htmlpage/htmltest"
	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/report"
	"github.com/vidlm/vidlm/vision"
)

const cropBGR = "../../testdata/vtest_crop.bgr"

// encodeBGRCrop writes the BGR test crop as a .vlm through the library (the command line
// reads BGR through OpenCV inputs, which are not built yet).
func encodeBGRCrop(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(cropBGR)
	if err != nil {
		t.Fatal(err)
	}
	p := codec.VideoParams{Layout: vision.Layout{Width: 160, Height: 120, Format: vision.FormatBGR, Depth: 8},
		FrameRate: vision.Rational{Num: 25, Den: 1}, Source: codec.SourceOpenCV, Tiles: 4, Model: predict.DefaultVideoConfig()}
	var buf bytes.Buffer
	e, err := codec.NewVideoEncoder(&buf, p)
	if err != nil {
		t.Fatal(err)
	}
	n := p.Layout.FrameBytes()
	for i := 0; i+n <= len(data); i += n {
		f := vision.NewFrame(p.Layout)
		f.SetInterleaved(data[i : i+n])
		if err := e.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// framePayloads walks a .vlm's chunks (independently of the codec package) and returns the
// summed payload of its frame chunks and how many there are.
func framePayloads(t *testing.T, data []byte) (int64, int) {
	t.Helper()
	off := len(codec.Magic) + 2
	off += 4 + int(binary.LittleEndian.Uint32(data[off:])) + 4
	var sum int64
	n := 0
	for off < len(data)-16 {
		if string(data[off:off+2]) != "VC" {
			t.Fatalf("no chunk at offset %d", off)
		}
		size := int(binary.LittleEndian.Uint32(data[off+13:]))
		if data[off+2] == 'F' {
			sum += int64(size)
			n++
		}
		off += 17 + size + 4
	}
	return sum, n
}

// checkReport checks a report directory against the .vlm it describes and returns its
// metrics.
func checkReport(t *testing.T, dir, vlm string, frames int, videoFile string) *report.VideoMetrics {
	t.Helper()
	var m report.VideoMetrics
	raw, err := os.ReadFile(filepath.Join(dir, report.MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("metrics.json: %v", err)
	}
	data, err := os.ReadFile(vlm)
	if err != nil {
		t.Fatal(err)
	}
	payload, chunks := framePayloads(t, data)
	tot := &m.Totals
	if chunks != frames || m.Stream.Frames != frames || len(m.Frames) != frames {
		t.Fatalf("%d frame chunks, the report counts %d", chunks, m.Stream.Frames)
	}
	// The summed surprise is the payload within 1 %, and the report states both.
	if tot.PayloadBytes != payload || tot.FileBytes != int64(len(data)) {
		t.Errorf("report says payload %d, file %d; the .vlm holds %d and is %d bytes", tot.PayloadBytes, tot.FileBytes, payload, len(data))
	}
	if d := 100 * (float64(payload*8)/tot.SurpriseBits - 1); d < 0 || d > 1 || math.Abs(d-tot.PayloadOverSurprisePercent) > 1e-9 {
		t.Errorf("surprise %.0f bits against a payload of %d bytes: %+.3f%% (report: %+.3f%%)", tot.SurpriseBits, payload, d, tot.PayloadOverSurprisePercent)
	}
	t.Logf("%s: surprise %.1f bytes, payload %d (%+.3f%%), coder %d (%+.3f%%), file %d", filepath.Base(vlm), tot.SurpriseBytes,
		payload, tot.PayloadOverSurprisePercent, tot.CoderBytes, tot.CoderOverSurprisePercent, len(data))

	for _, name := range append([]string{report.CurveFile}, heatmapFiles(&m)...) {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		_, err = png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if len(m.Heatmaps) == 0 {
		t.Error("no heatmaps")
	}
	// index.html shows the curve and every heatmap and links only files that are there (the
	// heatmap video too, when one was written).
	htmltest.Check(t, dir, 1+len(m.Heatmaps))
	if page, _ := os.ReadFile(filepath.Join(dir, report.PageFile)); videoFile != "" && !strings.Contains(string(page), `href="`+videoFile+`"`) {
		t.Errorf("index.html does not link %s", videoFile)
	}
	f, err := os.Open(filepath.Join(dir, report.FramesFile))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != frames+1 || !strings.HasSuffix(rows[0][2], "_bytes") {
		t.Errorf("frames.csv: %d rows (want %d), %v", len(rows), frames+1, err)
	}
	if videoFile != "" {
		if m.HeatmapVideo != videoFile {
			t.Errorf("heatmap video %q, want %q", m.HeatmapVideo, videoFile)
		}
		checkVideo(t, filepath.Join(dir, videoFile), frames, 2*m.Stream.Width, m.Stream.Height)
	}
	return &m
}

func heatmapFiles(m *report.VideoMetrics) []string {
	var names []string
	for _, h := range m.Heatmaps {
		names = append(names, h.File)
	}
	return names
}

// checkVideo reads the heatmap video back through OpenCV.
func checkVideo(t *testing.T, path string, frames, w, h int) {
	t.Helper()
	vc, err := gocv.VideoCaptureFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer vc.Close()
	m := gocv.NewMat()
	defer m.Close()
	n := 0
	for vc.Read(&m) && !m.Empty() {
		if m.Cols() != w || m.Rows() != h {
			t.Fatalf("%s: frame %d is %dx%d, want %dx%d", path, n, m.Cols(), m.Rows(), w, h)
		}
		n++
	}
	if n != frames {
		t.Errorf("%s: %d frames read back, want %d", path, n, frames)
	}
}

func TestReport(t *testing.T) {
	dir := t.TempDir()
	y4m := filepath.Join(dir, "y.vlm")
	bgr := filepath.Join(dir, "bgr.vlm")
	if code, _, stderr := vidlmRun(t, nil, "encode", cropY4M, "-o", y4m); code != 0 {
		t.Fatal(stderr)
	}
	encodeBGRCrop(t, bgr)
	for _, c := range []struct {
		vlm, video, file string
	}{{y4m, "mjpg", "heatmap.avi"}, {bgr, "ffv1", "heatmap.mkv"}} {
		out := filepath.Join(dir, "rep-"+filepath.Base(c.vlm))
		code, _, stderr := vidlmRun(t, nil, "report", c.vlm, "-o", out, "--video", c.video)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stderr, "surprise") || !strings.Contains(stderr, "payloads") {
			t.Errorf("stderr does not state surprise and payload: %q", stderr)
		}
		m := checkReport(t, out, c.vlm, 10, c.file)
		if m.Trailer == nil || !m.Trailer.Matches {
			t.Errorf("trailer totals %+v do not match the decoder's", m.Trailer)
		}
		// info --json states the same totals without decoding.
		code, stdout, _ := vidlmRun(t, nil, "info", "--json", c.vlm)
		var info infoReport
		if err := json.Unmarshal([]byte(stdout), &info); code != 0 || err != nil {
			t.Fatalf("info --json: exit %d, %v", code, err)
		}
		s := info.Streams[0].Surprise
		if s == nil || math.Abs(s.SurpriseBits-m.Totals.SurpriseBits) > 1e-6 || s.PayloadBytes != m.Totals.PayloadBytes || len(s.PartBits) != len(m.Stream.Planes)+1 {
			t.Errorf("info --json surprise %+v, the report %+v", s, m.Totals.Agreement)
		}
	}
	// --frames and --every choose the heatmaps; --video none writes none.
	out := filepath.Join(dir, "chosen")
	if code, _, stderr := vidlmRun(t, nil, "report", y4m, "-o", out, "--frames", "2,5,99", "--video", "none"); code != 0 {
		t.Fatal(stderr)
	} else if !strings.Contains(stderr, "past the end") {
		t.Errorf("no warning about frame 99: %q", stderr)
	}
	m := checkReport(t, out, y4m, 10, "")
	if got := strings.Join(heatmapFiles(m), " "); got != "heatmap_00002.png heatmap_00005.png" || m.HeatmapVideo != "" {
		t.Errorf("--frames 2,5,99 --video none: %s, video %q", got, m.HeatmapVideo)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 6 {
		t.Errorf("%d files in the report, want 6 (curve, 2 heatmaps, metrics, frames, page)", len(entries))
	}
}

// TestEncodeReport: the .vlm is the same with and without --report, and the report made
// while encoding measures what `vidlm report` measures on the file.
func TestEncodeReport(t *testing.T) {
	dir := t.TempDir()
	plain, with := filepath.Join(dir, "plain.vlm"), filepath.Join(dir, "with.vlm")
	if code, _, stderr := vidlmRun(t, nil, "encode", cropY4M, "-o", plain, "--file-id", "1"); code != 0 {
		t.Fatal(stderr)
	}
	rep := filepath.Join(dir, "enc-report")
	if code, _, stderr := vidlmRun(t, nil, "encode", cropY4M, "-o", with, "--report", rep, "--report-every", "3", "--file-id", "1"); code != 0 {
		t.Fatal(stderr)
	}
	a, _ := os.ReadFile(plain)
	b, _ := os.ReadFile(with)
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Fatal("--report changes the .vlm")
	}
	m := checkReport(t, rep, with, 10, "heatmap.avi")
	if got := strings.Join(heatmapFiles(m), " "); got != "heatmap_00000.png heatmap_00003.png heatmap_00006.png heatmap_00009.png" {
		t.Errorf("--report-every 3: %s", got)
	}
	dec := filepath.Join(dir, "dec-report")
	if code, _, stderr := vidlmRun(t, nil, "report", with, "-o", dec, "--every", "3"); code != 0 {
		t.Fatal(stderr)
	}
	for _, name := range []string{report.FramesFile, "heatmap_00003.png", report.CurveFile} {
		x, _ := os.ReadFile(filepath.Join(rep, name))
		y, _ := os.ReadFile(filepath.Join(dec, name))
		if len(x) == 0 || !bytes.Equal(x, y) && name != report.CurveFile {
			t.Errorf("%s differs between encode --report and report", name)
		}
	}
}

// TestReportBadInput: bad input is one line on stderr, exit status 1, and no report left.
func TestReportBadInput(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.vlm")
	if code, _, stderr := vidlmRun(t, nil, "encode", cropY4M, "-o", good); code != 0 {
		t.Fatal(stderr)
	}
	data, _ := os.ReadFile(good)
	trunc := filepath.Join(dir, "trunc.vlm")
	os.WriteFile(trunc, data[:len(data)*2/3], 0o644)
	notDir := filepath.Join(dir, "file")
	os.WriteFile(notDir, []byte("x"), 0o644)
	full := filepath.Join(dir, "full")
	os.Mkdir(full, 0o755)
	os.WriteFile(filepath.Join(full, "keep"), []byte("x"), 0o644)

	before, _ := os.ReadDir(dir)
	for _, c := range []struct {
		name string
		args []string
		want string // in the message
	}{
		{"not a .vlm", []string{"report", cropY4M, "-o", filepath.Join(dir, "r1")}, "vtest_crop.y4m"},
		{"truncated", []string{"report", trunc, "-o", filepath.Join(dir, "r2")}, "trunc.vlm"},
		{"missing", []string{"report", filepath.Join(dir, "none.vlm"), "-o", filepath.Join(dir, "r3")}, "none.vlm"},
		{"unwritable -o", []string{"report", good, "-o", filepath.Join(notDir, "r4")}, "r4"},
		{"-o not empty", []string{"report", good, "-o", full}, "full"},
		{"encode, unwritable --report", []string{"encode", cropY4M, "-o", filepath.Join(dir, "x.vlm"), "--report", filepath.Join(notDir, "r5")}, "r5"},
		{"bad --video", []string{"report", good, "-o", filepath.Join(dir, "r6"), "--video", "h264"}, "h264"},
	} {
		code, _, stderr := vidlmRun(t, nil, c.args...)
		if code == 0 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q", c.name, code, stderr)
		}
		if c.name != "bad --video" && code != 1 {
			t.Errorf("%s: exit %d, want 1", c.name, code)
		}
	}
	after, _ := os.ReadDir(dir)
	if len(after) != len(before) {
		var names []string
		for _, e := range after {
			names = append(names, e.Name())
		}
		t.Errorf("bad runs left files behind: %v", names)
	}
	if entries, _ := os.ReadDir(full); len(entries) != 1 {
		t.Errorf("the existing report directory was changed")
	}
	if got, _ := os.ReadFile(good); !bytes.Equal(got, data) {
		t.Error("the input changed")
	}
}

// TestReportSensor: the report of a sensor log, made while encoding and from the .vlm, with
// the surprise beside the payload.
func TestReportSensor(t *testing.T) {
	dir := t.TempDir()
	vlm := filepath.Join(dir, "imu.vlm")
	encRep, decRep := filepath.Join(dir, "enc"), filepath.Join(dir, "dec")
	if code, _, stderr := vidlmRun(t, nil, "encode", "../../testdata/imu_fusion.csv", "-o", vlm, "--report", encRep); code != 0 {
		t.Fatalf("encode --report: exit %d: %s", code, stderr)
	}
	if code, _, stderr := vidlmRun(t, nil, "report", vlm, "-o", decRep); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	for _, f := range []string{"learning_curve.png", "columns.png", "columns.csv", "metrics.json"} {
		a, err1 := os.ReadFile(filepath.Join(encRep, f))
		b, err2 := os.ReadFile(filepath.Join(decRep, f))
		if err1 != nil || err2 != nil || len(a) == 0 {
			t.Fatalf("%s missing: %v %v", f, err1, err2)
		}
		if f == "columns.csv" && !bytes.Equal(a, b) {
			t.Errorf("columns.csv differs between the encoder's and the decoder's report")
		}
	}
	var m struct {
		Totals struct {
			SurpriseBits float64 `json:"surprise_bits"`
			PayloadBytes int64   `json:"payload_bytes"`
		} `json:"totals"`
	}
	raw, _ := os.ReadFile(filepath.Join(decRep, "metrics.json"))
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m.Totals.SurpriseBits <= 0 || m.Totals.PayloadBytes <= 0 {
		t.Fatalf("totals %+v", m.Totals)
	}
	if r := m.Totals.SurpriseBits / 8 / float64(m.Totals.PayloadBytes); r < 0.99 || r > 1.01 {
		t.Errorf("surprise %.0f bytes against payload %d: not within 1 %%", m.Totals.SurpriseBits/8, m.Totals.PayloadBytes)
	}
}
