package predict

// Sensor model 11's additions to ByteModel2 (NewByteModel2Model11; FORMAT.md 12.6.7,
// docs/MODEL.md "Sensor model 11: big-endian records"): model 10's byte model with framed
// packets. Many receiver protocols frame a packet as a two-byte sync, a 16-bit length (either
// byte order) at a fixed offset, a payload and a checksum (SiRF: A0 A2, a big-endian length,
// a 15-bit sum; UBX: B5 62, class, id, a little-endian length, a Fletcher sum; SkyTraq: A0 A1,
// a big-endian length, an xor). The model learns, per sync pair, which of six length fields
// (offset 2, 3 or 4 from the pair, either byte order) plus a constant gives the distance to
// the pair's next occurrence; once one has held fr11Conf times, the pair opens a framed packet
// (at or after the last one's end) that ends where its length says; pairs inside it open
// nothing. A packet has two keys: its bytes 2 to 5 (the full key: SiRF's length, id and
// sub-id; UBX's class, id and length) and the same without the length field (the short key).
// The same offset in earlier packets gives 54 word candidates, 18 from each of three pairs of
// packets (the last two of the full key; the second and fourth last of the full key, for
// packets that alternate; the last two of the short key): a byte repeated or extrapolated,
// little-endian words' bytes 1-3 extrapolated or repeated and bytes 4-7 extrapolated (a
// double's upper bytes), given the bytes below, big-endian 16- and 32-bit words' bytes
// extrapolated given the bytes above. The candidate that has predicted this short key and
// offset best is an expected byte. Near the packet's end, checksums over the packet from the
// length field's offset − 2 or + 2 (xor, sum, Fletcher's two bytes, a 16-bit sum's two
// bytes, its high byte in 15 bits), the best by pair and distance to the end, are another.
// They take model 8's (and 10's) expected bytes and context inside a framed packet past its
// byte 5, and a last small mixer (final11) weighs them against the model's probability.

const (
	fr11Pairs  = 1 << 12 // sync-pair slots
	fr11Keys   = 1 << 12 // packet-key slots
	fr11Conf   = 4       // a length hypothesis frames packets once confirmed this many times
	fr11MaxC   = 32      // the constant (packet length − length field) is at most this
	fr11Words  = 54      // word candidates
	fr11Sums   = 14      // checksum candidates
	fr11KBits  = 14      // (key, offset) slots of the word candidates' hit rates
	fr11End    = 8       // checksums are tried at the last fr11End bytes of a packet
	fr11MaxLen = 4096    // a framed packet is at most this long
	mix11Rate  = 48      // final11's mixer learns at this rate
)

// fr11Hyp is a length hypothesis: offset o (2, 3, 4) and byte order of the length field.
var fr11Hyp = [6]struct{ o, be int }{{2, 1}, {2, 0}, {3, 1}, {3, 0}, {4, 0}, {4, 1}}

type frPair struct {
	last int32 // the pair's last start +1 (0: none)
	c    [6]int8
	n    [6]uint8
}

type framer struct {
	pairs []frPair
	// The current framed packet: its start, its end (exclusive; 0: none yet), its pair slot,
	// its hypothesis, and (from byte 6) its key slots and the earlier packets' starts of its keys.
	act     bool
	lastEnd int // the last framed packet's end (a packet starts at or after it)
	s, end  int
	ps, hyp int
	key     int
	r       [4]int // the last four packets' starts of its key (-1: none)
	rs      [4]int // the last four packets' starts of its key without the length field
	kshort  int
	st      [fr11Keys][4]int32 // per key slot, its last four packets' starts (+1)
	sums    [2][4]uint32       // running xor, sum, Fletcher A and B from the length field's offset − 2 and + 2
	sums1   [2][4]uint32       // the same one byte earlier
}

func (f *framer) reset() {
	clear(f.pairs)
	f.act, f.lastEnd = false, 0
	f.st = [fr11Keys][4]int32{}
}

func rd16(h []byte, at, be int) int {
	if be != 0 {
		return int(h[at])<<8 | int(h[at+1])
	}
	return int(h[at]) | int(h[at+1])<<8
}

