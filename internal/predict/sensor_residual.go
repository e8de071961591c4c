package predict

import (
	"math/bits"
	"sync"

	"github.com/vidlm/vidlm/internal/arith"
)

// MixedResidual codes a signed integer residual r = value − prediction as ResidualModel does
// (zero flag, sign, the exponent of the magnitude in unary, the bits below the leading one),
// but (sensor model 3) the zero, sign and first ten exponent decisions, and the mantissa bits
// of magnitudes below 16, each mix five adaptive counters, each in its own context:
//
//	t1  the expected magnitude (octaves, MagnitudeContext) × the sign of the last residual
//	t2  the expected magnitude in half octaves
//	t3  the bit lengths of the last two residuals
//	t4  the prediction's low 8 bits (a signal on few levels, an ADC whose codes are unequal)
//	t5  the last value's low 5 bits × the predicted change (clamped to ±15)
//
// with a logistic mixer whose weight set is chosen by the decision (zero, sign, exponent
// node 0, node 1, later nodes, mantissa) and the last residual's size (0, 1, more). The
// exponent's later nodes use t1 alone. t4 and t5 let a noisy series on a few levels (EMG:
// 33 values) learn the distribution of its next value given where it is, which the
// magnitude contexts cannot express. It keeps the series' last two residuals itself (Learn).
type MixedResidual struct {
	// The pointers first (senc9): the collector scans a model only as far as its last
	// pointer, so with them here it reads a few words of the 300 KB, not all of it, at
	// every collection (the encoder's trials keep hundreds of models alive).
	vc  *ValueContexts // model 4's value contexts (below)
	apm *APM           // model 8's APM by the decision's node after the mean (mix2, below)
	s15 *exact15       // model 15's exact input (below)
	s16 *exact16       // model 16's (below)

	t1                 [ResidualContexts * 3][allNodes]Counter
	t2                 [mixedFine * (mixedFrac + 1)][mixedNodes]Counter // × the prediction's fraction (model 11)
	t3                 [mixedHist * mixedHist][mixedNodes]Counter
	t4                 [256][mixedNodes]Counter
	t5                 [1024][mixedNodes]Counter
	Mant               [64][residualMantCtx]Counter  // by exponent
	w                  [mixedSets][mixedInputs]int32 // the mixer's weights (16.16)
	x                  [mixedInputs]int32            // its stretched inputs
	pr                 uint32                        // and its output
	set                int
	c1, c2, c3, c4, c5 int // the contexts of the value being coded
	h3                 int // min(c3/mixedHist, 2): the last residual's size class (0, 1, more)
	r1, r2             int64
	node               int
	frac               int // sensor model 11 (SetFrac): the prediction's fraction, 1..mixedFrac, or 0

	// Model 4 (sensor_valuectx.go): the value contexts and their mixer.
	salt, key0           uint64
	avg16                uint64
	q                    uint
	kLast, kLeft, kLeft2 uint64
	vi                   [valueInputs + relInputs + jointInputs]uint32
	nx                   int // the inputs of the last P4's mix (model 12's joint inputs on or off)
	x4                   [mixedInputs4]int32
	w4                   [mixedSets4][mixedInputs4]int32
	de, mk               int

	// Sensor model 9 (BeginRel, sensor_rel.go): the row's values to the left in the
	// residual's units, for the split's place relative to them.
	nrel        int // how many of the relative contexts are on (0, 1 or 2)
	relKey      uint64
	relSign     int64 // the value's sign (+1, −1): at is a magnitude
	rel1, rel2s int64 // the last value to the left, and the sum of the last two

	// Sensor model 12 (BeginJoint, sensor_joint.go): a partner column's value in the row, at
	// two resolutions.
	joint      bool
	jFine, jCo uint64

	// Sensor model 8 (SetMix2): a second weight set chosen by the decision's node, averaged
	// with the first in the stretched domain.
	mix2 bool
	// and an APM by the same node after the mean (model 8): apm, above
	apmOn bool // an APM query awaits its update
	// Sensor model 12 (SetAlt): a sixth input of the mixer, a counter keyed by where the
	// LMS's value lies from the prediction, with its own weight in every set (from 0).
	t6On       bool
	alt        int64 // the LMS's value − the prediction, ×16
	c6         int
	t6         [altBins * 3][mixedNodes]Counter
	w6         [mixedSets]int32
	w86        [mix2Sets]int32
	x6         int32
	w8         [mix2Sets][mixedInputs4]int32
	fast2      bool            // sensor model 9: the second set's fast start (SetFast2)
	n8         [mix2Sets]int32 // and the updates of each of its sets
	set2       int
	pr1, pr2   uint32
	dot1, dot2 int32
	// Sensor model 15 (SetModel15, sensor_exact15.go): the exact prediction's input, s15
	// above; sensor model 16 (SetExact16, sensor_exact16.go): the same input, its counters
	// shared by the stream's models, s16 above (used where s15 is nil).
	want15 bool // SetModel15(true): s15 is made at the first Begin
}

