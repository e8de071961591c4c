//go:build !purego

#include "textflag.h"
#include "go_asm.h"
#include "arith_layout_amd64.h"
#include "lanes_amd64.h"

// The sensor cell coder's mixed decisions (MixedResidual.P and Update under sensor model 8's
// two weight sets) in assembly: the same integer steps as the Go
// code, with the model's pointer, the contexts and the rows in registers. See
// sensor_asm_amd64.go.

// Row sizes of the counter tables (bytes): t1 is [..][allNodes]Counter, t2..t6
// [..][mixedNodes]Counter, w [..][mixedInputs]int32, w8 [..][mixedInputs4]int32.
#define T1ROW 356
#define TNROW 144
#define WROW 24
#define W8ROW 56

// ST loads the stretch of the counter at addr into dst (32 bits, sign-extended to 64).
// Clobbers AX; R9 holds &stretchTable.
#define ST(addr, dst) \
	MOVL    addr, AX \
	SHRL    $20, AX \
	MOVWQSX (R9)(AX*2), dst

// INPUTN is one of the inputs x1..x4: the stretch of tab[c][mi] (c the context in cfield, mi
// in R8) stored at x+off and multiplied into both dot products, by w[set] (row in R13, sum in
// R11) and w8[mi] (row in R14, sum in R12), the weights at the same offset off.
// Clobbers AX, CX, DX, SI.
#define INPUTN(tab, cfield, off) \
	IMUL3Q  $TNROW, cfield(DI), CX \
	LEAQ    (CX)(R8*4), CX \
	ST(tab(DI)(CX*1), SI) \
	MOVL    SI, MixedResidual_x+off(DI) \
	MOVLQSX off(R13), DX \
	IMULQ   SI, DX \
	ADDQ    DX, R11 \
	MOVLQSX off(R14), DX \
	IMULQ   SI, DX \
	ADDQ    DX, R12

// UPD is Counter.updateTo for the counter at addr, the target (bit << 22) in R13 and the cap
// in R12: p += (target − p)·counterRate[n] >> 16, n = min(n+1, cap). R9 holds &counterRate.
// Clobbers AX, CX, DX, SI.
#define UPD(addr) \
	MOVL    addr, AX \
	MOVL    AX, CX \
	ANDL    $1023, CX \
	SHRL    $10, AX \
	MOVQ    R13, DX \
	SUBQ    AX, DX \
	MOVLQSX (R9)(CX*4), SI \
	IMULQ   SI, DX \
	SARQ    $16, DX \
	ADDQ    DX, AX \
	INCL    CX \
	CMPL    CX, R12 \
	CMOVLHI R12, CX \
	SHLL    $10, AX \
	ORL     CX, AX \
	MOVL    AX, addr

// WUP adds int32((x·e + 2^19) >> 20) to the int32 weight at addr, x in xr (64 bits), e in er.
// Clobbers AX.
#define WUP(xr, er, addr) \
	MOVQ  xr, AX \
	IMULQ er, AX \
	ADDQ  $0x80000, AX \
	SARQ  $20, AX \
	ADDL  AX, addr

// CLAMPD clamps the int64 in r to [−StretchMax, StretchMax] after an arithmetic shift by 16.
// Clobbers DX.
#define CLAMPD(r) \
	SARQ    $16, r \
	MOVQ    $-3072, DX \
	CMPQ    r, DX \
	CMOVQLT DX, r \
	MOVQ    $3072, DX \
	CMPQ    r, DX \
	CMOVQGT DX, r

// Constants of CUPD8: lanes_amd64.h.

