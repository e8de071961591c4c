//go:build linux

package predict

import (
	"fmt"
	"math/rand"
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

// BenchmarkDecodeKernelCall calls the decoder's kernels back to back on tables that stay in
// L1 (eight contexts, as newAsmState's), each run locked to its OS thread: the kernels'
// own latency, with each call's weights and counters the previous call's (the store of one
// call is the load of the next), to set beside their cost per decision in a decoding
// (ARCHITECTURE.md, Performance, the twenty-fifth round). Besides ns/op it reports the
// thread's CPU time a call (thread-ns/op), which the machine's other users move much less.
func BenchmarkDecodeKernelCall(b *testing.B) {
	if !haveCodeAsm || !useCodeAsm {
		b.Skip("no assembly on this build or CPU")
	}
	setup := func(apm bool) (*asmState, []int) {
		rnd := rand.New(rand.NewSource(1))
		s := newAsmState(rnd)
		s.in = make([]byte, 1<<23)
		rnd.Read(s.in)
		s.d.Reset(s.in)
		s.m.limit, s.m.mixRate = 255, 12
		if apm {
			// the residual APM (res_apm's contexts), its buckets at the identity
			s.withAPM(rnd)
			s.m.cfg.ResAPM, s.m.cfg.SSE, s.m.apmMul = true, false, resAPMCtxs
			s.apm.t = NewAPM(apmSlots*resAPMCtxs, resAPMRate).t
		}
		ctx := make([]int, 4096)
		for i := range ctx {
			ctx[i] = rnd.Intn(8)
		}
		return s, ctx
	}
	for _, sets := range []int{1, 8} {
		kernels := []struct {
			name string
			apm  bool
			call func(s *asmState, c int) int64
		}{
			{"skip-asm", false, func(s *asmState, c int) int64 {
				s.m.skipCtx[0], s.m.skipCtx[1], s.m.skipCtx[2], s.m.skipCtx[3] = c, c^1, c^2, c^3
				s.m.skipSet = c % sets
				return decSkipAsm(&s.m, &s.d)
			}},
			{"skip-go", false, func(s *asmState, c int) int64 {
				s.m.skipCtx[0], s.m.skipCtx[1], s.m.skipCtx[2], s.m.skipCtx[3] = c, c^1, c^2, c^3
				s.m.skipSet = c % sets
				return int64(s.m.decSkip(&s.d, nil))
			}},
			{"residual-asm", false, func(s *asmState, c int) int64 {
				s.m.rset = c % sets
				return decResidualAsm(&s.m, &s.d, c&1 == 0, 8)
			}},
			{"residual-go", false, func(s *asmState, c int) int64 {
				s.m.rset = c % sets
				return s.m.decResidualGo(&s.d, nil, c&1 == 0, 8)
			}},
			// with res_apm's APM (the sample's context from the same draw)
			{"residual-apm-asm", true, func(s *asmState, c int) int64 {
				s.m.rset, s.m.apmSub = c%sets, c*37%resAPMCtxs
				return decResidualAPMAsm(&s.m, &s.d, c&1 == 0, 8)
			}},
			{"residual-apm-go", true, func(s *asmState, c int) int64 {
				s.m.rset, s.m.apmSub = c%sets, c*37%resAPMCtxs
				return s.m.decResidualGo(&s.d, nil, c&1 == 0, 8)
			}},
		}
		for _, k := range kernels {
			b.Run(fmt.Sprintf("%s/sets=%d", k.name, sets), func(b *testing.B) {
				// each b.Run is a goroutine of its own: the thread's CPU clock needs it locked
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				s, ctx := setup(k.apm)
				var sum int64
				b.ResetTimer()
				c0 := kernelThreadCPU()
				for i := 0; i < b.N; i++ {
					sum += k.call(s, ctx[i&4095])
					if s.d.Pos > len(s.in)-64 {
						s.d.Reset(s.in)
					}
				}
				b.ReportMetric(float64((kernelThreadCPU()-c0).Nanoseconds())/float64(b.N), "thread-ns/op")
				if sum == -1 {
					b.Log(sum)
				}
			})
		}
	}
}
