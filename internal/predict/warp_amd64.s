#include "textflag.h"

// acrossPerm<>: VPERMD's indexes that gather the low 32 bits of four 64-bit lanes into the
// low four 32-bit lanes.
DATA acrossPerm<>+0(SB)/4, $0
DATA acrossPerm<>+4(SB)/4, $2
DATA acrossPerm<>+8(SB)/4, $4
DATA acrossPerm<>+12(SB)/4, $6
DATA acrossPerm<>+16(SB)/4, $0
DATA acrossPerm<>+20(SB)/4, $0
DATA acrossPerm<>+24(SB)/4, $0
DATA acrossPerm<>+28(SB)/4, $0
GLOBL acrossPerm<>(SB), RODATA|NOPTR, $32

// ACROSS1(y): one sample's four products tab[ph][t]·v[j+t] (t < 4) in the 64-bit lanes of y,
// ph = (px >> 10) & 63 and j = px >> 16 (SI is v − c0p1), then px moves on by sxp (R10).
// VPMULDQ multiplies the lanes' low 32 bits as signed: the int64 products of the int32s.
#define ACROSS1(y) \
	MOVQ      AX, BX \
	SARQ      $10, BX \
	ANDQ      $63, BX \
	SHLQ      $4, BX \
	MOVQ      AX, DX \
	SARQ      $16, DX \
	VPMOVSXDQ (R12)(BX*1), y \
	VPMOVSXDQ (SI)(DX*4), Y5 \
	VPMULDQ   Y5, y, y \
	ADDQ      R10, AX

// func warpAcrossAsm(out *int32, step int, v *int32, n int, px, sxp int64, c0p1 int, maxVal int32, tab *[64][4]int32)
// warpCols's samples of a run, filtered across: for each of n samples, with ph = (px >> 10)
// & 63 and j = (px >> 16) − c0p1, acc = Σt tab[ph][t]·v[j+t] in int64, *out =
// clamp(int32((acc + 2^27) >> 28), 0, maxVal); out moves step samples and px sxp a sample.
// Four samples at a time in AVX2 (the four products of each by VPMULDQ, the four sums by
// unpacking and adding 64-bit lanes, exact as the scalar sums are; of the shift by 28 only the
// low 32 bits are kept, which a logical shift gives as an arithmetic one does), the last
// n mod 4 samples one at a time in scalar code.
TEXT ·warpAcrossAsm(SB), NOSPLIT, $0-72
	MOVQ    out+0(FP), DI
	MOVQ    step+8(FP), R8
	SHLQ    $2, R8
	MOVQ    v+16(FP), SI
	MOVQ    c0p1+48(FP), DX
	SHLQ    $2, DX
	SUBQ    DX, SI // v − c0p1: sample j's taps start at SI + 4·(px >> 16)
	MOVQ    n+24(FP), CX
	MOVQ    px+32(FP), AX
	MOVQ    sxp+40(FP), R10
	MOVLQSX maxVal+56(FP), R11
	MOVQ    tab+64(FP), R12
	CMPQ    CX, $4
	JLT     acrossone

	VMOVQ        R11, X15
	VPBROADCASTD X15, X15 // maxVal
	VPXOR        X14, X14, X14
	MOVQ         $0x8000000, DX
	VMOVQ        DX, X13
	VPBROADCASTQ X13, Y13 // 2^27, the rounding
	VMOVDQU      acrossPerm<>(SB), Y12

across4:
	ACROSS1(Y0)
	ACROSS1(Y1)
	ACROSS1(Y2)
	ACROSS1(Y3)
	VPUNPCKLQDQ Y1, Y0, Y4        // a0 b0 a2 b2
	VPUNPCKHQDQ Y1, Y0, Y0        // a1 b1 a3 b3
	VPADDQ      Y4, Y0, Y0
	VPUNPCKLQDQ Y3, Y2, Y4
	VPUNPCKHQDQ Y3, Y2, Y2
	VPADDQ      Y4, Y2, Y2        // c01 d01 c23 d23
	VPERM2I128  $0x20, Y2, Y0, Y4 // a01 b01 c01 d01
	VPERM2I128  $0x31, Y2, Y0, Y0 // a23 b23 c23 d23
	VPADDQ      Y4, Y0, Y0
	VPADDQ      Y13, Y0, Y0
	VPSRLQ      $28, Y0, Y0
	VPERMD      Y0, Y12, Y0       // the low 32 bits of the four sums
	VPMAXSD     X14, X0, X0
	VPMINSD     X15, X0, X0
	CMPQ        R8, $4
	JNE         across4strided
	VMOVDQU     X0, (DI)
	ADDQ        $16, DI
	JMP         across4next

