package predict

// Sensor model 16's addition to ByteModel2 for binary records (branch frm16; FORMAT.md
// 12.8.11, docs/MODEL.md "Sensor model 16: the next record's key (issue 12, branch
// `frm16`)").
//
// In a log of records that each start with a key byte (the record's type) and a
// little-endian 32-bit clock, as FIRM's packets do, the types come in the order their
// periodic reads fall due. Model 15 codes the key byte from the byte history (about one bit a
// record). Model 16 parses the records itself, keeps each key's last four clocks, and at a
// record's end gives two counters, by the keys in the order they are next due and how far
// apart the first two are, to model 15's records' mixer (a weight set of their own). All of
// it is learned from the coded bytes: nothing is written to the stream.

const (
	f16NKeys  = 8       // record keys followed for the next record's key
	f16NCBits = 10      // hashed contexts of each next-key counter table
	f16Span   = 1 << 24 // a record's clock is less than this after the last record's
	f16Conf   = 3       // a key's length holds once confirmed this many times
	f16Reach  = 256     // a start is looked for up to this far after the last one
)

// f16Next predicts the key of the record that follows a record's end, for records of a key
// byte and a little-endian 32-bit clock (FIRM's packets). It parses the records itself: a
// start is a record-like byte (model 10's rs score) whose clock is less than f16Span after
// the last start's; each key learns its record's length (the distance to the next start,
// confirmed f16Conf times), and while the lengths hold, the next start is known before its
// byte. Each key's next clock is due at its phase (model 14's: the median of T1 + S,
// T2 + 2·S, T3 + 3·S, S the median of its last three steps); the keys in the order they
// fall due, and how far apart the first two are, say which comes next.
type f16Next struct {
	mru     [f16NKeys]byte // keys of the latest starts, the latest first
	nmru    int
	p       int            // the last start (-1: none)
	pt      uint32         // its clock
	e       int            // the next start, where the last start's key's length holds (-1: none)
	ln      [256]uint8     // per key, its learned length
	lc      [256]uint8     // and its confirmations (0..15)
	tk      [256][4]uint32 // per key, its last four clocks, the latest first
	nt      [256]uint8     // (how many, at most 4)
	at      bool           // the byte to come starts a record: the counters below are on
	run     uint8          // expected starts confirmed by their clocks in a row (model 17, frm18)
	gate    uint8          // the counters are on only once run is at least this (model 17; 0: model 16) ...
	totGate uint16         // ... or tot is (model 17)
	tot     uint16         // expected starts confirmed by clocks that moved (model 17, frm18)
	x18     *frm18         // model 17's (branch frm18) fields where the parse holds (nil: model 16)
	base    [2]uint32
	idx     [2]uint32 // the current bit's counters (+1)
	t       []Counter
}

// newF16Next returns the next key's stage; its counters (2 MiB) are allocated when a byte
// first starts an expected record (inputs), so a log whose records the parse never finds
// does not hold them.
func newF16Next() *f16Next {
	return &f16Next{}
}

// reset returns z to its fresh state.
func (z *f16Next) reset() {
	t, gate, totGate, x18 := z.t, z.gate, z.totGate, z.x18
	*z = f16Next{t: t, p: -1, e: -1, gate: gate, totGate: totGate, x18: x18}
	if x18 != nil {
		x18.reset()
	}
	initCounters(z.t)
}

// le32 returns the little-endian 32-bit word of h[a..a+3].
func le32(h []byte, a int) uint32 {
	return uint32(h[a]) | uint32(h[a+1])<<8 | uint32(h[a+2])<<16 | uint32(h[a+3])<<24
}

// accept makes s (its clock readable) the last start: the last start's key learns its
// length from it, s's key its clock, and the next start is expected where s's key's
// length holds.
func (z *f16Next) accept(h []byte, s int) {
	if z.p >= 0 {
		k := h[z.p]
		if l := s - z.p; l < 256 {
			switch {
			case int(z.ln[k]) == l:
				z.lc[k] = min(z.lc[k]+1, 15)
			case z.lc[k] > 0:
				z.lc[k]--
			default:
				z.ln[k], z.lc[k] = uint8(l), 1
			}
		}
	}
	k := h[s]
	z.p, z.pt = s, le32(h, s+1)
	tk := &z.tk[k]
	copy(tk[1:], tk[:3])
	tk[0] = z.pt
	z.nt[k] = min(z.nt[k]+1, 4)
	i := 0
	for i < z.nmru && z.mru[i] != k {
		i++
	}
	if i == z.nmru {
		if z.nmru < f16NKeys {
			z.nmru++
		}
		i = z.nmru - 1
	}
	copy(z.mru[1:i+1], z.mru[:i])
	z.mru[0] = k
	z.e = -1
	if z.lc[k] >= f16Conf {
		z.e = s + int(z.ln[k])
	}
}

