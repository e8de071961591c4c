// The body of decResidualAsm and decResidualAPMAsm: video_asm_amd64.s includes it twice,
// the second time with RESAPM defined (the APM's compare and path). See there.
	MOVQ m+0(FP), R10
#ifdef RESAPM
	APMPRE
#endif
	MOVQ d+8(FP), AX
	MOVQ depth+24(FP), DX
	DLOAD
	RESPRE
	MOVQ $0, neg-16(SP)
	MOVQ $1, mag-32(SP)
	MOVQ $1, R11                  // the sign's slot
	MOVBLZX codeZero+16(FP), AX
	TESTL AX, AX
	JZ   decide
	MOVQ $0, R11                  // the zero flag's slot

decide:
	// c0 = &resRow0[slotPos0[slot]] in BX
	MOVQ    PlaneModel_resRow0(R10), BX
	LEAQ    ·slotPos0(SB), AX
	MOVBQZX (AX)(R11*1), AX
	LEAQ    (BX)(AX*4), BX
	LEAQ    ·slotDirect(SB), AX
	CMPB    (AX)(R11*1), $0
	JNE     direct
#ifdef RESAPM
	CMPQ    R11, $5                // apmSlots
	JCS     apm
#endif

	RESIN
	SQUASHP
	MOVQ    AX, mixp-48(SP)
	MOVL    CX, AX
	STEP
	MOVQ    DX, R12                // the bit

	RESTRAIN
	MOVQ    R12, DX
	JMP     norm

#ifdef RESAPM
apm:
	// the same with the residual APM (slots below apmSlots): its row first, then the
	// squash and the APM from one lookup (APMP)
	APMROW
	RESIN
	APMP
	MOVL    CX, AX
	STEP
	MOVQ    DX, R12
	RESTRAIN
	APMUPD
	MOVQ    R12, DX
	JMP     norm
#endif

direct:
	// p = clampP(c0.P()); the step; c0 updated towards the bit
	MOVL    (BX), AX
	SHRL    $16, AX
	MOVL    $32, CX
	CMPL    AX, CX
	CMOVLLT CX, AX
	MOVL    $65504, CX
	CMPL    AX, CX
	CMOVLGT CX, AX
	STEP
	MOVQ    DX, R12
	MOVQ    DX, R13
	SHLQ    $22, R13
	MOVQ    PlaneModel_limit(R10), DI
	UPDC(BX)
	MOVQ    R12, DX

norm:
	// the bit in DX; the renormalisation (Decoder.Normalize) when the range is below 2^24
	CMPL    R9, $0x1000000
	JCC     next
	MOVQ    d+8(FP), BX
	DNORM(normloop, overrun, normtest)

next:
	// what the bit in DX means for slot R11, and the next slot
	CMPQ    R11, $2
	JCC     notzs
	CMPQ    R11, $1
	JEQ     aftersign
	TESTL   DX, DX                 // the zero flag
	JNZ     retzero
	MOVQ    $1, R11
	JMP     decide

aftersign:
	MOVQ    DX, neg-16(SP)
	CMPQ    dm1-8(SP), $0
	JLE     mantstart
	MOVQ    $2, R11
	JMP     decide

notzs:
	CMPQ    R11, $18               // SlotMantissa
	JCC     mant
	TESTL   DX, DX                 // "is the exponent above k?"
	JZ      mantstart
	MOVQ    k-24(SP), AX
	INCQ    AX
	MOVQ    AX, k-24(SP)
	CMPQ    AX, dm1-8(SP)
	JGE     mantstart
	INCQ    R11
	JMP     decide

mantstart:
	MOVQ    k-24(SP), AX
	TESTQ   AX, AX
	JZ      finish
	LEAQ    18(AX)(AX*1), R11      // SlotMantissa + 2k
	DECQ    AX
	MOVQ    AX, b-56(SP)
	JMP     decide

mant:
	MOVQ    mag-32(SP), AX
	SHLQ    $1, AX
	ORQ     DX, AX
	MOVQ    AX, mag-32(SP)
	MOVQ    b-56(SP), AX
	MOVQ    k-24(SP), CX
	DECQ    CX
	CMPQ    AX, CX
	JNE     mantnext
	INCQ    R11                    // the top bit has its own slot, the lower bits share the next
mantnext:
	DECQ    AX
	MOVQ    AX, b-56(SP)
	JGE     decide

finish:
	MOVQ    mag-32(SP), AX
	MOVQ    AX, CX
	NEGQ    CX
	CMPQ    neg-16(SP), $0
	CMOVQNE CX, AX
	JMP     ret

retzero:
	XORL    AX, AX
ret:
	MOVQ    d+8(FP), BX
	DSTORE
	MOVQ    AX, ret+32(FP)
	VZEROUPPER
	RET
