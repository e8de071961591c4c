package codec

import (
	"bytes"

	"github.com/vidlm/vidlm/internal/predict"
)

// Sensor model 3: a number that is written exactly as another cell near it, one to its left
// in the row or one of the row above in a nearby column (a day's open is the last day's
// close, an adjusted close the close, a high the open), is coded as that cell's slot.

// Match slots: the numbers to the left in the row, nearest first, then the row above in the
// columns c+1, c−1, c+2, c−2, ...
const (
	// matchMinBits: only a column whose digits' residuals have lately been this long (a
	// running mean of bit lengths) codes the flag; a cheap number is better coded as one.
	matchMinBits = 8
	matchLeft    = 4
	matchAbove   = 8
	matchSlots   = matchLeft + matchAbove
)

// compatible reports whether numbers of column slots a and b with the same bytes mean the
// same value (the same unit, float printing, affixes and date layout), so that a cell of b
// can stand for one of a.
func (s *sensorCoder) compatible(a, b int) bool {
	return s.compat.get(s, a, b) // (sensor_match_ssp5.go: compatibleNow, remembered)
}

// compatibleNow is compatible computed: it reads only what startBlock sets (each column's
// unit, float printing, affixes and date layout) or column adds.
func (s *sensorCoder) compatibleNow(a, b int) bool {
	ca, cb := s.cols[a], s.cols[b]
	if ca.Ec != cb.Ec || ca.HasEc != cb.HasEc || s.floats[a] != s.floats[b] {
		return false
	}
	if (s.layouts[a] == nil) != (s.layouts[b] == nil) || !bytes.Equal(s.layouts[a], s.layouts[b]) {
		return false
	}
	fa, fb := s.affixes[a], s.affixes[b]
	return fa == fb || fa != nil && fb != nil && bytes.Equal(fa.prefix, fb.prefix) && bytes.Equal(fa.suffix, fb.suffix)
}

// matchCandidates fills the slots of the number at field i (column slot c) of the row; a
// slot without a usable number is nil.
func (s *sensorCoder) matchCandidates(cells []sensorCell, i, c int, out *[matchSlots]*sensorCell) {
	*out = [matchSlots]*sensorCell{}
	k := 0
	if s.order != nil {
		// Model 5 with a coding order: the numbers coded before it in the row.
		for d := len(s.done) - 1; d >= 0 && k < matchLeft; d-- {
			j := s.done[d]
			if cells[j].kind == predict.CellNumber {
				if cj := slot(j); cj != c && s.compatible(c, cj) {
					out[k] = &cells[j]
				}
				k++
			}
		}
	}
	for j := i - 1; s.order == nil && j >= 0 && k < matchLeft; j-- {
		if cells[j].kind == predict.CellNumber {
			if cj := slot(j); cj != c && s.compatible(c, cj) {
				out[k] = &cells[j]
			}
			k++
		}
	}
	for k := 0; k < matchAbove; k++ {
		d := k/2 + 1
		if k%2 == 1 {
			d = -d
		}
		cj := c + d
		if cj < 0 || cj >= s.lastN || cj >= predict.MaxSensorColumns-1 {
			continue
		}
		if l := &s.last[cj]; l.kind == predict.CellNumber && s.compatible(c, cj) {
			out[matchLeft+k] = l
		}
	}
}

// codeMatch codes whether the number in field i (column slot c) is written as one of its
// candidates and which; on a match it sets the cell's bytes, number and value from it.
func (s *sensorCoder) codeMatch(cells []sensorCell, i, c int, cell *sensorCell) bool {
	var cand [matchSlots]*sensorCell
	s.matchCandidates(cells, i, c, &cand)
	any := false
	for _, x := range cand {
		any = any || x != nil
	}
	if !any {
		return false
	}
	col := s.cols[c]
	k := -1
	if !s.bc.decoding {
		for j, x := range cand {
			if x != nil && bytes.Equal(x.b, cell.b) {
				k = j
				break
			}
		}
	}
	hit := s.bit(b2i(k >= 0), col.MatchCtx()) == 1
	col.MatchHit = hit
	if !hit {
		return false
	}
	node := 1
	for b := 3; b >= 0; b-- {
		node = node*2 + s.bit(k>>b&1, &col.MatchIdxP[node])
	}
	k = node - 16
	if k >= matchSlots || cand[k] == nil {
		s.fail()
		return false
	}
	x := cand[k]
	cell.num, cell.x, cell.ulp, cell.plain = x.num, x.x, 0, false
	if s.bc.decoding {
		cell.b = append(cell.b[:0], x.b...)
	}
	return true
}
