package predict

// h264Tap6AVX2 is h264Across's loop inside the row (h264_amd64.s): d[i] = clamp((r[i] +
// r[i+5] − 5·(r[i+1] + r[i+4]) + 20·(r[i+2] + r[i+3]) + round) >> shift, 0, mv) in int32
// for i < n, n a multiple of 8; it reads r up to n+4. The same int32 operations as the loop
// (the products as shifts and additions, equal modulo 2^32), d stored as uint16 (mv ≤
// 65535); haveSAD16 tells whether it can run.
//
//go:noescape
func h264Tap6AVX2(d *uint16, r *int32, n int, round int32, shift uint, mv int32)

// h264DownAVX2 is buildVJ's loop (h264_amd64.s): for i < n, a multiple of 8, s = r0[i] +
// r5[i] − 5·(r1[i] + r4[i]) + 20·(r2[i] + r3[i]) goes to hv[i] and clamp((s + 16) >> 5, 0,
// mv) to v[i] (uint16, mv ≤ 65535), the same int32 operations.
//
//go:noescape
func h264DownAVX2(hv *int32, v *uint16, r0, r1, r2, r3, r4, r5 *int32, n int, mv int32)
