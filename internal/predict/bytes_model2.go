package predict

import (
	"math/bits"
	"slices"
)

// ByteModel2 is the second byte model of bytes blocks (docs/FORMAT.md §12.6, mark 1026),
// ByteModel's successor: the same bit-by-bit context mixing, with 25 hashed contexts (ByteModel's
// ten, plus orders 5 and 8, sparse, indirect, field, match-byte, aligned-match and byte-position
// contexts) whose buckets are confirmed by a tag, a run input per context (the last byte seen
// in it and how often in a row), three mixers joined by a fourth, and three APMs. Measured
// on the tuned-on logs (one model per MiB, as blocks): nmea2000_can 38,798 -> 33,224 bytes,
// ublox_f9p 505,970 -> 418,527. All arithmetic is integer and nothing is allocated per byte.
type ByteModel2 struct {
	t      []Counter // hashed contexts, b2Bits of index
	o0     [256]Counter
	base   [b2Ctx]uint32 // each hashed context's hash at the byte boundary
	idx    [b2Ctx]uint32 // its counter for the current bit
	bucket [b2Ctx]uint32 // its bucket of 16 counters for the current nibble
	first  [b2Ctx]uint32 // its bucket of the byte's first nibble (whose first word holds the run)
	runCtr [b2Ctx][32]Counter
	runIn  [b2Ctx]int32 // the run's counter index +1 (0: no prediction), sign by the bit predicted
	// The contexts whose run predicts the byte so far (a bit each), read from their first
	// words at each nibble's start (only then can those words change), with the byte each
	// predicts (behind a leading 1) and its run's counter index +1 for a 0.
	runAlive uint32
	runByte  [b2Ctx]uint32
	runBase  [b2Ctx]int32
	// Three mixers of the same inputs (each as a Mixer of rate 20 would compute): weight sets
	// chosen by the bits so far and the match (w1), by the last byte and the bit position
	// (w2), by the byte one record back (w3).
	in         [b2Inputs]int32
	touch      uint32 // (a sum of loads kept only so that the compiler keeps them)
	w1, w2, w3 []int32
	s1, s2, s3 *[b2Inputs]int32 // the selected sets
	p1, p2, p3 uint32
	mixF       *Mixer // the three mixers' outputs mixed, its weight set chosen by the byte's bits so far
	apm2       *APM
	apm3       *APM   // on the match state and the byte's bits so far
	ra         uint32 // the byte one record back, behind a leading 1 (0: no record)
	apm        *APM
	c0         uint32        // the bits of the current byte so far, behind a leading 1
	c8         uint64        // the last 8 bytes, the latest lowest
	word       uint32        // hash of the letters and digits of the current word
	col        int           // bytes since the last line feed
	ind1       [256]uint16   // per byte value, the two bytes that followed its last occurrences
	ind2       [65536]uint16 // the same per pair of bytes
	field      uint32        // fields (separated by a space, comma, semicolon or tab) since the last line feed
	fcol       int           // bytes since the field's start
	line       []byte        // the current line so far (up to b2Line)
	prev       []byte        // the previous line (up to b2Line)
	hist       []byte        // the stream so far (for the match model)
	mtab       []int32
	mptr       int // where the match continues in hist (0: none)
	aptr       int // where the last match would continue had it not failed (0: none)
	mlen       int
	mbit       int // the bit the match predicts, or −1
	mctr       [64]Counter
	apmPr      uint32
	pr         uint32
	rec        recordLength // the record length (record_length.go)

	// Model 6 (NewByteModel2Model6): beside each table counter a bit-history state (st, at
	// the counter's index), turned into a probability by a StateMap per context (sm), whose
	// stretch is one more input per context to each of the three mixers (weights ws1-ws3).
	v6            bool
	apm0          *APM   // (model 6) on the byte's bits so far
	conf          uint32 // (model 6) how many contexts knew the nibble's bucket, in steps
	st            []uint8
	sm            [b2Ctx][b2States]Counter
	sIn           [b2Tail]int32 // (inputs past b2Ctx stay 0)
	sCur          [b2Ctx]uint16 // the StateMap entries read by P
	ws1, ws2, ws3 []int32
	t1, t2, t3    *[b2Tail]int32 // the selected sets' tails

	// Model 7 (NewByteModel2Model7): b2X more hashed contexts from the record view
	// (bytes_model2_rec.go), each a counter and a bit-history state whose stretches are inputs
	// b2Ctx+i and b2Ctx+b2X+i of the tail.
	v7    bool
	recA  *recAnchors
	xbase [b2X]uint32
	xidx  [b2X]uint32
	xbkt  [b2X]uint32
	xsm   [b2X][b2States]Counter
	xCur  [b2X]uint16
	// Expected bytes (record view): the byte each numeric prediction expects (behind a
	// leading 1; 0: none), its counters by the record's distance bucket, bit position, its
	// last two outcomes and the bit it expects, and the counter of the current bit (+1; 0:
	// the prediction failed).
	xexp  [b2E]uint32
	xhit  [b2E]uint8
	xectr [b2E][64 * recJB]Counter
	xeIdx [b2E]uint16
	xjb   uint8 // the record's distance bucket

	// Model 8 (NewByteModel2Model8): b2Y more hashed contexts and b2YE expected bytes from
	// the column numbers of text lines (bytes_model2_v8.go), inputs b2YIn on of the tail.
	v8    bool
	prev2 []byte // the line before prev (up to b2Line)
	ybase [b2Y]uint32
	yidx  [b2Y]uint32
	ybkt  [b2Y]uint32
	ysm   [b2Y][b2States]Counter
	yCur  [b2Y]uint16
	yexp  [b2YE]uint32
	yhit  [b2YE]uint8
	yectr [b2YE][64 * 64]Counter // (yr < 16 but for model 11)
	yeIdx [b2YE]uint16
	yr    uint8 // digits below the current column (at most 7)
	// The line's key (lineKeyByte) and the last two lines' starts (+1) per key hash.
	lkey, kfield   uint32
	kn             int
	kdot, lkeyOK   bool
	lstart         int
	lkLast, lkPrev []int32

	// Model 9 (NewByteModel2Model9): the hex payload of a candump line (bytes_model2_v9.go).
	v9    bool
	hexAt int // the current line's payload's first column (after a '#'), or −1
	// The last two lines' starts (+1) per hash of line key and payload's first byte.
	lfLast, lfPrev []int32
	lkeys          [b8KeyFields]uint32 // the line's keys so far (table indices)

	// Model 10 (NewByteModel2Model10): the binary records' numbers (bytes_model2_v10.go).
	v10 bool
	zk  []uint16           // per (record key, offset): how well each word byte (zc) predicted (EMA)
	zc  [rec14Words]uint32 // byte k = 1..3 of a little-endian word, extrapolated, then repeated (model 14: and the phase's three)
	zi  uint32             // the (record key, offset) slot
	zok bool

	// Model 11 (NewByteModel2Model11): framed packets (bytes_model2_v11.go).
	v11       bool
	fr        *framer
	fk        []uint16          // per (packet key, offset): how well each word candidate (fc) predicted (EMA)
	fsum      []uint16          // per (sync pair, distance to the end): how well each checksum (fs) predicted
	fc        [fr11Words]uint32 // the word candidates (behind a leading 1; 0: none)
	fs        [fr11Sums]uint32  // the checksum candidates
	fi, fsi   uint32            // their slots
	fok, fsok bool
	mix11     *Mixer // the final probability and the framed expected byte's counter, by its confidence and the bit position
	used11    bool

	// Model 12 (NewByteModel2Model12): records in bytes blocks (bytes_model2_v12.go).
	v12 bool
	lr  *lineRec

	// Model 13 (NewByteModel2Model13): the fields of a table's glued digits (bytes_model2_v13.go).
	v13 bool

	// Model 14 (NewByteModel2Model14): binary records (bytes_model2_v14.go).
	v14 bool
	r14 *rec14

	// Model 15 (NewByteModel2Model15): binary records' words (bytes_model2_frm15.go) and
	// fixed-width text tables (bytes_model2_v15.go).
	v15 bool
	f15 *frm15
	t15 *tab15

	// Model 16, branch frm16 (NewByteModel2Model16Frm): the next binary record's key from
	// the records' clocks (bytes_model2_frm16.go).
	v16frm bool

	// Model 17, branch frm18 (NewByteModel2Model17Frm): FIRM's fields where the next key's
	// parse holds (bytes_model2_frm18.go).
	v17frm bool

	// Model 20 (NewByteModel2Model20, bytes_model2_v20.go): the hashed counters' limit
	// b20Limit, and the three mixers' rate decaying with each weight set's updates (n1-n3,
	// the sets P chose i1-i3).
	v20        bool
	n1, n2, n3 []int32
	i1, i2, i3 int32
}