// observe takes the stream's last byte into the framer.
func (f *framer) observe(h []byte) {
	p := len(h) - 1
	b := h[p]
	if f.act {
		if f.end > 0 && p >= f.end {
			f.act = false
			f.lastEnd = f.end
		} else {
			o := p - f.s
			ho := fr11Hyp[f.hyp].o
			for i, st := range [2]int{ho - 2, ho + 2} {
				if o >= st {
					x := &f.sums[i]
					f.sums1[i] = *x
					x[0] ^= uint32(b)
					x[1] += uint32(b)
					x[2] = (x[2] + uint32(b)) & 0xFF
					x[3] = (x[3] + x[2]) & 0xFF
				}
			}
			hy := fr11Hyp[f.hyp]
			if o == hy.o+1 {
				e := f.s + rd16(h, f.s+hy.o, hy.be) + int(f.pairs[f.ps].c[f.hyp])
				if e <= p+1 || e-f.s > fr11MaxLen {
					f.act = false
				} else {
					f.end = e
				}
			}
			if f.act && o == 5 {
				kk, ks := uint32(f.ps), uint32(f.ps)+1
				for i := 2; i <= 5; i++ {
					kk = hashByte(kk, uint32(h[f.s+i]))
					if i != ho && i != ho+1 {
						ks = hashByte(ks, uint32(h[f.s+i]))
					}
				}
				k := int(kk * 0x9E3779B1 >> 20)
				f.key = k
				st := &f.st[k]
				f.r = [4]int{int(st[0]) - 1, int(st[1]) - 1, int(st[2]) - 1, int(st[3]) - 1}
				*st = [4]int32{int32(f.s) + 1, st[0], st[1], st[2]}
				k = int(ks * 0x9E3779B1 >> 20)
				st = &f.st[k]
				f.rs = [4]int{int(st[0]) - 1, int(st[1]) - 1, int(st[2]) - 1, int(st[3]) - 1}
				*st = [4]int32{int32(f.s) + 1, st[0], st[1], st[2]}
				f.kshort = k
			}
			if f.act {
				return
			}
		}
	}
	if p < 1 {
		return
	}
	s := p - 1
	ps := int((uint32(h[s])<<8 | uint32(b)) * 0x9E3779B1 >> 20)
	e := &f.pairs[ps]
	if l := int(e.last) - 1; l >= 0 && s-l >= 6 && s-l < 65536 {
		L := s - l
		for i, hy := range fr11Hyp {
			c := L - rd16(h, l+hy.o, hy.be)
			switch {
			case c >= 0 && c <= fr11MaxC && int(e.c[i]) == c:
				e.n[i] = min(e.n[i]+1, 255)
			case e.n[i] > 0:
				e.n[i]--
			case c >= 0 && c <= fr11MaxC:
				e.c[i], e.n[i] = int8(c), 1
			}
		}
	}
	e.last = int32(s) + 1
	best, bn := -1, uint8(fr11Conf-1)
	for i := range e.n {
		if e.n[i] > bn {
			best, bn = i, e.n[i]
		}
	}
	if best >= 0 && s >= f.lastEnd {
		f.act, f.s, f.end, f.ps, f.hyp, f.key = true, s, 0, ps, best, -1
		f.sums, f.sums1 = [2][4]uint32{}, [2][4]uint32{}
	}
}

// NewByteModel2Model11 returns a fresh model of sensor model 11's bytes blocks: model 10's
// with framed packets (bytes_model2_v11.go).
func NewByteModel2Model11() *ByteModel2 {
	m := newByteModel2Model11(false)
	m.Reset()
	return m
}

func newByteModel2Model11(resetEach bool) *ByteModel2 {
	m := newByteModel2Model10(resetEach)
	m.v11 = true
	m.fr = &framer{pairs: make([]frPair, fr11Pairs)}
	m.fk = make([]uint16, fr11Words<<fr11KBits)
	m.fsum = make([]uint16, fr11Sums*fr11End*256)
	m.mix11 = NewMixer(4, 64*8, 0, mix11Rate)
	if resetEach {
		m.Reset()
	}
	return m
}

