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
