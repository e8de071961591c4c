#include "textflag.h"

// FOLD8(op, y, x, t): folds the eight 32-bit lanes of y by op (VPADDD, VPMINSD, VPMAXSD,
// VPMINUD) into the low lane of x, y's low half; t is a scratch X register.
#define FOLD8(op, y, x, t) \
	VEXTRACTI128 $1, y, t \
	op           t, x, x \
	VPSHUFD      $0x4E, x, t \
	op           t, x, x \
	VPSHUFD      $0xB1, x, t \
	op           t, x, x

// ROUNDABS(dst): dst = |Y0 − ((Y1 + 8) >> 4)| in eight int32 lanes (Y14 holds 8): a half
// row's samples (Y0) against its prediction's weighted sum (Y1, weights summing to 16).
#define ROUNDABS(dst) \
	VPADDD Y14, Y1, Y1 \
	VPSRAD $4, Y1, Y1  \
	VPSUBD Y1, Y0, Y0  \
	VPABSD Y0, dst

// SADROW_ADD(done) adds row sum Y6's eight lanes (int32) to the running int64 sum DX and
// jumps to done once it reaches the limit R10 (the SAD kernels' row end; clobbers X7, BX).
#define SADROW_ADD(done) \
	FOLD8(VPADDD, Y6, X6, X7) \
	VMOVQ   X6, BX            \
	MOVLQSX BX, BX            \
	ADDQ    BX, DX            \
	CMPQ    DX, R10           \
	JGE     done

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
	VMOVQ BX, X14
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
	ROUNDABS(Y6)

	VPMOVZXWD 16(SI), Y0
	VPMULLD   32(DI), Y10, Y1
	VPMULLD   36(DI), Y11, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   32(R11), Y12, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   36(R11), Y13, Y2
	VPADDD    Y2, Y1, Y1
	ROUNDABS(Y0)
	VPADDD    Y0, Y6, Y6

	SADROW_ADD(done)
	ADDQ         R8, SI
	ADDQ         R9, DI
	ADDQ         R9, R11
	DECQ         CX
	JNZ          row

done:
	VZEROUPPER
	MOVQ DX, ret+56(FP)
	RET

// func sadW16AVX2(src *uint16, srcStride int, a *int32, prevStride int, rows int, limit int64) int64
// sad16AVX2 with the weights 16, 0, 0, 0 (a whole-sample vector): (16·a + 8) >> 4 is a for
// the samples' values (below 2^27), so each row is the sum of |src − a| over sixteen, in
// int32, then added to s in int64; no product.
TEXT ·sadW16AVX2(SB), NOSPLIT, $0-56
	MOVQ src+0(FP), SI
	MOVQ srcStride+8(FP), R8
	SHLQ $1, R8
	MOVQ a+16(FP), DI
	MOVQ prevStride+24(FP), R9
	SHLQ $2, R9
	MOVQ rows+32(FP), CX
	MOVQ limit+40(FP), R10
	XORQ DX, DX

roww:
	VPMOVZXWD 0(SI), Y0
	VPSUBD    0(DI), Y0, Y0
	VPABSD    Y0, Y6
	VPMOVZXWD 16(SI), Y1
	VPSUBD    32(DI), Y1, Y1
	VPABSD    Y1, Y1
	VPADDD    Y1, Y6, Y6

	SADROW_ADD(donew)
	ADDQ         R8, SI
	ADDQ         R9, DI
	DECQ         CX
	JNZ          roww

donew:
	VZEROUPPER
	MOVQ DX, ret+48(FP)
	RET

// func sad2T16AVX2(src *uint16, srcStride int, a *int32, off int, prevStride int, rows int, w0, w1 int32, limit int64) int64
// sad16AVX2 with two of the four weights 0 (a bilinear vector whose horizontal or vertical
// phase is 0): the prediction (w0·a + w1·a[off] + 8) >> 4, off 1 (the sample to the right)
// or prevStride (the sample below), the same int32 sum as sad16AVX2's, whose other two
// products are 0; two VPMULLD a half instead of four.
TEXT ·sad2T16AVX2(SB), NOSPLIT, $0-72
	MOVQ src+0(FP), SI
	MOVQ srcStride+8(FP), R8
	SHLQ $1, R8
	MOVQ a+16(FP), DI
	MOVQ off+24(FP), R11
	SHLQ $2, R11
	ADDQ DI, R11
	MOVQ prevStride+32(FP), R9
	SHLQ $2, R9
	MOVQ rows+40(FP), CX
	MOVL w0+48(FP), AX
	VMOVD AX, X10
	VPBROADCASTD X10, Y10
	MOVL w1+52(FP), AX
	VMOVD AX, X11
	VPBROADCASTD X11, Y11
	MOVQ limit+56(FP), R10
	MOVL $8, BX
	VMOVQ BX, X14
	VPBROADCASTD X14, Y14
	XORQ DX, DX

row2t:
	VPMOVZXWD 0(SI), Y0
	VPMULLD   0(DI), Y10, Y1
	VPMULLD   0(R11), Y11, Y2
	VPADDD    Y2, Y1, Y1
	ROUNDABS(Y6)

	VPMOVZXWD 16(SI), Y0
	VPMULLD   32(DI), Y10, Y1
	VPMULLD   32(R11), Y11, Y2
	VPADDD    Y2, Y1, Y1
	ROUNDABS(Y0)
	VPADDD    Y0, Y6, Y6

	SADROW_ADD(done2t)
	ADDQ         R8, SI
	ADDQ         R9, DI
	ADDQ         R9, R11
	DECQ         CX
	JNZ          row2t

