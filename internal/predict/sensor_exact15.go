package predict

import "sync"

// Sensor model 15 (branch bio15; FORMAT.md 12.8.10): the exact prediction's input of the
// mixed residual (MixedResidual), for noisy signals. A seventh input of P's two mixers: a
// counter in a hashed table of 2^16 per model, keyed by the prediction (in the residual's
// units, exact), the decision's node and, after the sign, the residual's sign. Where a
// signal's codes are unequal (an ADC whose levels are not evenly used, a signal on few
// levels, codes rescaled from fewer bits), the distribution of the next value around each
// prediction is its own; model 3's t4 (the prediction's low 8 bits) aliases 4,096 codes
// onto 256 and knows no sign. Its weights start at 0 in both mixers (the first by the
// decision's class, the second by its node) and learn as model 12's sixth input's do.

const exact15Bits = 16 // log2 of the exact prediction's counters per model

// exact15 is a MixedResidual's model-15 state (SetModel15).
type exact15 struct {
	t7  [1 << exact15Bits]Counter
	k7  uint64 // the prediction's key (Begin)
	neg int    // the residual's sign once coded (0 before)
	i7  uint32
	x7  int32
	w7  [mixedSets]int32
	w87 [mix2Sets]int32
	on7 bool // a P query of it awaits its update
}

// SetModel15 turns sensor model 15's input on (after SetMix2 on: it joins both mixers) or
// off. Its state (0.25 MB) is made at the first Begin: a model that codes nothing costs
// nothing; turned off, the model drops it.
func (m *MixedResidual) SetModel15(on bool) {
	m.want15 = on && m.mix2
	if !m.want15 {
		m.s15 = nil
	}
}

// SetModel15 turns model 15's additions on or off for the column's mixed residual models,
// those it has and those it makes later.
func (c *SensorColumn) SetModel15(on bool) {
	c.model15 = on
	for _, m := range []*MixedResidual{c.valueX, c.latValueX, c.latKX} {
		if m != nil {
			m.SetModel15(on)
		}
	}
}

// exact15Template is a fresh exact15, made once.
var exact15Template = sync.OnceValue(func() *exact15 {
	s := &exact15{}
	initCounters(s.t7[:])
	return s
})

// newExact15 returns a fresh exact15 (a copy of the template).
func newExact15() *exact15 {
	s := new(exact15)
	*s = *exact15Template()
	return s
}

// begin sets the input's key for the next residual (Begin).
func (s *exact15) begin(pred int64) {
	s.k7 = hashValue(7, uint64(pred))
	s.neg = 0
}

// p7 adds the exact prediction's input to P's dot products (set: the first mixer's weight
// set, mi: the second's).
func (s *exact15) p7(node, set, mi int, dot, dot2 *int64) {
	s.on7 = true
	s.i7 = uint32(hashValue(s.k7, uint64(node)<<1|uint64(s.neg)) >> (64 - exact15Bits))
	s.x7 = s.t7[s.i7].st()
	*dot += int64(s.x7) * int64(s.w7[set])
	*dot2 += int64(s.x7) * int64(s.w87[mi])
}

// u7 learns the coded bit of P's decision (Update, after pr1 and pr2 were set by P).
func (s *exact15) u7(m *MixedResidual, bit, limit int, r2 int64) {
	if m.node == NodeSign {
		s.neg = bit
	}
	if !s.on7 {
		return
	}
	s.on7 = false
	s.t7[s.i7].Update(bit, limit)
	learnExactWeights(m, bit, s.x7, &s.w7, &s.w87, r2)
}

// learnExactWeights moves the exact input's weights in P's two mixers (w7 in the first's set,
// w87 in the second's) by the coded bit's error against each mixer's probability; x is the
// input's stretched probability. Models 15 and 16 share it.
func learnExactWeights(m *MixedResidual, bit int, x int32, w7 *[mixedSets]int32, w87 *[mix2Sets]int32, r2 int64) {
	e1 := (int64(bit)<<16 - int64(m.pr1)) * mixedRate
	e2 := (int64(bit)<<16 - int64(m.pr2)) * r2
	w7[m.set] += int32((int64(x)*e1 + 1<<19) >> 20)
	w87[m.set2] += int32((int64(x)*e2 + 1<<19) >> 20)
}
