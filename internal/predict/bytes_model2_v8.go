package predict

import "math/bits"

// Sensor model 8's additions to ByteModel2 (NewByteModel2Model8; FORMAT.md 12.6.4,
// docs/MODEL.md "Sensor model 8: column numbers and line keys"): model 7's byte model with a view of text
// lines as columns of numbers. A log of fixed-width text lines (a candump's timestamps, a
// TMY2 table) writes a number at the same columns line after line: the digits at the current
// column in the last two lines give the number's extrapolation (2·P1 − P2), and the digit it
// expects here, given the digits of the current line's number already coded (so that a carry
// is handled), is one more expected byte and, with the digits below it, a hashed context. A
// line's key (its first fields that are not decimal numbers: a candump's interface and CAN
// id) gives the bytes at the same offset in the last two lines of the same key: two expected
// bytes and a hashed context.

// b2Y is the number of model 8's hashed contexts, b2YE its expected bytes.
const (
	b2Y  = 2
	b2YE = 3
)

// model 8's inputs go in the tail after model 7's.
const b2YIn = b2Ctx + 2*b2X + b2E

const _ = uint(b2Tail - b2YIn - 2*b2Y - b2YE) // (they fit in the tail)

// isDigit tells whether b is an ASCII decimal digit.
func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// numSpan returns the span [s, e) of the number (digits, with '.' between digits) around
// column c of line l, or ok false when l[c] is not a digit.
func numSpan(l []byte, c int) (s, e int, ok bool) {
	if c >= len(l) || !isDigit(l[c]) {
		return 0, 0, false
	}
	s = c
	for s > 0 && (isDigit(l[s-1]) || l[s-1] == '.' && s >= 2 && isDigit(l[s-2])) {
		s--
	}
	e = c + 1
	for e < len(l) && (isDigit(l[e]) || l[e] == '.' && e+1 < len(l) && isDigit(l[e+1])) {
		e++
	}
	return s, e, true
}

// textNumContexts computes model 8's column-number contexts at a byte boundary.
func (m *ByteModel2) textNumContexts() {
	m.yexp = [b2YE]uint32{}
	m.yr = 0
	c := m.col
	cur, p1, p2 := m.line, m.prev, m.prev2
	none := func() {
		m.ybase[0] = hashByte(60, 0)
	}
	if c != len(cur) {
		none()
		return
	}
	s, e, ok := numSpan(p1, c)
	if !ok || e-s > 18 {
		none()
		return
	}
	// The line before must hold a number of the same layout over the same span, and the
	// current line's bytes from s must follow it.
	if len(p2) < e || s > 0 && isDigit(p2[s-1]) || e < len(p2) && isDigit(p2[e]) {
		none()
		return
	}
	if s > 0 && isDigit(cur[s-1]) {
		none()
		return
	}
	var v1, v2, hi int64
	r := 0 // digits below the current column
	for i := s; i < e; i++ {
		if p1[i] == '.' {
			if p2[i] != '.' || i < c && cur[i] != '.' {
				none()
				return
			}
			continue
		}
		if !isDigit(p2[i]) || i < c && !isDigit(cur[i]) {
			none()
			return
		}
		v1 = v1*10 + int64(p1[i]-'0')
		v2 = v2*10 + int64(p2[i]-'0')
		if i < c {
			hi = hi*10 + int64(cur[i]-'0')
		}
		if i > c {
			r++
		}
	}
	pred := 2*v1 - v2
	pow := int64(1)
	for i := 0; i < r; i++ {
		pow *= 10
	}
	d := uint32(11) // (none)
	lower := uint32(11)
	if pred >= 0 {
		v := pred/pow - hi*10
		if v >= 0 && v <= 9 {
			d = uint32(v)
			m.yexp[0] = uint32('0'+v) | 0x100
			if r > 0 {
				lower = uint32(pred / (pow / 10) % 10)
			}
		} else if v < 0 {
			d = 10
		}
	}
	m.yr = uint8(min(r, 7))
	// How far the current number's digits above c have moved from P1's.
	dh := hi - v1/(pow*10)
	if m.v9 {
		// (model 9) both moves in finer steps (numStep): model 8's clamps took a candump's
		// timestamps, which move by tens of units at the digits of 100 µs, as one.
		m.ybase[0] = hashByte(hashByte(hashByte(61, uint32(min(r, 15))), d|lower<<4|uint32(p1[c])<<8), numStep(dh)|numStep((v1-v2)/(pow*10))<<13)
		return
	}
	dh = min(max(dh, -2), 6) + 2
	m.ybase[0] = hashByte(hashByte(61, uint32(min(r, 15))), d|lower<<4|uint32(p1[c])<<8|uint32(dh)<<16|uint32(min(max((v1-v2)/(pow*10), -1), 6)+1)<<20)
}

