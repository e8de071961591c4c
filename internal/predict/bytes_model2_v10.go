package predict

// Sensor model 10's additions to ByteModel2 (NewByteModel2Model10; FORMAT.md 12.6.6,
// docs/MODEL.md "Sensor model 10: numbers in binary records"): model 9's byte model with a
// second record view whose records are learned packets. Model 7's anchor (the best-scored of
// the last 160 bytes) follows the bytes that repeat; on a field that changes every packet (a
// timestamp's low bytes) no anchor predicts it, and the one chosen points anywhere. Model 10
// parses the stream into records of learned lengths: a byte value is record-like when, as an
// anchor, it predicts some byte 2 to 23 bytes after it well (its best score, rs, at least
// rec2Like); the most recent record-like byte of the last 23 starts a record, and the record
// stands, whatever bytes inside it look like, while its key's learned length (the distance to
// the next start, confirmed rec2Conf times) says that it goes on. The same field of the last
// two records of the same key (their starts kept per key) then gives a little-endian word's
// byte k = 1..3, extrapolated (2·W1 − W2) or repeated (W1), given the k bytes below it
// already coded; of the six, the one that has predicted this key and offset best is an
// expected byte, with the byte one above
// and one below it, and a hashed context takes the key, the offset, k and the expected byte.
// They take model 8's column-number expected byte and context, and its two line-key expected
// bytes, only where those have nothing (a binary byte), so that model 10 has model 9's 52
// tail inputs.

const (
	rec2Like  = 40000 // a key is record-like when its best score (of 65535) is at least this
	rec2Conf  = 4     // a learned length holds a record once confirmed this many times (of 15)
	rec2Back  = 22    // a record's start is looked for among the last rec2Back+1 bytes
	rec2Words = 6     // word bytes: k = 1..3 extrapolated, k = 1..3 repeated
	rec2KBits = 14    // (key, offset) slots of the word bytes' hit rates
)

// NewByteModel2Model10 returns a fresh model of sensor model 10's bytes blocks: model 9's
// with the learned records' numbers (bytes_model2_v10.go).
func NewByteModel2Model10() *ByteModel2 {
	m := newByteModel2Model10(false)
	m.Reset()
	return m
}

func newByteModel2Model10(resetEach bool) *ByteModel2 {
	m := newByteModel2Model9(resetEach)
	m.v10 = true
	m.zk = make([]uint16, rec2Words<<rec2KBits) // (the rest is fresh from Model9's Reset)
	return m
}

// Model10 tells whether m is sensor model 10's variant (NewByteModel2Model10).
func (m *ByteModel2) Model10() bool { return m.v10 }

// ctxNone8 is model 8's column-number context where there is no number.
var ctxNone8 = hashByte(60, 0)

// recRS recomputes rs[v]: the best score of key v over the exact distances 2..23.
func (r *recAnchors) recRS() {
	for v := 0; v < 256; v++ {
		b := uint16(0)
		for _, s := range r.score[v*recJB+2 : v*recJB+24] {
			b = max(b, s)
		}
		r.rs[v] = b
	}
}

// observe2 chooses the learned record of the next byte (after observe): the current record
// while its key's learned length says that it goes on, else the most recent record-like byte
// of the last rec2Back+1, which starts a new record (and the last record's key learns its
// length from it).
func (r *recAnchors) observe2(hist []byte) {
	p := len(hist) - 1
	if p&63 == 0 {
		r.recRS()
	}
	r.ok2, r.held = false, false
	q := -1
	if r.S >= 0 && r.lenC[r.K] >= rec2Conf && p-r.S < int(r.lenK[r.K]) {
		q = r.S
		r.held = true
	} else {
		for i := p; i >= max(p-rec2Back, 0); i-- {
			if r.rs[hist[i]] >= rec2Like {
				q = i
				break
			}
		}
		if q < 0 {
			return
		}
		if q != r.S {
			if r.S >= 0 && q > r.S {
				if L := q - r.S; L < 256 {
					k := r.K
					switch {
					case int(r.lenK[k]) == L:
						r.lenC[k] = min(r.lenC[k]+1, 15)
					case r.lenC[k] > 0:
						r.lenC[k]--
					default:
						r.lenK[k], r.lenC[k] = uint8(L), 1
					}
				}
			}
			v := hist[q]
			r.S, r.K = q, v
			r.st[v] = [3]int32{int32(q), r.st[v][0], r.st[v][1]}
		}
	}
	v := hist[q]
	d := p + 1 - q
	s1, s2 := r.st[v][1], r.st[v][2]
	if s1 < 0 || int(s1)+d > p {
		return
	}
	r.ok2 = true
	r.key2b = int(v)
	r.dist2 = d
	r.b1 = int(s1) + d
	r.b2 = -1
	if s2 >= 0 {
		r.b2 = int(s2) + d
	}
}

