package predict

import "slices"

// Sensor model 7's record view of a byte stream (ByteModel2 of NewByteModel2Model7; FORMAT.md
// 12.6.3, docs/MODEL.md "Sensor model 7: binary records"). A binary log is a stream of packets
// whose fields repeat, packet after packet of the same type, at the same offset from the
// packet's start. The model does not know where packets start: every byte recently coded (and
// every pair of bytes) is a candidate anchor, aligned with the previous occurrence of the same
// byte (pair); each candidate's key and distance has a score, how often the byte at the same
// distance from the previous occurrence was the byte coded, and each candidate an alignment,
// how well it has aligned the bytes since it. The candidate with the best score plus twice its
// alignment gives the current byte's record: its key (the packet's type, as far as the model
// knows), the offset, and the bytes at that offset in the last two records. From them come
// four hashed contexts (key x offset; the aligned byte and its delta; a big-endian 16-bit
// word's extrapolated low byte; key x offset x aligned byte) and twelve expected bytes (the aligned byte, its delta, the
// byte two records back, multi-byte words of either byte order extrapolated or repeated,
// given the word's bytes already coded so that a carry is handled), each an input that
// predicts its byte's bits while they agree, from a counter by the record's distance bucket,
// the bit position and its last two outcomes.

const (
	recWindow = 160 // anchors looked at: the last recWindow positions
	recAlSh   = 3   // an anchor's alignment moves by 1/8 of the way to 65535 (hit) or 0
	recAlW    = 2   // an anchor's choice: its key's score plus twice its alignment
)

const (
	recJB      = 32 // distance buckets of a score
	recKeys2   = 4096
	recKeys    = 2 * recKeys2 // (256 + recKeys2 used: a power of two, so that an index is masked)
	recScoreSh = 4            // a score moves by 1/16 of the way to 65535 (hit) or 0
)

// recBucket is the score bucket of distance d (>= 1).
func recBucket(d int) int {
	if d < 24 {
		return d
	}
	return min(24+bitLen(uint32(d))-5, recJB-1)
}

// recBuckets[d] is recBucket(d) for d <= recWindow+1.
var recBuckets = func() (t [256]uint8) {
	for d := 1; d < len(t); d++ {
		t[d] = uint8(recBucket(d))
	}
	return t
}()

const _ = uint(255 - recWindow - 1) // (recBuckets covers the window)

// recPos is what the anchors keep of a position q while it is in the window: how well the
// anchors q (by its byte, and by its pair) aligned the bytes after it (EMAs of hits), and the
// score key of the pair (q-1, q).
type recPos struct {
	al1, al2, key2 uint16
}

// recRing is the length of the rings of per-position values read only within the window
// (indexed by a position's low 8 bits, so that no bounds check is needed).
const recRing = 256

const _ = uint(recRing - recWindow - 1) // (a ring holds the window and the newest position)

type recAnchors struct {
	link1 []int32         // per position q: 1 + the previous position with the same byte (0: none)
	link2 []int32         // per position q: 1 + the previous position whose pair (q-1, q) is the same
	win   [recRing]recPos // per position q in the window, at q mod recRing
	last1 [256]int32
	last2 [65536]int32
	score []uint16 // (key, distance bucket)

	// The anchor chosen for the next byte (valid when ok).
	ok     bool
	key    int // its score key (a byte value, or 256 + a pair's hash)
	dist   int // the next byte's distance from the anchor
	a1, a2 int // the next byte's aligned positions in the last two records (a2 < 0: none)
	best   uint32

	// Model 10's second anchor (bytes_model2_v10.go).
	v10          bool
	rs           [256]uint16
	ok2          bool
	held         bool // (model 12) the record stands by its key's learned length
	key2b, dist2 int
	b1, b2       int
	S            int // the current record's start (-1: none)
	K            byte
	lenK, lenC   [256]uint8
	st           [256][3]int32 // per key, its last three records' starts (-1: none)
}

func newRecAnchors() *recAnchors {
	return &recAnchors{score: make([]uint16, recKeys*recJB)}
}

// reserve makes room in the per-position arrays for n more positions.
func (r *recAnchors) reserve(n int) {
	r.link1, r.link2 = slices.Grow(r.link1, n), slices.Grow(r.link2, n)
}

func (r *recAnchors) reset() {
	r.link1, r.link2 = r.link1[:0], r.link2[:0]
	r.win = [recRing]recPos{}
	r.last1 = [256]int32{}
	clear(r.last2[:])
	clear(r.score)
	r.ok = false
	r.ok2 = false
	r.rs = [256]uint16{}
	r.S, r.K = -1, 0
	r.lenK, r.lenC = [256]uint8{}, [256]uint8{}
	for i := range r.st {
		r.st[i] = [3]int32{-1, -1, -1}
	}
}