const (
	allNodes   = NodeMant + 3*8 // zero, sign, exponent nodes, then mantissa nodes
	mixedNodes = 12 + 3*8       // the mixed ones: the first 12, and the mantissa nodes
	mixedFine  = 48
	mixedHist  = 12
	// The mixer: five counters and a bias; 18 weight sets; learning rate 12 (as predict.Mixer
	// with those parameters, written out for speed).
	mixedInputs = 6
	mixedSets   = 18
	mixedRate   = 12
)

// NewMixedResidual returns a model with every counter at 1/2.
// It takes a model that ReleaseMixedResidual gave back if there is one: the copy of the
// template below overwrites every field, so a reused model is in exactly a new one's state.
func NewMixedResidual() *MixedResidual {
	m := mixedFree.get()
	if m == nil {
		m = new(MixedResidual)
	}
	m.reset()
	return m
}

// reset puts m in the state NewMixedResidual returns, whatever it was in.
func (m *MixedResidual) reset() {
	*m = *mixedTemplate() // one copy instead of a loop over each counter
}

// mixedFree holds models given back by ReleaseMixedResidual (the encoder's trials make and
// drop hundreds of these 300 KB models a block: reusing them spares the allocation, the
// page faults of fresh memory and the collector's work).
var mixedFree freeList[MixedResidual]

// ReleaseMixedResidual gives m back for NewMixedResidual to reuse. The caller must hold no
// other reference to m (nil is ignored).
func ReleaseMixedResidual(m *MixedResidual) {
	if m == nil {
		return
	}
	m.vc, m.apm, m.s15, m.s16 = nil, nil, nil, nil // keep nothing alive from the list
	mixedFree.put(m)
}

// mixedTemplate is a MixedResidual as NewMixedResidual returns it, made once.
var mixedTemplate = sync.OnceValue(func() *MixedResidual {
	m := &MixedResidual{}
	for i := range m.w {
		for j := range m.w[i] {
			m.w[i][j] = 1 << 14
		}
	}
	for i := range m.t1 {
		initCounters(m.t1[i][:])
	}
	for i := range m.t2 {
		initCounters(m.t2[i][:])
	}
	for i := range m.t3 {
		initCounters(m.t3[i][:])
	}
	for i := range m.t4 {
		initCounters(m.t4[i][:])
	}
	for i := range m.t5 {
		initCounters(m.t5[i][:])
	}
	for i := range m.t6 {
		initCounters(m.t6[i][:])
	}
	for i := range m.Mant {
		initCounters(m.Mant[i][:])
	}
	return m
})

// Begin sets the contexts for the next residual given its expected magnitude (×16, in the
// residual's units), the prediction and the series' last value (in the residual's units).
func (m *MixedResidual) Begin(avg16 uint64, pred, last int64) {
	m.avg16 = avg16
	m.c4 = int(pred & 255)
	m.c5 = int(last&31)<<5 | int(clampI64(pred-last, 15)&31)
	m.c1 = MagnitudeContext(avg16)
	switch {
	case m.r1 > 0:
		m.c1 += ResidualContexts
	case m.r1 < 0:
		m.c1 += 2 * ResidualContexts
	}
	a := avg16 >> 2
	l := bits.Len64(a)
	if l <= 1 {
		m.c2 = l
	} else {
		m.c2 = min(2*l-2+int(a>>(l-2)&1), mixedFine-1)
	}
	l1 := min(bits.Len64(absU(m.r1)), mixedHist-1)
	m.c3 = l1*mixedHist + min(bits.Len64(absU(m.r2)), mixedHist-1)
	m.h3 = min(l1, 2)
	m.c2 = m.c2*(mixedFrac+1) + m.frac
	m.frac = 0
	if m.want15 {
		if m.s15 == nil {
			m.s15 = newExact15()
		}
		m.s15.begin(pred)
	} else if m.s16 != nil {
		m.s16.begin(pred)
	}
	if m.t6On {
		// Model 12: where the LMS's value lies from the prediction (in quarters of the mean
		// error) × where the last value lies (below, near, above: within 1/16 of it).
		q := clampI64(m.alt*4/int64(avg16+16), altBins/2) + altBins/2
		l := clampI64(clampI64(last-pred, 1<<40)*16/int64(avg16+16), 1) + 1
		m.c6 = int(q) + altBins*int(l)
		m.alt = 0 // (a residual given no opinion has none)
	}
}

