//go:build !purego

#include "textflag.h"

// func ycocgFwdAVX2(y, co, cg, pb, pg, pr *uint16, n, d int)
//
// Sixteen samples a step, in 16-bit lanes (VEX forms only):
//   c  = R − B            t = B + (c >> 1)      (arithmetic shift)
//   gg = G − t            Y = t + (gg >> 1)
//   Co = c + 2^d          Cg = gg + 2^d         (wrapping: the low 16 bits)
// exact for d ≤ 15 and samples at most 2^d − 1, where c and gg lie within ±(2^15 − 1).
// n is a multiple of 16 (0 does nothing).
TEXT ·ycocgFwdAVX2(SB), NOSPLIT, $0-64
	MOVQ y+0(FP), DI
	MOVQ co+8(FP), SI
	MOVQ cg+16(FP), DX
	MOVQ pb+24(FP), R8
	MOVQ pg+32(FP), R9
	MOVQ pr+40(FP), R10
	MOVQ n+48(FP), R11
	MOVQ d+56(FP), CX
	MOVL $1, AX
	SHLL CX, AX
	VMOVD        AX, X15
	VPBROADCASTW X15, Y15
	XORQ         AX, AX
	SHLQ         $1, R11 // bytes
	JMP          test

loop:
	VMOVDQU (R8)(AX*1), Y0  // B
	VMOVDQU (R9)(AX*1), Y1  // G
	VMOVDQU (R10)(AX*1), Y2 // R
	VPSUBW  Y0, Y2, Y3      // c = R − B
	VPSRAW  $1, Y3, Y4
	VPADDW  Y4, Y0, Y4      // t = B + c>>1
	VPSUBW  Y4, Y1, Y5      // gg = G − t
	VPSRAW  $1, Y5, Y6
	VPADDW  Y6, Y4, Y6      // Y = t + gg>>1
	VPADDW  Y15, Y3, Y3     // Co = c + 2^d
	VPADDW  Y15, Y5, Y5     // Cg = gg + 2^d
	VMOVDQU Y6, (DI)(AX*1)
	VMOVDQU Y3, (SI)(AX*1)
	VMOVDQU Y5, (DX)(AX*1)
	ADDQ    $32, AX

test:
	CMPQ AX, R11
	JLT  loop
	VZEROUPPER
	RET

// func orSamplesAVX2(p *uint16, n int) uint16
//
// The OR of n samples (n a positive multiple of 32), 32 a step in two Y registers, then the
// lanes folded: 256 → 128 → 64 → 32 → 16 bits.
TEXT ·orSamplesAVX2(SB), NOSPLIT, $0-18
	MOVQ  p+0(FP), SI
	MOVQ  n+8(FP), CX
	SHLQ  $1, CX // bytes
	XORQ  AX, AX
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1

orloop:
	VPOR (SI)(AX*1), Y0, Y0
	VPOR 32(SI)(AX*1), Y1, Y1
	ADDQ $64, AX
	CMPQ AX, CX
	JLT  orloop
	VPOR         Y1, Y0, Y0
	VEXTRACTI128 $1, Y0, X1
	VPOR         X1, X0, X0
	VPSHUFD      $0x4e, X0, X1 // the high 64 bits down
	VPOR         X1, X0, X0
	VPSHUFD      $0x01, X0, X1 // bits 32..63 down
	VPOR         X1, X0, X0
	VMOVD        X0, AX
	MOVL         AX, BX
	SHRL         $16, BX
	ORL          BX, AX
	MOVW         AX, ret+16(FP)
	VZEROUPPER
	RET
