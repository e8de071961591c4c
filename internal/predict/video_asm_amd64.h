// Macros of the video coder's kernels (video_asm_amd64.s, video_asm_enc_amd64.s): the steps
// of decRes's, encRes's, decSkip's and encSkip's default (mixed) paths.

#include "arith_layout_amd64.h"

// UPDC is Counter.updateTo for the counter at addr (a register other than AX, CX, DX, SI),
// target (bit << 22) in R13 and the count's cap in DI: p += (target − p)·counterRate[n] >> 16,
// n = min(n+1, cap), the rate read from counterRate16. Clobbers AX, CX, DX, SI.
#define UPDC(addr) \
	MOVL    (addr), AX             \
	MOVL    AX, CX                 \
	ANDL    $1023, CX              \
	SHRL    $10, AX                \
	MOVQ    R13, DX                \
	SUBQ    AX, DX                 \
	LEAQ    ·counterRate16(SB), SI \
	MOVWQZX (SI)(CX*2), SI         \
	IMULQ   SI, DX                 \
	SARQ    $16, DX                \
	ADDQ    DX, AX                 \
	INCL    CX                     \
	CMPL    CX, DI                 \
	CMOVLHI DI, CX                 \
	SHLL    $10, AX                \
	ORL     CX, AX                 \
	MOVL    AX, (addr)

// Constants of CUPD and WVEC: lanes_amd64.h.
#include "lanes_amd64.h"

// CUPD is Counter.updateTo on eight lanes: the counters' states in Y0 (lanes that are not
// stored may hold anything), the target (bit << 22) in every lane of Y7, 1023 in Y10, 1 in Y11,
// the count's cap in Y12, &counterRate16 in DI; the new states into Y4. The rates are gathered
// as 32 bits at entry n, and the upper 16 (entry n+1) masked off by a blend with the gather's
// mask register, which the gather leaves zero. The product
// (target − p)·counterRate[n] needs 38 bits: it is taken in 64-bit lanes (VPMULDQ, even and
// odd lanes apart), and of its arithmetic shift by 16 only the low 32 bits matter (p's new
// value is kept to its low 22 bits), which are the product's bits 16..47 whatever its sign.
// Clobbers Y3, Y5, Y6, Y8, Y9.
#define CUPD(lim) \
	VPAND      k1023<>(SB), Y0, Y3         \
	VPSRLD     $10, Y0, Y4         \
	VPCMPEQD   Y5, Y5, Y5          \
	VPGATHERDD Y5, (DI)(Y3*2), Y6  \
	VPBLENDW   $0xAA, Y5, Y6, Y6   \
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

// SQUASHP takes the dot product in AX: the mixer's p = Squash(int32(dot >> 16)) into AX and
// clampP(p) into CX, both from one entry of squashClamp. dot >> 16 is an int32 already (six
// inputs of at most 2^12 in magnitude, stretches and the bias 256, times int32 weights: |dot|
// < 2^46), so x = dot >> 16 needs no sign extension, and the clamp to ±StretchMax compares
// dot itself (x < −3072 when dot < −3072·2^16, x > 3072 when dot > 3073·2^16 − 1), in
// parallel with the shift: in line are the shift, the two CMOVs and the load. Clobbers DX,
// SI, DI.
#define SQUASHP \
	MOVQ    AX, DX                 \
	SARQ    $16, DX                \
	MOVQ    $-3072, SI             \
	MOVQ    $3072, DI              \
	CMPQ    AX, $-201326592        \
	CMOVQLT SI, DX                 \
	CMPQ    AX, $201392127         \
	CMOVQGT DI, DX                 \
	LEAQ    ·squashClamp(SB), SI   \
	MOVWLZX 12288(SI)(DX*4), AX    \
	MOVWLZX 12290(SI)(DX*4), CX

// CLAMPP is clampP: AX (below 2^31) limited to [32, 65504] into CX, both compares on AX.
// Clobbers DX, SI.
#define CLAMPP \
	MOVL    AX, CX                 \
	MOVL    $32, DX                \
	MOVL    $65504, SI             \
	CMPL    AX, DX                 \
	CMOVLLT DX, CX                 \
	CMPL    AX, SI                 \
	CMOVLGT SI, CX

