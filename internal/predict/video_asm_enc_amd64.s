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
TEXT ·encResidualAsm(SB), NOSPLIT, $80-48
	MOVQ    m+0(FP), R10
	MOVBLZX PlaneModel_resAPMOn(R10), AX
	LEAQ    (AX)(AX*4), AX         // apmSlots (5) under resAPMOn, else 0
	MOVQ    AX, apml-72(SP)
	MOVQ    e+8(FP), AX
	MOVQ    ENC_LOW(AX), R8
	MOVL    ENC_RNG(AX), R9
	VPBROADCASTD PlaneModel_limit(R10), Y12
	MOVQ    depth+40(FP), AX
	DECQ    AX
	MOVQ    AX, dm1-8(SP)
	MOVQ    $0, k-24(SP)
	MOVQ    r+32(FP), AX
	XORL    CX, CX
	TESTQ   AX, AX
	SETLT   CX
	MOVQ    CX, neg-16(SP)
	MOVQ    AX, DX
	NEGQ    DX
	TESTQ   AX, AX
	CMOVQLT DX, AX
	MOVQ    AX, a-32(SP)
	MOVQ    $-1, CX
	BSRQ    AX, DX
	CMOVQEQ CX, DX                 // bits.Len(|r|) − 1, −1 for 0
	MOVQ    DX, ex-64(SP)
	MOVQ    $1, R11                // the sign first, unless the zero flag is coded
	MOVQ    neg-16(SP), R12
	MOVBLZX codeZero+24(FP), CX
	TESTL   CX, CX
	JZ      edecide
	MOVQ    $0, R11
	XORL    R12, R12
	TESTQ   AX, AX
	SETEQ   R12

edecide:
	// c0 = &resRow0[slotPos0[slot]] in BX
	MOVQ    PlaneModel_resRow0(R10), BX
	LEAQ    ·slotPos0(SB), AX
	MOVBQZX (AX)(R11*1), AX
	LEAQ    (BX)(AX*4), BX
	LEAQ    ·slotDirect(SB), AX
	CMPB    (AX)(R11*1), $0
	JNE     edirect
	RESIN
	SQUASHP
	MOVQ    AX, mixp-48(SP)
	CMPQ    R11, apml-72(SP)
	JCS     eapm
	CLAMPP
	ECOST
	ESTEP
	RESTRAIN
	JMP     enorm

eapm:
	// the same with the residual APM (slots below apmSlots, under resAPMOn)
	APMP
	ECOST
	ESTEP
	RESTRAIN
	APMUPD
	JMP     enorm

edirect:
	// p = clampP(c0.P()); the cost and the step; c0 updated towards the bit
	MOVL    (BX), CX
	SHRL    $16, CX
	MOVL    $32, AX
	CMPL    CX, AX
	CMOVLLT AX, CX
	MOVL    $65504, AX
	CMPL    CX, AX
	CMOVLGT AX, CX
	ECOST
	ESTEP
	MOVQ    R12, R13
	SHLQ    $22, R13
	MOVQ    PlaneModel_limit(R10), DI
	UPDC(BX)

enorm:
	MOVQ    e+8(FP), BX
	ENORM(enormloop, eflush, efloop, elow, enext)

	// the next slot and its bit after slot R11's
	CMPQ    R11, $2
	JCC     enotzs
	CMPQ    R11, $1
	JEQ     eaftersign
	TESTQ   R12, R12               // the zero flag
	JNZ     eret
	MOVQ    $1, R11
	MOVQ    neg-16(SP), R12
	JMP     edecide

eaftersign:
	CMPQ    dm1-8(SP), $0
	JLE     emantstart
	MOVQ    $2, R11
	XORL    R12, R12
	CMPQ    ex-64(SP), $0
	SETGT   R12
	JMP     edecide

enotzs:
	CMPQ    R11, $18               // SlotMantissa
	JCC     emant
	TESTQ   R12, R12               // "is the exponent above k?"
	JZ      emantstart
	MOVQ    k-24(SP), AX
	INCQ    AX
	MOVQ    AX, k-24(SP)
	CMPQ    AX, dm1-8(SP)
	JGE     emantstart
	INCQ    R11
	XORL    R12, R12
	CMPQ    ex-64(SP), AX
	SETGT   R12
	JMP     edecide

emantstart:
	MOVQ    k-24(SP), AX
	TESTQ   AX, AX
	JZ      eret
	LEAQ    18(AX)(AX*1), R11      // SlotMantissa + 2k
	DECQ    AX
	MOVQ    AX, b-56(SP)
	JMP     emantbit

emant:
	MOVQ    b-56(SP), AX
	MOVQ    k-24(SP), CX
	DECQ    CX
	CMPQ    AX, CX
	JNE     emantnext
	INCQ    R11                    // the top bit has its own slot, the lower bits share the next
emantnext:
	DECQ    AX
	MOVQ    AX, b-56(SP)
	JLT     eret
emantbit:
	MOVQ    a-32(SP), R12          // (|r| >> b) & 1
	MOVQ    AX, CX
	SHRQ    CX, R12
	ANDQ    $1, R12
	JMP     edecide

eret:
	MOVQ    e+8(FP), BX
	MOVQ    R8, ENC_LOW(BX)
	MOVL    R9, ENC_RNG(BX)
	VZEROUPPER
	RET

// func encSkipAsm(m *PlaneModel, e *arith.Encoder, cost *uint64, bit int64)
//
// The skip flag bit of encodeSample under skipFull (not skipFast), as encSkip codes it. The
// caller reserves the output's room.
TEXT ·encSkipAsm(SB), NOSPLIT, $48-32
	MOVQ    m+0(FP), R10
	MOVQ    e+8(FP), AX
	MOVQ    ENC_LOW(AX), R8
	MOVL    ENC_RNG(AX), R9
	SKIPIN
	SQUASH
	MOVQ    AX, mixp-48(SP)
	MOVQ    bit+24(FP), R12
	ECOST
	ESTEP
	SKIPTRAIN
	MOVQ    e+8(FP), BX
	ENORM(snormloop, sflush, sfloop, slow, sdone)
	MOVQ    R8, ENC_LOW(BX)
	MOVL    R9, ENC_RNG(BX)
	VZEROUPPER
	RET
