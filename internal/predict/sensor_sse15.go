package predict

import "sync"

// Sensor model 15 (branch bio15; FORMAT.md 12.8.10): two additions to the mixed residual
// (MixedResidual), both for noisy signals.
//
// The exact prediction's input (P only). A seventh input of P's two mixers: a counter in a
// hashed table of 2^16 per model, keyed by the prediction (in the residual's units, exact),
// the decision's node and, after the sign, the residual's sign. Where a signal's codes are
// unequal (an ADC whose levels are not evenly used, a signal on few levels, a predictor that
// sits on the same few values), the distribution of the next value around each prediction is
// its own; model 3's t4 (the prediction's low 8 bits) aliases 4,096 codes onto 256 and knows
// no sign. Its weights start at 0 in both mixers (the first by the decision's class, the
// second by its node) and learn as model 12's sixth input's do.
//
// Two more APMs (P and P4, after model 8's). They refine the mixers' mean pr, each keyed by
// the decision's node and one context set at Begin:
//
//	A  the signs and sizes of the last two residuals against the mean error (0; below half
//	   of it, below 3/2 of it, more; each signed): 7 × 7
//	B  where the second opinion (SetAlt: the LMS's or the fitted predictor's value) lies from
//	   the prediction, signed, in 4 log bins of quarters of the mean error (≤ 1, ≤ 3, ≤ 7,
//	   more) or 0, × where the last value lies from the prediction (below, within 1/16 of
//	   the mean error, above): 9 × 3
//
// at rate 1/64, and the final probability is the mean of model 8's APM's output and these
// two (the mixers' mean itself no longer enters it).

const (
	sse15A   = 49
	sse15B   = 27
	sse15Bit = 16 // log2 of the exact prediction's counters per model
	sse15APM = 6  // the two APMs' rate
)

// sse15 is a MixedResidual's model-15 state (SetModel15).
type sse15 struct {
	a      [mix2Sets * sse15A * 33]uint16 // the APMs' buckets (as APM's)
	b      [mix2Sets * sse15B * 33]uint16
	ia, ib int // the buckets of the last query
	ca, cb int
	on     bool // an APM query awaits its update
	// The exact prediction's input.
	t7  [1 << sse15Bit]Counter
	k7  uint64 // the prediction's key (Begin)
	neg int    // the residual's sign once coded (0 before)
	i7  uint32
	x7  int32
	w7  [mixedSets]int32
	w87 [mix2Sets]int32
	on7 bool // a P query of it awaits its update
}

// SetModel15 turns sensor model 15's additions on (after SetMix2 on: the APMs refine its
// mean, the input joins both its mixers). Call it before the model codes its first decision.
// The state (about 0.75 MB) is made at the first Begin: a model that codes nothing costs
// nothing.
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

// sse15Template is a fresh sse15, made once.
var sse15Template = sync.OnceValue(func() *sse15 {
	s := &sse15{}
	var row [33]uint16 // (as NewAPM's)
	for j := range row {
		row[j] = uint16(Squash(int32(j*apmStep - StretchMax)))
	}
	for i := 0; i < len(s.a); i += 33 {
		copy(s.a[i:i+33], row[:])
	}
	for i := 0; i < len(s.b); i += 33 {
		copy(s.b[i:i+33], row[:])
	}
	initCounters(s.t7[:])
	return s
})

// newSSE15 returns a fresh sse15 (a copy of the template).
func newSSE15() *sse15 {
	s := new(sse15)
	*s = *sse15Template()
	return s
}

// apm15 is APM.P on the buckets t of context ctx, given st = Stretch(pr) + StretchMax; it
// returns the refined probability and the bucket to update.
func apm15(t []uint16, st uint32, ctx int) (uint32, int) {
	lo := st / apmStep
	w := st - lo*apmStep
	if lo >= 32 {
		lo, w = 31, apmStep
	}
	i := ctx*33 + int(lo)
	p := (uint32(t[i])*(apmStep-w) + uint32(t[i+1])*w) / apmStep
	if w > apmStep/2 {
		i++
	}
	return max(p, 1), i
}

