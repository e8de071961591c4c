package vision

// YCoCg-R, the reversible (lifting) form of YCoCg (Malvar & Sullivan): integer in, integer out,
// exactly invertible. For d-bit B, G, R it yields a d-bit Y and (d+1)-bit Co and Cg, stored
// here with an offset of 2^d so that every sample is non-negative:
//
//	Co = R − B          t  = B + (Co >> 1)
//	Cg = G − t          Y  = t + (Cg >> 1)

// YCoCgDepths returns the depths of the Y, Co and Cg planes for d-bit BGR; d must be at most
// 15 so that Co and Cg fit 16 bits.
func YCoCgDepths(d int) [3]int { return [3]int{d, d + 1, d + 1} }

// BGRToYCoCgR converts the planes of a BGR frame into Y, Co+2^d, Cg+2^d, writing into dst
// (three planes of the same size).
func BGRToYCoCgR(dst [3][]uint16, f *Frame) {
	off := int32(1) << f.Depth
	b, g, r := f.Planes[0], f.Planes[1], f.Planes[2]
	for i := range b {
		co := int32(r[i]) - int32(b[i])
		t := int32(b[i]) + co>>1
		cg := int32(g[i]) - t
		dst[0][i] = uint16(t + cg>>1)
		dst[1][i] = uint16(co + off)
		dst[2][i] = uint16(cg + off)
	}
}

// YCoCgRToBGR inverts BGRToYCoCgR into frame f's planes. It reports false if the samples
// cannot come from a d-bit BGR frame (corrupt input).
func YCoCgRToBGR(f *Frame, src [3][]uint16) bool {
	off := int32(1) << f.Depth
	max := int32(f.MaxValue())
	b, g, r := f.Planes[0], f.Planes[1], f.Planes[2]
	ok := true
	for i := range b {
		y, co, cg := int32(src[0][i]), int32(src[1][i])-off, int32(src[2][i])-off
		t := y - cg>>1
		gv := cg + t
		bv := t - co>>1
		rv := bv + co
		if gv < 0 || gv > max || bv < 0 || bv > max || rv < 0 || rv > max {
			ok = false
			gv, bv, rv = clampSample(gv, max), clampSample(bv, max), clampSample(rv, max)
		}
		b[i], g[i], r[i] = uint16(bv), uint16(gv), uint16(rv)
	}
	return ok
}

func clampSample(v, max int32) int32 {
	if v < 0 {
		return 0
	}
	if v > max {
		return max
	}
	return v
}
