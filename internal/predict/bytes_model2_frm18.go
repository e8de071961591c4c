package predict

// Sensor model 17's addition to ByteModel2 for binary records (branch frm18; FORMAT.md
// 12.8.12, docs/MODEL.md "Sensor model 17: FIRM's fields where the next-key parse holds").
//
// Model 16's own parse of the records (f16Next: a key byte, a little-endian 32-bit clock,
// each key's length learned from start to start) says, once 8 expected starts in a row were
// confirmed by their clocks (or the last one, after 256 in the block), which record and
// offset the byte to come is in. Only there model
// 17 adds to model 15's records' mixer: the record's little-endian 24-bit words (FIRM's
// pressure and temperature) and big-endian 16-bit words (its IMU's fields), each predicted by
// an LMS per (key, offset) over the same word of the key's last eight records, as expected
// bytes (a 24-bit word's byte 0; its byte 1 given byte 0; its byte 2 given bytes 0 and 1; a
// 16-bit word's high byte; its low byte given the high byte) with residual counters, and an
// order-0 counter by (key, offset) and the bits so far; the mixer's weight set is then
// chosen by (key, offset). Elsewhere the inputs are 0 and the weight set model 16's: logs
// whose records the parse does not hold code exactly as under model 16. All of it is learned
// from the coded bytes: nothing is written to the stream.

const (
	f18Gate   = 8   // the fields' inputs are on once this many expected starts in a row were confirmed ...
	f18Tot    = 256 // ... or the last one, once this many in the block were (their clocks moving)
	f18KeyRun = 1   // the next key's stage is on once the last expected start was confirmed (model 16: always) ...
	f18KeyTot = 16  // ... or this many in the block were (their clocks moving)
	f18SBits  = 10  // (key, offset) slots of the counters (and of the mixer's weight sets)
	f18CBits  = f18SBits + 3 + 3 + 4
	f18Clamp  = 1 << 19 // the LMS's inputs and errors are clamped to ±f18Clamp
	f18WSlots = 1 << 13 // (key, offset) slots of the LMS weights
	f18NE     = 6       // expected bytes
)

// f18Pend is the prediction of the word that starts at pos.
type f18Pend struct {
	pos  int // (-1: none)
	slot uint32
	pred int64
	x    [f15N]int32
}

// f18Word predicts the words of one width and byte order (3 little-endian or 2 big-endian
// bytes) per (key, offset).
type f18Word struct {
	wd   int      // bytes
	w    []int32  // per (key, offset): the LMS weights (Q16)
	act  []uint32 // per (key, offset): mean |error| (Q4)
	pend [3]f18Pend
}

func newF18Word(wd int) *f18Word {
	return &f18Word{wd: wd, w: make([]int32, f15N*f18WSlots), act: make([]uint32, f18WSlots)}
}

func (p *f18Word) reset() {
	clear(p.w)
	clear(p.act)
	p.pend = [3]f18Pend{{pos: -1}, {pos: -1}, {pos: -1}}
}

// word returns the word of h[a..a+wd-1].
func (p *f18Word) word(h []byte, a int) int64 {
	if p.wd == 3 {
		return int64(h[a]) | int64(h[a+1])<<8 | int64(h[a+2])<<16
	}
	return int64(h[a])<<8 | int64(h[a+1])
}

// learn takes the word completed by the last byte into its LMS.
func (p *f18Word) learn(h []byte) {
	n := len(h)
	if n < p.wd {
		return
	}
	q := &p.pend[(n-p.wd)%3]
	if q.pos != n-p.wd {
		return
	}
	e := clamp18(sext(p.word(h, q.pos)-q.pred, p.wd-1))
	nlmsStep(p.w[q.slot*f15N:][:f15N], &q.x, e)
	a := &p.act[q.slot]
	ae := uint32(min(absI64(e), 65535)) << 4
	*a = uint32(int32(*a) + (int32(ae)-int32(*a))>>3)
	q.pos = -1
}

