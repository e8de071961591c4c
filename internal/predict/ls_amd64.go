package predict

// lsTaps4AVX2 adds four taps of the least-squares sub-predictor's row sums (ls_amd64.s): d[x]
// += k[0]·r0[x] + k[1]·r1[x] + k[2]·r2[x] + k[3]·r3[x] in int32 for x < n, n a multiple of 8;
// lsRowSums's loop, the same int32 operations (haveSAD16 tells whether it can run).
//
//go:noescape
func lsTaps4AVX2(d, r0, r1, r2, r3 *int32, n int, k *[4]int32)