// SQUASH is SQUASHP (the mixer's p into AX, clampP of it into CX). Clobbers DX, SI, DI.
#define SQUASH \
	SQUASHP

// RESIN is the residual's mixed decision up to the dot product, for slot R11 (not direct) of
// m (R10), with c0 = &resRow0[slotPos0[slot]] in BX: the rows' offset slotPosN[slot]·4 into
// R13, the weights' row (set resSetOf(slot, rset) = rset·32 + slotPosN[slot]) into the local
// w-40(SP) (CX), the five counters' states into Y0's lanes 0-4, their stretches and the bias
// 256 into Y1's lanes 0-5, the weights into Y14 and the dot product into AX. Clobbers CX, DX,
// SI, DI, Y2, Y3, Y5.
#define RESIN \
	LEAQ    ·slotPosN(SB), AX \
	MOVBQZX (AX)(R11*1), R13 \
	MOVQ    PlaneModel_rset(R10), AX \
	SHLQ    $5, AX \
	ADDQ    R13, AX \
	SHLQ    $2, R13 \
	LEAQ    (AX)(AX*2), AX \
	MOVQ    PlaneModel_resW(R10), CX \
	LEAQ    (CX)(AX*8), CX \
	MOVQ    CX, w-40(SP) \
	LEAQ    ·stretchTable(SB), DX \
	MOVL    (BX), AX \
	VMOVD   AX, X0 \
	SHRL    $20, AX \
	MOVWQSX (DX)(AX*2), AX \
	VMOVD   AX, X1 \
	MOVQ    PlaneModel_resRowN+0(R10), SI \
	MOVL    (SI)(R13*1), AX \
	VPINSRD $1, AX, X0, X0 \
	SHRL    $20, AX \
	MOVWQSX (DX)(AX*2), AX \
	VPINSRD $1, AX, X1, X1 \
	MOVQ    PlaneModel_resRowN+8(R10), SI \
	MOVL    (SI)(R13*1), AX \
	VPINSRD $2, AX, X0, X0 \
	SHRL    $20, AX \
	MOVWQSX (DX)(AX*2), AX \
	VPINSRD $2, AX, X1, X1 \
	MOVQ    PlaneModel_resRowN+16(R10), SI \
	MOVL    (SI)(R13*1), AX \
	VPINSRD $3, AX, X0, X0 \
	SHRL    $20, AX \
	MOVWQSX (DX)(AX*2), AX \
	VPINSRD $3, AX, X1, X1 \
	MOVQ    PlaneModel_resRowN+24(R10), SI \
	MOVL    (SI)(R13*1), AX \
	VMOVD   AX, X2 \
	VINSERTI128 $1, X2, Y0, Y0 \
	SHRL    $20, AX \
	MOVWQSX (DX)(AX*2), AX \
	VMOVD   AX, X3 \
	MOVL    $256, SI \
	VPINSRD $1, SI, X3, X3 \
	VINSERTI128 $1, X3, Y1, Y1 \
	DOT

// RESTRAIN trains the residual's mixed decision (RESIN's state, the mixer's p in the local
// mixp-48(SP)) on the bit in R12: the five counters towards it (cap m.limit, in Y12), the
// weights by (bit << 16 − p)·mixRate. Clobbers AX, BX, CX, DX, SI, DI, R13, Y3-Y9, Y14.
#define RESTRAIN \
	MOVL    R12, AX \
	SHLL    $22, AX \
	VMOVD   AX, X7 \
	VPBROADCASTD X7, Y7 \
	LEAQ    ·counterRate16(SB), DI \
	CUPD(Y12) \
	VMOVD   X4, (BX) \
	MOVQ    PlaneModel_resRowN+0(R10), SI \
	VPEXTRD $1, X4, (SI)(R13*1) \
	MOVQ    PlaneModel_resRowN+8(R10), SI \
	VPEXTRD $2, X4, (SI)(R13*1) \
	MOVQ    PlaneModel_resRowN+16(R10), SI \
	VPEXTRD $3, X4, (SI)(R13*1) \
	VEXTRACTI128 $1, Y4, X4 \
	MOVQ    PlaneModel_resRowN+24(R10), SI \
	VMOVD   X4, (SI)(R13*1) \
	MOVQ    R12, R13 \
	SHLQ    $16, R13 \
	SUBQ    mixp-48(SP), R13 \
	IMULQ   PlaneModel_mixRate(R10), R13 \
	MOVQ    w-40(SP), BX \
	WVEC