across4strided:
	VMOVD   X0, (DI)
	ADDQ    R8, DI
	VPEXTRD $1, X0, (DI)
	ADDQ    R8, DI
	VPEXTRD $2, X0, (DI)
	ADDQ    R8, DI
	VPEXTRD $3, X0, (DI)
	ADDQ    R8, DI

across4next:
	SUBQ $4, CX
	CMPQ CX, $4
	JGE  across4
	VZEROUPPER

acrossone:
	TESTQ CX, CX
	JLE   acrossdone

acrossloop:
	MOVQ    AX, BX
	SARQ    $10, BX
	ANDQ    $63, BX
	SHLQ    $4, BX
	ADDQ    R12, BX
	MOVQ    AX, DX
	SARQ    $16, DX
	LEAQ    (SI)(DX*4), DX
	MOVLQSX 0(BX), R13
	MOVLQSX 0(DX), R9
	IMULQ   R9, R13
	MOVLQSX 4(BX), R10
	MOVLQSX 4(DX), R9
	IMULQ   R9, R10
	ADDQ    R10, R13
	MOVLQSX 8(BX), R10
	MOVLQSX 8(DX), R9
	IMULQ   R9, R10
	ADDQ    R10, R13
	MOVLQSX 12(BX), R10
	MOVLQSX 12(DX), R9
	IMULQ   R9, R10
	ADDQ    R10, R13
	ADDQ    $0x8000000, R13
	SARQ    $28, R13
	MOVLQSX R13, R13
	XORL    R10, R10
	CMPQ    R13, R10
	CMOVQLT R10, R13
	CMPQ    R13, R11
	CMOVQGT R11, R13
	MOVL    R13, 0(DI)
	ADDQ    R8, DI
	ADDQ    sxp+40(FP), AX
	DECQ    CX
	JNZ     acrossloop

acrossdone:
	RET

DATA warpHalf<>+0(SB)/8, $0.5
GLOBL warpHalf<>(SB), RODATA|NOPTR, $8
DATA warpInv256<>+0(SB)/8, $0.00390625
GLOBL warpInv256<>(SB), RODATA|NOPTR, $8
DATA warpOne<>+0(SB)/8, $1.0
GLOBL warpOne<>(SB), RODATA|NOPTR, $8

// NACC(perm, w, j, acc): acc += (w's lanes as perm picks them)·j, lane by lane.
#define NACC(perm, w, j, acc) \
	VPERMPD $perm, w, Y13 \
	VMULPD  j, Y13, Y13 \
	VADDPD  Y13, acc, acc

// func warpNormalAsm(acc *[36]float64, c, cn, cs *uint16, row *int32, w int, cx, ry, thr float64) int64
// Estimate's sums over a row (warpNormalRow is the definition): the nine vectors of acc held
// in Y0-Y8 across the row. Per sample with a gradient: J = [gx, gy, gx·rx, gx·ry] (Y10) and
// [gy·rx, gy·ry] twice (Y14), W = wt·J (Y12) and wt·[j4, j5, j4, j5] (Y11); the sums are
// atb += W·d (Y0, Y1), ata's rows 0-3 += w_a·J (Y2-Y5), [w0 w0 w1 w1]·[j4 j5 j4 j5] (Y6),
// [w2 w2 w3 w3]·[j4 j5 j4 j5] (Y7), [w4 w4 w5 w5]·[j4 j5 j4 j5] (Y8).
TEXT ·warpNormalAsm(SB), NOSPLIT, $0-80
	MOVQ acc+0(FP), DI
	MOVQ c+8(FP), SI
	MOVQ cn+16(FP), R8
	MOVQ cs+24(FP), R9
	MOVQ row+32(FP), R10
	MOVQ w+40(FP), DX
	DECQ DX              // x < w − 1
	XORQ R11, R11        // the sum of |d|
	MOVQ $1, CX
	CMPQ CX, DX
	JGE  normaldone
	VMOVUPD 0(DI), Y0
	VMOVUPD 32(DI), Y1
	VMOVUPD 64(DI), Y2
	VMOVUPD 96(DI), Y3
	VMOVUPD 128(DI), Y4
	VMOVUPD 160(DI), Y5
	VMOVUPD 192(DI), Y6
	VMOVUPD 224(DI), Y7
	VMOVUPD 256(DI), Y8
	VMOVSD  ry+56(FP), X15

