package batch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	beamlog "github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/tmpfile"
	"github.com/vidlm/vidlm/vision"
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	beamlog.SetupLogging("warn", "text")
	os.Exit(m.Run())
}

// The test archive: clips cut from testdata/vtest_crop.y4m (160x120 4:2:0, 10 frames),
// slices of the real sensor logs, a y4m cut short in its first frame (damaged), and a file
// that is not an input.
func makeArchive(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	y4m, err := os.ReadFile("../testdata/vtest_crop.y4m")
	if err != nil {
		t.Fatal(err)
	}
	head := bytes.IndexByte(y4m, '\n') + 1
	span := (len(y4m) - head) / 10
	write := func(rel string, b []byte) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("clips/a.y4m", y4m)
	write("clips/b.y4m", y4m[:head+4*span])
	write("clips/sub/c.y4m", append(append([]byte{}, y4m[:head]...), y4m[head+5*span:]...))
	write("damaged.y4m", y4m[:head+span/2])
	imu, err := os.ReadFile("../testdata/imu_fusion.csv")
	if err != nil {
		t.Fatal(err)
	}
	write("logs/imu_head.csv", imu[:20000])
	write("logs/imu_mid.csv", imu[500000:530000])
	co2, err := os.ReadFile("../testdata/co2_mauna_loa.csv")
	if err != nil {
		t.Fatal(err)
	}
	write("logs/co2.csv", co2)
	awk, err := os.ReadFile("../testdata/sensor_awkward.csv")
	if err != nil {
		t.Fatal(err)
	}
	write("logs/awkward.csv", awk)
	write("notes.txt", []byte("not an input\n"))
	return dir
}

func testConfig(in, out string) Config {
	return Config{In: in, Out: out, Preset: "fast", Segment: -1, Threads: 1, Parallel: 2, RunID: "test-1"}
}