// SKIPIN is the skip flag's mixed decision up to the dot product, for m in R10: the weights'
// row into the local w-40(SP), the counters' addresses into c0-8(SP) .. c3-32(SP) and BX
// (SkipMed's), their states into Y0's lanes 0-4, the inputs (the four stretches, the bias
// 256, SkipMed's stretch) into Y1's lanes 0-5, the weights into Y14 and the dot product into
// AX. Clobbers CX, DX, SI, DI, Y2, Y3, Y5.
#define SKIPIN \
	MOVQ    PlaneModel_skipSet(R10), AX \
	LEAQ    (AX)(AX*2), AX \
	MOVQ    PlaneModel_skipW(R10), CX \
	LEAQ    (CX)(AX*8), CX \
	MOVQ    CX, w-40(SP) \
	LEAQ    ·stretchTable(SB), DX \
	MOVQ    PlaneModel_skipCtx+0(R10), BX \
	SHLQ    $2, BX \
	ADDQ    PlaneModel_skipCounters+0(R10), BX \
	MOVQ    BX, c0-8(SP) \
	MOVL    (BX), AX \
	VMOVD   AX, X0 \
	SHRL    $20, AX \
	MOVWQSX (DX)(AX*2), AX \
	VMOVD   AX, X1 \
	MOVQ    PlaneModel_skipCtx+8(R10), BX \
	SHLQ    $2, BX \
	ADDQ    PlaneModel_skipCounters+24(R10), BX \
	MOVQ    BX, c1-16(SP) \
	MOVL    (BX), AX \
	VPINSRD $1, AX, X0, X0 \
	SHRL    $20, AX \
	MOVWQSX (DX)(AX*2), AX \
	VPINSRD $1, AX, X1, X1 \
	MOVQ    PlaneModel_skipCtx+16(R10), BX \
	SHLQ    $2, BX \
	ADDQ    PlaneModel_skipCounters+48(R10), BX \
	MOVQ    BX, c2-24(SP) \
	MOVL    (BX), AX \
	VPINSRD $2, AX, X0, X0 \
	SHRL    $20, AX \
	MOVWQSX (DX)(AX*2), AX \
	VPINSRD $2, AX, X1, X1 \
	MOVQ    PlaneModel_skipCtx+24(R10), BX \
	SHLQ    $2, BX \
	ADDQ    PlaneModel_skipCounters+72(R10), BX \
	MOVQ    BX, c3-32(SP) \
	MOVL    (BX), AX \
	VPINSRD $3, AX, X0, X0 \
	SHRL    $20, AX \
	MOVWQSX (DX)(AX*2), AX \
	VPINSRD $3, AX, X1, X1 \
	MOVQ    PlaneModel_skipMedCtx(R10), BX \
	SHLQ    $2, BX \
	ADDQ    PlaneModel_skipMedC(R10), BX \
	MOVL    (BX), AX \
	VMOVD   AX, X2 \
	VINSERTI128 $1, X2, Y0, Y0 \
	SHRL    $20, AX \
	MOVWQSX (DX)(AX*2), AX \
	MOVL    $256, SI \
	VMOVD   SI, X3 \
	VPINSRD $1, AX, X3, X3 \
	VINSERTI128 $1, X3, Y1, Y1 \
	DOT

