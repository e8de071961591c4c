//go:build !purego

#include "textflag.h"
#include "go_asm.h"

// The Series' LMS loops in AVX2, four int64 lanes a step (series_amd64.go): the same
// integers as the Go loops of sensor_series_ssp5.go.

// func orAbsAVX2(d *int64, n int) uint64
// OR of |d[i]| (|v| = (v XOR s) − s, s the sign mask) for i < n, n a multiple of 4.
TEXT ·orAbsAVX2(SB), NOSPLIT, $0-24
	MOVQ   d+0(FP), SI
	MOVQ   n+8(FP), CX
	VPXOR  Y0, Y0, Y0
	VPXOR  Y5, Y5, Y5
	SHRQ   $2, CX
	JZ     ordone

orloop:
	VMOVDQU  (SI), Y1
	VPCMPGTQ Y1, Y5, Y2
	VPXOR    Y2, Y1, Y1
	VPSUBQ   Y2, Y1, Y1
	VPOR     Y1, Y0, Y0
	ADDQ     $32, SI
	DECQ     CX
	JNZ      orloop

ordone:
	VEXTRACTI128 $1, Y0, X1
	VPOR         X1, X0, X0
	VPSHUFD      $0x4E, X0, X1
	VPOR         X1, X0, X0
	VMOVQ        X0, ret+16(FP)
	VZEROUPPER
	RET

// func seriesInputsAVX2(d *int64, w, xs *int32, n int, sh uint) (dot, norm int64)
// xs[i] = int32(d[i] >> sh) (sh ≤ 32: a logical shift's low 32 bits), dot = Σ xs[i]·w[i],
// norm = Σ xs[i]² (int64, wrapping) for i < n, n a multiple of 4.
TEXT ·seriesInputsAVX2(SB), NOSPLIT, $0-56
	MOVQ  d+0(FP), SI
	MOVQ  w+8(FP), DI
	MOVQ  xs+16(FP), DX
	MOVQ  n+24(FP), CX
	VMOVQ sh+32(FP), X15
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	SHRQ  $2, CX
	JZ    indone

inloop:
	VMOVDQU   (SI), Y2
	VPSRLQ    X15, Y2, Y2
	VPMOVSXDQ (DI), Y3
	VPMULDQ   Y3, Y2, Y4
	VPADDQ    Y4, Y0, Y0
	VPMULDQ   Y2, Y2, Y4
	VPADDQ    Y4, Y1, Y1
	VPSHUFD   $0x08, Y2, Y2
	VPERMQ    $0x08, Y2, Y2
	VMOVDQU   X2, (DX)
	ADDQ      $32, SI
	ADDQ      $16, DI
	ADDQ      $16, DX
	DECQ      CX
	JNZ       inloop

indone:
	VEXTRACTI128 $1, Y0, X2
	VPADDQ       X2, X0, X0
	VPSHUFD      $0x4E, X0, X2
	VPADDQ       X2, X0, X0
	VMOVQ        X0, dot+40(FP)
	VEXTRACTI128 $1, Y1, X2
	VPADDQ       X2, X1, X1
	VPSHUFD      $0x4E, X1, X2
	VPADDQ       X2, X1, X1
	VMOVQ        X1, norm+48(FP)
	VZEROUPPER
	RET

// func seriesStepAVX2(w, xs *int32, n int, f int64, shift uint)
// w[i] = int32(clamp(int64(w[i]) + (f·int64(xs[i])) >> shift, ±2^20)) for i < n, n a
// multiple of 4, f >> 16 within int32.
TEXT ·seriesStepAVX2(SB), NOSPLIT, $0-40
	MOVQ         w+0(FP), DI
	MOVQ         xs+8(FP), SI
	MOVQ         n+16(FP), CX
	MOVQ         f+24(FP), AX
	VMOVQ        shift+32(FP), X14
	MOVQ         AX, BX
	ANDQ         $0xFFFF, BX
	SARQ         $16, AX
	VMOVQ        BX, X8
	VPBROADCASTQ X8, Y8   // f & 0xFFFF
	VMOVQ        AX, X9
	VPBROADCASTQ X9, Y9   // f >> 16
	MOVQ         $-1048576, AX
	VMOVQ        AX, X10
	VPBROADCASTQ X10, Y10 // −2^20
	MOVQ         $1048576, AX
	VMOVQ        AX, X11
	VPBROADCASTQ X11, Y11 // 2^20
	VPXOR        Y12, Y12, Y12
	SHRQ         $2, CX
	JZ           stdone

