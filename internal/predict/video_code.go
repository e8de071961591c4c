package predict

import (
	"math/bits"
	"unsafe"

	"github.com/vidlm/vidlm/internal/arith"
)

// The coding of video samples, the innermost loop of vidlm, with the model's decisions and the
// range coder's steps in one place: each binary decision is one call (encSkip, encRes,
// decSkip, decRes) that asks the counters and the mixer for its probability, codes the bit
// inline and trains the models on it. Written with SkipP, ResP, UpdateSkip and UpdateRes and
// BitCoder's Encode and Decode, a decision took three calls, and Go's calls keep nothing in
// registers across them. These functions make exactly the decisions of codec's codeSample
// (which still serves the per-sample cost reports through those methods), under the same
// probabilities in the same order, and train the same state: the golden files hold them to it.
//
// A sample is coded in up to two stages: the skip flag (is it the temporal prediction P?)
// when there is a previous frame, else or then the residual against the model's prediction,
// binarised as a zero flag, a sign, the exponent of |r| in unary and the bits of |r| below its
// leading one. The exponent is bounded by the sample depth, so corrupt data cannot loop.

// EncodeSamples encodes samples x0..x1-1 of the current row, whose values are in src, into e,
// adding each decision's cost to *cost.
func (m *PlaneModel) EncodeSamples(e *arith.Encoder, cost *uint64, src []uint16, x0, x1 int, hasPrev bool, depth int) {
	for x := x0; x < x1; x++ {
		m.encodeSample(e, cost, x, int32(src[x]), hasPrev, depth)
	}
}

// encodeSample encodes sample x of the current row, of value v, and commits it to the model.
func (m *PlaneModel) encodeSample(e *arith.Encoder, cost *uint64, x int, v int32, hasPrev bool, depth int) {
	m.Predict(x)
	if hasPrev {
		bit := 0
		if v == m.P {
			bit = 1
		}
		if m.asmSkip && !m.skipFast {
			e.Reserve(encAsmRoom)
			encSkipAsm(m, e, cost, int64(bit))
		} else {
			m.encSkip(e, cost, bit)
		}
		if bit == 1 {
			m.CommitSkip()
			return
		}
	}
	pred := m.PrepareResidual()
	r := v - pred
	if m.cfg.ResExcl && m.hasPrev {
		r = ExclResidual(r, m.P-pred)
	}
	if m.asmRes && depth <= asmMaxDepth {
		// The residual's decisions in one call of the kernel (video_asm_enc_amd64.s).
		e.Reserve(encAsmRoom)
		if m.resAPMOn {
			encResidualAPMAsm(m, e, cost, !m.hasPrev || m.Pred != m.P, int64(r), depth)
		} else {
			encResidualAsm(m, e, cost, !m.hasPrev || m.Pred != m.P, int64(r), depth)
		}
		m.Commit(v)
		return
	}
	// With a skip flag that said the sample differs from P, and P the prediction, the
	// residual cannot be zero: no zero flag.
	m.encResidualGo(e, cost, !m.hasPrev || m.Pred != m.P, r, depth)
	m.Commit(v)
}

// encResidualGo codes the residual r in Go (encRes), encResidualAsm's reference: a zero flag
// when codeZero, the sign, the exponent of |r| in unary (up to depth-2: an exponent of
// depth-1 ends there without a 0) and the bits below the leading one, the top bit in a slot
// of its own and the lower bits sharing the next.
func (m *PlaneModel) encResidualGo(e *arith.Encoder, cost *uint64, codeZero bool, r int32, depth int) {
	if codeZero {
		zero := 0
		if r == 0 {
			zero = 1
		}
		m.encRes(e, cost, SlotZero, zero)
		if zero == 1 {
			return
		}
	}
	neg := 0
	if r < 0 {
		neg, r = 1, -r
	}
	m.encRes(e, cost, SlotSign, neg)
	ex := bits.Len32(uint32(r)) - 1
	k := 0
	for ; k < depth-1; k++ {
		bit := 0
		if ex > k {
			bit = 1
		}
		m.encRes(e, cost, SlotExp+k, bit)
		if bit == 0 {
			break
		}
	}
	ex = k
	slot := SlotMantissa + 2*ex
	for b := ex - 1; b >= 0; b-- {
		m.encRes(e, cost, slot, int(r>>b)&1)
		if b == ex-1 {
			slot++
		}
	}
}

// ExclResidual maps the residual r of a sample that is not P (model.res_excl), so r ≠ d = P −
// the prediction, onto the integers: the residuals beyond d on its side one step nearer to
// zero, no code left for d. With d = 0 (the prediction is P: no zero flag) it is r.
func ExclResidual(r, d int32) int32 {
	if d > 0 && r > d {
		return r - 1
	}
	if d < 0 && r < d {
		return r + 1
	}
	return r
}

// UnexclResidual is ExclResidual's inverse.
func UnexclResidual(r, d int32) int32 {
	if d > 0 && r >= d {
		return r + 1
	}
	if d < 0 && r <= d {
		return r - 1
	}
	return r
}

// encAsmRoom is the output's room the encoder's kernels need beyond a held-back run of bytes:
// a residual makes at most 34 decisions (depth 17), each narrowing the range by at most 12
// bits (p in [32, 65504] and a range of at least 2^24), so at most 51 range shifts of a byte.
const encAsmRoom = 72

