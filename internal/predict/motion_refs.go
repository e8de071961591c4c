package predict

// A reference frame per motion block (model.block_refs): after Search has found each
// block's vector into the previous frame, SearchRefs looks for it in the one or two frames
// before that as well, cheaply (around the block's vector scaled by the distance, the
// neighbours' vectors into the same frame, a whole-sample diamond and the sub-sample
// refinement), and moves a block to the older frame where that saves rel/64 of its cost. An
// older frame none of whose candidates costs under three times the block's t−1 cost is
// searched no further (the cut-off takes the encoder's added instructions from +15 % to +5 %
// on the hand-held clip, for 0.02 % of Sintel's bytes and 0.11 % of the film's).

// SearchRefs gives f (searched on prev by Search, rows [f.Y0, y1) of cur) a reference index
// per block (f.Ref), 0 where the block stays on prev, k where it takes older[k−1] (the
// frames before prev, nearest first; len(older) ≤ 2) with the vector searched there. rel is
// the share of a block's cost, in 1/64, that the older frame must save (SAD plus the
// vector's approximate cost, plus refCost for the index). With older empty it sets f.Ref to
// nil.
func (s *MotionSearch) SearchRefs(f *MotionField, cur []uint16, prev *Plane, older []*Plane, y1, rel int, refCost int64) {
	if len(older) == 0 || f.Split != nil {
		f.Ref = nil
		return
	}
	n := f.Cols * f.Rows
	if cap(f.Ref) < n {
		f.Ref = make([]uint8, n)
	}
	f.Ref = f.Ref[:n]
	clear(f.Ref)
	w := prev.W
	rng := int16(4 * s.Range)
	if cap(s.buf) < sadBufLen(f.Block) {
		s.buf = make([]int32, sadBufLen(f.Block))
	}
	// H.264 vectors (a block's t−1 vector, scaled, and the steps around it) are matched
	// through half samples as Search matches them: Search's of prev, and one set per older
	// frame, built row by row as asked (sadH264: the values predictRow gives, which sadRows
	// took row by row before; TestSearchRefsHalves).
	var halves *h264Halves
	if s.H264 && s.SubSample == 4 && refsHalves {
		if s.halves != nil && s.halves.prev == prev {
			halves = s.halves
		}
	}
	var oldHalves [2]*h264Halves
	for k, ref := range older {
		s.oldRows[k].reset(ref, max(f.Y0-s.Range-1, 0), min(y1+s.Range+2, ref.H), f.Block+2*s.Range+4)
		if s.H264 && s.SubSample == 4 && refsHalves {
			s.oldHalves[k].resetRows(ref, s.MaxVal, f.Y0-s.Range-1, y1+s.Range+2)
			oldHalves[k] = &s.oldHalves[k]
		}
	}
	// The block's t−1 vector is matched through a cache of prev's cubic rows, as Search
	// matches it (the same sums: TestSADKernels), begun afresh.
	s.rows.reset(prev, max(f.Y0-s.Range-1, 0), min(y1+s.Range+2, prev.H), f.Block+2*s.Range+4)
	for by := 0; by < f.Rows; by++ {
		for bx := 0; bx < f.Cols; bx++ {
			i := by*f.Cols + bx
			x0, y0 := bx*f.Block, f.Y0+by*f.Block
			blk := block{cur: cur, w: w, x0: x0, y0: y0, x1: min(x0+f.Block, w), y1: min(y0+f.Block, y1), prev: prev, maxVal: s.MaxVal, buf: s.buf, rows: &s.rows, h264: halves}
			blk.setFast16()
			v0 := f.V[i]
			sad0, ok := s.sads.sadAt(f, cur, prev, y1, i, v0)
			if !ok || !refsShortcuts {
				sad0 = blk.sad(v0, 1<<62)
			}
			cost0 := sad0 + vectorPenalty(v0, f.PredictedRef(bx, by, 0))
			if cost0 == 0 {
				continue
			}
			bestCost := cost0 - cost0*int64(rel)/64 - refCost
			best, bestRef := v0, uint8(0)
			for k, ref := range older {
				blk.prev, blk.rows, blk.h264 = ref, &s.oldRows[k], oldHalves[k]
				blk.setFast16()
				pred := f.PredictedRef(bx, by, uint8(k+1))
				s.seen.reset()
				kb, kc := MotionVector{}, int64(1<<62)
				// cut: until the cut-off below, a candidate costing 3·cost0 or more is
				// matched only that far. Such a candidate decides nothing: if none comes
				// under cut, the frame is searched no further either way; if one does, the
				// first that does finds the limit min(kc, cut) where it would have found
				// kc (the true costs before it are at least cut or at least its own), and
				// from there kc is the true best, as before.
				cut := 3 * cost0
				if !refsShortcuts {
					cut = 1 << 62
				}
				try := func(v MotionVector) {
					if v.X < -rng || v.X > rng || v.Y < -rng || v.Y > rng || !s.seen.add(v) {
						return
					}
					lim := min(kc, cut)
					pen := vectorPenalty(v, pred)
					if pen >= lim {
						return
					}
					c := blk.sad(v, lim-pen) + pen
					if c < kc {
						kb, kc = v, c
					}
				}
				try(pred)
				mul := int16(k + 2)
				try(Normalize(MotionVector{X: v0.X * mul, Y: v0.Y * mul, Filter: v0.Filter}))
				try(MotionVector{X: (v0.X * mul) &^ 3, Y: (v0.Y * mul) &^ 3})
				if bx > 0 && f.Ref[i-1] == uint8(k+1) {
					try(f.V[i-1])
				}
				if by > 0 && f.Ref[i-f.Cols] == uint8(k+1) {
					try(f.V[i-f.Cols])
				}
				try(MotionVector{})
				if kc >= 3*cost0 {
					continue // (no candidate comes near: the frame is not searched further)
				}
				cut = 1 << 62
				c := kb
				c.X, c.Y, c.Filter = c.X&^3, c.Y&^3, FilterBilinear
				try(c)
				for step := 0; step < 8 && kc > 0; step++ {
					c := kb
					for _, d := range [4][2]int16{{4, 0}, {-4, 0}, {0, 4}, {0, -4}} {
						try(MotionVector{X: c.X + d[0], Y: c.Y + d[1], Filter: c.Filter})
					}
					if kb == c {
						break
					}
				}
				for _, step := range []int16{2, 1} {
					if int(4/step) > s.SubSample || step == 1 && kb.X&3 == 0 && kb.Y&3 == 0 {
						break
					}
					c := kb
					for dy := -step; dy <= step; dy += step {
						for dx := -step; dx <= step; dx += step {
							if dx != 0 || dy != 0 {
								try(MotionVector{X: c.X + dx, Y: c.Y + dy, Filter: c.Filter})
							}
						}
					}
				}
				if s.SubSample == 4 && (kb.X&3 != 0 || kb.Y&3 != 0) {
					c := kb
					for _, d := range [5][2]int16{{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
						try(MotionVector{X: c.X + d[0], Y: c.Y + d[1], Filter: FilterCubic})
					}
				}
				if kc < bestCost {
					best, bestCost, bestRef = kb, kc, uint8(k+1)
				}
			}
			if bestRef != 0 {
				f.V[i], f.Ref[i] = Normalize(best), bestRef
			}
		}
	}
	s.sads.ok = false // used: the next SearchRefs takes only a new Search's
}

// refsShortcuts: SearchRefs takes each block's t−1 SAD from Search and stops the first
// candidates' matches at three times the block's t−1 cost (false only in tests, for the
// reference: each matched in full, as before; TestSearchRefsShortcuts).
var refsShortcuts = true

// refsHalves: SearchRefs matches H.264 vectors through half samples (false only in tests,
// for the reference: every such vector through predictRow, row by row).
var refsHalves = true

// PredictedRef is Predicted for a block whose vector points into frame t−1−r
// (model.block_refs): each neighbour's vector is first scaled by the ratio of the distances,
// (r+1)/(its own index + 1), rounded to the nearest quarter sample (halves away from zero), so
// that under constant motion a block on t−2 is predicted by twice its neighbours' vectors on
// t−1. Without f.Ref it is Predicted.
func (f *MotionField) PredictedRef(bx, by int, r uint8) MotionVector {
	if f.Ref == nil {
		return f.Predicted(bx, by)
	}
	at := func(i int) MotionVector { return scaleVector(f.V[i], f.Ref[i], r) }
	var a, b, c MotionVector
	if bx > 0 {
		a = at(by*f.Cols + bx - 1)
	}
	if by > 0 {
		b = at((by-1)*f.Cols + bx)
		if bx+1 < f.Cols {
			c = at((by-1)*f.Cols + bx + 1)
		} else {
			c = b
		}
	} else {
		b, c = a, a
	}
	return Normalize(MotionVector{X: median3(a.X, b.X, c.X), Y: median3(a.Y, b.Y, c.Y), Filter: a.Filter})
}

// scaleVector returns v (a vector into frame t−1−from) scaled to frame t−1−to.
func scaleVector(v MotionVector, from, to uint8) MotionVector {
	if from == to {
		return v
	}
	num, den := int32(to)+1, int32(from)+1
	s := func(x int16) int16 {
		p := int32(x) * num
		if p < 0 {
			return int16(-((-p*2 + den) / (2 * den)))
		}
		return int16((p*2 + den) / (2 * den))
	}
	return MotionVector{X: s(v.X), Y: s(v.Y), Filter: v.Filter}
}
