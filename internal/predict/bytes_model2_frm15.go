package predict

// Sensor model 15's additions to ByteModel2 for binary records (branch frm15; FORMAT.md
// 12.8.10, docs/MODEL.md "Sensor model 15: binary records (branch frm15)").
//
// Model 10's learned records give every byte a (key, offset) slot. Model 15 reads the bytes
// at each offset as 16-bit words in both byte orders and predicts each word by an LMS over
// the same word of the key's last eight records. Every byte then has up to three expected
// bytes (a big-endian word's high byte; its low byte given the high byte just coded; a
// little-endian word's high byte given its low byte), each with residual counters by slot,
// activity (the slot's mean |error|), bit position and the class of the bits so far against
// it; a mixer with a weight set per slot takes them into the final probability (so the
// field's layout is learnt per offset), and an APM by slot and the bits so far refines it.

const (
	f15ApmBits = 8           // (key, offset) slots of the final APM
	f15Hist    = 9           // record starts kept per key
	f15N       = f15Hist - 2 // the LMS's inputs: W2..W8 less W1
	f15SBits   = 10          // (key, offset, high/low) slots of the residual counters
	f15CBits   = f15SBits + 3 + 3 + 4
	f15Rate    = 4 // the LMS's step: 1/2^f15Rate of the normalized error
)

// f15Pend is a word predictor's prediction made at a byte boundary.
type f15Pend struct {
	pos   int // the word's first byte's position (-1: none)
	slot  uint32
	base  int64
	pred  int64
	x     [f15N]int32
	valid bool
}

// f15Word is a learned predictor of 16-bit words, one per (key, offset), big- or
// little-endian.
type f15Word struct {
	le   bool
	w    []int32  // per (key, offset): the LMS weights (Q16)
	act  []uint16 // per (key, offset): mean |error| (Q4)
	pend [2]f15Pend
}

// newF15Word returns a fresh word predictor (little-endian if le).
func newF15Word(le bool) *f15Word {
	return &f15Word{le: le, w: make([]int32, f15N<<rec2KBits), act: make([]uint16, 1<<rec2KBits)}
}

// reset returns the predictor to its fresh state.
func (p *f15Word) reset() {
	clear(p.w)
	clear(p.act)
	p.pend = [2]f15Pend{{pos: -1}, {pos: -1}}
}

// word returns the 16-bit word of h[a] and h[a+1] in the predictor's byte order.
func (p *f15Word) word(h []byte, a int) int64 {
	if p.le {
		return int64(h[a]) | int64(h[a+1])<<8
	}
	return int64(h[a])<<8 | int64(h[a+1])
}

// learn takes the word completed at the last byte (its first byte at n-2) into its
// predictor, and returns the prediction of the word whose first byte was the last one (or
// nil), and the entry that the next prediction replaces.
func (p *f15Word) learn(h []byte) (prev, next *f15Pend) {
	n := len(h)
	for i := range p.pend {
		q := &p.pend[i]
		if q.pos == n-2 && q.valid {
			e := sext(p.word(h, n-2)-q.pred, 1)
			nlmsStep(p.w[q.slot*f15N:][:f15N], &q.x, e)
			a := &p.act[q.slot]
			ae := uint16(min(absI64(e), 4095)) << 4
			*a = uint16(int32(*a) + (int32(ae)-int32(*a))>>3)
		}
		if q.pos == n-1 && q.valid {
			prev = q
		}
	}
	k := 0
	if p.pend[0].pos == n-1 {
		k = 1
	}
	next = &p.pend[k]
	next.pos, next.valid = n, false
	return prev, next
}

// predict sets np to the prediction of the word at offset d of the current record, from
// the same word of the key's last records (starts st[1..]).
func (p *f15Word) predict(h []byte, st *[f15Hist]int32, d int, slot uint32, np *f15Pend) {
	base := p.word(h, int(st[1])+d)
	w := p.w[slot*f15N:][:f15N]
	var dot int64
	for j := 0; j < f15N; j++ {
		x := int32(sext(p.word(h, int(st[j+2])+d)-base, 1))
		np.x[j] = x
		dot += int64(x) * int64(w[j])
	}
	np.base = base
	np.pred = base + (dot+1<<15)>>16
	np.slot = slot
	np.valid = true
}

// frm15 holds model 15's binary-record parts.
type frm15 struct {
	apm    *APM
	ok     bool // the byte is in a learned record (its slot valid)
	slot   uint32
	used   bool
	st     [256][f15Hist]int32
	lastS  int32
	be, le *f15Word
	e      [3]uint32 // expected bytes: BE high, BE low, LE high (behind a leading 1; 0: none)
	b      [3]uint32 // their counters' bases
	i      [3]uint32 // their counters of the current bit (+1; 0: none)
	nk     *f16Next  // model 16's (branch frm16) next record's key (nil: model 15)
	any    bool
	ctr    []Counter
	mix    *Mixer
	msl    uint32
}

// newFrm15 returns model 15's parts (reset by ByteModel2.Reset).
func newFrm15() *frm15 {
	return &frm15{apm: NewAPM(1<<(f15ApmBits+8), 7), be: newF15Word(false), le: newF15Word(true),
		ctr: make([]Counter, 1<<f15CBits), mix: NewMixer(5, 1<<(f15SBits+3), 0, 24)}
}

// reset returns the parts to their fresh state.
func (f *frm15) reset() {
	f.apm.Reset()
	f.ok, f.used = false, false
	for i := range f.st {
		for j := range f.st[i] {
			f.st[i][j] = -1
		}
	}
	f.lastS = -1
	f.be.reset()
	f.le.reset()
	f.e, f.i, f.any = [3]uint32{}, [3]uint32{}, false
	for i := range f.ctr {
		f.ctr[i] = NewCounter()
	}
	f.mix.passFirst()
	if f.nk != nil {
		f.nk.reset()
	}
}