// leExp returns the byte expected next as byte k (1..3) of a little-endian word, its k
// bytes below known (the last k of h), from the words at aligned positions a1 and a2
// (a2 < 0: none, the word repeated), extrapolated (2·W1 − W2).
func leExp(h []byte, a1, a2, k int) uint32 {
	n := len(h)
	at := func(a, i int) int {
		if a-i < 0 {
			return 0
		}
		return int(h[a-i])
	}
	if a2 < 0 {
		a2 = a1
	}
	var w1, w2, lo int
	for i := 0; i <= k; i++ {
		w1 = w1<<8 | at(a1, i)
		w2 = w2<<8 | at(a2, i)
	}
	for i := 1; i <= k; i++ {
		lo = lo<<8 | int(h[n-i])
	}
	pred := 2*w1 - w2
	return uint32((pred-lo+1<<(8*k-1))>>(8*k)) & 0xFF
}

// recNumContexts computes model 10's learned-record contexts at a byte boundary (after
// model 8's and 9's, whose column-number expected byte and context, and line-key expected
// bytes, it takes where they have nothing).
func (m *ByteModel2) recNumContexts() {
	r := m.recA
	m.zok = false
	if m.v14 {
		m.r14.e = 0
	}
	if !r.ok2 || len(m.hist) < 4 {
		return
	}
	for k := 1; k <= 3; k++ {
		m.zc[k-1] = leExp(m.hist, r.b1, r.b2, k) | 0x100 // extrapolated
		m.zc[k+2] = leExp(m.hist, r.b1, -1, k) | 0x100   // repeated
	}
	if m.v14 {
		m.phaseCandidates14(r)
	}
	m.zi = uint32(r.key2b*32+min(r.dist2, 31)) & (1<<rec2KBits - 1)
	m.zok = true
	if m.yexp[0] != 0 || m.ybase[0] != ctxNone8 {
		return
	}
	best, bv, e := m.recExpect(m.recWords())
	m.yr = uint8(8 + min(best, 7)) // (model 10's best is at most 5)
	if m.v14 {
		m.r14.e, m.r14.zi, m.r14.q = e, m.zi, uint8(bv>>14)
	}
}

// recWords returns how many word candidates the model has: model 10's six, model 14's nine.
func (m *ByteModel2) recWords() int {
	if m.v14 {
		return rec14Words
	}
	return rec2Words
}

// recExpect makes the candidate with the best hit rate of the first words of (key, offset)
// m.zi the expected byte (the one above and below it the second and third where those are
// empty) and sets the context by it; it returns the candidate, its hit rate and its byte.
func (m *ByteModel2) recExpect(words int) (best int, bv uint16, e uint32) {
	zk := m.zk[int(m.zi)*words:][:words]
	for k, v := range zk {
		if v > bv && m.zc[k] != 0 { // (model 10's six candidates are never empty)
			best, bv = k, v
		}
	}
	e = m.zc[best]
	m.yexp[0] = e
	if m.yexp[1] == 0 {
		m.yexp[1] = (e+1)&0xFF | 0x100
	}
	if m.yexp[2] == 0 {
		m.yexp[2] = (e-1)&0xFF | 0x100
	}
	m.ybase[0] = hashByte(hashByte(80, m.zi), uint32(best)<<9|e)
	return best, bv, e
}

// recNumByte takes byte b into the word bytes' hit rates of its (key, offset).
func (m *ByteModel2) recNumByte(b byte) {
	if !m.zok {
		return
	}
	words := m.recWords()
	zk := m.zk[int(m.zi)*words:][:words]
	for k := range zk {
		if m.zc[k] == uint32(b)|0x100 {
			zk[k] += (65535 - zk[k]) >> 4
		} else {
			zk[k] -= zk[k] >> 4
		}
	}
}