// observe takes the stream's last byte (hist[len(hist)-1]): the scores of the anchors before it
// learn whether they predicted it, then the anchor of the next byte is chosen.
func (r *recAnchors) observe(hist []byte) {
	p := len(hist) - 1
	b := hist[p]
	// Links of the new position (an anchor of the next byte).
	k2 := uint16(0)
	l2 := int32(0)
	if p >= 1 {
		k := uint32(hist[p-1])<<8 | uint32(b)
		l2 = r.last2[k]
		r.last2[k] = int32(p + 1)
		k2 = uint16(256 + k*0x9E3779B1>>20)
	}
	r.link1 = append(r.link1, r.last1[b])
	r.last1[b] = int32(p + 1)
	r.link2 = append(r.link2, l2)
	r.win[uint8(p)] = recPos{key2: k2}
	sc := (*[recKeys * recJB]uint16)(r.score)
	// Anchor q in [p-W, p-1] at distance d = p-q from b learns whether it predicted b; then,
	// as the anchor of the next byte (distance d+1), it competes with the others (and with p
	// itself, at distance 1). The winner is kept as its position's index from lo and which
	// link it is (sel = i<<1 | 0 by its byte, | 1 by its pair; its key and link are read
	// back after the loop: a position's byte, pair key and links do not change in it), so
	// that the loop keeps fewer values live (branch sbyte10; the same choices as before).
	lo := max(p-recWindow, 0)
	n := p - lo
	best, sel := uint32(0), -1
	if l := r.link1[p]; l > 0 {
		if s := uint32(sc[int(b)*recJB+1]); s > best {
			best, sel = s, n<<1
		}
	}
	if l := r.link2[p]; l > 0 {
		if s := uint32(sc[int(k2)*recJB+1]); s > best {
			best, sel = s, n<<1|1
		}
	}
	link1, link2 := r.link1[lo:p], r.link2[lo:p]
	link2 = link2[:len(link1)]
	win := &r.win
	eb := int32(b)
	// The positions at d < recWindow learn and compete; the oldest, at d = recWindow (when
	// the window is full), only learns.
	stop := 0
	if n == recWindow {
		stop = 1
	}
	for i := n - 1; i >= stop; i-- {
		q := lo + i
		w := &win[uint8(q)]
		d := n - i
		jb, jn := int(recBuckets[d&255]), int(recBuckets[(d+1)&255])
		if l := link1[i]; l > 0 {
			k := int(hist[q]) * recJB
			a := recLearnX(&sc[(k+jb)&(recKeys*recJB-1)], &w.al1, int32(hist[int(l)-1+d])^eb)
			if v := uint32(sc[(k+jn)&(recKeys*recJB-1)]) + a*recAlW; v > best {
				best, sel = v, i<<1
			}
		}
		if l := link2[i]; l > 0 {
			k := int(w.key2) * recJB
			a := recLearnX(&sc[(k+jb)&(recKeys*recJB-1)], &w.al2, int32(hist[int(l)-1+d])^eb)
			if v := uint32(sc[(k+jn)&(recKeys*recJB-1)]) + a*recAlW; v > best {
				best, sel = v, i<<1|1
			}
		}
	}
	if stop == 1 {
		q, d := lo, recWindow
		w := &win[uint8(q)]
		jb := int(recBuckets[d&255])
		if l := link1[0]; l > 0 {
			k := int(hist[q]) * recJB
			recLearnX(&sc[(k+jb)&(recKeys*recJB-1)], &w.al1, int32(hist[int(l)-1+d])^eb)
		}
		if l := link2[0]; l > 0 {
			k := int(w.key2) * recJB
			recLearnX(&sc[(k+jb)&(recKeys*recJB-1)], &w.al2, int32(hist[int(l)-1+d])^eb)
		}
	}
	r.ok = false
	if best == 0 {
		return
	}
	bq := lo + sel>>1
	var bk int
	var bl int32
	if sel&1 == 0 {
		bk, bl = int(hist[bq]), r.link1[bq]
	} else {
		bk, bl = int(win[uint8(bq)].key2), r.link2[bq]
	}
	np := p + 1
	r.ok = true
	r.best = best
	r.key = bk
	r.dist = np - bq
	r.a1 = int(bl) - 1 + r.dist
	r.a2 = -1
	var l0 int32
	if bk < 256 {
		l0 = r.link1[bl-1]
	} else {
		l0 = r.link2[bl-1]
	}
	if l0 > 0 {
		r.a2 = int(l0) - 1 + r.dist
	}
}

// b2X is the number of model 7's record contexts.
const b2X = 4

// b2E is the number of model 7's expected bytes, b2XLimit their counters' limit.
const (
	b2E      = 12
	b2XLimit = 255
)

