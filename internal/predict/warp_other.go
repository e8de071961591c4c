//go:build !amd64

package predict

func warpAcrossAsm(out *int32, step int, v *int32, n int, px, sxp int64, c0p1 int, maxVal int32, tab *[1 << warpPhaseBits][4]int32) {
	panic("predict: no warpAcrossAsm")
}

func warpNormalAsm(acc *[36]float64, c, cn, cs *uint16, row *int32, w int, cx, ry, thr float64) int64 {
	panic("predict: no warpNormalAsm")
}

func warpDirectAsm(out *int32, step, n int, pix *int32, stride, w, h int, px, py, sxp, syp int64, maxVal int32, tab *[1 << warpPhaseBits][4]int32) int {
	panic("predict: no warpDirectAsm")
}
