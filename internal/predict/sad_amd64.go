package predict

import "golang.org/x/sys/cpu"

// haveSAD16 tells whether sad16AVX2 can run (AVX2).
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