// SKIPTRAIN trains the skip flag's mixed decision (SKIPIN's state, the mixer's p in the local
// mixp-48(SP)) on the bit in R12: the five counters towards it (cap 1023), the weights.
// Clobbers AX, BX, CX, DX, SI, DI, R13, Y3-Y9, Y14.
#define SKIPTRAIN \
	MOVL    R12, AX \
	SHLL    $22, AX \
	VMOVD   AX, X7 \
	VPBROADCASTD X7, Y7 \
	LEAQ    ·counterRate16(SB), DI \
	CUPD(k1023<>(SB)) \
	MOVQ    c0-8(SP), SI \
	VMOVD   X4, (SI) \
	MOVQ    c1-16(SP), SI \
	VPEXTRD $1, X4, (SI) \
	MOVQ    c2-24(SP), SI \
	VPEXTRD $2, X4, (SI) \
	MOVQ    c3-32(SP), SI \
	VPEXTRD $3, X4, (SI) \
	VEXTRACTI128 $1, Y4, X4 \
	VMOVD   X4, (BX) \
	MOVQ    R12, R13 \
	SHLQ    $16, R13 \
	SUBQ    mixp-48(SP), R13 \
	IMULQ   PlaneModel_mixRate(R10), R13 \
	MOVQ    w-40(SP), BX \
	WVEC

// ECOST adds arith.BitCost(bit, p) to *cost (the argument cost+16(FP)): p in CX, the bit in
// R12. Clobbers SI, DI.
#define ECOST \
	MOVL    $65536, SI          \
	SUBL    CX, SI              \
	TESTQ   R12, R12            \
	CMOVLNE CX, SI              \
	SHRL    $2, SI              \
	ANDL    $16383, SI          \
	MOVQ    ·costTable(SB), DI  \
	MOVL    (DI)(SI*4), SI      \
	MOVQ    cost+16(FP), DI     \
	ADDQ    SI, (DI)

// ESTEP is the encoder's step of the bit in R12 under probability p (CX) on low R8 and range
// R9: bound = (rng >> 16)·p; a 1 takes [0, bound) (rng = bound), a 0 the rest (low += bound,
// rng −= bound). Clobbers AX, SI, DI.
#define ESTEP \
	MOVL    R9, AX              \
	SHRL    $16, AX             \
	IMULL   CX, AX              \
	MOVL    R9, SI              \
	SUBL    AX, SI              \
	XORL    DI, DI              \
	TESTQ   R12, R12            \
	CMOVLNE AX, SI              \
	CMOVLNE DI, AX              \
	MOVL    SI, R9              \
	ADDQ    AX, R8

// The kernels' preambles and ends. go vet's asmdecl rejects references to the arguments
// (name+off(FP)) inside macros, so each kernel loads its arguments itself (m into R10, the
// coder's pointer into AX, depth into DX) and these do what follows.

// DLOAD loads the decoder at AX: code into R8, range into R9.
#define DLOAD \
	MOVL    DEC_CODE(AX), R8 \
	MOVL    DEC_RNG(AX), R9

// DSTORE stores code (R8) and range (R9) into the decoder at BX.
#define DSTORE \
	MOVL    R8, DEC_CODE(BX) \
	MOVL    R9, DEC_RNG(BX)

// ELOAD loads the encoder at AX: low into R8, range into R9.
#define ELOAD \
	MOVQ    ENC_LOW(AX), R8 \
	MOVL    ENC_RNG(AX), R9

// ESTORE stores low (R8) and range (R9) into the encoder at BX.
#define ESTORE \
	MOVQ    R8, ENC_LOW(BX) \
	MOVL    R9, ENC_RNG(BX)

// RESPRE is the residual kernels' common preamble for m in R10 and depth in DX: m.limit in
// every lane of Y12 (RESTRAIN's cap), depth − 1 into the local dm1-8(SP), k-24(SP) (the
// exponent so far) 0.
#define RESPRE \
	VPBROADCASTD PlaneModel_limit(R10), Y12 \
	DECQ    DX \
	MOVQ    DX, dm1-8(SP) \
	MOVQ    $0, k-24(SP)