// b2States is the number of bit-history states: n0<<5 | n1<<2 | the last two bits, with n0
// and n1 (the 0s and 1s seen, the other count discounted on each bit) at most 7.
const (
	b2States   = 256
	b2Conf     = 8  // final-mixer sets per bit context in model 6: contexts that knew their bucket, /4
	b2Tail     = 52 // the model-6 inputs' block (as many as dot3AVX2 takes)
	b2SMLimit  = 1023
	b2TailInit = 0
)

// b2Next[s<<1|bit] is the bit-history state after state s sees bit: the bit's count goes up
// (to 7 at most), the other's, above 2, falls to half plus one, so that old history fades.
var b2Next = func() (t [2 * b2States]uint8) {
	for s := 0; s < b2States; s++ {
		for bit := 0; bit < 2; bit++ {
			n0, n1 := s>>5, s>>2&7
			if bit == 1 {
				n1 = min(n1+1, 7)
				if n0 > 2 {
					n0 = n0/2 + 1
				}
			} else {
				n0 = min(n0+1, 7)
				if n1 > 2 {
					n1 = n1/2 + 1
				}
			}
			last := (s<<1 | bit) & 3 // the last two bits (before a slot's first bit: 0)
			t[s<<1|bit] = uint8(n0<<5 | n1<<2 | last)
		}
	}
	return t
}()

// NewByteModel2Model6 returns a fresh model of sensor model 6's bytes blocks: ByteModel2 with
// bit-history states beside its counters.
func NewByteModel2Model6() *ByteModel2 {
	m := &ByteModel2{v6: true}
	m.st = make([]uint8, 1<<b2Bits)
	m.ws1 = make([]int32, b2Tail*512)
	m.ws2 = make([]int32, b2Tail*256*3)
	m.ws3 = make([]int32, b2Tail*257)
	m.apm0 = NewAPM(256, 7)
	m.alloc()
	return m
}

const (
	b2Bits      = 23
	b2Ctx       = 25
	b2Inputs    = 2*b2Ctx + 3
	b2MixRate   = 20
	b2TagMask   = 1<<17 - 1 // a bucket's first word: its tag, then the last byte seen (8 bits) and its run (7 bits)
	b2Limit     = 12
	b2Line      = 1024
	b2MatchBits = 18
	b2MatchMin  = 4 // bytes hashed to find a match
)

// NewByteModel2 returns a fresh model.
func NewByteModel2() *ByteModel2 {
	m := &ByteModel2{}
	m.alloc()
	return m
}

// NewByteModel2Model7 returns a fresh model of sensor model 7's bytes blocks: model 6's with
// the record contexts (bytes_model2_rec.go).
func NewByteModel2Model7() *ByteModel2 {
	m := &ByteModel2{v6: true, v7: true}
	m.st = make([]uint8, 1<<b2Bits)
	m.ws1 = make([]int32, b2Tail*512)
	m.ws2 = make([]int32, b2Tail*256*3)
	m.ws3 = make([]int32, b2Tail*257)
	m.apm0 = NewAPM(256, 7)
	m.recA = newRecAnchors()
	m.alloc()
	return m
}

