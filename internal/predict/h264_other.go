//go:build !amd64

package predict

func h264Tap6AVX2(d *uint16, r *int32, n int, round int32, shift uint, mv int32) {
	panic("predict: no h264Tap6AVX2")
}

func h264DownAVX2(hv *int32, v *uint16, r0, r1, r2, r3, r4, r5 *int32, n int, mv int32) {
	panic("predict: no h264DownAVX2")
}