// actBucket returns the activity class 0..7 of a mean |error| a (Q4): its bit length.
func actBucket(a uint16) uint32 {
	return uint32(min(bitLen(uint32(a)>>4), 7))
}

// recContexts15 runs at a byte boundary after model 10's recNumContexts: the key's starts,
// the word predictors' learning and predictions, and the expected bytes.
func (m *ByteModel2) recContexts15() {
	f := m.f15
	r := m.recA
	h := m.hist
	n := len(h)
	f.ok = m.zok
	if f.ok {
		f.slot = m.zi * 0x9E3779B1 >> (32 - f15ApmBits)
	}
	if r.S >= 0 && int32(r.S) != f.lastS {
		st := &f.st[r.K]
		copy(st[1:], st[:f15Hist-1])
		st[0] = int32(r.S)
		f.lastS = int32(r.S)
	}
	f.e = [3]uint32{}
	f.any = false
	if n < 2 {
		return
	}
	if f.nk != nil {
		f.nk.contexts(r, h)
		f.any = f.nk.active()
		if x := f.nk.x18; x != nil && x.on {
			f.ok, f.slot = true, uint32(x.set())>>(f18SBits-f15ApmBits)
		}
	}
	pb, nb := f.be.learn(h)
	pl, nl := f.le.learn(h)
	if pb != nil {
		lo := min(max(sext(pb.pred-int64(h[n-1])<<8, 1), 0), 255)
		f.e[1] = uint32(lo) | 0x100
		f.b[1] = (pb.slot*0x9E3779B1>>(32-f15SBits)^1)<<3 | actBucket(f.be.act[pb.slot])
		f.msl = f.b[1] >> 3
		f.any = true
	}
	if pl != nil {
		f.e[2] = uint32((pl.pred-int64(h[n-1])+128)>>8)&0xFF | 0x100
		f.b[2] = (pl.slot*0x9E3779B1>>(32-f15SBits)^2)<<3 | actBucket(f.le.act[pl.slot])
		f.msl = f.b[2] >> 3
		f.any = true
	}
	if !r.ok2 {
		return
	}
	d := r.dist2
	st := &f.st[r.key2b]
	for i := 1; i < f15Hist; i++ {
		if st[i] < 0 || int(st[i])+d+1 >= n {
			return
		}
	}
	slot := uint32(r.key2b*32+min(d, 31)) & (1<<rec2KBits - 1)
	f.be.predict(h, st, d, slot, nb)
	f.le.predict(h, st, d, slot, nl)
	f.e[0] = uint32((nb.pred+128)>>8)&0xFF | 0x100
	f.b[0] = (slot*0x9E3779B1>>(32-f15SBits))<<3 | actBucket(f.be.act[slot])
	f.msl = slot * 0x9E3779B1 >> (32 - f15SBits)
	f.any = true
}

// absI64 returns |x|.
func absI64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// res15Class: the class of the byte's bits so far c0 (n of them) against e: 0..14 for a
// residual of -7..7 (clamped), 15 for 0 where e's next bit is a 1.
func res15Class(c0, e uint32, n int) uint32 {
	d := int(c0) - int(e>>(8-n))
	d = min(max(d, -7), 7)
	if d == 0 && e>>(7-n)&1 == 1 {
		return 15
	}
	return uint32(d + 7)
}

// recFinal15 refines the final probability (after model 14's final14): the expected bytes'
// counters mixed by slot, then the APM by slot.
func (m *ByteModel2) recFinal15(n int) {
	f := m.f15
	f.used = false
	f.i = [3]uint32{}
	if f.any {
		mx := f.mix
		mx.Add(Stretch(m.pr))
		for k, e := range &f.e {
			if e != 0 {
				f.i[k] = (f.b[k]<<3|uint32(n))<<4 | res15Class(m.c0, e, n) + 1
				mx.Add(Stretch(f.ctr[(f.i[k]-1)&(1<<f15CBits-1)].P()))
			} else {
				mx.Add(0)
			}
		}
		set := int(f.msl)
		if f.nk != nil {
			set = f.nk.inputs(mx, m.c0, set)
		}
		mx.Add(256)
		m.pr = mx.Mix(set<<3 | n)
		f.used = true
	}
	if !f.ok {
		return
	}
	a := f.apm.P(m.pr, int(f.slot<<8|m.c0))
	m.pr = (m.pr + 3*a) >> 2
	f.used = true
}

// recUpdate15 learns the coded bit in recFinal15's APM, counters and mixer.
func (m *ByteModel2) recUpdate15(bit int) {
	f := m.f15
	if !f.used {
		return
	}
	if f.ok {
		f.apm.Update(bit)
	}
	if f.any {
		f.mix.Update(bit)
		if f.nk != nil {
			f.nk.update(bit)
		}
		for _, i := range &f.i {
			if i != 0 {
				f.ctr[(i-1)&(1<<f15CBits-1)].Update(bit, 255)
			}
		}
	}
}

// nlmsStep moves the word predictor's weights w by the normalized error e of inputs x: each
// by e·x·2^16/2^f15Rate over 64 + |x|², clamped to ±2^18 (model 15's 16-bit words and model
// 17's 16- and 24-bit ones).
func nlmsStep(w []int32, x *[f15N]int32, e int64) {
	norm := int64(64)
	for _, v := range x {
		norm += int64(v) * int64(v)
	}
	for j, v := range x {
		w[j] += int32((e * int64(v) << 16 >> f15Rate) / norm)
		w[j] = min(max(w[j], -1<<18), 1<<18)
	}
}
