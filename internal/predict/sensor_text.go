package predict

// TextModel predicts the bytes of the cells that are not numbers (text columns, a header
// that is not one, binary garbage), bit by bit: hashed order-0, 1 and 2 byte contexts within
// the column and the byte at the same place in the column's previous text cell, mixed by a
// logistic mixer. It is the fallback that lets any input through exactly.
//
// Under sensor model 2 (NewTextModel2) it has three more inputs: the order-3 context, the
// whole cell so far (order n), and the cell to the left in the row with the place in the cell.
type TextModel struct {
	t     []Counter // stored XOR freshCounter, so that zeroed memory holds fresh counters
	mix   *Mixer
	n     int // inputs used: textInputs, or textInputs2 under model 2
	h     [textInputs2]uint32
	idx   [textInputs2]uint32
	bit   int // bits of the current byte coded so far
	prev1 uint32
	prev2 uint32
	// Model 2.
	prev3 uint32
	cellH uint32 // hash of the cell's bytes so far
	left  uint32 // hash of the cell to the left
}

const (
	textInputs    = 4
	textInputs2   = 7
	textTableBits = 18
	textLimit     = 127
)

// freshCounter is NewCounter's value. The table holds counters XOR it: a table fresh from
// make, all zeros, then needs no initialising pass, and its pages are only touched where text
// is coded (most logs have little), which keeps a small log's encoder cheap to start.
const freshCounter = Counter(1 << 31)

// NewTextModel returns a fresh model (its table, about 1 MB, is allocated here).
func NewTextModel() *TextModel {
	return &TextModel{t: make([]Counter, 1<<textTableBits), mix: NewMixer(textInputs+1, 8, 1<<14, 6), n: textInputs}
}

// NewTextModel2 returns a fresh model of sensor model 2 (more contexts, a larger table).
func NewTextModel2() *TextModel {
	return &TextModel{t: make([]Counter, 1<<(textTableBits+1)), mix: NewMixer(textInputs2+1, 8, 1<<14, 6), n: textInputs2}
}

// SetLeft gives a model-2 text model the cell to the left of the next one (nil: none).
func (m *TextModel) SetLeft(b []byte) {
	h := uint32(0x51ED27)
	for _, c := range b {
		h = (h ^ uint32(c)) * 0x01000193
	}
	m.left = h
}

func textHash(a, b uint32) uint32 {
	h := a*0x9E3779B1 ^ b*0x85EBCA77
	return h ^ h>>15
}

// StartByte sets the contexts of the next byte of a cell in column col: above is the byte at
// the same place in the column's previous text cell (or 0), pos the place.
func (m *TextModel) StartByte(col int, pos int, above byte) {
	c := uint32(col) + 1
	m.h[0] = textHash(c, 0x100)
	m.h[1] = textHash(c, 0x200|m.prev1)
	m.h[2] = textHash(c, 0x300|m.prev1|m.prev2<<8)
	m.h[3] = textHash(c, 0x400|uint32(above)|uint32(min(pos, 15))<<8)
	if m.n > textInputs {
		m.h[4] = textHash(c, 0x500|m.prev1|m.prev2<<8|m.prev3<<16)
		m.h[5] = textHash(c^0x600, m.cellH)
		m.h[6] = textHash(c^0x700, m.left+uint32(min(pos, 31)))
	}
	m.bit = 0
}

// P returns the probability that the next bit of the byte is 1, given the bits so far
// (c0: 1 followed by them).
func (m *TextModel) P(c0 uint32) uint32 {
	sh := uint(32 - textTableBits)
	if m.n > textInputs {
		sh--
	}
	for i := 0; i < m.n; i++ {
		m.idx[i] = (m.h[i] + c0*0x2F0B4C27) >> sh
		m.mix.AddP((m.t[m.idx[i]] ^ freshCounter).P())
	}
	m.mix.Add(256)
	return m.mix.Mix(m.bit)
}

// Update learns the coded bit.
func (m *TextModel) Update(bit int) {
	for _, i := range m.idx[:m.n] {
		c := m.t[i] ^ freshCounter
		c.Update(bit, textLimit)
		m.t[i] = c ^ freshCounter
	}
	m.mix.Update(bit)
	m.bit++
}

// EndByte records the coded byte as context for the next.
func (m *TextModel) EndByte(b byte) {
	m.prev3 = m.prev2
	m.prev2 = m.prev1
	m.prev1 = uint32(b)
	m.cellH = (m.cellH ^ uint32(b)) * 0x01000193
}

// EndCell resets the byte context at the end of a cell.
func (m *TextModel) EndCell() { m.prev1, m.prev2, m.prev3, m.cellH = 0, 0, 0, 0 }
