package predict

// Sensor model 9's additions to ByteModel2 (NewByteModel2Model9; FORMAT.md 12.6.5,
// docs/MODEL.md "Sensor model 9: a candump's hex payload in bytes blocks"): model 8's byte
// model with a view of a candump's hex payload (`(time) can0 ID#HEXBYTES`) as the bytes it
// spells. Where the current line has a key (model 8's line key: the interface and CAN id)
// and its bytes after a '#' are hex digits, the payload byte being coded (two digits) is
// compared with the same payload byte of the last two frames of the same key, decoded: their
// extrapolation (2·X1 − X2, mod 256, which continues a counter such as an NMEA 2000 fast
// packet's frame counter) gives the digit expected here, in place of model 8's column-number
// digit (whose decimal view means nothing in hex), and a hashed context takes the key, the
// payload byte's index, the digit's half, X1 and the extrapolated digit, in place of model
// 8's column-number context. Nothing else changes: model 9 has model 8's 52 tail inputs.

// NewByteModel2Model9 returns a fresh model of sensor model 9's bytes blocks: model 8's with
// the hex payload view (bytes_model2_v9.go).
func NewByteModel2Model9() *ByteModel2 {
	m := newByteModel2Model9(false)
	m.Reset()
	return m
}

// newByteModel2Model9 and the newByteModel2ModelN that build on it allocate a model of
// their variant; resetEach resets it at each step, as each variant's constructor did before
// (the tests compare the two), while NewByteModel2ModelN resets the finished model once: a
// reset sets every part of the model whatever it held, so the earlier ones (a pass over
// about 110 MB each: six of the seven of model 16's model) were wasted.
func newByteModel2Model9(resetEach bool) *ByteModel2 {
	m := &ByteModel2{v6: true, v7: true, v8: true, v9: true}
	m.st = make([]uint8, 1<<b2Bits)
	m.ws1 = make([]int32, b2Tail*512)
	m.ws2 = make([]int32, b2Tail*256*3)
	m.ws3 = make([]int32, b2Tail*257)
	m.apm0 = NewAPM(256, 7)
	m.recA = newRecAnchors()
	m.prev2 = make([]byte, 0, b2Line)
	m.lkLast = make([]int32, 1<<16)
	m.lkPrev = make([]int32, 1<<16)
	m.lfLast = make([]int32, 1<<16)
	m.lfPrev = make([]int32, 1<<16)
	m.allocStorage()
	if resetEach {
		m.Reset()
	}
	return m
}

// Model9 tells whether m is sensor model 9's variant (NewByteModel2Model9).
func (m *ByteModel2) Model9() bool { return m.v9 }

// hexVal returns the value of the hex digit b, or −1.
func hexVal(b byte) int {
	switch {
	case b >= '0' && b <= '9':
		return int(b - '0')
	case b >= 'A' && b <= 'F':
		return int(b-'A') + 10
	case b >= 'a' && b <= 'f':
		return int(b-'a') + 10
	}
	return -1
}

// hexPayloadByte takes byte b of the current line (at endByte, before the line counters
// move, len(m.line) its column) into the payload's state: a '#' opens a payload at the next
// column, a byte that is not a hex digit closes it.
func (m *ByteModel2) hexPayloadByte(b byte) {
	switch {
	case b == '\n':
		// The line's payload's first byte (a fast packet's frame counter in its low five
		// bits) keys the line in a second table.
		if m.hexAt >= 0 && m.lkeyOK && len(m.line) >= m.hexAt+2 {
			k := m.fkey(m.line[m.hexAt], m.line[m.hexAt+1])
			m.lfPrev[k] = m.lfLast[k]
			m.lfLast[k] = int32(m.lstart) + 1
		}
		m.hexAt = -1
	case b == '#':
		m.hexAt = len(m.line) + 1
	case m.hexAt >= 0 && hexVal(b) < 0:
		m.hexAt = -1
	}
}

// fkey returns the frame table's key of the current line's key and its payload's first
// byte, spelled hi lo.
func (m *ByteModel2) fkey(hi, lo byte) uint32 {
	v := uint32(hexVal(lo)) & 0x1F
	if hexVal(hi)&1 != 0 {
		v |= 0x10
	}
	return hashByte(m.lkey, v) * 0x9E3779B1 >> 16
}

// lineHexByte returns payload byte i of the line starting at hist index l (+1, as the line
// tables keep it) whose payload starts at column at, or ok false.
func (m *ByteModel2) lineHexByte(l1 int32, at, i int) (v int, lower, ok bool) {
	l := int(l1) - 1
	if l < 0 || at < 1 {
		return 0, false, false
	}
	p := l + at + 2*i
	if p+1 >= m.lstart || m.hist[l+at-1] != '#' {
		return 0, false, false
	}
	hi, lo := hexVal(m.hist[p]), hexVal(m.hist[p+1])
	if hi < 0 || lo < 0 {
		return 0, false, false
	}
	return hi<<4 | lo, m.hist[p] >= 'a' || m.hist[p+1] >= 'a', true
}

// hexPayloadContexts computes model 9's payload contexts at a byte boundary (after model 8's,
// whose column-number expected byte and context it replaces inside a payload, and whose
// second line-key expected byte it replaces by the frame table's).
func (m *ByteModel2) hexPayloadContexts() {
	c := len(m.hist) - m.lstart
	if m.hexAt < 0 || c < m.hexAt || !m.lkeyOK || c != len(m.line) {
		return
	}
	k := m.lkey * 0x9E3779B1 >> 16
	d := c - m.hexAt
	i, half := d>>1, d&1
	// X1 and X2: payload byte i of the last two frames of the key.
	x1, lower, ok1 := m.lineHexByte(m.lkLast[k], m.hexAt, i)
	if !ok1 {
		m.yexp[0] = 0
		m.ybase[0] = hashByte(hashByte(70, m.lkey), uint32(min(i, 63))<<1|uint32(half))
		return
	}
	x2, _, ok2 := m.lineHexByte(m.lkPrev[k], m.hexAt, i)
	p := x1 // the byte expected
	if ok2 {
		p = (2*x1 - x2) & 0xFF
	}
	// Past the payload's first byte, the last two frames of the key with the same first
	// byte's low five bits (a fast packet's frame counter: the same fields of the message)
	// take X1's and X2's place where they exist.
	cx := uint32(x1)
	if i >= 1 {
		f := m.fkey(m.line[m.hexAt], m.line[m.hexAt+1])
		if l := int(m.lfLast[f]) - 1; l >= 0 && l+c < m.lstart && m.hist[l+m.hexAt-1] == '#' {
			m.yexp[2] = uint32(m.hist[l+c]) | 0x100
			if f1, _, ok := m.lineHexByte(m.lfLast[f], m.hexAt, i); ok {
				cx = uint32(f1) | 0x100
				p = f1
				if f2, _, ok := m.lineHexByte(m.lfPrev[f], m.hexAt, i); ok {
					p = (2*f1 - f2) & 0xFF
				}
			}
		}
	}
	nib := p >> 4
	h := 16 // (the high digit coded, at the low digit)
	if half == 1 {
		nib = p & 15
		h = hexVal(m.line[c-1])
	}
	digits := "0123456789ABCDEF"
	if lower {
		digits = "0123456789abcdef"
	}
	m.yexp[0] = uint32(digits[nib]) | 0x100
	m.yr = 8 | uint8(half)
	if ok2 {
		m.yr |= 2
	}
	m.ybase[0] = hashByte(hashByte(hashByte(71, m.lkey), uint32(min(i, 63))<<1|uint32(half)), cx|uint32(nib)<<9|uint32(h)<<13)
}
