#include "textflag.h"

// func dot3AVX2(in, w1, w2, w3 *int32) (d1, d2, d3 int64)
// The three dot products over the first 52 inputs, in int64 (exact: the sum does not depend on
// the order of the additions).
TEXT ·dot3AVX2(SB), NOSPLIT, $0-56
	MOVQ in+0(FP), SI
	MOVQ w1+8(FP), AX
	MOVQ w2+16(FP), BX
	MOVQ w3+24(FP), CX
	VPXOR Y10, Y10, Y10
	VPXOR Y11, Y11, Y11
	VPXOR Y12, Y12, Y12
	XORQ DX, DX

dotloop:
	VPMOVSXDQ (SI)(DX*1), Y0
	VPMOVSXDQ (AX)(DX*1), Y1
	VPMULDQ   Y1, Y0, Y1
	VPADDQ    Y1, Y10, Y10
	VPMOVSXDQ (BX)(DX*1), Y2
	VPMULDQ   Y2, Y0, Y2
	VPADDQ    Y2, Y11, Y11
	VPMOVSXDQ (CX)(DX*1), Y3
	VPMULDQ   Y3, Y0, Y3
	VPADDQ    Y3, Y12, Y12
	ADDQ      $16, DX
	CMPQ      DX, $208
	JLT       dotloop

	VEXTRACTI128 $1, Y10, X1
	VPADDQ       X1, X10, X10
	VPSHUFD      $0x4E, X10, X1
	VPADDQ       X1, X10, X10
	VMOVQ        X10, R8
	VEXTRACTI128 $1, Y11, X1
	VPADDQ       X1, X11, X11
	VPSHUFD      $0x4E, X11, X1
	VPADDQ       X1, X11, X11
	VMOVQ        X11, R9
	VEXTRACTI128 $1, Y12, X1
	VPADDQ       X1, X12, X12
	VPSHUFD      $0x4E, X12, X1
	VPADDQ       X1, X12, X12
	VMOVQ        X12, R10
	VZEROUPPER
	MOVQ R8, d1+32(FP)
	MOVQ R9, d2+40(FP)
	MOVQ R10, d3+48(FP)
	RET

DATA lowdwords<>+0(SB)/4, $0
DATA lowdwords<>+4(SB)/4, $2
DATA lowdwords<>+8(SB)/4, $4
DATA lowdwords<>+12(SB)/4, $6
DATA lowdwords<>+16(SB)/4, $0
DATA lowdwords<>+20(SB)/4, $2
DATA lowdwords<>+24(SB)/4, $4
DATA lowdwords<>+28(SB)/4, $6
GLOBL lowdwords<>(SB), RODATA|NOPTR, $32

// func train3AVX2(in, w1, w2, w3 *int32, e1, e2, e3 int64)
// w[i] += int32((in[i]*e + 1<<19) >> 20) for the first 52 inputs of the three sets. The
// products are exact in int64 (|in[i]| <= 3072, |e| < 2^31); the shift is logical, whose low
// 32 bits are the arithmetic shift's while |in[i]*e + 1<<19| < 2^51.
TEXT ·train3AVX2(SB), NOSPLIT, $0-56
	MOVQ in+0(FP), SI
	MOVQ w1+8(FP), AX
	MOVQ w2+16(FP), BX
	MOVQ w3+24(FP), CX
	VPBROADCASTQ e1+32(FP), Y13
	VPBROADCASTQ e2+40(FP), Y14
	VPBROADCASTQ e3+48(FP), Y15
	MOVQ         $0x80000, R8
	VMOVQ        R8, X9
	VPBROADCASTQ X9, Y9
	VMOVDQU      lowdwords<>(SB), Y8
	XORQ         DX, DX

trainloop:
	VPMOVSXDQ (SI)(DX*1), Y0
	VPMULDQ   Y13, Y0, Y1
	VPADDQ    Y9, Y1, Y1
	VPSRLQ    $20, Y1, Y1
	VPERMD    Y1, Y8, Y1
	VPADDD    (AX)(DX*1), X1, X1
	VMOVDQU   X1, (AX)(DX*1)
	VPMULDQ   Y14, Y0, Y2
	VPADDQ    Y9, Y2, Y2
	VPSRLQ    $20, Y2, Y2
	VPERMD    Y2, Y8, Y2
	VPADDD    (BX)(DX*1), X2, X2
	VMOVDQU   X2, (BX)(DX*1)
	VPMULDQ   Y15, Y0, Y3
	VPADDQ    Y9, Y3, Y3
	VPSRLQ    $20, Y3, Y3
	VPERMD    Y3, Y8, Y3
	VPADDD    (CX)(DX*1), X3, X3
	VMOVDQU   X3, (CX)(DX*1)
	ADDQ      $16, DX
	CMPQ      DX, $208
	JLT       trainloop
	VZEROUPPER
	RET
