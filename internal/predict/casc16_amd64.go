package predict

import "golang.org/x/sys/cpu"

// useCascAVX2 tells whether the cascade's loops run in AVX2 (sixteen lanes, sdec11) or SSE2
// (eight); a variable, for the tests. Both give dot16Go's, addSat16Go's and subSat16Go's
// results.
var useCascAVX2 = cpu.X86.HasAVX2

// dot16 returns Σ x[i]·w[i] over len(w) (a multiple of 8; len(x) ≥ len(w)) in int32 that
// wraps (casc16_amd64.s, AVX2 or SSE2); dot16Go is the same in Go.
func dot16(x, w []int16) int32 {
	if useCascAVX2 {
		return dot16AVX2(x, w)
	}
	return dot16SSE2(x, w)
}

// addSat16 adds a to w, each sum saturated to int16 (len(w) a multiple of 8, len(a) ≥
// len(w)); addSat16Go is the same in Go.
func addSat16(w, a []int16) {
	if useCascAVX2 {
		addSat16AVX2(w, a)
		return
	}
	addSat16SSE2(w, a)
}

// subSat16 subtracts a from w, saturated as addSat16.
func subSat16(w, a []int16) {
	if useCascAVX2 {
		subSat16AVX2(w, a)
		return
	}
	subSat16SSE2(w, a)
}

//go:noescape
func dot16SSE2(x, w []int16) int32

//go:noescape
func addSat16SSE2(w, a []int16)

//go:noescape
func subSat16SSE2(w, a []int16)

//go:noescape
func dot16AVX2(x, w []int16) int32

//go:noescape
func addSat16AVX2(w, a []int16)

//go:noescape
func subSat16AVX2(w, a []int16)
