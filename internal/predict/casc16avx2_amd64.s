#include "textflag.h"

// The cascade's loops in AVX2 (branch sdec11), apart from the SSE2 ones in casc16_amd64.s so
// that no file mixes legacy SSE with AVX (TestAsmNoLegacySSEBesideAVX): the SSE2 loops run only
// on CPUs without AVX2.

// SAT16AVX2 is SAT16 in AVX2: sixteen lanes a step, then eight (VEX-encoded) for an odd
// count of eight.
#define SAT16AVX2(op, loop, tail, done) \
	MOVQ w_base+0(FP), DI  \
	MOVQ w_len+8(FP), CX   \
	MOVQ a_base+24(FP), SI \
	SHRQ $3, CX            \
	CMPQ CX, $2            \
	JB   tail              \
loop:                          \
	VMOVDQU (DI), Y0       \
	op      (SI), Y0, Y0   \
	VMOVDQU Y0, (DI)       \
	ADDQ    $32, SI        \
	ADDQ    $32, DI        \
	SUBQ    $2, CX         \
	CMPQ    CX, $2         \
	JAE     loop           \
tail:                          \
	TESTQ   CX, CX         \
	JZ      done           \
	VMOVDQU (DI), X0       \
	op      (SI), X0, X0   \
	VMOVDQU X0, (DI)       \
done:                          \
	VZEROUPPER             \
	RET

// func dot16AVX2(x, w []int16) int32
// dot16SSE2 in AVX2: sixteen products a step (VPMADDWD), then eight for an odd count of
// eight; the int32 lanes wrap, so the sum is dot16Go's in any order.
TEXT ·dot16AVX2(SB), NOSPLIT, $0-52
	MOVQ  x_base+0(FP), SI
	MOVQ  w_base+24(FP), DI
	MOVQ  w_len+32(FP), CX
	VPXOR Y0, Y0, Y0
	SHRQ  $3, CX
	CMPQ  CX, $2
	JB    d2tail

d2loop:
	VMOVDQU  (SI), Y1
	VPMADDWD (DI), Y1, Y1
	VPADDD   Y1, Y0, Y0
	ADDQ     $32, SI
	ADDQ     $32, DI
	SUBQ     $2, CX
	CMPQ     CX, $2
	JAE      d2loop

d2tail:
	TESTQ    CX, CX
	JZ       d2done
	VMOVDQU  (SI), X1
	VPMADDWD (DI), X1, X1
	VPADDD   Y1, Y0, Y0

d2done:
	VEXTRACTI128 $1, Y0, X1
	VPADDD       X1, X0, X0
	VPSHUFD      $0x4E, X0, X1
	VPADDD       X1, X0, X0
	VPSHUFD      $0xB1, X0, X1
	VPADDD       X1, X0, X0
	VMOVD        X0, AX
	MOVL         AX, ret+48(FP)
	VZEROUPPER
	RET

// func addSat16AVX2(w, a []int16)
TEXT ·addSat16AVX2(SB), NOSPLIT, $0-48
	SAT16AVX2(VPADDSW, add2loop, add2tail, add2done)

// func subSat16AVX2(w, a []int16)
TEXT ·subSat16AVX2(SB), NOSPLIT, $0-48
	SAT16AVX2(VPSUBSW, sub2loop, sub2tail, sub2done)
