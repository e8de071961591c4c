//go:build !purego

#include "textflag.h"
#include "go_asm.h"

// The encoder's mixed decisions of the default knob set (resFull, skipFull) in assembly
// (AVX2), as video_asm_amd64.s's decoder: encRes's and encSkip's steps, with the coder's
// output (ShiftLow) written in place. See video_asm_amd64.go.

#include "video_asm_amd64.h"

// func encResidualAsm(m *PlaneModel, e *arith.Encoder, cost *uint64, codeZero bool, r int64, depth int)
//
// The residual r's decisions of encodeSample under resFull, as encRes makes them: the zero
// flag if codeZero, the sign, the exponent in unary up to depth−2, the mantissa's bits; each
// decision's cost added to *cost. The caller reserves the output's room (72 bytes beyond the
// held-back run: at most 32 decisions of at most 12 bits each).
//
// Registers: R8 low, R9 range, R10 m, R11 slot, R12 the slot's bit. Locals: depth − 1, the
// sign, k (the exponent so far), |r|, the weights' row and the mixer's p (RESIN, RESTRAIN),
// b (the mantissa bit's index), |r|'s exponent.
TEXT ·encResidualAsm(SB), NOSPLIT, $64-48
#include "video_asm_resenc_amd64.h"

// func encResidualAPMAsm(m *PlaneModel, e *arith.Encoder, cost *uint64, codeZero bool, r int64, depth int)
//
// encResidualAsm with the residual APM (resAPMOn) on the slots below apmSlots, as encRes's
// encResSSE.
TEXT ·encResidualAPMAsm(SB), NOSPLIT, $88-48
#define RESAPM
#include "video_asm_resenc_amd64.h"
#undef RESAPM

// func encSkipAsm(m *PlaneModel, e *arith.Encoder, cost *uint64, bit int64)
//
// The skip flag bit of encodeSample under skipFull (not skipFast), as encSkip codes it. The
// caller reserves the output's room.
TEXT ·encSkipAsm(SB), NOSPLIT, $48-32
	MOVQ    m+0(FP), R10
	MOVQ    e+8(FP), AX
	ELOAD
	SKIPIN
	SQUASH
	MOVQ    AX, mixp-48(SP)
	MOVQ    bit+24(FP), R12
	ECOST
	ESTEP
	SKIPTRAIN
	MOVQ    e+8(FP), BX
	ENORM(snormloop, sflush, sfloop, slow, sdone)
	ESTORE
	VZEROUPPER
	RET
