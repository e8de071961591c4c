package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Files are coded by segments in parallel, pipes in order: the same .vlm, the same decoded
// bytes. A y4m whose FRAME lines carry parameters falls back to the sequential coders.
func TestCLISegmentsParallel(t *testing.T) {
	dir := t.TempDir()
	y4m, _ := testClips(t, dir, 10)
	// The same frames with parameters on one FRAME line: frame 4's.
	header := y4m[:bytes.IndexByte(y4m, '\n')+1]
	frames := bytes.Split(y4m[len(header):], []byte("FRAME\n"))[1:]
	withParams := bytes.Clone(header)
	for i, f := range frames {
		if i == 4 {
			withParams = append(withParams, "FRAME Ixyz\n"...)
		} else {
			withParams = append(withParams, "FRAME\n"...)
		}
		withParams = append(withParams, f...)
	}
	os.WriteFile(filepath.Join(dir, "params.y4m"), withParams, 0o644)

	var runs []string
	segmentsCoded = func(op string, segments, workers int) {
		runs = append(runs, fmt.Sprintf("%s %d×%d", op, segments, workers))
	}
	defer func() { segmentsCoded = nil }()
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		input  []byte
		args   []string
		frames int
		runs   []string // the parallel runs expected of encoding the file, then of decoding it
	}{
		{"clip.y4m", y4m, []string{"--segment", "3", "--tiles", "1", "--threads", "2"}, 10, []string{"encode 4×2", "decode 4×2"}},
		{"clip.y4m", y4m, []string{"--segment", "3", "--tiles", "2", "--threads", "5", "--frames", "7"}, 7, []string{"encode 3×3", "decode 3×3"}},
		// Each segment at once takes ~9.7 MB here (SegmentWorkerBytes): 20 MiB allow two of
		// the 4 threads' worth, 10 MiB only one, so the segments are coded in order.
		{"clip.y4m", y4m, []string{"--segment", "3", "--tiles", "1", "--threads", "4", "--memory", "20"}, 10, []string{"encode 4×2", "decode 4×2"}},
		{"clip.y4m", y4m, []string{"--segment", "3", "--tiles", "1", "--threads", "4", "--memory", "10"}, 10, nil},
		// No more threads than tiles: the tiles keep them busy, segments are coded in order.
		{"clip.y4m", y4m, []string{"--segment", "3", "--tiles", "2", "--threads", "2"}, 10, nil},
		{"clip.y4m", y4m, []string{"--segment", "3", "--tiles", "1", "--threads", "1"}, 10, nil},
		{"clip.y4m", y4m, []string{"--segment", "10", "--tiles", "1", "--threads", "2"}, 10, nil}, // one segment
		{"params.y4m", withParams, []string{"--segment", "3", "--tiles", "1", "--threads", "2"}, 10, nil},
	} {
		what := fmt.Sprintf("%s %v", c.name, c.args)
		want := c.input
		if c.frames < 10 {
			want = c.input[:len(header)+c.frames*len("FRAME\n"+string(frames[0]))]
		}
		runs = nil
		file, pipe := filepath.Join(dir, "file.vlm"), filepath.Join(dir, "pipe.vlm")
		args := append([]string{"encode", filepath.Join(dir, c.name), "-o", file, "-q", "--force", "--file-id", "5e9"}, c.args...)
		if code, _, stderr := cli(t, ctx, nil, args...); code != 0 {
			t.Fatalf("%s: %s", what, stderr)
		}
		args = append([]string{"encode", "-", "-o", pipe, "-q", "--force", "--file-id", "5e9"}, c.args...)
		if code, _, stderr := cli(t, ctx, c.input, args...); code != 0 {
			t.Fatalf("%s from a pipe: %s", what, stderr)
		}
		a, _ := os.ReadFile(file)
		b, _ := os.ReadFile(pipe)
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Fatalf("%s: the file gives %d bytes, the pipe %d; they differ", what, len(a), len(b))
		}
		// The decodes get the encode's --threads and --memory.
		var decodeArgs []string
		for _, flag := range []string{"--threads", "--memory"} {
			if i := slices.Index(c.args, flag); i >= 0 {
				decodeArgs = append(decodeArgs, flag, c.args[i+1])
			}
		}
		for _, out := range []string{"out.y4m", "out.raw"} {
			out = filepath.Join(dir, out)
			args := append([]string{"decode", file, "-o", out, "-q", "--force"}, decodeArgs...)
			if code, _, stderr := cli(t, ctx, nil, args...); code != 0 {
				t.Fatalf("%s: decode to %s: %s", what, out, stderr)
			}
			if got, _ := os.ReadFile(out); !bytes.Equal(got, want) {
				t.Fatalf("%s: %s (%d bytes) differs from the original (%d bytes)", what, out, len(got), len(want))
			}
		}
		code, stdout, stderr := cli(t, ctx, a, "decode", "-", "-o", "-", "-q")
		if code != 0 || !bytes.Equal(stdout, want) {
			t.Fatalf("%s: decode through pipes: exit %d, %s", what, code, stderr)
		}
		wantRuns := c.runs
		if wantRuns != nil {
			wantRuns = append(wantRuns, wantRuns[1]) // the .raw output is decoded by segments too
		}
		if !reflect.DeepEqual(runs, wantRuns) {
			t.Errorf("%s: parallel runs %q, want %q", what, runs, wantRuns)
		}
	}

	// Interrupted, the parallel coders leave nothing behind.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	before := dirEntries(t, dir)
	for _, args := range [][]string{
		{"encode", filepath.Join(dir, "clip.y4m"), "-o", filepath.Join(dir, "new.vlm"), "--segment", "3", "--tiles", "1", "--threads", "2"},
		{"decode", filepath.Join(dir, "file.vlm"), "-o", filepath.Join(dir, "new.y4m"), "--threads", "2"},
	} {
		code, _, stderr := cli(t, cancelled, nil, args...)
		if code == 0 || !strings.Contains(stderr, "interrupted") {
			t.Errorf("%v interrupted: exit %d, %q", args, code, stderr)
		}
		if after := dirEntries(t, dir); !reflect.DeepEqual(after, before) {
			t.Errorf("%v interrupted left %v", args, after)
		}
	}
}
