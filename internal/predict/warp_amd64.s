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
