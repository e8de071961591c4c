package codec

import (
	"bytes"
	"math/bits"

	"github.com/vidlm/vidlm/internal/predict"
)

// Sensor model 18 (branch smatch, docs/FORMAT.md 12.8.13): a match model on each column's
// exact values (predict.SeriesMatch). While the column's match is active, a number that
// codeNumber codes first codes whether it is the match's predicted value; if so nothing else
// is coded for it.

const (
	// smatchCols: the column slots with a match model (memory stays flat: at most about 0.7 MB
	// each, predict.SeriesMatch).
	smatchCols = 16
	// smatchMinBits: the flag is coded only in a column whose numbers have lately missed its
	// prediction by this many bits (SeriesMatch.Bits, ×16: two bits); cheaper numbers gain
	// less from a hit than the flag costs.
	smatchMinBits = 32
)

// smatchOf returns column slot c's match model (made on first use, remade when the column's
// numbers were reset), or nil where there is none. An encoder's trial coders have them too:
// without, their choices (the value modes, model 13's cascade, model 14's fitted predictor)
// are model 17's and can cost the match its gain (a synthetic signal with repeats: 26,339
// bytes with them, 30,171 without).
func (s *sensorCoder) smatchOf(c int) *predict.SeriesMatch {
	if c < len(s.smatch) {
		if m := s.smatch[c]; m != nil && m.Resets == s.cols[c].Resets {
			return m
		}
	}
	if s.model < sensorModelV18 || c >= smatchCols {
		return nil
	}
	for len(s.smatch) <= c {
		s.smatch = append(s.smatch, nil)
		s.smRep = append(s.smRep, false)
	}
	// None yet, or one made before the column's numbers were reset (the check above).
	m := predict.NewSeriesMatch()
	m.Resets = s.cols[c].Resets
	s.smatch[c] = m
	return m
}

// codeSeriesMatch codes, where column slot c's match is active, whether the number is the
// match's predicted value; on yes it sets the cell from it.
func (s *sensorCoder) codeSeriesMatch(n *numberCoding) bool {
	c, cell := n.c, n.cell
	if c >= len(s.smatch) {
		return false
	}
	// (A model made before the column's numbers were reset is remade by the row's push; a
	// fresh one has no match.)
	m := s.smatch[c]
	if m == nil || m.Resets != n.col.Resets {
		return false
	}
	m.SetPrediction(n.p.x)
	if m.Bits < smatchMinBits {
		return false
	}
	v, ok := m.Predicted()
	if !ok {
		return false
	}
	// The repeat flag said no: a prediction equal to the cell above cannot be right.
	if l := &s.last[c]; s.smRep[c] && l.kind == predict.CellNumber && l.num == v.Num && l.x == v.X {
		return false
	}
	hit := false
	if !s.bc.decoding && !cell.plain && cell.ulp == 0 && cell.num == v.Num && cell.x == v.X {
		s.tmy.buf = s.format(s.tmy.buf[:0], c, v.Num, 0, false)
		hit = bytes.Equal(cell.b, s.tmy.buf)
	}
	// The predicted value against the column's own prediction: the same, near (its bit
	// length at most a bit above the residuals' running size), far.
	dc := 2
	if v.X == n.p.x {
		dc = 0
	} else if int32(bits.Len64(absU64(v.X-n.p.x)))<<4 <= m.Bits+16 {
		dc = 1
	}
	if s.smCtr == nil {
		s.smCtr = make([]predict.Counter, predict.SeriesMatchCtx)
		for i := range s.smCtr {
			s.smCtr[i] = predict.NewCounter()
		}
	}
	hit = s.bit(b2i(hit), &s.smCtr[m.Ctx(dc)]) == 1
	m.Outcome(hit)
	if !hit {
		return false
	}
	cell.num, cell.x, cell.ulp, cell.plain = v.Num, v.X, 0, false
	if s.bc.decoding {
		cell.b = s.format(cell.b[:0], c, v.Num, 0, false)
	}
	n.col.ResBits += (int32(bits.Len64(absU64(cell.x-n.p.x)))<<4 - n.col.ResBits) >> 3
	return true
}

// smatchPush lets column slot c's match model see the row's cell: the push is begun
// (predict.SeriesMatch.PushBegin), the next row's codeRow reads the table's entries of the
// row's pushes (smatchFinish), and the models finish them when next asked (sdec13: the
// table's and the ring's loads overlap the work of the row's other columns and of the next
// row's start; the same model state as Push in turn).
func (s *sensorCoder) smatchPush(c int, cell *sensorCell) {
	m := s.smatchOf(c)
	if m == nil {
		return
	}
	if cell.kind == predict.CellNumber {
		m.PushBegin(predict.SeriesMatchFingerprint(cell.num), &cell.num, cell.x)
	} else {
		m.PushBegin(0, nil, 0)
	}
	s.smPend = append(s.smPend, m)
}

// smatchFinish reads the table's entries of the pushes smatchPush began in the last row
// (PushMid) and asks for their candidates' ring entries.
func (s *sensorCoder) smatchFinish() {
	for _, m := range s.smPend {
		m.PushMid()
	}
	clear(s.smPend)
	s.smPend = s.smPend[:0]
}
