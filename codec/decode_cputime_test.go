//go:build linux

package codec

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// threadCPUTime is the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID, exact, where
// getrusage's RUSAGE_THREAD moves only at the scheduler's ticks).
func threadCPUTime() time.Duration {
	var ts syscall.Timespec
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 3, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}

// TestDecodeCPUTime (a measurement, run only with VIDLM_DECODE_CPUTIME=FILE.vlm) decodes FILE
// VIDLM_DECODE_PASSES times (5 unless set) with one thread locked to its OS thread, takes each
// frame's least thread CPU time over the passes and logs their sum: a figure of the decoder's
// per-sample work that the other users of a shared machine move by about ±1.5 % (their
// caches and interrupts), where whole-process times move by 5-15 % (ARCHITECTURE.md,
// Performance, the fifteenth and twenty-fourth rounds). The hash (the after task) runs on
// another goroutine and is not in the sum.
func TestDecodeCPUTime(t *testing.T) {
	path := os.Getenv("VIDLM_DECODE_CPUTIME")
	if path == "" {
		t.Skip("a measurement: set VIDLM_DECODE_CPUTIME=FILE.vlm")
	}
	passes, _ := strconv.Atoi(os.Getenv("VIDLM_DECODE_PASSES"))
	if passes <= 0 {
		passes = 5
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var least, sums []time.Duration
	for range passes {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		d, err := NewDecoder(bufio.NewReaderSize(f, 1<<20), WithThreads(1), WithoutCosts())
		if err != nil {
			t.Fatal(err)
		}
		var sum time.Duration
		for i := 0; ; i++ {
			c0 := threadCPUTime()
			fr, err := d.ReadFrame()
			c := threadCPUTime() - c0
			if err != nil || fr == nil {
				break
			}
			if i == len(least) {
				least = append(least, c)
			} else {
				least[i] = min(least[i], c)
			}
			sum += c
		}
		f.Close()
		sums = append(sums, sum)
	}
	var tot time.Duration
	for _, c := range least {
		tot += c
	}
	t.Logf("%s: %d frames, the frames' least CPU times summed %.4f s; the passes %v", path, len(least), tot.Seconds(), sums)
}