normalloop:
	MOVWLZX (SI)(CX*2), AX
	SUBL    (R10)(CX*4), AX // d = c[x] − row[x], int32
	MOVL    AX, BX
	NEGL    BX
	CMOVLLT AX, BX          // |d|
	ADDQ    BX, R11
	MOVWLZX 2(SI)(CX*2), R12
	MOVWLZX -2(SI)(CX*2), R13
	SUBL    R13, R12        // 2·gx
	MOVWLZX (R9)(CX*2), R13
	MOVWLZX (R8)(CX*2), R14
	SUBL    R14, R13        // 2·gy
	MOVL    R12, R14
	ORL     R13, R14
	JZ      normalnext      // no gradient: nothing to add

	VCVTSI2SDL  AX, X9, X9          // d
	VCVTSI2SDL  R12, X10, X10
	VMULSD      warpHalf<>(SB), X10, X10 // gx
	VCVTSI2SDL  R13, X11, X11
	VMULSD      warpHalf<>(SB), X11, X11 // gy
	VCVTSI2SDQ  CX, X12, X12
	VSUBSD      cx+48(FP), X12, X12
	VMULSD      warpInv256<>(SB), X12, X12 // rx
	VUNPCKLPD   X15, X12, X12       // [rx, ry]
	VMOVDDUP    X10, X13
	VMULPD      X12, X13, X13       // [gx·rx, gx·ry]
	VMOVDDUP    X11, X14
	VMULPD      X12, X14, X14       // [gy·rx, gy·ry]
	VUNPCKLPD   X11, X10, X10       // [gx, gy]
	VINSERTF128 $1, X13, Y10, Y10   // J
	VINSERTF128 $1, X14, Y14, Y14   // [j4, j5, j4, j5]
	VCVTSI2SDL  BX, X11, X11        // |d|
	VUCOMISD    thr+64(FP), X11
	JHI         normalbig
	VBROADCASTSD warpOne<>(SB), Y11
	JMP         normalwt

normalbig:
	VMOVSD       thr+64(FP), X12
	VDIVSD       X11, X12, X11      // thr / |d|
	VBROADCASTSD X11, Y11

normalwt:
	VMULPD       Y10, Y11, Y12      // W
	VMULPD       Y14, Y11, Y11      // wt·[j4, j5, j4, j5]
	VBROADCASTSD X9, Y9
	VMULPD       Y9, Y12, Y13
	VADDPD       Y13, Y0, Y0
	VMULPD       Y9, Y11, Y13
	VADDPD       Y13, Y1, Y1
	NACC(0x00, Y12, Y10, Y2)
	NACC(0x55, Y12, Y10, Y3)
	NACC(0xAA, Y12, Y10, Y4)
	NACC(0xFF, Y12, Y10, Y5)
	NACC(0x50, Y12, Y14, Y6)
	NACC(0xFA, Y12, Y14, Y7)
	NACC(0x50, Y11, Y14, Y8)

