package predict

import (
	"unsafe"

	"github.com/vidlm/vidlm/internal/arith"
)

// The residual mixer's second weight set (VideoConfig.Mix2): besides the set chosen by the
// decision and the coarse activity, a second set chosen by the decision, the temporal activity
// and the spatial gradient (qt·8 + qg, the fourth context's first coordinates) weighs the same
// six inputs; the two dot products are averaged in the stretched domain and each set learns from
// its own output, as sensor model 8's mixers do (MODEL.md). The skip flag's mixer gets a
// second set the same way (skipSet2: position in the block × block so far × block above ×
// reference flag), written out in encSkip and its kin, and here for SkipP and UpdateSkip.
// encRes and decRes have the residual's second set written out too; the functions here serve
// ResP and UpdateRes, and encRes and decRes under SSE.

// resMix2Sets is the second weight set's count: numSlots × 16 error buckets.
const resMix2Sets = numSlots * 64

// resSet2 is the second weight set of slot for the current sample: the sets of one context
// lie together (a sample's decisions read one stretch of memory).
func (m *PlaneModel) resSet2(slot int) *[resInputs]int32 {
	set := m.q2*numSlots + slot
	return (*[resInputs]int32)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(m.resW2)), uintptr(set)*resInputs*4))
}

// mix2P returns the mixed probability of slot (not a direct slot) from both weight sets,
// and leaves in m.mix2 what the update needs.
func (m *PlaneModel) mix2P(slot int) uint32 {
	c0 := &m.resRow0[slotPos0[slot]&(resRow0Len-1)]
	j := slotPosN[slot] & (resRowNLen - 1)
	st := &m.mix2
	st.in[0] = c0.st()
	st.in[1] = Stretch(uint32(m.resRowN[0][j]) >> 16)
	st.in[2] = Stretch(uint32(m.resRowN[1][j]) >> 16)
	st.in[3] = Stretch(uint32(m.resRowN[2][j]) >> 16)
	st.in[4] = 0
	if m.cfg.ErrorCtx {
		st.in[4] = Stretch(uint32(m.resRowN[3][j]) >> 16)
	}
	st.in[5] = 256
	w1, w2 := m.resSet(resSetOf(slot, m.rset)), m.resSet2(slot)
	var d1, d2 int64
	for k, x := range st.in {
		d1 += int64(x) * int64(w1[k])
		d2 += int64(x) * int64(w2[k])
	}
	st.w1, st.w2 = w1, w2
	st.p1, st.p2 = Squash(int32(d1>>16)), Squash(int32(d2>>16))
	p := Squash(int32((d1 + d2) >> 17))
	st.slot = slot
	if slot < apmSlots && m.resAPMOn {
		a := m.resAPM.P(p, slot*m.apmMul+m.apmSub)
		p = (p + 3*a) >> 2
	}
	return clampP(p)
}

// mix2Update trains the counters, both weight sets (and the APM) on the decision mix2P
// predicted.
func (m *PlaneModel) mix2Update(bit int) {
	st := &m.mix2
	slot := st.slot
	lim := m.limit
	m.resRow0[slotPos0[slot]&(resRow0Len-1)].Update(bit, lim)
	j := slotPosN[slot] & (resRowNLen - 1)
	m.resRowN[0][j].Update(bit, lim)
	m.resRowN[1][j].Update(bit, lim)
	m.resRowN[2][j].Update(bit, lim)
	if m.cfg.ErrorCtx {
		m.resRowN[3][j].Update(bit, lim)
	}
	e1 := (int64(bit)<<16 - int64(st.p1)) * m.mixRate
	e2 := (int64(bit)<<16 - int64(st.p2)) * m.mixRate
	w1, w2 := st.w1, st.w2
	for k, x := range st.in {
		w1[k] += int32((int64(x)*e1 + 1<<19) >> 20)
		w2[k] += int32((int64(x)*e2 + 1<<19) >> 20)
	}
	if slot < apmSlots && m.resAPMOn {
		m.resAPM.Update(bit)
	}
}

