package predict

// Sensor model 14's additions to ByteModel2 (NewByteModel2Model14; FORMAT.md 12.8.9,
// docs/MODEL.md "Sensor model 14: binary records (branch frm14)").
//
// Model 10's learned records predict a little-endian word's byte k = 1..3 from the same
// field of the last two records of the same key, extrapolated (2·W1 − W2) or repeated. A
// clock read at a fixed period with jitter (FIRM's timestamps: each packet type at its own
// period, a packet late when another was being read) is badly served by either: one late
// record makes the extrapolated step wrong twice, once late and once early. Model 14 adds a
// third prediction per word byte, the record's *phase*: with S the median of the key's last
// three steps (W1 − W2, W2 − W3, W3 − W4, as signed words of k+1 bytes), the median of
// W1 + S, W2 + 2·S and W3 + 3·S, so that one late record among the last three moves
// nothing. Its three bytes k = 1..3 are three more candidates beside model 10's six, chosen
// by the same hit rates per (key, offset). Where the best candidate gives the expected byte,
// the residual's counters (below) learn how far from it the byte falls.

const (
	rec14Words = rec2Words + 3 // model 10's six, then k = 1..3 by the phase
	rec14Hist  = 5             // record starts kept per key
)

// rec14 is model 14's record history.
type rec14 struct {
	st    [256][rec14Hist]int32 // per key, its last records' starts, the latest first (-1: none)
	lastS int32                 // the current record's start (as last seen), or -1
	e     uint32                // the expected byte of the residual's counters (behind a leading 1; 0: none)
	zi    uint32                // and its (key, offset) slot
	ri    uint32                // the residual's counter of the current bit
	used  bool
	q     uint8 // the best candidate's hit rate in 4 steps
	ctr   []Counter
	mix   *Mixer
}

func (r *rec14) reset() {
	for i := range r.st {
		for j := range r.st[i] {
			r.st[i][j] = -1
		}
	}
	r.lastS, r.e, r.used = -1, 0, false
	for i := range r.ctr {
		r.ctr[i] = NewCounter()
	}
	r.mix.passFirst()
}

// NewByteModel2Model14 returns a fresh model of sensor model 14's bytes blocks: model 13's
// with the records' phase among the word candidates (bytes_model2_v14.go).
func NewByteModel2Model14() *ByteModel2 {
	m := newByteModel2Model14(false)
	m.Reset()
	return m
}

func newByteModel2Model14(resetEach bool) *ByteModel2 {
	m := newByteModel2Model13(resetEach)
	m.v14 = true
	m.zk = make([]uint16, rec14Words<<rec2KBits)
	m.r14 = &rec14{ctr: make([]Counter, 1<<res14Bits), mix: NewMixer(3, 8*8*4, 0, res14Rate)}
	if resetEach {
		m.Reset()
	}
	return m
}

// Model14 tells whether m is sensor model 14's variant (NewByteModel2Model14).
func (m *ByteModel2) Model14() bool { return m.v14 }

// observe14 follows model 10's learned records (after observe2): at a record's start, its
// key's history of starts.
func (r *rec14) observe14(a *recAnchors) {
	if a.S < 0 || int32(a.S) == r.lastS {
		return
	}
	st := &r.st[a.K]
	copy(st[1:], st[:rec14Hist-1])
	st[0] = int32(a.S)
	r.lastS = int32(a.S)
}

// leWord returns the little-endian word of k+1 bytes whose top byte is h[a] (0 where before
// the stream).
func leWord(h []byte, a, k int) int64 {
	var w int64
	for i := 0; i <= k; i++ {
		w <<= 8
		if a-i >= 0 {
			w |= int64(h[a-i])
		}
	}
	return w
}

// leExpP returns the byte expected next as byte k (1..3) of a little-endian word whose value
// is expected to be pred, its k bytes below known (the last k of h).
func leExpP(h []byte, pred int64, k int) uint32 {
	n := len(h)
	var lo int64
	for i := 1; i <= k; i++ {
		lo = lo<<8 | int64(h[n-i])
	}
	return uint32((pred-lo+1<<(8*k-1))>>(8*k)) & 0xFF
}

// sext returns x as a signed word of k+1 bytes (the difference of two such words).
func sext(x int64, k int) int64 {
	sh := 64 - 8*(k+1)
	return x << sh >> sh
}

// median3x returns the median of a, b and c.
func median3x(a, b, c int64) int64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	return max(a, b)
}

// phaseCandidates14 sets the phase's three word candidates (after model 10's six) of the
// learned record r, where its key has five starts before the aligned byte (none otherwise).
func (m *ByteModel2) phaseCandidates14(r *recAnchors) {
	h := m.hist
	d := r.dist2
	st := &m.r14.st[r.key2b]
	for i := rec2Words; i < rec14Words; i++ {
		m.zc[i] = 0
	}
	// (a record start can move back to an earlier byte: starts past the aligned byte give none)
	if st[4] >= 0 && int(max(st[1], st[2], st[3], st[4]))+d < len(h) {
		for k := 1; k <= 3; k++ {
			w1, w2 := leWord(h, int(st[1])+d, k), leWord(h, int(st[2])+d, k)
			w3, w4 := leWord(h, int(st[3])+d, k), leWord(h, int(st[4])+d, k)
			s := median3x(sext(w1-w2, k), sext(w2-w3, k), sext(w3-w4, k))
			m.zc[rec2Words+k-1] = leExpP(h, w1+median3x(s, sext(w2-w1, k)+2*s, sext(w3-w1, k)+3*s), k) | 0x100
		}
	}
}

// The residual's counters. Model 10's expected byte and its ±1 neighbours say nothing of a
// byte two or more away, and a jittered clock's byte often is. Where the record's best
// candidate gives the expected byte e, a counter per (key, offset), bit position and class
// of the residual so far (the byte's bits so far minus e's at that resolution, −3..3; at 0,
// by the bit e expects) learns the residual's distribution at every resolution; a small
// mixer (the final probability, the counter's, a bias; its weight set by the bit position,
// the class and the candidate's hit rate in 4 steps) takes it into the final probability.
const (
	res14Bits  = rec2KBits + 3 + 3 // (key, offset), bit position, class
	res14Rate  = 24
	res14Limit = 255
)

// res14Class returns the residual class of the byte's bits so far c0 (n of them, behind a
// leading 1) against the expected byte e (behind a leading 1): 0..6 for a residual of −3..3
// (clamped), 7 for 0 where e's next bit is a 1.
func res14Class(c0, e uint32, n int) int {
	d := int(c0) - int(e>>(8-n))
	d = min(max(d, -3), 3)
	if d == 0 && e>>(7-n)&1 == 1 {
		return 7
	}
	return d + 3
}

// final14 refines the final probability by the residual's counter where the learned
// record's best candidate gives an expected byte.
func (m *ByteModel2) final14(n int) {
	z := m.r14
	z.used = false
	if z.e == 0 {
		return
	}
	cls := res14Class(m.c0, z.e, n)
	z.ri = (z.zi<<3|uint32(n))<<3 | uint32(cls)
	mx := z.mix
	mx.Add(Stretch(m.pr))
	mx.Add(Stretch(z.ctr[z.ri].P()))
	mx.Add(256)
	m.pr = mx.Mix((n*8+cls)*4 + int(z.q))
	z.used = true
}

// update14 learns the coded bit in final14's counter and mixer.
func (m *ByteModel2) update14(bit int) {
	z := m.r14
	if !z.used {
		return
	}
	z.ctr[z.ri].Update(bit, res14Limit)
	z.mix.Update(bit)
}
