package predict

import (
	"math/bits"
	"slices"
)

// ByteModel predicts a byte stream bit by bit (most significant bit first) by context mixing:
// order-0 to order-6 contexts over the preceding bytes, a word context, a column context (the
// position in the line and the byte above it in the previous line) and a match model (the
// bit that followed the last occurrence of the preceding 6 bytes), mixed by a logistic Mixer
// and refined by an APM. It is the model of a sensor stream's bytes blocks (docs/FORMAT.md
// §12.6): rows that the cell model codes badly (binary records, long hex or text lines).
// All arithmetic is integer and nothing is allocated per byte.
type ByteModel struct {
	t      []Counter // hashed contexts, byteModelBits of index, in buckets of 16 (see epoch)
	epoch  uint32    // Reset's count: a bucket whose slot 0 holds another is fresh
	o0     [256]Counter
	base   [byteModelCtx]uint32 // each hashed context's hash at the byte boundary
	idx    [byteModelCtx]uint32 // its counter for the current bit
	bucket [byteModelCtx]uint32 // its bucket of 16 counters for the current nibble
	mix    *Mixer
	mix2   *Mixer // the same inputs, its weight set chosen by the last byte
	apm    *APM
	c0     uint32 // the bits of the current byte so far, behind a leading 1
	c8     uint64 // the last 8 bytes, the latest lowest
	word   uint32 // hash of the letters and digits of the current word
	col    int    // bytes since the last line feed
	line   []byte // the current line so far (up to byteModelLine)
	prev   []byte // the previous line (up to byteModelLine)
	hist   []byte // the stream so far (for the match model)
	mtab   []int32
	mptr   int // where the match continues in hist (0: none)
	mlen   int
	mbit   int // the bit the match predicts, or −1
	mctr   [64]Counter
	apmPr  uint32
	pr     uint32
	touch  uint32       // bitContexts' early loads (unused)
	rec    recordLength // the record length (record_length.go)
}

const (
	byteModelBits  = 23
	byteModelCtx   = 10
	byteModelLimit = 12
	byteModelLine  = 1024
	byteMatchBits  = 18
	byteMatchMin   = 4 // bytes hashed to find a match
)

// NewByteModel returns a fresh model.
func NewByteModel() *ByteModel {
	m := &ByteModel{
		t:    make([]Counter, 1<<byteModelBits),
		mix:  NewMixer(byteModelCtx+3, 512, 1<<13, 20),
		mix2: NewMixer(byteModelCtx+3, 256*3, 1<<13, 20),
		apm:  &APM{t: make([]uint16, 33<<16), rate: 7}, // Reset fills it as NewAPM(1<<16, 7) would
		line: make([]byte, 0, byteModelLine),
		prev: make([]byte, 0, byteModelLine),
		mtab: make([]int32, 1<<byteMatchBits),
	}
	m.Reset()
	return m
}

// Reserve makes room for the next n bytes in the history (see ByteModel2.Reserve).
func (m *ByteModel) Reserve(n int) {
	m.hist = slices.Grow(m.hist, n)
}

// Reset returns the model to its fresh state, keeping its storage.
func (m *ByteModel) Reset() {
	// The hashed counters are reset lazily: slot 0 of each bucket of 16 (never a counter: a
	// nibble's index has a leading 1) holds the epoch of the last Reset it was used after, and
	// bitContexts gives a bucket of an older epoch fresh counters before it is read. A fresh
	// table (all zero) is of no epoch, and its pages are touched only where it is used.
	m.epoch++
	if m.epoch == 0 { // after 2^32 resets: no stale stamp may equal the new epoch
		clear(m.t)
		m.epoch = 1
	}
	for i := range m.o0 {
		m.o0[i] = NewCounter()
	}
	for i := range m.mctr {
		m.mctr[i] = NewCounter()
	}
	for i := range m.mtab {
		m.mtab[i] = 0
	}
	for i := range m.mix.weights {
		m.mix.weights[i] = 1 << 13
	}
	m.mix.count = 0
	for i := range m.mix2.weights {
		m.mix2.weights[i] = 1 << 13
	}
	m.mix2.count = 0
	m.apm.Reset()
	m.c0, m.c8, m.word, m.col = 1, 0, 0, 0
	m.line, m.prev = m.line[:0], m.prev[:0]
	m.hist = m.hist[:0]
	m.mptr, m.mlen, m.mbit = 0, 0, -1
	m.rec = recordLength{}
	m.byteContexts()
	m.bitContexts()
}

