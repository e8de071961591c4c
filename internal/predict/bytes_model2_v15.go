package predict

// Sensor model 15's additions to ByteModel2 for tables (NewByteModel2Model15; FORMAT.md
// 12.8.10, docs/MODEL.md "Sensor model 15: fixed-width text tables in bytes blocks (branch
// tm15)"); its additions for binary records are in bytes_model2_frm15.go.
//
// A table's line (model 12's tables: the last three lines of one length below 256) is read
// as fields cut by the line above's bytes: where the byte class changes (digits and spaces,
// letters and '?', others) or model 13 learned a field start. Model 12's candidates predict
// a field from its own past values; TMY2's fields also follow each other within a line
// (illuminance is irradiance times an efficacy, GHI the extraterrestrial irradiance times a
// clearness, the humidity a function of temperature and dew point, the night's fields are
// zero together). Model 15 adds, at each byte of a table's line:
//   - field contexts: the changes (class: equal, zero, small or large up or down) of the
//     line's earlier fields against the line above, with the current field's bytes so far
//     and how they differ from the line above's;
//   - candidates for a number of 2 to 15 digits from the line's earlier numbers: per earlier
//     number g (the last eight), the ratio F1·g/g1 (F1 and g1 the line above's values), and
//     a regression of the field's change on the eight numbers' changes (weights per field,
//     learned by normalised LMS when the field ends); the candidate whose predictions had
//     the most leading digits right (EMA per field and candidate) gives an expected byte;
//   - a mixer of the final probability and these inputs, its weight set by the column, how
//     the field differs from the line above so far and the bit position, and an APM by the
//     column and the bits so far.
// All of it is learned from the coded bytes: nothing is written to the stream.

const (
	tab15Bits = 22 // the contexts' direct table of counters
	tab15N    = 5  // contexts
	tab15Rate = 24
	tab15K    = 8          // earlier numeric fields of the line a field's ratio candidates come from
	tab15F    = 64         // fields of a line followed
	tab15L    = tab15K     // the regression's inputs: the earlier fields' changes
	tab15C    = tab15K + 1 // candidates: the ratios, then the regression of the changes
)

// tab15 is model 15's view of a table's fields.
type tab15 struct {
	t     []Counter
	h     [tab15N]uint32
	b, i  [tab15N]uint32
	mix   *Mixer
	apm   *APM
	fhist uint32 // the change classes of the current line's closed fields, 3 bits each, the latest lowest
	fs    int    // the current field's start column
	ok    bool
	used  bool
	col   int
	eqs   uint32
	// The closed fields of the current line (cut by the line above's bytes): their values in
	// the current line and the line above, the numbers among them (of 2 to 15 digits, both
	// values read).
	nf     int
	v0, v1 [tab15F]int64
	nums   [tab15F]uint8
	nn     int
	fe     int           // the current field's end
	preds  [tab15C]int64 // the current field's ratio candidates
	pok    uint32        // (a bit each)
	best   int           // the best candidate (-1: none)
	score  []uint16      // per (column, k): the candidate's leading digits right (EMA)
	e      uint32        // the best candidate's expected byte (behind a leading 1; 0: none)
	sb     uint32        // its score in 16 steps
	eIdx   int32
	ectr   []Counter
	lw     []int32       // per field start, the regression's weights (Q16)
	lx     [tab15L]int64 // the current field's regression inputs
}

func (z *tab15) reset() {
	if z.t != nil {
		z.freshTables()
	}
	z.mix.passFirst()
	clear(z.score)
	clear(z.lw)
	for i := range z.ectr {
		z.ectr[i] = NewCounter()
	}
	// Every other field back to its fresh value too: one left from the data coded before a
	// Reset (the encoder's trials reset the model they coded with) is read by the next
	// block's first bytes, which the decoder's fresh model does not have (the best
	// candidate's score sb was: TestByteModel2ResetForgets).
	*z = tab15{t: z.t, mix: z.mix, apm: z.apm, score: z.score, ectr: z.ectr, lw: z.lw, best: -1}
}

