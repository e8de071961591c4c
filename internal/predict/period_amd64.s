//go:build !purego

#include "textflag.h"

// func periodLags8AVX2(d *float64, p, l int, out *[16]float64)
//
// For the eight lags p..p+7 (lane k: lag p+k), over i = 0..l-1 in order:
//   c[k] += d[p+k+i] * d[i]
//   e[k] += d[p+k+i] * d[p+k+i]
// each product rounded, then added (VMULPD, VADDPD: no fused multiply-add), each lane's sums
// starting at +0 and taken in the same order as FindPeriod's loop: the same float64 values.
// out: c[0..7], then e[0..7]. The caller keeps d[p+7+l-1] within d.
TEXT ·periodLags8AVX2(SB), NOSPLIT, $0-32
	MOVQ d+0(FP), SI
	MOVQ p+8(FP), AX
	MOVQ l+16(FP), CX
	MOVQ out+24(FP), DI
	LEAQ (SI)(AX*8), BX // &d[p]
	VXORPD Y0, Y0, Y0   // c, lags p..p+3
	VXORPD Y1, Y1, Y1   // c, lags p+4..p+7
	VXORPD Y2, Y2, Y2   // e, lags p..p+3
	VXORPD Y3, Y3, Y3   // e, lags p+4..p+7
	XORQ DX, DX

loop:
	CMPQ DX, CX
	JGE  done
	VBROADCASTSD (SI)(DX*8), Y4 // d[i]
	VMOVUPD (BX)(DX*8), Y5      // d[p+i .. p+3+i]
	VMOVUPD 32(BX)(DX*8), Y6    // d[p+4+i .. p+7+i]
	VMULPD Y4, Y5, Y7
	VADDPD Y7, Y0, Y0
	VMULPD Y4, Y6, Y8
	VADDPD Y8, Y1, Y1
	VMULPD Y5, Y5, Y9
	VADDPD Y9, Y2, Y2
	VMULPD Y6, Y6, Y10
	VADDPD Y10, Y3, Y3
	INCQ DX
	JMP  loop

done:
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	VZEROUPPER
	RET
