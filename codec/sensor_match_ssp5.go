package codec

// compatMemo remembers sensorCoder.compatible's answers (ssp5, issue 12): each pair of column
// slots asked about is computed once a block (compatibleNow), instead of once a number for
// up to matchSlots slots. What the answer reads is set by startBlock, which resets the memo,
// or by column, which adds slots with nothing set: the memo starts over whenever the
// number of slots differs from the one it was made for, so a pair is never answered from
// before a change.
type compatMemo struct {
	n int    // column slots the memo is for (0: empty)
	v []int8 // per pair a·n+b: 0 not asked yet, 1 not compatible, 2 compatible
}

func (m *compatMemo) reset() { m.n = 0 }

func (m *compatMemo) get(s *sensorCoder, a, b int) bool {
	n := len(s.cols)
	if m.n != n {
		m.n = n
		if cap(m.v) < n*n {
			m.v = make([]int8, n*n)
		} else {
			m.v = m.v[:n*n]
			clear(m.v)
		}
	}
	k := a*n + b
	switch m.v[k] {
	case 1:
		return false
	case 2:
		return true
	}
	ok := s.compatibleNow(a, b)
	m.v[k] = 1 + int8(b2i(ok))
	return ok
}