// asmMaxDepth is the largest depth the residual kernels take: their slots (up to
// SlotMantissa + 2·(depth−1) + 1) must lie in the slot tables, which they read unchecked.
const asmMaxDepth = MaxDepth + 1

// DecodeSamples decodes samples x0..x1-1 of the current row from d into the model, adding
// each decision's cost to *cost unless cost is nil. It returns false if a decoded sample lies
// outside 0..maxVal (corrupt data).
func (m *PlaneModel) DecodeSamples(d *arith.Decoder, cost *uint64, x0, x1 int, hasPrev bool, depth int, maxVal int32) bool {
	for x := x0; x < x1; x++ {
		if !m.decodeSample(d, cost, x, hasPrev, depth, maxVal) {
			return false
		}
	}
	return true
}

// decodeSample decodes sample x of the current row and commits it to the model.
func (m *PlaneModel) decodeSample(d *arith.Decoder, cost *uint64, x int, hasPrev bool, depth int, maxVal int32) bool {
	m.Predict(x)
	if hasPrev {
		var bit int
		if m.asmSkip && !m.skipFast && cost == nil {
			bit = int(decSkipAsm(m, d))
		} else {
			bit = m.decSkip(d, cost)
		}
		if bit == 1 {
			m.CommitSkip()
			return true
		}
	}
	pred := m.PrepareResidual()
	// With a skip flag that said the sample differs from P, and P the prediction, the
	// residual cannot be zero: no zero flag.
	codeZero := !m.hasPrev || m.Pred != m.P
	var r int64
	if m.asmRes && cost == nil && depth <= asmMaxDepth {
		// The residual's decisions in one call of the kernel (video_asm_amd64.s).
		if m.resAPMOn {
			r = decResidualAPMAsm(m, d, codeZero, depth)
		} else {
			r = decResidualAsm(m, d, codeZero, depth)
		}
	} else {
		r = m.decResidualGo(d, cost, codeZero, depth)
	}
	if m.cfg.ResExcl && m.hasPrev {
		r = int64(UnexclResidual(int32(r), m.P-pred))
	}
	v := pred + int32(r)
	if v < 0 || v > maxVal {
		return false
	}
	m.Commit(v)
	return true
}

// decResidualGo decodes a residual in Go (decRes), as encResidualGo codes it: the path of
// decodeSample where the kernel does not run, and decResidualAsm's reference.
func (m *PlaneModel) decResidualGo(d *arith.Decoder, cost *uint64, codeZero bool, depth int) int64 {
	if codeZero && m.decRes(d, cost, SlotZero) == 1 {
		return 0
	}
	neg := m.decRes(d, cost, SlotSign)
	k := 0
	for ; k < depth-1; k++ {
		if m.decRes(d, cost, SlotExp+k) == 0 {
			break
		}
	}
	mag := int64(1)
	slot := SlotMantissa + 2*k
	for b := k - 1; b >= 0; b-- {
		mag = mag<<1 | int64(m.decRes(d, cost, slot))
		if b == k-1 {
			slot++
		}
	}
	if neg == 1 {
		return -mag
	}
	return mag
}

// On amd64 with AVX2 the default knob set's mixed decisions do not come here: encodeSample and
// decodeSample hand the skip flag and a sample's whole residual to the assembly kernels
// (encSkipAsm, decSkipAsm, encResidualAsm, decResidualAsm in video_asm_*amd64.s, under
// asmSkip and asmRes; with the residual APM, res_apm's or sse's, encResidualAPMAsm and
// decResidualAPMAsm, which make encResSSE's and decResSSE's decisions), which make the same decisions under the same probabilities and train
// the same state; the functions below are their reference (video_asm_test.go), the path of
// every other knob set, of other architectures and of -tags purego, and the decoder's when it
// counts costs.
//
// The four decision functions below (encSkip, decSkip, encRes, decRes) hold no call on their
// common path: a call anywhere in a Go function makes the compiler keep the values live across
// it in memory on every path, so the rare secondary estimation (SSE, off in every preset but
// max) has functions of its own (encSkipSSE ...), copies of the mixed path with the APM added.
// The encoders train the counters and the mixer before the coding step, which then has
// nothing live across its out-of-line renormalisation: the same probability, the same bit and
// the same updates as coding first (nothing in the coder reads the model).

