package predict

import (
	"math"
	"math/bits"
	"slices"
)

// Value contexts (sensor model 4). A residual's binary decisions (zero, sign, exponent,
// mantissa bits) each split the values still possible in two: the value lies at or beyond
// some point, or before it. A column whose values the predictors cannot foretell (events in
// time order whose places recur, a temperature that is the mean of two others) still has a
// distribution of values: model 4 keys counters by where that split lies in value space (the
// point, at the resolution of the decision, as MixedResidual.P4's caller gives it) so that,
// decision after decision from the coarse to the fine, they learn an adaptive histogram of
// the column's values, alone and given the column's last value and the values coded to its
// left in the row. The counters live in one hashed table per stream (ValueContexts), shared
// by every column under a per-model salt, so memory does not grow with the columns.

// ValueCtxBits is the log2 of the counters in a stream's value-context table.
const ValueCtxBits = 22

// ValueContexts is a stream's table of value-context counters.
type ValueContexts struct {
	t []Counter
}

// NewValueContexts returns a table with every counter at 1/2.
// It reuses a table that ReleaseValueContexts gave back if there is one (every counter is
// set to 1/2 again, as in a new table).
func NewValueContexts() *ValueContexts {
	v := valueCtxFree.get()
	if v == nil {
		v = &ValueContexts{t: make([]Counter, 1<<ValueCtxBits)}
		// In huge pages: reset writes the whole table at once, so they add nothing to its
		// memory and save 4,088 of its 4,096 page faults (issue 12, the sixteenth round).
		hugePages(v.t)
	}
	v.reset()
	return v
}

// reset sets every counter of v to 1/2, as in a new table.
func (v *ValueContexts) reset() { initCounters(v.t) }

// valueCtxFree holds the 16 MB tables given back by ReleaseValueContexts.
var valueCtxFree freeList[ValueContexts]

// ReleaseValueContexts gives v back for NewValueContexts to reuse. The caller must hold no
// other reference to v (nil is ignored).
func ReleaseValueContexts(v *ValueContexts) {
	if v != nil {
		valueCtxFree.put(v)
	}
}

// The value contexts' inputs and the model-4 mixer.
const (
	valueInputs   = 4
	relInputs     = 2 // sensor model 9: the split's place relative to the row's values to the left
	jointInputs   = 2 // sensor model 12: the split's place given a partner column's value, fine and coarse
	mixedInputs4  = mixedInputs + valueInputs + relInputs + jointInputs
	mixedSets4    = 7 * 3 // decision class (zero, sign, exp 0, exp 1, exp 2+, mantissa e≤3, larger) × last residual's size
	mantMixed4    = 12    // model 4 mixes the first 12 mantissa bits of larger magnitudes too
	valueCtxShift = 64 - ValueCtxBits
)

// hashValue mixes v into h (a multiply-xorshift step).
func hashValue(h, v uint64) uint64 {
	h = (h ^ v) * 0x9E3779B97F4A7C15
	return h ^ h>>29
}

// valueBucket quantises a value to its sign, bit length and top 6 bits (small values exact).
func valueBucket(v int64) uint64 {
	a := absU(v)
	l := bits.Len64(a)
	if l > 6 {
		a >>= uint(l - 6)
	}
	s := uint64(0)
	if v < 0 {
		s = 1
	}
	return uint64(l)<<8 | a<<1 | s
}

// SetValueContexts makes m a model-4 residual model whose value contexts live in vc, under
// salt (which must differ between the models sharing vc).
func (m *MixedResidual) SetValueContexts(vc *ValueContexts, salt uint64) {
	m.vc, m.salt = vc, hashValue(0x5851F42D4C957F2D, salt)
	for i := range m.w4 {
		for j := range m.w4[i] {
			m.w4[i][j] = 1 << 14
		}
	}
}

// HasValueContexts reports whether SetValueContexts was called.
func (m *MixedResidual) HasValueContexts() bool { return m.vc != nil }

// BeginValues sets, after Begin, the value contexts' conditions for the next residual: the
// series' last value (in the residual's units) and the values of the last two numbers coded
// before it in the row (n of them known: 0, 1 or 2), and what else is known of the value
// (known: the decade and sign of a number's digits).
func (m *MixedResidual) BeginValues(last, left, left2 int64, n int, known uint64) {
	m.key0 = hashValue(m.salt, known)
	m.nrel = 0
	m.joint = false
	q := uint(bits.Len64(m.avg16 >> 4))
	m.q = q
	m.kLast = hashValue(1, uint64(last>>q))
	m.kLeft, m.kLeft2 = 2, 3
	if n >= 1 {
		m.kLeft = hashValue(m.kLeft, valueBucket(left))
	}
	if n >= 2 {
		m.kLeft2 = hashValue(hashValue(m.kLeft, 4), valueBucket(left2))
	}
}