// Model11 tells whether m is sensor model 11's variant (NewByteModel2Model11).
func (m *ByteModel2) Model11() bool { return m.v11 }

// beExp returns the byte expected next as byte k (from the highest) of a big-endian word of
// s bytes, the k bytes above it known (the last k of h), from the words at aligned positions
// a1 and a2 (a2 < 0: the word repeated), extrapolated; or 0 when it does not fit a byte.
func beExp(h []byte, a1, a2, s, k int) uint32 {
	if a2 < 0 {
		a2 = a1
	}
	n := len(h)
	var w1, w2, hi int
	for i := -k; i < s-k; i++ {
		if a1+i >= n || a1+i < 0 || a2+i < 0 {
			return 0
		}
		w1 = w1<<8 | int(h[a1+i])
		w2 = w2<<8 | int(h[a2+i])
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

// wordCands fills c with the word candidates of the byte at aligned position a1 of the
// packet before, its packet before at start r2 (-1: none) and offset o.
func (m *ByteModel2) wordCands(c []uint32, a1, r2, o int) {
	h := m.hist
	a2 := -1
	if r2 >= 0 {
		a2 = r2 + o
	}
	x1 := int(h[a1])
	x2 := x1
	if a2 >= 0 {
		x2 = int(h[a2])
	}
	c = c[:fr11Words/3]
	c[0] = uint32((2*x1-x2)&0xFF) | 0x100
	c[1] = uint32(x1) | 0x100
	for k := 1; k <= 3; k++ {
		c[1+k] = leExp(h, a1, a2, k) | 0x100
	}
	c[5] = beExp(h, a1, a2, 2, 0)
	c[6] = beExp(h, a1, a2, 2, 1)
	c[7] = beExp(h, a1, a2, 4, 0)
	c[8] = beExp(h, a1, a2, 4, 1)
	c[9] = beExp(h, a1, a2, 4, 2)
	c[10] = beExp(h, a1, a2, 4, 3)
	for k := 1; k <= 3; k++ {
		c[10+k] = leExp(h, a1, -1, k) | 0x100
	}
	for k := 4; k <= 7; k++ {
		c[10+k] = leExp64(h, a1, a2, k) | 0x100
	}
}

// leExp64 is leExp for bytes k = 4..7 of a 64-bit little-endian word (a double's upper
// bytes), in arithmetic modulo 2^64.
func leExp64(h []byte, a1, a2, k int) uint32 {
	n := len(h)
	if a2 < 0 {
		a2 = a1
	}
	var w1, w2, lo uint64
	for i := 0; i <= k; i++ {
		if a2-i < 0 {
			return 0
		}
		w1 = w1<<8 | uint64(h[a1-i])
		w2 = w2<<8 | uint64(h[a2-i])
	}
	for i := 1; i <= k; i++ {
		lo = lo<<8 | uint64(h[n-i])
	}
	return uint32((2*w1-w2-lo+1<<(8*k-1))>>(8*k)) & 0xFF
}

// frameContexts computes model 11's framed-packet contexts at a byte boundary (after model
// 10's, whose expected bytes and context it replaces inside a framed packet past byte 5).
func (m *ByteModel2) frameContexts() {
	f := m.fr
	m.fok, m.fsok = false, false
	n := len(m.hist)
	if !f.act || f.key < 0 || n-f.s < 6 || f.end > 0 && n >= f.end {
		return
	}
	o := n - f.s
	if r := f.r; r[0] >= 0 && r[0]+o < f.s {
		const w = fr11Words / 3
		m.wordCands(m.fc[:w], r[0]+o, r[1], o)
		if r[1] >= 0 {
			m.wordCands(m.fc[w:2*w], r[1]+o, r[3], o)
		} else {
			clear(m.fc[w : 2*w])
		}
		if rs := f.rs; rs[0] >= 0 && rs[0]+o < f.s {
			m.wordCands(m.fc[2*w:], rs[0]+o, rs[1], o)
		} else {
			clear(m.fc[2*w:])
		}
		m.fi = uint32(f.kshort<<12|o&4095) * 0x9E3779B1 >> (32 - fr11KBits)
		m.fok = true
	}
	if f.end > 0 && f.end-n <= fr11End {
		d := f.end - n
		c := &m.fs
		for i := 0; i < 2; i++ {
			x, x1 := f.sums[i], f.sums1[i]
			c[i*7+0] = x[0]&0xFF | 0x100
			c[i*7+1] = x[1]&0xFF | 0x100
			c[i*7+2] = x[2] | 0x100
			c[i*7+3] = x1[3] | 0x100
			c[i*7+4] = x[1]>>8&0xFF | 0x100
			c[i*7+5] = x[1]>>8&0x7F | 0x100
			c[i*7+6] = x1[1]&0xFF | 0x100
		}
		m.fsi = uint32((f.ps&255)*fr11End + d - 1)
		m.fsok = true
	}
	if !m.fok && !m.fsok {
		return
	}
	e, best, bv := uint32(0), 0, uint16(0)
	if m.fok {
		fk := (*[fr11Words]uint16)(m.fk[int(m.fi)*fr11Words:])
		for k, v := range fk {
			if v > bv && m.fc[k] != 0 {
				best, bv = k, v
			}
		}
		e = m.fc[best]
	}
	m.yexp = [b2YE]uint32{}
	if e != 0 {
		m.yexp[0] = e
		m.yexp[2] = (e+1)&0xFF | 0x100
	}
	m.yr = uint8(16 + bv>>12)
	if m.fsok {
		fs := (*[fr11Sums]uint16)(m.fsum[int(m.fsi)*fr11Sums:])
		sb, sv := 0, uint16(0)
		for k, v := range fs {
			if v > sv {
				sb, sv = k, v
			}
		}
		if sv >= 1<<14 {
			m.yexp[1] = m.fs[sb]
			m.yr = uint8(32 + sv>>12)
		}
	}
	m.ybase[0] = hashByte(hashByte(90, uint32(f.key)<<12|uint32(o&4095)), uint32(best)<<9|e)
}

// frameByte takes byte b into the candidates' hit rates (before the framer sees it).
func (m *ByteModel2) frameByte(b byte) {
	if m.fok {
		fk := (*[fr11Words]uint16)(m.fk[int(m.fi)*fr11Words:])
		for k := range fk {
			if m.fc[k] == uint32(b)|0x100 {
				fk[k] += (65535 - fk[k]) >> 3
			} else {
				fk[k] -= fk[k] >> 3
			}
		}
	}
	if m.fsok {
		fs := (*[fr11Sums]uint16)(m.fsum[int(m.fsi)*fr11Sums:])
		for k := range fs {
			if m.fs[k] == uint32(b)|0x100 {
				fs[k] += (65535 - fs[k]) >> 2
			} else {
				fs[k] -= fs[k] >> 2
			}
		}
	}
}

// final11 refines the final probability where a framed packet's word or checksum expected
// byte (model 11) still agrees with the byte's bits so far: a mixer of the probability and
// the two expected bytes' counters, its weight set chosen by the confidence (yr) and the bit
// position (the three mixers, whose sets do not know the confidence, learn too slowly from a
// field that comes once a packet).
func (m *ByteModel2) final11(n int) {
	m.used11 = false
	j, js := m.yeIdx[0], m.yeIdx[1]
	if m.yr < 16 || j == 0 && js == 0 {
		return
	}
	mx := m.mix11
	cp := uint32(1 << 15)
	if j > 0 {
		cp = m.yectr[0][(j-1)&(64*64-1)].P()
	}
	mx.Add(Stretch(m.pr))
	mx.Add(Stretch(cp))
	mx.Add(256)
	if js > 0 {
		mx.Add(Stretch(m.yectr[1][(js-1)&(64*64-1)].P()))
	} else {
		mx.Add(0)
	}
	m.pr = mx.Mix(int(m.yr)<<3 | n)
	m.used11 = true
}
