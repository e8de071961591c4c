//go:build !purego

#include "textflag.h"
#include "go_asm.h"

// The decoder's mixed decisions of the default knob set (resFull, skipFull) in assembly:
// decRes's and decSkip's arithmetic step for step, with the coder state, the model's pointer
// and the slot in registers. See video_asm_amd64.go.

// arith.Decoder's layout (TestDecoderLayout holds it to unsafe.Offsetof).
#define DEC_CODE 0
#define DEC_RNG 4
#define DEC_IN 8
#define DEC_INLEN 16
#define DEC_POS 32
#define DEC_OVERRUN 40

// UPDC is Counter.updateTo for the counter at addr (a register other than AX, CX, DX, SI),
// target (bit << 22) in R13 and the count's cap in DI: p += (target − p)·counterRate[n] >> 16,
// n = min(n+1, cap). Clobbers AX, CX, DX, SI.
#define UPDC(addr) \
	MOVL    (addr), AX             \
	MOVL    AX, CX                 \
	ANDL    $1023, CX              \
	SHRL    $10, AX                \
	MOVQ    R13, DX                \
	SUBQ    AX, DX                 \
	LEAQ    ·counterRate(SB), SI   \
	MOVLQSX (SI)(CX*4), SI         \
	IMULQ   SI, DX                 \
	SARQ    $16, DX                \
	ADDQ    DX, AX                 \
	INCL    CX                     \
	CMPL    CX, DI                 \
	CMOVLHI DI, CX                 \
	SHLL    $10, AX                \
	ORL     CX, AX                 \
	MOVL    AX, (addr)

// STEP is the coder's step under probability p (AX, in [32, 65504]) on code R8 and range R9:
// bound = (rng >> 16)·p; a 1 when code < bound (then rng = bound), else code −= bound and
// rng −= bound. The bit is left in DX (0 or 1). Clobbers CX, SI, DI.
#define STEP \
	MOVL    R9, CX                 \
	SHRL    $16, CX                \
	IMULL   AX, CX                 \
	MOVL    R9, SI                 \
	SUBL    CX, SI                 \
	MOVL    R8, DI                 \
	SUBL    CX, DI                 \
	XORL    DX, DX                 \
	CMPL    R8, CX                 \
	SETCS   DX                     \
	CMOVLCS CX, SI                 \
	CMOVLCC DI, R8                 \
	MOVL    SI, R9

// SQUASH takes the dot product in AX: Squash(int32(dot >> 16)) into AX (the mixer's p) and
// clampP of it into CX. Clobbers DX.
#define SQUASH \
	SARQ    $16, AX                \
	MOVL    $-3072, DX             \
	CMPL    AX, DX                 \
	CMOVLLT DX, AX                 \
	MOVL    $3072, DX              \
	CMPL    AX, DX                 \
	CMOVLGT DX, AX                 \
	MOVLQSX AX, AX                 \
	LEAQ    ·squashTable(SB), DX   \
	MOVWLZX 6144(DX)(AX*2), AX     \
	MOVL    $32, DX                \
	CMPL    AX, DX                 \
	MOVL    AX, CX                 \
	CMOVLLT DX, CX                 \
	MOVL    $65504, DX             \
	CMPL    CX, DX                 \
	CMOVLGT DX, CX

// WUPD adds (s·err + 2^19) >> 20 to the int32 weight at off(w), s the int64 in AX (destroyed),
// err in R13, w in BX.
#define WUPD(off) \
	IMULQ   R13, AX                \
	ADDQ    $0x80000, AX           \
	SARQ    $20, AX                \
	ADDL    AX, off(BX)