// DNORM is Decoder.Normalize's loop on code R8 and range R9, the decoder in BX, with the
// labels loop, overrun and test; the caller has found the range below 2^24. Clobbers AX, CX.
#define DNORM(loop, overrun, test) \
loop:                                   \
	SHLL    $8, R9                  \
	SHLL    $8, R8                  \
	MOVQ    DEC_POS(BX), AX         \
	CMPQ    AX, DEC_INLEN(BX)       \
	JGE     overrun                 \
	MOVQ    DEC_IN(BX), CX          \
	MOVBLZX (CX)(AX*1), CX          \
	ORL     CX, R8                  \
	INCQ    AX                      \
	MOVQ    AX, DEC_POS(BX)         \
	JMP     test                    \
overrun:                                \
	MOVB    $1, DEC_OVERRUN(BX)     \
test:                                   \
	CMPL    R9, $0x1000000          \
	JCS     loop

// ENORM is Encoder.Normalize (with ShiftLow) on low R8 and range R9, the encoder in BX, with
// the labels loop, flush, floop, low and done: the output has room for every byte it may
// write (the caller's arith.Encoder.Reserve). Clobbers AX, CX, DX, SI, DI.
#define ENORM(loop, flush, floop, low, done) \
	CMPL    R9, $0x1000000          \
	JCC     done                    \
loop:                                   \
	SHLL    $8, R9                  \
	MOVL    R8, AX                  \
	CMPL    AX, $0xFF000000         \
	JCS     flush                   \
	MOVQ    R8, AX                  \
	SHRQ    $32, AX                 \
	JNZ     flush                   \
	INCQ    ENC_CACHESIZE(BX)       \
	JMP     low                     \
flush:                                  \
	MOVQ    R8, CX                  \
	SHRQ    $32, CX                 \
	MOVBLZX ENC_CACHE(BX), AX       \
	MOVQ    ENC_OUT(BX), SI         \
	MOVQ    ENC_OUTLEN(BX), DI      \
	MOVQ    ENC_CACHESIZE(BX), DX   \
floop:                                  \
	ADDL    CX, AX                  \
	MOVB    AX, (SI)(DI*1)          \
	INCQ    DI                      \
	MOVL    $0xFF, AX               \
	DECQ    DX                      \
	JNZ     floop                   \
	MOVQ    DI, ENC_OUTLEN(BX)      \
	MOVQ    R8, AX                  \
	SHRQ    $24, AX                 \
	MOVB    AX, ENC_CACHE(BX)       \
	MOVQ    $1, ENC_CACHESIZE(BX)   \
low:                                    \
	ANDQ    $0xFFFFFF, R8           \
	SHLQ    $8, R8                  \
	CMPL    R9, $0x1000000          \
	JCS     loop                    \
done:

// APMROW is the first step of the residual APM's decision (APM.P on m.resAPM,
// video_code.go's decResSSE and encResSSE) for slot R11 (below apmSlots) of m (R10), which
// does not wait for the mixer: the address of the context's row of buckets, t[ctx·33] for
// ctx = slot·apmMul + apmSub, into the local apmrow-88(SP). Clobbers SI, DI.
#define APMROW \
	MOVQ    PlaneModel_apmMul(R10), DI \
	IMULQ   R11, DI \
	ADDQ    PlaneModel_apmSub(R10), DI \
	IMUL3Q  $66, DI, DI \
	MOVQ    PlaneModel_resAPM(R10), SI \
	ADDQ    APM_t(SI), DI \
	MOVQ    DI, apmrow-88(SP)

// APMPRE prefetches, at a residual kernel's entry, the residual APM's rows of the sample's
// context (apmSub, prepareResidual) for the five slots below apmSlots: rows t[(slot·apmMul +
// apmSub)·33], 66 bytes each, two cache lines each. res_apm's buckets (5·160 rows, 53 KB) do
// not stay in L1, and a bucket's load is in line (APMP); the prefetches start at the entry,
// some 35 cycles or more before the first bucket is read. Clobbers AX, CX, DX.
#define APMPRE \
	MOVQ    PlaneModel_apmSub(R10), AX \
	IMUL3Q  $66, AX, AX \
	MOVQ    PlaneModel_resAPM(R10), CX \
	ADDQ    APM_t(CX), AX \
	MOVQ    PlaneModel_apmMul(R10), DX \
	IMUL3Q  $66, DX, DX \
	PREFETCHT0 (AX) \
	PREFETCHT0 64(AX) \
	ADDQ    DX, AX \
	PREFETCHT0 (AX) \
	PREFETCHT0 64(AX) \
	ADDQ    DX, AX \
	PREFETCHT0 (AX) \
	PREFETCHT0 64(AX) \
	ADDQ    DX, AX \
	PREFETCHT0 (AX) \
	PREFETCHT0 64(AX) \
	ADDQ    DX, AX \
	PREFETCHT0 (AX) \
	PREFETCHT0 64(AX)

