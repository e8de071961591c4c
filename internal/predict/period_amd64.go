//go:build !purego

package predict

import "golang.org/x/sys/cpu"

// usePeriodAsm tells whether FindPeriod's lag sums run in periodLags8AVX2 (AVX2; a variable,
// for the tests). Built with -tags purego, or on other architectures, they run in Go
// (period_other.go).
var usePeriodAsm = cpu.X86.HasAVX2

// periodLags8AVX2 sums, for the eight lags p..p+7, the products of FindPeriod's changes at
// the lag over i = 0..l-1 (period_amd64.s): out[k] = Σ d[p+k+i]·d[i] and out[8+k] =
// Σ d[p+k+i]², each in FindPeriod's order and rounding. d must hold p+7+l values.
//
//go:noescape
func periodLags8AVX2(d *float64, p, l int, out *[16]float64)
