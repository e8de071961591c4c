package predict

import "golang.org/x/sys/cpu"

// haveMix3 tells whether dot3AVX2 and train3AVX2 can run (AVX2).
var haveMix3 = cpu.X86.HasAVX2

// dot3AVX2 returns the dot products of in with w1, w2 and w3 over their first 52 elements
// (mix3_amd64.s).
//
//go:noescape
func dot3AVX2(in, w1, w2, w3 *int32) (d1, d2, d3 int64)

// train3AVX2 adds (in[i]·e + 2^19) >> 20 to w1[i], w2[i], w3[i] (e1, e2, e3) for the first
// 52 elements (mix3_amd64.s).
//
//go:noescape
func train3AVX2(in, w1, w2, w3 *int32, e1, e2, e3 int64)
