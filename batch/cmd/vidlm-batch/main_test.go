package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The command end to end on Prism: exit statuses, the summary, and the files it leaves.
// (The flags are the process's: each call sets those it relies on.)
func TestCommand(t *testing.T) {
	dir := t.TempDir()
	arch := filepath.Join(dir, "archive")
	os.MkdirAll(filepath.Join(arch, "logs"), 0o755)
	y4m, err := os.ReadFile("../../../testdata/vtest_crop.y4m")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(arch, "clip.y4m"), y4m, 0o644)
	os.WriteFile(filepath.Join(arch, "cut.y4m"), y4m[:1000], 0o644)
	os.WriteFile(filepath.Join(arch, "logs", "a.csv"), []byte("t,x\n1,2.5\n2,2.75\n3,3.0\n"), 0o644)
	out := filepath.Join(dir, "out.d")
	call := func(args ...string) (int, string, string) {
		var o, e bytes.Buffer
		code := run(args, &o, &e)
		return code, o.String(), e.String()
	}

	if code, _, e := call("encode", arch); code != 2 || !strings.Contains(e, "-o OUT.d") {
		t.Errorf("encode without -o: status %d, %q", code, e)
	}
	if code, _, e := call("encode", arch, "-o", out, "--preset", "huge"); code != 2 || !strings.Contains(e, "huge") {
		t.Errorf("unknown preset: status %d, %q", code, e)
	}
	if code, o, e := call("encode", arch, "-o", filepath.Join(dir, "camera.d"), "--preset", "camera", "-q"); code != 1 || !strings.Contains(o, "3 files: 2 ok") {
		t.Errorf("--preset camera: status %d\n%s\n%s", code, o, e)
	}
	code, o, e := call("encode", arch, "-o", out, "--preset", "fast", "--segment", "-1", "-q")
	if code != 1 || !strings.Contains(o, "3 files: 2 ok, 0 skipped (done before, verified), 1 failed") ||
		!strings.Contains(o, "cut.y4m: y4m frame 0: short frame") || !strings.Contains(e, "1 of 3 inputs failed") {
		t.Errorf("encode: status %d\n%s\n%s", code, o, e)
	}
	for _, f := range []string{"clip.y4m.vlm", "logs/a.csv.vlm", "manifest.jsonl", "summary.txt"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	if code, o, _ := call("encode", arch, "-o", out, "--preset", "fast", "--segment", "-1", "-q"); code != 1 || !strings.Contains(o, "0 ok, 2 skipped") {
		t.Errorf("rerun: status %d\n%s", code, o)
	}
	if code, o, e := call("verify", out); code != 0 || !strings.Contains(o, "verify: 2 of 2 outputs ok") {
		t.Errorf("verify: status %d\n%s\n%s", code, o, e)
	}
	restored := filepath.Join(dir, "restored")
	if code, o, e := call("decode", out, "-o", restored); code != 0 || !strings.Contains(o, "decode: 2 of 2 outputs ok") {
		t.Errorf("decode: status %d\n%s\n%s", code, o, e)
	}
	if b, _ := os.ReadFile(filepath.Join(restored, "clip.y4m")); !bytes.Equal(b, y4m) {
		t.Error("decode: clip.y4m differs")
	}
	if code, _, _ := call("decode", out, "-o", restored); code != 1 {
		t.Errorf("decode over existing files: status %d, want 1", code)
	}
}

// The experiment command: a sweep over a seed range, its exit statuses and files.
func TestExperimentCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sweep")
	sets = nil // --set accumulates over the calls of one process
	call := func(args ...string) (int, string, string) {
		var o, e bytes.Buffer
		code := run(args, &o, &e)
		return code, o.String(), e.String()
	}
	if code, _, e := call("experiment", "comet", "-o", out); code != 2 || !strings.Contains(e, "no shipped experiment") {
		t.Errorf("unknown config: status %d, %q", code, e)
	}
	if code, _, e := call("experiment", "drag", "-o", out, "--set", "noise=-1"); code != 2 || !strings.Contains(e, "params.noise") {
		t.Errorf("impossible value: status %d, %q", code, e)
	}
	sets = nil
	code, o, e := call("experiment", "drag", "-o", out, "--set", "samples=400", "--set", "seed=1..2", "-q")
	if code != 0 || !strings.Contains(o, "2 runs: 2 ok, 0 skipped") {
		t.Errorf("sweep: status %d\n%s\n%s", code, o, e)
	}
	for _, f := range []string{"manifest.jsonl", "summary.md", "drag/seed=1/results.json", "drag/seed=2/index.html", "drag/sweep/sweep.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
}
