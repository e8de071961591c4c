package predict

// Sensor model 12's additions to ByteModel2 (NewByteModel2Model12; FORMAT.md 12.6.8,
// docs/MODEL.md "Sensor model 12: records in bytes blocks"): model 11's byte model with the
// field a byte belongs to as a context of the mixers' weights, and text lines as the rows of
// a table.
//
// Fields. A table of fixed-width lines (a TMY2 file: 142-byte lines of glued numbers and
// flags, no delimiter) and a log of binary records (FIRM's packets, found by model 10's
// learned lengths) write the same field at the same column or offset every line or record,
// and which contexts predict a byte best depends on the field far more than on the last byte
// or the byte one record back, which chose model 11's second and third mixers' weight sets.
// Model 12 gives each byte a field slot: its column where the last three lines had one length
// below 256, else its (record key, offset) where model 10's record stands by its learned
// length outside a framed packet, else none; with a slot, the second mixer's weight set is
// chosen by the slot and the bit position, the third's by the slot and the class of the byte
// one record back (in a table: a digit, a space, another byte or none).
//
// Lines. The model learns the line period D (2 to rec12MaxLag lines: the lag whose line has
// had the most bytes equal at the same columns, an EMA over lines of the same length) and, at
// each column of a line, forms six candidates for the byte: the number at this column (digits
// and leading spaces, its right end from the line above) predicted as P1 + PD − P(D+1), as
// 2·P1 − P2, as P1 and as PD, given the digits of the current line's number already coded (so
// that a carry is handled), and the raw bytes D lines and one line up. Per column and line
// length each candidate's hit rate (EMA) picks the best two: two expected bytes whose
// counters (by candidate, rate and bit position), two hashed 2-D contexts (the column, the
// bytes above, D lines up or two lines up, the last bytes) and the model's probability go into
// two last mixers (final12), one whose weight set is chosen by the best candidate's rate and
// whether it still agrees with the byte's bits so far, one by the field slot (or the column).

const (
	rec12MaxLag = 48      // the line period is looked for among lags 2..rec12MaxLag
	rec12Ring   = 64      // line starts kept (a power of two above rec12MaxLag+1)
	rec12Cands  = 7       // candidates per byte (model 12 forms the first six)
	rec12Slots  = 1 << 12 // (column, line length) slots of the candidates' hit rates
	rec12CBits  = 22      // the 2-D contexts' direct table of counters
	mix12Rate   = 24      // final12's mixer learns at this rate
	rec12MaxW   = 15      // widest number (digits) the candidates read
	rec12Fields = 768     // field slots: 256 columns of a table, 512 (record key, offset) slots
)

// lineRec is model 12's view of the stream's text lines.
type lineRec struct {
	starts [rec12Ring]int32 // ring of the completed lines' starts, by line number
	nl     int              // completed lines
	cur    int              // the current line's start
	score  [rec12MaxLag + 1]uint16
	d      int // the line period (0: none yet)
	cand   [rec12Cands]uint32
	rate   []uint16 // per slot, each candidate's hit rate (EMA 1/16)
	slot   int
	ok     bool
	e      [2]uint32 // the best two candidates' bytes (behind a leading 1; 0: none)
	ek     [2]uint8  // their candidate numbers
	er     [2]uint8  // their rates, in 16 steps
	eIdx   [2]int32  // their counters for the current bit (+1; 0: none)
	ctr    [2][rec12Cands * 16 * 8 * 2]Counter
	h2d    [3]uint32 // the 2-D contexts' hashes (the third: model 13's field context)
	t2d    []Counter
	i2d    [3]uint32
	b2d    [3]uint32
	mix    *Mixer
	mixB   *Mixer // by the column and the bit position
	used   bool
	tab    bool         // the last three lines had one length, below 256: the current line is a table's
	bin    bool         // the current line holds a byte that is not printable text
	fslot  int          // the byte's field: a table's column, a framed packet's or a learned record's offset by key (-1: none)
	fb     *fieldBounds // model 13: the learned field starts of a table's lines (nil: model 12)
}

func (r *lineRec) reset() {
	r.nl, r.cur, r.d, r.ok, r.used, r.tab, r.fslot, r.bin = 0, 0, 0, false, false, false, -1, false
	r.score = [rec12MaxLag + 1]uint16{}
	clear(r.rate)
	for k := range r.ctr {
		for j := range r.ctr[k] {
			r.ctr[k][j] = NewCounter()
		}
	}
	r.t2d[0] = NewCounter()
	for n := 1; n < len(r.t2d); n *= 2 {
		copy(r.t2d[n:], r.t2d[:n])
	}
	r.e, r.eIdx = [2]uint32{}, [2]int32{}
	r.mix.passFirst()
	r.mixB.passFirst()
	if r.fb != nil {
		r.fb.reset()
	}
}

