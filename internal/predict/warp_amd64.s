#include "textflag.h"

// func normalAVX2(acc *[10][4]float64, j *[8]float64, dw *[2]float64, n int)
// For each of the n samples (j: 8 float64 a sample, j0..j5 and two zeros, with one more
// sample's worth readable past the last; dw: wt, d a sample): W = wt·j (VMULPD, as Go's
// products), then atb += W·d and row a of the normal equations' upper triangle += w_a·j[a..]
// (VPERMPD broadcasts w_a), each lane one of Estimate's sums, added in the samples' order
// (VADDPD: the same float64 operations as the scalar loop's). acc's layout: atb[0..3],
// atb[4..5], ata[0][0..3], ata[0][4..5], ata[1][1..4], ata[1][5], ata[2][2..5],
// ata[3][3..5], ata[4][4..5], ata[5][5] (the other lanes are scratch).
TEXT ·normalAVX2(SB), NOSPLIT, $0-32
	MOVQ acc+0(FP), AX
	MOVQ j+8(FP), SI
	MOVQ dw+16(FP), DX
	MOVQ n+24(FP), CX
	VMOVUPD 0(AX), Y0
	VMOVUPD 32(AX), Y1
	VMOVUPD 64(AX), Y2
	VMOVUPD 96(AX), Y3
	VMOVUPD 128(AX), Y4
	VMOVUPD 160(AX), Y5
	VMOVUPD 192(AX), Y6
	VMOVUPD 224(AX), Y7
	VMOVUPD 256(AX), Y8
	VMOVUPD 288(AX), Y9
	TESTQ   CX, CX
	JZ      normaldone

normalloop:
	VBROADCASTSD 0(DX), Y12 // wt
	VBROADCASTSD 8(DX), Y13 // d
	VMULPD       0(SI), Y12, Y10  // w0..w3
	VMULPD       32(SI), Y12, Y11 // w4, w5, 0, 0
	VMULPD       Y13, Y10, Y14
	VADDPD       Y14, Y0, Y0
	VMULPD       Y13, Y11, Y14
	VADDPD       Y14, Y1, Y1
	VPERMPD      $0x00, Y10, Y15 // w0
	VMULPD       0(SI), Y15, Y14
	VADDPD       Y14, Y2, Y2
	VMULPD       32(SI), Y15, Y14
	VADDPD       Y14, Y3, Y3
	VPERMPD      $0x55, Y10, Y15 // w1
	VMULPD       8(SI), Y15, Y14
	VADDPD       Y14, Y4, Y4
	VMULPD       40(SI), Y15, Y14
	VADDPD       Y14, Y5, Y5
	VPERMPD      $0xAA, Y10, Y15 // w2
	VMULPD       16(SI), Y15, Y14
	VADDPD       Y14, Y6, Y6
	VPERMPD      $0xFF, Y10, Y15 // w3
	VMULPD       24(SI), Y15, Y14
	VADDPD       Y14, Y7, Y7
	VPERMPD      $0x00, Y11, Y15 // w4
	VMULPD       32(SI), Y15, Y14
	VADDPD       Y14, Y8, Y8
	VPERMPD      $0x55, Y11, Y15 // w5
	VMULPD       40(SI), Y15, Y14
	VADDPD       Y14, Y9, Y9
	ADDQ         $64, SI
	ADDQ         $16, DX
	DECQ         CX
	JNZ          normalloop

normaldone:
	VMOVUPD Y0, 0(AX)
	VMOVUPD Y1, 32(AX)
	VMOVUPD Y2, 64(AX)
	VMOVUPD Y3, 96(AX)
	VMOVUPD Y4, 128(AX)
	VMOVUPD Y5, 160(AX)
	VMOVUPD Y6, 192(AX)
	VMOVUPD Y7, 224(AX)
	VMOVUPD Y8, 256(AX)
	VMOVUPD Y9, 288(AX)
	VZEROUPPER
	RET
