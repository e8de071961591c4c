package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCLIInterruptEverywhere: the commands that code a recording, report or bench pass the
// command's context down to the coders, so that an interruption stops them wherever it
// lands. Each command is run once with a context that never fires, counting its checks
// (there must be many: not only one per frame or file), then with one that fires at a third,
// at two thirds and at the last of them: exit 1, one line saying "interrupted", and nothing
// left (the directory as before).
func TestCLIInterruptEverywhere(t *testing.T) {
	dir := t.TempDir()
	in := func(n string) string { return filepath.Join(dir, n) }
	if code, _, stderr := vidlmRun(t, nil, "samples", "imu-pan", "-q", "-o", dir, "--frames", "12", "--size", "64x48"); code != 0 {
		t.Fatal(stderr)
	}
	write(t, in("big.csv"), interruptLog(300<<10)) // 0.3 MB of rows at 100 Hz, mostly after the frames
	for _, args := range [][]string{
		{"encode", "-q", in("imu-pan.y4m"), in("imu.csv"), in("big.csv"), "-o", in("rec.vlm")},
		{"encode", "-q", in("big.csv"), "-o", in("big.vlm")},
	} {
		if code, _, stderr := vidlmRun(t, nil, args...); code != 0 {
			t.Fatal(stderr)
		}
	}
	before := dirEntries(t, dir)
	for _, c := range []struct {
		name string
		args []string
	}{
		{"encode recording", []string{"encode", in("imu-pan.y4m"), in("imu.csv"), in("big.csv"), "-o", in("rec2.vlm")}},
		{"decode recording", []string{"decode", in("rec.vlm"), "-o", in("out") + "/"}},
		{"verify recording", []string{"verify", in("rec.vlm")}},
		{"report recording", []string{"report", in("rec.vlm"), "-o", in("rep")}},
		{"report sensor log", []string{"report", in("big.vlm"), "-o", in("rep")}},
		{"bench sensor log", []string{"bench", in("big.csv"), "--tools", "vidlm"}},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			never := &interruptCtx{Context: context.Background(), fireAt: 1 << 60}
			if code, _, stderr := cli(t, never, nil, append(c.args, "-q")...); code != 0 {
				t.Fatalf("not interrupted: exit %d: %s", code, stderr)
			}
			for _, n := range dirEntries(t, dir) {
				if !slices.Contains(before, n) {
					os.RemoveAll(in(n))
				}
			}
			calls := never.calls
			t.Logf("%d checks", calls)
			if calls < 50 {
				t.Fatalf("the context was checked %d times in all", calls)
			}
			for _, at := range []int{calls / 3, calls * 2 / 3, calls} {
				ctx := &interruptCtx{Context: context.Background(), fireAt: at}
				code, _, stderr := cli(t, ctx, nil, append(c.args, "-q")...)
				if code != 1 || !strings.Contains(stderr, "interrupted") || !oneLine(stderr) || !ctx.fired {
					t.Errorf("fired at check %d of %d: exit %d, %q (fired %v); want a one-line interrupted error", at, calls, code, stderr, ctx.fired)
				}
				if after := dirEntries(t, dir); !slices.Equal(after, before) {
					t.Errorf("fired at check %d of %d: left %v", at, calls, after)
					for _, n := range after {
						if !slices.Contains(before, n) {
							os.RemoveAll(in(n))
						}
					}
				}
			}
		})
	}
}