// Q is the resolution (a shift) of the zero and sign decisions' value point.
func (m *MixedResidual) Q() uint { return m.q }

// P4 returns, under model 4, the probability (16-bit) that decision node is 1, given the
// point in value space the decision splits at (at) and its resolution (the shift w), with
// neg the residual's sign where known (exponent and mantissa decisions). mant (for mantissa
// bits of magnitudes of exponent 4 or more) is the bit's index below the leading one; such
// a node has no fixed-context counters of its own besides Mant. Update4 must follow.
func (m *MixedResidual) P4(node int, at int64, w uint, neg int, de, mant int) uint32 {
	m.node, m.de, m.mk = node, de, mant
	key := hashValue(m.key0, uint64(node)<<8|uint64(w)<<1|uint64(neg))
	key = hashValue(key, uint64(at>>w))
	m.vi[0] = uint32(key >> valueCtxShift)
	m.vi[1] = uint32(hashValue(key, m.kLast) >> valueCtxShift)
	m.vi[2] = uint32(hashValue(key, m.kLeft) >> valueCtxShift)
	m.vi[3] = uint32(hashValue(key, m.kLeft2) >> valueCtxShift)
	x := &m.x4
	t := m.vc.t
	x[6] = t[m.vi[0]].st()
	x[7] = t[m.vi[1]].st()
	x[8] = t[m.vi[2]].st()
	x[9] = t[m.vi[3]].st()
	if m.nrel > 0 {
		m.relP4(node, at, w, neg)
	} else {
		x[10], x[11] = 0, 0
	}
	nx := mixedInputs4 - jointInputs
	if m.joint {
		m.jointP4(key)
		nx = mixedInputs4
	}
	m.nx = nx
	x[5] = 256
	var class int
	if mant >= 0 {
		x[0] = m.Mant[de][min(mant, residualMantCtx-1)].st()
		x[1], x[2], x[3], x[4] = 0, 0, 0, 0
		class = 6
	} else {
		mi := mixedIndex(node)
		x[0] = m.t1[m.c1][node].st()
		if mi >= 0 {
			x[1] = m.t2[m.c2][mi].st()
			x[2] = m.t3[m.c3][mi].st()
			x[3] = m.t4[m.c4][mi].st()
			x[4] = m.t5[m.c5][mi].st()
		} else {
			x[1], x[2], x[3], x[4] = 0, 0, 0, 0
		}
		class = min(node, 4)
		if node >= NodeMant {
			class = 5
		}
	}
	set := class*3 + m.h3
	m.set = set
	wt := &m.w4[set]
	var dot int64
	for i := range x[:nx] {
		dot += int64(x[i]) * int64(wt[i])
	}
	if m.mix2 {
		s2 := min(node, allNodes-1)
		if mant >= 0 {
			s2 = allNodes + min(mant, mantMixed4-1)
		}
		m.set2 = s2
		w2 := &m.w8[s2]
		var dot2 int64
		for i := range x[:nx] {
			dot2 += int64(x[i]) * int64(w2[i])
		}
		d1 := int32(min(max(dot>>16, -StretchMax), StretchMax))
		d2 := int32(min(max(dot2>>16, -StretchMax), StretchMax))
		m.dot1, m.dot2 = d1, d2
		m.pr1, m.pr2 = Squash(d1), Squash(d2)
		d := (d1 + d2) >> 1
		m.pr = Squash(d)
		return m.refineD(d, s2)
	}
	m.pr = Squash(int32(dot >> 16))
	return max(32, min(m.pr, 65535-32))
}