normalnext:
	ADDQ $2, CX
	CMPQ CX, DX
	JLT  normalloop

	VMOVUPD Y0, 0(DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	VMOVUPD Y4, 128(DI)
	VMOVUPD Y5, 160(DI)
	VMOVUPD Y6, 192(DI)
	VMOVUPD Y7, 224(DI)
	VMOVUPD Y8, 256(DI)
	VZEROUPPER

normaldone:
	MOVQ R11, ret+72(FP)
	RET

// directPerm<>: VPERMD's indexes that put the four row sums s0, s1, s2, s3 (at dwords 0, 4,
// 1, 5 after the two VPHADDDs) in the low dwords of four 64-bit lanes.
DATA directPerm<>+0(SB)/4, $0
DATA directPerm<>+4(SB)/4, $0
DATA directPerm<>+8(SB)/4, $4
DATA directPerm<>+12(SB)/4, $4
DATA directPerm<>+16(SB)/4, $1
DATA directPerm<>+20(SB)/4, $1
DATA directPerm<>+24(SB)/4, $5
DATA directPerm<>+28(SB)/4, $5
GLOBL directPerm<>(SB), RODATA|NOPTR, $32

// func warpDirectAsm(out *int32, step, n int, pix *int32, stride, w, h int, px, py, sxp, syp int64, maxVal int32, tab *[64][4]int32) int
// warpCols's samples filtered alone (the sixteen taps), from the first on while its taps lie
// inside the plane (ix = px >> 16 in [−1, w−1], iy = py >> 16 in [1, h−3]), at most n of
// them; returns how many it wrote. pix points at the plane's sample (0, 0) (past the row's
// padding, stride samples a row). Per sample: the four rows' four samples (two Y registers),
// times the horizontal taps tab[(px >> 10) & 63] in int32 (VPMULLD, Go's wrapping products),
// each row's four summed in int32 (VPHADDD), then the four sums times the vertical taps
// tab[(py >> 10) & 63] in int64 (VPMULDQ) and added; (acc + 2^27) >> 28 truncated to int32
// and clamped to [0, maxVal] as the Go loop does.
TEXT ·warpDirectAsm(SB), NOSPLIT, $0-112
	MOVQ    out+0(FP), DI
	MOVQ    step+8(FP), R8
	SHLQ    $2, R8
	MOVQ    n+16(FP), R9
	MOVQ    pix+24(FP), SI
	MOVQ    stride+32(FP), R10
	SHLQ    $2, R10
	MOVQ    w+40(FP), R11
	DECQ    R11                // w − 1
	MOVQ    h+48(FP), R12
	SUBQ    $3, R12            // h − 3
	MOVQ    px+56(FP), R13
	MOVQ    py+64(FP), R14
	XORQ    CX, CX             // samples written
	TESTQ   R9, R9
	JLE     directend
	VMOVDQU directPerm<>(SB), Y7
	MOVQ    tab+96(FP), R15    // (after the global's access, which may clobber R15)

directloop:
	MOVQ  R13, AX
	SARQ  $16, AX              // ix
	CMPQ  AX, $-1
	JLT   directdone
	CMPQ  AX, R11
	JGT   directdone
	MOVQ  R14, BX
	SARQ  $16, BX              // iy
	CMPQ  BX, $1
	JLT   directdone
	CMPQ  BX, R12
	JGT   directdone
	DECQ  BX
	IMULQ R10, BX              // (iy − 1) rows, in bytes
	LEAQ  -4(SI)(AX*4), DX     // column ix − 1
	ADDQ  BX, DX
	VMOVDQU     0(DX), X0
	VINSERTI128 $1, (DX)(R10*1), Y0, Y0
	LEAQ        (DX)(R10*2), DX
	VMOVDQU     0(DX), X1
	VINSERTI128 $1, (DX)(R10*1), Y1, Y1
	MOVQ        R13, AX
	SARQ        $10, AX
	ANDQ        $63, AX
	SHLQ        $4, AX
	VBROADCASTI128 (R15)(AX*1), Y2  // the horizontal taps, twice
	VPMULLD     Y2, Y0, Y0
	VPMULLD     Y2, Y1, Y1
	VPHADDD     Y1, Y0, Y0          // row 0's pairs, row 2's | row 1's, row 3's
	VPHADDD     Y0, Y0, Y0          // s0 s2 s0 s2 | s1 s3 s1 s3
	VPERMD      Y0, Y7, Y0          // s0, s1, s2, s3 in the 64-bit lanes' low dwords
	MOVQ        R14, BX
	SARQ        $10, BX
	ANDQ        $63, BX
	SHLQ        $4, BX
	VPMOVSXDQ   (R15)(BX*1), Y3     // the vertical taps
	VPMULDQ     Y3, Y0, Y0
	VEXTRACTI128 $1, Y0, X4
	VPADDQ      X4, X0, X0
	VPSHUFD     $0x4E, X0, X4
	VPADDQ      X4, X0, X0
	VMOVQ       X0, AX
	ADDQ        $0x8000000, AX
	SARQ        $28, AX
	XORL        BX, BX
	CMPL        AX, BX
	CMOVLLT     BX, AX
	MOVL        maxVal+88(FP), BX
	CMPL        AX, BX
	CMOVLGT     BX, AX
	MOVL        AX, 0(DI)
	ADDQ        R8, DI
	ADDQ        sxp+72(FP), R13
	ADDQ        syp+80(FP), R14
	INCQ        CX
	CMPQ        CX, R9
	JLT         directloop

directdone:
	VZEROUPPER

directend:
	MOVQ CX, ret+104(FP)
	RET