// apm15Update is APM.Update of bucket i of t.
func apm15Update(t []uint16, i, bit int) {
	v := int32(t[i])
	v += (int32(bit)*(ProbOne-1) - v) >> sse15APM
	t[i] = uint16(max(v, 1))
}

// sizeClass15 is r's sign and size against the mean error avg16 (×16): 0 for 0, then 1..3
// (below half of it, below 3/2 of it, more) for r > 0 and 4..6 for r < 0.
func sizeClass15(r int64, avg16 uint64) int {
	if r == 0 {
		return 0
	}
	a := absU(r) * 64 / (avg16 + 16) // |r| in quarters of the mean error
	c := 3
	switch {
	case a < 2:
		c = 1
	case a < 6:
		c = 2
	}
	if r < 0 {
		c += 3
	}
	return c
}

// begin sets the contexts of the next residual (Begin, before the opinion is cleared).
func (s *sse15) begin(m *MixedResidual, avg16 uint64, pred, last int64) {
	s.k7 = hashValue(7, uint64(pred))
	s.neg = 0
	s.ca = sizeClass15(m.r1, avg16)*7 + sizeClass15(m.r2, avg16)
	q := clampI64(m.alt*4/int64(avg16+16), 1<<40) // quarters of the mean error
	b := 0
	if q != 0 {
		switch aq := absU(q); {
		case aq <= 1:
			b = 1
		case aq <= 3:
			b = 2
		case aq <= 7:
			b = 3
		default:
			b = 4
		}
		if q < 0 {
			b += 4
		}
	}
	l := clampI64(clampI64(last-pred, 1<<40)*16/int64(avg16+16), 1) + 1
	s.cb = b*3 + int(l)
}

// p7 adds the exact prediction's input to P's dot products (set: the first mixer's weight
// set, mi: the second's).
func (s *sse15) p7(node, set, mi int, dot, dot2 *int64) {
	s.on7 = true
	s.i7 = uint32(hashValue(s.k7, uint64(node)<<1|uint64(s.neg)) >> (64 - sse15Bit))
	s.x7 = Stretch(s.t7[s.i7].P())
	*dot += int64(s.x7) * int64(s.w7[set])
	*dot2 += int64(s.x7) * int64(s.w87[mi])
}

// u7 learns the coded bit of P's decision (Update, after pr1 and pr2 were set by P).
func (s *sse15) u7(m *MixedResidual, bit, limit int) {
	if m.node == NodeSign {
		s.neg = bit
	}
	if !s.on7 {
		return
	}
	s.on7 = false
	s.t7[s.i7].Update(bit, limit)
	e1 := (int64(bit)<<16 - int64(m.pr1)) * mixedRate
	e2 := (int64(bit)<<16 - int64(m.pr2)) * m.rate2nc()
	s.w7[m.set] += int32((int64(s.x7)*e1 + 1<<19) >> 20)
	s.w87[m.set2] += int32((int64(s.x7)*e2 + 1<<19) >> 20)
}

// refine is refine's mean under model 15: model 8's APM's pa and the two context APMs', each
// refining the mixers' pr.
func (s *sse15) refine(pr, pa uint32, ctx int) uint32 {
	s.on = true
	var p1, p2 uint32
	st := uint32(Stretch(pr) + StretchMax) // 0..2·StretchMax
	p1, s.ia = apm15(s.a[:], st, ctx*sse15A+s.ca)
	p2, s.ib = apm15(s.b[:], st, ctx*sse15B+s.cb)
	return max(32, min((pa+p1+p2)/3, 65535-32))
}

// update learns the coded bit of the last refine.
func (s *sse15) update(bit int) {
	if s.on {
		apm15Update(s.a[:], s.ia, bit)
		apm15Update(s.b[:], s.ib, bit)
		s.on = false
	}
}