// encSkip codes the skip flag bit (SkipP, the coder's step, UpdateSkip). The mixed path is
// written out here and in decSkip, not shared through helpers: Go would not inline them.
func (m *PlaneModel) encSkip(e *arith.Encoder, cost *uint64, bit int) {
	var p uint32
	if m.skipFast {
		c := &m.skipFastC[m.skipAPMCtx]
		p = clampP(c.P())
		c.Update(bit, 1023)
	} else {
		if !m.skipFull {
			m.encSkipGeneric(e, cost, bit)
			return
		}
		// The default knob set (skipFull): the six inputs of encSkipGeneric's mixed path
		// with SkipCtx's and SkipMed's counters always present, no branch on a knob.
		c0, c1, c2 := &m.skipCounters[0][m.skipCtx[0]], &m.skipCounters[1][m.skipCtx[1]], &m.skipCounters[2][m.skipCtx[2]]
		c3, c5 := &m.skipCounters[3][m.skipCtx[3]], &m.skipMedC[m.skipMedCtx]
		s0 := c0.st()
		s1 := c1.st()
		s2 := c2.st()
		s3 := c3.st()
		s5 := c5.st()
		w := m.skipSetW()
		dot := int64(s0)*int64(w[0]) + int64(s1)*int64(w[1]) + int64(s2)*int64(w[2]) + int64(s3)*int64(w[3]) + 256*int64(w[4]) + int64(s5)*int64(w[5])
		mixP := Squash(int32(dot >> 16))
		p = clampP(mixP)
		c0.Update(bit, 1023)
		c1.Update(bit, 1023)
		c2.Update(bit, 1023)
		c3.Update(bit, 1023)
		c5.Update(bit, 1023)
		err := (int64(bit)<<16 - int64(mixP)) * m.mixRate
		w[0] += int32((int64(s0)*err + 1<<19) >> 20)
		w[1] += int32((int64(s1)*err + 1<<19) >> 20)
		w[2] += int32((int64(s2)*err + 1<<19) >> 20)
		w[3] += int32((int64(s3)*err + 1<<19) >> 20)
		w[4] += int32((256*err + 1<<19) >> 20)
		w[5] += int32((int64(s5)*err + 1<<19) >> 20)
	}
	*cost += arith.BitCost(bit, p)
	bound := (e.Rng >> 16) * p
	keep := uint32(bit) - 1 // 0 for a 1 (the lower part of the range), all ones for a 0
	e.Low += uint64(bound & keep)
	e.Rng = bound ^ (bound^(e.Rng-bound))&keep
	if e.Rng < arith.Top {
		e.Normalize()
	}
}

// encSkipGeneric is encSkip's mixed path for any knob set (encSkip's own is the default's).
func (m *PlaneModel) encSkipGeneric(e *arith.Encoder, cost *uint64, bit int) {
	var p uint32
	{
		if m.cfg.Mix2 || m.cfg.SkipBlend || m.cfg.SkipHist != 0 {
			m.encSkipMix2(e, cost, bit)
			return
		}
		if m.cfg.SSE {
			m.encSkipSSE(e, cost, bit)
			return
		}
		// The mixer's five inputs: four counters stretched (as AddP(P()): see encRes) and
		// the bias 256.
		c0, c1, c2 := &m.skipCounters[0][m.skipCtx[0]], &m.skipCounters[1][m.skipCtx[1]], &m.skipCounters[2][m.skipCtx[2]]
		s0 := c0.st()
		s1 := c1.st()
		s2 := c2.st()
		// the skip-flag template's counter (SkipCtx) is the fourth input, 0 without it (its
		// weight then never moves)
		skipCtx := m.cfg.SkipCtx
		var c3 *Counter
		var s3 int32
		if skipCtx {
			c3 = &m.skipCounters[3][m.skipCtx[3]]
			s3 = c3.st()
		}
		// the counter of P against MED (SkipMed) is the sixth, after the bias
		skipMed := m.cfg.SkipMed
		var c5 *Counter
		var s5 int32
		if skipMed {
			c5 = &m.skipMedC[m.skipMedCtx]
			s5 = c5.st()
		}
		w := m.skipSetW()
		dot := int64(s0)*int64(w[0]) + int64(s1)*int64(w[1]) + int64(s2)*int64(w[2]) + int64(s3)*int64(w[3]) + 256*int64(w[4]) + int64(s5)*int64(w[5])
		mixP := Squash(int32(dot >> 16))
		p = clampP(mixP)
		c0.Update(bit, 1023)
		c1.Update(bit, 1023)
		c2.Update(bit, 1023)
		if skipCtx {
			c3.Update(bit, 1023)
		}
		if skipMed {
			c5.Update(bit, 1023)
		}
		err := (int64(bit)<<16 - int64(mixP)) * m.mixRate
		w[0] += int32((int64(s0)*err + 1<<19) >> 20)
		w[1] += int32((int64(s1)*err + 1<<19) >> 20)
		w[2] += int32((int64(s2)*err + 1<<19) >> 20)
		w[3] += int32((int64(s3)*err + 1<<19) >> 20)
		w[4] += int32((256*err + 1<<19) >> 20)
		w[5] += int32((int64(s5)*err + 1<<19) >> 20)
	}
	*cost += arith.BitCost(bit, p)
	bound := (e.Rng >> 16) * p
	keep := uint32(bit) - 1 // 0 for a 1 (the lower part of the range), all ones for a 0
	e.Low += uint64(bound & keep)
	e.Rng = bound ^ (bound^(e.Rng-bound))&keep
	if e.Rng < arith.Top {
		e.Normalize()
	}
}

// encSkipSSE is encSkip's mixed path with secondary estimation.
func (m *PlaneModel) encSkipSSE(e *arith.Encoder, cost *uint64, bit int) {
	var x skipSSEMix
	p := m.skipSSEP(&x)
	bound := (e.Rng >> 16) * p
	keep := uint32(bit) - 1
	e.Low += uint64(bound & keep)
	e.Rng = bound ^ (bound^(e.Rng-bound))&keep
	if e.Rng < arith.Top {
		e.Normalize()
	}
	*cost += arith.BitCost(bit, p)
	m.skipSSELearn(&x, bit)
}

