package predict

import "golang.org/x/sys/cpu"

// haveSAD16 tells whether the AVX2 kernels of sad_amd64.s can run (named after the first,
// sad16AVX2; tests turn it off to run the Go loops they stand for).
var haveSAD16 = cpu.X86.HasAVX2

// sad16AVX2 is the motion search's bilinear block matching for a block 16 samples wide
// (sad_amd64.s): for each of rows rows, the sum over x < 16 of
// |src[x] − (w[0]·a[x] + w[1]·a[x+1] + w[2]·c[x] + w[3]·c[x+1] + 8) >> 4|, in int32, where a
// is the row of prev at the row's a and c the row below it (prevStride samples on); src moves
// srcStride samples a row. It adds the rows' sums to s in order and returns s once it reaches
// limit or after the last row: sadBilinear's and (with w = {16, 0, 0, 0}) sadWhole's loops,
// the same int32 operations. It reads 17 samples of rows+1 rows of prev.
//
//go:noescape
func sad16AVX2(src *uint16, srcStride int, a *int32, prevStride int, rows int, w *[4]int32, limit int64) int64

// sadW16AVX2 is sad16AVX2 with w = {16, 0, 0, 0} (sad_amd64.s): the sum over x < 16 of
// |src[x] − a[x]| each row, which is what sad16AVX2 computes with those weights for values
// below 2^27. It reads 16 samples of rows rows of prev.
//
//go:noescape
func sadW16AVX2(src *uint16, srcStride int, a *int32, prevStride int, rows int, limit int64) int64

// sad2T16AVX2 is sad16AVX2 with two weights (sad_amd64.s): the sum over x < 16 of
// |src[x] − (w0·a[x] + w1·a[x+off] + 8) >> 4| each row, in int32: sad16AVX2's with
// w = {w0, w1, 0, 0} (off 1) or {w0, 0, w1, 0} (off prevStride), whose other products are 0.
//
//go:noescape
func sad2T16AVX2(src *uint16, srcStride int, a *int32, off int, prevStride int, rows int, w0, w1 int32, limit int64) int64

// sadCubic16AVX2 is one row of sadCubicCached's loop for a block 16 samples wide
// (sad_amd64.s): the sum over x < 16 of |src[x] − clamp((ty·(r0[x], r1[x], r2[x], r3[x]) +
// 2^13) >> 14, 0, maxVal)|, the same int32 operations.
//
//go:noescape
func sadCubic16AVX2(src *uint16, r0, r1, r2, r3 *int32, ty *[4]int32, maxVal int32) int32

// sad8AVX2 is sad16AVX2 for a block 8 samples wide (the split field's blocks): the sum over
// x < 8 of each row, the same int32 operations; it reads 9 samples of rows+1 rows of prev.
//
//go:noescape
func sad8AVX2(src *uint16, srcStride int, a *int32, prevStride int, rows int, w *[4]int32, limit int64) int64

// sadCubic8AVX2 is sadCubic16AVX2 for a block 8 samples wide: the sum over x < 8.
//
//go:noescape
func sadCubic8AVX2(src *uint16, r0, r1, r2, r3 *int32, ty *[4]int32, maxVal int32) int32

// sadCubic8RowsAVX2 is sadCubicCached's loop for a block 8 samples wide whose rows lie in
// the cache at a constant stride (sad_amd64.s): for each of rows rows, sadCubic8AVX2 on the
// rows r + k·tapStride (k < 4; tapStride 0 for the taps 0, 128, 0, 0), summed in int64 in
// order, returning the sum once it reaches limit or after the last row; src moves
// srcStride samples a row, r rowStride.
//
//go:noescape
func sadCubic8RowsAVX2(src *uint16, srcStride int, r *int32, rowStride, tapStride, rows int, ty *[4]int32, maxVal int32, limit int64) int64

// sadCubic16RowsAVX2 is sadCubic8RowsAVX2 for a block 16 samples wide (each row
// sadCubic16AVX2's sum).
//
//go:noescape
func sadCubic16RowsAVX2(src *uint16, srcStride int, r *int32, rowStride, tapStride, rows int, ty *[4]int32, maxVal int32, limit int64) int64

// chooseBlock16AVX2 adds to sums[0] and sums[1] the sums of absolute errors of the
// motion-compensated rows mc and the warped rows gw against cur over a block 16 samples wide
// and rows rows (≥ 1) high (sad_amd64.s; WarpBlockChooser.Choose): cur moves curStride
// samples a row, mc and gw stride. The values must lie within 0..2^16 and rows below 2^11
// (the int32 sums exact).
//
//go:noescape
func chooseBlock16AVX2(cur *uint16, curStride int, mc, gw *int32, stride, rows int, sums *[2]int64)