// NewByteModel2Model12 returns a fresh model of sensor model 12's bytes blocks: model 11's
// with text lines as the rows of a table (bytes_model2_v12.go).
func NewByteModel2Model12() *ByteModel2 {
	m := newByteModel2Model12(false)
	m.Reset()
	return m
}

func newByteModel2Model12(resetEach bool) *ByteModel2 {
	m := newByteModel2Model11(resetEach)
	m.v12 = true
	m.lr = &lineRec{rate: make([]uint16, rec12Slots*rec12Cands), t2d: make([]Counter, 1<<rec12CBits)}
	m.lr.mix = NewMixer(6, 16*8*2*2, 0, mix12Rate)
	m.lr.mixB = NewMixer(9, (rec12Fields+256)*8, 0, mix12Rate)
	m.w3 = make([]int32, b2Inputs*(257+rec12Fields*4))
	m.ws3 = make([]int32, b2Tail*(257+rec12Fields*4))
	m.w2 = make([]int32, b2Inputs*(768+rec12Fields*8))
	m.ws2 = make([]int32, b2Tail*(768+rec12Fields*8))
	if resetEach {
		m.Reset()
	}
	return m
}

// Model12 tells whether m is sensor model 12's variant (NewByteModel2Model12).
func (m *ByteModel2) Model12() bool { return m.v12 }

// line returns the start and length (without its line feed) of the line j back (1: the last
// completed), or ok false.
func (r *lineRec) line(j int) (s, n int, ok bool) {
	if j < 1 || j > r.nl || j >= rec12Ring {
		return 0, 0, false
	}
	s = int(r.starts[(r.nl-j)&(rec12Ring-1)])
	e := r.cur
	if j > 1 {
		e = int(r.starts[(r.nl-j+1)&(rec12Ring-1)])
	}
	return s, e - s - 1, true
}

// lineEnd takes the line that byte p (a line feed) ends into the lag scores.
func (r *lineRec) lineEnd(h []byte, p int) {
	r.starts[r.nl&(rec12Ring-1)] = int32(r.cur)
	r.nl++
	r.cur = p + 1
	s0, n0, _ := r.line(1)
	_, n1, ok1 := r.line(2)
	_, n2, ok2 := r.line(3)
	r.tab = ok1 && ok2 && n0 == n1 && n0 == n2 && n0 < 256
	if r.fb != nil && ok1 && n0 == n1 && n0 < 256 {
		s1, _, _ := r.line(2)
		r.fb.learn(h, s0, s1, n0)
	}
	if n0 <= 0 {
		return
	}
	best, bv, last := 0, uint16(0), 0
	for d := 1; d <= rec12MaxLag; d++ {
		s, n, ok := r.line(d + 1)
		if !ok {
			break
		}
		last = d
		eq := 0
		if n == n0 {
			a, b := h[s0:s0+n0], h[s:s+n0]
			for i := range a {
				if a[i] == b[i] {
					eq++
				}
			}
		}
		v := uint32(eq) << 16 / uint32(n0+1)
		x := &r.score[d]
		*x = uint16(int32(*x) + (int32(v)-int32(*x))>>4)
		if d >= 2 && *x > bv {
			best, bv = d, *x
		}
	}
	if r.fb != nil {
		if p := r.peakLag(last); p > 0 {
			best = p
		}
	}
	r.d = best
}

// fwNum returns the number over columns [s, e) of line (start ls, length n): digits, spaces
// read as 0; ok false if a byte there is neither.
func fwNum(h []byte, ls, n, s, e int) (v int64, ok bool) {
	if e > n {
		return 0, false
	}
	for _, b := range h[ls+s : ls+e] {
		switch {
		case isDigit(b):
			v = v*10 + int64(b-'0')
		case b == ' ':
			v *= 10
		default:
			return 0, false
		}
	}
	return v, true
}

// expDigit returns the byte expected at column c of a number over [s, e) predicted as pred,
// the current line's bytes from s to c (start cs) already coded; the leading spaces where
// the line above (above) has one and the number has no digit yet.
func expDigit(h []byte, cs, s, c, e int, pred int64, above byte) uint32 {
	r := e - 1 - c // digits below c
	pw := int64(1)
	for i := 0; i < r; i++ {
		pw *= 10
	}
	// The value below c, given the prefix's value hi: pred less hi's part, clamped to the
	// digits below c where it is off by a carry, else pred's low digits (a field glued on the
	// left moved: its digits are not the number's).
	x := pred
	if x < 0 {
		x = 0
	}
	lead := true // no digit but 0 so far in the prefix
	var hi int64
	for i := s; i < c; i++ {
		b := h[cs+i]
		hi *= 10
		if isDigit(b) {
			hi += int64(b - '0')
			if b != '0' {
				lead = false
			}
		}
	}
	top := pw * 10
	switch y := x - hi*top; {
	case y >= 0 && y < top:
		x = y
	case y < 0 && y >= -top:
		x = 0
	case y >= top && y < 2*top:
		x = top - 1
	default:
		x %= top
	}
	d := x / pw
	if d == 0 && lead && above == ' ' && x < pw {
		return ' ' | 0x100
	}
	return uint32('0'+d) | 0x100
}

