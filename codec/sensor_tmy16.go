package codec

import (
	"bytes"
	"math/bits"
	"slices"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// Sensor model 16: weather tables' flags and trends (issue 12, branch `tmy16`; docs/MODEL.md
// "Sensor model 16: weather tables' flags and trends", docs/FORMAT.md §12.8.11).
//
// A TMY3 table writes beside each meteorological value a source letter (A measured, B or E
// interpolated...) that changes in the same rows as the letter of another column, not
// always the nearest one to its left (Wdir source follows Dry-bulb source, with Pressure
// source, always E, between them), and beside each solar value an uncertainty code that
// changes at dawn and dusk with the others'. Model 7's repeat context (RepeatCtx7) looks at
// the cell just left and the nearest text column only. Under model 16 each field learns a
// partner: among the tmyWindow fields to its left whose repeat flag was coded in the row,
// the one whose flags agreed with its own most (a score per pair: +1 in a row where both
// changed, −1 where only one did; the nearest on a tie), if that score is tmyMinScore or
// more. The field's repeat flag is then coded under the partner's flag in the row (with its
// run and left flag, as before), unless the partner is the field just left of it (the
// left flag says as much); and a text cell that changed where its partner changed is coded
// with the partner's cell in place of the cell to its left (the text model's left context).
// Nothing is written to the stream.

// tmyScoreMax bounds a pair's score; a partner's is tmyMinScore or more. A field's
// partners are among the tmyWindow fields left of it.
const (
	tmyScoreMax = 1 << 12
	tmyMinScore = 1
	tmyWindow   = 64
)

// tmy16State is model 16's state: per field i, the scores of the fields of its window
// (score[i][j − max(i − tmyWindow, 0)]) and the counters of its flag under a partner; the
// row's flags; each column's trend state.
type tmy16State struct {
	score [][]int32
	best  []int32 // per field: the best j by score alone (≥ tmyMinScore, the highest on a tie), or −1
	ctr   [][]predict.Counter
	flag  []int8 // this row: 0 no flag coded, 1 changed, 2 repeated
	chg   []int  // this row: the fields whose flag said "changed", in order
	done  []bool // this row: the fields whose contents are coded (codeContents)
	tr    []tmyTrend
	buf   []byte
}

// tmyCounters is the number of a column's counters under a partner: run × left × partner.
const tmyCounters = 16 * 3 * 2

// partner returns the partner of field i in the row and its flag in the row (1 changed, 2
// repeated), or −1: among the fields of its window whose flag was coded in the row, the
// one of the largest score, tmyMinScore or more (the highest on a tie). The best by score
// alone, kept up to date by learn, is it whenever its flag was coded; else a scan finds it.
func (t *tmy16State) partner(i int) (int, int8) {
	if i >= len(t.score) || t.best[i] < 0 {
		return -1, 0
	}
	if b := int(t.best[i]); t.flag[b] != 0 {
		return b, t.flag[b]
	}
	lo := max(i-tmyWindow, 0)
	best, bs := -1, int32(tmyMinScore)
	for k, v := range t.score[i] {
		if j := lo + k; t.flag[j] != 0 && v >= bs {
			best, bs = j, v
		}
	}
	if best < 0 {
		return -1, 0
	}
	return best, t.flag[best]
}

// begin starts a row of nf fields.
func (t *tmy16State) begin(nf int) {
	t.flag = slices.Grow(t.flag[:0], nf)[:nf]
	clear(t.flag)
	t.chg = t.chg[:0]
}

// ctx returns field i's counter under its partner's flag pf (1, 2), run and left flag.
func (t *tmy16State) ctx(i, run, left int, pf int8) *predict.Counter {
	for len(t.ctr) <= i {
		t.ctr = append(t.ctr, nil)
	}
	if t.ctr[i] == nil {
		t.ctr[i] = make([]predict.Counter, tmyCounters)
		for k := range t.ctr[i] {
			t.ctr[i][k] = predict.NewCounter()
		}
	}
	return &t.ctr[i][(min(run, 15)*3+left)*2+int(pf-1)]
}

// learn records field i's flag (rep) and scores the fields of its window whose flag was
// coded in the row: a row where either changed adds one if both did and takes one away if
// only one did. A field that repeated only meets the fields that changed (t.chg).
func (t *tmy16State) learn(i int, rep bool) {
	for len(t.score) <= i {
		t.score = append(t.score, nil)
		t.best = append(t.best, -1)
	}
	lo := max(i-tmyWindow, 0)
	if len(t.score[i]) < i-lo {
		t.score[i] = append(t.score[i], make([]int32, i-lo-len(t.score[i]))...)
	}
	sc, best, rescan := t.score[i], t.best[i], false
	if rep {
		for _, j := range t.chg {
			if j >= lo {
				v := &sc[j-lo]
				*v = max(*v-1, -tmyScoreMax)
				rescan = rescan || int32(j) == best
			}
		}
		t.flag[i] = 2
	} else {
		for j := lo; j < i; j++ {
			switch t.flag[j] {
			case 1:
				v := &sc[j-lo]
				*v = min(*v+1, tmyScoreMax)
				if *v >= tmyMinScore && (best < 0 || *v > sc[int(best)-lo] || *v == sc[int(best)-lo] && int32(j) > best) {
					best = int32(j)
				}
			case 2:
				v := &sc[j-lo]
				*v = max(*v-1, -tmyScoreMax)
				rescan = rescan || int32(j) == best
			}
		}
		t.flag[i] = 1
		t.chg = append(t.chg, i)
	}
	if rescan {
		best = -1
		bs := int32(tmyMinScore)
		for k, v := range sc {
			if v >= bs {
				best, bs = int32(lo+k), v
			}
		}
	}
	t.best[i] = best
}

// beginContents starts the contents of a row of nf fields.
func (t *tmy16State) beginContents(nf int) {
	t.done = slices.Grow(t.done[:0], nf)[:nf]
	clear(t.done)
}

// coded records that field i's contents are coded.
func (t *tmy16State) coded(i int) {
	if i < len(t.done) {
		t.done[i] = true
	}
}

// textPartner returns the partner of field i whose repeat flag in the row says it changed
// and whose contents are coded, or −1: a text cell that changed is coded with the partner's
// cell in place of the cell to its left.
func (t *tmy16State) textPartner(i int) int {
	if i >= len(t.flag) || t.flag[i] != 1 {
		return -1
	}
	j, pf := t.partner(i)
	if j < 0 || pf != 1 || j >= len(t.done) || !t.done[j] {
		return -1
	}
	return j
}

// Trends (model 16). TMY3 fills the hours between observations by straight lines (a
// ceiling of 720 m, then 700 and 680 interpolated, then 660 observed), so after the first
// interpolated hour the next ones continue the line: 2·x₁ − x₂ of the column's last two
// values. A number column whose right neighbour held a text cell in the last row (the
// value's source letter) and whose last two values differ codes, after the match slots and
// before anything else, whether the number is that continuation (its value in column units, written with the
// last number's notation), under a counter of the source letters of the last two rows (the
// low three bits of each first byte) and whether the column's last flag was a hit.

// trendMinBits, trendMinChg: only a column whose digits' residuals have lately been
// trendMinBits long or more (ResBits, the running mean of their bit lengths, as for the
// match slots) or whose changes from row to row have been trendMinChg long or more (a
// running mean of their bit lengths in column units) codes the flag: where both are short
// the column's series codes a line's continuation about as cheaply.
const (
	trendMinBits = 6
	trendMinChg  = 8
)

// tmyTrendCtx is the number of a column's trend counters.
const tmyTrendCtx = 128

// tmyTrend is a column's state for the trend flag: its value two rows back (x2, in units
// of 10^ec, if ok), the source letter beside it, and the counters.
type tmyTrend struct {
	x2  int64
	ec2 int32
	ok2 bool
	hit bool  // the last flag coded
	chg int32 // running mean of the bit length of the column's change from row to row, ×16
	s2  byte
	ctr []predict.Counter
}

// trend returns column slot c's trend state.
func (t *tmy16State) trend(c int) *tmyTrend {
	for len(t.tr) <= c {
		t.tr = append(t.tr, tmyTrend{})
	}
	return &t.tr[c]
}

// learnTrend records, before the row replaces the last cells, the last row's value of
// field i and the source letter beside it as the values two rows back, and the column's
// change (learnRow calls it where field i + 1 of the row is text: the next row's flag needs
// it only there).
func (s *sensorCoder) learnTrend(i int, cell *sensorCell) {
	if i+1 >= predict.MaxSensorColumns-1 {
		return
	}
	c := i // field i's column slot (below MaxSensorColumns − 1)
	tr := s.tmy.trend(c)
	l := &s.last[c]
	if l.kind == predict.CellNumber && cell.kind == predict.CellNumber {
		d := min(absU64(cell.x-l.x), 1<<40)
		tr.chg += (int32(bits.Len64(d))<<4 - tr.chg) >> 4
	}
	tr.ok2 = l.kind == predict.CellNumber
	tr.x2, tr.ec2, tr.s2 = l.x, s.cols[c].Ec, 0
	if i+1 < s.lastN && c+1 < len(s.last) && s.last[c+1].kind == predict.CellText && len(s.last[c+1].b) > 0 {
		tr.s2 = s.last[c+1].b[0]
	}
}

// codeTrend codes, for the number of field i (column slot c), whether it continues the
// column's line, and if it does, makes the cell; it returns whether it did.
func (s *sensorCoder) codeTrend(i, c int, cell *sensorCell) bool {
	if i+1 >= predict.MaxSensorColumns-1 || i+1 >= s.lastN || c+1 >= len(s.last) || c >= len(s.tmy.tr) {
		return false
	}
	col, l, r, tr := s.cols[c], &s.last[c], &s.last[c+1], &s.tmy.tr[c]
	if col.ResBits < trendMinBits<<4 && tr.chg < trendMinChg<<4 || r.kind != predict.CellText || len(r.b) == 0 || l.kind != predict.CellNumber || !tr.ok2 ||
		tr.ec2 != col.Ec || l.x == tr.x2 ||
		s.floats[c].Fmt != 0 || s.affixes[c] != nil || s.layouts[c] != nil {
		return false
	}
	const lim = 1 << 60
	if l.x >= lim || l.x <= -lim || tr.x2 >= lim || tr.x2 <= -lim {
		return false
	}
	x := 2*l.x - tr.x2
	if tr.ctr == nil {
		tr.ctr = make([]predict.Counter, tmyTrendCtx)
		for k := range tr.ctr {
			tr.ctr[k] = predict.NewCounter()
		}
	}
	hit := false
	if !s.bc.decoding {
		hit = cell.x == x && bytes.Equal(cell.b, s.formatTrend(c, x, l.num.Note))
	}
	k := int(r.b[0]&7)<<3 | int(tr.s2&7) | b2i(tr.hit)<<6
	tr.hit = s.bit(b2i(hit), &tr.ctr[k]) == 1
	if !tr.hit {
		return false
	}
	cell.num = vision.Number{Digits: absU64(x), Exp: col.Ec, Note: l.num.Note, Neg: x < 0}
	cell.x, cell.ulp, cell.plain = x, 0, false
	if s.bc.decoding { // the encoder's cell already holds these bytes (hit)
		cell.b = append(cell.b[:0], s.formatTrend(c, x, l.num.Note)...)
	}
	return true
}

// formatTrend returns the bytes of x in column slot c's units with notation note (the
// coder's scratch buffer).
func (s *sensorCoder) formatTrend(c int, x int64, note vision.Notation) []byte {
	num := vision.Number{Digits: absU64(x), Exp: s.cols[c].Ec, Note: note, Neg: x < 0}
	s.tmy.buf = s.format(s.tmy.buf[:0], c, num, 0, false)
	return s.tmy.buf
}
