package vision

// YCoCg-R, the reversible (lifting) form of YCoCg (Malvar & Sullivan): integer in, integer out,
// exactly invertible. For d-bit B, G, R it yields a d-bit Y and (d+1)-bit Co and Cg, stored
// here with an offset of 2^d so that every sample is non-negative:
//
//	Co = R − B          t  = B + (Co >> 1)
//	Cg = G − t          Y  = t + (Cg >> 1)
//
// The functions work a row (or any run of samples) at a time, so that callers can convert
// bands in parallel.

// YCoCgDepths returns the depths of the Y, Co and Cg planes for d-bit BGR; d must be at most
// 15 so that Co and Cg fit 16 bits.
func YCoCgDepths(d int) [3]int { return [3]int{d, d + 1, d + 1} }

// BGRToYCoCgR converts d-bit samples b, g, r into y, co+2^d, cg+2^d (all of one length).
func BGRToYCoCgR(y, co, cg, b, g, r []uint16, d int) {
	off := int32(1) << d
	n := len(b)
	y, co, cg, g, r = y[:n], co[:n], cg[:n], g[:n], r[:n]
	for i, bv := range b {
		c := int32(r[i]) - int32(bv)
		t := int32(bv) + c>>1
		gg := int32(g[i]) - t
		y[i] = uint16(t + gg>>1)
		co[i] = uint16(c + off)
		cg[i] = uint16(gg + off)
	}
}

// YCoCgRToBGR inverts BGRToYCoCgR for d-bit output, reading the transformed samples as int32
// (the codec's working rows). It reports false, and clamps, if the samples cannot come from
// d-bit BGR: the input was corrupt.
func YCoCgRToBGR(b, g, r []uint16, y, co, cg []int32, d int) bool {
	off := int32(1) << d
	max := int32(1)<<d - 1
	n := len(b)
	g, r, y, co, cg = g[:n], r[:n], y[:n], co[:n], cg[:n]
	var bad int32
	for i := range b {
		c, gg := co[i]-off, cg[i]-off
		t := y[i] - gg>>1
		gv := gg + t
		bv := t - c>>1
		rv := bv + c
		// A negative value anywhere marks an out-of-range sample.
		bad |= gv | bv | rv | (max - gv) | (max - bv) | (max - rv)
		b[i], g[i], r[i] = uint16(bv), uint16(gv), uint16(rv)
	}
	return bad >= 0
}