// decSkip decodes the skip flag (SkipP, the coder's step, UpdateSkip), as encSkip codes it.
func (m *PlaneModel) decSkip(d *arith.Decoder, cost *uint64) int {
	if m.skipFast {
		c := &m.skipFastC[m.skipAPMCtx]
		p := clampP(c.P())
		bound := (d.Rng >> 16) * p
		one := uint32((int64(d.Code) - int64(bound)) >> 63) // all ones when code < bound: a 1
		d.Code -= bound &^ one
		d.Rng = bound ^ (bound^(d.Rng-bound))&^one
		d.Normalize()
		bit := int(one & 1)
		if cost != nil {
			*cost += arith.BitCost(bit, p)
		}
		c.Update(bit, 1023)
		return bit
	}
	if !m.skipFull {
		return m.decSkipGeneric(d, cost)
	}
	// The default knob set (skipFull), as encSkip's.
	c0, c1, c2 := &m.skipCounters[0][m.skipCtx[0]], &m.skipCounters[1][m.skipCtx[1]], &m.skipCounters[2][m.skipCtx[2]]
	c3, c5 := &m.skipCounters[3][m.skipCtx[3]], &m.skipMedC[m.skipMedCtx]
	s0 := c0.st()
	s1 := c1.st()
	s2 := c2.st()
	s3 := c3.st()
	s5 := c5.st()
	w := m.skipSetW()
	dot := int64(s0)*int64(w[0]) + int64(s1)*int64(w[1]) + int64(s2)*int64(w[2]) + int64(s3)*int64(w[3]) + 256*int64(w[4]) + int64(s5)*int64(w[5])
	mixP := Squash(int32(dot >> 16))
	p := clampP(mixP)
	bound := (d.Rng >> 16) * p
	one := uint32((int64(d.Code) - int64(bound)) >> 63)
	d.Code -= bound &^ one
	d.Rng = bound ^ (bound^(d.Rng-bound))&^one
	d.Normalize()
	bit := int(one & 1)
	if cost != nil {
		*cost += arith.BitCost(bit, p)
	}
	c0.Update(bit, 1023)
	c1.Update(bit, 1023)
	c2.Update(bit, 1023)
	c3.Update(bit, 1023)
	c5.Update(bit, 1023)
	err := (int64(bit)<<16 - int64(mixP)) * m.mixRate
	w[0] += int32((int64(s0)*err + 1<<19) >> 20)
	w[1] += int32((int64(s1)*err + 1<<19) >> 20)
	w[2] += int32((int64(s2)*err + 1<<19) >> 20)
	w[3] += int32((int64(s3)*err + 1<<19) >> 20)
	w[4] += int32((256*err + 1<<19) >> 20)
	w[5] += int32((int64(s5)*err + 1<<19) >> 20)
	return bit
}

// decSkipGeneric is decSkip's mixed path for any knob set (decSkip's own is the default's).
func (m *PlaneModel) decSkipGeneric(d *arith.Decoder, cost *uint64) int {
	if m.cfg.Mix2 || m.cfg.SkipBlend || m.cfg.SkipHist != 0 {
		return m.decSkipMix2(d, cost)
	}
	if m.cfg.SSE {
		return m.decSkipSSE(d, cost)
	}
	c0, c1, c2 := &m.skipCounters[0][m.skipCtx[0]], &m.skipCounters[1][m.skipCtx[1]], &m.skipCounters[2][m.skipCtx[2]]
	s0 := c0.st()
	s1 := c1.st()
	s2 := c2.st()
	// the skip-flag template's counter (SkipCtx) is the fourth input, 0 without it (its
	// weight then never moves)
	skipCtx := m.cfg.SkipCtx
	var c3 *Counter
	var s3 int32
	if skipCtx {
		c3 = &m.skipCounters[3][m.skipCtx[3]]
		s3 = c3.st()
	}
	// the counter of P against MED (SkipMed) is the sixth, after the bias
	skipMed := m.cfg.SkipMed
	var c5 *Counter
	var s5 int32
	if skipMed {
		c5 = &m.skipMedC[m.skipMedCtx]
		s5 = c5.st()
	}
	w := m.skipSetW()
	dot := int64(s0)*int64(w[0]) + int64(s1)*int64(w[1]) + int64(s2)*int64(w[2]) + int64(s3)*int64(w[3]) + 256*int64(w[4]) + int64(s5)*int64(w[5])
	mixP := Squash(int32(dot >> 16))
	p := clampP(mixP)
	bound := (d.Rng >> 16) * p
	one := uint32((int64(d.Code) - int64(bound)) >> 63)
	d.Code -= bound &^ one
	d.Rng = bound ^ (bound^(d.Rng-bound))&^one
	d.Normalize()
	bit := int(one & 1)
	if cost != nil {
		*cost += arith.BitCost(bit, p)
	}
	c0.Update(bit, 1023)
	c1.Update(bit, 1023)
	c2.Update(bit, 1023)
	if skipCtx {
		c3.Update(bit, 1023)
	}
	if skipMed {
		c5.Update(bit, 1023)
	}
	err := (int64(bit)<<16 - int64(mixP)) * m.mixRate
	w[0] += int32((int64(s0)*err + 1<<19) >> 20)
	w[1] += int32((int64(s1)*err + 1<<19) >> 20)
	w[2] += int32((int64(s2)*err + 1<<19) >> 20)
	w[3] += int32((int64(s3)*err + 1<<19) >> 20)
	w[4] += int32((256*err + 1<<19) >> 20)
	w[5] += int32((int64(s5)*err + 1<<19) >> 20)
	return bit
}