// NewByteModel2Model8 returns a fresh model of sensor model 8's bytes blocks: model 7's with
// the column numbers of text lines (bytes_model2_v8.go).
func NewByteModel2Model8() *ByteModel2 {
	m := &ByteModel2{v6: true, v7: true, v8: true}
	m.st = make([]uint8, 1<<b2Bits)
	m.ws1 = make([]int32, b2Tail*512)
	m.ws2 = make([]int32, b2Tail*256*3)
	m.ws3 = make([]int32, b2Tail*257)
	m.apm0 = NewAPM(256, 7)
	m.recA = newRecAnchors()
	m.prev2 = make([]byte, 0, b2Line)
	m.lkLast = make([]int32, 1<<16)
	m.lkPrev = make([]int32, 1<<16)
	m.alloc()
	return m
}

// Model8 tells whether m is sensor model 8's variant (NewByteModel2Model8).
func (m *ByteModel2) Model8() bool { return m.v8 }

// Model7 tells whether m is sensor model 7's variant (NewByteModel2Model7).
func (m *ByteModel2) Model7() bool { return m.v7 }

// Model6 tells whether m is sensor model 6's variant (NewByteModel2Model6).
func (m *ByteModel2) Model6() bool { return m.v6 }

// alloc allocates the storage of every model and resets the model.
func (m *ByteModel2) alloc() {
	m.allocStorage()
	m.Reset()
}

// allocStorage is alloc without the reset (the caller resets the model once it is complete).
func (m *ByteModel2) allocStorage() {
	m.t = make([]Counter, 1<<b2Bits)
	m.w1 = make([]int32, b2Inputs*512)
	m.w2 = make([]int32, b2Inputs*256*3)
	m.w3 = make([]int32, b2Inputs*257)
	m.mixF = NewMixer(3, 256, 1<<16/3, 4)
	if m.v6 {
		m.mixF = NewMixer(3, 256*b2Conf, 1<<16/3, 4)
	}
	m.apm2 = NewAPM(1<<16, 7)
	m.apm3 = NewAPM(33*256, 7)
	m.apm = NewAPM(1<<16, 7)
	m.line = make([]byte, 0, b2Line)
	m.prev = make([]byte, 0, b2Line)
	m.mtab = make([]int32, 1<<b2MatchBits)
	hugePages(m.t)
}

// Reserve makes room for the next n bytes (a block's length, where it is known before its
// bytes are coded) in the history and the record anchors' per-position arrays, so that they
// are allocated once at their size: grown by appends, a block of a few hundred KiB left tens
// of MiB of outgrown arrays to the garbage collector. The model's predictions do not change.
func (m *ByteModel2) Reserve(n int) {
	m.hist = slices.Grow(m.hist, n)
	if m.recA != nil {
		m.recA.reserve(n)
	}
}

// Reset returns the model to its fresh state, keeping its storage.
func (m *ByteModel2) Reset() {
	m.t[0] = NewCounter()
	for n := 1; n < len(m.t); n *= 2 { // (copies run several counters an instruction)
		copy(m.t[n:], m.t[:n])
	}
	for i := range m.o0 {
		m.o0[i] = NewCounter()
	}
	for i := range m.mctr {
		m.mctr[i] = NewCounter()
	}
	for i := range m.runCtr {
		for j := range m.runCtr[i] {
			m.runCtr[i][j] = NewCounter()
		}
	}
	for i := range m.mtab {
		m.mtab[i] = 0
	}
	for _, w := range [][]int32{m.w1, m.w2, m.w3} {
		for i := range w {
			w[i] = 1 << 13
		}
	}
	for i := range m.mixF.weights {
		m.mixF.weights[i] = 1 << 16 / 3
	}
	m.mixF.count = 0
	clear(m.n1)
	clear(m.n2)
	clear(m.n3)
	m.apm.Reset()
	m.apm2.Reset()
	m.apm3.Reset()
	if m.v6 {
		m.apm0.Reset()
		clear(m.st)
		for i := range m.sm {
			for s := range m.sm[i] {
				n0, n1 := uint32(s>>5&7), uint32(s>>2&7)
				p := (2*n1 + 1) << 21 / (n0 + n1 + 1) // (n1 + 1/2) / (n0 + n1 + 1), 22 bits
				m.sm[i][s] = Counter(p << 10)
			}
		}
		if m.v7 {
			for i := range m.xsm {
				m.xsm[i] = m.sm[0]
			}
			m.recA.reset()
			m.xexp, m.xhit, m.xeIdx = [b2E]uint32{}, [b2E]uint8{}, [b2E]uint16{}
			for k := range m.xectr {
				for j := range m.xectr[k] {
					m.xectr[k][j] = NewCounter()
				}
			}
			if m.v8 {
				for i := range m.ysm {
					m.ysm[i] = m.sm[0]
				}
				m.yexp, m.yhit, m.yeIdx = [b2YE]uint32{}, [b2YE]uint8{}, [b2YE]uint16{}
				for k := range m.yectr {
					for j := range m.yectr[k] {
						m.yectr[k][j] = NewCounter()
					}
				}
				m.prev2 = m.prev2[:0]
				clear(m.lkLast)
				clear(m.lkPrev)
				m.lkey, m.kfield, m.kn, m.kdot, m.lkeyOK, m.lstart = 0, 0, 0, false, false, 0
				m.hexAt = -1
				if m.v9 {
					clear(m.lfLast)
					clear(m.lfPrev)
				}
				if m.v10 {
					clear(m.zk)
					m.zok = false
				}
				if m.v11 {
					clear(m.fk)
					clear(m.fsum)
					m.fr.reset()
					m.fok, m.fsok = false, false
					m.mix11.passFirst()
					m.used11 = false
				}
				if m.v12 {
					m.lr.reset()
				}
				if m.v14 {
					m.r14.reset()
				}
				if m.v15 {
					m.f15.reset()
					m.t15.reset()
				}
			}
		}
		for _, w := range [][]int32{m.ws1, m.ws2, m.ws3} {
			for i := range w {
				w[i] = b2TailInit
			}
		}
	}
	m.c0, m.c8, m.word, m.col = 1, 0, 0, 0
	m.field, m.fcol = 0, 0
	m.ind1, m.ind2 = [256]uint16{}, [65536]uint16{}
	m.line, m.prev = m.line[:0], m.prev[:0]
	m.hist = m.hist[:0]
	m.mptr, m.mlen, m.mbit = 0, 0, -1
	m.aptr = 0
	m.rec = recordLength{}
	m.byteContexts()
	m.bitContexts()
}