func hashByte(a, b uint32) uint32 {
	h := (a+0x9E3779B9)*0x2C1B3C6D ^ b*0x297A2D39
	return h ^ h>>15
}

// byteContexts computes the hashed contexts' hashes at a byte boundary.
func (m *ByteModel) byteContexts() {
	firstByteContexts(m.base[:10], m.c8, m.word, m.col, m.prev, m.hist, m.rec.rlen)
}

// firstByteContexts computes the first byte model's ten hashed contexts at a byte boundary
// into base (ByteModel2 starts with the same ten): orders 1-4 and 6 of the last bytes c, the
// word, the byte above (in prev, at column col), order 2 behind the last byte, and two record
// contexts of the stream hist with record length rlen.
func firstByteContexts(base []uint32, c uint64, word uint32, col int, prev, hist []byte, rlen int) {
	base = base[:10]
	above := uint32(0)
	if col < len(prev) {
		above = uint32(prev[col]) + 1
	}
	base[0] = hashByte(1, uint32(c&0xFF))
	base[1] = hashByte(2, uint32(c&0xFFFF))
	base[2] = hashByte(3, uint32(c&0xFFFFFF))
	base[3] = hashByte(4, uint32(c&0xFFFFFFFF))
	base[4] = hashByte(hashByte(5, uint32(c>>32&0xFFFF)), uint32(c))
	base[5] = hashByte(hashByte(6, word), uint32(c&0xFF))
	base[6] = hashByte(hashByte(7, above), uint32(min(col, 255))|uint32(c&0xFF)<<8)
	base[7] = hashByte(8, uint32(c>>8&0xFFFF))
	r1, r2 := uint32(0), uint32(0)
	if n := len(hist); rlen > 0 && n >= 2*rlen {
		r1 = uint32(hist[n-rlen]) | uint32(hist[n-rlen+1])<<8 | 1<<16
		r2 = uint32(hist[n-rlen]) | uint32(hist[n-2*rlen])<<8 | 1<<16
	}
	base[8] = hashByte(hashByte(9, uint32(rlen)), r1|uint32(c&0xFF)<<24)
	base[9] = hashByte(hashByte(10, uint32(rlen)), r2)
}

// bitContexts finds the counters of the current bit: at each nibble's start, a bucket of 16
// counters per context (hashed from the context and the byte's bits so far), then within it
// the counter of the nibble's bits so far (behind a leading 1).
func (m *ByteModel) bitContexts() {
	n := bitLen(m.c0) - 1 // bits known of the byte
	if n == 0 || n == 4 {
		t := (*[1 << byteModelBits]Counter)(m.t)
		for i, b := range m.base {
			k := bucketOf(b, m.c0)
			m.bucket[i] = k
			if u := (*[16]Counter)(t[k&(1<<byteModelBits-16):]); uint32(u[0]) != m.epoch {
				for j := 1; j < 16; j++ {
					u[j] = NewCounter()
				}
				u[0] = Counter(m.epoch)
			}
		}
	}
	nib := nibbleSlot(m.c0, n)
	for i, b := range m.bucket {
		m.idx[i] = b | nib
	}
	// Load the APM's row of this bit now, so that its cache miss overlaps the counters' rather
	// than following the mixing (the value only feeds touch, which nothing reads).
	row := (int(m.c0) | int(m.c8&0xFF)<<8) * 33
	if row+32 < len(m.apm.t) {
		m.touch += uint32(m.apm.t[row]) + uint32(m.apm.t[row+32])
	}
	m.mbit = -1
	if m.mlen > 0 {
		want := uint32(m.hist[m.mptr]) | 0x100
		n := bitLen(m.c0) - 1 // bits known of the byte
		if want>>(8-n) == m.c0 {
			m.mbit = int(want >> (7 - n) & 1)
		} else {
			m.mlen = 0
		}
	}
}

