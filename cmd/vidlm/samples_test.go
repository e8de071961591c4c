package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/samples"
	"github.com/vidlm/vidlm/vision"
)

func TestSamplesPan(t *testing.T) {
	dir := t.TempDir()
	clip := filepath.Join(dir, "pan.y4m")
	code, _, stderr := vidlmRun(t, nil, "samples", "pan", "-o", clip, "--frames", "5", "--size", "160x120")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(clip)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if !strings.Contains(stderr, "sha256 "+hex.EncodeToString(sum[:])) {
		t.Errorf("stderr %q does not give the file's SHA-256", stderr)
	}
	r, err := vision.NewY4MReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if r.Header.Line != "YUV4MPEG2 W160 H120 F25:1 Ip A1:1 C420jpeg" {
		t.Errorf("header %q", r.Header.Line)
	}
	still, err := samples.LoadStill(samples.DefaultStill)
	if err != nil {
		t.Fatal(err)
	}
	pan, err := samples.NewPan(still, 160, 120)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		f, err := r.ReadFrame()
		if err == io.EOF {
			if i != 5 {
				t.Errorf("%d frames, want 5", i)
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := samples.ToYUV420(pan.Frame(i)); !bytes.Equal(f.AppendRaw(nil), want.AppendRaw(nil)) {
			t.Errorf("frame %d is not the generator's", i)
		}
	}
	// The same command again gives the same bytes; stdout works too.
	code, out, stderr := vidlmRun(t, nil, "samples", "pan", "-q", "-o", "-", "--frames", "5", "--size", "160x120")
	if code != 0 || out != string(data) {
		t.Errorf("second render to stdout differs (exit %d, %s)", code, stderr)
	}

	// BGR: raw interleaved frames.
	raw := filepath.Join(dir, "pan.bgr")
	if code, _, stderr := vidlmRun(t, nil, "samples", "pan", "-q", "-o", raw, "--frames", "2", "--size", "160x120", "--format", "bgr"); code != 0 {
		t.Fatalf("bgr: exit %d: %s", code, stderr)
	}
	got, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := vision.AppendInterleaved(nil, pan.Frame(0))
	want = vision.AppendInterleaved(want, pan.Frame(1))
	if !bytes.Equal(got, want) {
		t.Errorf("bgr clip (%d bytes) is not the generator's frames (%d bytes)", len(got), len(want))
	}

	for _, args := range [][]string{
		{"samples", "pan", "-o", filepath.Join(dir, "x.y4m"), "--format", "bgr"},
		{"samples", "pan", "-o", filepath.Join(dir, "x.bgr")},
		{"samples", "pan", "-o", filepath.Join(dir, "x.y4m"), "--size", "640"},
		{"samples", "pan", "-o", filepath.Join(dir, "x.y4m"), "--frames", "0"},
		{"samples", "pan", "-o", clip}, // exists
	} {
		if code, _, stderr := vidlmRun(t, nil, args...); code == 0 || !strings.HasPrefix(stderr, "vidlm: ") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "x.*")); len(left) != 0 {
		t.Errorf("failed runs left %v", left)
	}
}
