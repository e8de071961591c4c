//go:build !amd64

package predict

func h264Tap6AVX2(d, r *int32, n int, round int32, shift uint, mv int32) {
	panic("predict: no h264Tap6AVX2")
}

func h264DownAVX2(hv, v, r0, r1, r2, r3, r4, r5 *int32, n int, mv int32) {
	panic("predict: no h264DownAVX2")
}

func narrow16AVX2(d *uint16, s *int32, n int) {
	panic("predict: no narrow16AVX2")
}