// allocTables gives z its counters and APM on the first bit coded in a table's line
// (final15): a byte model holds them, 20 MiB, only once a log has shown one, so that a bytes
// block of binary records (two byte models live at once while the decoder works on two
// blocks) does not carry them. A table first allocated mid-block starts as fresh as one
// allocated with the model, so the bytes are the same either way.
func (z *tab15) allocTables() {
	z.t = make([]Counter, 1<<tab15Bits)
	z.apm = NewAPM(256*256, 7)
	z.freshTables()
}

// freshTables returns the counters and the APM to their initial state.
func (z *tab15) freshTables() {
	initCounters(z.t)
	z.apm.Reset()
}

// NewByteModel2Model15 returns a fresh model of sensor model 15's bytes blocks: model 14's
// with the binary records' learned 16-bit words (bytes_model2_frm15.go) and the fields of a
// table's line predicted from each other (this file). The records' stage refines the
// probability first, the tables' mixer then takes it as an input.
func NewByteModel2Model15() *ByteModel2 {
	m := newByteModel2Model15(false)
	m.Reset()
	return m
}

func newByteModel2Model15(resetEach bool) *ByteModel2 {
	m := newByteModel2Model14(resetEach)
	m.v15 = true
	m.f15 = newFrm15()
	m.t15 = &tab15{mix: NewMixer(tab15N+3, 256*8*8, 0, tab15Rate), // (t and apm: allocTables)
		score: make([]uint16, 256*tab15C), lw: make([]int32, 256*tab15L), ectr: make([]Counter, 16*8*2*4)}
	if resetEach {
		m.Reset()
	}
	return m
}

// Model15 tells whether m is sensor model 15's variant (NewByteModel2Model15).
func (m *ByteModel2) Model15() bool { return m.v15 }

// byteClass15 is a byte's class for the fields of a table's line: digits and spaces, letters
// and '?', others.
func byteClass15(b byte) int {
	switch {
	case isDigitSp(b):
		return 0
	case b|0x20 >= 'a' && b|0x20 <= 'z' || b == '?':
		return 1
	}
	return 2
}

// fieldChange15 returns the class of the change of a field from the line above (a, its bytes)
// to the current line (b).
func fieldChange15(a, b []byte) uint32 {
	v1, ok1 := fwNum(a, 0, len(a), 0, len(a))
	v0, ok0 := fwNum(b, 0, len(b), 0, len(b))
	if !ok0 || !ok1 {
		if string(a) == string(b) {
			return 0
		}
		return 7
	}
	d := v0 - v1
	switch {
	case d == 0 && v0 == 0:
		return 1
	case d == 0:
		return 0
	case v0 == 0:
		return 2
	case d > 0 && d*16 <= v1+16:
		return 3
	case d < 0 && -d*16 <= v1+16:
		return 4
	case d > 0:
		return 5
	}
	return 6
}

