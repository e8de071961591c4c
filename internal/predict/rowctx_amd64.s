#include "textflag.h"

// func rowCtxAVX2(t, c, a, gr, rn, rpn, rsn, rsp *int32, n int)
// rowContextsGo's loop, eight samples a step (n a multiple of 8, at least 8): with NW, N, NE
// the row above at i−1, i, i+1 and pNW, pN, pNE the previous frame's,
// t = |dN| + |dNW| + |dNE| (dX = X − pX), c = (clampD(dN)·5 + clampD(dNW))·5 + clampD(dNE)
// where clampD(d) = min(max(d, −2), 2) + 2, a = 2·|rsn[i]| + |rsn[i−1]| + |rsn[i+1]| +
// |rsp[i]|, gr = |N − NW| + |NE − N|; VPABSD wraps as abs32 does, and the sums are int32's.
TEXT ·rowCtxAVX2(SB), NOSPLIT, $0-72
	MOVQ t+0(FP), DI
	MOVQ c+8(FP), R8
	MOVQ a+16(FP), R9
	MOVQ gr+24(FP), R10
	MOVQ rn+32(FP), SI
	MOVQ rpn+40(FP), R11
	MOVQ rsn+48(FP), R12
	MOVQ rsp+56(FP), R13
	MOVQ n+64(FP), CX
	MOVL $-2, AX
	VMOVD AX, X15
	VPBROADCASTD X15, Y15 // −2
	MOVL $2, AX
	VMOVD AX, X14
	VPBROADCASTD X14, Y14 // 2
	MOVL $5, AX
	VMOVD AX, X13
	VPBROADCASTD X13, Y13 // 5
	XORQ AX, AX

rowctxloop:
	VMOVDQU -4(SI)(AX*1), Y0  // NW
	VMOVDQU (SI)(AX*1), Y1    // N
	VMOVDQU 4(SI)(AX*1), Y2   // NE
	VMOVDQU -4(R11)(AX*1), Y3
	VPSUBD  Y3, Y0, Y3        // dNW
	VMOVDQU (R11)(AX*1), Y4
	VPSUBD  Y4, Y1, Y4        // dN
	VMOVDQU 4(R11)(AX*1), Y5
	VPSUBD  Y5, Y2, Y5        // dNE
	VPABSD  Y4, Y6
	VPABSD  Y3, Y7
	VPADDD  Y7, Y6, Y6
	VPABSD  Y5, Y7
	VPADDD  Y7, Y6, Y6
	VMOVDQU Y6, (DI)(AX*1)    // t

	VPMAXSD Y15, Y4, Y4
	VPMINSD Y14, Y4, Y4
	VPADDD  Y14, Y4, Y4       // clampD(dN)
	VPMAXSD Y15, Y3, Y3
	VPMINSD Y14, Y3, Y3
	VPADDD  Y14, Y3, Y3       // clampD(dNW)
	VPMAXSD Y15, Y5, Y5
	VPMINSD Y14, Y5, Y5
	VPADDD  Y14, Y5, Y5       // clampD(dNE)
	VPMULLD Y13, Y4, Y4
	VPADDD  Y3, Y4, Y4
	VPMULLD Y13, Y4, Y4
	VPADDD  Y5, Y4, Y4
	VMOVDQU Y4, (R8)(AX*1)    // c

	VPSUBD  Y0, Y1, Y0        // N − NW
	VPABSD  Y0, Y0
	VPSUBD  Y1, Y2, Y2        // NE − N
	VPABSD  Y2, Y2
	VPADDD  Y2, Y0, Y0
	VMOVDQU Y0, (R10)(AX*1)   // g

	VPABSD  (R12)(AX*1), Y0
	VPADDD  Y0, Y0, Y0
	VPABSD  -4(R12)(AX*1), Y1
	VPADDD  Y1, Y0, Y0
	VPABSD  4(R12)(AX*1), Y1
	VPADDD  Y1, Y0, Y0
	VPABSD  (R13)(AX*1), Y1
	VPADDD  Y1, Y0, Y0
	VMOVDQU Y0, (R9)(AX*1)    // a

	ADDQ $32, AX
	SUBQ $8, CX
	JGT  rowctxloop
	VZEROUPPER
	RET
