package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fullDisk returns a directory on a small tmpfs (smallDisk) that is full: a file, filler,
// takes every block, so that any write into it fails with ENOSPC (creating a file or a
// directory still succeeds: they take no block on tmpfs, which is how a failed output leaves
// an empty directory or file behind).
func fullDisk(t *testing.T) string {
	t.Helper()
	dir := smallDisk(t, 256<<10)
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			break
		}
	}
	f.Close()
	return dir
}

// encodedInputs writes into src the recording's inputs (imu-pan.y4m, imu.csv, gps.csv,
// odd.csv, plain.csv) and a 4-frame clip.y4m, and encodes the three kinds of file from them
// and testdata: clip.vlm (video), log.vlm (a sensor log) and rec.vlm (a recording).
func encodedInputs(t *testing.T, src string) {
	t.Helper()
	in := func(n string) string { return filepath.Join(src, n) }
	recordingInputs(t, src) // imu-pan.y4m, imu.csv, gps.csv, odd.csv, plain.csv
	testClips(t, src, 4)    // clip.y4m
	for _, args := range [][]string{
		{"encode", "-q", in("clip.y4m"), "-o", in("clip.vlm")},
		{"encode", "-q", "../../testdata/co2_mauna_loa.csv", "-o", in("log.vlm")},
		{"encode", "-q", in("imu-pan.y4m"), in("imu.csv"), in("gps.csv"), "-o", in("rec.vlm")},
	} {
		if code, _, stderr := vidlmRun(t, nil, args...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
	}
}

// TestCLIDiskFullEveryOutput: every command and flag that writes a file or a directory, made
// to write onto a full disk, exits with status 1 and an error naming the output, and leaves
// nothing there: no file, no temporary, no directory (not even an empty one).
func TestCLIDiskFullEveryOutput(t *testing.T) {
	src := t.TempDir()
	in := func(n string) string { return filepath.Join(src, n) }
	encodedInputs(t, src)
	cfg := in("short.yaml")
	write(t, cfg, []byte("world: kepler\nsamples: 1000\nvideo:\n  frames: 3\n  every: 200\n  size: 32\n"))
	cfg2 := in("short2.yaml")
	write(t, cfg2, []byte("name: short2\nworld: kepler\nsamples: 1000\nvideo:\n  frames: 3\n  every: 200\n  size: 32\n"))

	csv, err := os.ReadFile("../../testdata/co2_mauna_loa.csv")
	if err != nil {
		t.Fatal(err)
	}
	// a corpus of one log for bench --corpus
	if err := os.Mkdir(in("corpus"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(in("corpus"), "co2.csv"), csv)
	// bench --exec runs this binary (the test's) as vidlm: TestMain then runs main
	t.Setenv("VIDLM_TEST_AS_MAIN", "1")
	full := fullDisk(t)
	at := func(n string) string { return filepath.Join(full, n) }
	for _, c := range []struct {
		name string
		args []string
		out  string // the output the error must name
	}{
		{"encode video", []string{"encode", in("clip.y4m"), "-o", at("v.vlm")}, at("v.vlm")},
		{"encode video to a new directory", []string{"encode", in("clip.y4m"), "-o", at("new/v.vlm")}, at("new/v.vlm")},
		{"encode sensor log", []string{"encode", "../../testdata/co2_mauna_loa.csv", "-o", at("s.vlm")}, at("s.vlm")},
		{"encode recording", []string{"encode", in("imu-pan.y4m"), in("imu.csv"), in("gps.csv"), "-o", at("r.vlm")}, at("r.vlm")},
		{"encode --report", []string{"encode", in("clip.y4m"), "-o", in("v2.vlm"), "--report", at("rep"), "--report-video", "none"}, at("rep")},
		{"encode --report (sensor)", []string{"encode", "../../testdata/co2_mauna_loa.csv", "-o", in("s2.vlm"), "--report", at("rep")}, at("rep")},
		{"decode video", []string{"decode", in("clip.vlm"), "-o", at("out.y4m")}, at("out.y4m")},
		{"decode video raw", []string{"decode", in("clip.vlm"), "-o", at("out.raw")}, at("out.raw")},
		{"decode sensor log", []string{"decode", in("log.vlm"), "-o", at("out.csv")}, at("out.csv")},
		{"decode recording to a directory", []string{"decode", in("rec.vlm"), "-o", at("recdir") + "/"}, at("recdir")},
		{"decode recording to a nested directory", []string{"decode", in("rec.vlm"), "-o", at("a/b") + "/"}, at("a/b")},
		{"decode recording to the full directory", []string{"decode", in("rec.vlm"), "-o", full + "/"}, full},
		{"decode --stream", []string{"decode", in("rec.vlm"), "--stream", "imu.csv", "-o", at("imu.csv")}, at("imu.csv")},
		{"decode --salvage", []string{"decode", "--salvage", in("clip.vlm"), "-o", at("salv.y4m")}, at("salv.y4m")},
		{"samples pan", []string{"samples", "pan", "--frames", "2", "--size", "64x48", "-o", at("pan.y4m")}, at("pan.y4m")},
		{"samples imu-pan", []string{"samples", "imu-pan", "--frames", "2", "--size", "64x48", "-o", at("ip")}, at("ip")},
		{"encode --report with its heatmap video", []string{"encode", in("clip.y4m"), "-o", in("v3.vlm"), "--report", at("rep"), "--report-frames", "99"}, at("rep")},
		{"report video", []string{"report", in("clip.vlm"), "--video", "none", "-o", at("rep")}, at("rep")},
		{"report video with its heatmap video", []string{"report", in("clip.vlm"), "-o", at("rep"), "--frames", "99"}, at("rep")},
		{"report sensor log", []string{"report", in("log.vlm"), "-o", at("rep")}, at("rep")},
		{"report recording", []string{"report", in("rec.vlm"), "-o", at("rep")}, at("rep")},
		{"experiment", []string{"experiment", cfg, "-o", at("exp")}, at("exp")},
		{"experiment of two configs", []string{"experiment", cfg, cfg2, "-o", at("exps")}, at("exps")},
		{"experiment sweep", []string{"experiment", cfg, "--set", "seed=1,2", "-o", at("sweep")}, at("sweep")},
		{"bench --tmpdir", []string{"bench", "-", "--kind", "sensor", "--tools", "vidlm", "--tmpdir", full}, full + "/"},
		{"bench --corpus --exec", []string{"bench", "--corpus", in("corpus"), "--exec", "--paq8px", "none", "--tmpdir", full}, full + "/"},
		{"--cpuprofile", []string{"info", in("clip.vlm"), "--cpuprofile", at("cpu.prof")}, at("cpu.prof")},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			var stdin []byte
			if c.args[1] == "-" {
				stdin = csv
			}
			code, _, stderr := vidlmRun(t, stdin, append(c.args, "-q")...)
			// The error names the output, or a file in the output directory.
			named := strings.Contains(stderr, c.out+": ") || strings.Contains(stderr, strings.TrimSuffix(c.out, "/")+"/")
			if code != 1 || !named || !strings.HasPrefix(stderr, "vidlm: ") {
				t.Errorf("exit %d, stderr %q; want exit 1 and an error naming %s", code, stderr, c.out)
			}
			if strings.Contains(stderr, "vidlm-tmp") {
				t.Errorf("the error names a temporary: %q", stderr)
			}
			if left := dirEntries(t, full); len(left) != 1 || left[0] != "filler" {
				t.Errorf("left %v on the full disk", left)
				for _, n := range left {
					if n != "filler" {
						os.RemoveAll(filepath.Join(full, n))
					}
				}
			}
		})
	}
}