done2t:
	VZEROUPPER
	MOVQ DX, ret+64(FP)
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
	VMOVQ BX, X14
	VPBROADCASTD X14, Y14
	MOVL maxVal+48(FP), BX
	VMOVQ BX, X15
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

	FOLD8(VPADDD, Y6, X6, X7)
	VZEROUPPER
	VMOVD         X6, AX
	MOVL          AX, ret+56(FP)
	RET

// func sad8AVX2(src *uint16, srcStride int, a *int32, prevStride int, rows int, w *[4]int32, limit int64) int64
// sad16AVX2 for a block 8 samples wide: each row one half of eight samples.
TEXT ·sad8AVX2(SB), NOSPLIT, $0-64
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
	VMOVQ BX, X14
	VPBROADCASTD X14, Y14
	XORQ DX, DX
	LEAQ (DI)(R9*1), R11

row8:
	VPMOVZXWD 0(SI), Y0
	VPMULLD   0(DI), Y10, Y1
	VPMULLD   4(DI), Y11, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   0(R11), Y12, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   4(R11), Y13, Y2
	VPADDD    Y2, Y1, Y1
	ROUNDABS(Y6)

	SADROW_ADD(done8)
	ADDQ         R8, SI
	ADDQ         R9, DI
	ADDQ         R9, R11
	DECQ         CX
	JNZ          row8

done8:
	VZEROUPPER
	MOVQ DX, ret+56(FP)
	RET

// func sadCubic8AVX2(src *uint16, r0, r1, r2, r3 *int32, ty *[4]int32, maxVal int32) int32
// sadCubic16AVX2 for a block 8 samples wide.
TEXT ·sadCubic8AVX2(SB), NOSPLIT, $0-60
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
	VMOVQ BX, X14
	VPBROADCASTD X14, Y14
	MOVL maxVal+48(FP), BX
	VMOVQ BX, X15
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

	FOLD8(VPADDD, Y6, X6, X7)
	VZEROUPPER
	VMOVD         X6, AX
	MOVL          AX, ret+56(FP)
	RET

// CUBICROWS_SETUP prepares sadCubic8RowsAVX2's and sadCubic16RowsAVX2's registers from
// their arguments (loaded by each function, so that vet can check the frame offsets): R8
// srcStride and R9 rowStride and R12 tapStride turned from elements into bytes, the four taps
// at AX broadcast to Y10-Y13, Y14 the rounding 2^13, Y15 maxVal from R13, Y9 zero and DX, the
// running sum, 0. SI src, DI r, CX rows and R10 limit are used as loaded.
#define CUBICROWS_SETUP \
	SHLQ $1, R8 \
	SHLQ $2, R9 \
	SHLQ $2, R12 \
	VPBROADCASTD 0(AX), Y10 \
	VPBROADCASTD 4(AX), Y11 \
	VPBROADCASTD 8(AX), Y12 \
	VPBROADCASTD 12(AX), Y13 \
	MOVL $8192, BX \
	VMOVQ BX, X14 \
	VPBROADCASTD X14, Y14 \
	VMOVQ R13, X15 \
	VPBROADCASTD X15, Y15 \
	VPXOR Y9, Y9, Y9 \
	XORQ DX, DX

// CUBICROWS_NEXT(row, done): adds the eight int32 lane sums of the row in Y6 to DX and jumps
// to done once DX reaches R10 (limit) or after the last row (CX); otherwise moves SI and DI a
// row on and loops to row.
#define CUBICROWS_NEXT(row, done) \
	FOLD8(VPADDD, Y6, X6, X7) \
	VMOVQ        X6, BX \
	MOVLQSX      BX, BX \
	ADDQ         BX, DX \
	CMPQ         DX, R10 \
	JGE          done \
	ADDQ         R8, SI \
	ADDQ         R9, DI \
	DECQ         CX \
	JNZ          row

// func sadCubic8RowsAVX2(src *uint16, srcStride int, r *int32, rowStride, tapStride, rows int, ty *[4]int32, maxVal int32, limit int64) int64
// sadCubicCached for a block 8 samples wide whose filtered rows lie at a constant stride:
// for each of rows rows, sadCubic8AVX2 on the rows r, r+tapStride, r+2·tapStride,
// r+3·tapStride (int32 steps), the sums added in int64 in order, returning once the sum
// reaches limit or after the last row; src moves srcStride samples a row, r rowStride.
TEXT ·sadCubic8RowsAVX2(SB), NOSPLIT, $0-80
	MOVQ src+0(FP), SI
	MOVQ srcStride+8(FP), R8
	MOVQ r+16(FP), DI
	MOVQ rowStride+24(FP), R9
	MOVQ tapStride+32(FP), R12
	MOVQ rows+40(FP), CX
	MOVQ ty+48(FP), AX
	MOVL maxVal+56(FP), R13
	MOVQ limit+64(FP), R10
	CUBICROWS_SETUP

crow:
	MOVQ      DI, R11
	VPMULLD   0(R11), Y10, Y1
	ADDQ      R12, R11
	VPMULLD   0(R11), Y11, Y2
	VPADDD    Y2, Y1, Y1
	ADDQ      R12, R11
	VPMULLD   0(R11), Y12, Y2
	VPADDD    Y2, Y1, Y1
	ADDQ      R12, R11
	VPMULLD   0(R11), Y13, Y2
	VPADDD    Y2, Y1, Y1
	VPADDD    Y14, Y1, Y1
	VPSRAD    $14, Y1, Y1
	VPMAXSD   Y9, Y1, Y1
	VPMINSD   Y15, Y1, Y1
	VPMOVZXWD 0(SI), Y0
	VPSUBD    Y1, Y0, Y0
	VPABSD    Y0, Y6

	CUBICROWS_NEXT(crow, cdone)