// func decResidualAsm(m *PlaneModel, d *arith.Decoder, codeZero bool, depth int) int64
//
// The residual's decisions of decodeSample under resFull, as decRes makes them (decRes's
// direct path for the direct slots): the zero flag if codeZero, the sign, the exponent in
// unary up to depth−2, the mantissa's bits. Returns 0 for a zero residual, else ±|r|.
//
// Registers: R8 code, R9 range, R10 m, R11 slot, R12 the decoder; the rest are the step's.
// Locals: the five stretches, the sign, k (the exponent), b (the mantissa bit's index), the
// magnitude, depth − 1, the weights' row, the mixer's p.
TEXT ·decResidualAsm(SB), NOSPLIT, $96-40
	MOVQ m+0(FP), R10
	MOVQ d+8(FP), R12
	MOVL DEC_CODE(R12), R8
	MOVL DEC_RNG(R12), R9
	MOVQ depth+24(FP), AX
	DECQ AX
	MOVQ AX, dm1-56(SP)
	MOVQ $0, neg-48(SP)
	MOVQ $0, k-64(SP)
	MOVQ $1, mag-72(SP)
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

	// the mixed path: j·4 in R13, the weights' row in CX, the dot product in DI
	LEAQ    ·slotPosN(SB), AX
	MOVBQZX (AX)(R11*1), R13
	SHLQ    $2, R13
	MOVQ    R11, AX
	SHLQ    $4, AX
	ADDQ    PlaneModel_rset(R10), AX
	LEAQ    (AX)(AX*2), AX
	MOVQ    PlaneModel_resW(R10), CX
	LEAQ    (CX)(AX*8), CX
	MOVQ    CX, w-80(SP)
	LEAQ    ·stretchTable(SB), DX

	MOVL    (BX), AX
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	MOVQ    AX, s0-8(SP)
	MOVLQSX 0(CX), SI
	IMULQ   SI, AX
	MOVQ    AX, DI

	MOVQ    PlaneModel_resRowN+0(R10), SI
	MOVL    (SI)(R13*1), AX
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	MOVQ    AX, s1-16(SP)
	MOVLQSX 4(CX), SI
	IMULQ   SI, AX
	ADDQ    AX, DI

	MOVQ    PlaneModel_resRowN+8(R10), SI
	MOVL    (SI)(R13*1), AX
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	MOVQ    AX, s2-24(SP)
	MOVLQSX 8(CX), SI
	IMULQ   SI, AX
	ADDQ    AX, DI

	MOVQ    PlaneModel_resRowN+16(R10), SI
	MOVL    (SI)(R13*1), AX
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	MOVQ    AX, s3-32(SP)
	MOVLQSX 12(CX), SI
	IMULQ   SI, AX
	ADDQ    AX, DI

	MOVQ    PlaneModel_resRowN+24(R10), SI
	MOVL    (SI)(R13*1), AX
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	MOVQ    AX, s4-40(SP)
	MOVLQSX 16(CX), SI
	IMULQ   SI, AX
	ADDQ    AX, DI

	MOVLQSX 20(CX), AX
	SHLQ    $8, AX
	ADDQ    DI, AX

	SQUASH
	MOVQ    AX, mixp-88(SP)
	MOVL    CX, AX
	STEP
	MOVQ    DX, R12                // the bit

	// the counters, towards bit << 22, capped at m.limit
	MOVQ    DX, R13
	SHLQ    $22, R13
	MOVQ    PlaneModel_limit(R10), DI
	UPDC(BX)
	LEAQ    ·slotPosN(SB), AX
	MOVBQZX (AX)(R11*1), BX
	SHLQ    $2, BX
	ADDQ    PlaneModel_resRowN+0(R10), BX
	UPDC(BX)
	LEAQ    ·slotPosN(SB), AX
	MOVBQZX (AX)(R11*1), BX
	SHLQ    $2, BX
	ADDQ    PlaneModel_resRowN+8(R10), BX
	UPDC(BX)
	LEAQ    ·slotPosN(SB), AX
	MOVBQZX (AX)(R11*1), BX
	SHLQ    $2, BX
	ADDQ    PlaneModel_resRowN+16(R10), BX
	UPDC(BX)
	LEAQ    ·slotPosN(SB), AX
	MOVBQZX (AX)(R11*1), BX
	SHLQ    $2, BX
	ADDQ    PlaneModel_resRowN+24(R10), BX
	UPDC(BX)

	// the weights: err = (bit << 16 − mixP)·mixRate
	MOVQ    R12, R13
	SHLQ    $16, R13
	SUBQ    mixp-88(SP), R13
	IMULQ   PlaneModel_mixRate(R10), R13
	MOVQ    w-80(SP), BX
	MOVQ    s0-8(SP), AX
	WUPD(0)
	MOVQ    s1-16(SP), AX
	WUPD(4)
	MOVQ    s2-24(SP), AX
	WUPD(8)
	MOVQ    s3-32(SP), AX
	WUPD(12)
	MOVQ    s4-40(SP), AX
	WUPD(16)
	MOVQ    $256, AX           // the bias
	WUPD(20)
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
	MOVQ    DX, neg-48(SP)
	CMPQ    dm1-56(SP), $0
	JLE     mantstart
	MOVQ    $2, R11
	JMP     decide

notzs:
	CMPQ    R11, $18               // SlotMantissa
	JCC     mant
	TESTL   DX, DX                 // "is the exponent above k?"
	JZ      mantstart
	MOVQ    k-64(SP), AX
	INCQ    AX
	MOVQ    AX, k-64(SP)
	CMPQ    AX, dm1-56(SP)
	JGE     mantstart
	INCQ    R11
	JMP     decide

mantstart:
	MOVQ    k-64(SP), AX
	TESTQ   AX, AX
	JZ      finish
	LEAQ    18(AX)(AX*1), R11      // SlotMantissa + 2k
	DECQ    AX
	MOVQ    AX, b-96(SP)
	JMP     decide

mant:
	MOVQ    mag-72(SP), AX
	SHLQ    $1, AX
	ORQ     DX, AX
	MOVQ    AX, mag-72(SP)
	MOVQ    b-96(SP), AX
	MOVQ    k-64(SP), CX
	DECQ    CX
	CMPQ    AX, CX
	JNE     mantnext
	INCQ    R11                    // the top bit has its own slot, the lower bits share the next
mantnext:
	DECQ    AX
	MOVQ    AX, b-96(SP)
	JGE     decide