// CUPD8 is Counter.updateTo on eight lanes (video_asm_amd64.h's CUPD, &counterRate in R9):
// the counters' states in Y0, the target (bit << 22) in every lane of Y7, the count's cap in
// every lane of Y12; the new states into Y4. The product (target − p)·counterRate[n] needs
// 38 bits: it is taken in 64-bit lanes (VPMULDQ, even and odd lanes apart), and of its
// arithmetic shift by 16 only the low 32 bits matter (p's new value is kept to its low 22
// bits), which are the product's bits 16..47 whatever its sign. Clobbers Y3, Y5, Y6, Y8, Y9.
#define CUPD8 \
	VPAND      k1023<>(SB), Y0, Y3 \
	VPSRLD     $10, Y0, Y4 \
	VPCMPEQD   Y5, Y5, Y5 \
	VPGATHERDD Y5, (R9)(Y3*4), Y6 \
	VPSUBD     Y4, Y7, Y8 \
	VPMULDQ    Y6, Y8, Y9 \
	VPSRLQ     $32, Y6, Y6 \
	VPSRLQ     $32, Y8, Y8 \
	VPMULDQ    Y6, Y8, Y8 \
	VPSRLQ     $16, Y9, Y9 \
	VPSLLQ     $16, Y8, Y8 \
	VPBLENDD   $0xAA, Y8, Y9, Y9 \
	VPADDD     Y9, Y4, Y4 \
	VPSLLD     $10, Y4, Y4 \
	VPADDD     kOne<>(SB), Y3, Y3 \
	VPMINUD    Y12, Y3, Y3 \
	VPOR       Y3, Y4, Y4

// WVEC6 adds (x·e + 2^19) >> 20 to the six int32 weights at (row), the inputs x in lanes 0-5
// of Y1, e in AX (|e| < 2^31: the rates are at most 12 + 384). The products and the rounding
// in 64-bit lanes; the low 32 bits of the shift by 20 are the sum's bits 20..51. Clobbers
// X5, Y6, Y8, Y9, Y14.
#define WVEC6(row) \
	VMOVDQU      (row), X14 \
	VMOVQ        16(row), X5 \
	VINSERTI128  $1, X5, Y14, Y14 \
	VMOVQ        AX, X8 \
	VPBROADCASTQ X8, Y8 \
	VPMULDQ      Y8, Y1, Y9 \
	VPSRLQ       $32, Y1, Y6 \
	VPMULDQ      Y8, Y6, Y6 \
	VPADDQ       kRound<>(SB), Y9, Y9 \
	VPADDQ       kRound<>(SB), Y6, Y6 \
	VPSRLQ       $20, Y9, Y9 \
	VPSLLQ       $12, Y6, Y6 \
	VPBLENDD     $0xAA, Y6, Y9, Y9 \
	VPADDD       Y9, Y14, Y14 \
	VMOVDQU      X14, (row) \
	VEXTRACTI128 $1, Y14, X14 \
	VMOVQ        X14, 16(row)

// func mixPAsm(m *MixedResidual, node int) uint32
//
// MixedResidual.P for a mixed node (node < 12 or node ≥ NodeMant) of a model with mix2 on:
// the same stores into m (node, x, set, x6, set2, pr1, pr2, pr, apmOn, the APM's idx, model
// 15's or 16's on7, i7, x7) and the same result.
//
// Registers: DI m, BX node, R8 mi, R9 &stretchTable, R10 set, R11 the first dot product,
// R12 the second, R13 the first weight row, R14 the second.
TEXT ·mixPAsm(SB), NOSPLIT, $0-20
	MOVQ m+0(FP), DI
	MOVQ node+8(FP), BX
	MOVQ BX, MixedResidual_node(DI)
	// mi = node below 12, else 12 + node − NodeMant; the class = min(node, 4), 5 for a
	// mantissa node.
	MOVQ BX, R8
	MOVQ BX, R10
	CMPQ BX, $4
	JLE  class
	MOVQ $4, R10
	CMPQ BX, $12
	JLT  class
	SUBQ $(const_NodeMant-12), R8
	MOVQ $5, R10

