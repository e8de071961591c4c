package predict

// Sensor model 20's bytes model (NewByteModel2Model20; FORMAT.md 12.8.15, docs/MODEL.md
// "Sensor model 20: the bytes model learns faster and holds more"): model 17's (branch frm18)
// with its learning settings changed and nothing else. The hashed contexts' counters (the
// table t, the record view's and the column numbers' contexts in it) count up to b20Limit
// instead of b2Limit, and the order-0 and match counters up to b20OLimit, so that a context
// seen often keeps a longer memory (the count still fits the counter's 10 bits). The three
// mixers' weight sets learn at
//
//	r(n) = b20Floor + (b20Start − b20Floor)·b20Half / (b20Half + n)
//
// n the updates the set has had (counted up to b20Cap): b20Start at first, b20Floor in the
// limit (model 17's rate was b2MixRate throughout). The final mixer learns at b20FRate.

// NewByteModel2Model20 returns a fresh model of sensor model 20's bytes blocks.
func NewByteModel2Model20() *ByteModel2 {
	m := newByteModel2Model17Frm(false)
	m.v20 = true
	m.mixF.rate = int64(b20FRate)
	m.n1 = make([]int32, len(m.w1)/b2Inputs)
	m.n2 = make([]int32, len(m.w2)/b2Inputs)
	m.n3 = make([]int32, len(m.w3)/b2Inputs)
	m.Reset()
	return m
}

// Model20 tells whether m is sensor model 20's variant (NewByteModel2Model20).
func (m *ByteModel2) Model20() bool { return m.v20 }

// b20Cap bounds a weight set's count of updates (the rate is b20Floor's to within 1 there).
const b20Cap = 1 << 24

// rate20 is the rate of a weight set whose count of updates is *n, and counts this update.
// (The quotient is taken in 32 bits: the dividend is below 2^32 and the divisor below 2^25.)
func rate20(n *int32) int64 {
	c := *n
	if c < b20Cap {
		*n = c + 1
	}
	return int64(b20Floor) + int64(uint32((b20Start-b20Floor)*b20Half)/(uint32(b20Half)+uint32(c)))
}