cdone:
	VZEROUPPER
	MOVQ DX, ret+72(FP)
	RET

// func sadCubic16RowsAVX2(src *uint16, srcStride int, r *int32, rowStride, tapStride, rows int, ty *[4]int32, maxVal int32, limit int64) int64
// sadCubic8RowsAVX2 for a block 16 samples wide: each row sadCubic16AVX2's two halves of
// eight samples, their sums added in int32 as there, then to the total in int64.
TEXT ·sadCubic16RowsAVX2(SB), NOSPLIT, $0-80
	MOVQ src+0(FP), SI
	MOVQ srcStride+8(FP), R8
	MOVQ r+16(FP), DI
	MOVQ rowStride+24(FP), R9
	MOVQ tapStride+32(FP), R12
	MOVQ rows+40(FP), CX
	MOVQ ty+48(FP), AX
	MOVL maxVal+56(FP), R13
	MOVQ limit+64(FP), R10
	CUBICROWS_SETUP

c16row:
	MOVQ      DI, R11
	VPMULLD   0(R11), Y10, Y1
	VPMULLD   32(R11), Y10, Y3
	ADDQ      R12, R11
	VPMULLD   0(R11), Y11, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   32(R11), Y11, Y4
	VPADDD    Y4, Y3, Y3
	ADDQ      R12, R11
	VPMULLD   0(R11), Y12, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   32(R11), Y12, Y4
	VPADDD    Y4, Y3, Y3
	ADDQ      R12, R11
	VPMULLD   0(R11), Y13, Y2
	VPADDD    Y2, Y1, Y1
	VPMULLD   32(R11), Y13, Y4
	VPADDD    Y4, Y3, Y3
	VPADDD    Y14, Y1, Y1
	VPADDD    Y14, Y3, Y3
	VPSRAD    $14, Y1, Y1
	VPSRAD    $14, Y3, Y3
	VPMAXSD   Y9, Y1, Y1
	VPMAXSD   Y9, Y3, Y3
	VPMINSD   Y15, Y1, Y1
	VPMINSD   Y15, Y3, Y3
	VPMOVZXWD 0(SI), Y0
	VPSUBD    Y1, Y0, Y0
	VPABSD    Y0, Y6
	VPMOVZXWD 16(SI), Y0
	VPSUBD    Y3, Y0, Y0
	VPABSD    Y0, Y0
	VPADDD    Y0, Y6, Y6

	CUBICROWS_NEXT(c16row, c16done)

c16done:
	VZEROUPPER
	MOVQ DX, ret+72(FP)
	RET

// func chooseBlock16AVX2(cur *uint16, curStride int, mc, gw *int32, stride, rows int, sums *[2]int64)
// WarpBlockChooser.Choose's sums for a block 16 samples wide: over rows rows (at least 1;
// cur moving curStride samples a row, mc and gw stride), sums[0] += Σ|cur − mc| and
// sums[1] += Σ|cur − gw|, summed in int32 lanes, folded once at the end and added in int64.
// The values are samples and predictions within 0..2^16, so the int32 sums are exact for
// fewer than 2^11 rows.
TEXT ·chooseBlock16AVX2(SB), NOSPLIT, $0-56
	MOVQ  cur+0(FP), SI
	MOVQ  curStride+8(FP), R8
	SHLQ  $1, R8
	MOVQ  mc+16(FP), DI
	MOVQ  gw+24(FP), R10
	MOVQ  stride+32(FP), R9
	SHLQ  $2, R9
	MOVQ  rows+40(FP), CX
	VPXOR Y6, Y6, Y6
	VPXOR Y7, Y7, Y7

chrow:
	VPMOVZXWD 0(SI), Y0
	VPMOVZXWD 16(SI), Y1
	VPSUBD    0(DI), Y0, Y2
	VPABSD    Y2, Y2
	VPADDD    Y2, Y6, Y6
	VPSUBD    32(DI), Y1, Y3
	VPABSD    Y3, Y3
	VPADDD    Y3, Y6, Y6
	VPSUBD    0(R10), Y0, Y2
	VPABSD    Y2, Y2
	VPADDD    Y2, Y7, Y7
	VPSUBD    32(R10), Y1, Y3
	VPABSD    Y3, Y3
	VPADDD    Y3, Y7, Y7
	ADDQ      R8, SI
	ADDQ      R9, DI
	ADDQ      R9, R10
	DECQ      CX
	JNZ       chrow

	FOLD8(VPADDD, Y6, X6, X2)
	FOLD8(VPADDD, Y7, X7, X3)
	VZEROUPPER
	MOVQ    sums+48(FP), AX
	VMOVD   X6, BX
	MOVLQSX BX, BX
	ADDQ    BX, 0(AX)
	VMOVD   X7, BX
	MOVLQSX BX, BX
	ADDQ    BX, 8(AX)
	RET