// b8KeyFields is how many fields (not decimal numbers) make a line's key.
const b8KeyFields = 3

// lineKeyByte takes byte b of the current line into its key (at endByte, before the line
// counters move): a line's key is the hash of its first b8KeyFields fields that are not
// decimal numbers (with a '.'), so that the lines of a candump with the same CAN id (after
// the timestamp) share it.
func (m *ByteModel2) lineKeyByte(b byte) {
	switch b {
	case ' ', ',', ';', '\t', '#', '(', ')', '*', '$', '\n':
		if m.kfield != 0 && !m.kdot && m.kn < b8KeyFields {
			m.lkey = hashByte(m.lkey, m.kfield)
			if m.v9 {
				m.lkeys[m.kn] = m.lkey * 0x9E3779B1 >> 16
			}
			m.kn++
			if m.kn >= 1 {
				m.lkeyOK = true
			}
		}
		m.kfield, m.kdot = 0, false
	default:
		if b == '.' {
			m.kdot = true
		}
		m.kfield = hashByte(m.kfield|1<<31, uint32(b))
	}
	if b == '\n' {
		// The line just ended: its start becomes its key's latest.
		if m.v9 {
			// (model 9) under each key the line had, as the fields came: a key looked up
			// inside a line is the key of its fields so far.
			for _, k := range m.lkeys[:m.kn] {
				m.lkPrev[k] = m.lkLast[k]
				m.lkLast[k] = int32(m.lstart) + 1
			}
		} else if m.lkeyOK {
			k := m.lkey * 0x9E3779B1 >> 16
			m.lkPrev[k] = m.lkLast[k]
			m.lkLast[k] = int32(m.lstart) + 1
		}
		m.lstart = len(m.hist) + 1
		m.lkey, m.lkeyOK, m.kn = 0, false, 0
	}
}

// lineKeyContexts computes the contexts of the last line with the current line's key.
func (m *ByteModel2) lineKeyContexts() {
	m.yexp[1], m.yexp[2] = 0, 0
	if !m.lkeyOK {
		m.ybase[1] = hashByte(62, 0)
		return
	}
	k := m.lkey * 0x9E3779B1 >> 16
	c := len(m.hist) - m.lstart
	x1, x2 := uint32(0), uint32(0)
	if l := int(m.lkLast[k]) - 1; l >= 0 && l+c < len(m.hist) {
		x1 = uint32(m.hist[l+c]) | 0x100
		m.yexp[1] = x1
	}
	if l := int(m.lkPrev[k]) - 1; l >= 0 && l+c < len(m.hist) {
		x2 = uint32(m.hist[l+c]) | 0x100
		m.yexp[2] = x2
	}
	m.ybase[1] = hashByte(hashByte(hashByte(63, m.lkey), uint32(min(c, 1023))), x1|x2<<9|uint32(m.c8&0xFF)<<18)
}

// b9Step is the largest move numStep keeps as it is.
const b9Step = 1000

// numStep returns model 9's step of a move v (under 2^13): v itself for |v| ≤ b9Step (as 0
// to 2·b9Step), otherwise its sign, bit length and the two bits below the leading one.
func numStep(v int64) uint32 {
	if v >= -b9Step && v <= b9Step {
		return uint32(v + b9Step)
	}
	neg := uint32(0)
	if v < 0 {
		neg, v = 1, -v
	}
	n := min(bits.Len64(uint64(v)), 63)
	return uint32(2*b9Step+1) + (neg<<8 | uint32(n)<<2 | uint32(v>>(n-3)&3))
}