// tabContexts15 computes model 15's contexts at a byte boundary (after lineRecContexts).
func (m *ByteModel2) tabContexts15() {
	z, r, h := m.t15, m.lr, m.hist
	c := len(h) - r.cur
	z.col = min(c, 255)
	if c == 0 {
		z.fhist, z.fs, z.nf, z.nn = 0, 0, 0, 0
	}
	s1, n1, ok1 := r.line(1)
	z.ok = r.tab && ok1 && c < n1
	z.e = 0
	if !z.ok {
		z.best = -1
		return
	}
	open := c == 0
	if c > 0 && (r.isStart(c) || byteClass15(h[s1+c]) != byteClass15(h[s1+c-1])) {
		open = true
		z.closeField(h, s1, c)
		z.fhist = z.fhist<<3 | fieldChange15(h[s1+z.fs:s1+c], h[r.cur+z.fs:r.cur+c])
		z.fs = c
	}
	fs := z.fs
	cl := byteClass15(h[s1+c])
	fe := c + 1
	for fe < n1 && fe-fs < 16 && !r.isStart(fe) && byteClass15(h[s1+fe]) == cl {
		fe++
	}
	if open {
		z.fe = fe
		z.openField(h, s1, n1, c, fe, cl)
	}
	if z.best >= 0 {
		z.e = expDigit(h, r.cur, fs, c, z.fe, z.preds[z.best], h[s1+c])
		z.sb = uint32(z.score[fs*tab15C+z.best] >> 12)
		if c != fs {
			z.sb = 0 // (the score says most of the field's first digit only)
		}
	}
	// The field so far against the line above's: 1 equal, else 2 + 2·(digits since the first
	// difference, at most 2) + (1 where the current byte there was the higher).
	eq := uint32(1)
	for k := fs; k < c; k++ {
		a, b := h[s1+k], h[r.cur+k]
		if a != b {
			eq = 2 + uint32(min(c-k-1, 2))*2
			if b > a {
				eq++
			}
			break
		}
	}
	z.eqs = eq
	above := uint32(h[s1+c])
	x := hashByte(131, uint32(c)|(z.fhist&63)<<8)
	for _, b := range h[r.cur+fs : r.cur+c] {
		x = hashByte(x, uint32(b))
	}
	x = hashByte(x, 0x1FF)
	for _, b := range h[s1+fs : s1+fe] {
		x = hashByte(x, uint32(b))
	}
	z.h[0] = x
	z.h[1] = hashByte(hashByte(132, uint32(c)|(z.fhist&0x1FF)<<8), eq|above<<4)
	cls2 := uint32(8)
	if s2, _, ok := r.line(2); ok && n1 > fe {
		cls2 = fieldChange15(h[s2+fs:s2+fe], h[s1+fs:s1+fe])
	}
	y := hashByte(135, uint32(c)|(z.fhist&0xFFF)<<8)
	for _, b := range h[r.cur+fs : r.cur+c] {
		y = hashByte(y, uint32(b))
	}
	z.h[3] = y
	z.h[4] = hashByte(hashByte(137, uint32(c)|z.e<<8|z.sb<<17), eq)
	z.h[2] = hashByte(hashByte(133, uint32(c)|(z.fhist&7)<<8|cls2<<11), eq|above<<4|uint32(c-fs)<<12)
}

// tabBits15 finds the contexts' counters of the current bit.
func (m *ByteModel2) tabBits15(n int) {
	z := m.t15
	if !z.ok {
		return
	}
	c0 := m.c0
	z.eIdx = 0
	if e := z.e; e != 0 && e>>(8-n) == c0 {
		z.eIdx = int32((z.sb*8+uint32(n))*2+e>>(7-n)&1) + 1
	}
	for i, h := range z.h {
		if n == 0 || n == 4 {
			z.b[i] = ((h + c0*0x9E3779B1) >> (32 - tab15Bits + 4)) << 4
		}
		z.i[i] = z.b[i] | nibbleSlot(c0, n)
	}
}

// final15 refines the final probability in a table's line.
func (m *ByteModel2) final15(n int) {
	z := m.t15
	z.used = false
	if !z.ok {
		return
	}
	if z.t == nil {
		z.allocTables()
	}
	mx := z.mix
	mx.Add(Stretch(m.pr))
	for _, j := range z.i {
		mx.Add(Stretch(z.t[j&(1<<tab15Bits-1)].P()))
	}
	if z.eIdx > 0 {
		mx.Add(Stretch(z.ectr[z.eIdx-1].P()))
	} else {
		mx.Add(0)
	}
	mx.Add(256)
	p := mx.Mix((z.col*8+int(min(z.eqs, 7)))<<3 | n)
	a := z.apm.P(p, z.col<<8|int(m.c0))
	m.pr = (p + 3*a) >> 2
	z.used = true
}

