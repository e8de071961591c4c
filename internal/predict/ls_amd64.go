package predict

// lsTaps4AVX2 adds four taps of the least-squares sub-predictor's row sums (ls_amd64.s): d[x]
// += k[0]·r0[x] + k[1]·r1[x] + k[2]·r2[x] + k[3]·r3[x] in int32 for x < n, n a multiple of 8;
// lsRowSums's loop, the same int32 operations (haveSAD16 tells whether it can run).
//
//go:noescape
func lsTaps4AVX2(d, r0, r1, r2, r3 *int32, n int, k *[4]int32)

// lsNormalAVX2 sums the normal equations of FitLS's records (ls_amd64.s): for cnt records of
// lsRec int32, rec and then every step int32, with x their first lsD+1 values, ata[a][b] +=
// x[a]·x[b] in int64 for b in a's group of 4 and the later ones: lsNormal's loop, the same
// sums.
//
//go:noescape
func lsNormalAVX2(ata *[lsD + 1][lsD + 1]int64, rec *int32, cnt, step int)

// lsNormal32AVX2 is lsNormalAVX2 in int32 (ls_amd64.s): ata[a][b] += x[a]·x[b] for a <
// lsD+1 and b < lsRec from a's group of 8, with x a record's lsRec values; exact while the
// sums stay within int32 (FitLS's batches).
//
//go:noescape
func lsNormal32AVX2(ata *[lsD + 1][lsRec]int32, rec *int32, cnt, step int)

// lsDotAVX2 is lsDot by AVX2 (ls_amd64.s) on coefficients padded to 24 (c[lsMaxTaps] is 0,
// so the record's 24th value, v − P, adds nothing): the same int64 sum (int64 adds wrap alike
// in any order).
//
//go:noescape
func lsDotAVX2(c *[lsMaxTaps + 1]int32, x *[lsRec]int32) int64
