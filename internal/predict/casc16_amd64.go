package predict

// dot16 returns Σ x[i]·w[i] over len(w) (a multiple of 8; len(x) ≥ len(w)) in int32 that
// wraps (casc16_amd64.s, SSE2); dot16Go is the same in Go.
//
//go:noescape
func dot16(x, w []int16) int32

// addSat16 adds a to w, each sum saturated to int16 (len(w) a multiple of 8, len(a) ≥
// len(w)); addSat16Go is the same in Go.
//
//go:noescape
func addSat16(w, a []int16)

// subSat16 subtracts a from w, saturated as addSat16.
//
//go:noescape
func subSat16(w, a []int16)
