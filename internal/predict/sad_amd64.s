#include "textflag.h"

// func sad16AVX2(src *uint16, srcStride int, a *int32, prevStride int, rows int, w *[4]int32, limit int64) int64
// Each row: two halves of eight samples, the prediction (wa·a + wb·a' + wc·c + wd·c' + 8) >> 4
// by VPMULLD (the low 32 bits, as Go's int32 products), |src − p| by VPABSD, the row's sum
// of the sixteen in int32, then added to s in int64.
TEXT ·sad16AVX2(SB), NOSPLIT, $0-64
	MOVQ src+0(FP), SI
	MOVQ srcStride+8(FP), R8
	SHLQ $1, R8
	MOVQ a+16(FP), DI
	MOVQ prevStride+24(FP), R9
	SHLQ $2, R9
	MOVQ rows+32(FP), CX
	MOVQ w+40(FP), AX
	MOVQ limit+48(FP), R10
	VPBROADCASTD 0(AX), Y10
	VPBROADCASTD 4(AX), Y11
	VPBROADCASTD 8(AX), Y12
	VPBROADCASTD 12(AX), Y13
	MOVL $8, BX
	MOVQ BX, X14
	VPBROADCASTD X14, Y14
	XORQ DX, DX
	LEAQ (DI)(R9*1), R11

row:
	VPMOVZXWD 0(SI), Y0
	VPMULLD   0(DI), Y10, Y1
	VPMULLD   4(DI), Y11, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   0(R11), Y12, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   4(R11), Y13, Y2
	VPADDD    Y2, Y1, Y1
	VPADDD    Y14, Y1, Y1
	VPSRAD    $4, Y1, Y1
	VPSUBD    Y1, Y0, Y0
	VPABSD    Y0, Y6

	VPMOVZXWD 16(SI), Y0
	VPMULLD   32(DI), Y10, Y1
	VPMULLD   36(DI), Y11, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   32(R11), Y12, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   36(R11), Y13, Y2
	VPADDD    Y2, Y1, Y1
	VPADDD    Y14, Y1, Y1
	VPSRAD    $4, Y1, Y1
	VPSUBD    Y1, Y0, Y0
	VPABSD    Y0, Y0
	VPADDD    Y0, Y6, Y6

	VEXTRACTI128 $1, Y6, X7
	VPADDD       X7, X6, X6
	VPSHUFD      $0x4E, X6, X7
	VPADDD       X7, X6, X6
	VPSHUFD      $0xB1, X6, X7
	VPADDD       X7, X6, X6
	MOVQ         X6, BX
	MOVLQSX      BX, BX
	ADDQ         BX, DX
	CMPQ         DX, R10
	JGE          done
	ADDQ         R8, SI
	ADDQ         R9, DI
	ADDQ         R9, R11
	DECQ         CX
	JNZ          row

done:
	VZEROUPPER
	MOVQ DX, ret+56(FP)
	RET
