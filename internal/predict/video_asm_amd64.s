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
TEXT ·decResidualAsm(SB), NOSPLIT, $80-40
	MOVQ m+0(FP), R10
	MOVBLZX PlaneModel_resAPMOn(R10), AX
	LEAQ (AX)(AX*4), AX           // apmSlots (5) under resAPMOn, else 0
	MOVQ AX, apml-72(SP)
	MOVQ d+8(FP), AX
	MOVL DEC_CODE(AX), R8
	MOVL DEC_RNG(AX), R9
	VPBROADCASTD PlaneModel_limit(R10), Y12
	MOVQ depth+24(FP), AX
	DECQ AX
	MOVQ AX, dm1-8(SP)
	MOVQ $0, neg-16(SP)
	MOVQ $0, k-24(SP)
	MOVQ $1, mag-32(SP)
	MOVQ $1, R11                  // the sign's slot
	MOVBLZX codeZero+16(FP), AX
	TESTL AX, AX
	JZ   decide
	MOVQ $0, R11                  // the zero flag's slot

decide:
	// c0 = &resRow0[slotPos0[slot]] in BX
	MOVQ    PlaneModel_resRow0(R10), BX
	LEAQ    ·slotPos0(SB), AX
	MOVBQZX (AX)(R11*1), AX
	LEAQ    (BX)(AX*4), BX
	LEAQ    ·slotDirect(SB), AX
	CMPB    (AX)(R11*1), $0
	JNE     direct

	RESIN
	SQUASHP
	MOVQ    AX, mixp-48(SP)
	CMPQ    R11, apml-72(SP)
	JCS     apm
	CLAMPP
	MOVL    CX, AX
	STEP
	MOVQ    DX, R12                // the bit

	RESTRAIN
	MOVQ    R12, DX
	JMP     norm

apm:
	// the same with the residual APM (slots below apmSlots, under resAPMOn)
	APMP
	MOVL    CX, AX
	STEP
	MOVQ    DX, R12
	RESTRAIN
	APMUPD
	MOVQ    R12, DX
	JMP     norm

direct:
	// p = clampP(c0.P()); the step; c0 updated towards the bit
	MOVL    (BX), AX
	SHRL    $16, AX
	MOVL    $32, CX
	CMPL    AX, CX
	CMOVLLT CX, AX
	MOVL    $65504, CX
	CMPL    AX, CX
	CMOVLGT CX, AX
	STEP
	MOVQ    DX, R12
	MOVQ    DX, R13
	SHLQ    $22, R13
	MOVQ    PlaneModel_limit(R10), DI
	UPDC(BX)
	MOVQ    R12, DX

norm:
	// the bit in DX; the renormalisation (Decoder.Normalize) when the range is below 2^24
	CMPL    R9, $0x1000000
	JCC     next
	MOVQ    d+8(FP), BX
normloop:
	SHLL    $8, R9
	SHLL    $8, R8
	MOVQ    DEC_POS(BX), AX
	CMPQ    AX, DEC_INLEN(BX)
	JGE     overrun
	MOVQ    DEC_IN(BX), CX
	MOVBLZX (CX)(AX*1), CX
	ORL     CX, R8
	INCQ    AX
	MOVQ    AX, DEC_POS(BX)
	JMP     normtest
overrun:
	MOVB    $1, DEC_OVERRUN(BX)
normtest:
	CMPL    R9, $0x1000000
	JCS     normloop

next:
	// what the bit in DX means for slot R11, and the next slot
	CMPQ    R11, $2
	JCC     notzs
	CMPQ    R11, $1
	JEQ     aftersign
	TESTL   DX, DX                 // the zero flag
	JNZ     retzero
	MOVQ    $1, R11
	JMP     decide

aftersign:
	MOVQ    DX, neg-16(SP)
	CMPQ    dm1-8(SP), $0
	JLE     mantstart
	MOVQ    $2, R11
	JMP     decide

notzs:
	CMPQ    R11, $18               // SlotMantissa
	JCC     mant
	TESTL   DX, DX                 // "is the exponent above k?"
	JZ      mantstart
	MOVQ    k-24(SP), AX
	INCQ    AX
	MOVQ    AX, k-24(SP)
	CMPQ    AX, dm1-8(SP)
	JGE     mantstart
	INCQ    R11
	JMP     decide

mantstart:
	MOVQ    k-24(SP), AX
	TESTQ   AX, AX
	JZ      finish
	LEAQ    18(AX)(AX*1), R11      // SlotMantissa + 2k
	DECQ    AX
	MOVQ    AX, b-56(SP)
	JMP     decide

mant:
	MOVQ    mag-32(SP), AX
	SHLQ    $1, AX
	ORQ     DX, AX
	MOVQ    AX, mag-32(SP)
	MOVQ    b-56(SP), AX
	MOVQ    k-24(SP), CX
	DECQ    CX
	CMPQ    AX, CX
	JNE     mantnext
	INCQ    R11                    // the top bit has its own slot, the lower bits share the next
mantnext:
	DECQ    AX
	MOVQ    AX, b-56(SP)
	JGE     decide

finish:
	MOVQ    mag-32(SP), AX
	MOVQ    AX, CX
	NEGQ    CX
	CMPQ    neg-16(SP), $0
	CMOVQNE CX, AX
	JMP     ret

retzero:
	XORL    AX, AX
ret:
	MOVQ    d+8(FP), BX
	MOVL    R8, DEC_CODE(BX)
	MOVL    R9, DEC_RNG(BX)
	MOVQ    AX, ret+32(FP)
	VZEROUPPER
	RET

// func decSkipAsm(m *PlaneModel, d *arith.Decoder) int64
//
// The skip flag of decodeSample under skipFull, as decSkip's default path decodes it: the
// four context counters and SkipMed's (inputs 0-3 and 5), the bias 256 (input 4), the step
// and the renormalisation, the counters (cap 1023) and the weights trained. Returns the bit.
// The counters' states are in Y0's lanes 0-4 (SkipMed's in lane 4), the inputs in Y1's 0-5.
TEXT ·decSkipAsm(SB), NOSPLIT, $48-24
	MOVQ    m+0(FP), R10
	MOVQ    d+8(FP), AX
	MOVL    DEC_CODE(AX), R8
	MOVL    DEC_RNG(AX), R9

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
snormloop:
	SHLL    $8, R9
	SHLL    $8, R8
	MOVQ    DEC_POS(BX), AX
	CMPQ    AX, DEC_INLEN(BX)
	JGE     soverrun
	MOVQ    DEC_IN(BX), CX
	MOVBLZX (CX)(AX*1), CX
	ORL     CX, R8
	INCQ    AX
	MOVQ    AX, DEC_POS(BX)
	JMP     snormtest
soverrun:
	MOVB    $1, DEC_OVERRUN(BX)
snormtest:
	CMPL    R9, $0x1000000
	JCS     snormloop
done:
	MOVL    R8, DEC_CODE(BX)
	MOVL    R9, DEC_RNG(BX)
	VZEROUPPER
	RET
