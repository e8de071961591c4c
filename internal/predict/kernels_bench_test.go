package predict

import "testing"

var kernelSink int32

// BenchmarkVideoKernels puts the video model's per-sample AVX2 kernels beside their Go
// loops, one call per iteration as the coder makes them (a kernel that leaves the CPU in a
// slow AVX/SSE state shows here as one ten times slower than the Go it replaces).
func BenchmarkVideoKernels(b *testing.B) {
	if !haveSAD16 {
		b.Skip("no AVX2")
	}
	var errs [8]int32
	b.Run("recurrence/avx2", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			kernelSink += int32(recurrenceAVX2(&errs, int32(i&15), 3, int32(i&7)))
		}
	})
	b.Run("recurrence/go", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			kernelSink += int32(updateRecurrence(&errs, int32(i&15), 3, int32(i&7)))
		}
	})
	var sub [subSlots]int32
	for k := range sub {
		sub[k] = int32(k*37) & 1023
	}
	const mask = 0xFFFF0F0F
	b.Run("spread/avx2", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			kernelSink += spreadAVX2(&sub, mask, 1023)
		}
	})
	b.Run("spread/go", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			lo, hi := int32(1023), int32(0)
			for k := 0; k < subSlots; k++ {
				if mask>>k&1 != 0 {
					lo, hi = min(lo, sub[k]), max(hi, sub[k])
				}
			}
			kernelSink += hi - lo
		}
	})
}