// update15 learns the coded bit in model 15's parts.
func (m *ByteModel2) update15(bit int) {
	z := m.t15
	if !z.used {
		return
	}
	for _, j := range z.i {
		z.t[j&(1<<tab15Bits-1)].Update(bit, 60)
	}
	if z.eIdx > 0 {
		z.ectr[z.eIdx-1].Update(bit, 255)
	}
	z.mix.Update(bit)
	z.apm.Update(bit)
}

// closeField ends the current line's field at column c: its values, and its candidates'
// scores.
func (z *tab15) closeField(h []byte, s1, c int) {
	if z.nf >= tab15F || z.fs >= c {
		return
	}
	j := z.nf
	z.nf++
	var ok0, ok1 bool
	z.v0[j], ok0 = fwNum(h[len(h)-c:], 0, c, z.fs, c)
	z.v1[j], ok1 = fwNum(h[s1:], 0, c, z.fs, c)
	if ok0 && ok1 && c-z.fs >= 2 && c-z.fs <= 15 {
		if z.nn < tab15F {
			z.nums[z.nn] = uint8(j)
			z.nn++
		}
		if z.pok>>tab15K&1 != 0 {
			var ss int64
			for _, x := range z.lx {
				ss += x * x
			}
			if ss > 0 {
				err := min(max(z.v0[j]-z.preds[tab15K], -1<<20), 1<<20)
				lw := z.lw[z.fs*tab15L:]
				for k, x := range z.lx {
					lw[k] += int32(min(max(err*x<<16>>1/(ss+16), -1<<20), 1<<20))
					lw[k] = min(max(lw[k], -1<<20), 1<<20)
				}
			}
		}
		if z.pok != 0 {
			w := c - z.fs
			a := z.v0[j]
			sc := z.score[z.fs*tab15C:]
			for k := 0; k < tab15C; k++ {
				if z.pok>>k&1 == 0 {
					continue
				}
				q := digitsRight15(a, z.preds[k], w)
				v := uint32(q) * 65535 / uint32(w)
				sc[k] = uint16(int32(sc[k]) + (int32(v)-int32(sc[k]))>>4)
			}
		}
	}
	z.pok, z.best = 0, -1
}

// digitsRight15 returns how many leading digits of a (w digits) the prediction p has right.
func digitsRight15(a, p int64, w int) int {
	if p < 0 {
		p = 0
	}
	pw := int64(1)
	for i := 1; i < w; i++ {
		pw *= 10
	}
	q := 0
	for ; q < w; q++ {
		if a/pw%10 != p/pw%10 {
			break
		}
		pw /= 10
	}
	return q
}

// openField starts the current line's field at column c (its end fe by the line above):
// its ratio candidates, from the earlier numeric fields of the line.
func (z *tab15) openField(h []byte, s1, n1, c, fe, cl int) {
	z.pok, z.best = 0, -1
	if cl != 0 || fe-c < 2 || fe-c > 15 {
		return
	}
	f1, ok := fwNum(h, s1, n1, c, fe)
	if !ok {
		return
	}
	sc := z.score[c*tab15C:]
	z.lx = [tab15L]int64{}
	for k := 0; k < tab15K && k < z.nn; k++ {
		g := z.nums[z.nn-1-k]
		z.lx[k] = min(max(z.v0[g]-z.v1[g], -1<<20), 1<<20)
	}
	if z.nn > 0 {
		w := z.lw[c*tab15L:]
		var d int64
		for k, x := range z.lx {
			d += x * int64(w[k])
		}
		z.preds[tab15K] = f1 + (d+1<<15)>>16
		z.pok |= 1 << tab15K
		z.best = tab15K
	}
	for k := 0; k < tab15K && k < z.nn; k++ {
		g := z.nums[z.nn-1-k]
		gn, g1 := z.v0[g], z.v1[g]
		var p int64
		switch {
		case g1 > 0:
			p = (2*gn*f1 + g1) / (2 * g1)
		case gn == 0:
			p = f1
		default:
			continue
		}
		z.preds[k] = p
		z.pok |= 1 << k
		if z.best < 0 || sc[k] > sc[z.best] {
			z.best = k
		}
	}
}