// decSkipSSE is decSkip's mixed path with secondary estimation.
func (m *PlaneModel) decSkipSSE(d *arith.Decoder, cost *uint64) int {
	var x skipSSEMix
	p := m.skipSSEP(&x)
	bound := (d.Rng >> 16) * p
	one := uint32((int64(d.Code) - int64(bound)) >> 63)
	d.Code -= bound &^ one
	d.Rng = bound ^ (bound^(d.Rng-bound))&^one
	d.Normalize()
	bit := int(one & 1)
	if cost != nil {
		*cost += arith.BitCost(bit, p)
	}
	m.skipSSELearn(&x, bit)
	return bit
}

// encRes codes bit as the residual decision of slot (ResP, the coder's step, UpdateRes).
func (m *PlaneModel) encRes(e *arith.Encoder, cost *uint64, slot, bit int) {
	c0 := &m.resRow0[slotPos0[slot]&(resRow0Len-1)]
	var p uint32
	if directSlot(slot) {
		p = clampP(c0.P())
		c0.Update(bit, m.limit)
	} else {
		if !m.resFull {
			m.encResGeneric(e, cost, slot, bit)
			return
		}
		// The mixer's six inputs: the counters stretched (Stretch maps the 0 that Counter.P
		// would raise to 1 to the same value) and the bias 256.
		j := slotPosN[slot] & (resRowNLen - 1)
		c1, c2, c3 := &m.resRowN[0][j], &m.resRowN[1][j], &m.resRowN[2][j]
		s0 := c0.st()
		s1 := c1.st()
		s2 := c2.st()
		s3 := c3.st()
		// The error context's counter (ErrorCtx, on under resFull) is the fifth input.
		c4 := &m.resRowN[3][j]
		s4 := c4.st()
		set := resSetOf(slot, m.rset)
		w := m.resSet(set)
		dot := int64(s0)*int64(w[0]) + int64(s1)*int64(w[1]) + int64(s2)*int64(w[2]) + int64(s3)*int64(w[3]) + int64(s4)*int64(w[4]) + 256*int64(w[5])
		mixP := Squash(int32(dot >> 16))
		p = clampP(mixP)
		lim := m.limit
		c0.Update(bit, lim)
		c1.Update(bit, lim)
		c2.Update(bit, lim)
		c3.Update(bit, lim)
		c4.Update(bit, lim)
		err := (int64(bit)<<16 - int64(mixP)) * m.mixRate
		w[0] += int32((int64(s0)*err + 1<<19) >> 20)
		w[1] += int32((int64(s1)*err + 1<<19) >> 20)
		w[2] += int32((int64(s2)*err + 1<<19) >> 20)
		w[3] += int32((int64(s3)*err + 1<<19) >> 20)
		w[4] += int32((int64(s4)*err + 1<<19) >> 20)
		w[5] += int32((256*err + 1<<19) >> 20)
	}
	*cost += arith.BitCost(bit, p)
	bound := (e.Rng >> 16) * p
	keep := uint32(bit) - 1
	e.Low += uint64(bound & keep)
	e.Rng = bound ^ (bound^(e.Rng-bound))&keep
	if e.Rng < arith.Top {
		e.Normalize()
	}
}

// encResGeneric is encRes's mixed path for any knob set (encRes's own is the default's:
// resFull). Its direct path is encRes's.
func (m *PlaneModel) encResGeneric(e *arith.Encoder, cost *uint64, slot, bit int) {
	c0 := &m.resRow0[slotPos0[slot]&(resRow0Len-1)]
	var p uint32
	if directSlot(slot) {
		p = clampP(c0.P())
		c0.Update(bit, m.limit)
	} else {
		if m.cfg.Mix2 {
			m.encResMix2(e, cost, slot, bit)
			return
		}
		if slot < apmSlots && m.resAPMOn {
			m.encResSSE(e, cost, slot, bit)
			return
		}
		// The mixer's six inputs: the counters stretched (Stretch maps the 0 that Counter.P
		// would raise to 1 to the same value) and the bias 256.
		j := slotPosN[slot] & (resRowNLen - 1)
		c1, c2, c3 := &m.resRowN[0][j], &m.resRowN[1][j], &m.resRowN[2][j]
		s0 := c0.st()
		s1 := c1.st()
		s2 := c2.st()
		s3 := c3.st()
		// The error context's counter (ErrorCtx) is the fifth input, 0 without it (its
		// weight then never moves).
		errCtx := m.cfg.ErrorCtx
		c4 := &m.resRowN[3][j]
		var s4 int32
		if errCtx {
			s4 = c4.st()
		}
		set := resSetOf(slot, m.rset)
		w := m.resSet(set)
		dot := int64(s0)*int64(w[0]) + int64(s1)*int64(w[1]) + int64(s2)*int64(w[2]) + int64(s3)*int64(w[3]) + int64(s4)*int64(w[4]) + 256*int64(w[5])
		mixP := Squash(int32(dot >> 16))
		p = clampP(mixP)
		lim := m.limit
		c0.Update(bit, lim)
		c1.Update(bit, lim)
		c2.Update(bit, lim)
		c3.Update(bit, lim)
		if errCtx {
			c4.Update(bit, lim)
		}
		err := (int64(bit)<<16 - int64(mixP)) * m.mixRate
		w[0] += int32((int64(s0)*err + 1<<19) >> 20)
		w[1] += int32((int64(s1)*err + 1<<19) >> 20)
		w[2] += int32((int64(s2)*err + 1<<19) >> 20)
		w[3] += int32((int64(s3)*err + 1<<19) >> 20)
		w[4] += int32((int64(s4)*err + 1<<19) >> 20)
		w[5] += int32((256*err + 1<<19) >> 20)
	}
	*cost += arith.BitCost(bit, p)
	bound := (e.Rng >> 16) * p
	keep := uint32(bit) - 1
	e.Low += uint64(bound & keep)
	e.Rng = bound ^ (bound^(e.Rng-bound))&keep
	if e.Rng < arith.Top {
		e.Normalize()
	}
}