// recContexts computes model 7's record contexts at a byte boundary (after recA.observe).
func (m *ByteModel2) recContexts() {
	r := m.recA
	h := m.hist
	n := len(h)
	c1 := uint32(0)
	if n > 0 {
		c1 = uint32(h[n-1])
	}
	m.xexp = [b2E]uint32{}
	m.xjb = 0
	if !r.ok {
		for i := range m.xbase {
			m.xbase[i] = hashByte(uint32(40+i), c1)
		}
		return
	}
	// at(a, k): the byte k before aligned position a, as an int (0 before the stream).
	at := func(a, k int) int {
		if a-k < 0 {
			return 0
		}
		return int(h[a-k])
	}
	a1, a2 := r.a1, r.a2
	if a2 < 0 {
		a2 = a1 // (no second record: the same value, delta 0)
	}
	x1, x2 := at(a1, 0), at(a2, 0)
	d := uint32(min(r.dist, 1023))
	m.xjb = uint8(recBucket(r.dist))
	m.xbase[0] = hashByte(hashByte(40, uint32(r.key)), d)
	m.xbase[1] = hashByte(41, uint32(x1)|uint32((2*x1-x2)&0xFF)<<8)
	m.xbase[3] = hashByte(hashByte(hashByte(46, uint32(r.key)), d), uint32(x1))
	// Little-endian words whose byte k is the next byte: the k bytes below it are known.
	le := func(k, f int) uint32 {
		var w1, w2, lo int
		for i := 0; i <= k; i++ { // (the byte at a1 is the word's highest so far)
			w1 = w1<<8 | at(a1, i)
			w2 = w2<<8 | at(a2, i)
		}
		for i := 1; i <= k; i++ {
			lo = lo<<8 | int(h[n-i])
		}
		pred := w1 + f*(w1-w2)
		return uint32((pred-lo+1<<(8*k-1))>>(8*k)) & 0xFF
	}
	// Big-endian: the next byte is the last of a 2-byte word (the one before it known).
	be2 := func() uint32 {
		w1 := at(a1, 1)<<8 | x1
		w2 := at(a2, 1)<<8 | x2
		pred := 2*w1 - w2 - int(c1)<<8
		return uint32(min(max(pred, -1), 256) + 1)
	}
	// Big-endian words of s bytes whose byte k (from the highest) is the next: the k bytes
	// above it known, the s-1-k below it not yet.
	be := func(s, k, f int) uint32 {
		var w1, w2, hi int
		for i := k; i >= k-s+1; i-- { // (positions a-k .. a+s-1-k)
			if i < 0 && a1-i >= n {
				return 0
			}
			w1 = w1<<8 | at(a1, i)
			w2 = w2<<8 | at(a2, i)
		}
		for i := k; i >= 1; i-- {
			hi = hi<<8 | int(h[n-i])
		}
		r := 8 * (s - 1 - k)
		v := (w1 + f*(w1-w2) - hi<<(r+8)) >> r
		if k == 0 {
			return uint32(v&0xFF) | 0x100
		}
		if v < 0 || v > 255 {
			return 0
		}
		return uint32(v) | 0x100
	}
	m.xexp[0] = uint32(x1) | 0x100
	m.xexp[1] = uint32((2*x1-x2)&0xFF) | 0x100
	m.xexp[9] = uint32(x2) | 0x100
	if n >= 3 {
		l1, l2, l3 := le(1, 1), le(2, 1), le(3, 1)
		m.xexp[2] = l1 | 0x100
		m.xexp[3] = l2 | 0x100
		m.xexp[4] = l3 | 0x100
		m.xexp[10] = le(1, 0) | 0x100
	}
	b2 := be2()
	m.xbase[2] = hashByte(45, b2)
	if b2 >= 1 && b2 <= 256 {
		m.xexp[5] = b2 - 1 | 0x100
	}
	if n >= 4 {
		m.xexp[6] = be(4, 3, 1)
		m.xexp[7] = be(4, 2, 1)
		m.xexp[8] = be(2, 0, 1)
		m.xexp[11] = be(2, 1, 0)
	}
}

// recLearnX is recLearn without a branch: e is 0 for a hit, else a byte's difference (XOR)
// from it (1 to 255), so that the unpredictable hit is arithmetic: z is −1 on a hit, else
// 0; the score moves by (65535−s)>>sh = (s^0xFFFF)>>sh up, or by s>>sh down ((x^nz)−nz is
// x on a hit, else −x). TestRecLearnX holds it to recLearn.
func recLearnX(score, align *uint16, e int32) uint32 {
	z := (e - 1) >> 31
	m, nz := z&0xFFFF, ^z
	s, a := int32(*score), int32(*align)
	s += (s^m)>>recScoreSh ^ nz - nz
	a += (a^m)>>recAlSh ^ nz - nz
	*score = uint16(s)
	*align = uint16(a)
	return uint32(a)
}

// recLearn moves an anchor's score (per key and distance bucket, *score) and its alignment
// (*align) towards 65535 when the anchor predicted the byte (hit), towards 0 when not, and
// returns the new alignment. (The reference of recLearnX, which the anchor loop uses.)
func recLearn(score, align *uint16, hit bool) uint32 {
	s, a := int32(*score), int32(*align)
	if hit {
		s += (65535 - s) >> recScoreSh
		a += (65535 - a) >> recAlSh
	} else {
		s -= s >> recScoreSh
		a -= a >> recAlSh
	}
	*score = uint16(s)
	*align = uint16(a)
	return uint32(a)
}
