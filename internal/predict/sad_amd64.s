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

// func sadCubic16AVX2(src *uint16, r0, r1, r2, r3 *int32, ty *[4]int32, maxVal int32) int32
// One row of sadCubicCached for a 16-wide block: the sum over x < 16 of
// |src[x] − clamp((ty[0]·r0[x] + ty[1]·r1[x] + ty[2]·r2[x] + ty[3]·r3[x] + 2^13) >> 14, 0, maxVal)|.
TEXT ·sadCubic16AVX2(SB), NOSPLIT, $0-60
	MOVQ src+0(FP), SI
	MOVQ r0+8(FP), R8
	MOVQ r1+16(FP), R9
	MOVQ r2+24(FP), R10
	MOVQ r3+32(FP), R11
	MOVQ ty+40(FP), AX
	VPBROADCASTD 0(AX), Y10
	VPBROADCASTD 4(AX), Y11
	VPBROADCASTD 8(AX), Y12
	VPBROADCASTD 12(AX), Y13
	MOVL $8192, BX
	MOVQ BX, X14
	VPBROADCASTD X14, Y14
	MOVL maxVal+48(FP), BX
	MOVQ BX, X15
	VPBROADCASTD X15, Y15
	VPXOR Y9, Y9, Y9

	VPMULLD   0(R8), Y10, Y1
	VPMULLD   0(R9), Y11, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   0(R10), Y12, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   0(R11), Y13, Y2
	VPADDD    Y2, Y1, Y1
	VPADDD    Y14, Y1, Y1
	VPSRAD    $14, Y1, Y1
	VPMAXSD   Y9, Y1, Y1
	VPMINSD   Y15, Y1, Y1
	VPMOVZXWD 0(SI), Y0
	VPSUBD    Y1, Y0, Y0
	VPABSD    Y0, Y6

	VPMULLD   32(R8), Y10, Y1
	VPMULLD   32(R9), Y11, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   32(R10), Y12, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   32(R11), Y13, Y2
	VPADDD    Y2, Y1, Y1
	VPADDD    Y14, Y1, Y1
	VPSRAD    $14, Y1, Y1
	VPMAXSD   Y9, Y1, Y1
	VPMINSD   Y15, Y1, Y1
	VPMOVZXWD 16(SI), Y0
	VPSUBD    Y1, Y0, Y0
	VPABSD    Y0, Y0
	VPADDD    Y0, Y6, Y6

	VEXTRACTI128 $1, Y6, X7
	VPADDD       X7, X6, X6
	VPSHUFD      $0x4E, X6, X7
	VPADDD       X7, X6, X6
	VPSHUFD      $0xB1, X6, X7
	VPADDD       X7, X6, X6
	VZEROUPPER
	MOVL         X6, ret+56(FP)
	RET

// func cubicRowAVX2(d, r *int32, n int, t *[4]int32)
// d[x] = t[0]·r[x] + t[1]·r[x+1] + t[2]·r[x+2] + t[3]·r[x+3] (int32) for x < n, n a multiple of 8.
TEXT ·cubicRowAVX2(SB), NOSPLIT, $0-32
	MOVQ d+0(FP), DI
	MOVQ r+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ t+24(FP), AX
	VPBROADCASTD 0(AX), Y10
	VPBROADCASTD 4(AX), Y11
	VPBROADCASTD 8(AX), Y12
	VPBROADCASTD 12(AX), Y13
	SHRQ $3, CX
	JZ   rowdone

