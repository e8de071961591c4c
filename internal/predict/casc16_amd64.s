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