stloop:
	VPMOVSXDQ (SI), Y0
	VPMULDQ   Y8, Y0, Y1
	VPMULDQ   Y9, Y0, Y2
	VPSLLQ    $16, Y2, Y2
	VPADDQ    Y2, Y1, Y1        // f·x
	VPCMPGTQ  Y1, Y12, Y3       // its sign
	VPXOR     Y3, Y1, Y1
	VPSRLQ    X14, Y1, Y1
	VPXOR     Y3, Y1, Y1        // f·x >> shift
	VPMOVSXDQ (DI), Y4
	VPADDQ    Y4, Y1, Y1
	VPCMPGTQ  Y1, Y10, Y3       // below −2^20
	VBLENDVPD Y3, Y10, Y1, Y1
	VPCMPGTQ  Y11, Y1, Y3       // above 2^20
	VBLENDVPD Y3, Y11, Y1, Y1
	VPSHUFD   $0x08, Y1, Y1
	VPERMQ    $0x08, Y1, Y1
	VMOVDQU   X1, (DI)
	ADDQ      $16, SI
	ADDQ      $16, DI
	DECQ      CX
	JNZ       stloop

stdone:
	VZEROUPPER
	RET

// LAWWINDOW: for candidate R11, CX its window's length len_k (from lawPackedLen at R10) and
// DI the window's first value, d (R8) + lawMaxWin − len_k.
#define LAWWINDOW \
	MOVQ (R10)(R11*8), CX \
	MOVQ $const_lawMaxWin, DI \
	SUBQ CX, DI \
	LEAQ (R8)(DI*8), DI

// LAWSTORE(next): out[R11] (R9) = the sum of Y0's four int64 lanes; loops to next for the
// following candidate while R11 < lawCands.
#define LAWSTORE(next) \
	VEXTRACTI128 $1, Y0, X1 \
	VPADDQ       X1, X0, X0 \
	VPSHUFD      $0x4E, X0, X1 \
	VPADDQ       X1, X0, X0 \
	VMOVQ        X0, (R9)(R11*8) \
	INCQ         R11 \
	CMPQ         R11, $const_lawCands \
	JB           next

// func lawDotsAVX2(w *int64, d *[lawMaxWin]int64, out *[lawCands]int64)
// out[k] = Σ c_k[i]·d[lawMaxWin−len_k+i] for the lawCands candidates, their weights c_k in w
// one after the other, each zero-padded in front to len_k, a multiple of 4 (lawPacked,
// lawPackedLen): lawDotAVX2's loop, once for all, d's |values| below 2^62.
TEXT ·lawDotsAVX2(SB), NOSPLIT, $0-24
	MOVQ         w+0(FP), SI
	MOVQ         d+8(FP), R8
	MOVQ         out+16(FP), R9
	LEAQ         ·lawPackedLen(SB), R10
	MOVQ         $0x7FFFFFFF, AX
	VMOVQ        AX, X15
	VPBROADCASTQ X15, Y15
	XORQ         R11, R11

lsk:
	LAWWINDOW
	VPXOR   Y0, Y0, Y0
	VPXOR   Y5, Y5, Y5
	SHRQ    $2, CX

lsloop:
	VMOVDQU (DI), Y1
	VMOVDQU (SI), Y4
	VPAND   Y15, Y1, Y2
	VPSRLQ  $31, Y1, Y3
	VPMULDQ Y4, Y2, Y2
	VPMULDQ Y4, Y3, Y3
	VPADDQ  Y2, Y0, Y0
	VPADDQ  Y3, Y5, Y5
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     lsloop

	VPSLLQ       $31, Y5, Y5
	VPADDQ       Y5, Y0, Y0
	LAWSTORE(lsk)
	VZEROUPPER
	RET

// func lawDots32AVX2(w *int64, d *[lawMaxWin]int64, out *[lawCands]int64)
// lawDotsAVX2 where every d[i] is an int32: one VPMULDQ a product.
TEXT ·lawDots32AVX2(SB), NOSPLIT, $0-24
	MOVQ w+0(FP), SI
	MOVQ d+8(FP), R8
	MOVQ out+16(FP), R9
	LEAQ ·lawPackedLen(SB), R10
	XORQ R11, R11

l3k:
	LAWWINDOW
	SHLQ  $3, CX
	XORQ  BX, BX
	VPXOR Y0, Y0, Y0

l3loop:
	VMOVDQU (DI)(BX*1), Y1
	VPMULDQ (SI)(BX*1), Y1, Y1
	VPADDQ  Y1, Y0, Y0
	ADDQ    $32, BX
	CMPQ    BX, CX
	JB      l3loop

	ADDQ         CX, SI
	LAWSTORE(l3k)
	VZEROUPPER
	RET