// AVG16ROWS(loadA, halfA, shA, loadB, halfB, shB): sadH264's rows for a block 16 samples
// wide: for each of CX rows, the sum over x < 16 of |src[x] − (a[x] + b[x] + 1) >> 1| in int32
// (a and b loaded to int32 lanes by loadA and loadB, their second eight samples at halfA and
// halfB bytes), added to DX in int64, stopping once DX reaches R10 or after the last row. SI
// src, R8 its stride in samples; DI a, R9 its stride in elements (shifted by shA to bytes);
// R11 b, R12 its stride (shB).
#define AVG16ROWS(loadA, halfA, shA, loadB, halfB, shB) \
	SHLQ  $1, R8 \
	SHLQ  $shA, R9 \
	SHLQ  $shB, R12 \
	XORQ  DX, DX \
	MOVL  $1, BX \
	VMOVD BX, X14 \
	VPBROADCASTD X14, Y14 \
	avgrow: \
	loadA     0(DI), Y0 \
	loadB     0(R11), Y1 \
	VPADDD    Y1, Y0, Y0 \
	VPADDD    Y14, Y0, Y0 \
	VPSRAD    $1, Y0, Y0 \
	VPMOVZXWD 0(SI), Y1 \
	VPSUBD    Y0, Y1, Y1 \
	VPABSD    Y1, Y6 \
	loadA     halfA(DI), Y0 \
	loadB     halfB(R11), Y1 \
	VPADDD    Y1, Y0, Y0 \
	VPADDD    Y14, Y0, Y0 \
	VPSRAD    $1, Y0, Y0 \
	VPMOVZXWD 16(SI), Y1 \
	VPSUBD    Y0, Y1, Y1 \
	VPABSD    Y1, Y1 \
	VPADDD    Y1, Y6, Y6 \
	FOLD8(VPADDD, Y6, X6, X7) \
	VMOVD     X6, BX \
	MOVLQSX   BX, BX \
	ADDQ      BX, DX \
	CMPQ      DX, R10 \
	JGE       avgdone \
	ADDQ      R8, SI \
	ADDQ      R9, DI \
	ADDQ      R12, R11 \
	DECQ      CX \
	JNZ       avgrow \
	avgdone: \
	VZEROUPPER

// func sadAvg16UUAVX2(src *uint16, srcStride int, a *uint16, aStride int, b *uint16, bStride, rows int, limit int64) int64
// sadH264's rows of a 16-wide block from two planes of half samples (uint16).
TEXT ·sadAvg16UUAVX2(SB), NOSPLIT, $0-72
	MOVQ src+0(FP), SI
	MOVQ srcStride+8(FP), R8
	MOVQ a+16(FP), DI
	MOVQ aStride+24(FP), R9
	MOVQ b+32(FP), R11
	MOVQ bStride+40(FP), R12
	MOVQ rows+48(FP), CX
	MOVQ limit+56(FP), R10
	AVG16ROWS(VPMOVZXWD, 16, 1, VPMOVZXWD, 16, 1)
	MOVQ DX, ret+64(FP)
	RET

// func sadAvg16IUAVX2(src *uint16, srcStride int, a *int32, aStride int, b *uint16, bStride, rows int, limit int64) int64
// sadH264's rows of a 16-wide block from the integer samples (int32) and a plane of halves.
TEXT ·sadAvg16IUAVX2(SB), NOSPLIT, $0-72
	MOVQ src+0(FP), SI
	MOVQ srcStride+8(FP), R8
	MOVQ a+16(FP), DI
	MOVQ aStride+24(FP), R9
	MOVQ b+32(FP), R11
	MOVQ bStride+40(FP), R12
	MOVQ rows+48(FP), CX
	MOVQ limit+56(FP), R10
	AVG16ROWS(VMOVDQU, 32, 2, VPMOVZXWD, 16, 1)
	MOVQ DX, ret+64(FP)
	RET

// func bilinearRowAVX2(d, a, c *int32, n int, w *[4]int32)
// d[x] = (w[0]·a[x] + w[1]·a[x+1] + w[2]·c[x] + w[3]·c[x+1] + 8) >> 4 (int32) for x < n, n a
// multiple of 8.
TEXT ·bilinearRowAVX2(SB), NOSPLIT, $0-40
	MOVQ d+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ c+16(FP), R11
	MOVQ n+24(FP), CX
	MOVQ w+32(FP), AX
	VPBROADCASTD 0(AX), Y10
	VPBROADCASTD 4(AX), Y11
	VPBROADCASTD 8(AX), Y12
	VPBROADCASTD 12(AX), Y13
	MOVL $8, BX
	VMOVQ BX, X14
	VPBROADCASTD X14, Y14
	SHRQ $3, CX
	JZ   bildone

billoop:
	VPMULLD 0(SI), Y10, Y1
	VPMULLD 4(SI), Y11, Y2
	VPADDD  Y2, Y1, Y1
	VPMULLD 0(R11), Y12, Y2
	VPADDD  Y2, Y1, Y1
	VPMULLD 4(R11), Y13, Y2
	VPADDD  Y2, Y1, Y1
	VPADDD  Y14, Y1, Y1
	VPSRAD  $4, Y1, Y1
	VMOVDQU Y1, 0(DI)
	ADDQ    $32, SI
	ADDQ    $32, R11
	ADDQ    $32, DI
	DECQ    CX
	JNZ     billoop

bildone:
	VZEROUPPER
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
	VMOVQ DX, X14
	VPBROADCASTD X14, Y14
	MOVL maxVal+64(FP), DX
	VMOVQ DX, X15
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