// encResSSE is encRes's mixed path with secondary estimation (slot < apmSlots).
func (m *PlaneModel) encResSSE(e *arith.Encoder, cost *uint64, slot, bit int) {
	c0 := &m.resRow0[slotPos0[slot]&(resRow0Len-1)]
	j := slotPosN[slot] & (resRowNLen - 1)
	c1, c2, c3 := &m.resRowN[0][j], &m.resRowN[1][j], &m.resRowN[2][j]
	s0 := c0.st()
	s1 := c1.st()
	s2 := c2.st()
	s3 := c3.st()
	errCtx := m.cfg.ErrorCtx
	c4 := &m.resRowN[3][j]
	var s4 int32
	if errCtx {
		s4 = c4.st()
	}
	set := resSetOf(slot, m.rset)
	w := m.resSet(set)
	dot := int64(s0)*int64(w[0]) + int64(s1)*int64(w[1]) + int64(s2)*int64(w[2]) + int64(s3)*int64(w[3]) + int64(s4)*int64(w[4]) + 256*int64(w[5])
	mixP := Squash(int32(dot >> 16))
	a := m.resAPM.P(mixP, slot*m.apmMul+m.apmSub)
	p := clampP((mixP + 3*a) >> 2)
	bound := (e.Rng >> 16) * p
	keep := uint32(bit) - 1
	e.Low += uint64(bound & keep)
	e.Rng = bound ^ (bound^(e.Rng-bound))&keep
	if e.Rng < arith.Top {
		e.Normalize()
	}
	*cost += arith.BitCost(bit, p)
	lim := m.limit
	c0.Update(bit, lim)
	c1.Update(bit, lim)
	c2.Update(bit, lim)
	c3.Update(bit, lim)
	if errCtx {
		c4.Update(bit, lim)
	}
	err := (int64(bit)<<16 - int64(mixP)) * m.mixRate
	w[0] += int32((int64(s0)*err + 1<<19) >> 20)
	w[1] += int32((int64(s1)*err + 1<<19) >> 20)
	w[2] += int32((int64(s2)*err + 1<<19) >> 20)
	w[3] += int32((int64(s3)*err + 1<<19) >> 20)
	w[4] += int32((int64(s4)*err + 1<<19) >> 20)
	w[5] += int32((256*err + 1<<19) >> 20)
	m.resAPM.Update(bit)
}

// decRes decodes the residual decision of slot (ResP, the coder's step, UpdateRes).
func (m *PlaneModel) decRes(d *arith.Decoder, cost *uint64, slot int) int {
	c0 := &m.resRow0[slotPos0[slot]&(resRow0Len-1)]
	if directSlot(slot) {
		p := clampP(c0.P())
		bound := (d.Rng >> 16) * p
		one := uint32((int64(d.Code) - int64(bound)) >> 63)
		d.Code -= bound &^ one
		d.Rng = bound ^ (bound^(d.Rng-bound))&^one
		d.Normalize()
		bit := int(one & 1)
		if cost != nil {
			*cost += arith.BitCost(bit, p)
		}
		c0.Update(bit, m.limit)
		return bit
	}
	if !m.resFull {
		return m.decResGeneric(d, cost, slot)
	}
	j := slotPosN[slot] & (resRowNLen - 1)
	c1, c2, c3 := &m.resRowN[0][j], &m.resRowN[1][j], &m.resRowN[2][j]
	s0 := c0.st()
	s1 := c1.st()
	s2 := c2.st()
	s3 := c3.st()
	// The error context's counter (ErrorCtx, on under resFull) is the fifth input.
	c4 := &m.resRowN[3][j]
	s4 := c4.st()
	set := resSetOf(slot, m.rset)
	w := m.resSet(set)
	dot := int64(s0)*int64(w[0]) + int64(s1)*int64(w[1]) + int64(s2)*int64(w[2]) + int64(s3)*int64(w[3]) + int64(s4)*int64(w[4]) + 256*int64(w[5])
	mixP := Squash(int32(dot >> 16))
	p := clampP(mixP)
	bound := (d.Rng >> 16) * p
	one := uint32((int64(d.Code) - int64(bound)) >> 63)
	d.Code -= bound &^ one
	d.Rng = bound ^ (bound^(d.Rng-bound))&^one
	d.Normalize()
	bit := int(one & 1)
	if cost != nil {
		*cost += arith.BitCost(bit, p)
	}
	lim := m.limit
	c0.Update(bit, lim)
	c1.Update(bit, lim)
	c2.Update(bit, lim)
	c3.Update(bit, lim)
	c4.Update(bit, lim)
	err := (int64(bit)<<16 - int64(mixP)) * m.mixRate
	w[0] += int32((int64(s0)*err + 1<<19) >> 20)
	w[1] += int32((int64(s1)*err + 1<<19) >> 20)
	w[2] += int32((int64(s2)*err + 1<<19) >> 20)
	w[3] += int32((int64(s3)*err + 1<<19) >> 20)
	w[4] += int32((int64(s4)*err + 1<<19) >> 20)
	w[5] += int32((256*err + 1<<19) >> 20)
	return bit
}