// bucketOf returns the bucket of the context hashed to b when the byte's bits so far are c0.
func bucketOf(b, c0 uint32) uint32 {
	h := (b ^ c0*0x9E3779B1) * 0x85EBCA6B
	return (h ^ h>>13) >> (32 - byteModelBits + 4) << 4
}

func bitLen(x uint32) int { return bits.Len32(x) }

// P returns the probability (16-bit) that the next bit is a 1.
func (m *ByteModel) P() uint32 {
	mx := m.mix
	t := (*[1 << byteModelBits]Counter)(m.t)
	for _, i := range m.idx {
		mx.AddP(t[i&(1<<byteModelBits-1)].P())
	}
	mx.AddP(m.o0[m.c0].P())
	if m.mbit >= 0 {
		mx.AddP(m.mctr[min(m.mlen, 31)<<1|m.mbit].P())
	} else {
		mx.Add(0)
	}
	mx.Add(256)
	set := int(m.c0)
	if m.mbit >= 0 {
		set |= 256
	}
	m.mix2.inputs, m.mix2.count = mx.inputs, mx.count
	p1 := mx.Mix(set)
	n := bitLen(m.c0) - 1
	p2 := m.mix2.Mix(int(m.c8&0xFF)*3 + min(n/3, 2))
	p := Squash((Stretch(p1) + Stretch(p2)) >> 1)
	m.apmPr = m.apm.P(p, int(m.c0)|int(m.c8&0xFF)<<8)
	m.pr = (p + 3*m.apmPr) >> 2
	m.pr = min(max(m.pr, 32), 65535-32)
	return m.pr
}

// Update learns the coded bit (after P).
func (m *ByteModel) Update(bit int) {
	t := (*[1 << byteModelBits]Counter)(m.t)
	for _, i := range m.idx {
		t[i&(1<<byteModelBits-1)].Update(bit, byteModelLimit)
	}
	m.o0[m.c0].Update(bit, byteModelLimit)
	if m.mbit >= 0 {
		m.mctr[min(m.mlen, 31)<<1|m.mbit].Update(bit, byteModelLimit)
	}
	m.mix.Update(bit)
	m.mix2.Update(bit)
	m.apm.Update(bit)
	m.c0 = m.c0<<1 | uint32(bit)
	if m.c0 >= 256 {
		m.endByte(byte(m.c0))
		m.c0 = 1
		m.byteContexts()
	}
	m.bitContexts()
}

// endByte takes a whole byte into the contexts.
func (m *ByteModel) endByte(b byte) {
	m.c8 = m.c8<<8 | uint64(b)
	if b >= '0' && b <= '9' || b|0x20 >= 'a' && b|0x20 <= 'z' {
		m.word = hashByte(m.word, uint32(b))
	} else {
		m.word = 0
	}
	if b == '\n' {
		m.line, m.prev = m.prev[:0], m.line
		m.col = 0
	} else {
		if len(m.line) < byteModelLine {
			m.line = append(m.line, b)
		}
		m.col++
	}
	m.hist = append(m.hist, b)
	n := len(m.hist)
	m.rec.observe(b, n)
	if m.mlen > 0 {
		m.mptr++
		if m.mlen < 65535 {
			m.mlen++
		}
		if m.mptr >= n {
			m.mlen = 0
		}
	}
	if n >= byteMatchMin {
		h := uint32((m.c8&(1<<(8*byteMatchMin)-1))*0x9E3779B97F4A7C15>>(64-byteMatchBits)) & (1<<byteMatchBits - 1)
		if m.mlen == 0 {
			if p := int(m.mtab[h]); p > 0 {
				m.mptr, m.mlen = p, 1
			}
		}
		m.mtab[h] = int32(n)
	}
}

// nibbleSlot returns bit n's counter in a line of 16 counters per nibble (a context's line is
// chosen at bits 0 and 4): the nibble's bits so far behind a leading 1, c0 being the byte's
// bits so far behind its own leading 1.
func nibbleSlot(c0 uint32, n int) uint32 {
	if n >= 4 {
		return c0&(1<<(n-4)-1) | 1<<(n-4)
	}
	return c0
}
