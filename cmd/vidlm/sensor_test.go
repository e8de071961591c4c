package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// leftovers lists the temporary files a failed command may have left in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, ".*vidlm-tmp*"))
	return m
}

func TestSensorCLIRoundTrip(t *testing.T) {
	dir := t.TempDir()
	log, err := os.ReadFile("../../testdata/imu_fusion.csv")
	if err != nil {
		t.Fatal(err)
	}
	log = log[:300000]
	in := filepath.Join(dir, "log.csv")
	os.WriteFile(in, log, 0o644)
	vlm := filepath.Join(dir, "log.vlm")
	if code, _, stderr := vidlmRun(t, nil, "encode", in, "-o", vlm); code != 0 {
		t.Fatalf("encode: %d %s", code, stderr)
	}
	out := filepath.Join(dir, "out.csv")
	if code, _, stderr := vidlmRun(t, nil, "decode", vlm, "-o", out); code != 0 {
		t.Fatalf("decode: %d %s", code, stderr)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, log) {
		t.Fatal("decoded log differs")
	}
	code, stdout, _ := vidlmRun(t, nil, "info", vlm)
	if code != 0 || !strings.Contains(stdout, "rows, 10 columns") || !strings.Contains(stdout, "Magnetometer Z (uT)") {
		t.Fatalf("info: %d %s", code, stdout)
	}
	if code, stdout, _ := vidlmRun(t, nil, "info", "--json", vlm); code != 0 || !strings.Contains(stdout, `"bits_per_value"`) {
		t.Fatalf("info --json: %d %s", code, stdout)
	}
	if code, stdout, _ := vidlmRun(t, nil, "verify", vlm); code != 0 || !strings.Contains(stdout, "OK") {
		t.Fatalf("verify: %d %s", code, stdout)
	}
	// stdin to stdout.
	code, enc, stderr := vidlmRun(t, log, "encode", "--kind", "sensor", "-", "-o", "-")
	if code != 0 {
		t.Fatalf("encode from stdin: %d %s", code, stderr)
	}
	code, dec, stderr := vidlmRun(t, []byte(enc), "decode", "-", "-o", "-")
	if code != 0 || dec != string(log) {
		t.Fatalf("decode to stdout: %d %s", code, stderr)
	}
	// Binary garbage named .csv round-trips too.
	rng := rand.New(rand.NewPCG(7, 8))
	garbage := make([]byte, 5000)
	for i := range garbage {
		garbage[i] = byte(rng.Uint32())
	}
	os.WriteFile(in, garbage, 0o644)
	if code, _, stderr := vidlmRun(t, nil, "encode", "--force", in, "-o", vlm); code != 0 {
		t.Fatalf("encode garbage: %d %s", code, stderr)
	}
	if code, _, stderr := vidlmRun(t, nil, "decode", "--force", vlm, "-o", out); code != 0 {
		t.Fatalf("decode garbage: %d %s", code, stderr)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, garbage) {
		t.Fatal("decoded garbage differs")
	}
}

// TestSensorCLIBadInput: every bad input gets exit status 1 or 2 and one line on stderr that
// names the file, and leaves no output behind.
func TestSensorCLIBadInput(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.vlm")
	csv := filepath.Join(dir, "log.csv")
	os.WriteFile(csv, []byte("t,x\n0,1.5\n0.01,1.25\n0.02,1.0\n"), 0o644)
	if code, _, stderr := vidlmRun(t, nil, "encode", csv, "-o", good); code != 0 {
		t.Fatal(stderr)
	}
	vlm, _ := os.ReadFile(good)
	bad := filepath.Join(dir, "bad.vlm")
	flipped := bytes.Clone(vlm)
	flipped[len(flipped)/2] ^= 0x40
	truncated := vlm[:len(vlm)-20]
	garbage := filepath.Join(dir, "garbage.vlm")
	os.WriteFile(garbage, []byte("not a vlm at all\n"), 0o644)
	cases := []struct {
		name  string
		setup func()
		args  []string
		code  int
		want  string
	}{
		{"missing input", nil, []string{"encode", filepath.Join(dir, "none.csv"), "-o", filepath.Join(dir, "x.vlm")}, 1, "none.csv"},
		{"directory input", nil, []string{"encode", "--kind", "sensor", dir, "-o", filepath.Join(dir, "x.vlm")}, 1, "directory"},
		{"not a vlm", nil, []string{"decode", garbage, "-o", filepath.Join(dir, "x.csv")}, 1, "garbage.vlm"},
		{"flipped byte", func() { os.WriteFile(bad, flipped, 0o644) }, []string{"decode", bad, "-o", filepath.Join(dir, "x.csv")}, 1, "corrupt"},
		{"truncated", func() { os.WriteFile(bad, truncated, 0o644) }, []string{"decode", bad, "-o", filepath.Join(dir, "x.csv")}, 1, "bad.vlm"},
		{"verify flipped", func() { os.WriteFile(bad, flipped, 0o644) }, []string{"verify", bad}, 1, "corrupt"},
		{"sensor to video", nil, []string{"decode", good, "-o", filepath.Join(dir, "x.y4m")}, 2, "sensor log"},
		{"existing output", nil, []string{"encode", csv, "-o", good}, 1, "already exists"},
		{"input as output", nil, []string{"encode", "--force", csv, "-o", csv}, 1, "input"},
	}
	for _, c := range cases {
		if c.setup != nil {
			c.setup()
		}
		code, _, stderr := vidlmRun(t, nil, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d (want %d), stderr %q (want one line with %q)", c.name, code, c.code, stderr, c.want)
		}
		if l := leftovers(t, dir); len(l) > 0 {
			t.Errorf("%s: left %v", c.name, l)
		}
		if _, err := os.Stat(filepath.Join(dir, "x.csv")); err == nil {
			t.Errorf("%s: left an output file", c.name)
		}
	}
	if got, _ := os.ReadFile(csv); string(got) != "t,x\n0,1.5\n0.01,1.25\n0.02,1.0\n" {
		t.Error("the input was changed")
	}
}