class:
	LEAQ (R10)(R10*2), R10
	ADDQ MixedResidual_h3(DI), R10
	MOVQ R10, MixedResidual_set(DI)
	MOVQ R8, MixedResidual_set2(DI)
	LEAQ ·stretchTable(SB), R9

	// The weight rows: w[set] and w8[mi].
	IMUL3Q $WROW, R10, R13
	LEAQ  MixedResidual_w(DI)(R13*1), R13
	IMUL3Q $W8ROW, R8, R14
	LEAQ  MixedResidual_w8(DI)(R14*1), R14

	// x0 = t1[c1][node]
	IMUL3Q   $T1ROW, MixedResidual_c1(DI), CX
	LEAQ    (CX)(BX*4), CX
	ST(MixedResidual_t1(DI)(CX*1), SI)
	MOVL    SI, MixedResidual_x+0(DI)
	MOVLQSX (R13), R11
	IMULQ   SI, R11
	MOVLQSX (R14), R12
	IMULQ   SI, R12

	// x1..x4 = t2[c2][mi] .. t5[c5][mi]
	INPUTN(MixedResidual_t2, MixedResidual_c2, 4)
	INPUTN(MixedResidual_t3, MixedResidual_c3, 8)
	INPUTN(MixedResidual_t4, MixedResidual_c4, 12)
	INPUTN(MixedResidual_t5, MixedResidual_c5, 16)

	// x5 = 256
	MOVL    $256, MixedResidual_x+20(DI)
	MOVLQSX 20(R13), DX
	SHLQ    $8, DX
	ADDQ    DX, R11
	MOVLQSX 20(R14), DX
	SHLQ    $8, DX
	ADDQ    DX, R12

	// x6: t6[c6][mi] when t6On, with w6[set] and w86[mi]; else 0.
	MOVL    $0, MixedResidual_x6(DI)
	CMPB    MixedResidual_t6On(DI), $0
	JEQ     nosix
	IMUL3Q   $TNROW, MixedResidual_c6(DI), CX
	LEAQ    (CX)(R8*4), CX
	ST(MixedResidual_t6(DI)(CX*1), SI)
	MOVL    SI, MixedResidual_x6(DI)
	MOVLQSX MixedResidual_w6(DI)(R10*4), DX
	IMULQ   SI, DX
	ADDQ    DX, R11
	MOVLQSX MixedResidual_w86(DI)(R8*4), DX
	IMULQ   SI, DX
	ADDQ    DX, R12

nosix:
	// Model 15's input (exact15.p7): the counter at hashValue(k7, node<<1 | neg) >> 48.
	MOVQ  MixedResidual_s15(DI), R13
	TESTQ R13, R13
	JEQ   try16
	MOVQ  exact15_neg(R13), CX
	LEAQ  (CX)(BX*2), CX
	XORQ  exact15_k7(R13), CX
	MOVQ  $0x9E3779B97F4A7C15, AX
	IMULQ AX, CX
	MOVQ  CX, AX
	SHRQ  $29, AX
	XORQ  AX, CX
	SHRQ  $(64-const_exact15Bits), CX
	MOVB  $1, exact15_on7(R13)
	MOVL  CX, exact15_i7(R13)
	ST(exact15_t7(R13)(CX*4), SI)
	MOVL  SI, exact15_x7(R13)
	MOVLQSX exact15_w7(R13)(R10*4), DX
	IMULQ SI, DX
	ADDQ  DX, R11
	MOVLQSX exact15_w87(R13)(R8*4), DX
	IMULQ SI, DX
	ADDQ  DX, R12
	JMP   mix

try16:
	// Model 16's input (exact16.p7): the counter at line | exactOff(node, neg), if any.
	MOVQ MixedResidual_s16(DI), R13
	TESTQ R13, R13
	JEQ  mix
	CMPQ BX, $1
	JLE  off // o = node
	CMPQ BX, $3
	JLE  offexp
	CMPQ BX, $(const_NodeMant+1)
	JNE  mix
	// o = 4 + 3·neg
	MOVQ exact16_neg(R13), CX
	LEAQ 4(CX)(CX*2), CX
	JMP  haveoff

offexp:
	// o = 2 + 3·neg + node − NodeExp = 3·neg + node
	MOVQ exact16_neg(R13), CX
	LEAQ (CX)(CX*2), CX
	ADDQ BX, CX
	JMP  haveoff

off:
	MOVQ BX, CX

haveoff:
	MOVB  $1, exact16_on7(R13)
	ORL   exact16_line(R13), CX
	MOVL  CX, exact16_i7(R13)
	MOVQ  exact16_tab(R13), AX
	MOVQ  (AX), AX // tab.t's array
	MOVL  (AX)(CX*4), AX
	XORL  $0x80000000, AX
	SHRL  $20, AX
	MOVWQSX (R9)(AX*2), SI
	MOVL  SI, exact16_x7(R13)
	MOVLQSX exact16_w7(R13)(R10*4), DX
	IMULQ SI, DX
	ADDQ  DX, R11
	MOVLQSX exact16_w87(R13)(R8*4), DX
	IMULQ SI, DX
	ADDQ  DX, R12

