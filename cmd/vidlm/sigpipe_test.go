package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIClosedPipe: vidlm as a process whose stdout or stderr is a pipe nobody reads (the
// reader gone, as in vidlm info x.vlm | head -c1) is never killed by SIGPIPE. A command whose
// results go to the closed stdout exits 1 saying so on stderr; an encode whose stderr (its
// summary) is closed still writes its output, complete, and exits 0.
func TestCLIClosedPipe(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "log.csv")
	write(t, in, interruptLog(64<<10))
	vlm := filepath.Join(dir, "log.vlm")
	if code, _, stderr := vidlmRun(t, nil, "encode", "-q", in, "-o", vlm); code != 0 {
		t.Fatal(stderr)
	}
	closedPipe := func() *os.File {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
		return w
	}
	runWith := func(stdout, stderr *os.File, args ...string) (int, string) {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "VIDLM_TEST_AS_MAIN=1")
		var errBuf bytes.Buffer
		if stderr == nil {
			cmd.Stderr = &errBuf
		} else {
			cmd.Stderr = stderr
		}
		cmd.Stdout = stdout
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			if !ee.Exited() {
				t.Errorf("%v: ended by %v", args, ee.ProcessState)
			}
			return ee.ExitCode(), errBuf.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, errBuf.String()
	}
	for _, args := range [][]string{{"info", vlm}, {"verify", vlm}, {"decode", vlm, "-o", "-"}, {"experiment", "--list"}, {"--help"}} {
		w := closedPipe()
		code, stderr := runWith(w, nil, args...)
		w.Close()
		if code != 1 || !strings.Contains(stderr, "broken pipe") || !oneLine(stderr) {
			t.Errorf("%v with stdout closed: exit %d, %q; want exit 1 and one line on the broken pipe", args, code, stderr)
		}
	}
	out := filepath.Join(dir, "again.vlm")
	w := closedPipe()
	code, _ := runWith(nil, w, "encode", in, "-o", out)
	w.Close()
	if code != 0 {
		t.Fatalf("encode with stderr closed: exit %d", code)
	}
	if code, _, stderr := vidlmRun(t, nil, "verify", "-q", out); code != 0 {
		t.Errorf("the output of the encode with stderr closed: %s", stderr)
	}
	if got := dirEntries(t, dir); strings.Join(got, " ") != "again.vlm log.csv log.vlm" {
		t.Errorf("left %v", got)
	}
}
