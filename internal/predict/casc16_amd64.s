#include "textflag.h"

// SAT16 is the loop of addSat16 and subSat16: w[i] = op(w[i], a[i]) eight lanes at a time
// over len(w) (a multiple of 8); loop and done name the function's labels.
#define SAT16(op, loop, done) \
	MOVQ w_base+0(FP), DI  \
	MOVQ w_len+8(FP), CX   \
	MOVQ a_base+24(FP), SI \
	SHRQ $3, CX            \
	JZ   done              \
loop:                          \
	MOVOU (DI), X0         \
	MOVOU (SI), X1         \
	op    X1, X0           \
	MOVOU X0, (DI)         \
	ADDQ  $16, SI          \
	ADDQ  $16, DI          \
	DECQ  CX               \
	JNZ   loop             \
done:                          \
	RET

// func dot16SSE2(x, w []int16) int32
// Σ x[i]·w[i] over len(w) (a multiple of 8) in int32 lanes that wrap (PMADDWD, PADDD): the
// same sum as dot16Go's, whatever the order of the additions.
TEXT ·dot16SSE2(SB), NOSPLIT, $0-52
	MOVQ x_base+0(FP), SI
	MOVQ w_base+24(FP), DI
	MOVQ w_len+32(FP), CX
	PXOR X0, X0
	SHRQ $3, CX
	JZ   dotdone

dotloop:
	MOVOU   (SI), X1
	MOVOU   (DI), X2
	PMADDWL X2, X1
	PADDL   X1, X0
	ADDQ    $16, SI
	ADDQ    $16, DI
	DECQ    CX
	JNZ     dotloop

dotdone:
	PSHUFD $0x4E, X0, X1
	PADDL  X1, X0
	PSHUFD $0xB1, X0, X1
	PADDL  X1, X0
	MOVQ   X0, AX
	MOVL   AX, ret+48(FP)
	RET

// func addSat16SSE2(w, a []int16)
// w[i] += a[i], saturated to int16, over len(w) (a multiple of 8).
TEXT ·addSat16SSE2(SB), NOSPLIT, $0-48
	SAT16(PADDSW, addloop, adddone)

// func subSat16SSE2(w, a []int16)
// w[i] −= a[i], saturated to int16, over len(w) (a multiple of 8).
TEXT ·subSat16SSE2(SB), NOSPLIT, $0-48
	SAT16(PSUBSW, subloop, subdone)

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
	MOVL         X0, ret+48(FP)
	VZEROUPPER
	RET

// func addSat16AVX2(w, a []int16)
TEXT ·addSat16AVX2(SB), NOSPLIT, $0-48
	SAT16AVX2(VPADDSW, add2loop, add2tail, add2done)

// func subSat16AVX2(w, a []int16)
TEXT ·subSat16AVX2(SB), NOSPLIT, $0-48
	SAT16AVX2(VPSUBSW, sub2loop, sub2tail, sub2done)