mix:
	// d1, d2 clamped; pr1, pr2 = their squashes; d = (d1 + d2) >> 1, pr = Squash(d).
	CLAMPD(R11)
	CLAMPD(R12)
	LEAQ    ·squashTable(SB), SI
	MOVWLZX 6144(SI)(R11*2), AX
	MOVL    AX, MixedResidual_pr1(DI)
	MOVWLZX 6144(SI)(R12*2), AX
	MOVL    AX, MixedResidual_pr2(DI)
	ADDL    R12, R11
	SARL    $1, R11
	MOVLQSX R11, R11
	MOVWLZX 6144(SI)(R11*2), R12 // pr
	MOVL    R12, MixedResidual_pr(DI)

	// refineD(d, mi): the APM by mi on squashStretch[d + StretchMax], weighted 1:3.
	MOVB    $1, MixedResidual_apmOn(DI)
	LEAQ    ·squashStretch(SB), SI
	MOVWLSX 6144(SI)(R11*2), AX
	ADDL    $3072, AX // s = st + StretchMax (0..6144)
	// lo = s / 192, w = s − 192·lo (lo ≥ 32: 31 and 192)
	MOVL    AX, CX
	IMULL   $43691, CX
	SHRL    $23, CX
	IMUL3L   $192, CX, DX
	SUBL    DX, AX
	CMPL    CX, $32
	JLT     inrange
	MOVL    $31, CX
	MOVL    $192, AX

inrange:
	// i = mi·33 + lo; p = (t[i]·(192 − w) + t[i+1]·w) / 192
	IMUL3Q   $33, R8, DX
	ADDQ    CX, DX
	MOVQ    MixedResidual_apm(DI), R13
	MOVQ    APM_t(R13), SI
	MOVWLZX (SI)(DX*2), CX
	MOVWLZX 2(SI)(DX*2), BX
	IMULL   AX, BX
	MOVL    $192, R10
	SUBL    AX, R10
	IMULL   R10, CX
	ADDL    BX, CX
	MOVL    CX, CX
	IMULQ   $1431655766, CX
	SHRQ    $38, CX
	// idx = i, or i + 1 when w > 96
	LEAQ    1(DX), BX
	CMPL    AX, $96
	CMOVQHI BX, DX
	MOVQ    DX, APM_idx(R13)
	// pa = max(p, 1); (pr + 3·pa) >> 2 clamped to [32, 65503]
	MOVL    $1, AX
	CMPL    CX, AX
	CMOVLLT AX, CX
	LEAL    (CX)(CX*2), CX
	ADDL    R12, CX
	SHRL    $2, CX
	MOVL    $65503, AX
	CMPL    CX, AX
	CMOVLHI AX, CX
	MOVL    $32, AX
	CMPL    CX, AX
	CMOVLCS AX, CX
	MOVL    CX, ret+16(FP)
	RET

// func mixUpdateAsm(m *MixedResidual, bit, limit int)
//
// MixedResidual.Update after mixPAsm (the same model conditions): model 15's or 16's input
// (its counter, the residual's sign, its weights), the sixth input's weights, the APM, the
// second set's count, both weight sets (six lanes each, in vectors) and the counters
// t1..t5 (and t6 under the sixth input) in one eight-lane update.
//
// Registers: DI m, BX node (then scratch), R8 mi, R9 &counterRate, R10 set, R11 set2, R12
// the counters' cap, R13 the target (bit << 22), R14 bit, R15 m.s15 or m.s16; the errors
// e1 and e2 in locals.
TEXT ·mixUpdateAsm(SB), NOSPLIT, $16-24
	MOVQ m+0(FP), DI
	MOVQ bit+8(FP), R14
	MOVQ limit+16(FP), R12
	MOVQ R14, R13
	SHLQ $22, R13
	MOVQ MixedResidual_node(DI), BX
	MOVQ BX, R8
	CMPQ BX, $12
	JLT  mi
	SUBQ $(const_NodeMant-12), R8