// lineRecContexts computes model 12's candidates, expected bytes and 2-D context at a byte
// boundary.
func (m *ByteModel2) lineRecContexts() {
	r := m.lr
	r.ok = false
	r.e = [2]uint32{}
	h := m.hist
	c := len(h) - r.cur // the column
	r.fslot = -1
	switch {
	case r.tab && c < 256:
		r.fslot = c
	case m.zok && m.recA.held && !m.fr.act:
		r.fslot = 256 + int(m.zi*0x9E3779B1>>23)
	}
	s1, n1, ok1 := r.line(1)
	if !ok1 || c >= n1 {
		r.h2d = [3]uint32{hashByte(120, uint32(min(c, 255))), hashByte(122, uint32(min(c, 255))), hashByte(125, uint32(min(c, 255)))}
		return
	}
	cand := &r.cand
	*cand = [rec12Cands]uint32{}
	above := h[s1+c]
	d := r.d
	sD, nD, okD := r.line(d)
	sD1, nD1, okD1 := r.line(d + 1)
	okD = okD && d >= 2 && c < nD
	okD1 = okD1 && okD
	cand[5] = uint32(above) | 0x100
	bD := uint32(0)
	if okD {
		bD = uint32(h[sD+c]) | 0x100
		cand[4] = bD
	}
	// The number at c: its right end from the line above (spaces, then digits), its left
	// end over the current line's digits and spaces.
	if isDigit(above) || above == ' ' {
		e := c
		for e < n1 && h[s1+e] == ' ' {
			e++
		}
		for e < n1 && isDigit(h[s1+e]) && (e == c || !r.isStart(e)) {
			e++
		}
		s := c
		for s > 0 && c-s < rec12MaxW && (isDigit(h[r.cur+s-1]) || h[r.cur+s-1] == ' ') && !r.isStart(s) {
			s--
		}
		if e > c && isDigit(h[s1+e-1]) && e-s <= rec12MaxW {
			if v1, ok := fwNum(h, s1, n1, s, e); ok {
				cand[2] = expDigit(h, r.cur, s, c, e, v1, above)
				if s2, n2, ok := r.line(2); ok {
					if v2, ok := fwNum(h, s2, n2, s, e); ok {
						cand[1] = expDigit(h, r.cur, s, c, e, 2*v1-v2, above)
					}
				}
				if okD {
					if vD, ok := fwNum(h, sD, nD, s, e); ok {
						cand[3] = expDigit(h, r.cur, s, c, e, vD, above)
						if okD1 {
							if vD1, ok := fwNum(h, sD1, nD1, s, e); ok {
								cand[0] = expDigit(h, r.cur, s, c, e, v1+vD-vD1, above)
							}
						}
						if r.fb != nil {
							cand[6] = r.dayTrend(h, s, c, e, vD, above)
						}
					}
				}
			}
		}
	}
	r.slot = int(uint32(c)|uint32(n1)<<8) * 0x9E3779B1 >> 20 & (rec12Slots - 1)
	rt := (*[rec12Cands]uint16)(r.rate[r.slot*rec12Cands:])
	b1, b2 := -1, -1
	for k := range cand {
		if cand[k] == 0 {
			continue
		}
		if b1 < 0 || rt[k] > rt[b1] {
			b1, b2 = k, b1
		} else if (b2 < 0 || rt[k] > rt[b2]) && cand[k] != cand[b1] {
			b2 = k
		}
	}
	if b2 >= 0 && cand[b2] == cand[b1] {
		b2 = -1
	}
	for i, b := range [2]int{b1, b2} {
		if b >= 0 {
			r.e[i], r.ek[i], r.er[i] = cand[b], uint8(b), uint8(rt[b]>>12)
		}
	}
	r.ok = true
	r.h2d[0] = hashByte(hashByte(hashByte(121, uint32(min(c, 255))|uint32(above)<<8|bD<<16), r.e[0]), uint32(m.c8&0xFF))
	a2 := uint32(0)
	if s2, n2, ok := r.line(2); ok && c < n2 {
		a2 = uint32(h[s2+c]) | 0x100
	}
	r.h2d[1] = hashByte(hashByte(123, uint32(min(c, 255))|uint32(above)<<8|a2<<16), uint32(m.c8&0xFFFF))
	if r.fb != nil {
		r.h2d[2] = r.fieldCtx(h, s1, n1, c)
	}
}

