// The body of encResidualAsm and encResidualAPMAsm: video_asm_enc_amd64.s includes it twice,
// the second time with RESAPM defined (the APM's compare and path). See there.
	MOVQ    m+0(FP), R10
#ifdef RESAPM
	APMPRE
#endif
	MOVQ    e+8(FP), AX
	MOVQ    depth+40(FP), DX
	ELOAD
	RESPRE
	MOVQ    r+32(FP), AX
	XORL    CX, CX
	TESTQ   AX, AX
	SETLT   CX
	MOVQ    CX, neg-16(SP)
	MOVQ    AX, DX
	NEGQ    DX
	TESTQ   AX, AX
	CMOVQLT DX, AX
	MOVQ    AX, a-32(SP)
	MOVQ    $-1, CX
	BSRQ    AX, DX
	CMOVQEQ CX, DX                 // bits.Len(|r|) − 1, −1 for 0
	MOVQ    DX, ex-64(SP)
	MOVQ    $1, R11                // the sign first, unless the zero flag is coded
	MOVQ    neg-16(SP), R12
	MOVBLZX codeZero+24(FP), CX
	TESTL   CX, CX
	JZ      edecide
	MOVQ    $0, R11
	XORL    R12, R12
	TESTQ   AX, AX
	SETEQ   R12

edecide:
	// c0 = &resRow0[slotPos0[slot]] in BX
	MOVQ    PlaneModel_resRow0(R10), BX
	LEAQ    ·slotPos0(SB), AX
	MOVBQZX (AX)(R11*1), AX
	LEAQ    (BX)(AX*4), BX
	LEAQ    ·slotDirect(SB), AX
	CMPB    (AX)(R11*1), $0
	JNE     edirect
#ifdef RESAPM
	CMPQ    R11, $5                // apmSlots
	JCS     eapm
#endif
	RESIN
	SQUASHP
	MOVQ    AX, mixp-48(SP)
	ECOST
	ESTEP
	RESTRAIN
	JMP     enorm

#ifdef RESAPM
eapm:
	// the same with the residual APM (slots below apmSlots): its row first, then the
	// squash and the APM from one lookup (APMP)
	APMROW
	RESIN
	APMP
	ECOST
	ESTEP
	RESTRAIN
	APMUPD
	JMP     enorm
#endif

edirect:
	// p = clampP(c0.P()); the cost and the step; c0 updated towards the bit
	MOVL    (BX), CX
	SHRL    $16, CX
	MOVL    $32, AX
	CMPL    CX, AX
	CMOVLLT AX, CX
	MOVL    $65504, AX
	CMPL    CX, AX
	CMOVLGT AX, CX
	ECOST
	ESTEP
	MOVQ    R12, R13
	SHLQ    $22, R13
	MOVQ    PlaneModel_limit(R10), DI
	UPDC(BX)

enorm:
	MOVQ    e+8(FP), BX
	ENORM(enormloop, eflush, efloop, elow, enext)

	// the next slot and its bit after slot R11's
	CMPQ    R11, $2
	JCC     enotzs
	CMPQ    R11, $1
	JEQ     eaftersign
	TESTQ   R12, R12               // the zero flag
	JNZ     eret
	MOVQ    $1, R11
	MOVQ    neg-16(SP), R12
	JMP     edecide

eaftersign:
	CMPQ    dm1-8(SP), $0
	JLE     emantstart
	MOVQ    $2, R11
	XORL    R12, R12
	CMPQ    ex-64(SP), $0
	SETGT   R12
	JMP     edecide

enotzs:
	CMPQ    R11, $18               // SlotMantissa
	JCC     emant
	TESTQ   R12, R12               // "is the exponent above k?"
	JZ      emantstart
	MOVQ    k-24(SP), AX
	INCQ    AX
	MOVQ    AX, k-24(SP)
	CMPQ    AX, dm1-8(SP)
	JGE     emantstart
	INCQ    R11
	XORL    R12, R12
	CMPQ    ex-64(SP), AX
	SETGT   R12
	JMP     edecide

emantstart:
	MOVQ    k-24(SP), AX
	TESTQ   AX, AX
	JZ      eret
	LEAQ    18(AX)(AX*1), R11      // SlotMantissa + 2k
	DECQ    AX
	MOVQ    AX, b-56(SP)
	JMP     emantbit

emant:
	MOVQ    b-56(SP), AX
	MOVQ    k-24(SP), CX
	DECQ    CX
	CMPQ    AX, CX
	JNE     emantnext
	INCQ    R11                    // the top bit has its own slot, the lower bits share the next
emantnext:
	DECQ    AX
	MOVQ    AX, b-56(SP)
	JLT     eret
emantbit:
	MOVQ    a-32(SP), R12          // (|r| >> b) & 1
	MOVQ    AX, CX
	SHRQ    CX, R12
	ANDQ    $1, R12
	JMP     edecide

eret:
	MOVQ    e+8(FP), BX
	ESTORE
	VZEROUPPER
	RET