mi:
	MOVQ MixedResidual_set(DI), R10
	MOVQ MixedResidual_set2(DI), R11
	LEAQ ·counterRate(SB), R9

	// r2 = rate2nc(): mixedRate, plus mixedRate·fast2Boost·fast2Half / (fast2Half + n8[set2])
	// under fast2 (in 32 bits).
	MOVQ $12, CX
	CMPB MixedResidual_fast2(DI), $0
	JEQ  rate
	MOVL MixedResidual_n8(DI)(R11*4), CX
	ADDL $1024, CX
	MOVL $393216, AX
	XORL DX, DX
	DIVL CX
	LEAQ 12(AX), CX

rate:
	// e1 = (bit << 16 − pr1)·mixedRate, e2 = (bit << 16 − pr2)·r2
	MOVQ  R14, SI
	SHLQ  $16, SI
	MOVQ  SI, DX
	MOVL  MixedResidual_pr1(DI), AX
	SUBQ  AX, SI
	IMULQ $12, SI
	MOVQ  SI, e1-8(SP)
	MOVL  MixedResidual_pr2(DI), AX
	SUBQ  AX, DX
	IMULQ CX, DX
	MOVQ  DX, e2-16(SP)

	// Model 15's input (exact15.u7).
	MOVQ  MixedResidual_s15(DI), R15
	TESTQ R15, R15
	JEQ   try16
	CMPQ  BX, $1
	JNE   nosign15
	MOVQ  R14, exact15_neg(R15)

nosign15:
	CMPB exact15_on7(R15), $0
	JEQ  nos16
	MOVB $0, exact15_on7(R15)
	MOVL exact15_i7(R15), AX
	LEAQ exact15_t7(R15)(AX*4), BX
	UPD((BX))
	MOVLQSX exact15_x7(R15), CX
	WUP(CX, e1-8(SP), exact15_w7(R15)(R10*4))
	WUP(CX, e2-16(SP), exact15_w87(R15)(R11*4))
	JMP nos16

try16:
	// Model 16's input (exact16.u7).
	MOVQ  MixedResidual_s16(DI), R15
	TESTQ R15, R15
	JEQ   nos16
	CMPQ  BX, $1
	JNE   nosign
	MOVQ  R14, exact16_neg(R15)

nosign:
	CMPB exact16_on7(R15), $0
	JEQ  nos16
	MOVB $0, exact16_on7(R15)
	MOVQ exact16_tab(R15), AX
	MOVQ (AX), BX
	MOVL exact16_i7(R15), AX
	LEAQ (BX)(AX*4), BX
	XORL $0x80000000, (BX)
	UPD((BX))
	XORL $0x80000000, (BX)
	MOVLQSX exact16_x7(R15), CX
	WUP(CX, e1-8(SP), exact16_w7(R15)(R10*4))
	WUP(CX, e2-16(SP), exact16_w87(R15)(R11*4))

nos16:
	// The sixth input's weights: w6[set] by e1, w86[set2] by e2.
	CMPB    MixedResidual_t6On(DI), $0
	JEQ     nosix
	MOVLQSX MixedResidual_x6(DI), CX
	WUP(CX, e1-8(SP), MixedResidual_w6(DI)(R10*4))
	WUP(CX, e2-16(SP), MixedResidual_w86(DI)(R11*4))

nosix:
	// The APM (apm.Update): t[idx] += (bit·65535 − t[idx]) >> rate, at least 1.
	CMPB    MixedResidual_apmOn(DI), $0
	JEQ     noapm
	MOVB    $0, MixedResidual_apmOn(DI)
	MOVQ    MixedResidual_apm(DI), BX
	MOVQ    APM_idx(BX), DX
	MOVQ    APM_rate(BX), CX
	MOVQ    APM_t(BX), BX
	LEAQ    (BX)(DX*2), BX
	MOVWLZX (BX), DX
	MOVL    R14, AX
	IMULL   $65535, AX
	SUBL    DX, AX
	SARL    CX, AX
	ADDL    DX, AX
	MOVL    $1, DX
	CMPL    AX, DX
	CMOVLLT DX, AX
	MOVW    AX, (BX)

