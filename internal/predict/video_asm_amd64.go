//go:build !purego

package predict

import (
	"golang.org/x/sys/cpu"

	"github.com/vidlm/vidlm/internal/arith"
)

// haveCodeAsm tells whether decResidualAsm and decSkipAsm are built (video_asm_amd64.s),
// useCodeAsm whether they may run (AVX2; a variable, for the tests). Built with -tags
// purego, or on other architectures, the decoder keeps its Go path (video_asm_other.go).
const haveCodeAsm = true

var useCodeAsm = cpu.X86.HasAVX2

// costTable is arith.CostTable for the encoder's kernels (ECOST).
var costTable = &arith.CostTable

// decResidualAPMAsm and encResidualAPMAsm refine the decisions below slot 5 by the residual
// APM and update it at rate 7 (apmSlots and resAPMRate, hard-coded in them).
var _ = [1]struct{}{}[apmSlots-5]
var _ = [1]struct{}{}[resAPMRate-7]

// decResidualAsm decodes the residual decisions of one sample under resFull (the zero flag
// if codeZero, the sign, the exponent, the mantissa), exactly as decodeSample's calls of
// decRes with a nil cost: the same bits, counters, weights and coder state, without the
// residual APM (decResidualAPMAsm has it). It returns 0 for a zero residual, else the signed
// residual.
//
//go:noescape
func decResidualAsm(m *PlaneModel, d *arith.Decoder, codeZero bool, depth int) int64

// decResidualAPMAsm is decResidualAsm with the residual APM (resAPMOn: ErrorCtx, no Mix2):
// the zero flag, the sign and the first three exponent decisions as decResSSE's, the mixer's p
// refined by m.resAPM, the APM trained. decResidualAsm is the same kernel without the APM's
// compare (video_asm_resdec_amd64.h, assembled twice).
//
//go:noescape
func decResidualAPMAsm(m *PlaneModel, d *arith.Decoder, codeZero bool, depth int) int64

// decSkipAsm decodes the skip flag under skipFull (not skipFast), exactly as decSkip with a
// nil cost.
//
//go:noescape
func decSkipAsm(m *PlaneModel, d *arith.Decoder) int64

// encResidualAsm encodes the residual r of one sample under resFull as encodeSample's calls
// of encRes do: the same decisions, probabilities, costs added to *cost, counters, weights
// and coder state, without the residual APM. The caller reserves the output's room (Encoder.Reserve(encAsmRoom)).
//
//go:noescape
func encResidualAsm(m *PlaneModel, e *arith.Encoder, cost *uint64, codeZero bool, r int64, depth int)

// encResidualAPMAsm is encResidualAsm with the residual APM (resAPMOn), as encRes's
// encResSSE below apmSlots (video_asm_resenc_amd64.h, assembled twice).
//
//go:noescape
func encResidualAPMAsm(m *PlaneModel, e *arith.Encoder, cost *uint64, codeZero bool, r int64, depth int)

// encSkipAsm encodes the skip flag bit under skipFull (not skipFast) as encSkip does.
//
//go:noescape
func encSkipAsm(m *PlaneModel, e *arith.Encoder, cost *uint64, bit int64)