// Node decisions: NodeZero, NodeSign, then NodeExp+k for the exponent's unary code.
const (
	NodeZero = 0
	NodeSign = 1
	NodeExp  = 2
	// NodeMant + 8·(e−1) + m: the next mantissa bit of a magnitude of exponent e (1..3) whose
	// bits so far (the leading one included) are m.
	NodeMant = 2 + residualExpNodes
)

// mixedIndex is a node's row in the mixed tables, or −1.
func mixedIndex(node int) int {
	switch {
	case node < 12:
		return node
	case node >= NodeMant:
		return 12 + node - NodeMant
	}
	return -1
}

// P returns the probability (16-bit) that decision node is 1; Update must follow.
func (m *MixedResidual) P(node int) uint32 {
	m.node = node
	mi := mixedIndex(node)
	if mi < 0 {
		return m.t1[m.c1][node].P()
	}
	x := &m.x
	x[0] = m.t1[m.c1][node].st()
	x[1] = m.t2[m.c2][mi].st()
	x[2] = m.t3[m.c3][mi].st()
	x[3] = m.t4[m.c4][mi].st()
	x[4] = m.t5[m.c5][mi].st()
	x[5] = 256
	set := min(node, 4)
	if node >= NodeMant {
		set = 5
	}
	set = set*3 + m.h3
	m.set = set
	w := &m.w[set]
	dot := int64(x[0])*int64(w[0]) + int64(x[1])*int64(w[1]) + int64(x[2])*int64(w[2]) +
		int64(x[3])*int64(w[3]) + int64(x[4])*int64(w[4]) + int64(x[5])*int64(w[5])
	m.x6 = 0
	if m.t6On {
		m.x6 = m.t6[m.c6][mi].st()
		dot += int64(m.x6) * int64(m.w6[set])
	}
	if m.mix2 {
		m.set2 = mi
		w2 := &m.w8[mi]
		dot2 := int64(x[0])*int64(w2[0]) + int64(x[1])*int64(w2[1]) + int64(x[2])*int64(w2[2]) +
			int64(x[3])*int64(w2[3]) + int64(x[4])*int64(w2[4]) + int64(x[5])*int64(w2[5])
		if m.t6On {
			dot2 += int64(m.x6) * int64(m.w86[mi])
		}
		if m.s15 != nil {
			m.s15.p7(node, set, mi, &dot, &dot2)
		} else if m.s16 != nil {
			m.s16.p7(node, set, mi, &dot, &dot2)
		}
		d1 := int32(min(max(dot>>16, -StretchMax), StretchMax))
		d2 := int32(min(max(dot2>>16, -StretchMax), StretchMax))
		m.pr1, m.pr2 = Squash(d1), Squash(d2)
		d := (d1 + d2) >> 1
		m.pr = Squash(d)
		return m.refineD(d, mi)
	}
	m.pr = Squash(int32(dot >> 16))
	return max(32, min(m.pr, 65535-32))
}

