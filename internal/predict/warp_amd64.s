#include "textflag.h"

// func warpAcrossAsm(out *int32, step int, v *int32, n int, px, sxp int64, c0p1 int, maxVal int32, tab *[64][4]int32)
// warpCols's samples of a run, filtered across (scalar, no vector registers): for each of n
// samples, with ph = (px >> 10) & 63 and j = (px >> 16) − c0p1, acc = Σt tab[ph][t]·v[j+t] in
// int64, *out = clamp(int32((acc + 2^27) >> 28), 0, maxVal); out moves step samples and px
// sxp a sample.
TEXT ·warpAcrossAsm(SB), NOSPLIT, $0-72
	MOVQ    out+0(FP), DI
	MOVQ    step+8(FP), R8
	SHLQ    $2, R8
	MOVQ    v+16(FP), SI
	MOVQ    n+24(FP), CX
	MOVQ    px+32(FP), AX
	MOVLQSX maxVal+56(FP), R11
	MOVQ    tab+64(FP), R12
	TESTQ   CX, CX
	JLE     acrossdone

acrossloop:
	MOVQ    AX, BX
	SARQ    $10, BX
	ANDQ    $63, BX
	SHLQ    $4, BX
	ADDQ    R12, BX
	MOVQ    AX, DX
	SARQ    $16, DX
	SUBQ    c0p1+48(FP), DX
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
