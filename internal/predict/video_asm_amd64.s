//go:build !purego

#include "textflag.h"
#include "go_asm.h"

// The decoder's mixed decisions of the default knob set (resFull, skipFull) in assembly
// (AVX2): decRes's and decSkip's arithmetic step for step, with the coder state, the model's
// pointer and the slot in registers, the stretches, the dot product, the squash and the
// coder's step in scalar code, the counters' and the weights' updates in eight-lane vectors.
// See video_asm_amd64.go.

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

// Constants of CUPD and WVEC.
DATA k1023<>+0(SB)/4, $1023
DATA k1023<>+4(SB)/4, $1023
DATA k1023<>+8(SB)/4, $1023
DATA k1023<>+12(SB)/4, $1023
DATA k1023<>+16(SB)/4, $1023
DATA k1023<>+20(SB)/4, $1023
DATA k1023<>+24(SB)/4, $1023
DATA k1023<>+28(SB)/4, $1023
GLOBL k1023<>(SB), RODATA|NOPTR, $32
DATA kOne<>+0(SB)/4, $1
DATA kOne<>+4(SB)/4, $1
DATA kOne<>+8(SB)/4, $1
DATA kOne<>+12(SB)/4, $1
DATA kOne<>+16(SB)/4, $1
DATA kOne<>+20(SB)/4, $1
DATA kOne<>+24(SB)/4, $1
DATA kOne<>+28(SB)/4, $1
GLOBL kOne<>(SB), RODATA|NOPTR, $32
DATA kRound<>+0(SB)/8, $0x80000
DATA kRound<>+8(SB)/8, $0x80000
DATA kRound<>+16(SB)/8, $0x80000
DATA kRound<>+24(SB)/8, $0x80000
GLOBL kRound<>(SB), RODATA|NOPTR, $32

// CUPD is Counter.updateTo on eight lanes: the counters' states in Y0 (lanes that are not
// stored may hold anything), the target (bit << 22) in every lane of Y7, 1023 in Y10, 1 in Y11,
// the count's cap in Y12, &counterRate in DI; the new states into Y4. The product
// (target − p)·counterRate[n] needs 38 bits: it is taken in 64-bit lanes (VPMULDQ, even and
// odd lanes apart), and of its arithmetic shift by 16 only the low 32 bits matter (p's new
// value is kept to its low 22 bits), which are the product's bits 16..47 whatever its sign.
// Clobbers Y3, Y5, Y6, Y8, Y9.
#define CUPD(lim) \
	VPAND      k1023<>(SB), Y0, Y3         \
	VPSRLD     $10, Y0, Y4         \
	VPCMPEQD   Y5, Y5, Y5          \
	VPGATHERDD Y5, (DI)(Y3*4), Y6  \
	VPSUBD     Y4, Y7, Y8          \
	VPMULDQ    Y6, Y8, Y9          \
	VPSRLQ     $32, Y6, Y6         \
	VPSRLQ     $32, Y8, Y8         \
	VPMULDQ    Y6, Y8, Y8          \
	VPSRLQ     $16, Y9, Y9         \
	VPSLLQ     $16, Y8, Y8         \
	VPBLENDD   $0xAA, Y8, Y9, Y9   \
	VPADDD     Y9, Y4, Y4          \
	VPSLLD     $10, Y4, Y4         \
	VPADDD     kOne<>(SB), Y3, Y3         \
	VPMINUD    lim, Y3, Y3         \
	VPOR       Y3, Y4, Y4