// commitShifts<>: lane k of sub-predictor k's row shifts bit k of the mask to bit 31.
DATA commitShifts<>+0(SB)/4, $31
DATA commitShifts<>+4(SB)/4, $30
DATA commitShifts<>+8(SB)/4, $29
DATA commitShifts<>+12(SB)/4, $28
DATA commitShifts<>+16(SB)/4, $27
DATA commitShifts<>+20(SB)/4, $26
DATA commitShifts<>+24(SB)/4, $25
DATA commitShifts<>+28(SB)/4, $24
DATA commitShifts<>+32(SB)/4, $23
DATA commitShifts<>+36(SB)/4, $22
DATA commitShifts<>+40(SB)/4, $21
DATA commitShifts<>+44(SB)/4, $20
DATA commitShifts<>+48(SB)/4, $19
DATA commitShifts<>+52(SB)/4, $18
DATA commitShifts<>+56(SB)/4, $17
DATA commitShifts<>+60(SB)/4, $16
DATA commitShifts<>+64(SB)/4, $15
DATA commitShifts<>+68(SB)/4, $14
DATA commitShifts<>+72(SB)/4, $13
DATA commitShifts<>+76(SB)/4, $12
DATA commitShifts<>+80(SB)/4, $11
DATA commitShifts<>+84(SB)/4, $10
DATA commitShifts<>+88(SB)/4, $9
DATA commitShifts<>+92(SB)/4, $8
DATA commitShifts<>+96(SB)/4, $7
DATA commitShifts<>+100(SB)/4, $6
DATA commitShifts<>+104(SB)/4, $5
DATA commitShifts<>+108(SB)/4, $4
DATA commitShifts<>+112(SB)/4, $3
DATA commitShifts<>+116(SB)/4, $2
DATA commitShifts<>+120(SB)/4, $1
DATA commitShifts<>+124(SB)/4, $0
GLOBL commitShifts<>(SB), RODATA|NOPTR, $128

// One group of eight sub-predictors (lanes off/4 .. off/4+7): Y15 holds v, Y14 0xFFFF, Y13
// the mask broadcast, Y12 INT32_MAX. Leaves ce·2 (INT32_MAX where inactive) in c2 and the
// masked errors in e.
#define COMMIT8(off, e, c2) \
	VMOVDQU   commitShifts<>+off(SB), Y0 \
	VPSLLVD   Y0, Y13, Y0 \
	VPSRAD    $31, Y0, Y0 \
	VMOVDQU   off(SI), Y1 \
	VPSUBD    Y1, Y15, Y1 \
	VPABSD    Y1, Y1 \
	VPMINUD   Y14, Y1, Y1 \
	VPAND     Y0, Y1, e \
	VMOVDQU   off(R8), Y2 \
	VPSLLD    $4, e, Y3 \
	VPSUBD    Y2, Y3, Y3 \
	VPSRAD    $5, Y3, Y3 \
	VPADDD    Y2, Y3, Y3 \
	VPBLENDVB Y0, Y3, Y2, Y2 \
	VMOVDQU   Y2, off(R8) \
	VPADDD    Y2, Y2, Y2 \
	VPBLENDVB Y0, Y2, Y12, c2

// func commitErrAVX2(v int32, sub *[32]int32, ec *[32]uint16, ce *[32]int32, mask uint32, bestErr int32) int
// Commit's loop over the active sub-predictors (bit k of mask, k < 32): e_k = min(|v − sub[k]|,
// 0xFFFF) into ec[k] (0 for the inactive ones), ce[k] += (16·e_k − ce[k]) >> 5, and the
// result: the first k of the smallest 2·ce[k] if that is below bestErr, else −1.
TEXT ·commitErrAVX2(SB), NOSPLIT, $0-48
	MOVL v+0(FP), AX
	VMOVQ AX, X15
	VPBROADCASTD X15, Y15
	MOVQ sub+8(FP), SI
	MOVQ ec+16(FP), DI
	MOVQ ce+24(FP), R8
	MOVL mask+32(FP), AX
	VMOVQ AX, X13
	VPBROADCASTD X13, Y13
	MOVL $0xFFFF, AX
	VMOVQ AX, X14
	VPBROADCASTD X14, Y14
	MOVL $0x7FFFFFFF, AX
	VMOVQ AX, X12
	VPBROADCASTD X12, Y12

	// A group without an active slot is skipped: errors 0, 2·ce "infinite".
	MOVL mask+32(FP), AX
	VPXOR Y4, Y4, Y4
	VPXOR Y5, Y5, Y5
	VPXOR Y6, Y6, Y6
	VPXOR Y7, Y7, Y7
	VMOVDQU Y12, Y8
	VMOVDQU Y12, Y9
	VMOVDQU Y12, Y10
	VMOVDQU Y12, Y11
	TESTL $0xFF, AX
	JZ    commit1
	COMMIT8(0, Y4, Y8)
commit1:
	TESTL $0xFF00, AX
	JZ    commit2
	COMMIT8(32, Y5, Y9)
commit2:
	TESTL $0xFF0000, AX
	JZ    commit3
	COMMIT8(64, Y6, Y10)
commit3:
	TESTL $0xFF000000, AX
	JZ    commit4
	COMMIT8(96, Y7, Y11)
commit4:

	// the errors as uint16: lanes 0-15, then 16-31
	VPACKUSDW Y5, Y4, Y4
	VPERMQ    $0xD8, Y4, Y4
	VMOVDQU   Y4, 0(DI)
	VPACKUSDW Y7, Y6, Y6
	VPERMQ    $0xD8, Y6, Y6
	VMOVDQU   Y6, 32(DI)

	// the smallest 2·ce
	VPMINSD      Y9, Y8, Y0
	VPMINSD      Y11, Y10, Y1
	VPMINSD      Y1, Y0, Y0
	FOLD8(VPMINSD, Y0, X0, X1)
	VMOVQ         X0, AX
	MOVL         bestErr+36(FP), BX
	MOVQ         $-1, DX
	CMPL         AX, BX
	JGE          commitdone

	// the first lane that holds it
	VPBROADCASTD X0, Y0
	VPCMPEQD     Y0, Y8, Y1
	VMOVMSKPS    Y1, AX
	VPCMPEQD     Y0, Y9, Y1
	VMOVMSKPS    Y1, BX
	SHLL         $8, BX
	ORL          BX, AX
	VPCMPEQD     Y0, Y10, Y1
	VMOVMSKPS    Y1, BX
	SHLL         $16, BX
	ORL          BX, AX
	VPCMPEQD     Y0, Y11, Y1
	VMOVMSKPS    Y1, BX
	SHLL         $24, BX
	ORL          BX, AX
	BSFL         AX, DX

