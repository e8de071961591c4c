package predict

// warpAcrossAsm is warpCols's loop over a run's samples (warp_amd64.s): for each of n
// samples, with ph = (px >> 10) & 63 and j = (px >> 16) − c0p1, out[k·step] =
// clamp32(int32((Σt tab[ph][t]·v[j+t] + 2^27) >> 28), 0, maxVal), the sum in int64, and px
// moves sxp a sample: the same integers as the loop, without its bounds checks (the caller
// keeps every read inside v and every write inside out), four samples at a time in AVX2 and
// the last n mod 4 in scalar code. haveSAD16 (AVX2) tells whether it runs;
// TestWarpAcrossAsm holds it to the loop (warpAcrossGo).
//
//go:noescape
func warpAcrossAsm(out *int32, step int, v *int32, n int, px, sxp int64, c0p1 int, maxVal int32, tab *[1 << warpPhaseBits][4]int32)

// warpNormalAsm is Estimate's sums over one sampled row (warp_amd64.s): for x = 1, 3, 5, …
// below w−1 it adds |d| to the returned sum, d = c[x] − row[x], and, where the sample's
// gradient is not zero, its products to the normal equations in acc's layout
// (warpNormalRow, the Go loop it stands for, says which lane holds which sum). Each sum gets
// the same float64 products, rounded the same way (no fused multiply-add), added in the same
// order as the Go loop: the results are bit for bit the loop's. row points at the warped
// row's sample 0 (past the padding). haveSAD16 (AVX2) tells whether it runs;
// TestWarpNormalAsm holds it to the loop and to Estimate's sums as written before.
//
//go:noescape
func warpNormalAsm(acc *[36]float64, c, cn, cs *uint16, row *int32, w int, cx, ry, thr float64) int64

// warpDirectAsm is warpCols's loop over samples filtered alone (warp_amd64.s), from the
// first, while the sample's taps lie inside the plane (px >> 16 in [−1, w−1], py >> 16 in
// [1, h−3]), at most n samples: each the sixteen taps, the rows' sums in int32 and their
// weighted sum in int64, rounded, shifted, truncated and clamped as the Go loop does them;
// out moves step samples and px, py by sxp, syp a sample. It returns how many it wrote. pix
// is the plane's sample (0, 0), past the padding (PlanePad ≥ 2 holds the columns −2 and
// w+1 the taps reach). haveSAD16 (AVX2) tells whether it runs; TestWarpColsDirect and
// TestWarpColsDefinition hold it to the runs and to the definition.
//
//go:noescape
func warpDirectAsm(out *int32, step, n int, pix *int32, stride, w, h int, px, py, sxp, syp int64, maxVal int32, tab *[1 << warpPhaseBits][4]int32) int
