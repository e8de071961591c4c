package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// interruptCtx is a command's context that is cancelled (Err) at a chosen call of Err: the
// fireAt-th since the input's last Read (sinceRead), or the fireAt-th in all. It stands for a
// SIGTERM arriving at a known point of the coding, without clocks.
type interruptCtx struct {
	context.Context
	mu        sync.Mutex
	sinceRead bool
	fireAt    int
	calls     int // of Err, since the last Read if sinceRead
	reads     int // of the input
	fired     bool
	readsThen int // reads when it fired
}

func (c *interruptCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.fired {
		if c.calls++; c.calls >= c.fireAt {
			c.fired, c.readsThen = true, c.reads
		}
	}
	if c.fired {
		return context.Canceled
	}
	return nil
}

// countingReader is an input that tells ctx about each Read.
type countingReader struct {
	r   *bytes.Reader
	ctx *interruptCtx
}

func (r *countingReader) Read(p []byte) (int, error) {
	r.ctx.mu.Lock()
	r.ctx.reads++
	if r.ctx.sinceRead {
		r.ctx.calls = 0
	}
	r.ctx.mu.Unlock()
	return r.r.Read(p)
}

// interruptLog is a CSV log of at least n bytes.
func interruptLog(n int) []byte {
	var b bytes.Buffer
	b.WriteString("t,x,y,z\n")
	x, y := 0, 500
	for i := 0; b.Len() < n; i++ {
		x += i%7 - 3
		y += (i*13)%5 - 2
		fmt.Fprintf(&b, "%d.%02d,%d,%d.%d,%d\n", i/100, i%100, x, y, i%10, (i*i)%1000)
	}
	return b.Bytes()
}

// TestSensorCLIInterruptInsideBlock: an interruption (the command's context cancelled) stops a
// sensor encode inside the block being coded, not after it: the context fires at its fourth
// check since the input's last Read, which only a check inside the coding of the block that
// Read completed can reach (copyInterruptible checks once per Read); the encode then reads no
// more input and fails with a one-line "interrupted; no output written", leaving nothing. The
// same for a decode and a verify, the context firing at its fourth check in all (one before
// each Read of the decoder: the header row, then inside the block).
func TestSensorCLIInterruptInsideBlock(t *testing.T) {
	dir := t.TempDir()
	log := interruptLog(1<<20 + 200<<10) // the first block is coded by a Write, the rest by Close
	out := filepath.Join(dir, "log.vlm")
	ctx := &interruptCtx{Context: context.Background(), sinceRead: true, fireAt: 4}
	in := &countingReader{r: bytes.NewReader(log), ctx: ctx}
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"encode", "--kind", "sensor", "-", "-o", out}, in, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "interrupted; no output written") || !oneLine(stderr.String()) {
		t.Fatalf("encode: exit %d, %q; want a one-line interrupted error", code, stderr.String())
	}
	if !ctx.fired || ctx.reads != ctx.readsThen || ctx.readsThen*(64<<10) <= 1<<20 {
		t.Errorf("encode: fired %v after %d reads of 64 KiB, %d reads in all; want it inside the first block, no read after", ctx.fired, ctx.readsThen, ctx.reads)
	}
	if left := dirEntries(t, dir); len(left) != 0 {
		t.Fatalf("encode interrupted left %v", left)
	}

	small := filepath.Join(dir, "small.vlm")
	os.WriteFile(filepath.Join(dir, "small.csv"), log[:200<<10], 0o644)
	if code, _, stderr := cli(t, context.Background(), nil, "encode", "-q", filepath.Join(dir, "small.csv"), "-o", small); code != 0 {
		t.Fatal(stderr)
	}
	before := dirEntries(t, dir)
	for _, args := range [][]string{{"decode", small, "-o", filepath.Join(dir, "out.csv")}, {"verify", small}} {
		ctx := &interruptCtx{Context: context.Background(), fireAt: 4}
		code, _, stderr := cli(t, ctx, nil, args...)
		if code != 1 || !strings.Contains(stderr, "interrupted") || !oneLine(stderr) || !ctx.fired {
			t.Errorf("%v: exit %d, %q (fired %v); want a one-line interrupted error", args, code, stderr, ctx.fired)
		}
		if after := dirEntries(t, dir); !slices.Equal(after, before) {
			t.Errorf("%v interrupted left %v", args, after)
		}
	}
}

// TestVideoCLIInterruptInsideFrame: an interruption stops a video encode or decode inside the
// frame being coded, not at its end: with a check every 4 rows of a tile the command's
// context is asked tens of times a frame (a few times a frame before), and fired at the
// middle of those calls the command fails with a one-line "interrupted at frame N" and
// leaves nothing. bench's in-process round trip too.
func TestVideoCLIInterruptInsideFrame(t *testing.T) {
	dir := t.TempDir()
	r, frames := testclip.Y4M(t, "../../testdata/vtest_crop.y4m") // 160x120
	var y4m bytes.Buffer
	w := vision.NewY4MWriter(&y4m, r.Header.Line)
	for _, f := range frames[:2] {
		w.WriteFrame(f)
	}
	w.Close()
	clip, vlm := filepath.Join(dir, "clip.y4m"), filepath.Join(dir, "clip.vlm")
	write(t, clip, y4m.Bytes())
	if code, _, stderr := cli(t, context.Background(), nil, "encode", "-q", clip, "-o", vlm); code != 0 {
		t.Fatal(stderr)
	}
	before := dirEntries(t, dir)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"encode", clip, "-o", filepath.Join(dir, "x.vlm"), "--threads", "1"}, "interrupted at frame "},
		{[]string{"decode", vlm, "-o", filepath.Join(dir, "out.y4m"), "--threads", "1"}, "interrupted at frame "},
		{[]string{"bench", "-q", clip, "--tools", "vidlm", "--threads", "1"}, ": interrupted"},
	} {
		args := c.args
		never := &interruptCtx{Context: context.Background(), fireAt: 1 << 30}
		if code, _, stderr := cli(t, never, nil, args...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
		if args[0] != "bench" {
			os.Remove(args[3])
		}
		// 4 tiles of 30 luma and 2×15 chroma rows: 15 checks each, 60 a frame
		if never.calls < 2*60 {
			t.Fatalf("%v: the context was asked %d times for 2 frames", args, never.calls)
		}
		ctx := &interruptCtx{Context: context.Background(), fireAt: never.calls / 2}
		code, _, stderr := cli(t, ctx, nil, args...)
		if code != 1 || !strings.Contains(stderr, c.want) || !oneLine(stderr) || !ctx.fired {
			t.Errorf("%v: exit %d, %q (fired %v at %d of %d); want a one-line interrupted error", args, code, stderr, ctx.fired, ctx.fireAt, never.calls)
		}
		if after := dirEntries(t, dir); !slices.Equal(after, before) {
			t.Errorf("%v interrupted left %v", args, after)
		}
	}
}