func runEncode(t *testing.T, cfg Config) map[string]Record {
	t.Helper()
	inputs, err := ListInputs(cfg.In, cfg.Out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := beam.Run(context.Background(), "prism", EncodePipeline(cfg, inputs)); err != nil {
		t.Fatal(err)
	}
	recs, err := ReadManifest(cfg.Out)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(inputs) {
		t.Fatalf("manifest of %d entries for %d inputs", len(recs), len(inputs))
	}
	byInput := map[string]Record{}
	for _, r := range recs {
		byInput[r.Input] = r
	}
	return byInput
}

// oneFileEncode encodes one input with the library, the way `vidlm encode --file-id` does.
func oneFileEncode(t *testing.T, cfg Config, rel string, id uint64) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(cfg.In, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if inputKind(rel) == "sensor" {
		enc, err := codec.NewSensorEncoder(&buf, codec.WithFileID(id))
		if err != nil {
			t.Fatal(err)
		}
		enc.Write(data)
		if err := enc.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	y, err := vision.NewY4MReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	p, err := cfg.videoParams(y.Header)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := codec.NewVideoEncoder(&buf, p, codec.WithFileID(id))
	if err != nil {
		t.Fatal(err)
	}
	for f, err := y.ReadFrame(); err != io.EOF; f, err = y.ReadFrame() {
		if err != nil {
			t.Fatal(err)
		}
		if err := enc.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// checkOutputs compares every output with the one-file encoder's and the file identifier with
// FileID of the input.
func checkOutputs(t *testing.T, cfg Config, recs map[string]Record) {
	t.Helper()
	for rel, r := range recs {
		if r.Status == StatusFailed {
			continue
		}
		data, err := os.ReadFile(filepath.Join(cfg.In, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256sum(data)
		id := FileID(sum, rel, cfg.Settings(inputKind(rel)))
		if r.FileID != fmt.Sprintf("%016x", id) || r.InputSHA256 != hex.EncodeToString(sum[:]) || r.InputSize != int64(len(data)) {
			t.Errorf("%s: record %+v does not describe the input", rel, r)
		}
		got, err := os.ReadFile(filepath.Join(cfg.Out, filepath.FromSlash(r.Output)))
		if err != nil {
			t.Fatal(err)
		}
		if want := oneFileEncode(t, cfg, rel, id); !bytes.Equal(got, want) {
			t.Errorf("%s: the batch wrote %d bytes, the one-file encoder %d; they differ", rel, len(got), len(want))
		}
		if int64(len(got)) != r.OutputSize {
			t.Errorf("%s: output of %d bytes, manifest says %d", rel, len(got), r.OutputSize)
		}
	}
}

func TestEncodeArchive(t *testing.T) {
	in := makeArchive(t)
	cfg := testConfig(in, filepath.Join(t.TempDir(), "out.d"))
	recs := runEncode(t, cfg)
	if len(recs) != 8 {
		t.Fatalf("%d entries, want 8 (4 y4m, 4 csv; notes.txt is not an input)", len(recs))
	}
	for rel, r := range recs {
		want := StatusOK
		if rel == "damaged.y4m" {
			want = StatusFailed
		}
		if r.Status != want {
			t.Errorf("%s: status %s (%s), want %s", rel, r.Status, r.Error, want)
		}
	}
	if r := recs["damaged.y4m"]; !strings.Contains(r.Error, "damaged.y4m") || !strings.Contains(r.Error, "short frame") || strings.Contains(r.Error, "\n") {
		t.Errorf("damaged.y4m: error %q, want one line naming the file and the short frame", r.Error)
	}
	if _, err := os.Stat(filepath.Join(cfg.Out, "damaged.y4m.vlm")); !os.IsNotExist(err) {
		t.Errorf("damaged.y4m: an output was left (%v)", err)
	}
	if r := recs["clips/a.y4m"]; r.Frames != 10 || r.BitsPerPixel <= 0 || r.Kind != "video" || !strings.Contains(r.Command, "--file-id "+r.FileID) {
		t.Errorf("clips/a.y4m: record %+v", r)
	}
	if r := recs["logs/co2.csv"]; r.Values == 0 || r.BitsPerValue <= 0 || r.Kind != "sensor" {
		t.Errorf("logs/co2.csv: record %+v", r)
	}
	checkOutputs(t, cfg, recs)
	sum, err := os.ReadFile(filepath.Join(cfg.Out, SummaryName))
	if err != nil || !strings.Contains(string(sum), "8 files: 7 ok, 0 skipped (done before, verified), 1 failed") {
		t.Errorf("summary: %v\n%s", err, sum)
	}
	leftovers(t, cfg.Out)
}

// leftTemporaries makes, in dir, a temporary for base as a killed worker of this machine
// leaves it (its process gone) and one of this live process.
func leftTemporaries(t *testing.T, dir, base string) (stale, live string) {
	t.Helper()
	child := exec.Command("true")
	if err := child.Run(); err != nil {
		t.Fatalf("cannot run a child process: %v", err)
	}
	f, err := os.CreateTemp(dir, tmpfile.Pattern(base, ""))
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("from a killed run")
	f.Close()
	live = f.Name()
	stale = strings.Replace(live, "-"+strconv.Itoa(os.Getpid())+"@", "-"+strconv.Itoa(child.ProcessState.Pid())+"@", 1)
	if err := os.Rename(live, stale); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(live, nil, 0o600)
	return stale, live
}

// leftovers fails on temporary files left in the output directory.
func leftovers(t *testing.T, out string) {
	t.Helper()
	filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err == nil && tmpfile.Is(d.Name()) {
			t.Errorf("temporary file left: %s", path)
		}
		return nil
	})
}

// A rerun skips what is done and verified, and redoes what changed, was lost or damaged, or
// failed; a run that died before its manifest (only the per-input records kept) loses nothing.
func TestResume(t *testing.T) {
	in := makeArchive(t)
	cfg := testConfig(in, filepath.Join(t.TempDir(), "out.d"))
	first := runEncode(t, cfg)
	out := func(rel string) string { return filepath.Join(cfg.Out, filepath.FromSlash(rel)+".vlm") }
	stamp := map[string]int64{}
	for rel := range first {
		if st, err := os.Stat(out(rel)); err == nil {
			stamp[rel] = st.ModTime().UnixNano()
		}
	}

	cfg.RunID = "test-2"
	second := runEncode(t, cfg)
	for rel, r := range second {
		want := StatusSkipped
		if rel == "damaged.y4m" {
			want = StatusFailed // tried again, fails again
		}
		if r.Status != want {
			t.Errorf("rerun: %s %s, want %s", rel, r.Status, want)
		}
		if st, err := os.Stat(out(rel)); err == nil && st.ModTime().UnixNano() != stamp[rel] {
			t.Errorf("rerun: %s was rewritten", rel)
		}
	}

	// Changed, lost, damaged; and a run that died before writing its manifest.
	f, _ := os.OpenFile(filepath.Join(in, "logs", "co2.csv"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("2099,1,2099.042,999.99,-1,-9.99,-0.99,-9.99\n")
	f.Close()
	os.Remove(out("clips/b.y4m"))
	b, _ := os.ReadFile(out("clips/a.y4m"))
	b[len(b)/2] ^= 0x10
	os.WriteFile(out("clips/a.y4m"), b, 0o644)
	os.Remove(filepath.Join(cfg.Out, ManifestName))
	stale, live := leftTemporaries(t, filepath.Join(cfg.Out, "clips"), "b.y4m.vlm")
	if n := CleanOutput(cfg.Out); n != 1 {
		t.Errorf("CleanOutput removed %d temporaries, want 1 (the dead process's)", n)
	}
	if _, err := os.Lstat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed run's temporary %s is still there", stale)
	}
	if _, err := os.Lstat(live); err != nil {
		t.Errorf("a live process's temporary was removed: %v", err)
	}
	os.Remove(live)

	cfg.RunID = "test-3"
	third := runEncode(t, cfg)
	redo := map[string]bool{"logs/co2.csv": true, "clips/b.y4m": true, "clips/a.y4m": true}
	for rel, r := range third {
		want := StatusSkipped
		switch {
		case rel == "damaged.y4m":
			want = StatusFailed
		case redo[rel]:
			want = StatusOK
		}
		if r.Status != want {
			t.Errorf("after changes: %s %s (%s), want %s", rel, r.Status, r.Error, want)
		}
	}
	checkOutputs(t, cfg, third)
	// The damaged input, repaired, is encoded on the next run.
	y4m, _ := os.ReadFile(filepath.Join(in, "clips", "b.y4m"))
	os.WriteFile(filepath.Join(in, "damaged.y4m"), y4m, 0o644)
	cfg.RunID = "test-4"
	if r := runEncode(t, cfg)["damaged.y4m"]; r.Status != StatusOK {
		t.Errorf("repaired input: %s (%s)", r.Status, r.Error)
	}
}

// A long clip is coded segment by segment (each its own work item) and joined: the same
// bytes as the one-file encoder, and no part left.
func TestSplit(t *testing.T) {
	in := makeArchive(t)
	cfg := testConfig(in, filepath.Join(t.TempDir(), "out.d"))
	cfg.Segment, cfg.SplitBytes = 3, 130000 // a.y4m (288 kB, 10 frames) in 4 segments, c.y4m (144 kB) in 2
	recs := runEncode(t, cfg)
	for rel, r := range recs {
		split := rel == "clips/a.y4m" || rel == "clips/sub/c.y4m"
		if r.Split != split {
			t.Errorf("%s: split %v, want %v", rel, r.Split, split)
		}
	}
	if r := recs["clips/a.y4m"]; r.Segments != 4 || r.Status != StatusOK || r.Frames != 10 {
		t.Errorf("clips/a.y4m: %+v", r)
	}
	checkOutputs(t, cfg, recs)
	filepath.WalkDir(filepath.Join(cfg.Out, stateDir, "parts"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			t.Errorf("part left: %s", path)
		}
		return nil
	})
	// Segments already coded by an interrupted run are used as they are.
	cfg.RunID = "test-2"
	os.Remove(filepath.Join(cfg.Out, "clips", "a.y4m.vlm"))
	pl := cfg.PlanInput(context.Background(), Input{Rel: "clips/a.y4m"})
	if pl.Segments != 4 {
		t.Fatalf("plan: %d segments", pl.Segments)
	}
	if res := cfg.EncodeSegmentJob(context.Background(), SegmentJob{Plan: pl.wire(), Segment: 2}); res.Error != "" {
		t.Fatal(res.Error)
	}
	desc := cfg.partPath("clips/a.y4m", 2) + ".json"
	before, _ := os.Stat(desc)
	again := runEncode(t, cfg)
	if r := again["clips/a.y4m"]; r.Status != StatusOK || !r.Split {
		t.Errorf("clips/a.y4m after an interrupted split: %+v", r)
	}
	checkOutputs(t, cfg, again)
	if before == nil {
		t.Fatal("no part description")
	}
	// A segment that failed fails its file, with the segment's one-line error.
	r := cfg.JoinParts(context.Background(), []PartResult{{Plan: pl.wire(), Error: "clips/a.y4m: segment 1: cannot read frame 4"}})
	if r.Status != StatusFailed || r.Error != "clips/a.y4m: segment 1: cannot read frame 4" {
		t.Errorf("a failed segment: %+v", r)
	}
}

func TestVerifyDecode(t *testing.T) {
	in := makeArchive(t)
	cfg := testConfig(in, filepath.Join(t.TempDir(), "out.d"))
	recs := runEncode(t, cfg)
	var ok []Record
	for _, r := range recs {
		if r.Status != StatusFailed {
			ok = append(ok, r)
		}
	}
	check := func(dest string) map[string]Check {
		report := filepath.Join(t.TempDir(), "report.jsonl")
		if _, err := beam.Run(context.Background(), "prism", CheckPipeline(cfg.Out, dest, report, ok, 1, 2)); err != nil {
			t.Fatal(err)
		}
		checks, err := ReadChecks(report)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]Check{}
		for _, c := range checks {
			m[c.Input] = c
		}
		if len(m) != len(ok) {
			t.Fatalf("%d checks for %d outputs", len(m), len(ok))
		}
		return m
	}
	for rel, c := range check("") {
		if c.Status != StatusOK || c.Units == 0 {
			t.Errorf("verify %s: %+v", rel, c)
		}
	}
	dest := filepath.Join(t.TempDir(), "restored")
	for rel, c := range check(dest) {
		if c.Status != StatusOK {
			t.Errorf("decode %s: %+v", rel, c)
		}
		got, _ := os.ReadFile(filepath.Join(dest, filepath.FromSlash(rel)))
		want, _ := os.ReadFile(filepath.Join(in, filepath.FromSlash(rel)))
		if !bytes.Equal(got, want) {
			t.Errorf("decode %s: %d bytes, the input %d; they differ", rel, len(got), len(want))
		}
	}
	// A damaged output fails verification with one line; the others still pass.
	path := filepath.Join(cfg.Out, "logs", "imu_mid.csv.vlm")
	b, _ := os.ReadFile(path)
	b[len(b)/3] ^= 1
	os.WriteFile(path, b, 0o644)
	for rel, c := range check("") {
		bad := rel == "logs/imu_mid.csv"
		if (c.Status != StatusOK) != bad || bad && (c.Error == "" || strings.Contains(c.Error, "\n")) {
			t.Errorf("verify after damage, %s: %+v", rel, c)
		}
	}
}

func TestFileIDStable(t *testing.T) {
	var sum [32]byte
	a := FileID(sum, "a.y4m", "preset=default")
	if a != FileID(sum, "a.y4m", "preset=default") || a == FileID(sum, "b.y4m", "preset=default") || a == FileID(sum, "a.y4m", "preset=fast") {
		t.Error("FileID is not a function of the input, its name and the settings alone")
	}
	// The derivation is documented (README): it must not change.
	if got := fmt.Sprintf("%016x", a); got != "946bc7d777d625da" {
		t.Errorf("FileID(zero hash, a.y4m, preset=default) = %s, documented 946bc7d777d625da", got)
	}
}

func sha256sum(b []byte) [32]byte { return sha256.Sum256(b) }