rowloop:
	VPMULLD 0(SI), Y10, Y1
	VPMULLD 4(SI), Y11, Y2
	VPADDD  Y2, Y1, Y1
	VPMULLD 8(SI), Y12, Y2
	VPADDD  Y2, Y1, Y1
	VPMULLD 12(SI), Y13, Y2
	VPADDD  Y2, Y1, Y1
	VMOVDQU Y1, 0(DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     rowloop

rowdone:
	VZEROUPPER
	RET

// func colsAVX2(d, r *int32, stride, n int, t *[4]int32)
// d[c] = t[0]·r[c] + t[1]·r[c+s] + t[2]·r[c+2s] + t[3]·r[c+3s] (int32, s = stride) for c < n,
// n a multiple of 8.
TEXT ·colsAVX2(SB), NOSPLIT, $0-40
	MOVQ d+0(FP), DI
	MOVQ r+8(FP), SI
	MOVQ stride+16(FP), R8
	SHLQ $2, R8
	MOVQ n+24(FP), CX
	MOVQ t+32(FP), AX
	VPBROADCASTD 0(AX), Y10
	VPBROADCASTD 4(AX), Y11
	VPBROADCASTD 8(AX), Y12
	VPBROADCASTD 12(AX), Y13
	LEAQ (SI)(R8*1), R9
	LEAQ (R9)(R8*1), R10
	LEAQ (R10)(R8*1), R11
	SHRQ $3, CX
	JZ   colsdone

colsloop:
	VPMULLD 0(SI), Y10, Y1
	VPMULLD 0(R9), Y11, Y2
	VPADDD  Y2, Y1, Y1
	VPMULLD 0(R10), Y12, Y2
	VPADDD  Y2, Y1, Y1
	VPMULLD 0(R11), Y13, Y2
	VPADDD  Y2, Y1, Y1
	VMOVDQU Y1, 0(DI)
	ADDQ    $32, SI
	ADDQ    $32, R9
	ADDQ    $32, R10
	ADDQ    $32, R11
	ADDQ    $32, DI
	DECQ    CX
	JNZ     colsloop

colsdone:
	VZEROUPPER
	RET

// func cubic8AVX2(dst, r0, r1, r2, r3 *int32, n int, tx, ty *[4]int32, maxVal int32)
// predictRow's cubic filter inside the rows: for j < n (a multiple of 8), with s_k the row
// r_k filtered across, tx·(r_k[j], r_k[j+1], r_k[j+2], r_k[j+3]), dst[j] =
// clamp((ty·(s_0, s_1, s_2, s_3) + 2^13) >> 14, 0, maxVal), all in int32.
TEXT ·cubic8AVX2(SB), NOSPLIT, $0-68
	MOVQ dst+0(FP), DI
	MOVQ r0+8(FP), R8
	MOVQ r1+16(FP), R9
	MOVQ r2+24(FP), R10
	MOVQ r3+32(FP), R11
	MOVQ n+40(FP), CX
	MOVQ tx+48(FP), AX
	MOVQ ty+56(FP), BX
	VPBROADCASTD 0(AX), Y10
	VPBROADCASTD 4(AX), Y11
	VPBROADCASTD 8(AX), Y12
	VPBROADCASTD 12(AX), Y13
	VPBROADCASTD 0(BX), Y4
	VPBROADCASTD 4(BX), Y5
	VPBROADCASTD 8(BX), Y6
	VPBROADCASTD 12(BX), Y7
	MOVL $8192, DX
	MOVQ DX, X14
	VPBROADCASTD X14, Y14
	MOVL maxVal+64(FP), DX
	MOVQ DX, X15
	VPBROADCASTD X15, Y15
	VPXOR Y9, Y9, Y9
	SHRQ $3, CX
	JZ   cubicdone

cubicloop:
	VPMULLD 0(R8), Y10, Y0
	VPMULLD 4(R8), Y11, Y1
	VPADDD  Y1, Y0, Y0
	VPMULLD 8(R8), Y12, Y1
	VPADDD  Y1, Y0, Y0
	VPMULLD 12(R8), Y13, Y1
	VPADDD  Y1, Y0, Y0
	VPMULLD Y4, Y0, Y8

	VPMULLD 0(R9), Y10, Y0
	VPMULLD 4(R9), Y11, Y1
	VPADDD  Y1, Y0, Y0
	VPMULLD 8(R9), Y12, Y1
	VPADDD  Y1, Y0, Y0
	VPMULLD 12(R9), Y13, Y1
	VPADDD  Y1, Y0, Y0
	VPMULLD Y5, Y0, Y0
	VPADDD  Y0, Y8, Y8

	VPMULLD 0(R10), Y10, Y0
	VPMULLD 4(R10), Y11, Y1
	VPADDD  Y1, Y0, Y0
	VPMULLD 8(R10), Y12, Y1
	VPADDD  Y1, Y0, Y0
	VPMULLD 12(R10), Y13, Y1
	VPADDD  Y1, Y0, Y0
	VPMULLD Y6, Y0, Y0
	VPADDD  Y0, Y8, Y8

	VPMULLD 0(R11), Y10, Y0
	VPMULLD 4(R11), Y11, Y1
	VPADDD  Y1, Y0, Y0
	VPMULLD 8(R11), Y12, Y1
	VPADDD  Y1, Y0, Y0
	VPMULLD 12(R11), Y13, Y1
	VPADDD  Y1, Y0, Y0
	VPMULLD Y7, Y0, Y0
	VPADDD  Y0, Y8, Y8

	VPADDD  Y14, Y8, Y8
	VPSRAD  $14, Y8, Y8
	VPMAXSD Y9, Y8, Y8
	VPMINSD Y15, Y8, Y8
	VMOVDQU Y8, 0(DI)
	ADDQ    $32, R8
	ADDQ    $32, R9
	ADDQ    $32, R10
	ADDQ    $32, R11
	ADDQ    $32, DI
	DECQ    CX
	JNZ     cubicloop

cubicdone:
	VZEROUPPER
	RET
