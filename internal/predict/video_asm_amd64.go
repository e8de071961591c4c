//go:build !purego

package predict

import "github.com/vidlm/vidlm/internal/arith"

// haveCodeAsm tells whether decResidualAsm and decSkipAsm exist (video_asm_amd64.s; plain
// amd64 instructions, no run-time feature test needed). Built with -tags purego, or on other
// architectures, the decoder keeps its Go path (video_asm_other.go).
const haveCodeAsm = true

// decResidualAsm decodes the residual decisions of one sample under resFull (the zero flag
// if codeZero, the sign, the exponent, the mantissa), exactly as decodeSample's calls of
// decRes with a nil cost: the same bits, counters, weights and coder state. It returns 0 for
// a zero residual, else the signed residual.
//
//go:noescape
func decResidualAsm(m *PlaneModel, d *arith.Decoder, codeZero bool, depth int) int64

// decSkipAsm decodes the skip flag under skipFull (not skipFast), exactly as decSkip with a
// nil cost.
//
//go:noescape
func decSkipAsm(m *PlaneModel, d *arith.Decoder) int64