// Update learns the coded bit of the last P's decision.
func (m *MixedResidual) Update(bit, limit int) {
	n := m.node
	m.t1[m.c1][n].Update(bit, limit)
	mi := mixedIndex(n)
	if mi < 0 {
		return
	}
	m.t2[m.c2][mi].Update(bit, limit)
	m.t3[m.c3][mi].Update(bit, limit)
	m.t4[m.c4][mi].Update(bit, limit)
	m.t5[m.c5][mi].Update(bit, limit)
	// The second set's rate for this update, taken once (before its count moves): the exact
	// input's, the sixth input's and the five inputs' weights all learn at it.
	var r2 int64
	if m.mix2 || m.s15 != nil || m.s16 != nil {
		r2 = m.rate2nc()
	}
	if m.s15 != nil {
		m.s15.u7(m, bit, limit, r2)
	} else if m.s16 != nil {
		m.s16.u7(m, bit, limit, r2)
	}
	if m.t6On {
		m.t6[m.c6][mi].Update(bit, limit)
		if m.mix2 {
			e1 := (int64(bit)<<16 - int64(m.pr1)) * mixedRate
			m.w6[m.set] += int32((int64(m.x6)*e1 + 1<<19) >> 20)
		} else {
			e1 := (int64(bit)<<16 - int64(m.pr)) * mixedRate
			m.w6[m.set] += int32((int64(m.x6)*e1 + 1<<19) >> 20)
		}
	}
	if m.apmOn {
		m.apm.Update(bit)
		m.apmOn = false
	}
	if m.mix2 {
		if m.t6On {
			e2 := (int64(bit)<<16 - int64(m.pr2)) * r2
			m.w86[m.set2] += int32((int64(m.x6)*e2 + 1<<19) >> 20)
		}
		m.countRate2()
		m.trainTwoSets6(bit, r2)
		return
	}
	err := (int64(bit)<<16 - int64(m.pr)) * mixedRate
	w, x := &m.w[m.set], &m.x
	w[0] += int32((int64(x[0])*err + 1<<19) >> 20)
	w[1] += int32((int64(x[1])*err + 1<<19) >> 20)
	w[2] += int32((int64(x[2])*err + 1<<19) >> 20)
	w[3] += int32((int64(x[3])*err + 1<<19) >> 20)
	w[4] += int32((int64(x[4])*err + 1<<19) >> 20)
	w[5] += int32((int64(x[5])*err + 1<<19) >> 20)
}

// Mix2 reports whether SetMix2 was called.
func (m *MixedResidual) Mix2() bool { return m.mix2 }

// ExpCounter returns the counter of exponent node node when it is not mixed (NodeExp+10 and
// beyond, below NodeMant: P and Update use it alone), else nil. Coding such a node with the
// counter directly is the same as P and Update, without their calls.
func (m *MixedResidual) ExpCounter(node int) *Counter {
	if node < 12 || node >= NodeMant {
		return nil
	}
	return &m.t1[m.c1][node]
}

// Learn records the coded residual r as the series' last.
func (m *MixedResidual) Learn(r int64) { m.r2, m.r1 = m.r1, r }

// Sensor model 9 (SetFast2): the second weight set learns fast at first. Its rate is
// mixedRate·(1 + fast2Boost·fast2Half/(fast2Half + n)), n the updates its set has had: 33
// times model 8's at the start, twice it after 31,000 updates, model 8's in the limit.
const (
	fast2Boost = 32
	fast2Half  = 1024
)

// SetFast2 turns sensor model 9's fast start of the second weight set on or off (after
// SetMix2, before the first decision).
func (m *MixedResidual) SetFast2(on bool) {
	m.fast2 = on
	m.n8 = [mix2Sets]int32{}
}

// rate2 is the second weight set's learning rate for the update of set2.
// trainTwoSets trains, under model 8's two weight sets, w1 (the first set's weights for the
// inputs x, which the caller picks: the plain or the value-context mixer's) and the second
// set's weights for the same inputs, each from its own output's error.
func (m *MixedResidual) trainTwoSets(bit int, w1, x []int32) {
	e1 := (int64(bit)<<16 - int64(m.pr1)) * mixedRate
	e2 := (int64(bit)<<16 - int64(m.pr2)) * m.rate2()
	w2 := m.w8[m.set2][:len(x)]
	w1 = w1[:len(x)]
	for i, xi := range x {
		w1[i] += int32((int64(xi)*e1 + 1<<19) >> 20)
		w2[i] += int32((int64(xi)*e2 + 1<<19) >> 20)
	}
}

func (m *MixedResidual) rate2() int64 {
	r := m.rate2nc()
	m.countRate2()
	return r
}

// countRate2 counts an update of the second weight set set2 (under SetFast2).
func (m *MixedResidual) countRate2() {
	if m.fast2 && m.n8[m.set2] < 1<<24 {
		m.n8[m.set2]++
	}
}

