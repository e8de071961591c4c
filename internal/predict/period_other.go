//go:build !amd64 || purego

package predict

// usePeriodAsm is false where period_amd64.s is not built: FindPeriod's lag sums run in Go.
var usePeriodAsm = false

func periodLags8AVX2(d *float64, p, l int, out *[16]float64) {
	panic("predict: periodLags8AVX2 without assembly")
}