// decResGeneric is decRes's mixed path for any knob set (decRes's own is the default's:
// resFull). Its direct path is decRes's.
func (m *PlaneModel) decResGeneric(d *arith.Decoder, cost *uint64, slot int) int {
	c0 := &m.resRow0[slotPos0[slot]&(resRow0Len-1)]
	if directSlot(slot) {
		p := clampP(c0.P())
		bound := (d.Rng >> 16) * p
		one := uint32((int64(d.Code) - int64(bound)) >> 63)
		d.Code -= bound &^ one
		d.Rng = bound ^ (bound^(d.Rng-bound))&^one
		d.Normalize()
		bit := int(one & 1)
		if cost != nil {
			*cost += arith.BitCost(bit, p)
		}
		c0.Update(bit, m.limit)
		return bit
	}
	if m.cfg.Mix2 {
		return m.decResMix2(d, cost, slot)
	}
	if slot < apmSlots && m.resAPMOn {
		return m.decResSSE(d, cost, slot)
	}
	j := slotPosN[slot] & (resRowNLen - 1)
	c1, c2, c3 := &m.resRowN[0][j], &m.resRowN[1][j], &m.resRowN[2][j]
	s0 := c0.st()
	s1 := c1.st()
	s2 := c2.st()
	s3 := c3.st()
	// The error context's counter (ErrorCtx) is the fifth input, 0 without it (its weight
	// then never moves).
	errCtx := m.cfg.ErrorCtx
	c4 := &m.resRowN[3][j]
	var s4 int32
	if errCtx {
		s4 = c4.st()
	}
	set := resSetOf(slot, m.rset)
	w := m.resSet(set)
	dot := int64(s0)*int64(w[0]) + int64(s1)*int64(w[1]) + int64(s2)*int64(w[2]) + int64(s3)*int64(w[3]) + int64(s4)*int64(w[4]) + 256*int64(w[5])
	mixP := Squash(int32(dot >> 16))
	p := clampP(mixP)
	bound := (d.Rng >> 16) * p
	one := uint32((int64(d.Code) - int64(bound)) >> 63)
	d.Code -= bound &^ one
	d.Rng = bound ^ (bound^(d.Rng-bound))&^one
	d.Normalize()
	bit := int(one & 1)
	if cost != nil {
		*cost += arith.BitCost(bit, p)
	}
	lim := m.limit
	c0.Update(bit, lim)
	c1.Update(bit, lim)
	c2.Update(bit, lim)
	c3.Update(bit, lim)
	if errCtx {
		c4.Update(bit, lim)
	}
	err := (int64(bit)<<16 - int64(mixP)) * m.mixRate
	w[0] += int32((int64(s0)*err + 1<<19) >> 20)
	w[1] += int32((int64(s1)*err + 1<<19) >> 20)
	w[2] += int32((int64(s2)*err + 1<<19) >> 20)
	w[3] += int32((int64(s3)*err + 1<<19) >> 20)
	w[4] += int32((int64(s4)*err + 1<<19) >> 20)
	w[5] += int32((256*err + 1<<19) >> 20)
	return bit
}

