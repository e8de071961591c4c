package predict

// Sensor model 7's record view of a byte stream (ByteModel2 of NewByteModel2Model7; FORMAT.md
// 12.6.3, docs/MODEL.md "Sensor model 7: binary records"). A binary log is a stream of packets
// whose fields repeat, packet after packet of the same type, at the same offset from the
// packet's start. The model does not know where packets start: every byte recently coded (and
// every pair of bytes) is a candidate anchor, aligned with the previous occurrence of the same
// byte (pair); each candidate's key and distance has a score, how often the byte at the same
// distance from the previous occurrence was the byte coded. The best-scored candidate gives
// the current byte's record: its key (the packet's type, as far as it knows), the offset,
// and the bytes at that offset in the last two records, from which the contexts predict the
// byte numerically (the delta of multi-byte words of either byte order).

const (
	recWindow = 160 // anchors looked at: the last recWindow positions
	recAlSh   = 3   // an anchor's alignment moves by 1/8 of the way to 65535 (hit) or 0
	recAlW    = 2   // an anchor's choice: its key's score plus twice its alignment
)

const (
	recJB      = 32 // distance buckets of a score
	recKeys2   = 4096
	recKeys    = 256 + recKeys2
	recScoreSh = 4 // a score moves by 1/16 of the way to 65535 (hit) or 0
)

// recBucket is the score bucket of distance d (>= 1).
func recBucket(d int) int {
	if d < 24 {
		return d
	}
	return min(24+bitLen(uint32(d))-5, recJB-1)
}

// recKey2 is the score key of the pair ending at q (q >= 1).
func recKey2(hist []byte, q int) int {
	k := uint32(hist[q-1])<<8 | uint32(hist[q])
	return 256 + int(k*0x9E3779B1>>20)
}

type recAnchors struct {
	link1 []int32  // per position q: 1 + the previous position with the same byte (0: none)
	link2 []int32  // per position q: 1 + the previous position whose pair (q-1, q) is the same
	al1   []uint16 // per position q: how well the anchor q aligned the bytes after it (EMA of hits)
	al2   []uint16
	last1 [256]int32
	last2 [65536]int32
	score []uint16 // (key, distance bucket)

	// The anchor chosen for the next byte (valid when ok).
	ok     bool
	key    int // its score key (a byte value, or 256 + a pair's hash)
	dist   int // the next byte's distance from the anchor
	a1, a2 int // the next byte's aligned positions in the last two records (a2 < 0: none)
	best   uint32
}

func newRecAnchors() *recAnchors {
	return &recAnchors{score: make([]uint16, recKeys*recJB)}
}

func (r *recAnchors) reset() {
	r.link1, r.link2 = r.link1[:0], r.link2[:0]
	r.al1, r.al2 = r.al1[:0], r.al2[:0]
	r.last1 = [256]int32{}
	clear(r.last2[:])
	clear(r.score)
	r.ok = false
}