noapm:
	// countRate2: n8[set2]++ under fast2 while below 2^24.
	CMPB MixedResidual_fast2(DI), $0
	JEQ  train
	MOVL MixedResidual_n8(DI)(R11*4), AX
	CMPL AX, $0x1000000
	JGE  train
	INCL AX
	MOVL AX, MixedResidual_n8(DI)(R11*4)

train:
	// trainTwoSets6: w[set][i] by e1, w8[set2][i] by e2, i = 0..5, in six lanes.
	VMOVDQU      MixedResidual_x(DI), X1
	VMOVQ        MixedResidual_x+16(DI), X5
	VINSERTI128  $1, X5, Y1, Y1
	IMUL3Q       $WROW, R10, R10
	LEAQ         MixedResidual_w(DI)(R10*1), R10
	MOVQ         e1-8(SP), AX
	WVEC6(R10)
	IMUL3Q       $W8ROW, R11, R11
	LEAQ         MixedResidual_w8(DI)(R11*1), R11
	MOVQ         e2-16(SP), AX
	WVEC6(R11)

	// The counters t1[c1][node], t2[c2][mi] .. t5[c5][mi] and t6[c6][mi] (stored under the
	// sixth input only) in lanes 0-5: their offsets in m into BX, AX, CX, DX, SI, R10.
	IMUL3Q $T1ROW, MixedResidual_c1(DI), BX
	MOVQ   MixedResidual_node(DI), AX
	LEAQ   (BX)(AX*4), BX
	SHLQ   $2, R8
	IMUL3Q $TNROW, MixedResidual_c2(DI), AX
	ADDQ   R8, AX
	IMUL3Q $TNROW, MixedResidual_c3(DI), CX
	ADDQ   R8, CX
	IMUL3Q $TNROW, MixedResidual_c4(DI), DX
	ADDQ   R8, DX
	IMUL3Q $TNROW, MixedResidual_c5(DI), SI
	ADDQ   R8, SI
	IMUL3Q $TNROW, MixedResidual_c6(DI), R10
	ADDQ   R8, R10
	VMOVD   MixedResidual_t1(DI)(BX*1), X0
	VPINSRD $1, MixedResidual_t2(DI)(AX*1), X0, X0
	VPINSRD $2, MixedResidual_t3(DI)(CX*1), X0, X0
	VPINSRD $3, MixedResidual_t4(DI)(DX*1), X0, X0
	VMOVD   MixedResidual_t5(DI)(SI*1), X2
	VPINSRD $1, MixedResidual_t6(DI)(R10*1), X2, X2
	VINSERTI128 $1, X2, Y0, Y0
	VMOVD   R13, X7
	VPBROADCASTD X7, Y7
	VMOVD   R12, X12
	VPBROADCASTD X12, Y12
	CUPD8
	VMOVD   X4, MixedResidual_t1(DI)(BX*1)
	VPEXTRD $1, X4, MixedResidual_t2(DI)(AX*1)
	VPEXTRD $2, X4, MixedResidual_t3(DI)(CX*1)
	VPEXTRD $3, X4, MixedResidual_t4(DI)(DX*1)
	VEXTRACTI128 $1, Y4, X4
	VMOVD   X4, MixedResidual_t5(DI)(SI*1)
	CMPB    MixedResidual_t6On(DI), $0
	JEQ     done
	VPEXTRD $1, X4, MixedResidual_t6(DI)(R10*1)

done:
	VZEROUPPER
	RET

// func mixDecAsm(m *MixedResidual, d *arith.Decoder, node, limit int) int
//
// One mixed decision decoded: mixPAsm's probability, d.Decode's step and renormalisation
// (arith.Decoder.Normalize: a byte in while the range is below 2^24, 0 and Overrun past the
// end), then mixUpdateAsm on the bit, which it returns.
TEXT ·mixDecAsm(SB), NOSPLIT, $32-40
	MOVQ m+0(FP), AX
	MOVQ AX, 0(SP)
	MOVQ node+16(FP), AX
	MOVQ AX, 8(SP)
	CALL ·mixPAsm(SB)
	MOVL 16(SP), AX // p
	MOVQ d+8(FP), DI
	MOVL DEC_CODE(DI), R8
	MOVL DEC_RNG(DI), R9

	// bound = (rng >> 16)·p; a 1 when code < bound (rng = bound), else code −= bound and
	// rng −= bound.
	MOVL    R9, CX
	SHRL    $16, CX
	IMULL   AX, CX
	XORL    DX, DX
	MOVL    R9, SI
	SUBL    CX, SI
	MOVL    R8, R10
	SUBL    CX, R10
	CMPL    R8, CX
	SETCS   DX
	CMOVLCS CX, SI
	CMOVLCC R10, R8