commitdone:
	VZEROUPPER
	MOVQ DX, ret+40(FP)
	RET

// One group of eight sub-predictors for blendAVX2 (lanes off/4 .. off/4+7; woff = off/2 the
// offset of their uint16 errors). Registers: SI eN, DI eW, R8 eNW, R9 eNE, R10 ce, R11 sub,
// R12 divTable; Y15 the mask broadcast, Y14 ones (32-bit), Y13 2047, Y12 ones (64-bit),
// Y11 maxVal; accumulators Y10 sumW, Y9 sumWP (64-bit), Y8 eMin, Y7 lo, Y6 hi.
#define BLEND8(off, woff) \
	VMOVDQU    commitShifts<>+off(SB), Y0 \
	VPSLLVD    Y0, Y15, Y0 \
	VPSRAD     $31, Y0, Y5 \
	VPMOVZXWD  woff(SI), Y0 \
	VPMOVZXWD  woff(DI), Y1 \
	VPADDD     Y1, Y0, Y0 \
	VPADDD     Y0, Y0, Y0 \
	VPMOVZXWD  woff(R8), Y1 \
	VPADDD     Y1, Y0, Y0 \
	VPMOVZXWD  woff(R9), Y1 \
	VPADDD     Y1, Y0, Y0 \
	VPADDD     Y14, Y0, Y0 \
	VMOVDQU    off(R10), Y1 \
	VPADDD     Y1, Y1, Y2 \
	VPSLLD     $2, Y1, Y1 \
	VPADDD     Y2, Y1, Y1 \
	VPSRLD     $4, Y1, Y1 \
	VPADDD     Y1, Y0, Y0 \
	VPMINUD    Y13, Y0, Y0 \
	VPCMPEQD   Y1, Y1, Y1 \
	VPBLENDVB  Y5, Y0, Y1, Y2 \
	VPMINUD    Y2, Y8, Y8 \
	VPCMPEQD   Y2, Y2, Y2 \
	VPGATHERDD Y2, (R12)(Y0*4), Y1 \
	VMOVDQU    off(R11), Y4 \
	VPBLENDVB  Y5, Y4, Y11, Y2 \
	VPMINSD    Y2, Y7, Y7 \
	VPXOR      Y3, Y3, Y3 \
	VPBLENDVB  Y5, Y4, Y3, Y2 \
	VPMAXSD    Y2, Y6, Y6 \
	VPMOVZXDQ  X1, Y0 \
	VPMOVSXDQ  X5, Y3 \
	VPMOVZXDQ  X4, Y2 \
	BLEND4 \
	VEXTRACTI128 $1, Y1, X1 \
	VEXTRACTI128 $1, Y5, X5 \
	VEXTRACTI128 $1, Y4, X4 \
	VPMOVZXDQ  X1, Y0 \
	VPMOVSXDQ  X5, Y3 \
	VPMOVZXDQ  X4, Y2 \
	BLEND4

// Four lanes in 64 bits: Y0 the divTable entries d, Y3 the lane mask, Y2 the sub-predictions
// v: wgt = (d·d >> 16 + 1) & mask into sumW, wgt·v into sumWP (wgt < 2^33: its low 32 bits
// times v, plus v << 32 where bit 32 is set).
#define BLEND4 \
	VPMULUDQ Y0, Y0, Y0 \
	VPSRLQ   $16, Y0, Y0 \
	VPADDQ   Y12, Y0, Y0 \
	VPAND    Y3, Y0, Y0 \
	VPADDQ   Y0, Y10, Y10 \
	VPMULUDQ Y2, Y0, Y3 \
	VPSRLQ   $32, Y0, Y0 \
	VPMULUDQ Y2, Y0, Y0 \
	VPSLLQ   $32, Y0, Y0 \
	VPADDQ   Y0, Y3, Y3 \
	VPADDQ   Y3, Y9, Y9

// func blendAVX2(eN, eW, eNW, eNE *[32]uint16, ce, sub *[32]int32, mask uint32, maxVal int32) (sumW, sumWP uint64, eMin, lo, hi int32)
// blendSubs's loop over the active sub-predictors (bit k of mask), all 32 slots at once:
// e_k = min(2·eN[k] + 2·eW[k] + eNW[k] + eNE[k] + 1 + (6·ce[k]) >> 4, 2047), the weight
// wgt_k = divTable[e_k]² >> 16 + 1, and over the active k the sums of wgt_k and wgt_k·sub[k],
// the smallest e_k and the smallest and largest sub[k] (from maxVal and 0).
TEXT ·blendAVX2(SB), NOSPLIT, $0-84
	MOVQ eN+0(FP), SI
	MOVQ eW+8(FP), DI
	MOVQ eNW+16(FP), R8
	MOVQ eNE+24(FP), R9
	MOVQ ce+32(FP), R10
	MOVQ sub+40(FP), R11
	LEAQ ·divTable(SB), R12
	MOVL mask+48(FP), AX
	VMOVQ AX, X15
	VPBROADCASTD X15, Y15
	MOVL $1, AX
	VMOVQ AX, X14
	VPBROADCASTQ X14, Y12
	VPBROADCASTD X14, Y14
	MOVL $2047, AX
	VMOVQ AX, X13
	VPBROADCASTD X13, Y13
	MOVL maxVal+52(FP), AX
	VMOVQ AX, X11
	VPBROADCASTD X11, Y11
	VPXOR  Y10, Y10, Y10
	VPXOR  Y9, Y9, Y9
	VPCMPEQD Y8, Y8, Y8
	VMOVDQU Y11, Y7
	VPXOR  Y6, Y6, Y6

	// A group without an active slot adds nothing.
	MOVL  mask+48(FP), AX
	TESTL $0xFF, AX
	JZ    blend1
	BLEND8(0, 0)
