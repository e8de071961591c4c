package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/bench"
	"github.com/vidlm/vidlm/codec"
)

const cropY4M = "../../testdata/vtest_crop.y4m"

// vidlmRun runs the command line in-process and returns its exit status, stdout and stderr.
func vidlmRun(t *testing.T, stdin []byte, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, bytes.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func benchJSON(t *testing.T, args ...string) *bench.Report {
	t.Helper()
	code, out, stderr := vidlmRun(t, nil, append([]string{"bench", "-q", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("bench %v: exit %d: %s", args, code, stderr)
	}
	var rep bench.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("bench --json output does not parse: %v\n%s", err, out)
	}
	return &rep
}

func rowOf(t *testing.T, rep *bench.Report, tool string) bench.Row {
	t.Helper()
	for _, r := range rep.Rows {
		if r.Tool == tool {
			return r
		}
	}
	t.Fatalf("no row %q in %+v", tool, rep.Rows)
	return bench.Row{}
}

// TestBenchVideo runs every tool on the 10-frame clip: vidlm's round trip must hold and its
// size must be what `vidlm encode` writes; every reference tool that is installed must
// restore the frames exactly.
func TestBenchVideo(t *testing.T) {
	if testing.Short() {
		t.Skip("slow end-to-end test; runs without -short")
	}
	tmp := t.TempDir()
	rep := benchJSON(t, cropY4M, "--preset", "fast", "--tmpdir", tmp, "--threads", "2")
	if rep.Kind != bench.Video || rep.Frames != 10 || rep.Width != 160 || rep.Height != 120 || rep.Format != "yuv420" ||
		rep.PixelUnit != "luma pixel" || rep.RawBytes != 10*160*120*3/2 || rep.Pixels != 10*160*120 || rep.Reference != "vidlm fast" {
		t.Errorf("report header: %+v", rep)
	}
	if n := len(rep.Rows); n != 8 {
		t.Fatalf("%d rows, want vidlm fast and 7 reference tools", n)
	}
	for _, tool := range []string{"x264 lossless veryslow", "x264 lossless medium", "x265 lossless medium", "x265 lossless slow"} {
		rowOf(t, rep, tool) // every external tool's row names its preset
	}
	v := rowOf(t, rep, "vidlm fast")
	if v.Status != bench.StatusOK || v.RoundTrip != bench.RoundTripOK || v.Relative != 1 {
		t.Errorf("vidlm row: %+v", v)
	}
	vlm := filepath.Join(tmp, "crop.vlm")
	if code, _, stderr := vidlmRun(t, nil, "encode", "-q", "--preset", "fast", cropY4M, "-o", vlm); code != 0 {
		t.Fatal(stderr)
	}
	if st, err := os.Stat(vlm); err != nil {
		t.Error(err)
	} else if st.Size() != v.Bytes {
		t.Errorf("bench says vidlm fast writes %d bytes, vidlm encode wrote %d", v.Bytes, st.Size())
	}
	if want := float64(v.Bytes) * 8 / float64(rep.Pixels); v.BitsPerPixel != want {
		t.Errorf("bits per pixel %v, want %v", v.BitsPerPixel, want)
	}
	os.Remove(vlm)
	_, ffmpegErr := exec.LookPath("ffmpeg")
	for _, r := range rep.Rows[1:] {
		program := "ffmpeg"
		if strings.HasPrefix(r.Tool, "zstd") {
			program = "zstd"
		}
		if _, err := exec.LookPath(program); err != nil {
			if r.Status != bench.StatusNotInstalled {
				t.Errorf("%s: %s without %s", r.Tool, r.Status, program)
			}
			continue
		}
		if r.Status != bench.StatusOK || r.RoundTrip != bench.RoundTripOK || r.Bytes <= 0 || r.Bytes >= rep.RawBytes {
			t.Errorf("%s: %+v", r.Tool, r)
		}
	}
	if ffmpegErr != nil {
		t.Errorf("ffmpeg is needed for the reference tools (scripts/setup.sh installs it)")
	}
	// The scratch directory is gone.
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("bench left %d entries in its temporary directory", len(left))
	}
}

// TestBenchTable checks the text table and that a missing program is a row, not a failure.
func TestBenchTable(t *testing.T) {
	zstd, err := exec.LookPath("zstd")
	if err != nil {
		t.Fatal("zstd is needed (scripts/setup.sh installs it)")
	}
	// A PATH holding zstd and nothing else: ffmpeg is "not installed".
	bin := t.TempDir()
	if err := os.Symlink(zstd, filepath.Join(bin, "zstd")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	code, out, stderr := vidlmRun(t, nil, "bench", "-q", cropY4M, "--preset", "fast,default", "--threads", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 11 {
		t.Fatalf("want a summary, a header and 9 rows, got:\n%s", out)
	}
	for i, want := range []string{
		"../../testdata/vtest_crop.y4m: 10 frames, 160x120 yuv420 8-bit, 288000 raw bytes, 1 threads; bits per luma pixel",
		"tool ", "vidlm fast ", "vidlm default ",
		"FFV1 (level 3, range coder)  not installed: ffmpeg not found on PATH",
		"x264 lossless veryslow       not installed: ffmpeg not found on PATH",
		"x264 lossless medium         not installed: ffmpeg not found on PATH",
		"x265 lossless medium         not installed: ffmpeg not found on PATH",
		"x265 lossless slow           not installed: ffmpeg not found on PATH",
		"PNG per frame                not installed: ffmpeg not found on PATH",
		"zstd -19 (raw frames) ",
	} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d: %q, want it to start with %q", i, lines[i], want)
		}
	}
	for _, i := range []int{2, 3, 10} {
		if !strings.HasSuffix(lines[i], "  ok") {
			t.Errorf("line %d: round trip not ok: %q", i, lines[i])
		}
	}
	if !strings.Contains(lines[1], "vs vidlm default") || !strings.Contains(lines[1], "bits/luma px") {
		t.Errorf("header: %q", lines[1])
	}
	if f := strings.Fields(lines[3]); len(f) < 9 || f[7] != "1.000" {
		t.Errorf("vidlm default against itself: %q", lines[3])
	}
}

func TestBenchUsage(t *testing.T) {
	for _, args := range [][]string{
		{"bench", cropY4M, "--tools", "vidlm,lzma"},
		{"bench", cropY4M, "--preset", "turbo"},
		{"bench", cropY4M, "--kind", "audio"},
		{"bench", cropY4M, "--frames", "-1"},
	} {
		if code, _, stderr := vidlmRun(t, nil, args...); code != 2 || !strings.HasPrefix(stderr, "vidlm: ") {
			t.Errorf("%v: exit %d, %q; want a usage error", args, code, stderr)
		}
	}
	if code, _, stderr := vidlmRun(t, nil, "bench", "no-such.y4m"); code != 1 || !strings.Contains(stderr, "no-such.y4m") {
		t.Errorf("missing input: exit %d, %q", code, stderr)
	}
}

// TestBenchFrames checks that --frames limits what every tool gets.
func TestBenchFrames(t *testing.T) {
	rep := benchJSON(t, cropY4M, "--frames", "3", "--preset", "fast", "--tools", "vidlm,zstd")
	if rep.Frames != 3 || rep.RawBytes != 3*160*120*3/2 || len(rep.Rows) != 2 {
		t.Fatalf("report: %+v", rep)
	}
	for _, r := range rep.Rows {
		if r.RoundTrip != bench.RoundTripOK {
			t.Errorf("%s: %+v", r.Tool, r)
		}
	}
}

// TestBenchSensor runs the sensor table on a small log read from stdin.
func TestBenchSensor(t *testing.T) {
	var log bytes.Buffer
	log.WriteString("t_ns,ax,ay,az,state\r\n")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&log, "%d,%.4f,%.4f,%.3E,%c\r\n", 1700000000000000000+i*10_000_000, float64(i%97)/7, -float64(i%13)/3, float64(i)*1e-5, "ABC"[i/500%3])
	}
	code, out, stderr := vidlmRun(t, log.Bytes(), "bench", "-q", "--json", "--kind", "sensor", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep bench.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Kind != bench.Sensor || rep.RawBytes != int64(log.Len()) || rep.Input != "stdin" || len(rep.Rows) != 5 {
		t.Fatalf("report: %+v", rep)
	}
	if v := rep.Rows[0]; v.Status != bench.StatusOK || v.RoundTrip != bench.RoundTripOK || rep.Reference != "vidlm" {
		t.Errorf("vidlm row: %+v", v)
	}
	for _, r := range rep.Rows[1:] {
		if r.Status != bench.StatusOK || r.RoundTrip != bench.RoundTripOK || r.PercentOfRaw <= 0 || r.PercentOfRaw >= 100 {
			t.Errorf("%s: %+v", r.Tool, r)
		}
	}
}

