//go:build !amd64

package predict

func lsTaps4AVX2(d, r0, r1, r2, r3 *int32, n int, k *[4]int32) { panic("predict: no lsTaps4AVX2") }

func lsNormalAVX2(ata *[lsD + 1][lsD + 1]int64, rec *int32, cnt, step int) {
	panic("predict: no lsNormalAVX2")
}

func lsNormal32AVX2(ata *[lsD + 1][lsRec]int32, rec *int32, cnt, step int) {
	panic("predict: no lsNormal32AVX2")
}

func lsDotAVX2(c *[lsMaxTaps + 1]int32, x *[lsRec]int32) int64 { panic("predict: no lsDotAVX2") }
