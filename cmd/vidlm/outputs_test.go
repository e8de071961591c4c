package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/internal/tmpfile"
)

// TestCLIOutputsAtomic: an existing output is refused without --force and replaced whole with
// it, an input is never overwritten (not even through another name), and a failed or
// interrupted run leaves nothing behind.
func TestCLIOutputsAtomic(t *testing.T) {
	dir := t.TempDir()
	y4m, _ := testClips(t, dir, 3)
	in := filepath.Join(dir, "clip.y4m")
	vlm := filepath.Join(dir, "clip.vlm")
	ctx := context.Background()
	if code, _, stderr := cli(t, ctx, nil, "encode", in, "-o", vlm, "-q"); code != 0 {
		t.Fatal(stderr)
	}
	orig, _ := os.ReadFile(vlm)
	st, _ := os.Stat(vlm)
	if st.Mode().Perm() != 0o644 {
		t.Errorf("output mode %v, want 0644", st.Mode().Perm())
	}

	// An existing output: refused, then replaced with --force (keeping its mode).
	out := filepath.Join(dir, "out.y4m")
	os.WriteFile(out, []byte("precious"), 0o640)
	code, _, stderr := cli(t, ctx, nil, "decode", vlm, "-o", out)
	if code != 1 || !strings.Contains(stderr, "already exists (use --force") {
		t.Fatalf("decode onto an existing file: exit %d, %q", code, stderr)
	}
	if b, _ := os.ReadFile(out); string(b) != "precious" {
		t.Fatal("existing output touched without --force")
	}
	code, _, stderr = cli(t, ctx, nil, "encode", in, "-o", out)
	if code != 1 || !strings.Contains(stderr, "already exists") {
		t.Fatalf("encode onto an existing file: exit %d, %q", code, stderr)
	}
	if code, _, stderr = cli(t, ctx, nil, "decode", vlm, "-o", out, "--force", "-q"); code != 0 {
		t.Fatal(stderr)
	}
	if b, _ := os.ReadFile(out); !bytes.Equal(b, y4m) {
		t.Fatal("--force did not replace the output with the decoded stream")
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o640 {
		t.Errorf("replaced output has mode %v, want the old 0640", st.Mode().Perm())
	}

	// Inputs are never overwritten, even with --force and under another name.
	alias := filepath.Join(dir, "alias.y4m")
	if err := os.Link(vlm, alias); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"decode", vlm, "-o", alias, "--force"},
		{"encode", in, "-o", in, "--force"},
		{"decode", vlm, "-o", out, "--force", "--salvage"},
	} {
		if args[3] == out {
			args[3] = alias // salvage onto a hard link of its input
		}
		code, _, stderr := cli(t, ctx, nil, args...)
		if code != 1 || !strings.Contains(stderr, "refusing to overwrite the input") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
	if b, _ := os.ReadFile(vlm); !bytes.Equal(b, orig) {
		t.Fatal("an input was overwritten")
	}
	if b, _ := os.ReadFile(in); !bytes.Equal(b, y4m) {
		t.Fatal("the y4m input was overwritten")
	}
	os.Remove(alias)
	os.Remove(out)

	// Failed and interrupted runs leave nothing.
	before := dirEntries(t, dir)
	short := filepath.Join(t.TempDir(), "short.y4m")
	os.WriteFile(short, y4m[:len(y4m)-10], 0o644)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, c := range []struct {
		ctx  context.Context
		args []string
		want string
	}{
		{ctx, []string{"encode", short, "-o", filepath.Join(dir, "short.vlm")}, "short frame"},
		{cancelled, []string{"encode", in, "-o", filepath.Join(dir, "new.vlm")}, "interrupted"},
		{cancelled, []string{"decode", vlm, "-o", filepath.Join(dir, "new.y4m")}, "interrupted"},
		{cancelled, []string{"decode", vlm, "-o", filepath.Join(dir, "new.y4m"), "--salvage"}, "interrupted"},
		{ctx, []string{"decode", in, "-o", filepath.Join(dir, "new.y4m")}, "not a .vlm"},
		{ctx, []string{"decode", vlm, "-o", filepath.Join(dir, "new.txt")}, "unknown output kind"},
	} {
		code, _, stderr := cli(t, c.ctx, nil, c.args...)
		if code == 0 || !strings.Contains(stderr, c.want) || !oneLine(stderr) {
			t.Errorf("%v: exit %d, %q; want a one-line error about %q", c.args, code, stderr, c.want)
		}
		if after := dirEntries(t, dir); !reflect.DeepEqual(after, before) {
			t.Fatalf("%v left %v", c.args, after)
		}
	}
}