// byteContexts computes the hashed contexts' hashes at a byte boundary.
func (m *ByteModel2) byteContexts() {
	m.mainContexts()
	m.extraContexts()
}

// mainContexts computes the 25 hashed contexts' hashes at a byte boundary (and m.ra).
func (m *ByteModel2) mainContexts() {
	c := m.c8
	firstByteContexts(m.base[:10], c, m.word, m.col, m.prev, m.hist, m.rec.rlen)
	ra, rc := uint32(0), uint32(0)
	if n := len(m.hist); m.rec.rlen > 0 && n >= m.rec.rlen {
		ra = uint32(m.hist[n-m.rec.rlen]) | 1<<8
		rc = uint32(n % m.rec.rlen)
	}
	m.ra = ra
	m.base[10] = hashByte(11, uint32(c>>16&0xFFFF))
	m.base[11] = hashByte(hashByte(12, uint32(m.rec.rlen)), ra|rc<<9)
	m.base[12] = hashByte(13, uint32(c&0xFF)|uint32(c>>16&0xFF)<<8)
	m.base[13] = hashByte(hashByte(14, ra), uint32(c&0xFFFF))
	m.base[14] = hashByte(hashByte(15, uint32(c>>32&0xFF)), uint32(c))
	m.base[15] = hashByte(hashByte(16, uint32(c>>32)), uint32(c))
	m.base[16] = hashByte(hashByte(17, m.field), uint32(c&0xFF)|uint32(min(m.fcol, 255))<<8)
	m.base[17] = hashByte(18, uint32(c>>24&0xFF)|uint32(c>>56)<<8)
	m.base[18] = hashByte(19, uint32(m.ind1[c&0xFF])|uint32(c&0xFF)<<16)
	m.base[19] = hashByte(20, uint32(m.ind2[c&0xFFFF])|uint32(c&0xFF)<<16)
	me := uint32(0)
	if m.mlen > 0 {
		me = uint32(m.hist[m.mptr]) | uint32(min(bitLen(uint32(m.mlen)), 15))<<8
	}
	m.base[20] = hashByte(hashByte(21, me), uint32(c&0xFF))
	a0, a1 := uint32(0), uint32(0)
	if m.aptr > 0 {
		a0 = uint32(m.hist[m.aptr]) | 1<<8
		if m.aptr+1 < len(m.hist) {
			a1 = uint32(m.hist[m.aptr+1]) | 1<<8
		}
	}
	m.base[21] = hashByte(hashByte(22, a0), uint32(c&0xFF))
	m.base[22] = hashByte(hashByte(23, a0|a1<<9), uint32(c&0xFFFF))
	pos := uint32(len(m.hist))
	m.base[23] = hashByte(24, pos&7|uint32(c&0xFF)<<3)
	m.base[24] = hashByte(hashByte(25, pos&3), uint32(c>>8&0xFF)|uint32(c>>24&0xFF)<<8)
}

// touchFirst loads the groups (four buckets' first words, and their bit-history states) that
// the 25 contexts' searches of the byte's first nibble will read (bitContexts, hashed as
// there with c0 = 1), so that their cache misses are under way while endByte's record work
// runs (branch sbyte10). Nothing is written: the model's state is the same with or without.
func (m *ByteModel2) touchFirst() {
	t := (*[1 << b2Bits]Counter)(m.t)
	const hc = 1 * 0x9E3779B1
	var touch uint32
	for _, b := range &m.base {
		touch += groupSum(t, ctxHash(b, hc)>>(32-b2Bits+6)<<6)
	}
	if m.v6 {
		st := (*[1 << b2Bits]uint8)(m.st)
		for _, b := range &m.base {
			touch += uint32(st[ctxHash(b, hc)>>(32-b2Bits+6)<<6])
		}
	}
	m.touch += touch
}

// extraContexts computes the hashed contexts' hashes of models 7 and later at a byte
// boundary (after mainContexts).
func (m *ByteModel2) extraContexts() {
	if m.v7 {
		m.recContexts()
	}
	if m.v8 {
		m.textNumContexts()
		m.lineKeyContexts()
		if m.v9 {
			m.hexPayloadContexts()
		}
		if m.v10 {
			m.recNumContexts()
			if m.v15 {
				m.recContexts15()
			}
		}
		if m.v11 {
			m.frameContexts()
		}
		if m.v12 {
			m.lineRecContexts()
			if m.v15 {
				m.tabContexts15()
			}
		}
	}
}

// b2FreshBucket is a bucket as find clears it (but for the tag): fresh counters.
var b2FreshBucket = func() (b [16]Counter) {
	for j := 1; j < len(b); j++ {
		b[j] = NewCounter()
	}
	return b
}()