norm:
	CMPL SI, $0x1000000
	JCC  done
	SHLL $8, SI
	SHLL $8, R8
	MOVQ DEC_POS(DI), R10
	CMPQ R10, DEC_INLEN(DI)
	JGE  over
	MOVQ DEC_IN(DI), R11
	MOVBLZX (R11)(R10*1), R11
	ORL  R11, R8
	INCQ R10
	MOVQ R10, DEC_POS(DI)
	JMP  norm

over:
	MOVB $1, DEC_OVERRUN(DI)
	JMP  norm

done:
	MOVL R8, DEC_CODE(DI)
	MOVL SI, DEC_RNG(DI)
	MOVQ DX, ret+32(FP)
	MOVQ m+0(FP), AX
	MOVQ AX, 0(SP)
	MOVQ DX, 8(SP)
	MOVQ limit+24(FP), AX
	MOVQ AX, 16(SP)
	CALL ·mixUpdateAsm(SB)
	RET

// func mixEncAsm(m *MixedResidual, e *arith.Encoder, cost *uint64, bit, node, limit int, write bool) bool
//
// One mixed decision encoded: mixPAsm's probability p, arith.BitCost(bit, p) added to *cost,
// e.Encode's step if write (without its renormalisation: the result tells whether the range
// fell below 2^24 and e.Normalize must follow), then mixUpdateAsm on the bit.
TEXT ·mixEncAsm(SB), NOSPLIT, $32-57
	MOVQ m+0(FP), AX
	MOVQ AX, 0(SP)
	MOVQ node+32(FP), AX
	MOVQ AX, 8(SP)
	CALL ·mixPAsm(SB)
	MOVL 16(SP), CX // p
	MOVQ bit+24(FP), BX

	// *cost += CostTable[q >> 2], q = p for a 1, 65536 − p for a 0
	MOVL    $65536, SI
	SUBL    CX, SI
	TESTQ   BX, BX
	CMOVLNE CX, SI
	SHRL    $2, SI
	ANDL    $16383, SI
	MOVQ    ·costTable(SB), DI
	MOVL    (DI)(SI*4), SI
	MOVQ    cost+16(FP), DI
	ADDQ    SI, (DI)

	// bound = (rng >> 16)·p; a 1 takes the lower part (rng = bound), a 0 the upper (low +=
	// bound, rng −= bound).
	MOVB  $0, ret+56(FP)
	CMPB  write+48(FP), $0
	JEQ   update
	MOVQ  e+8(FP), DI
	MOVL  ENC_RNG(DI), R9
	MOVL  R9, DX
	SHRL  $16, DX
	IMULL CX, DX
	TESTQ BX, BX
	JEQ   zero
	MOVL  DX, R9
	JMP   stored

zero:
	ADDQ DX, ENC_LOW(DI)
	SUBL DX, R9

stored:
	MOVL  R9, ENC_RNG(DI)
	CMPL  R9, $0x1000000
	SETCS ret+56(FP)

update:
	MOVQ m+0(FP), AX
	MOVQ AX, 0(SP)
	MOVQ BX, 8(SP)
	MOVQ limit+40(FP), AX
	MOVQ AX, 16(SP)
	CALL ·mixUpdateAsm(SB)
	RET

// func prefetch(p unsafe.Pointer)
// PREFETCHT0 of p's cache line (SeriesMatch.PushBegin, sdec13): a hint, nothing changed.
TEXT ·prefetch(SB), NOSPLIT, $0-8
	MOVQ       p+0(FP), AX
	PREFETCHT0 (AX)
	RET
