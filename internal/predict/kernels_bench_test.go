package predict

import (
	"math/bits"
	"math/rand"
	"testing"
)

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

var templateSink int

// BenchmarkSkipTemplate is the skip flag's ten-flag template along one 640-sample row, as
// Predict took it before issue 16's eleventh round (eight flags from the row above and the
// previous frame loaded per sample, their count summed) and as now (fillTemplate once per
// row, then one entry, the row's two flags and a popcount per sample).
func BenchmarkSkipTemplate(b *testing.B) {
	const w = 640
	s := w + 2*PlanePad
	sk, skn, skp, tn := make([]uint8, s), make([]uint8, s), make([]uint8, s), make([]uint16, s)
	for i := range sk {
		sk[i], skn[i], skp[i] = uint8(i*7/3)&1, uint8(i*5/4)&1, uint8(i*3/5)&1
	}
	b.Run("per-sample", func(b *testing.B) {
		for it := 0; it < b.N; it++ {
			acc := 0
			for x := 0; x < w; x++ {
				i := x + PlanePad
				skn5, skp3 := skn[i-2:i+3:i+3], skp[i-1:i+2:i+2]
				t := int(sk[i-1]) | int(sk[i-2])<<1 | int(skn5[0])<<2 | int(skn5[1])<<3 | int(skn5[2])<<4 |
					int(skn5[3])<<5 | int(skn5[4])<<6 | int(skp3[0])<<7 | int(skp3[1])<<8 | int(skp3[2])<<9
				nr := int(sk[i-1]) + int(sk[i-2]) + int(skn5[0]) + int(skn5[1]) + int(skn5[2]) + int(skn5[3]) +
					int(skn5[4]) + int(skp3[0]) + int(skp3[1]) + int(skp3[2])
				acc += t + nr
			}
			templateSink += acc
		}
	})
	b.Run("by-row", func(b *testing.B) {
		for it := 0; it < b.N; it++ {
			fillTemplate(tn, skn, skp, w)
			acc := 0
			for x := 0; x < w; x++ {
				i := x + PlanePad
				t := int(sk[i-1]) | int(sk[i-2])<<1 | int(tn[i])
				acc += t + bits.OnesCount16(uint16(t))
			}
			templateSink += acc
		}
	})
}

var sadSink int64

// BenchmarkSADEdge is the motion search's cubic match of 16x16 blocks whose taps leave the
// plane across (sadEdge: the left and right columns of blocks, every quarter-sample phase),
// one block and vector per iteration.
func BenchmarkSADEdge(b *testing.B) {
	rnd := rand.New(rand.NewSource(3))
	const w, h = 96, 64
	prev, cur := sadTestPlanes(rnd, w, h, 255, 37, 23, 20, 15)
	var blks []block
	for _, x0 := range []int{0, w - 16} {
		for y0 := 16; y0 < h-16; y0 += 16 {
			blks = append(blks, block{cur: cur, w: w, x0: x0, y0: y0, x1: x0 + 16, y1: y0 + 16, prev: prev, maxVal: 255})
		}
	}
	var vs []MotionVector
	for qy := 1; qy < 4; qy++ {
		for qx := 1; qx < 4; qx++ {
			vs = append(vs, MotionVector{X: int16(-8 + qx), Y: int16(4 + qy), Filter: FilterCubic},
				MotionVector{X: int16(8 + qx), Y: int16(-4 + qy), Filter: FilterCubic})
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		blk := &blks[i%len(blks)]
		sadSink += blk.sad(vs[i%len(vs)], 1<<62)
	}
}