finish:
	MOVQ    mag-72(SP), AX
	MOVQ    AX, CX
	NEGQ    CX
	CMPQ    neg-48(SP), $0
	CMOVQNE CX, AX
	JMP     ret

retzero:
	XORL    AX, AX
ret:
	MOVQ    d+8(FP), BX
	MOVL    R8, DEC_CODE(BX)
	MOVL    R9, DEC_RNG(BX)
	MOVQ    AX, ret+32(FP)
	RET

// func decSkipAsm(m *PlaneModel, d *arith.Decoder) int64
//
// The skip flag of decodeSample under skipFull, as decSkip's default path decodes it: the
// four context counters and SkipMed's (inputs 0-3 and 5), the bias 256 (input 4), the step
// and the renormalisation, the counters (cap 1023) and the weights trained. Returns the bit.
TEXT ·decSkipAsm(SB), NOSPLIT, $72-24
	MOVQ    m+0(FP), R10
	MOVQ    d+8(FP), R12
	MOVL    DEC_CODE(R12), R8
	MOVL    DEC_RNG(R12), R9

	// the weights' row: skipW + skipSet·24
	MOVQ    PlaneModel_skipSet(R10), AX
	LEAQ    (AX)(AX*2), AX
	MOVQ    PlaneModel_skipW(R10), CX
	LEAQ    (CX)(AX*8), CX
	MOVQ    CX, w-48(SP)
	LEAQ    ·stretchTable(SB), DX

	// the counters' addresses: &skipCounters[i][skipCtx[i]] (c0-c3), &skipMedC[skipMedCtx]
	MOVQ    PlaneModel_skipCtx+0(R10), BX
	SHLQ    $2, BX
	ADDQ    PlaneModel_skipCounters+0(R10), BX
	MOVQ    BX, c0-8(SP)
	MOVL    (BX), AX
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	MOVQ    AX, R11                // s0
	MOVLQSX 0(CX), SI
	IMULQ   SI, AX
	MOVQ    AX, DI

	MOVQ    PlaneModel_skipCtx+8(R10), BX
	SHLQ    $2, BX
	ADDQ    PlaneModel_skipCounters+24(R10), BX
	MOVQ    BX, c1-16(SP)
	MOVL    (BX), AX
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	MOVQ    AX, R12                // s1
	MOVLQSX 4(CX), SI
	IMULQ   SI, AX
	ADDQ    AX, DI

	MOVQ    PlaneModel_skipCtx+16(R10), BX
	SHLQ    $2, BX
	ADDQ    PlaneModel_skipCounters+48(R10), BX
	MOVQ    BX, c2-24(SP)
	MOVL    (BX), AX
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	MOVQ    AX, s2-56(SP)
	MOVLQSX 8(CX), SI
	IMULQ   SI, AX
	ADDQ    AX, DI

	MOVQ    PlaneModel_skipCtx+24(R10), BX
	SHLQ    $2, BX
	ADDQ    PlaneModel_skipCounters+72(R10), BX
	MOVQ    BX, c3-32(SP)
	MOVL    (BX), AX
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	MOVQ    AX, s3-64(SP)
	MOVLQSX 12(CX), SI
	IMULQ   SI, AX
	ADDQ    AX, DI

	MOVQ    PlaneModel_skipMedCtx(R10), BX
	SHLQ    $2, BX
	ADDQ    PlaneModel_skipMedC(R10), BX
	MOVL    (BX), AX
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	MOVQ    AX, R13                // s5
	MOVLQSX 20(CX), SI
	IMULQ   SI, AX
	ADDQ    AX, DI

	MOVLQSX 16(CX), AX
	SHLQ    $8, AX
	ADDQ    DI, AX

	SQUASH
	MOVQ    AX, mixp-40(SP)
	MOVL    CX, AX
	STEP
	MOVQ    R13, s5-72(SP)
	MOVQ    DX, R13
	MOVQ    DX, ret+16(FP)         // the bit
	SHLQ    $22, R13
	MOVL    $1023, DI
	UPDC(BX)                       // skipMedC's
	MOVQ    c0-8(SP), BX
	UPDC(BX)
	MOVQ    c1-16(SP), BX
	UPDC(BX)
	MOVQ    c2-24(SP), BX
	UPDC(BX)
	MOVQ    c3-32(SP), BX
	UPDC(BX)

	// the weights: err = (bit << 16 − mixP)·mixRate
	MOVQ    ret+16(FP), R13
	SHLQ    $16, R13
	SUBQ    mixp-40(SP), R13
	IMULQ   PlaneModel_mixRate(R10), R13
	MOVQ    w-48(SP), BX
	MOVQ    R11, AX
	WUPD(0)
	MOVQ    R12, AX
	WUPD(4)
	MOVQ    s2-56(SP), AX
	WUPD(8)
	MOVQ    s3-64(SP), AX
	WUPD(12)
	MOVQ    $256, AX           // the bias
	WUPD(16)
	MOVQ    s5-72(SP), AX
	WUPD(20)

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
	RET
