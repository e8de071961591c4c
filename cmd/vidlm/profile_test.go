package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// --cpuprofile writes a CPU profile that pprof reads, for a command that succeeds and for one
// that fails, and leaves the command's output as it would be without it.
func TestCPUProfileFlag(t *testing.T) {
	dir := t.TempDir()
	clip, _ := testClips(t, dir, 3)
	in := filepath.Join(dir, "clip.y4m")
	out := filepath.Join(dir, "clip.vlm")
	prof := filepath.Join(dir, "enc.prof")
	if code, _, stderr := cli(t, context.Background(), nil, "encode", "-q", "--cpuprofile", prof, in, "-o", out); code != 0 {
		t.Fatalf("encode: status %d: %s", code, stderr)
	}
	readProfile(t, prof)
	got := filepath.Join(dir, "back.y4m")
	if code, _, stderr := cli(t, context.Background(), nil, "decode", "-q", out, "-o", got); code != 0 {
		t.Fatalf("decode: status %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(got); err != nil || string(b) != string(clip) {
		t.Fatalf("the profiled encode did not round-trip (%v)", err)
	}
	failProf := filepath.Join(dir, "fail.prof")
	if code, _, _ := cli(t, context.Background(), nil, "verify", "--cpuprofile", failProf, filepath.Join(dir, "missing.vlm")); code != 1 {
		t.Fatalf("verify of a missing file: status %d, want 1", code)
	}
	readProfile(t, failProf)
}

// readProfile checks that name holds a CPU profile: pprof's gzip-compressed protocol buffer,
// whose string table names the sample types (samples/count, cpu/nanoseconds).
func readProfile(t *testing.T, name string) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, s := range []string{"samples", "cpu", "nanoseconds"} {
		if !bytes.Contains(b, []byte(s)) {
			t.Fatalf("%s: not a CPU profile (no %q)", name, s)
		}
	}
}