// TestBenchCorpus runs vidlm bench --corpus on three excerpts of the sensor corpus with a
// manifest, paq8px's size of one of them in the cache and paq8px itself not run.
func TestBenchCorpus(t *testing.T) {
	dir := t.TempDir()
	files := []struct{ name, tuned string }{{"mocap_gt_V102.txt", "no"}, {"seattle_hourly_normals.csv", "yes"}, {"stockdata2.csv", "no"}}
	var manifest strings.Builder
	manifest.WriteString("# file\tkind\tlicence\ttuned_on\tsha256\n")
	data := map[string][]byte{}
	sums := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "sensor_excerpts", f.name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f.name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		s := sha256.Sum256(b)
		data[f.name], sums[f.name] = b, hex.EncodeToString(s[:])
		fmt.Fprintf(&manifest, "%s\ta log\tMIT\t%s\t%s\n", f.name, f.tuned, sums[f.name])
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.tsv"), []byte(manifest.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(t.TempDir(), "paq8px.tsv")
	const paqSize = 700
	if err := os.WriteFile(cache, []byte(sums["stockdata2.csv"]+"\t700\tstockdata2.csv\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := vidlmRun(t, nil, "bench", "-q", "--json", "--corpus", dir, "--paq8px", "none", "--paq8px-cache", cache)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep bench.CorpusReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != len(files) {
		t.Fatalf("%d rows, want %d", len(rep.Rows), len(files))
	}
	for i, row := range rep.Rows {
		f := files[i]
		if row.File != f.name || row.Tuned != f.tuned || row.Bytes != int64(len(data[f.name])) || row.RoundTrip != bench.RoundTripOK {
			t.Errorf("row %d: %+v", i, row)
		}
		// vidlm's size is what the library writes for the file.
		var buf bytes.Buffer
		e, err := codec.NewSensorEncoder(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Write(data[f.name]); err != nil {
			t.Fatal(err)
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		if row.Vidlm != int64(buf.Len()) {
			t.Errorf("%s: vidlm %d bytes, the library writes %d", f.name, row.Vidlm, buf.Len())
		}
		if want := f.name == "stockdata2.csv"; row.PaqCached != want || (row.Paq8px == paqSize) != want {
			t.Errorf("%s: paq8px %d (cached %v)", f.name, row.Paq8px, row.PaqCached)
		}
	}
	paq := rep.Means["paq8px"]["all"]
	if want := float64(rep.Rows[2].Vidlm) / paqSize; paq.Files != 1 || math.Abs(paq.Value-want) > 1e-12 {
		t.Errorf("geometric mean vidlm/paq8px %+v, want %v over 1 file", paq, want)
	}
	if _, err := exec.LookPath("xz"); err == nil {
		all, nt := rep.Means["xz"]["all"], rep.Means["xz"]["not tuned on"]
		want := math.Sqrt(float64(rep.Rows[0].Vidlm) / float64(rep.Rows[0].Xz) * float64(rep.Rows[2].Vidlm) / float64(rep.Rows[2].Xz))
		if all.Files != 3 || nt.Files != 2 || math.Abs(nt.Value-want) > 1e-12 {
			t.Errorf("geometric means vidlm/xz: all %+v, not tuned on %+v (want %v)", all, nt, want)
		}
	}

	// The table says where the paq8px size came from.
	code, out, stderr = vidlmRun(t, nil, "bench", "-q", "--corpus", dir, "--paq8px", "none", "--paq8px-cache", cache)
	if code != 0 || !strings.Contains(out, "geometric mean vidlm/paq8px: ") || !strings.Contains(out, "* paq8px size from the cache") {
		t.Errorf("exit %d, table:\n%s%s", code, out, stderr)
	}
	// A file that is not what the manifest says is refused.
	if err := os.WriteFile(filepath.Join(dir, "stockdata2.csv"), []byte("a,b\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := vidlmRun(t, nil, "bench", "-q", "--corpus", dir, "--paq8px", "none"); code == 0 || !strings.Contains(stderr, "SHA-256") {
		t.Errorf("changed file: exit %d, %s", code, stderr)
	}
	if code, _, _ := vidlmRun(t, nil, "bench", "-q", "--corpus", dir, "x.csv"); code != 2 {
		t.Errorf("INPUT and --corpus: exit %d, want 2", code)
	}
}

// Without a manifest, --corpus measures every file of the directory but its notes (a licence,
// a read-me).
func TestBenchCorpusNoManifest(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "sensor_excerpts", "seattle_hourly_normals.csv"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "normals.csv"), b, 0o644)
	os.WriteFile(filepath.Join(dir, "LICENSE.md"), []byte("CC0 1.0\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "README"), []byte("where the logs come from\n"), 0o644)
	code, out, stderr := vidlmRun(t, nil, "bench", "-q", "--corpus", dir, "--paq8px", "none", "--paq8px-cache", filepath.Join(t.TempDir(), "c.tsv"))
	if code != 0 || !strings.Contains(string(out), "1 files") || !strings.Contains(string(out), "normals.csv") || strings.Contains(string(out), "LICENSE") {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
}

// TestBenchLabel: a vidlm row run with setting flags or VIDLM_* settings over its preset says
// so in its label (and the reference column with it), so that it never passes for the preset.
func TestBenchLabel(t *testing.T) {
	t.Setenv("VIDLM_MODEL_OBMC", "true")
	code, out, stderr := vidlmRun(t, nil, "bench", "-q", cropY4M, "--tools", "vidlm", "--preset", "default",
		"--frames", "2", "--threads", "1", "--motion-split", "--mixer-rate", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	want := "vidlm default VIDLM_MODEL_OBMC=true --mixer-rate=5 --motion-split "
	if len(lines) != 3 || !strings.HasPrefix(lines[2], want) || !strings.Contains(lines[1], "vs "+strings.TrimSpace(want)) {
		t.Errorf("want the row and the reference column to read %q, got:\n%s", want, out)
	}
}
