package predict

import (
	"math/bits"
	"math/rand"
	"reflect"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// pushRef is SeriesMatch.Push as it was in one go before sdec13 split it (PushBegin, PushMid,
// PushEnd): the reference the split is held to.
func pushRef(m *SeriesMatch, f uint64, num *vision.Number, x int64) {
	if m.hasPred {
		d := x - m.pred
		if d < 0 {
			d = -d
		}
		if d < 0 {
			d = 1<<63 - 1
		}
		m.Bits += (int32(bits.Len64(uint64(d)))<<4 - m.Bits) >> 3
		m.hasPred = false
	}
	if m.Len > 0 {
		if p := &m.ring[m.ptr&seriesMatchMask]; p.F != 0 && p.F == f {
			m.Len++
			m.ptr++
		} else {
			m.Len = 0
		}
	}
	if m.n >= 1<<32-1 {
		m.Len = 0
		return
	}
	if m.n >= SeriesMatchK {
		out := m.ring[(m.n-SeriesMatchK)&seriesMatchMask].F
		m.h -= out * seriesMatchMK
		m.zeros -= smB2i(out == 0)
	} else {
		m.zeros--
	}
	m.h = (m.h + f) * seriesMatchM
	if m.n >= uint64(len(m.ring)) && len(m.ring) < seriesMatchRing {
		m.grow()
	}
	e := &m.ring[m.n&seriesMatchMask]
	e.F, e.X = f, x
	if f == 0 {
		m.zeros++
	} else {
		e.Num = *num
	}
	m.n++
	if m.zeros > 0 {
		e.h = 0
		return
	}
	e.h = m.h | 1
	h := (m.h ^ m.h>>29) * 0xBF58476D1CE4E5B9
	slot := &m.tab[h>>(64-SeriesMatchRingBits)]
	if m.Len == 0 && *slot != 0 {
		if q := uint64(*slot); q < m.n && m.n-q < seriesMatchRing-SeriesMatchK && m.ring[(q-1)&seriesMatchMask].h == e.h {
			m.ptr, m.Len = q, 1
		}
	}
	*slot = uint32(m.n)
}

// TestSeriesMatchSplitPush: columns' models pushed as the cell coder pushes them (a row's
// PushBegin for every column, PushMid at the next row's start, PushEnd left to Predicted and
// Ctx) predict, learn and end in the same state as models pushed in one go by the Push of
// before (pushRef), on three columns of 60,000 rows (the ring wraps three times) with
// segments repeated near and far, text cells and a column whose values rarely repeat; and
// Push itself is the same. Matches must occur (else the test proves nothing).
func TestSeriesMatchSplitPush(t *testing.T) {
	const cols, rows = 3, 60000
	rng := rand.New(rand.NewSource(18))
	seg := make([][]int64, 40)
	for i := range seg {
		seg[i] = make([]int64, 10+rng.Intn(60))
		for j := range seg[i] {
			seg[i][j] = rng.Int63n(2000) - 1000
		}
	}
	var data [cols][]int64 // -1<<62: a text cell
	for c := 0; c < cols; c++ {
		for len(data[c]) < rows {
			switch r := rng.Intn(10); {
			case c == 2 || r < 3:
				for k := rng.Intn(30); k >= 0; k-- {
					data[c] = append(data[c], rng.Int63n(1<<40))
				}
			case r == 3:
				data[c] = append(data[c], -1<<62)
			default:
				data[c] = append(data[c], seg[rng.Intn(len(seg))]...)
			}
		}
		data[c] = data[c][:rows]
	}
	ref, split, whole := make([]*SeriesMatch, cols), make([]*SeriesMatch, cols), make([]*SeriesMatch, cols)
	for c := range ref {
		ref[c], split[c], whole[c] = NewSeriesMatch(), NewSeriesMatch(), NewSeriesMatch()
	}
	push := func(x int64, fn func(f uint64, num *vision.Number, x int64)) {
		if x == -1<<62 {
			fn(0, nil, 0)
			return
		}
		n := vision.Number{Digits: uint64(max(x, -x)), Neg: x < 0}
		fn(SeriesMatchFingerprint(n), &n, x)
	}
	var pending []*SeriesMatch
	hits := 0
	for r := 0; r < rows; r++ {
		for _, m := range pending { // the next row's start (codeRow)
			m.PushMid()
		}
		pending = pending[:0]
		for c := 0; c < cols; c++ {
			x := data[c][r]
			var got [3]int64
			for k, m := range []*SeriesMatch{ref[c], split[c], whole[c]} {
				got[k] = -1
				if r%7 != 3 { // (a row that asks nothing: the push waits for the next)
					m.SetPrediction(x + int64(r%5))
					if v, ok := m.Predicted(); ok {
						got[k] = v.X
						got[k] = got[k]*97 + int64(m.Ctx(r%3))
						m.Outcome(v.X == x)
					}
				}
			}
			if got[0] != got[1] || got[0] != got[2] {
				t.Fatalf("row %d, column %d: predicted %d (reference), %d (split), %d (Push)", r, c, got[0], got[1], got[2])
			}
			if got[0] >= 0 && got[0]/97 == x {
				hits++
			}
		}
		for c := 0; c < cols; c++ {
			x := data[c][r]
			push(x, func(f uint64, num *vision.Number, x int64) { pushRef(ref[c], f, num, x) })
			push(x, split[c].PushBegin)
			push(x, whole[c].Push)
			pending = append(pending, split[c])
		}
	}
	if hits < rows/10 {
		t.Fatalf("%d hits: the test wants matches", hits)
	}
	for c := 0; c < cols; c++ {
		split[c].Predicted() // finishes the last push
		for _, m := range []*SeriesMatch{split[c], whole[c]} {
			if m.stage != 0 {
				t.Fatalf("column %d: a push left unfinished", c)
			}
			cp := *m
			cp.slot, cp.cand = 0, 0 // (the split's scratch)
			if !reflect.DeepEqual(*ref[c], cp) {
				t.Fatalf("column %d: the model's state differs from the reference's", c)
			}
		}
	}
}
