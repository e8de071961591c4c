#include "textflag.h"

// TAP6(a, b, c, d, e, f, s, t): s = a + f − 5·(b + e) + 20·(c + d) in int32 lanes (wrapping
// as Go's int32 arithmetic; 5x = (x << 2) + x, 20x = 5x << 2); b, c, d, e may be memory
// operands; t is a scratch Y register.
#define TAP6(a, b, c, d, e, f, s, t) \
	VMOVDQU a, s \
	VPADDD  f, s, s \
	VMOVDQU b, t \
	VPADDD  e, t, t \
	VPSUBD  t, s, s \
	VPSLLD  $2, t, t \
	VPSUBD  t, s, s \
	VMOVDQU c, t \
	VPADDD  d, t, t \
	VPSLLD  $2, t, t \
	VPADDD  t, s, s \
	VPSLLD  $2, t, t \
	VPADDD  t, s, s

// func h264Tap6AVX2(d *uint16, r *int32, n int, round int32, shift uint, mv int32)
// d[i] = clamp((r[i] + r[i+5] − 5·(r[i+1] + r[i+4]) + 20·(r[i+2] + r[i+3]) + round) >> shift,
// 0, mv) for i < n, n a multiple of 8 (arithmetic shift, as Go's on int32), mv ≤ 65535:
// stored as uint16 by VPACKUSDW (unsigned saturation, the identity on [0, 65535]).
TEXT ·h264Tap6AVX2(SB), NOSPLIT, $0-44
	MOVQ d+0(FP), DI
	MOVQ r+8(FP), SI
	MOVQ n+16(FP), CX
	MOVL round+24(FP), DX
	VMOVD DX, X12
	VPBROADCASTD X12, Y12
	MOVQ shift+32(FP), DX
	VMOVQ DX, X13
	MOVL mv+40(FP), DX
	VMOVD DX, X14
	VPBROADCASTD X14, Y14
	VPXOR Y15, Y15, Y15
	SHRQ $3, CX
	JZ   tap6done

tap6loop:
	TAP6(0(SI), 4(SI), 8(SI), 12(SI), 16(SI), 20(SI), Y0, Y1)
	VPADDD  Y12, Y0, Y0
	VPSRAD  X13, Y0, Y0
	VPMAXSD Y15, Y0, Y0
	VPMINSD Y14, Y0, Y0
	VEXTRACTI128 $1, Y0, X1
	VPACKUSDW    X1, X0, X0
	VMOVDQU X0, 0(DI)
	ADDQ    $32, SI
	ADDQ    $16, DI
	DECQ    CX
	JNZ     tap6loop

tap6done:
	VZEROUPPER
	RET

// func h264DownAVX2(hv *int32, v *uint16, r0, r1, r2, r3, r4, r5 *int32, n int, mv int32)
// s = r0[i] + r5[i] − 5·(r1[i] + r4[i]) + 20·(r2[i] + r3[i]); hv[i] = s, v[i] = clamp((s +
// 16) >> 5, 0, mv) for i < n, n a multiple of 8, mv ≤ 65535 (v as uint16, VPACKUSDW).
TEXT ·h264DownAVX2(SB), NOSPLIT, $0-76
	MOVQ hv+0(FP), DI
	MOVQ v+8(FP), BX
	MOVQ r0+16(FP), R8
	MOVQ r1+24(FP), R9
	MOVQ r2+32(FP), R10
	MOVQ r3+40(FP), R11
	MOVQ r4+48(FP), R12
	MOVQ r5+56(FP), R13
	MOVQ n+64(FP), CX
	MOVL $16, DX
	VMOVD DX, X12
	VPBROADCASTD X12, Y12
	MOVL mv+72(FP), DX
	VMOVD DX, X14
	VPBROADCASTD X14, Y14
	VPXOR Y15, Y15, Y15
	XORQ AX, AX
	SHRQ $3, CX
	JZ   downdone

downloop:
	TAP6((R8)(AX*1), (R9)(AX*1), (R10)(AX*1), (R11)(AX*1), (R12)(AX*1), (R13)(AX*1), Y0, Y1)
	VMOVDQU Y0, (DI)(AX*1)
	VPADDD  Y12, Y0, Y0
	VPSRAD  $5, Y0, Y0
	VPMAXSD Y15, Y0, Y0
	VPMINSD Y14, Y0, Y0
	VEXTRACTI128 $1, Y0, X1
	VPACKUSDW    X1, X0, X0
	VMOVDQU X0, (BX)
	ADDQ    $16, BX
	ADDQ    $32, AX
	DECQ    CX
	JNZ     downloop

downdone:
	VZEROUPPER
	RET
