package predict

import "unsafe"

// Tile merge (VideoConfig.TileMerge, docs/FORMAT.md 5): after every band of a frame is
// coded, the counters of one plane's models in the frame's bands are merged, in integers,
// and every band codes the next frame from the merge, so that a context rare in one band
// starts from what the other bands learned of it, while the bands are still coded in
// parallel.

// mergeOwnCount: a band's counter that has seen at least this many observations keeps its
// own probability at a merge (MergeModels).
const mergeOwnCount = 64

// counterTables returns the model's learned counter tables as flat slices (each table's
// memory is one allocation), in a fixed order: the skip flag's four contexts (the fourth
// with SkipCtx), the skip flag's fast counters, the whole-block flags', P against MED's
// (SkipMed), the prediction against P's (SkipBlend), the residual's first context's rows,
// then its other four contexts' rows.
func (m *PlaneModel) counterTables() [][]Counter {
	t := make([][]Counter, 0, 14)
	add := func(c []Counter) {
		if len(c) > 0 {
			t = append(t, c)
		}
	}
	for _, c := range m.skipCounters {
		add(c)
	}
	add(m.skipFastC)
	add(m.blkFlagC)
	add(m.skipMedC)
	add(m.skipBlendC)
	add(unsafe.Slice((*Counter)(unsafe.Pointer(unsafe.SliceData(m.resRows0))), len(m.resRows0)*resRow0Len))
	for _, r := range m.resRowsN {
		add(unsafe.Slice((*Counter)(unsafe.Pointer(unsafe.SliceData(r))), len(r)*resRowNLen))
	}
	return t
}

// MergeModels merges the counters of ms, the models of one plane in every band of a frame
// (of one configuration), after the frame: at each counter where the bands' states differ,
// the bands whose count is below mergeOwnCount take the mean of every band's probability
// weighted by its count, p = (Σ n_i·p_i + Σ n_i/2) / Σ n_i (22-bit probabilities, integer
// division), and keep their own count; the others keep their own state. The mixers'
// weights, the APMs, the bias states, the running errors and the NLMS weights stay each
// band's own (merged, they measured larger files: docs/MODEL.md).
func MergeModels(ms []*PlaneModel) {
	if len(ms) < 2 {
		return
	}
	tabs := make([][][]Counter, len(ms))
	for i, m := range ms {
		tabs[i] = m.counterTables()
	}
	cs := make([][]Counter, len(ms))
	for a := range tabs[0] {
		for i := range ms {
			cs[i] = tabs[i][a]
		}
		if len(cs) == 4 {
			mergeCounters4(cs[0], cs[1], cs[2], cs[3])
		} else {
			mergeCounters(cs, 0, len(cs[0]))
		}
	}
}

// mergeCounters4 is mergeCounters over whole tables for four bands (the default's): two
// counters at a time are compared as one 64-bit word, and most pairs, untouched since the
// last merge, are equal in every band.
func mergeCounters4(c0, c1, c2, c3 []Counter) {
	n := len(c0) &^ 1
	c1, c2, c3 = c1[:len(c0)], c2[:len(c0)], c3[:len(c0)]
	if n > 0 {
		w0 := unsafe.Slice((*uint64)(unsafe.Pointer(&c0[0])), n/2)
		w1 := unsafe.Slice((*uint64)(unsafe.Pointer(&c1[0])), n/2)[:len(w0)]
		w2 := unsafe.Slice((*uint64)(unsafe.Pointer(&c2[0])), n/2)[:len(w0)]
		w3 := unsafe.Slice((*uint64)(unsafe.Pointer(&c3[0])), n/2)[:len(w0)]
		for i, a := range w0 {
			if a == w1[i] && a == w2[i] && a == w3[i] {
				continue
			}
			merge4(&c0[2*i], &c1[2*i], &c2[2*i], &c3[2*i])
			merge4(&c0[2*i+1], &c1[2*i+1], &c2[2*i+1], &c3[2*i+1])
		}
	}
	for j := n; j < len(c0); j++ {
		merge4(&c0[j], &c1[j], &c2[j], &c3[j])
	}
}

// merge4 merges one counter of four bands (mergeCounters' rule).
func merge4(a, b, c, d *Counter) {
	va, vb, vc, vd := uint32(*a), uint32(*b), uint32(*c), uint32(*d)
	if va == vb && va == vc && va == vd {
		return
	}
	ka, kb, kc, kd := va&1023, vb&1023, vc&1023, vd&1023
	if min(ka, kb, kc, kd) >= mergeOwnCount {
		return
	}
	sn := uint64(ka + kb + kc + kd)
	snp := uint64(ka)*uint64(va>>10) + uint64(kb)*uint64(vb>>10) + uint64(kc)*uint64(vc>>10) + uint64(kd)*uint64(vd>>10)
	if sn == 0 {
		return
	}
	p := uint32((snp+sn/2)/sn) << 10
	if ka < mergeOwnCount {
		*a = Counter(p | ka)
	}
	if kb < mergeOwnCount {
		*b = Counter(p | kb)
	}
	if kc < mergeOwnCount {
		*c = Counter(p | kc)
	}
	if kd < mergeOwnCount {
		*d = Counter(p | kd)
	}
}

// mergeCounters merges indices j0..j1-1 of the counter tables cs (MergeModels' rule).
func mergeCounters(cs [][]Counter, j0, j1 int) {
	first := cs[0][:j1]
	rest := cs[1:]
	for j := j0; j < j1; j++ {
		c0 := first[j]
		same := true
		for _, c := range rest {
			if c[j] != c0 {
				same = false
				break
			}
		}
		if same {
			continue
		}
		var sn, snp uint64
		low := false
		for _, c := range cs {
			v := uint64(uint32(c[j]))
			k := v & 1023
			sn += k
			snp += k * (v >> 10)
			low = low || k < mergeOwnCount
		}
		if !low || sn == 0 {
			continue
		}
		p := uint32((snp + sn/2) / sn)
		for _, c := range cs {
			if k := uint32(c[j]) & 1023; k < mergeOwnCount {
				c[j] = Counter(p<<10 | k)
			}
		}
	}
}
