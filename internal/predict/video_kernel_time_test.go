//go:build linux

package predict

import (
	"math/rand"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// kernelThreadCPU is the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID): on the shared
// machine a thread's CPU time follows the other users' load much less than the clock does.
func kernelThreadCPU() time.Duration {
	var ts syscall.Timespec
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 3, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}

// TestKernelTime (a measurement, run only with VIDLM_KERNEL_TIME=1) calls the decoder's
// kernels back to back on tables that stay in L1 (eight contexts, as newAsmState's), one
// thread locked to its OS thread, and logs the least CPU time per call over five runs: the
// kernels' own latency, with each call's weights and counters the previous call's (the store
// of one call is the load of the next), to set beside their cost per decision in a decoding
// (ARCHITECTURE.md, Performance, twenty-fourth round).
func TestKernelTime(t *testing.T) {
	if os.Getenv("VIDLM_KERNEL_TIME") == "" {
		t.Skip("a measurement: set VIDLM_KERNEL_TIME=1")
	}
	if !haveCodeAsm || !useCodeAsm {
		t.Skip("no assembly on this build or CPU")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const n = 2000000
	setup := func() (*asmState, []int) {
		rnd := rand.New(rand.NewSource(1))
		s := newAsmState(rnd)
		s.in = make([]byte, 1<<23)
		rnd.Read(s.in)
		s.d.Reset(s.in)
		s.m.limit, s.m.mixRate = 255, 12
		ctx := make([]int, 4096)
		for i := range ctx {
			ctx[i] = rnd.Intn(8)
		}
		return s, ctx
	}
	for _, sets := range []int{1, 8} {
		run := func(call func(s *asmState, c int) int64) float64 {
			best := time.Duration(1 << 62)
			for range 5 {
				s, ctx := setup()
				var sum int64
				c0 := kernelThreadCPU()
				for i := range n {
					c := ctx[i&4095]
					sum += call(s, c)
					if s.d.Pos > len(s.in)-64 {
						s.d.Reset(s.in)
					}
				}
				best = min(best, kernelThreadCPU()-c0)
				if sum == -1 {
					t.Log(sum)
				}
			}
			return float64(best.Nanoseconds()) / n
		}
		skip := func(s *asmState, c int) int64 {
			s.m.skipCtx[0], s.m.skipCtx[1], s.m.skipCtx[2], s.m.skipCtx[3] = c, c^1, c^2, c^3
			s.m.skipSet = c % sets
			return decSkipAsm(&s.m, &s.d)
		}
		skipGo := func(s *asmState, c int) int64 {
			s.m.skipCtx[0], s.m.skipCtx[1], s.m.skipCtx[2], s.m.skipCtx[3] = c, c^1, c^2, c^3
			s.m.skipSet = c % sets
			return int64(s.m.decSkip(&s.d, nil))
		}
		res := func(s *asmState, c int) int64 {
			s.m.rset = c % sets
			return decResidualAsm(&s.m, &s.d, c&1 == 0, 8)
		}
		resGo := func(s *asmState, c int) int64 {
			s.m.rset = c % sets
			return s.m.decResidualGo(&s.d, nil, c&1 == 0, 8)
		}
		t.Logf("weight sets %d: decSkipAsm %.1f ns a call (Go path %.1f), decResidualAsm %.1f ns (Go path %.1f)",
			sets, run(skip), run(skipGo), run(res), run(resGo))
	}
}
