//go:build !purego

#include "textflag.h"
#include "go_asm.h"

// The decoder's mixed decisions of the default knob set (resFull, skipFull) in assembly
// (AVX2): decRes's and decSkip's arithmetic step for step, with the coder state, the model's
// pointer and the slot in registers, the stretches, the dot product, the squash and the
// coder's step in scalar code, the counters' and the weights' updates in eight-lane vectors.
// See video_asm_amd64.go.

#include "video_asm_amd64.h"

// func decResidualAsm(m *PlaneModel, d *arith.Decoder, codeZero bool, depth int) int64
//
// The residual's decisions of decodeSample under resFull, as decRes makes them (decRes's
// direct path for the direct slots): the zero flag if codeZero, the sign, the exponent in
// unary up to depth−2, the mantissa's bits. Returns 0 for a zero residual, else ±|r|.
//
// Registers: R8 code, R9 range, R10 m, R11 slot; in a mixed decision BX the first counter's
// address, R13 the other rows' offset (slotPosN·4), Y0 the counters, Y1 the inputs. Locals:
// the sign, k (the exponent), b (the mantissa bit's index), the magnitude, depth − 1, the
// weights' row, the mixer's p.
TEXT ·decResidualAsm(SB), NOSPLIT, $64-40
#include "video_asm_resdec_amd64.h"

// func decResidualAPMAsm(m *PlaneModel, d *arith.Decoder, codeZero bool, depth int) int64
//
// decResidualAsm with the residual APM (resAPMOn) on the slots below apmSlots, as decRes's
// decResSSE: APMROW before RESIN, APMP (the squash and the APM) before the step, APMUPD after
// the training.
TEXT ·decResidualAPMAsm(SB), NOSPLIT, $88-40
#define RESAPM
#include "video_asm_resdec_amd64.h"
#undef RESAPM

// func decSkipAsm(m *PlaneModel, d *arith.Decoder) int64
//
// The skip flag of decodeSample under skipFull, as decSkip's default path decodes it: the
// four context counters and SkipMed's (inputs 0-3 and 5), the bias 256 (input 4), the step
// and the renormalisation, the counters (cap 1023) and the weights trained. Returns the bit.
// The counters' states are in Y0's lanes 0-4 (SkipMed's in lane 4), the inputs in Y1's 0-5.
TEXT ·decSkipAsm(SB), NOSPLIT, $48-24
	MOVQ    m+0(FP), R10
	MOVQ    d+8(FP), AX
	DLOAD

	SKIPIN
	SQUASH
	MOVQ    AX, mixp-48(SP)
	MOVL    CX, AX
	STEP
	MOVQ    DX, R12
	MOVQ    DX, ret+16(FP)         // the bit

	SKIPTRAIN

	// the renormalisation (Decoder.Normalize)
	MOVQ    d+8(FP), BX
	CMPL    R9, $0x1000000
	JCC     done
	DNORM(snormloop, soverrun, snormtest)
done:
	DSTORE
	VZEROUPPER
	RET