// TestBenchCorpusExecDiskFull: bench --corpus --exec whose scratch directory fills up between
// the encode (which fits) and the decode (which does not) exits 1 with an error naming the
// scratch file and the full disk, not a round trip that failed, and removes its scratch
// directory.
func TestBenchCorpusExecDiskFull(t *testing.T) {
	src := t.TempDir()
	csv, err := os.ReadFile("../../testdata/co2_mauna_loa.csv") // 34 KB, coded in 2 KB
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(src, "co2.csv"), csv)
	t.Setenv("VIDLM_TEST_AS_MAIN", "1") // bench --exec runs this binary as vidlm
	full := fullDisk(t)
	// free 16 KB: room for the .vlm, not for the decoded log
	filler := filepath.Join(full, "filler")
	st, err := os.Stat(filler)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filler, st.Size()-16<<10); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := vidlmRun(t, nil, "bench", "-q", "--corpus", src, "--exec", "--paq8px", "none", "--tmpdir", full)
	if code != 1 || !strings.Contains(stderr, full+"/vidlm-bench-") || !strings.Contains(stderr, "no space left on device") ||
		strings.Contains(stderr, "round trip") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q; want exit 1 and one line naming the scratch file and the full disk", code, stderr)
	}
	if left := dirEntries(t, full); len(left) != 1 || left[0] != "filler" {
		t.Errorf("left %v on the disk", left)
	}
}
