#include "textflag.h"

// func lsTaps4AVX2(d, r0, r1, r2, r3 *int32, n int, k *[4]int32)
// d[x] += k[0]·r0[x] + k[1]·r1[x] + k[2]·r2[x] + k[3]·r3[x] (int32) for x < n, n a multiple
// of 8.
TEXT ·lsTaps4AVX2(SB), NOSPLIT, $0-56
	MOVQ d+0(FP), DI
	MOVQ r0+8(FP), SI
	MOVQ r1+16(FP), R8
	MOVQ r2+24(FP), R9
	MOVQ r3+32(FP), R10
	MOVQ n+40(FP), CX
	MOVQ k+48(FP), AX
	VPBROADCASTD 0(AX), Y10
	VPBROADCASTD 4(AX), Y11
	VPBROADCASTD 8(AX), Y12
	VPBROADCASTD 12(AX), Y13
	XORQ BX, BX
	SHRQ $3, CX
	JZ   done

loop:
	VPMULLD (SI)(BX*1), Y10, Y1
	VPMULLD (R8)(BX*1), Y11, Y2
	VPADDD  Y2, Y1, Y1
	VPMULLD (R9)(BX*1), Y12, Y2
	VPADDD  Y2, Y1, Y1
	VPMULLD (R10)(BX*1), Y13, Y2
	VPADDD  Y2, Y1, Y1
	VPADDD  (DI)(BX*1), Y1, Y1
	VMOVDQU Y1, (DI)(BX*1)
	ADDQ    $32, BX
	DECQ    CX
	JNZ     loop

done:
	VZEROUPPER
	RET