// predict predicts the word at offset o of the record to come at n, from the same word of
// the key's last records (starts st[1..]), in slot ws.
func (p *f18Word) predict(h []byte, st *[f15Hist]int32, o int, ws uint32) *f18Pend {
	n := len(h)
	q := &p.pend[n%3]
	base := p.word(h, int(st[1])+o)
	w := p.w[ws*f15N:][:f15N]
	var dot int64
	for j := 0; j < f15N; j++ {
		v := int32(clamp18(sext(p.word(h, int(st[j+2])+o)-base, p.wd-1)))
		q.x[j] = v
		dot += int64(v) * int64(w[j])
	}
	q.pos, q.slot, q.pred = n, ws, base+(dot+1<<15)>>16
	return q
}

// frm18 holds model 17's (branch frm18) parts, run by f16Next where its parse holds.
type frm18 struct {
	on     bool // the byte to come is in a record whose start the parse confirmed
	last   int  // the last record start seen (pushed into st)
	st     [256][f15Hist]int32
	le, be *f18Word
	e      [f18NE]uint32 // expected bytes (behind a leading 1; 0: none)
	b      [f18NE]uint32 // their counters' bases
	i      [f18NE]uint32 // their counters of the current bit (+1; 0: none)
	ctr    []Counter
	o0     []Counter // order 0 by (key, offset) slot and the bits so far
	o0b    uint32
	o0i    uint32
}

// newFrm18 returns model 17's fields; their counters (5 MiB) are allocated when the parse
// first holds (inputs), so a log whose records it never holds on does not hold them.
func newFrm18() *frm18 {
	return &frm18{le: newF18Word(3), be: newF18Word(2)}
}

// reset returns x to its fresh state.
func (x *frm18) reset() {
	*x = frm18{le: x.le, be: x.be, ctr: x.ctr, o0: x.o0, last: -1}
	x.le.reset()
	x.be.reset()
	for i := range x.st {
		for j := range x.st[i] {
			x.st[i][j] = -1
		}
	}
	initCounters(x.ctr)
	initCounters(x.o0)
}

// clamp18 clamps v to ±f18Clamp.
func clamp18(v int64) int64 { return min(max(v, -f18Clamp), f18Clamp) }

// act18 is the activity class 0..7 of a mean |error| a (Q4).
func act18(a uint32) uint32 { return uint32(min(bitLen(a>>4), 15)) >> 1 }

// contexts runs at each byte boundary after f16Next's parse (z): the record and offset of the
// byte to come, its words' expected bytes and its order-0 slot.
func (x *frm18) contexts(z *f16Next, h []byte) {
	n := len(h)
	x.le.learn(h)
	x.be.learn(h)
	x.on = false
	x.e = [f18NE]uint32{}
	cs := -1
	switch {
	case z.e >= 0 && n > z.e && n < z.e+5: // a start expected, its clock not yet read
		cs = z.e
	case z.e >= 0 && z.p >= 0 && n > z.p && n < z.e:
		cs = z.p
	}
	if cs < 0 {
		return
	}
	k := h[cs]
	if cs != x.last {
		st := &x.st[k]
		copy(st[1:], st[:f15Hist-1])
		st[0] = int32(cs)
		x.last = cs
	}
	if z.run < f18Gate && (z.run == 0 || z.tot < f18Tot) || z.lc[k] < f16Conf {
		return
	}
	l, o := int(z.ln[k]), n-cs
	if o >= l {
		return
	}
	x.on = true
	sl := uint32(k)<<5 | uint32(min(o, 31))
	sh := sl * 0x9E3779B1 >> (32 - f18SBits)
	x.o0b = sh << 8
	st := &x.st[k]
	if st[f15Hist-1] < 0 {
		return
	}
	ws := sl & (f18WSlots - 1)
	if o+3 <= l {
		q := x.le.predict(h, st, o, ws)
		x.e[0] = uint32(q.pred)&0xFF | 0x100
		x.b[0] = sh<<3 | act18(x.le.act[ws])
	}
	if q := &x.le.pend[(n-1)%3]; q.pos == n-1 {
		x.e[1] = uint32((q.pred-int64(h[n-1])+128)>>8)&0xFF | 0x100
		x.b[1] = (sh^0x155)<<3 | act18(x.le.act[q.slot])
	}
	if q := &x.le.pend[(n-2)%3]; q.pos == n-2 {
		x.e[2] = uint32((q.pred-(int64(h[n-2])|int64(h[n-1])<<8)+1<<15)>>16)&0xFF | 0x100
		x.b[2] = (sh^0x2AA)<<3 | act18(x.le.act[q.slot])
	}
	if o >= 1 && o <= 4 && z.nt[k] == 4 {
		_, off := z.keyDue(k)
		d := z.tk[k][0] + uint32(off)
		j := uint(o - 1)
		var lo uint32
		for i := uint(0); i < j; i++ {
			lo |= uint32(h[cs+1+int(i)]) << (8 * i)
		}
		r := d - lo
		if j > 0 {
			r += 1 << (8*j - 1)
		}
		x.e[5] = r>>(8*j)&0xFF | 0x100
		x.b[5] = (sh^0x3C3)<<3 | uint32(j)
	}
	if o+2 <= l {
		q := x.be.predict(h, st, o, ws)
		x.e[3] = uint32((q.pred+128)>>8)&0xFF | 0x100
		x.b[3] = (sh^0x0F0)<<3 | act18(x.be.act[ws])
	}
	if q := &x.be.pend[(n-1)%3]; q.pos == n-1 {
		x.e[4] = uint32(min(max(sext(q.pred-int64(h[n-1])<<8, 1), 0), 255)) | 0x100
		x.b[4] = (sh^0x30F)<<3 | act18(x.be.act[q.slot])
	}
}