// WVEC adds (s·err + 2^19) >> 20 to the six int32 weights in Y14 (lanes 0-5) and stores them
// at (BX), the inputs s in lanes 0-5 of Y1, err in R13 (|err| < 2^22: the mixer's rate is at
// most 64). The products and the rounding in 64-bit lanes; the low 32 bits of the shift by
// 20 are the sum's bits 20..51. Clobbers Y6, Y8, Y9.
#define WVEC \
	VMOVQ        R13, X8           \
	VPBROADCASTQ X8, Y8            \
	VPMULDQ      Y8, Y1, Y9        \
	VPSRLQ       $32, Y1, Y6       \
	VPMULDQ      Y8, Y6, Y6        \
	VPADDQ       kRound<>(SB), Y9, Y9 \
	VPADDQ       kRound<>(SB), Y6, Y6 \
	VPSRLQ       $20, Y9, Y9       \
	VPSLLQ       $12, Y6, Y6       \
	VPBLENDD     $0xAA, Y6, Y9, Y9 \
	VPADDD       Y9, Y14, Y14      \
	VMOVDQU      X14, (BX)         \
	VEXTRACTI128 $1, Y14, X14      \
	VMOVQ        X14, 16(BX)

// DOT loads the six weights at (CX) into Y14 (lanes 6 and 7 zero) and leaves the dot product
// Σ s·w of them with the inputs in Y1 (lanes 6 and 7 zero) in AX, in 64-bit lanes: the same
// int64 sum as the Go code's, whatever the order. Clobbers Y2, Y3, Y5.
#define DOT \
	VMOVDQU      (CX), X14         \
	VMOVQ        16(CX), X5        \
	VINSERTI128  $1, X5, Y14, Y14  \
	VPMULDQ      Y14, Y1, Y2       \
	VPSRLQ       $32, Y1, Y3       \
	VPSRLQ       $32, Y14, Y5      \
	VPMULDQ      Y5, Y3, Y3        \
	VPADDQ       Y3, Y2, Y2        \
	VEXTRACTI128 $1, Y2, X3        \
	VPADDQ       X3, X2, X2        \
	VPSHUFD      $0x4E, X2, X3     \
	VPADDQ       X3, X2, X2        \
	VMOVQ        X2, AX

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
	MOVQ m+0(FP), R10
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
	MOVQ    CX, w-40(SP)
	LEAQ    ·stretchTable(SB), DX

	MOVL    (BX), AX
	VMOVD   AX, X0
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	VMOVD   AX, X1

	MOVQ    PlaneModel_resRowN+0(R10), SI
	MOVL    (SI)(R13*1), AX
	VPINSRD $1, AX, X0, X0
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	VPINSRD $1, AX, X1, X1

	MOVQ    PlaneModel_resRowN+8(R10), SI
	MOVL    (SI)(R13*1), AX
	VPINSRD $2, AX, X0, X0
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	VPINSRD $2, AX, X1, X1

	MOVQ    PlaneModel_resRowN+16(R10), SI
	MOVL    (SI)(R13*1), AX
	VPINSRD $3, AX, X0, X0
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	VPINSRD $3, AX, X1, X1

	// the fifth counter in lane 4, the bias 256 in lane 5 of the inputs
	MOVQ    PlaneModel_resRowN+24(R10), SI
	MOVL    (SI)(R13*1), AX
	VMOVD   AX, X2
	VINSERTI128 $1, X2, Y0, Y0
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	VMOVD   AX, X3
	MOVL    $256, SI
	VPINSRD $1, SI, X3, X3
	VINSERTI128 $1, X3, Y1, Y1

	DOT

	SQUASH
	MOVQ    AX, mixp-48(SP)
	MOVL    CX, AX
	STEP
	MOVQ    DX, R12                // the bit

	// the counters, towards bit << 22
	MOVL    DX, AX
	SHLL    $22, AX
	VMOVD   AX, X7
	VPBROADCASTD X7, Y7
	LEAQ    ·counterRate(SB), DI
	CUPD(Y12)
	VMOVD   X4, (BX)
	MOVQ    PlaneModel_resRowN+0(R10), SI
	VPEXTRD $1, X4, (SI)(R13*1)
	MOVQ    PlaneModel_resRowN+8(R10), SI
	VPEXTRD $2, X4, (SI)(R13*1)
	MOVQ    PlaneModel_resRowN+16(R10), SI
	VPEXTRD $3, X4, (SI)(R13*1)
	VEXTRACTI128 $1, Y4, X4
	MOVQ    PlaneModel_resRowN+24(R10), SI
	VMOVD   X4, (SI)(R13*1)

	// the weights: err = (bit << 16 − mixP)·mixRate
	MOVQ    R12, R13
	SHLQ    $16, R13
	SUBQ    mixp-48(SP), R13
	IMULQ   PlaneModel_mixRate(R10), R13
	MOVQ    w-40(SP), BX
	WVEC
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

	// the weights' row: skipW + skipSet·24
	MOVQ    PlaneModel_skipSet(R10), AX
	LEAQ    (AX)(AX*2), AX
	MOVQ    PlaneModel_skipW(R10), CX
	LEAQ    (CX)(AX*8), CX
	MOVQ    CX, w-40(SP)
	LEAQ    ·stretchTable(SB), DX

	// the counters' addresses: &skipCounters[i][skipCtx[i]] (c0-c3), &skipMedC[skipMedCtx]
	MOVQ    PlaneModel_skipCtx+0(R10), BX
	SHLQ    $2, BX
	ADDQ    PlaneModel_skipCounters+0(R10), BX
	MOVQ    BX, c0-8(SP)
	MOVL    (BX), AX
	VMOVD   AX, X0
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	VMOVD   AX, X1

	MOVQ    PlaneModel_skipCtx+8(R10), BX
	SHLQ    $2, BX
	ADDQ    PlaneModel_skipCounters+24(R10), BX
	MOVQ    BX, c1-16(SP)
	MOVL    (BX), AX
	VPINSRD $1, AX, X0, X0
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	VPINSRD $1, AX, X1, X1

	MOVQ    PlaneModel_skipCtx+16(R10), BX
	SHLQ    $2, BX
	ADDQ    PlaneModel_skipCounters+48(R10), BX
	MOVQ    BX, c2-24(SP)
	MOVL    (BX), AX
	VPINSRD $2, AX, X0, X0
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	VPINSRD $2, AX, X1, X1

	MOVQ    PlaneModel_skipCtx+24(R10), BX
	SHLQ    $2, BX
	ADDQ    PlaneModel_skipCounters+72(R10), BX
	MOVQ    BX, c3-32(SP)
	MOVL    (BX), AX
	VPINSRD $3, AX, X0, X0
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	VPINSRD $3, AX, X1, X1

	MOVQ    PlaneModel_skipMedCtx(R10), BX
	SHLQ    $2, BX
	ADDQ    PlaneModel_skipMedC(R10), BX
	MOVL    (BX), AX
	VMOVD   AX, X2
	VINSERTI128 $1, X2, Y0, Y0
	SHRL    $20, AX
	MOVWQSX (DX)(AX*2), AX
	MOVL    $256, SI
	VMOVD   SI, X3
	VPINSRD $1, AX, X3, X3
	VINSERTI128 $1, X3, Y1, Y1

	DOT

	SQUASH
	MOVQ    AX, mixp-48(SP)
	MOVL    CX, AX
	STEP
	MOVQ    DX, R12
	MOVQ    DX, ret+16(FP)         // the bit

	// the counters, towards bit << 22
	MOVL    DX, AX
	SHLL    $22, AX
	VMOVD   AX, X7
	VPBROADCASTD X7, Y7
	LEAQ    ·counterRate(SB), DI
	CUPD(k1023<>(SB))
	MOVQ    c0-8(SP), SI
	VMOVD   X4, (SI)
	MOVQ    c1-16(SP), SI
	VPEXTRD $1, X4, (SI)
	MOVQ    c2-24(SP), SI
	VPEXTRD $2, X4, (SI)
	MOVQ    c3-32(SP), SI
	VPEXTRD $3, X4, (SI)
	VEXTRACTI128 $1, Y4, X4
	VMOVD   X4, (BX)

	// the weights: err = (bit << 16 − mixP)·mixRate
	MOVQ    R12, R13
	SHLQ    $16, R13
	SUBQ    mixp-48(SP), R13
	IMULQ   PlaneModel_mixRate(R10), R13
	MOVQ    w-40(SP), BX
	WVEC

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