// contexts runs at each byte boundary (model 15's records' contexts, r its learned records):
// it follows the records and, where the byte to come starts one, computes the next key's
// contexts.
func (z *f16Next) contexts(r *recAnchors, h []byte) {
	n := len(h)
	z.at = false
	if s := n - 5; s >= 0 {
		switch {
		case z.e >= 0 && s == z.e: // the expected start's clock is readable
			if d := le32(h, s+1) - z.pt; d < f16Span {
				z.accept(h, s)
				if d != 0 {
					z.run = min(z.run+1, 255)
					z.tot = min(z.tot+1, 1<<15)
				} else { // (a clock that stands still: text, such as a candump's timestamps)
					z.run = 0
				}
			} else {
				k := h[z.p]
				z.lc[k] = max(z.lc[k], 1) - 1
				z.e = -1
				z.run = 0
			}
		case z.e < 0 && s > z.p && r.rs[h[s]] >= rec2Like && (z.p < 0 || le32(h, s+1)-z.pt < f16Span && s-z.p < f16Reach):
			z.accept(h, s)
			z.run = 0
		case z.e < 0 && z.p >= 0 && s-z.p >= f16Reach:
			z.p = -1
			z.run = 0
		}
	}
	if z.x18 != nil {
		z.x18.contexts(z, h)
	}
	if z.e != n || z.p < 0 || z.run < z.gate && z.tot < z.totGate {
		return
	}
	var due [f16NKeys]int64
	var key [f16NKeys]byte
	nd := 0
	for _, k := range z.mru[:z.nmru] {
		if z.nt[k] < 4 {
			continue
		}
		sp, off := z.keyDue(k)
		if sp <= 0 {
			continue
		}
		d := int64(int32(z.tk[k][0]-z.pt)) + off
		j := nd
		for j > 0 && (due[j-1] > d || due[j-1] == d && key[j-1] > k) {
			due[j], key[j] = due[j-1], key[j-1]
			j--
		}
		due[j], key[j] = d, k
		nd++
	}
	if nd == 0 {
		return
	}
	gb, k2 := uint32(0), uint32(0x1FF)
	if nd > 1 {
		gb = uint32(bitLen(uint32(min(due[1]-due[0], 1<<31-1)))) / 2
		k2 = uint32(key[1])
	}
	x := hashByte(hashByte(hashByte(151, uint32(key[0])), k2), gb|uint32(nd)<<5)
	y := x
	for _, k := range key[min(2, nd):nd] {
		y = hashByte(y, uint32(k))
	}
	y = hashByte(y, uint32(h[z.p]))
	z.base[0] = (x * 0x9E3779B1 >> (32 - f16NCBits)) << 8
	z.base[1] = 1<<(f16NCBits+8) | (y*0x9E3779B1>>(32-f16NCBits))<<8
	z.at = true
}

// inputs adds the next key's two counters of the current bit (c0 the bits so far) to mx, or
// two zeros where the byte does not start a record, and returns the mixer's weight set: set,
// or the next key's own (1 << f15SBits).
func (z *f16Next) inputs(mx *Mixer, c0 uint32, set int) int {
	if z.x18 != nil {
		z.x18.inputs(mx, c0)
		if z.x18.on {
			set = z.x18.set()
		}
	}
	if !z.at {
		mx.Add(0)
		mx.Add(0)
		return set
	}
	if z.t == nil {
		z.t = make([]Counter, 2<<(f16NCBits+8))
		initCounters(z.t)
	}
	for j := range z.idx {
		z.idx[j] = z.base[j] | c0 + 1
		mx.Add(Stretch(z.t[z.idx[j]-1].P()))
	}
	return 1 << f15SBits
}

// keyDue returns key k's step (the median of its last three, from its last four clocks) and
// when it falls due next, as an offset from its last clock: the median of T1 + S, T2 + 2·S
// and T3 + 3·S (model 14's phase).
func (z *f16Next) keyDue(k byte) (step, off int64) {
	t := &z.tk[k]
	step = median3x(int64(int32(t[0]-t[1])), int64(int32(t[1]-t[2])), int64(int32(t[2]-t[3])))
	return step, median3x(step, int64(int32(t[1]-t[0]))+2*step, int64(int32(t[2]-t[0]))+3*step)
}

// active tells whether the byte to come has inputs of the next key's stage (or model 17's,
// branch frm18).
func (z *f16Next) active() bool {
	return z.at || z.x18 != nil && z.x18.on
}

// update learns the coded bit in the counters of inputs.
func (z *f16Next) update(bit int) {
	if z.x18 != nil {
		z.x18.update(bit)
	}
	if !z.at {
		return
	}
	for _, i := range z.idx {
		z.t[i-1].Update(bit, 255)
	}
}

// NewByteModel2Model16Frm returns a fresh model of sensor model 16's bytes blocks (branch
// frm16): model 15's with the next record's key.
func NewByteModel2Model16Frm() *ByteModel2 {
	m := newByteModel2Model16Frm(false)
	m.Reset()
	return m
}

func newByteModel2Model16Frm(resetEach bool) *ByteModel2 {
	m := newByteModel2Model15(resetEach)
	m.v16frm = true
	f := m.f15
	f.nk = newF16Next()
	f.mix = NewMixer(7, (1<<f15SBits+1)<<3, 0, 24)
	if resetEach {
		m.Reset()
	}
	return m
}

// Model16Frm tells whether m is sensor model 16's variant of branch frm16
// (NewByteModel2Model16Frm).
func (m *ByteModel2) Model16Frm() bool { return m.v16frm }
