package predict

// Sensor model 13's additions to ByteModel2 (NewByteModel2Model13; FORMAT.md 12.8.8,
// docs/MODEL.md "Sensor model 13: weather tables (branch tab13)").
//
// Field boundaries in a table's lines. A fixed-width table without a delimiter (TMY2) glues
// its fields: `0000` `0000` `0000` (three irradiances) or an uncertainty digit `7` and the
// next value `0200` read as one run of digits, and model 12's candidates took the whole run
// as one number, so that a field's change moved the expected digits of its neighbour (and
// a carry or a borrow between them clamped the prediction). Model 13 learns, at each line
// end of a table, where a run of digits holds two fields: between columns c and c+1 (digits
// in both of the last two lines) it counts the lines where c's digit changed and those where
// c's changed but c+1's did not. Within one number a digit changes without the digit to its
// right changing only when the value moves by a multiple of ten; between two fields (c the
// last digit of one, c+1 the first of the next) it is most of c's changes. Where the second
// count is more than b13Ratio/8 of the first, after at least b13Min changes, a field starts
// at c+1, and the candidates read the number at a column within its field only. Encoder and
// decoder count the same coded lines: nothing is written to the stream.

const (
	b13Min   = 16   // changes of a column before its boundary is trusted
	b13Ratio = 5    // a field starts after c when lone changes > b13Ratio/8 of c's changes
	b13Cap   = 4096 // the counts are halved at this many changes
)

// fieldBounds is model 13's learned field starts of a table's lines.
type fieldBounds struct {
	chg   [256]uint16 // lines where column c's digit changed from the line above
	lone  [256]uint16 // ... and column c+1's (a digit in both lines) did not
	start [257]bool   // a field starts at column c (c-1 and c are two fields' digits)
}

func (f *fieldBounds) reset() { *f = fieldBounds{} }

// NewByteModel2Model13 returns a fresh model of sensor model 13's bytes blocks: model 12's
// with the fields of a table's runs of digits learned (bytes_model2_v13.go).
func NewByteModel2Model13() *ByteModel2 {
	m := newByteModel2Model13(false)
	m.Reset()
	return m
}

func newByteModel2Model13(resetEach bool) *ByteModel2 {
	m := newByteModel2Model12(resetEach)
	m.v13 = true
	m.lr.fb = &fieldBounds{}
	m.lr.mix = NewMixer(7, 16*8*2*2, 0, mix12Rate)
	m.lr.mixB = NewMixer(10, (rec12Fields+256)*8, 0, mix12Rate)
	if resetEach {
		m.Reset()
	}
	return m
}

// Model13 tells whether m is sensor model 13's variant (NewByteModel2Model13).
func (m *ByteModel2) Model13() bool { return m.v13 }

// learn takes the last two completed lines (starts s0 and s1, both of length n < 256) into
// the counts and the field starts.
func (f *fieldBounds) learn(h []byte, s0, s1, n int) {
	for c := 0; c+1 < n; c++ {
		a, b := h[s0+c], h[s1+c]
		if !isDigit(a) || !isDigit(b) || a == b {
			continue
		}
		a1, b1 := h[s0+c+1], h[s1+c+1]
		if !isDigit(a1) || !isDigit(b1) {
			continue
		}
		f.chg[c]++
		if a1 == b1 {
			f.lone[c]++
		}
		if f.chg[c] >= b13Cap {
			f.chg[c] >>= 1
			f.lone[c] >>= 1
		}
		f.start[c+1] = f.chg[c] >= b13Min && uint32(f.lone[c])*8 > uint32(f.chg[c])*b13Ratio
	}
}

// isStart tells whether a field starts at column c of a table's line (model 13 only).
func (r *lineRec) isStart(c int) bool {
	return r.fb != nil && r.tab && c < len(r.fb.start) && r.fb.start[c]
}

// fieldCtx returns the hash of model 13's field context at column c of the current line (the
// line above: start s1, length n1): the column, the current field's bytes already coded on
// this line, and the field's bytes on the line above. A field is a run of digits and spaces
// cut at the learned starts; any other byte is a field of its own.
func (r *lineRec) fieldCtx(h []byte, s1, n1, c int) uint32 {
	fs, dig := c, isDigitSp(h[s1+c])
	for dig && fs > 0 && c-fs < rec12MaxW && !r.isStart(fs) && isDigitSp(h[r.cur+fs-1]) && isDigitSp(h[s1+fs-1]) {
		fs--
	}
	fe := c + 1
	for dig && fe < n1 && fe-fs < rec12MaxW && !r.isStart(fe) && isDigitSp(h[s1+fe]) && isDigitSp(h[s1+fe-1]) {
		fe++
	}
	x := hashByte(124, uint32(c)|uint32(c-fs)<<8)
	for _, b := range h[r.cur+fs : r.cur+c] {
		x = hashByte(x, uint32(b))
	}
	x = hashByte(x, 0x1FF)
	for _, b := range h[s1+fs : s1+fe] {
		x = hashByte(x, uint32(b))
	}
	return x
}

func isDigitSp(b byte) bool { return isDigit(b) || b == ' ' }

// dayTrend returns model 13's seventh candidate for column c of the number over [s, e): the
// number D lines up continued by its change from 2·D lines up (2·PD − P2D), a value that
// moves smoothly from one period to the next (ETR at one hour, day after day); 0 if there
// is no line 2·D up in the ring.
func (r *lineRec) dayTrend(h []byte, s, c, e int, vD int64, above byte) uint32 {
	if 2*r.d >= rec12Ring {
		return 0
	}
	s2, n2, ok := r.line(2 * r.d)
	if !ok {
		return 0
	}
	v2, ok := fwNum(h, s2, n2, s, e)
	if !ok {
		return 0
	}
	return expDigit(h, r.cur, s, c, e, 2*vD-v2, above)
}

// peakLag returns model 13's line period: among the lags 2 to last-1 whose score is a peak
// (above the lag before, not below the lag after), the highest; 0 if none. Model 12 took the
// highest score of any lag from 2, which on a smooth hourly table is lag 2 (two hours back
// differ less than a day back), not the day's 24.
func (r *lineRec) peakLag(last int) int {
	best, bv := 0, uint16(0)
	for d := 2; d < last; d++ {
		x := r.score[d]
		if x > r.score[d-1] && x >= r.score[d+1] && x > bv {
			best, bv = d, x
		}
	}
	return best
}
