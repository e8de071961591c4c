package codec

import (
	"bytes"
	"slices"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// Sensor model 8: rank columns (value mode valueRank). A column whose numbers take a small
// set of values that are not evenly spaced (a temperature converted from whole degrees
// Fahrenheit and written in tenths of a degree Celsius, a rain gauge's 0.254 mm tips) pays,
// coded as a residual in its last digit's units, for the values between them that never
// occur. A rank column keeps a dictionary of the distinct cells (their bytes) it has coded,
// sorted by value; a number found there is coded as a flag and its rank's residual from the
// rank nearest the column's prediction (the value contexts learning the ranks' histogram),
// and takes the entry's bytes; any other number is coded as a valueContexts column codes it,
// then joins the dictionary (docs/FORMAT.md §12.8.3).

// rankMax bounds a rank column's dictionary; past it, new values are not added.
const rankMax = 4096

// rankEntry is a distinct cell of a rank column.
type rankEntry struct {
	x     int64 // its value in column units
	num   vision.Number
	ulp   int64
	plain bool
	b     []byte
}

// rankCol is a rank column's dictionary and models.
type rankCol struct {
	ents    []rankEntry // sorted by x, then by bytes
	resets  int         // the column's ResetNumbers count when the dictionary was made
	m       *predict.MixedResidual
	hitP    [3]predict.Counter // "the number is in the dictionary", by the last such flag (none, no, yes)
	last    int                // the last flag (0 none, 1 no, 2 yes)
	avg     int64              // running mean |rank residual|, ×16
	lastRnk int64              // the last number's rank
}

// rankColumn returns column slot c's rank state, a fresh one if its numbers were reset since.
// newMixed returns a new residual model from s's slab (a decoder's), or else from its
// encoder's models given back (s.free).
func (s *sensorCoder) newMixed() *predict.MixedResidual {
	if s.slab != nil {
		return s.slab.New()
	}
	return s.free.NewMixed()
}

func (s *sensorCoder) rankColumn(c int) *rankCol {
	for len(s.ranks) <= c {
		s.ranks = append(s.ranks, nil)
	}
	col := s.cols[c]
	if r := s.ranks[c]; r != nil && r.resets == col.Resets {
		return r
	}
	r := &rankCol{resets: col.Resets, m: s.newMixed()}
	r.m.SetMix2(true)
	r.m.SetFast2(s.model >= sensorModelV9)
	for i := range r.hitP {
		r.hitP[i] = predict.NewCounter()
	}
	s.ranks[c] = r
	return r
}

// less orders entries by value, then bytes.
func rankLess(x int64, b []byte, e *rankEntry) bool {
	return x < e.x || x == e.x && bytes.Compare(b, e.b) < 0
}

// find returns the index of the entry of value x and bytes b, or where it would go and false.
func (r *rankCol) find(x int64, b []byte) (int, bool) {
	i, _ := slices.BinarySearchFunc(r.ents, 0, func(e rankEntry, _ int) int {
		switch {
		case e.x < x:
			return -1
		case e.x > x:
			return 1
		}
		return bytes.Compare(e.b, b)
	})
	return i, i < len(r.ents) && r.ents[i].x == x && bytes.Equal(r.ents[i].b, b)
}

// nearest returns the rank of the entry whose value is nearest p (the lower on a tie).
func (r *rankCol) nearest(p int64) int {
	i, _ := slices.BinarySearchFunc(r.ents, p, func(e rankEntry, p int64) int {
		switch {
		case e.x < p:
			return -1
		case e.x > p:
			return 1
		}
		return 0
	})
	switch {
	case i >= len(r.ents):
		return len(r.ents) - 1
	case i > 0 && p-r.ents[i-1].x <= r.ents[i].x-p:
		return i - 1
	}
	return i
}

// codeRank codes, in a rank column, whether the number is in the dictionary and if so its
// rank, which gives the cell its value and bytes; it returns whether it was.
func (s *sensorCoder) codeRank(c int, cell *sensorCell, pred int64) bool {
	r := s.rankColumn(c)
	if len(r.ents) == 0 {
		return false
	}
	k, in := -1, false
	if !s.bc.decoding {
		k, in = r.find(cell.x, cell.b)
	}
	hit := s.bit(b2i(in), &r.hitP[r.last]) == 1
	r.last = 1 + b2i(hit)
	if !hit {
		return false
	}
	pr := r.nearest(pred)
	s.valueContexts(r.m, c, 3)
	s.vkey = 0
	res := s.mixedResidual4(int64(k-pr), r.m, uint64(r.avg), int64(pr), r.lastRnk)
	k = pr + int(res)
	if k < 0 || k >= len(r.ents) {
		s.fail()
		k = 0
	}
	r.avg += (int64(absU64(res))<<4 - r.avg) >> 3
	r.lastRnk = int64(k)
	e := &r.ents[k]
	cell.num, cell.x, cell.ulp, cell.plain = e.num, e.x, e.ulp, e.plain
	if s.bc.decoding {
		cell.b = append(cell.b[:0], e.b...)
	}
	return true
}

// learnRank adds a number coded outside the dictionary to it.
func (s *sensorCoder) learnRank(c int, cell *sensorCell) {
	r := s.rankColumn(c)
	if len(r.ents) >= rankMax {
		return
	}
	i, in := r.find(cell.x, cell.b)
	if in {
		return
	}
	r.ents = slices.Insert(r.ents, i, rankEntry{x: cell.x, num: cell.num, ulp: cell.ulp, plain: cell.plain, b: slices.Clone(cell.b)})
	r.lastRnk = int64(i)
}