// TestCLIThreadsSameBytes: --threads changes the speed, never the bytes.
func TestCLIThreadsSameBytes(t *testing.T) {
	dir := t.TempDir()
	testClips(t, dir, 3)
	in := filepath.Join(dir, "clip.y4m")
	var first []byte
	for _, n := range []string{"1", "2", "5"} {
		out := filepath.Join(dir, "t"+n+".vlm")
		if code, _, stderr := cli(t, context.Background(), nil, "encode", in, "-o", out, "--threads", n, "--tiles", "3", "-q", "--file-id", "76a3"); code != 0 {
			t.Fatal(stderr)
		}
		b, _ := os.ReadFile(out)
		if first == nil {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Errorf("--threads %s changes the output", n)
		}
	}
}

// TestOutputAppeared: without --force, a file that appears at an output's name while vidlm
// writes is never replaced (two encodes to one name: the second to finish fails), and of
// several outputs (a PNG sequence) either all appear or none.
func TestOutputAppeared(t *testing.T) {
	dir := t.TempDir()
	a := &app{}
	out := filepath.Join(dir, "same.vlm")
	outs := newOutputs(a, false, "in.y4m")
	f, err := outs.create(out)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("ours")
	os.WriteFile(out, []byte("theirs"), 0o644) // another vidlm finished first
	err = outs.commit()
	if err == nil || !strings.Contains(err.Error(), "appeared") || !strings.HasPrefix(err.Error(), out+": ") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("commit over a file that appeared: %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "theirs" {
		t.Fatalf("the file that appeared was replaced: %q", b)
	}
	if got := dirEntries(t, dir); !reflect.DeepEqual(got, []string{"same.vlm"}) {
		t.Fatalf("left %v", got)
	}

	// A sequence: the third frame's name is taken meanwhile; the first two must not stay.
	outs = newOutputs(a, false)
	for i := 1; i <= 3; i++ {
		if err := outs.put(filepath.Join(dir, fmt.Sprintf("f%d.png", i)), []byte("png")); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "f3.png"), []byte("theirs"), 0o644)
	if err := outs.commit(); err == nil || !strings.Contains(err.Error(), "f3.png: ") {
		t.Fatalf("sequence commit: %v", err)
	}
	if got := dirEntries(t, dir); !reflect.DeepEqual(got, []string{"f3.png", "same.vlm"}) {
		t.Fatalf("a failed sequence left %v", got)
	}

	// With --force the last to finish wins.
	outs = newOutputs(a, true)
	f, _ = outs.create(out)
	f.WriteString("forced")
	if err := outs.commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); string(b) != "forced" {
		t.Fatalf("--force: %q", b)
	}
}

// TestCLIStdinIsOutput: `vidlm encode - -o in.y4m --force < in.y4m` must not replace its
// own input.
func TestCLIStdinIsOutput(t *testing.T) {
	dir := t.TempDir()
	y4m, _ := testClips(t, dir, 2)
	in := filepath.Join(dir, "clip.y4m")
	for _, args := range [][]string{
		{"encode", "-", "-o", in, "--force"},
		{"encode", "-", "-o", filepath.Join(dir, "alias.y4m"), "--force"}, // a hard link to it
	} {
		os.Link(in, filepath.Join(dir, "alias.y4m"))
		f, err := os.Open(in)
		if err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, f, &stdout, &stderr)
		f.Close()
		if code != 1 || !strings.Contains(stderr.String(), "refusing to overwrite the input") || !oneLine(stderr.String()) {
			t.Errorf("%v < clip.y4m: exit %d, %q", args, code, stderr.String())
		}
		if b, _ := os.ReadFile(in); !bytes.Equal(b, y4m) {
			t.Fatalf("%v < clip.y4m replaced its input", args)
		}
	}
}

// TestCLIStaleTemporaries: a temporary left by a vidlm that was killed (SIGKILL: no chance
// to clean up) is removed by the next run writing into that directory; a live one is kept.
func TestCLIStaleTemporaries(t *testing.T) {
	dir := t.TempDir()
	testClips(t, dir, 2)
	child := exec.Command("true")
	if err := child.Run(); err != nil {
		t.Fatalf("cannot run a child process: %v", err)
	}
	dead := child.ProcessState.Pid()
	mine, err := os.CreateTemp(dir, tmpfile.Pattern("clip.vlm", ""))
	if err != nil {
		t.Fatal(err)
	}
	mine.Close()
	ours := "-" + strconv.Itoa(os.Getpid()) + "@"
	stale := strings.Replace(mine.Name(), ours, "-"+strconv.Itoa(dead)+"@", 1)
	if err := os.Rename(mine.Name(), stale); err != nil {
		t.Fatal(err)
	}
	live := filepath.Join(dir, filepath.Base(mine.Name())) // this process's: alive
	os.WriteFile(live, nil, 0o600)
	if code, _, stderr := cli(t, context.Background(), nil, "encode", filepath.Join(dir, "clip.y4m"), "-o", filepath.Join(dir, "clip.vlm"), "-q"); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Lstat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dead process's temporary %s is still there", filepath.Base(stale))
	}
	if _, err := os.Lstat(live); err != nil {
		t.Errorf("a live process's temporary was removed: %v", err)
	}
}