// decResSSE is decRes's mixed path with secondary estimation (slot < apmSlots).
func (m *PlaneModel) decResSSE(d *arith.Decoder, cost *uint64, slot int) int {
	c0 := &m.resRow0[slotPos0[slot]&(resRow0Len-1)]
	j := slotPosN[slot] & (resRowNLen - 1)
	c1, c2, c3 := &m.resRowN[0][j], &m.resRowN[1][j], &m.resRowN[2][j]
	s0 := c0.st()
	s1 := c1.st()
	s2 := c2.st()
	s3 := c3.st()
	errCtx := m.cfg.ErrorCtx
	c4 := &m.resRowN[3][j]
	var s4 int32
	if errCtx {
		s4 = c4.st()
	}
	set := resSetOf(slot, m.rset)
	w := m.resSet(set)
	dot := int64(s0)*int64(w[0]) + int64(s1)*int64(w[1]) + int64(s2)*int64(w[2]) + int64(s3)*int64(w[3]) + int64(s4)*int64(w[4]) + 256*int64(w[5])
	mixP := Squash(int32(dot >> 16))
	a := m.resAPM.P(mixP, slot*m.apmMul+m.apmSub)
	p := clampP((mixP + 3*a) >> 2)
	bound := (d.Rng >> 16) * p
	one := uint32((int64(d.Code) - int64(bound)) >> 63)
	d.Code -= bound &^ one
	d.Rng = bound ^ (bound^(d.Rng-bound))&^one
	d.Normalize()
	bit := int(one & 1)
	if cost != nil {
		*cost += arith.BitCost(bit, p)
	}
	lim := m.limit
	c0.Update(bit, lim)
	c1.Update(bit, lim)
	c2.Update(bit, lim)
	c3.Update(bit, lim)
	if errCtx {
		c4.Update(bit, lim)
	}
	err := (int64(bit)<<16 - int64(mixP)) * m.mixRate
	w[0] += int32((int64(s0)*err + 1<<19) >> 20)
	w[1] += int32((int64(s1)*err + 1<<19) >> 20)
	w[2] += int32((int64(s2)*err + 1<<19) >> 20)
	w[3] += int32((int64(s3)*err + 1<<19) >> 20)
	w[4] += int32((int64(s4)*err + 1<<19) >> 20)
	w[5] += int32((256*err + 1<<19) >> 20)
	m.resAPM.Update(bit)
	return bit
}

// resSetOf is the residual mixer's weight set of the mixed slot slot under rset (below 16):
// rset·32 + slotPosN[slot], below resSets. One sample's decisions share its rset, so their
// sets lie side by side in the order of the counters' rows (zero, sign, the first exponents,
// the mantissas' top bits): the hot ones in three cache lines, where slot·16 + rset put each
// decision's set 384 bytes from the last (Eighteenth round, docs/ARCHITECTURE.md).
func resSetOf(slot, rset int) int {
	return rset*resRowNLen + int(slotPosN[slot]&(resRowNLen-1))
}

// resSet is weight set set of the residual's mixer, &m.resW[set] as one pointer (the compiler
// otherwise computes the row's address again for each weight). set = resSetOf(slot, rset) is
// below resSets for every slot the sample loops code.
func (m *PlaneModel) resSet(set int) *[resInputs]int32 {
	return (*[resInputs]int32)(unsafe.Add(unsafe.Pointer(m.resW), uintptr(set)*resInputs*4))
}

// skipSetW is the skip mixer's weight set of the current sample, &m.skipW[m.skipSet] as one
// pointer (skipSet = popcount·3 + reference flag, × 16 + activity·4 + |P − MED| level with
// SkipMed, is below skipSets).
func (m *PlaneModel) skipSetW() *[skipInputs]int32 {
	return (*[skipInputs]int32)(unsafe.Add(unsafe.Pointer(m.skipW), uintptr(m.skipSet)*skipInputs*4))
}

// skipSSEMix is one skip decision of the SSE path (encSkipSSE, decSkipSSE): its mixer's
// inputs (the counters, nil for the bias and an input that is off, and their stretched
// probabilities), the weight set and the mixer's probability. The default path (encSkip,
// decSkip) writes the same steps out, since Go would not inline them there.
type skipSSEMix struct {
	c    [skipInputs]*Counter
	s    [skipInputs]int32
	w    *[skipInputs]int32
	mixP uint32
}

// skipSSEP fills x for the current sample and returns the coded probability: the mixer's
// (three counters, SkipCtx's as the fourth input, the bias 256 as the fifth, SkipMed's
// counter as the sixth; an input that is off stays 0) averaged with the skip APM's, 1:3.
func (m *PlaneModel) skipSSEP(x *skipSSEMix) uint32 {
	x.c[0], x.c[1], x.c[2] = &m.skipCounters[0][m.skipCtx[0]], &m.skipCounters[1][m.skipCtx[1]], &m.skipCounters[2][m.skipCtx[2]]
	if m.cfg.SkipCtx {
		x.c[3] = &m.skipCounters[3][m.skipCtx[3]]
	}
	if m.cfg.SkipMed {
		x.c[5] = &m.skipMedC[m.skipMedCtx]
	}
	x.w = m.skipSetW()
	var dot int64
	for i, c := range x.c {
		switch {
		case c != nil:
			x.s[i] = Stretch(uint32(*c) >> 16)
		case i == 4:
			x.s[i] = 256 // the bias
		}
		dot += int64(x.s[i]) * int64(x.w[i])
	}
	x.mixP = Squash(int32(dot >> 16))
	a := m.skipAPM.P(x.mixP, m.skipAPMCtx)
	return clampP((x.mixP + 3*a) >> 2)
}

// skipSSELearn updates x's counters, weights and the skip APM with the coded bit.
func (m *PlaneModel) skipSSELearn(x *skipSSEMix, bit int) {
	err := (int64(bit)<<16 - int64(x.mixP)) * m.mixRate
	for i, c := range x.c {
		if c != nil {
			c.Update(bit, 1023)
		}
		x.w[i] += int32((int64(x.s[i])*err + 1<<19) >> 20)
	}
	m.skipAPM.Update(bit)
}
