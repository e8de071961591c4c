package codec

import "github.com/vidlm/vidlm/internal/predict"

// Sensor model 16: weather tables' source flags (issue 12, branch `tmy16`; docs/MODEL.md
// "Sensor model 16: weather tables' flags", docs/FORMAT.md §12.8.11).
//
// A TMY3 table writes beside each meteorological value a source letter (A measured, B or E
// interpolated...) that changes in the same rows as the letter of another column, not
// always the nearest one to its left (Wdir source follows Dry-bulb source, with Pressure
// source, always E, between them). Model 7's repeat context (RepeatCtx7) looks at the
// nearest text column only. Under model 16 each column learns a partner: among the cells
// to its left in the row whose repeat flag was coded under a text cell, the one whose
// flags agreed with its own most (a score per pair: +1 in a row where both changed, −1
// where only one did), if that score is positive. The column's repeat flag is then coded
// under the partner's flag in the row (with its run and left flag, as before), and a text
// cell that changed where its partner changed is coded with the partner's cell in place of
// the cell to its left (the text model's left context). Nothing is written to the stream.

// tmyScoreMax bounds a pair's score.
const tmyScoreMax = 1 << 12

// tmy16State is model 16's state of the repeat flags: per column slot c, the scores of the
// fields left of it (score[c][j], j < c) and the counters of its flag under a partner.
type tmy16State struct {
	score [][]int32
	ctr   [][]predict.Counter
	flag  []int8 // this row: 0 no flag under a text cell, 1 changed, 2 repeated
	done  []bool // this row: the fields whose contents are coded (codeContents)
}

// tmyCounters is the number of a column's counters under a partner: run × left × partner.
const tmyCounters = 16 * 3 * 2

// partner returns the partner of field i (a column slot c) in the row and its flag in
// the row (1 changed, 2 repeated), or −1.
func (t *tmy16State) partner(i int) (int, int8) {
	if i >= len(t.score) {
		return -1, 0
	}
	best, bs := -1, int32(0)
	for j, v := range t.score[i] {
		if j < len(t.flag) && t.flag[j] != 0 && v > bs {
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
	t.flag = t.flag[:0]
	for range nf {
		t.flag = append(t.flag, 0)
	}
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

// learn records field i's flag (rep) under a text cell and scores the fields left of it:
// a row where either changed adds one if both did and takes one away if only one did.
func (t *tmy16State) learn(i int, rep bool) {
	for len(t.score) <= i {
		t.score = append(t.score, nil)
	}
	if len(t.score[i]) < i {
		t.score[i] = append(t.score[i], make([]int32, i-len(t.score[i]))...)
	}
	f := int8(1)
	if rep {
		f = 2
	}
	for j := 0; j < i; j++ {
		g := t.flag[j]
		if g == 0 || g == 2 && f == 2 {
			continue
		}
		v := &t.score[i][j]
		if g == f {
			*v = min(*v+1, tmyScoreMax)
		} else {
			*v = max(*v-1, -tmyScoreMax)
		}
	}
	t.flag[i] = f
}

// beginContents starts the contents of a row of nf fields.
func (t *tmy16State) beginContents(nf int) {
	t.done = t.done[:0]
	for range nf {
		t.done = append(t.done, false)
	}
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