// sadAvg16UUAVX2 and sadAvg16IUAVX2 are sadH264's loop for a block 16
// samples wide (sad_amd64.s): for each of rows rows (≥ 1), the row's sum over x < 16 of
// |src[x] − (a[x] + b[x] + 1) >> 1| in int32, added in int64 in order, returning the sum
// once it reaches limit or after the last row; src moves srcStride samples a row, a aStride
// and b bStride elements. a and b are half samples (uint16) or integer samples (int32),
// as the names say (U, I); all within 0..2^16.
//
//go:noescape
func sadAvg16UUAVX2(src *uint16, srcStride int, a *uint16, aStride int, b *uint16, bStride, rows int, limit int64) int64

//go:noescape
func sadAvg16IUAVX2(src *uint16, srcStride int, a *int32, aStride int, b *uint16, bStride, rows int, limit int64) int64

// bilinearRowAVX2 is predictRow's bilinear filter inside the row (sad_amd64.s): d[x] =
// (w[0]·a[x] + w[1]·a[x+1] + w[2]·c[x] + w[3]·c[x+1] + 8) >> 4 in int32 for x < n, n a
// multiple of 8; it reads a and c up to n.
//
//go:noescape
func bilinearRowAVX2(d, a, c *int32, n int, w *[4]int32)

// cubicRowAVX2 filters across (sad_amd64.s): d[x] = t[0]·r[x] + t[1]·r[x+1] + t[2]·r[x+2] +
// t[3]·r[x+3] in int32 for x < n, n a multiple of 8; it reads r up to n+2.
//
//go:noescape
func cubicRowAVX2(d, r *int32, n int, t *[4]int32)

// colsAVX2 filters down (sad_amd64.s): d[c] = t[0]·r[c] + t[1]·r[c+s] + t[2]·r[c+2s] +
// t[3]·r[c+3s] in int32 (s = stride) for c < n, n a multiple of 8: warpCols's columns.
//
//go:noescape
func colsAVX2(d, r *int32, stride, n int, t *[4]int32)

// cubic8AVX2 is predictRow's cubic filter for the samples whose taps lie inside the rows
// (sad_amd64.s): for j < n, a multiple of 8, dst[j] = clamp((ty·(s_0..s_3) + 2^13) >> 14, 0,
// maxVal) with s_k = tx·(r_k[j..j+3]), the same int32 operations; it reads r_k up to n+2.
//
//go:noescape
func cubic8AVX2(dst, r0, r1, r2, r3 *int32, n int, tx, ty *[4]int32, maxVal int32)

// commitErrAVX2 is Commit's loop over the active sub-predictors (sad_amd64.s), all 32 slots
// at once: for each k whose bit is set in mask, e = min(|v − sub[k]|, 0xFFFF) goes to ec[k]
// and ce[k] += (16·e − ce[k]) >> 5 (the other slots of ce are left alone, those of ec set to
// 0: Commit relies on it, BeginRow does not clear the row); it returns the first k of the smallest
// 2·ce[k] if that is below bestErr, else −1, as the loop's running minimum does.
//
//go:noescape
func commitErrAVX2(v int32, sub *[subSlots]int32, ec *[subSlots]uint16, ce *[subSlots]int32, mask uint32, bestErr int32) int

// blendAVX2 is blendSubs's loop over the active sub-predictors (sad_amd64.s), all 32 slots at
// once: over the k whose bit is set in mask, with e_k = min(2·eN[k] + 2·eW[k] + eNW[k] +
// eNE[k] + 1 + (6·ce[k]) >> 4, 2047) and wgt_k = divTable[e_k]² >> 16 + 1, the sums of wgt_k
// and of wgt_k·sub[k], the smallest e_k, and the smallest and largest sub[k] (starting from
// maxVal and 0): the loop's sums, which do not depend on the order of the additions.
//
//go:noescape
func blendAVX2(eN, eW, eNW, eNE *[subSlots]uint16, ce, sub *[subSlots]int32, mask uint32, maxVal int32) (sumW, sumWP uint64, eMin, lo, hi int32)

// spreadAVX2 is prepareResidual's loop for a sample whose sub-predictor was selected
// (sad_amd64.s): the largest minus the smallest sub[k] over the k whose bit is set in mask,
// starting from 0 and maxVal (TestSpreadAVX2).
//
//go:noescape
func spreadAVX2(sub *[subSlots]int32, mask uint32, maxVal int32) int32

// recurrenceAVX2 is updateRecurrence (sad_amd64.s): the eight frequencies' errors in one
// vector, the same int32 operations, and the first of the smallest
// (TestRecurrenceAVX2).
//
//go:noescape
func recurrenceAVX2(errs *[8]int32, d, d1, d2 int32) uint8

// sadTM12x5AVX2 is sadTMGo for rows of 12 samples at five horizontal displacements of the
// previous frame's rows at once (sad_amd64.s): out[k] = the sum over x < 12 of
// |a0[x] − p0[x+k]| + |a1[x] − p1[x+k]| in int32, for k < 5. It reads 16 samples of p0, p1.
//
//go:noescape
func sadTM12x5AVX2(a0, a1, p0, p1 *int32, out *[5]int32)
