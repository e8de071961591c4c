//go:build !amd64 || purego

package predict

// useSeriesAsm is false where series_amd64.s is not built: the Series' loops run in Go.
var useSeriesAsm = false

func orAbsAVX2(d *int64, n int) uint64 { panic("predict: orAbsAVX2 without assembly") }

func seriesInputsAVX2(d *int64, w, xs *int32, n int, sh uint) (dot, norm int64) {
	panic("predict: seriesInputsAVX2 without assembly")
}

func seriesStepAVX2(w, xs *int32, n int, f int64, shift uint) {
	panic("predict: seriesStepAVX2 without assembly")
}

func lawDotsAVX2(w *int64, d *[lawMaxWin]int64, out *[lawCands]int64) {
	panic("predict: lawDotsAVX2 without assembly")
}

func lawDots32AVX2(w *int64, d *[lawMaxWin]int64, out *[lawCands]int64) {
	panic("predict: lawDots32AVX2 without assembly")
}