blend1:
	TESTL $0xFF00, AX
	JZ    blend2
	BLEND8(32, 16)
blend2:
	TESTL $0xFF0000, AX
	JZ    blend3
	BLEND8(64, 32)
blend3:
	TESTL $0xFF000000, AX
	JZ    blend4
	BLEND8(96, 48)
blend4:

	VEXTRACTI128 $1, Y10, X0
	VPADDQ       X0, X10, X10
	VPSHUFD      $0x4E, X10, X0
	VPADDQ       X0, X10, X10
	VMOVQ         X10, AX
	MOVQ         AX, sumW+56(FP)
	VEXTRACTI128 $1, Y9, X0
	VPADDQ       X0, X9, X9
	VPSHUFD      $0x4E, X9, X0
	VPADDQ       X0, X9, X9
	VMOVQ         X9, AX
	MOVQ         AX, sumWP+64(FP)
	FOLD8(VPMINUD, Y8, X8, X0)
	VMOVQ         X8, AX
	MOVL         AX, eMin+72(FP)
	FOLD8(VPMINSD, Y7, X7, X0)
	VMOVQ         X7, AX
	MOVL         AX, lo+76(FP)
	FOLD8(VPMAXSD, Y6, X6, X0)
	VMOVQ         X6, AX
	MOVL         AX, hi+80(FP)
	VZEROUPPER
	RET

// recAlpha<>: cosAlpha, the eight frequencies' α in 1/256.
DATA recAlpha<>+0(SB)/4, $512
DATA recAlpha<>+4(SB)/4, $473
DATA recAlpha<>+8(SB)/4, $362
DATA recAlpha<>+12(SB)/4, $196
DATA recAlpha<>+16(SB)/4, $0
DATA recAlpha<>+20(SB)/4, $-196
DATA recAlpha<>+24(SB)/4, $-362
DATA recAlpha<>+28(SB)/4, $-473
GLOBL recAlpha<>(SB), RODATA|NOPTR, $32

// func recurrenceAVX2(errs *[8]int32, d, d1, d2 int32) uint8
// updateRecurrence in one vector of the eight frequencies: errs[k] += |d + d2 − (α_k·d1 + 128) >> 8|
// (int32, wrapping as Go's does), and the result the first k of the smallest errs[k].
TEXT ·recurrenceAVX2(SB), NOSPLIT, $0-25
	MOVQ errs+0(FP), DI
	MOVL d+8(FP), AX
	MOVL d1+12(FP), BX
	ADDL d2+16(FP), AX
	VMOVQ BX, X1
	VPBROADCASTD X1, Y1
	VPMULLD recAlpha<>(SB), Y1, Y1
	MOVL $128, CX
	VMOVQ CX, X3
	VPBROADCASTD X3, Y3
	VPADDD Y3, Y1, Y1
	VPSRAD $8, Y1, Y1
	VMOVQ AX, X2
	VPBROADCASTD X2, Y2
	VPSUBD Y1, Y2, Y2
	VPABSD Y2, Y2
	VPADDD (DI), Y2, Y2
	VMOVDQU Y2, (DI)
	// the smallest in every lane, then the first lane that holds it
	VPERM2I128 $1, Y2, Y2, Y3
	VPMINSD Y3, Y2, Y3
	VPSHUFD $0x4E, Y3, Y4
	VPMINSD Y4, Y3, Y3
	VPSHUFD $0xB1, Y3, Y4
	VPMINSD Y4, Y3, Y3
	VPCMPEQD Y3, Y2, Y3
	VMOVMSKPS Y3, AX
	BSFL AX, AX
	MOVB AX, ret+24(FP)
	VZEROUPPER
	RET

// SPREAD8: lanes off/4.. of sub (R11) whose mask bit (Y15 broadcast) is set into the running
// smallest (Y7, inactive lanes as maxVal, Y11) and largest (Y6, inactive lanes as 0).
#define SPREAD8(off) \
	VMOVDQU    commitShifts<>+off(SB), Y0 \
	VPSLLVD    Y0, Y15, Y0 \
	VPSRAD     $31, Y0, Y5 \
	VMOVDQU    off(R11), Y4 \
	VPBLENDVB  Y5, Y4, Y11, Y2 \
	VPMINSD    Y2, Y7, Y7 \
	VPAND      Y5, Y4, Y2 \
	VPMAXSD    Y2, Y6, Y6

// func spreadAVX2(sub *[subSlots]int32, mask uint32, maxVal int32) int32
// The largest minus the smallest sub[k] over the k whose bit is set in mask, the smallest
// starting from maxVal and the largest from 0 (prepareResidual's loop for a selected
// sub-predictor); sub-predictions are ≥ 0, so a cleared lane stands for "none" in the largest.
TEXT ·spreadAVX2(SB), NOSPLIT, $0-20
	MOVQ sub+0(FP), R11
	MOVL mask+8(FP), AX
	VMOVQ AX, X15
	VPBROADCASTD X15, Y15
	MOVL maxVal+12(FP), AX
	VMOVQ AX, X11
	VPBROADCASTD X11, Y11
	VMOVDQU Y11, Y7
	VPXOR   Y6, Y6, Y6
	SPREAD8(0)
	SPREAD8(32)
	SPREAD8(64)
	SPREAD8(96)
	FOLD8(VPMINSD, Y7, X7, X0)
	FOLD8(VPMAXSD, Y6, X6, X0)
	VMOVQ         X6, AX
	VMOVQ         X7, BX
	SUBL         BX, AX
	MOVL         AX, ret+16(FP)
	VZEROUPPER
	RET