// inputs adds the current bit's inputs (c0 the bits so far) to mx: the expected bytes'
// residual counters and the order-0 slot counter, or zeros where the parse does not hold.
func (x *frm18) inputs(mx *Mixer, c0 uint32) {
	if !x.on {
		for range f18NE + 1 {
			mx.Add(0)
		}
		return
	}
	if x.ctr == nil {
		x.ctr, x.o0 = make([]Counter, 1<<f18CBits), make([]Counter, 1<<(f18SBits+8))
		initCounters(x.ctr)
		initCounters(x.o0)
	}
	n := bitLen(c0) - 1
	for k, e := range &x.e {
		x.i[k] = 0
		if e != 0 {
			x.i[k] = (x.b[k]<<3|uint32(n))<<4 | res15Class(c0, e, n) + 1
			mx.Add(Stretch(x.ctr[(x.i[k]-1)&(1<<f18CBits-1)].P()))
		} else {
			mx.Add(0)
		}
	}
	x.o0i = x.o0b | c0
	mx.Add(Stretch(x.o0[x.o0i].P()))
}

// set is the records' mixer's weight set where model 17's inputs are on: the (key, offset)
// slot's.
func (x *frm18) set() int { return int(x.o0b >> 8) }

// update learns the coded bit in the counters of inputs.
func (x *frm18) update(bit int) {
	if !x.on {
		return
	}
	for _, i := range &x.i {
		if i != 0 {
			x.ctr[(i-1)&(1<<f18CBits-1)].Update(bit, 1023)
		}
	}
	x.o0[x.o0i].Update(bit, 255)
}

// NewByteModel2Model17Frm returns a fresh model of sensor model 17's bytes blocks (branch
// frm18): model 16's with FIRM's fields where the next-key parse holds.
func NewByteModel2Model17Frm() *ByteModel2 {
	m := newByteModel2Model17Frm(false)
	m.Reset()
	return m
}

func newByteModel2Model17Frm(resetEach bool) *ByteModel2 {
	m := newByteModel2Model16Frm(false)
	m.v17frm = true
	f := m.f15
	f.nk.x18 = newFrm18()
	f.nk.gate, f.nk.totGate = f18KeyRun, f18KeyTot
	f.mix = NewMixer(7+f18NE+1, (1<<f15SBits+1)<<3, 0, 24)
	if resetEach {
		m.Reset()
	}
	return m
}

// Model17Frm tells whether m is sensor model 17's variant of branch frm18
// (NewByteModel2Model17Frm).
func (m *ByteModel2) Model17Frm() bool { return m.v17frm }