// lineRecByte takes byte b into the candidates' hit rates and the line view (before the
// byte is appended to the history).
func (m *ByteModel2) lineRecByte(b byte) {
	r := m.lr
	if r.ok {
		rt := (*[rec12Cands]uint16)(r.rate[r.slot*rec12Cands:])
		for k, x := range r.cand {
			if x == uint32(b)|0x100 {
				rt[k] += (65535 - rt[k]) >> 4
			} else {
				rt[k] -= rt[k] >> 4
			}
		}
	}
	if b == '\n' {
		r.lineEnd(m.hist, len(m.hist))
		r.bin = false
	} else if (b < 0x20 || b > 0x7E) && b != '\t' && b != '\r' {
		r.bin = true
	}
}

// lineRecBits finds the expected bytes' counters and the 2-D context's counter of the
// current bit.
func (m *ByteModel2) lineRecBits(n int) {
	r := m.lr
	c0 := m.c0
	for i, e := range r.e {
		r.eIdx[i] = 0
		if e != 0 && e>>(8-n) == c0 {
			r.eIdx[i] = int32((((int(r.ek[i])*16+int(r.er[i]))*8+n)*2 + int(e>>(7-n)&1)) + 1)
		}
	}
	for i, h := range r.h2d {
		if n == 0 || n == 4 { // a line of 16 counters per nibble, as the hashed contexts'
			r.b2d[i] = ((h + c0*0x9E3779B1) >> (32 - rec12CBits + 4)) << 4
		}
		r.i2d[i] = r.b2d[i] | nibbleSlot(c0, n)
	}
}

// final12 refines the final probability with the line view's expected bytes and 2-D
// context.
func (m *ByteModel2) final12(n int) {
	r := m.lr
	mx := r.mix
	mx.Add(Stretch(m.pr))
	r.addInputs(mx)
	set := 0
	if r.eIdx[0] > 0 {
		set = 1 + int(r.er[0])
	} else if r.eIdx[1] > 0 {
		set = 17 + int(r.er[1])
	}
	pa := mx.Mix(set<<3 | n)
	mb := r.mixB
	mb.Add(Stretch(m.pr))
	mb.Add(Stretch(m.p1))
	mb.Add(Stretch(m.p2))
	mb.Add(Stretch(m.p3))
	r.addInputs(mb)
	f := r.fslot
	if f < 0 {
		f = rec12Fields + min(m.col, 255)
		if r.bin {
			f = rec12Fields + 255
		}
	}
	pb := mb.Mix(f<<3 | n)
	m.pr = (pa + pb) >> 1
	r.used = true
}

// addInputs adds the inputs both of final12's mixers take last: the two candidates'
// counters (0 where a candidate has none), the two 2-D contexts' counters and the bias.
func (r *lineRec) addInputs(mx *Mixer) {
	for i := range r.eIdx {
		if j := r.eIdx[i]; j > 0 {
			mx.Add(Stretch(r.ctr[i][j-1].P()))
		} else {
			mx.Add(0)
		}
	}
	mx.Add(Stretch(r.t2d[r.i2d[0]].P()))
	mx.Add(Stretch(r.t2d[r.i2d[1]].P()))
	if r.fb != nil {
		mx.Add(Stretch(r.t2d[r.i2d[2]].P()))
	}
	mx.Add(256)
}

// update12 learns the coded bit in model 12's parts.
func (m *ByteModel2) update12(bit int) {
	r := m.lr
	if !r.used {
		return
	}
	r.mix.Update(bit)
	r.mixB.Update(bit)
	for i := range r.eIdx {
		if j := r.eIdx[i]; j > 0 {
			r.ctr[i][j-1].Update(bit, 255)
		}
	}
	r.t2d[r.i2d[0]].Update(bit, 60)
	r.t2d[r.i2d[1]].Update(bit, 60)
	if r.fb != nil {
		r.t2d[r.i2d[2]].Update(bit, 60)
	}
	r.used = false
}

// raClass returns, in a table's line, the class of the byte one record back (ra: behind a
// leading 1, 0 if none): 1 a digit, 2 a space, 3 another byte, 0 none; elsewhere 0.
func (r *lineRec) raClass(ra uint32) int {
	switch {
	case ra == 0 || r.fslot >= 256:
		return 0
	case isDigit(byte(ra)):
		return 1
	case byte(ra) == ' ':
		return 2
	}
	return 3
}