// observe takes the stream's last byte (hist[len(hist)-1]): the scores of the anchors before it
// learn whether they predicted it, then the anchor of the next byte is chosen.
func (r *recAnchors) observe(hist []byte) {
	p := len(hist) - 1
	b := hist[p]
	sc := r.score
	// Scores: anchors q in [p-W, p-1] at distance d = p-q.
	lo := max(p-recWindow, 0)
	for q := p - 1; q >= lo; q-- {
		d := p - q
		jb := recBucket(d)
		if l := r.link1[q]; l > 0 {
			i := int(hist[q])*recJB + jb
			s := int32(sc[i])
			a := int32(r.al1[q])
			if hist[int(l)-1+d] == b {
				s += (65535 - s) >> recScoreSh
				a += (65535 - a) >> recAlSh
			} else {
				s -= s >> recScoreSh
				a -= a >> recAlSh
			}
			sc[i] = uint16(s)
			r.al1[q] = uint16(a)
		}
		if l := r.link2[q]; l > 0 {
			i := recKey2(hist, q)*recJB + jb
			s := int32(sc[i])
			a := int32(r.al2[q])
			if hist[int(l)-1+d] == b {
				s += (65535 - s) >> recScoreSh
				a += (65535 - a) >> recAlSh
			} else {
				s -= s >> recScoreSh
				a -= a >> recAlSh
			}
			sc[i] = uint16(s)
			r.al2[q] = uint16(a)
		}
	}
	// Links of the new position.
	r.link1 = append(r.link1, r.last1[b])
	r.last1[b] = int32(p + 1)
	l2 := int32(0)
	if p >= 1 {
		k := uint32(hist[p-1])<<8 | uint32(b)
		l2 = r.last2[k]
		r.last2[k] = int32(p + 1)
	}
	r.link2 = append(r.link2, l2)
	r.al1 = append(r.al1, 0)
	r.al2 = append(r.al2, 0)
	// The next byte's anchor: q in [n-W, n-1], d = n-q.
	n := p + 1
	r.ok = false
	best, bq, bk := uint32(0), 0, 0
	var bl int32
	for q := n - 1; q >= max(n-recWindow, 0); q-- {
		jb := recBucket(n - q)
		if l := r.link1[q]; l > 0 {
			k := int(hist[q])
			if s := uint32(sc[k*recJB+jb]) + uint32(r.al1[q])*recAlW; s > best {
				best, bq, bk, bl = s, q, k, l
			}
		}
		if l := r.link2[q]; l > 0 {
			k := recKey2(hist, q)
			if s := uint32(sc[k*recJB+jb]) + uint32(r.al2[q])*recAlW; s > best {
				best, bq, bk, bl = s, q, k, l
			}
		}
	}
	if best == 0 {
		return
	}
	r.ok = true
	r.best = best
	r.key = bk
	r.dist = n - bq
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
const b2X = 6

// b2E is the number of model 7's expected bytes.
const b2E = 9

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
	m.xbase[0] = hashByte(hashByte(40, uint32(r.key)), d)
	m.xbase[1] = hashByte(41, uint32(x1)|uint32((2*x1-x2)&0xFF)<<8)
	// Little-endian words whose byte k is the next byte: the k bytes below it are known.
	le := func(k int) uint32 {
		var w1, w2, lo int
		for i := 0; i <= k; i++ { // (the byte at a1 is the word's highest so far)
			w1 = w1<<8 | at(a1, i)
			w2 = w2<<8 | at(a2, i)
		}
		for i := 1; i <= k; i++ {
			lo = lo<<8 | int(h[n-i])
		}
		pred := 2*w1 - w2
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
	be := func(s, k int) uint32 {
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
		v := (2*w1 - w2 - hi<<(r+8)) >> r
		if k == 0 {
			return uint32(v&0xFF) | 0x100
		}
		if v < 0 || v > 255 {
			return 0
		}
		return uint32(v) | 0x100
	}
	if n >= 3 {
		m.xbase[2] = hashByte(hashByte(42, le(1)), uint32(r.key)<<10|d)
		m.xbase[3] = hashByte(hashByte(43, le(2)), uint32(r.key)<<10|d)
		m.xbase[4] = hashByte(hashByte(44, le(3)), uint32(r.key)<<10|d)
	} else {
		m.xbase[2], m.xbase[3], m.xbase[4] = 42, 43, 44
	}
	m.xbase[5] = hashByte(45, be2())
	m.xexp[0] = uint32(x1) | 0x100
	m.xexp[1] = uint32((2*x1-x2)&0xFF) | 0x100
	if n >= 3 {
		m.xexp[2] = le(1) | 0x100
		m.xexp[3] = le(2) | 0x100
		m.xexp[4] = le(3) | 0x100
	}
	if b := be2(); b >= 1 && b <= 256 {
		m.xexp[5] = b - 1 | 0x100
	}
	if n >= 4 {
		m.xexp[6] = be(4, 3)
		m.xexp[7] = be(4, 2)
		m.xexp[8] = be(2, 0)
	}
}
