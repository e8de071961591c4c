package predict

import (
	"unsafe"

	"github.com/vidlm/vidlm/vision"
)

// ForwardColour is vision.BGRToYCoCgR (the same samples): y, co+2^d, cg+2^d of d-bit b, g, r,
// all of len(b) samples at least. The encoder's colour transform of BGR frames (codec's
// forwardColour, a band at a time). With AVX2 (colour_amd64.s) sixteen samples a step in
// 16-bit lanes, which hold every value of the lifting exactly for d ≤ 15 and samples at most
// 2^d − 1 (what the encoder's checkFrame lets in; YCoCgDepths allows no more): |R − B| and
// |G − t| are below 2^15, and Co, Cg + 2^d wrap to the same low 16 bits as the int32 sums of
// BGRToYCoCgR. The rest of the samples (fewer than sixteen, or all of them without AVX2 or
// for d > 15) go through BGRToYCoCgR.
func ForwardColour(y, co, cg, b, g, r []uint16, d int) {
	n := len(b)
	if useColourAsm && d <= 15 && n >= 16 {
		y, co, cg, g, r = y[:n], co[:n], cg[:n], g[:n], r[:n]
		k := n &^ 15
		ycocgFwdAVX2(&y[0], &co[0], &cg[0], &b[0], &g[0], &r[0], k, d)
		y, co, cg, b, g, r = y[k:], co[k:], cg[k:], b[k:], g[k:], r[k:]
	}
	vision.BGRToYCoCgR(y, co, cg, b, g, r, d)
}

// OrSamples returns the bitwise OR of p's samples: the encoder's check that no sample of a
// frame exceeds its depth (codec's checkFrame, between two frames' tiles, while the threads
// wait). With AVX2 (orSamplesAVX2) 32 samples a step, the rest (fewer than 32) one by one;
// without, four a step (orSamplesGo).
func OrSamples(p []uint16) uint16 {
	if !useColourAsm || len(p) < 32 {
		return orSamplesGo(p)
	}
	k := len(p) &^ 31
	or := orSamplesAVX2(&p[0], k)
	for _, v := range p[k:] {
		or |= v
	}
	return or
}

// orSamplesGo is OrSamples in Go: samples one by one up to an 8-byte boundary, then words of
// four, then the rest.
func orSamplesGo(p []uint16) uint16 {
	var or uint16

	for len(p) > 0 && uintptr(unsafe.Pointer(&p[0]))%8 != 0 {
		or |= p[0]
		p = p[1:]
	}
	if n := len(p) / 4; n > 0 {
		words := unsafe.Slice((*uint64)(unsafe.Pointer(&p[0])), n)
		var w0, w1 uint64
		i := 0
		for ; i+1 < n; i += 2 {
			w0 |= words[i]
			w1 |= words[i+1]
		}
		if i < n {
			w0 |= words[i]
		}
		w0 |= w1
		or |= uint16(w0) | uint16(w0>>16) | uint16(w0>>32) | uint16(w0>>48)
		p = p[4*n:]
	}
	for _, v := range p {
		or |= v
	}
	return or
}