// mix2State is the second weight set's state between mix2P and mix2Update.
type mix2State struct {
	in     [resInputs]int32
	w1, w2 *[resInputs]int32
	p1, p2 uint32
	slot   int
}

// encResMix2 is encRes's mixed path under Mix2.
func (m *PlaneModel) encResMix2(e *arith.Encoder, cost *uint64, slot, bit int) {
	p := m.mix2P(slot)
	m.mix2Update(bit)
	*cost += arith.BitCost(bit, p)
	bound := (e.Rng >> 16) * p
	keep := uint32(bit) - 1
	e.Low += uint64(bound & keep)
	e.Rng = bound ^ (bound^(e.Rng-bound))&keep
	if e.Rng < arith.Top {
		e.Normalize()
	}
}

// decResMix2 is decRes's mixed path under Mix2.
func (m *PlaneModel) decResMix2(d *arith.Decoder, cost *uint64, slot int) int {
	p := m.mix2P(slot)
	bound := (d.Rng >> 16) * p
	one := uint32((int64(d.Code) - int64(bound)) >> 63)
	d.Code -= bound &^ one
	d.Rng = bound ^ (bound^(d.Rng-bound))&^one
	d.Normalize()
	bit := int(one & 1)
	if cost != nil {
		*cost += arith.BitCost(bit, p)
	}
	m.mix2Update(bit)
	return bit
}

// skip2State is the skip mixer's second weight set's state between SkipP and UpdateSkip.
type skip2State struct {
	w2 []int32 // skipMix.n weights
	p2 uint32
}

// skip2Mix returns, for SkipP, the mean in the stretched domain of the skip mixer's output p1
// (its inputs still in skipMix) and the second weight set's (Mix2), as encSkip computes it.
func (m *PlaneModel) skip2Mix(p1 uint32) uint32 {
	in := &m.skipMix.inputs
	n := m.skipMix.n
	w1, w2 := m.skipMix.weights[m.skipSet*n:][:n], m.skipW2[m.skipSet2*m.skip2Stride:][:n]
	var d1, d2 int64
	for k := range n {
		d1 += int64(in[k]) * int64(w1[k])
		d2 += int64(in[k]) * int64(w2[k])
	}
	m.skip2.w2, m.skip2.p2 = w2, Squash(int32(d2>>16))
	return Squash(int32((d1 + d2) >> 17))
}

// skip2Update trains the skip mixer's second weight set (UpdateSkip, before skipMix.Update
// clears the inputs).
func (m *PlaneModel) skip2Update(bit int) {
	in := &m.skipMix.inputs
	e2 := (int64(bit)<<16 - int64(m.skip2.p2)) * m.mixRate
	for k := range m.skipMix.n {
		m.skip2.w2[k] += int32((int64(in[k])*e2 + 1<<19) >> 20)
	}
}

// encSkipMix2 is encSkip's mixed path under Mix2 (with or without SSE), through SkipP and
// UpdateSkip.
func (m *PlaneModel) encSkipMix2(e *arith.Encoder, cost *uint64, bit int) {
	p := m.SkipP()
	m.UpdateSkip(bit)
	*cost += arith.BitCost(bit, p)
	bound := (e.Rng >> 16) * p
	keep := uint32(bit) - 1
	e.Low += uint64(bound & keep)
	e.Rng = bound ^ (bound^(e.Rng-bound))&keep
	if e.Rng < arith.Top {
		e.Normalize()
	}
}

// decSkipMix2 is decSkip's mixed path under Mix2.
func (m *PlaneModel) decSkipMix2(d *arith.Decoder, cost *uint64) int {
	p := m.SkipP()
	bound := (d.Rng >> 16) * p
	one := uint32((int64(d.Code) - int64(bound)) >> 63)
	d.Code -= bound &^ one
	d.Rng = bound ^ (bound^(d.Rng-bound))&^one
	d.Normalize()
	bit := int(one & 1)
	if cost != nil {
		*cost += arith.BitCost(bit, p)
	}
	m.UpdateSkip(bit)
	return bit
}