// Update4 learns the coded bit of the last P4's decision.
func (m *MixedResidual) Update4(bit, limit int) {
	n := m.node
	if m.mk >= 0 {
		m.Mant[m.de][min(m.mk, residualMantCtx-1)].Update(bit, limit)
	} else {
		m.t1[m.c1][n].Update(bit, limit)
		if mi := mixedIndex(n); mi >= 0 {
			m.t2[m.c2][mi].Update(bit, limit)
			m.t3[m.c3][mi].Update(bit, limit)
			m.t4[m.c4][mi].Update(bit, limit)
			m.t5[m.c5][mi].Update(bit, limit)
		}
	}
	t := m.vc.t
	for _, i := range m.vi[:valueInputs+m.nrel] {
		t[i].Update(bit, limit)
	}
	if m.joint {
		t[m.vi[6]].Update(bit, limit)
		t[m.vi[7]].Update(bit, limit)
	}
	if m.apmOn {
		m.apm.Update(bit)
		m.apmOn = false
	}
	if m.mix2 {
		m.trainTwoSets(bit, m.w4[m.set][:], m.x4[:m.nx])
		return
	}
	err := (int64(bit)<<16 - int64(m.pr)) * mixedRate
	w := &m.w4[m.set]
	for i, x := range m.x4[:m.nx] {
		w[i] += int32((int64(x)*err + 1<<19) >> 20)
	}
}

// mix2Sets is the number of weight sets of the second mixer (sensor model 8): one per node
// (zero, sign, exponent and the mantissa nodes of small magnitudes), then one per mantissa
// bit index of larger magnitudes (P4 only; P uses the node's mixed row).
const mix2Sets = allNodes + mantMixed4

// SetMix2 turns sensor model 8's second weight set on or off: P and P4 then mix the same
// inputs twice, once with the weight set of the decision's class (as before) and once with
// the set of its node, each learning from its own output's error, take the mean of the two
// in the stretched domain (what paq-style coders do with several weight sets), and refine it
// by an APM in the context of the node (refineD).
// Call it before the model codes its first decision.
func (m *MixedResidual) SetMix2(on bool) {
	m.mix2 = on
	m.apm = nil
	if on {
		m.apm = NewAPM(mix2Sets, 7)
	}
	for i := range m.w8 {
		for j := range m.w8[i] {
			m.w8[i][j] = 1 << 14
		}
	}
}

// MantMixed4 is how many mantissa bits of a magnitude of exponent 4 or more model 4 mixes.
const MantMixed4 = mantMixed4

// ValueCandidate tells, on the encoder's side, whether a column's digits might gain from
// the value contexts (vc) and whether they might be better coded directly (direct: from the
// bottom of their decade, the value contexts learning their distribution) than as residuals
// from the prediction, for the encoder to try. It compares the order-0 entropy of the
// column's values, cut into about 256 buckets of its range, with that of its changes from
// row to row in buckets of the same width: a smooth signal's changes are far cheaper than
// its values (vc: less than 3 bits cheaper; direct: less than 1.5). x holds the column's
// values by row, res ≥ 0 marking the rows where it holds a number.
func ValueCandidate(x []int64, res []int8) (vc, direct bool) {
	var v, d []int64
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	prev, has := int64(0), false
	for r, xv := range x {
		if res[r] < 0 {
			has = false
			continue
		}
		v = append(v, xv)
		lo, hi = min(lo, xv), max(hi, xv)
		if has {
			d = append(d, xv-prev)
		}
		prev, has = xv, true
	}
	if len(v) < 64 || len(d) < 64 || hi-lo > 1<<60 {
		return false, false
	}
	s := uint(bits.Len64(uint64(hi-lo) / 256))
	for i := range v {
		v[i] >>= s
	}
	for i := range d {
		d[i] >>= s
	}
	hv, hd := entropy0(v), entropy0(d)
	return hv < hd+3, hv < hd+1.5
}

// entropy0 is the order-0 entropy, in bits per value, of xs (which it sorts).
func entropy0(xs []int64) float64 {
	slices.Sort(xs)
	h, n := 0.0, float64(len(xs))
	for i := 0; i < len(xs); {
		j := i
		for j < len(xs) && xs[j] == xs[i] {
			j++
		}
		p := float64(j-i) / n
		h -= p * math.Log2(p)
		i = j
	}
	return h
}

// refineD is model 8's last step: the mixers' mean pr, refined by the APM in the context of
// the decision's node (ctx < mix2Sets), weighted 1:3, clamped as the mixers' output is. The
// mixers learn from their own outputs, the APM from the bit (Update, Update4).
// m.pr is Squash(d), d in [−StretchMax, StretchMax]: the APM's input is stretched by one
// lookup by d (squashStretch) rather than by a second lookup that waits for the first.
func (m *MixedResidual) refineD(d int32, ctx int) uint32 {
	m.apmOn = true
	pa := m.apm.pStretched(int32(squashStretch[d+StretchMax]), ctx)
	return max(32, min((m.pr+3*pa)>>2, 65535-32))
}
