//go:build !amd64

package predict

// haveSAD16 is false where sad_amd64.s does not exist.
var haveSAD16 = false

func sad16AVX2(src *uint16, srcStride int, a *int32, prevStride int, rows int, w *[4]int32, limit int64) int64 {
	panic("predict: no sad16AVX2")
}

func sadW16AVX2(src *uint16, srcStride int, a *int32, prevStride int, rows int, limit int64) int64 {
	panic("predict: no sadW16AVX2")
}

func sad2T16AVX2(src *uint16, srcStride int, a *int32, off int, prevStride int, rows int, w0, w1 int32, limit int64) int64 {
	panic("predict: no sad2T16AVX2")
}

func sadCubic16AVX2(src *uint16, r0, r1, r2, r3 *int32, ty *[4]int32, maxVal int32) int32 {
	panic("predict: no sadCubic16AVX2")
}

func cubicRowAVX2(d, r *int32, n int, t *[4]int32) { panic("predict: no cubicRowAVX2") }

func colsAVX2(d, r *int32, stride, n int, t *[4]int32) { panic("predict: no colsAVX2") }

func cubic8AVX2(dst, r0, r1, r2, r3 *int32, n int, tx, ty *[4]int32, maxVal int32) {
	panic("predict: no cubic8AVX2")
}

func commitErrAVX2(v int32, sub *[subSlots]int32, ec *[subSlots]uint16, ce *[subSlots]int32, mask uint32, bestErr int32) int {
	panic("predict: no commitErrAVX2")
}

func blendAVX2(eN, eW, eNW, eNE *[subSlots]uint16, ce, sub *[subSlots]int32, mask uint32, maxVal int32) (sumW, sumWP uint64, eMin, lo, hi int32) {
	panic("predict: no blendAVX2")
}

func recurrenceAVX2(errs *[8]int32, d, d1, d2 int32) uint8 { panic("predict: no recurrenceAVX2") }

func spreadAVX2(sub *[subSlots]int32, mask uint32, maxVal int32) int32 {
	panic("predict: no spreadAVX2")
}

func sad8AVX2(src *uint16, srcStride int, a *int32, prevStride int, rows int, w *[4]int32, limit int64) int64 {
	panic("predict: no sad8AVX2")
}

func sadCubic8AVX2(src *uint16, r0, r1, r2, r3 *int32, ty *[4]int32, maxVal int32) int32 {
	panic("predict: no sadCubic8AVX2")
}

func sadCubic8RowsAVX2(src *uint16, srcStride int, r *int32, rowStride, tapStride, rows int, ty *[4]int32, maxVal int32, limit int64) int64 {
	panic("predict: no sadCubic8RowsAVX2")
}

func bilinearRowAVX2(d, a, c *int32, n int, w *[4]int32) {
	panic("predict: no bilinearRowAVX2")
}

func sadTM12x5AVX2(a0, a1, p0, p1 *int32, out *[5]int32) { panic("predict: no sadTM12x5AVX2") }

func sadCubic16RowsAVX2(src *uint16, srcStride int, r *int32, rowStride, tapStride, rows int, ty *[4]int32, maxVal int32, limit int64) int64 {
	panic("predict: no sadCubic16RowsAVX2")
}

func chooseBlock16AVX2(cur *uint16, curStride int, mc, gw *int32, stride, rows int, sums *[2]int64) {
	panic("predict: no chooseBlock16AVX2")
}

func sadAvg16UUAVX2(src *uint16, srcStride int, a *uint16, aStride int, b *uint16, bStride, rows int, limit int64) int64 {
	panic("predict: no sadAvg16UUAVX2")
}

func sadAvg16IUAVX2(src *uint16, srcStride int, a *int32, aStride int, b *uint16, bStride, rows int, limit int64) int64 {
	panic("predict: no sadAvg16IUAVX2")
}
