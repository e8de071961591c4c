package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

func TestSamplesIMUPan(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rec")
	code, _, stderr := vidlmRun(t, nil, "samples", "imu-pan", "-o", dir, "--frames", "6", "--size", "96x64")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	clip, err := os.ReadFile(filepath.Join(dir, "imu-pan.y4m"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := vision.NewY4MReader(bytes.NewReader(clip))
	if err != nil {
		t.Fatal(err)
	}
	if r.Header.Line != "YUV4MPEG2 W96 H64 F30:1 Ip A1:1 C420jpeg" {
		t.Errorf("header %q", r.Header.Line)
	}
	log, err := os.ReadFile(filepath.Join(dir, "imu.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(log, []byte("\n")), []byte("\n"))
	// 6 frames at 30 fps are 0.2 s: 40 rows at 200 Hz, and the header.
	if len(lines) != 41 || string(lines[0]) != "t_ns,gx,gy,gz,ax,ay,az" {
		t.Fatalf("%d lines, first %q", len(lines), lines[0])
	}
	if code, _, stderr := vidlmRun(t, nil, "samples", "imu-pan", "-o", dir, "--frames", "6", "--size", "96x64"); code != 1 {
		t.Errorf("second run over existing files: exit %d (%s)", code, stderr)
	}
}