// func sadTM12x5AVX2(a0, a1, p0, p1 *int32, out *[5]int32)
// The template matching's SAD (video_tmatch.go) of five horizontal candidates at once: for
// k < 5, out[k] = the sum over x < 12 of |a0[x] − p0[x+k]| + |a1[x] − p1[x+k]| in int32 (12
// samples: eight in a Y register, four in an X one), sadTMGo's sums.
TEXT ·sadTM12x5AVX2(SB), NOSPLIT, $0-40
	MOVQ    a0+0(FP), AX
	MOVQ    a1+8(FP), BX
	MOVQ    p0+16(FP), CX
	MOVQ    p1+24(FP), DX
	MOVQ    out+32(FP), R8
	VMOVDQU 0(AX), Y0
	VMOVDQU 32(AX), X1
	VMOVDQU 0(BX), Y2
	VMOVDQU 32(BX), X3
	VPSUBD      0(CX), Y0, Y4
	VPABSD      Y4, Y4
	VPSUBD      0(DX), Y2, Y6
	VPABSD      Y6, Y6
	VPADDD      Y6, Y4, Y4
	VPSUBD      32(CX), X1, X5
	VPABSD      X5, X5
	VPSUBD      32(DX), X3, X7
	VPABSD      X7, X7
	VPADDD      X7, X5, X5
	VEXTRACTI128 $1, Y4, X6
	VPADDD      X6, X4, X4
	VPADDD      X5, X4, X4
	VPSHUFD     $0x4E, X4, X6
	VPADDD      X6, X4, X4
	VPSHUFD     $0xB1, X4, X6
	VPADDD      X6, X4, X4
	VMOVD       X4, R9
	MOVL        R9, 0(R8)
	VPSUBD      4(CX), Y0, Y4
	VPABSD      Y4, Y4
	VPSUBD      4(DX), Y2, Y6
	VPABSD      Y6, Y6
	VPADDD      Y6, Y4, Y4
	VPSUBD      36(CX), X1, X5
	VPABSD      X5, X5
	VPSUBD      36(DX), X3, X7
	VPABSD      X7, X7
	VPADDD      X7, X5, X5
	VEXTRACTI128 $1, Y4, X6
	VPADDD      X6, X4, X4
	VPADDD      X5, X4, X4
	VPSHUFD     $0x4E, X4, X6
	VPADDD      X6, X4, X4
	VPSHUFD     $0xB1, X4, X6
	VPADDD      X6, X4, X4
	VMOVD       X4, R9
	MOVL        R9, 4(R8)
	VPSUBD      8(CX), Y0, Y4
	VPABSD      Y4, Y4
	VPSUBD      8(DX), Y2, Y6
	VPABSD      Y6, Y6
	VPADDD      Y6, Y4, Y4
	VPSUBD      40(CX), X1, X5
	VPABSD      X5, X5
	VPSUBD      40(DX), X3, X7
	VPABSD      X7, X7
	VPADDD      X7, X5, X5
	VEXTRACTI128 $1, Y4, X6
	VPADDD      X6, X4, X4
	VPADDD      X5, X4, X4
	VPSHUFD     $0x4E, X4, X6
	VPADDD      X6, X4, X4
	VPSHUFD     $0xB1, X4, X6
	VPADDD      X6, X4, X4
	VMOVD       X4, R9
	MOVL        R9, 8(R8)
	VPSUBD      12(CX), Y0, Y4
	VPABSD      Y4, Y4
	VPSUBD      12(DX), Y2, Y6
	VPABSD      Y6, Y6
	VPADDD      Y6, Y4, Y4
	VPSUBD      44(CX), X1, X5
	VPABSD      X5, X5
	VPSUBD      44(DX), X3, X7
	VPABSD      X7, X7
	VPADDD      X7, X5, X5
	VEXTRACTI128 $1, Y4, X6
	VPADDD      X6, X4, X4
	VPADDD      X5, X4, X4
	VPSHUFD     $0x4E, X4, X6
	VPADDD      X6, X4, X4
	VPSHUFD     $0xB1, X4, X6
	VPADDD      X6, X4, X4
	VMOVD       X4, R9
	MOVL        R9, 12(R8)
	VPSUBD      16(CX), Y0, Y4
	VPABSD      Y4, Y4
	VPSUBD      16(DX), Y2, Y6
	VPABSD      Y6, Y6
	VPADDD      Y6, Y4, Y4
	VPSUBD      48(CX), X1, X5
	VPABSD      X5, X5
	VPSUBD      48(DX), X3, X7
	VPABSD      X7, X7
	VPADDD      X7, X5, X5
	VEXTRACTI128 $1, Y4, X6
	VPADDD      X6, X4, X4
	VPADDD      X5, X4, X4
	VPSHUFD     $0x4E, X4, X6
	VPADDD      X6, X4, X4
	VPSHUFD     $0xB1, X4, X6
	VPADDD      X6, X4, X4
	VMOVD       X4, R9
	MOVL        R9, 16(R8)
	VZEROUPPER
	RET