// APMP is the rest of it, SQUASHP's work included, on the dot product in AX (RESIN): x =
// dot >> 16 clamped to ±StretchMax (as SQUASHP), and then one lookup, resAPMIn[x], gives the
// mixer's p = Squash(x) (into the local mixp-48(SP)) and pStretched's bucket lo and weight w of
// Stretch(p) (lo clamped to 31 as there); the buckets t0, t1 at the row (APMROW) + lo, their
// interpolation (t0·(192 − w) + t1·w) / 192 as pStretched's, the address of the bucket to
// update (lo's, or lo+1's when w > 96) into the local apmb-80(SP); then the coded
// probability clampP((p + 3·APM) >> 2) into CX. The Go code's max(p, 1) is not taken: every
// bucket is at least 1 (Reset, Update), so the sum is at least 192. The APM's idx is left as
// it was (only Update reads it, right after P). The division by 192 is the multiplication by
// M = 22369622 and the shift by 32 (exact for a sum below 2^24: TestAPMDivisions), taken
// into the weights: t0·((192 − w)·M) + t1·(w·M) is the sum times M (below 2^49), and the
// weights' products wait only for w, not for the buckets. In line from the dot product: the
// shift and the clamp's two CMOVs, the table's load, the bucket's load, a multiplication, the
// add and the shift, the mix's three and the clamp's three. Clobbers AX, DX, SI, DI.
#define APMP \
	MOVQ    AX, DX \
	SARQ    $16, DX \
	MOVQ    $-3072, SI \
	MOVQ    $3072, DI \
	CMPQ    AX, $-201326592 \
	CMOVQLT SI, DX \
	CMPQ    AX, $201392127 \
	CMOVQGT DI, DX \
	LEAQ    ·resAPMIn(SB), DI \
	MOVWLZX 12288(DI)(DX*4), AX \
	MOVBLZX 12290(DI)(DX*4), SI \
	MOVBLZX 12291(DI)(DX*4), CX \
	MOVQ    AX, mixp-48(SP) \
	MOVQ    apmrow-88(SP), DI \
	MOVWLZX (DI)(SI*2), AX \
	CMPL    CX, $97 \
	SBBQ    DX, DX \
	LEAQ    1(SI)(DX*1), DX \
	LEAQ    (DI)(DX*2), DX \
	MOVQ    DX, apmb-80(SP) \
	MOVWLZX 2(DI)(SI*2), SI \
	IMUL3Q  $22369622, CX, CX \
	MOVQ    $4294967424, DX \
	SUBQ    CX, DX \
	IMULQ   CX, SI \
	IMULQ   DX, AX \
	ADDQ    SI, AX \
	SHRQ    $32, AX \
	LEAL    (AX)(AX*2), AX \
	ADDL    mixp-48(SP), AX \
	SHRL    $2, AX \
	CLAMPP

// APMUPD is the residual APM's Update on the bit in R12 for the bucket at apmb-80(SP) (APMP):
// v += (bit·65535 − v) >> 7 (resAPMRate), at least 1 (v stays ≥ 0, so the ADC's +1 on 0 is
// the Go code's max). Clobbers AX, DX, SI.
#define APMUPD \
	MOVQ    apmb-80(SP), SI \
	MOVWLZX (SI), AX \
	MOVL    R12, DX \
	SHLL    $16, DX \
	SUBL    R12, DX \
	SUBL    AX, DX \
	SARL    $7, DX \
	ADDL    DX, AX \
	CMPL    AX, $1 \
	ADCL    $0, AX \
	MOVW    AX, (SI)
