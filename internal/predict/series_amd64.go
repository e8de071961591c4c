//go:build !purego

package predict

import "golang.org/x/sys/cpu"

// useSeriesAsm tells whether the Series' LMS loops (orAbs, seriesInputs, seriesStep12/13)
// run their AVX2 kernels (series_amd64.s; a variable, for the tests). The kernels give the
// same integers as the Go loops (sdec11, issue 12): see each one. Built with -tags purego,
// or on other architectures, the Go loops run (series_other.go).
var useSeriesAsm = cpu.X86.HasAVX2

// orAbsAVX2 returns the OR of |d[i]| for i < n, n a multiple of 4.
//
//go:noescape
func orAbsAVX2(d *int64, n int) uint64

// seriesInputsAVX2 is seriesInputs over n values (a multiple of 4) for a shift sh of 32 or
// less: the low 32 bits of d[i] >> sh do not depend on the shift's sign fill then, so a
// logical shift gives int32(d[i] >> sh); the products are VPMULDQ's (exact) and the sums
// wrap as int64, in any order the same.
//
//go:noescape
func seriesInputsAVX2(d *int64, w, xs *int32, n int, sh uint) (dot, norm int64)

// seriesStepAVX2 is seriesStep12 (shift 12) or seriesStep13 (shift 13) over n values (a
// multiple of 4) for an f whose f >> 16 fits in int32: f·x is (f>>16)·x << 16 + (f&0xFFFF)·x
// (two VPMULDQ, the same int64 as f·x, wrapping), shifted arithmetically (the sign
// flipped around a logical shift), added to w and clamped by compares and blends.
//
//go:noescape
func seriesStepAVX2(w, xs *int32, n int, f int64, shift uint)

// lawDotsAVX2 is lawDot for every candidate at once: out[k] = Σ lawWeights[k][i]·d[lawMaxWin −
// len(lawWeights[k]) + i], w the weights as lawPacked lays them out, every |d[i]| below 2^62.
//
//go:noescape
func lawDotsAVX2(w *int64, d *[lawMaxWin]int64, out *[lawCands]int64)

// lawDots32AVX2 is lawDotsAVX2 where every d[i] is an int32 (one VPMULDQ a product).
//
//go:noescape
func lawDots32AVX2(w *int64, d *[lawMaxWin]int64, out *[lawCands]int64)
