package codec

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync/atomic"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// checkAfter returns an interruption check (WithInterrupt) that reports an interruption from
// its nth call on (never if n is 0), its count of calls, and, through at, the calls made
// when it first fired.
type checkAfter struct {
	n, calls atomic.Int64
	onFire   func()
	fired    atomic.Bool
}

func (c *checkAfter) check() bool {
	k := c.calls.Add(1)
	if n := c.n.Load(); n > 0 && k >= n {
		if !c.fired.Swap(true) && c.onFire != nil {
			c.onFire()
		}
		return true
	}
	return false
}

// interruptLogs are a log whose one block is a bytes block (the byte model's trial and block)
// and a CSV of cell blocks, both coded by Close (shorter than a block).
func interruptLogs() map[string][]byte {
	return map[string][]byte{"bytes": testlog.ReceiverLog(48 << 10), "cells": syntheticLog(60 << 10)}
}

// TestSensorEncodeInterrupt: a check that never fires changes no byte and is called along the
// block (not only between blocks); one that fires inside the block stops the encoder with
// ErrInterrupted (sticky), nothing written after the moment it fired and the check not
// called again, for one thread and two (the bytes trial on its goroutine).
func TestSensorEncodeInterrupt(t *testing.T) {
	for name, log := range interruptLogs() {
		plain, _ := encodeSensorWith(t, log) // (the same for any threads)
		for _, threads := range []int{1, 2} {
			var never checkAfter
			with, _ := encodeSensorWith(t, log, WithThreads(threads), WithInterrupt(never.check))
			calls := never.calls.Load()
			if !bytes.Equal(plain, with) {
				t.Fatalf("%s, %d threads: WithInterrupt changed the file", name, threads)
			}
			if calls < 8 {
				t.Fatalf("%s, %d threads: the check was called %d times in a block", name, threads, calls)
			}
			for _, n := range []int64{1, calls / 3, calls - 1} {
				var buf bytes.Buffer
				c := &checkAfter{}
				c.n.Store(n)
				var atFire int
				c.onFire = func() { atFire = buf.Len() }
				enc, err := NewSensorEncoder(&buf, WithFileID(testFileID), WithThreads(threads), WithInterrupt(c.check))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := enc.Write(log); err != nil {
					t.Fatalf("%s: Write (no block yet): %v", name, err)
				}
				err = enc.Close()
				if !errors.Is(err, ErrInterrupted) {
					t.Fatalf("%s, %d threads, check fires at call %d of %d: Close gave %v", name, threads, n, calls, err)
				}
				if buf.Len() != atFire || len(enc.Stats()) != 0 {
					t.Errorf("%s, %d threads, n %d: %d bytes written when interrupted, %d after, %d blocks", name, threads, n, atFire, buf.Len(), len(enc.Stats()))
				}
				if got := c.calls.Load(); got > n+1 { // (+1: the trial's goroutine may check at once)
					t.Errorf("%s, %d threads, n %d: the check was called %d times", name, threads, n, got)
				}
				if err := enc.Close(); !errors.Is(err, ErrInterrupted) {
					t.Errorf("%s: Close again: %v", name, err)
				}
			}
		}
	}
	if _, err := NewSensorEncoder(io.Discard, WithInterrupt(nil)); err == nil {
		t.Error("WithInterrupt(nil) accepted")
	}
	if _, err := EncodeSegments(context.Background(), io.Discard, VideoParams{}, nil, nil, WithInterrupt(func() bool { return false })); err == nil {
		t.Error("WithInterrupt accepted by EncodeSegments (which takes a context)")
	}
}

// TestSensorDecodeInterrupt: a check that fires inside the block (a bytes block, decoded by
// the caller's goroutine or, with two threads, on one of its own; a cell block) makes Read
// return ErrInterrupted, sticky, without any of the block's bytes; one that never fires is
// called along the block and changes nothing.
func TestSensorDecodeInterrupt(t *testing.T) {
	for name, log := range interruptLogs() {
		vlm, enc := encodeSensorWith(t, log)
		if len(enc.Stats()) != 1 || (enc.bytesN == 1) != (name == "bytes") {
			t.Fatalf("%s: %d blocks, %d bytes blocks", name, len(enc.Stats()), enc.bytesN)
		}
		header := len(enc.Params().Header)
		for _, threads := range []int{1, 2} {
			var never checkAfter
			d, err := NewDecoder(bytes.NewReader(vlm), WithThreads(threads), WithInterrupt(never.check))
			if err != nil {
				t.Fatal(err)
			}
			if out, err := io.ReadAll(d); err != nil || !bytes.Equal(out, log) {
				t.Fatalf("%s, %d threads: round trip with a check: %v", name, threads, err)
			}
			calls := never.calls.Load()
			if calls < 8 {
				t.Fatalf("%s, %d threads: the check was called %d times in a block", name, threads, calls)
			}
			for _, n := range []int64{1, calls / 2, calls} {
				c := &checkAfter{}
				c.n.Store(n)
				d, err := NewDecoder(bytes.NewReader(vlm), WithThreads(threads), WithInterrupt(c.check))
				if err != nil {
					t.Fatal(err)
				}
				out, err := io.ReadAll(d)
				if !errors.Is(err, ErrInterrupted) || len(out) != header {
					t.Fatalf("%s, %d threads, check fires at call %d of %d: %d bytes (header %d), %v", name, threads, n, calls, len(out), header, err)
				}
				if got := c.calls.Load(); got != n {
					t.Errorf("%s, %d threads, n %d: the check was called %d times", name, threads, n, got)
				}
				if k, err := d.Read(make([]byte, 100)); k != 0 || !errors.Is(err, ErrInterrupted) {
					t.Errorf("%s: Read after the interruption: %d, %v", name, k, err)
				}
			}
		}
	}
}
