package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExperimentList(t *testing.T) {
	code, out, errOut := cli(t, context.Background(), nil, "experiment", "--list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"kepler", "lorentz", "pendulum", "bounce", "drag"} {
		if !strings.Contains(string(out), w+"\tconfigs/experiments/"+w+".yaml") {
			t.Errorf("--list lacks %s:\n%s", w, out)
		}
	}
}

// TestExperimentCLI runs a short experiment through the command: every rung (vidlm's sensor
// model included), the video coded by vidlm's default video model and tracked by GoCV.
func TestExperimentCLI(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "short.yaml")
	os.WriteFile(cfg, []byte("world: kepler\nsamples: 1000\nvideo:\n  frames: 5\n  every: 200\n  size: 64\n"), 0o644)
	out := filepath.Join(dir, "res")
	code, stdout, errOut := cli(t, context.Background(), nil, "experiment", cfg, "-o", out, "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if len(stdout) != 0 {
		t.Errorf("-q printed %q", stdout)
	}
	md, err := os.ReadFile(filepath.Join(out, "results.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"| vidlm |", "| law (", "vidlm (default video model)", "GoCV", "RMS error"} {
		if !strings.Contains(string(md), s) {
			t.Errorf("results.md lacks %q:\n%s", s, md)
		}
	}
	// an impossible value names the key and the file, and is a usage error
	code, _, errOut = cli(t, context.Background(), nil, "experiment", cfg, "-o", filepath.Join(dir, "x"), "--set", "noise=-1")
	if code != 2 || !strings.Contains(errOut, cfg) || !strings.Contains(errOut, "params.noise") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// a broken second config is found before the first one runs: nothing is written
	broken := filepath.Join(dir, "broken.yaml")
	os.WriteFile(broken, []byte("world: kepler\nsamples: 1000\nnosuch: 3\n"), 0o644)
	code, _, errOut = cli(t, context.Background(), nil, "experiment", cfg, broken, "-o", filepath.Join(dir, "y"))
	if code != 2 || !strings.Contains(errOut, broken) || !strings.Contains(errOut, "nosuch") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "y")); !os.IsNotExist(err) {
		t.Errorf("a run started before the broken config was found: %v", err)
	}
	code, _, errOut = cli(t, context.Background(), nil, "experiment", cfg)
	if code != 2 {
		t.Fatalf("no -o: exit %d: %s", code, errOut)
	}
}
