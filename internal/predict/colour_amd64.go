//go:build !purego

package predict

import "golang.org/x/sys/cpu"

// useColourAsm tells whether ForwardColour runs ycocgFwdAVX2 (AVX2; a variable, for the
// tests). Built with -tags purego, or on other architectures, it runs in Go
// (colour_other.go).
var useColourAsm = cpu.X86.HasAVX2

// ycocgFwdAVX2 is vision.BGRToYCoCgR for the first n samples (n a multiple of 16, d ≤ 15,
// samples at most 2^d − 1) of the planes at y, co, cg and pb, pg, pr (B, G, R; colour_amd64.s).
//
//go:noescape
func ycocgFwdAVX2(y, co, cg, pb, pg, pr *uint16, n, d int)

// orSamplesAVX2 returns the bitwise OR of the n samples at p (n a positive multiple of 32;
// colour_amd64.s).
//
//go:noescape
func orSamplesAVX2(p *uint16, n int) uint16
