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
