package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIStdoutFull: every command that prints its results on standard output, run with
// standard output on /dev/full (every write fails with ENOSPC), exits with status 1 and an
// error on stderr: a result nobody received is a failure, never a silent success.
func TestCLIStdoutFull(t *testing.T) {
	src := t.TempDir()
	in := func(n string) string { return filepath.Join(src, n) }
	encodedInputs(t, src)
	csv, err := os.ReadFile("../../testdata/co2_mauna_loa.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		args  []string
		stdin []byte
	}{
		{"info video", []string{"info", in("clip.vlm")}, nil},
		{"info sensor", []string{"info", in("log.vlm")}, nil},
		{"info recording", []string{"info", in("rec.vlm")}, nil},
		{"info --json", []string{"info", "--json", in("rec.vlm")}, nil},
		{"verify video", []string{"verify", in("clip.vlm")}, nil},
		{"verify sensor", []string{"verify", in("log.vlm")}, nil},
		{"verify recording", []string{"verify", in("rec.vlm")}, nil},
		{"experiment --list", []string{"experiment", "--list"}, nil},
		{"bench", []string{"bench", "../../testdata/co2_mauna_loa.csv", "--tools", "vidlm"}, nil},
		{"bench --json", []string{"bench", "--json", "../../testdata/co2_mauna_loa.csv", "--tools", "vidlm"}, nil},
		{"report recording", []string{"report", in("rec.vlm"), "-o", in("rep2")}, nil},
		{"encode -o -", []string{"encode", "-q", "--kind", "sensor", "-", "-o", "-"}, csv},
		{"decode -o -", []string{"decode", "-q", in("log.vlm"), "-o", "-"}, nil},
		{"decode video -o -", []string{"decode", "-q", in("clip.vlm"), "-o", "-"}, nil},
		{"decode --stream -o -", []string{"decode", "-q", in("rec.vlm"), "--stream", "imu.csv", "-o", "-"}, nil},
		{"samples pan -o -", []string{"samples", "pan", "-q", "--frames", "2", "--size", "64x48", "-o", "-"}, nil},
		{"help", []string{"help"}, nil},
		{"--help", []string{"--help"}, nil},
		{"encode --help", []string{"encode", "--help"}, nil},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
			if err != nil {
				t.Skip("no /dev/full here")
			}
			defer full.Close()
			var stderr strings.Builder
			stdin := strings.NewReader(string(c.stdin))
			code := run(context.Background(), c.args, stdin, full, &stderr)
			if code != 1 || !strings.Contains(stderr.String(), "no space left on device") {
				t.Errorf("exit %d, stderr %q; want exit 1 and the write error", code, stderr.String())
			}
		})
	}
}