// rate2nc is rate2 without counting the update. (The quotient is taken in 32 bits: the
// dividend is 393,216 and the divisor below 2^25, so it is the same as in 64, and faster.)
func (m *MixedResidual) rate2nc() int64 {
	if !m.fast2 {
		return mixedRate
	}
	return mixedRate + int64(uint32(mixedRate*fast2Boost*fast2Half)/uint32(fast2Half+m.n8[m.set2]))
}

// trainTwoSets6 is trainTwoSets for P's six inputs (m.x, the first set's weights m.w[m.set]),
// the second set's rate r2 given (rate2nc, its count already taken), written out.
func (m *MixedResidual) trainTwoSets6(bit int, r2 int64) {
	e1 := (int64(bit)<<16 - int64(m.pr1)) * mixedRate
	e2 := (int64(bit)<<16 - int64(m.pr2)) * r2
	x := &m.x
	w1 := &m.w[m.set]
	w2 := (*[mixedInputs]int32)(m.w8[m.set2][:mixedInputs])
	w1[0] += int32((int64(x[0])*e1 + 1<<19) >> 20)
	w2[0] += int32((int64(x[0])*e2 + 1<<19) >> 20)
	w1[1] += int32((int64(x[1])*e1 + 1<<19) >> 20)
	w2[1] += int32((int64(x[1])*e2 + 1<<19) >> 20)
	w1[2] += int32((int64(x[2])*e1 + 1<<19) >> 20)
	w2[2] += int32((int64(x[2])*e2 + 1<<19) >> 20)
	w1[3] += int32((int64(x[3])*e1 + 1<<19) >> 20)
	w2[3] += int32((int64(x[3])*e2 + 1<<19) >> 20)
	w1[4] += int32((int64(x[4])*e1 + 1<<19) >> 20)
	w2[4] += int32((int64(x[4])*e2 + 1<<19) >> 20)
	w1[5] += int32((int64(x[5])*e1 + 1<<19) >> 20)
	w2[5] += int32((int64(x[5])*e2 + 1<<19) >> 20)
}

// altBins is the number of bins of the LMS's distance from the prediction (model 12).
const altBins = 31

// SetAlt gives the next residual (sensor model 12; call it before Begin) the distance of the
// Series' LMS from its prediction, in sixteenths of a unit (Series.AltLMS): Begin keys the
// sixth input's counters by it and by where the last value lies. Once called, the model
// keeps the input for every later residual.
func (m *MixedResidual) SetAlt(d16 int64) { m.t6On, m.alt = true, d16 }

// asmOK tells whether the kernels (sensor_asm_amd64.s) code decision node of m: a mixed
// node of a model with model 8's two weight sets.
func (m *MixedResidual) asmOK(node int) bool {
	return useSensorAsm && m.mix2 && (node < 12 || node >= NodeMant)
}

// PMix is P, by the kernel (mixPAsm) where it applies: the same probability and state.
// UpdateMix must follow.
func (m *MixedResidual) PMix(node int) uint32 {
	if m.asmOK(node) {
		return mixPAsm(m, node)
	}
	return m.P(node)
}

// UpdateMix is Update after PMix, by the kernel (mixUpdateAsm) where it applies.
func (m *MixedResidual) UpdateMix(bit, limit int) {
	if m.asmOK(m.node) {
		mixUpdateAsm(m, bit, limit)
		return
	}
	m.Update(bit, limit)
}

// DecodeMix decodes decision node of m on d, accounting no cost: d.Decode(P(node)), then
// Update(bit, limit), in one call of the kernel (mixDecAsm) where it applies.
func (m *MixedResidual) DecodeMix(d *arith.Decoder, node, limit int) int {
	if m.asmOK(node) {
		return mixDecAsm(m, d, node, limit)
	}
	bit := d.Decode(m.P(node))
	m.Update(bit, limit)
	return bit
}

// EncodeMix encodes bit as decision node of m: P(node), its cost (arith.BitCost) added to
// *cost, the coder's step on e if write (e.Encode), then Update(bit, limit), in one call of
// the kernel (mixEncAsm) where it applies.
func (m *MixedResidual) EncodeMix(e *arith.Encoder, cost *uint64, write bool, bit, node, limit int) {
	if m.asmOK(node) {
		if mixEncAsm(m, e, cost, bit, node, limit, write) {
			e.Normalize()
		}
		return
	}
	p := m.P(node)
	if write {
		e.Encode(bit, p)
	}
	*cost += arith.BitCost(bit, p)
	m.Update(bit, limit)
}