// find returns the bucket of 16 counters with tag among b, b^16, b^32 and b^48, or, if none
// has it, the first of the four whose first counter has the fewest observations, cleared and
// given the tag.
// A bucket's first word is not a counter: it holds the tag (bits 0-16), the last byte coded
// in the context (bits 17-24) and how many times in a row it came (bits 25-31, 0: none).
func (m *ByteModel2) find(b, tag uint32) uint32 {
	base := b &^ 63 & (1<<b2Bits - 1)
	g := (*[64]Counter)(m.t[base:]) // the four buckets' group
	b &= 63
	best, bn := b, uint32(1<<31)
	for k := uint32(0); k < 4; k++ {
		c := b ^ k<<4
		if uint32(g[c&63])&b2TagMask == tag {
			return base + c
		}
		if n := uint32(g[(c+1)&63]) & 1023; n < bn {
			best, bn = c, n
		}
	}
	q := (*[16]Counter)(g[best&48:])
	*q = b2FreshBucket
	q[0] = Counter(tag)
	if m.st != nil {
		*(*[16]uint8)(m.st[(base+best&^15)&(1<<b2Bits-1):]) = [16]uint8{}
	}
	return base + best
}

// ctxHash is the hash of the context hashed to b under the byte's bits so far (hc is c0 ×
// 0x9E3779B1): its group of four buckets starts at ctxHash>>(32−b2Bits+6)<<6, the bucket find
// searches from at ctxHash>>(32−b2Bits+4)<<4, and its low 16 bits are the tag.
func ctxHash(b, hc uint32) uint32 {
	h := (b ^ hc) * 0x85EBCA6B
	return h ^ h>>13
}

// groupSum loads the first word of each of the four buckets of the group at g (the sum only
// keeps the loads: bitContexts and touchFirst issue them together so that their cache misses
// overlap).
func groupSum(t *[1 << b2Bits]Counter, g uint32) uint32 {
	q := (*[64]Counter)(t[g:])
	return uint32(q[0]) + uint32(q[16]) + uint32(q[32]) + uint32(q[48])
}

// bitContexts finds the counters of the current bit: at each nibble's start, a bucket of 16
// counters per context (hashed from the context and the byte's bits so far), then within it
// the counter of the nibble's bits so far (behind a leading 1); and each context's run
// prediction, from its first nibble's bucket.
func (m *ByteModel2) bitContexts() {
	n := bitLen(m.c0) - 1 // bits known of the byte
	t := (*[1 << b2Bits]Counter)(m.t)
	c0 := m.c0
	if n == 0 || n == 4 {
		// The hashes first, then the first word of each of the four buckets of every
		// context loaded (the loads do not wait for each other: the table is far larger
		// than the caches, and most searches look past the first bucket), then the search.
		var hs [b2Ctx]uint32
		var touch uint32
		hc := c0 * 0x9E3779B1
		for i, b := range &m.base {
			h := ctxHash(b, hc)
			hs[i] = h
			touch += groupSum(t, h>>(32-b2Bits+6)<<6) // the group of the four buckets find searches
			if m.v6 {
				touch += uint32(m.st[h>>(32-b2Bits+6)<<6&(1<<b2Bits-1)])
			}
		}
		// The record view's and the text columns' contexts (models 7 and 8) are loaded
		// with the others, so that their misses overlap too (their searches still come
		// after the 25 others', in the same order: a search can claim a bucket).
		var xs [b2X + b2Y]uint32
		if m.v7 {
			st := (*[1 << b2Bits]uint8)(m.st)
			for i, b := range &m.xbase {
				h := ctxHash(b, hc)
				xs[i] = h
				g := h >> (32 - b2Bits + 6) << 6
				touch += groupSum(t, g) + uint32(st[g])
			}
			if m.v8 {
				for i, b := range &m.ybase {
					h := ctxHash(b, hc)
					xs[b2X+i] = h
					g := h >> (32 - b2Bits + 6) << 6
					touch += groupSum(t, g) + uint32(st[g])
				}
			}
		}
		m.touch = touch
		for i, h := range &hs {
			m.bucket[i] = m.find(h>>(32-b2Bits+4)<<4, h&0xFFFF|1<<16)
		}
		if n == 0 {
			m.first = m.bucket
		}
		if m.v7 {
			for i := range &m.xbkt {
				h := xs[i]
				m.xbkt[i] = m.find(h>>(32-b2Bits+4)<<4, h&0xFFFF|1<<16)
			}
			if m.v8 {
				for i := range &m.ybkt {
					h := xs[b2X+i]
					m.ybkt[i] = m.find(h>>(32-b2Bits+4)<<4, h&0xFFFF|1<<16)
				}
			}
		}
		if m.v6 {
			k := uint32(0)
			for _, b := range &m.bucket {
				if t[(b|1)&(1<<b2Bits-1)]&1023 != 0 {
					k++
				}
			}
			m.conf = min(k>>2, b2Conf-1)
		}
	}
	alive := m.runAlive
	if n == 0 || n == 4 {
		alive = 0
		for i, b := range &m.first {
			w := uint32(t[b&(1<<b2Bits-1)])
			if run := w >> 25; run > 0 {
				want := w>>17&0xFF | 0x100
				if want>>(8-n) == c0 {
					alive |= 1 << i
					m.runByte[i] = want
					m.runBase[i] = int32(min(run, 15)<<1) + 1
				}
			}
		}
	}
	m.runIn = [b2Ctx]int32{}
	for a := alive; a != 0; a &= a - 1 {
		i := bits.TrailingZeros32(a) % b2Ctx
		want := m.runByte[i]
		if want>>(8-n) != c0 {
			alive &^= 1 << i
			continue
		}
		m.runIn[i] = m.runBase[i] + int32(want>>(7-n)&1)
	}
	m.runAlive = alive
	nib := nibbleSlot(c0, n)
	for i, b := range &m.bucket {
		m.idx[i] = b | nib
	}
	if m.v7 {
		for i, b := range &m.xbkt {
			m.xidx[i] = b | nib
		}
		for k, e := range &m.xexp {
			m.xeIdx[k] = 0
			if e != 0 && e>>(8-n) == c0 {
				m.xeIdx[k] = uint16(m.xjb)<<6 | uint16((n*4+int(m.xhit[k]&3))*2+int(e>>(7-n)&1)) + 1
			}
		}
		if m.v8 {
			for i, b := range &m.ybkt {
				m.yidx[i] = b | nib
			}
			for k, e := range &m.yexp {
				m.yeIdx[k] = 0
				if e != 0 && e>>(8-n) == c0 {
					m.yeIdx[k] = uint16(m.yr)<<6 | uint16((n*4+int(m.yhit[k]&3))*2+int(e>>(7-n)&1)) + 1
				}
			}
		}
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
	if m.v12 {
		m.lineRecBits(n)
		if m.v15 {
			m.tabBits15(n)
		}
	}
}

// P returns the probability (16-bit) that the next bit is a 1.
func (m *ByteModel2) P() uint32 {
	in := &m.in
	t := (*[1 << b2Bits]Counter)(m.t)
	for i, j := range &m.idx {
		in[i] = Stretch(t[j&(1<<b2Bits-1)].P())
	}
	*(*[b2Ctx]int32)(in[b2Ctx:]) = [b2Ctx]int32{}
	for a := m.runAlive; a != 0; a &= a - 1 {
		i := bits.TrailingZeros32(a) % b2Ctx
		in[b2Ctx+i] = Stretch(m.runCtr[i][(m.runIn[i]-1)&31].P())
	}
	const k = 2 * b2Ctx
	in[k] = Stretch(m.o0[m.c0&0xFF].P())
	in[k+1] = 0
	if m.mbit >= 0 {
		in[k+1] = Stretch(m.mctr[min(m.mlen, 31)<<1|m.mbit].P())
	}
	in[k+2] = 256
	set := int(m.c0)
	if m.mbit >= 0 {
		set |= 256
	}
	n := bitLen(m.c0) - 1
	m.s1 = (*[b2Inputs]int32)(m.w1[set*b2Inputs:])
	set2 := int(m.c8&0xFF)*3 + min(n/3, 2)
	if m.v12 && m.lr.fslot >= 0 {
		set2 = 768 + m.lr.fslot*8 + n
	}
	m.s2 = (*[b2Inputs]int32)(m.w2[set2*b2Inputs:])
	set3 := int(max(m.ra, 255) - 255)
	if m.v12 && m.lr.fslot >= 0 {
		set3 = 257 + m.lr.fslot*4 + m.lr.raClass(m.ra) // (model 12) by the field: a table's column, a packet's or record's offset
	}
	m.s3 = (*[b2Inputs]int32)(m.w3[set3*b2Inputs:])
	m.i1, m.i2, m.i3 = int32(set), int32(set2), int32(set3)
	w1, w2, w3 := m.s1, m.s2, m.s3
	d1, d2, d3 := dot3(in, w1, w2, w3)
	if m.v6 {
		st := (*[1 << b2Bits]uint8)(m.st)
		for i, j := range &m.idx {
			s := uint16(st[j&(1<<b2Bits-1)] & (b2States - 1))
			m.sCur[i] = s
			sp := m.sm[i][s&(b2States-1)].P()
			m.sIn[i] = Stretch(sp)
		}
		if m.v7 {
			for i, j := range &m.xidx {
				j &= 1<<b2Bits - 1
				s := uint16(st[j] & (b2States - 1))
				m.xCur[i] = s
				m.sIn[b2Ctx+i] = Stretch(t[j].P())
				m.sIn[b2Ctx+b2X+i] = Stretch(m.xsm[i][s&(b2States-1)].P())
			}
			for k, j := range &m.xeIdx {
				m.sIn[b2Ctx+2*b2X+k] = 0
				if j > 0 {
					m.sIn[b2Ctx+2*b2X+k] = Stretch(m.xectr[k][(j-1)&(64*recJB-1)].P())
				}
			}
			if m.v8 {
				for i, j := range &m.yidx {
					j &= 1<<b2Bits - 1
					s := uint16(st[j] & (b2States - 1))
					m.yCur[i] = s
					m.sIn[b2YIn+i] = Stretch(t[j].P())
					m.sIn[b2YIn+b2Y+i] = Stretch(m.ysm[i][s&(b2States-1)].P())
				}
				for k, j := range &m.yeIdx {
					m.sIn[b2YIn+2*b2Y+k] = 0
					if j > 0 {
						m.sIn[b2YIn+2*b2Y+k] = Stretch(m.yectr[k][(j-1)&(64*64-1)].P())
					}
				}
			}
		}
		m.t1 = (*[b2Tail]int32)(m.ws1[set*b2Tail:])
		m.t2 = (*[b2Tail]int32)(m.ws2[set2*b2Tail:])
		m.t3 = (*[b2Tail]int32)(m.ws3[set3*b2Tail:])
		t1, t2, t3 := m.t1, m.t2, m.t3
		if haveMix3 {
			e1, e2, e3 := dot3AVX2(&m.sIn[0], &t1[0], &t2[0], &t3[0])
			d1, d2, d3 = d1+e1, d2+e2, d3+e3
		} else {
			for i, x := range &m.sIn {
				x := int64(x)
				d1 += x * int64(t1[i])
				d2 += x * int64(t2[i])
				d3 += x * int64(t3[i])
			}
		}
	}
	p1, p2, p3 := Squash(int32(d1>>16)), Squash(int32(d2>>16)), Squash(int32(d3>>16))
	m.p1, m.p2, m.p3 = p1, p2, p3
	mf := m.mixF
	mf.Add(Stretch(p1))
	mf.Add(Stretch(p2))
	mf.Add(Stretch(p3))
	fset := int(m.c0)
	if m.v6 {
		fset |= int(m.conf) << 8
	}

	p := mf.Mix(fset)
	pm := p // (model 6: the mixer's output, refined by apm0 before the other three APMs)
	if m.v6 {
		p = (p + m.apm0.P(p, int(m.c0))) >> 1
	}
	m.apmPr = m.apm.P(p, int(m.c0)|int(m.c8&0xFF)<<8)
	h2 := uint32(m.c8&0xFFFF) * 0x9E3779B1 >> 24
	a2 := m.apm2.P(p, int(m.c0)|int(h2)<<8)
	ms := 0
	if m.mbit >= 0 {
		ms = min(m.mlen, 15)<<1 | m.mbit + 1
	}
	a3 := m.apm3.P(p, int(m.c0)|ms<<8)
	m.pr = (p + m.apmPr + a2 + a3) >> 2
	if m.v6 {
		m.pr = (pm + m.apmPr + a2 + a3) >> 2
	}
	if m.v11 {
		m.final11(n)
	}
	if m.v12 {
		m.final12(n)
	}
	if m.v14 {
		m.final14(n)
	}
	if m.v15 {
		m.recFinal15(n)
		m.final15(n)
	}
	m.pr = min(max(m.pr, 32), 65535-32)
	return m.pr
}

// Update learns the coded bit (after P).
func (m *ByteModel2) Update(bit int) {
	t := (*[1 << b2Bits]Counter)(m.t)
	target := int64(bit) << 22
	lim := uint32(b2Limit)
	if m.v20 {
		lim = b20Limit
	}
	for _, j := range &m.idx {
		t[j&(1<<b2Bits-1)].updateTo(target, lim)
	}
	for a := m.runAlive; a != 0; a &= a - 1 {
		i := bits.TrailingZeros32(a) % b2Ctx
		m.runCtr[i][(m.runIn[i]-1)&31].Update(bit, 255)
	}
	olim := b2Limit
	if m.v20 {
		olim = b20OLimit
	}
	m.o0[m.c0&0xFF].Update(bit, olim)
	if m.mbit >= 0 {
		m.mctr[min(m.mlen, 31)<<1|m.mbit].Update(bit, olim)
	}
	// A weight moves by (x·e + 2^19) >> 20, nothing while |x·e| < 2^19 for every input
	// (|x| <= StretchMax): a set whose error is that small is left as it is.
	const still = (1 << 19) / StretchMax
	r1, r2, r3 := int64(b2MixRate), int64(b2MixRate), int64(b2MixRate)
	if m.v20 {
		r1, r2, r3 = rate20(&m.n1[m.i1]), rate20(&m.n2[m.i2]), rate20(&m.n3[m.i3])
	}
	e1 := (int64(bit)<<16 - int64(m.p1)) * r1
	e2 := (int64(bit)<<16 - int64(m.p2)) * r2
	e3 := (int64(bit)<<16 - int64(m.p3)) * r3
	w1, w2, w3 := m.s1, m.s2, m.s3
	switch {
	case (e1 > -still && e1 < still) && (e2 > -still && e2 < still) && (e3 > -still && e3 < still):
	case haveMix3:
		train3AVX2(&m.in[0], &w1[0], &w2[0], &w3[0], e1, e2, e3)
		const k = b2Inputs - 1
		x := int64(m.in[k])
		w1[k] += int32((x*e1 + 1<<19) >> 20)
		w2[k] += int32((x*e2 + 1<<19) >> 20)
		w3[k] += int32((x*e3 + 1<<19) >> 20)
	case e1 > -still && e1 < still || e2 > -still && e2 < still || e3 > -still && e3 < still:
		trainSet(w1, &m.in, e1)
		trainSet(w2, &m.in, e2)
		trainSet(w3, &m.in, e3)
	default:
		for i, x := range &m.in {
			x := int64(x)
			w1[i] += int32((x*e1 + 1<<19) >> 20)
			w2[i] += int32((x*e2 + 1<<19) >> 20)
			w3[i] += int32((x*e3 + 1<<19) >> 20)
		}
	}
	if m.v6 {
		st := (*[1 << b2Bits]uint8)(m.st)
		for i, j := range &m.idx {
			s := m.sCur[i]
			m.sm[i][s&(b2States-1)].updateTo(target, b2SMLimit)
			st[j&(1<<b2Bits-1)] = b2Next[int(s&(b2States-1))<<1|bit]
		}
		if m.v7 {
			for i, j := range &m.xidx {
				j &= 1<<b2Bits - 1
				s := m.xCur[i]
				t[j].updateTo(target, lim)
				m.xsm[i][s&(b2States-1)].updateTo(target, b2SMLimit)
				st[j] = b2Next[int(s&(b2States-1))<<1|bit]
			}
			for k, j := range &m.xeIdx {
				if j > 0 {
					m.xectr[k][(j-1)&(64*recJB-1)].Update(bit, b2XLimit)
				}
			}
			if m.v8 {
				for i, j := range &m.yidx {
					j &= 1<<b2Bits - 1
					s := m.yCur[i]
					t[j].updateTo(target, lim)
					m.ysm[i][s&(b2States-1)].updateTo(target, b2SMLimit)
					st[j] = b2Next[int(s&(b2States-1))<<1|bit]
				}
				for k, j := range &m.yeIdx {
					if j > 0 {
						m.yectr[k][(j-1)&(64*64-1)].Update(bit, b2XLimit)
					}
				}
			}
		}
		t1, t2, t3 := m.t1, m.t2, m.t3
		switch {
		case (e1 > -still && e1 < still) && (e2 > -still && e2 < still) && (e3 > -still && e3 < still):
		case haveMix3:
			train3AVX2(&m.sIn[0], &t1[0], &t2[0], &t3[0], e1, e2, e3)
		default:
			for i, x := range &m.sIn {
				x := int64(x)
				t1[i] += int32((x*e1 + 1<<19) >> 20)
				t2[i] += int32((x*e2 + 1<<19) >> 20)
				t3[i] += int32((x*e3 + 1<<19) >> 20)
			}
		}
	}
	m.mixF.Update(bit)
	if m.used11 {
		m.mix11.Update(bit)
	}
	if m.v12 {
		m.update12(bit)
	}
	if m.v14 {
		m.update14(bit)
	}
	if m.v15 {
		m.recUpdate15(bit)
		m.update15(bit)
	}
	if m.v6 {
		m.apm0.Update(bit)
	}
	m.apm2.Update(bit)
	m.apm3.Update(bit)
	m.apm.Update(bit)
	m.c0 = m.c0<<1 | uint32(bit)
	if c0 := m.c0; c0 >= 256 {
		for _, b := range m.first {
			w := uint32(m.t[b])
			if run := w >> 25; run > 0 && byte(w>>17) == byte(c0) {
				w += min(run+1, 127)<<25 - run<<25
			} else {
				w = w&b2TagMask | uint32(byte(c0))<<17 | 1<<25
			}
			m.t[b] = Counter(w)
		}
		if m.v7 {
			for k, e := range &m.xexp {
				if e != 0 {
					hit := uint8(0)
					if byte(e) == byte(m.c0) {
						hit = 1
					}
					m.xhit[k] = m.xhit[k]<<1 | hit
				}
			}
			if m.v8 {
				for k, e := range &m.yexp {
					if e != 0 {
						hit := uint8(0)
						if byte(e) == byte(m.c0) {
							hit = 1
						}
						m.yhit[k] = m.yhit[k]<<1 | hit
					}
				}
			}
		}
		m.endByte(byte(c0)) // (and mainContexts)
		m.c0 = 1
		m.extraContexts()
	}
	m.bitContexts()
}

// The assembly of dot3AVX2 and train3AVX2 (mix3_amd64.s) does the first 52 inputs.
const _ = uint(b2Inputs-53) + uint(53-b2Inputs)

// dot3 returns the dot products of in with the three weight sets (AVX2 where there is).
func dot3(in, w1, w2, w3 *[b2Inputs]int32) (d1, d2, d3 int64) {
	if haveMix3 {
		d1, d2, d3 = dot3AVX2(&in[0], &w1[0], &w2[0], &w3[0])
		const k = b2Inputs - 1
		x := int64(in[k])
		return d1 + x*int64(w1[k]), d2 + x*int64(w2[k]), d3 + x*int64(w3[k])
	}
	for i, x := range in {
		d1 += int64(x) * int64(w1[i])
		d2 += int64(x) * int64(w2[i])
		d3 += int64(x) * int64(w3[i])
	}
	return d1, d2, d3
}

// trainSet moves the weight set w along in for the error e (as a Mixer of rate b2MixRate),
// unless e is too small to move any weight.
func trainSet(w, in *[b2Inputs]int32, e int64) {
	const still = (1 << 19) / StretchMax
	if e > -still && e < still {
		return
	}
	for i, x := range in {
		w[i] += int32((int64(x)*e + 1<<19) >> 20)
	}
}

// endByte takes a whole byte into the contexts.
func (m *ByteModel2) endByte(b byte) {
	p1 := m.c8 & 0xFF
	m.ind1[p1] = m.ind1[p1]<<8 | uint16(b)
	p2 := m.c8 & 0xFFFF
	m.ind2[p2] = m.ind2[p2]<<8 | uint16(b)
	m.c8 = m.c8<<8 | uint64(b)
	if b >= '0' && b <= '9' || b|0x20 >= 'a' && b|0x20 <= 'z' {
		m.word = hashByte(m.word, uint32(b))
	} else {
		m.word = 0
	}
	if m.v10 {
		m.recNumByte(b)
	}
	if m.v11 {
		m.frameByte(b)
	}
	if m.v12 {
		m.lineRecByte(b)
	}
	if m.v9 {
		m.hexPayloadByte(b) // (before lineKeyByte moves the line's start)
	}
	if m.v8 {
		m.lineKeyByte(b)
	}
	switch b {
	case ' ', ',', ';', '\t', '#', '(', ')', '*', '$':
		m.field = m.field*2 + 1
		m.fcol = 0
	default:
		m.fcol++
	}
	if b == '\n' {
		m.field, m.fcol = 0, 0
		if m.v8 {
			m.line, m.prev, m.prev2 = m.prev2[:0], m.line, m.prev
		} else {
			m.line, m.prev = m.prev[:0], m.line
		}
		m.col = 0
	} else {
		if len(m.line) < b2Line {
			m.line = append(m.line, b)
		}
		m.col++
	}
	m.hist = append(m.hist, b)
	n := len(m.hist)
	m.rec.observe(b, n)
	if m.aptr > 0 {
		m.aptr++
		if m.aptr >= n {
			m.aptr = 0
		}
	}
	if m.mlen > 0 {
		m.mptr++
		if m.mlen < 65535 {
			m.mlen++
		}
		if m.mptr >= n {
			m.mlen = 0
		}
	}
	if n >= b2MatchMin {
		h := uint32((m.c8&(1<<(8*b2MatchMin)-1))*0x9E3779B97F4A7C15>>(64-b2MatchBits)) & (1<<b2MatchBits - 1)
		if m.mlen == 0 {
			if p := int(m.mtab[h]); p > 0 {
				m.mptr, m.mlen = p, 1
				m.aptr = p
			}
		}
		m.mtab[h] = int32(n)
	}
	// The 25 contexts' hashes depend on none of the record views' state, so they are made
	// here, and their first nibble's groups loaded, before the record views' work, which
	// then runs while the loads are under way (branch sbyte10; the same state as before).
	m.mainContexts()
	m.touchFirst()
	if m.v7 {
		m.recA.observe(m.hist)
		if m.v10 {
			m.recA.observe2(m.hist)
			if m.v14 {
				m.r14.observe14(m.recA)
			}
		}
		if m.v11 {
			m.fr.observe(m.hist)
		}
	}
}
