package predict

// Motion compensation. The encoder searches, for each block of the first coded plane, the
// displacement (in half samples) from which the previous frame predicts the block best; the
// vectors are coded in the stream, and both sides then build the motion-compensated previous
// frame that every temporal predictor (and the skip flag) uses in place of the co-located one.
// Half-sample positions are interpolated as H.263 and MPEG-4 part 2 do, (a+b+1)>>1 and
// (a+b+c+d+2)>>2, so blocks a lossy codec copied with such a vector come out exact.

// MotionVector is a displacement in half samples of the plane it was searched on.
type MotionVector struct{ X, Y int16 }

// MotionField holds the vectors of the blocks of one band of a frame.
type MotionField struct {
	Block      int // block size in samples of the searched plane
	Cols, Rows int // blocks across and down the band
	Y0         int // first row of the band (searched plane)
	V          []MotionVector
}

// NewMotionField returns a zero field for a band of rows [y0, y1) of a w-wide plane.
func NewMotionField(block, w, y0, y1 int) *MotionField {
	f := &MotionField{Block: block, Y0: y0}
	f.Cols = (w + block - 1) / block
	f.Rows = (y1 - y0 + block - 1) / block
	f.V = make([]MotionVector, f.Cols*f.Rows)
	return f
}

// Zero reports whether every vector is zero.
func (f *MotionField) Zero() bool {
	for _, v := range f.V {
		if v != (MotionVector{}) {
			return false
		}
	}
	return true
}

// Predicted returns the median of the left, above and above-right vectors: the usual
// prediction of block (bx, by)'s vector.
func (f *MotionField) Predicted(bx, by int) MotionVector {
	var a, b, c MotionVector
	if bx > 0 {
		a = f.V[by*f.Cols+bx-1]
	}
	if by > 0 {
		b = f.V[(by-1)*f.Cols+bx]
		if bx+1 < f.Cols {
			c = f.V[(by-1)*f.Cols+bx+1]
		} else {
			c = b
		}
	} else {
		b, c = a, a
	}
	return MotionVector{median3(a.X, b.X, c.X), median3(a.Y, b.Y, c.Y)}
}

func median3(a, b, c int16) int16 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	if a > b {
		return a
	}
	return b
}

// compensateRow writes into dst (a padded row: sample x at x+PlanePad) row y of prev displaced
// by the field: the block containing (x<<sx, y<<sy) of the searched plane gives the vector,
// scaled to this plane (a subsampled plane takes half the displacement, rounded to a half
// sample the H.263 way). Rows outside the band use the nearest block row's vectors.
func compensateRow(dst []int32, prev *Plane, y int, f *MotionField, sx, sy uint) {
	w, h := prev.W, prev.H
	by := ((y << sy) - f.Y0) / f.Block
	if by < 0 {
		by = 0
	}
	if by >= f.Rows {
		by = f.Rows - 1
	}
	row := f.V[by*f.Cols : (by+1)*f.Cols]
	span := f.Block >> sx // samples of this plane per block
	if span < 1 {
		span = 1
	}
	for bx, v := range row {
		x0 := bx * span
		if x0 >= w {
			break
		}
		x1 := min(x0+span, w)
		mx, my := int(v.X), int(v.Y)
		if sx > 0 {
			mx = mx>>1 | mx&1
		}
		if sy > 0 {
			my = my>>1 | my&1
		}
		iy, fy := y+(my>>1), my&1
		iy0, iy1 := clampInt(iy, 0, h-1), clampInt(iy+1, 0, h-1)
		r0, r1 := prev.Row(iy0), prev.Row(iy1)
		dx, fx := mx>>1, mx&1
		for x := x0; x < x1; x++ {
			ix := x + dx
			i0, i1 := clampInt(ix, 0, w-1)+PlanePad, clampInt(ix+1, 0, w-1)+PlanePad
			var p int32
			switch {
			case fx == 0 && fy == 0:
				p = r0[i0]
			case fy == 0:
				p = (r0[i0] + r0[i1] + 1) >> 1
			case fx == 0:
				p = (r0[i0] + r1[i0] + 1) >> 1
			default:
				p = (r0[i0] + r0[i1] + r1[i0] + r1[i1] + 2) >> 2
			}
			dst[x+PlanePad] = p
		}
	}
	for i := 0; i < PlanePad; i++ {
		dst[i] = dst[PlanePad]
		dst[PlanePad+w+i] = dst[PlanePad+w-1]
	}
}

func clampInt(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// MotionSearch finds the vectors of a band on the encoder side. It is deterministic, but the
// decoder never runs it: only its result, coded in the stream, matters to decoding.
type MotionSearch struct {
	Range int // largest displacement, in samples
	prev  *MotionField
}

// Search fills f with vectors predicting rows [f.Y0, f.Y0+rows) of cur (samples of the current
// frame, row-major w×h) from prev.
func (s *MotionSearch) Search(f *MotionField, cur []uint16, prev *Plane, y1 int) {
	w, h := prev.W, prev.H
	_ = h
	rng2 := int16(2 * s.Range)
	for by := 0; by < f.Rows; by++ {
		for bx := 0; bx < f.Cols; bx++ {
			x0, y0 := bx*f.Block, f.Y0+by*f.Block
			bw, bh := min(f.Block, w-x0), min(f.Block, y1-y0)
			blk := block{cur: cur, w: w, x0: x0, y0: y0, bw: bw, bh: bh, prev: prev}
			pred := f.Predicted(bx, by)
			best := MotionVector{}
			bestCost := blk.sad(best, 1<<62)
			zeroCost := bestCost
			try := func(v MotionVector) {
				if v.X < -rng2 || v.X > rng2 || v.Y < -rng2 || v.Y > rng2 {
					return
				}
				c := blk.sad(v, bestCost) + vectorPenalty(v, pred)
				if c < bestCost {
					best, bestCost = v, c
				}
			}
			if bestCost > 0 {
				try(pred)
				if bx > 0 {
					try(f.V[by*f.Cols+bx-1])
				}
				if by > 0 {
					try(f.V[(by-1)*f.Cols+bx])
				}
				if s.prev != nil && s.prev.Cols == f.Cols && s.prev.Rows == f.Rows {
					try(s.prev.V[by*f.Cols+bx])
				}
				// Integer diamond search around the best so far, then half-sample refinement.
				for step := 0; step < 32 && bestCost > 0; step++ {
					c := best
					for _, d := range [4][2]int16{{2, 0}, {-2, 0}, {0, 2}, {0, -2}} {
						try(MotionVector{c.X + d[0], c.Y + d[1]})
					}
					if best == c {
						break
					}
				}
				c := best
				for dy := int16(-1); dy <= 1; dy++ {
					for dx := int16(-1); dx <= 1; dx++ {
						if dx != 0 || dy != 0 {
							try(MotionVector{c.X + dx, c.Y + dy})
						}
					}
				}
			}
			// Keep the zero vector unless moving is clearly better: a zero field is cheaper
			// to code and keeps the skip flags' statistics intact.
			if zeroCost <= bestCost+int64(bw*bh)/8 {
				best = MotionVector{}
			}
			f.V[by*f.Cols+bx] = best
		}
	}
	if s.prev == nil || len(s.prev.V) != len(f.V) {
		s.prev = &MotionField{Block: f.Block, Cols: f.Cols, Rows: f.Rows, Y0: f.Y0, V: make([]MotionVector, len(f.V))}
	}
	copy(s.prev.V, f.V)
}

// vectorPenalty approximates the cost of coding v against its prediction, in SAD units.
func vectorPenalty(v, pred MotionVector) int64 {
	d := int64(abs16(v.X-pred.X) + abs16(v.Y-pred.Y))
	if d == 0 {
		return 0
	}
	return 4 + 2*d
}

func abs16(v int16) int16 {
	if v < 0 {
		return -v
	}
	return v
}

type block struct {
	cur       []uint16
	w, x0, y0 int
	bw, bh    int
	prev      *Plane
}

// sad is the sum of absolute differences between the block and its prediction by v, giving
// up once it exceeds limit.
func (b *block) sad(v MotionVector, limit int64) int64 {
	w, h := b.prev.W, b.prev.H
	mx, my := int(v.X), int(v.Y)
	dx, fx := mx>>1, mx&1
	dy, fy := my>>1, my&1
	if b.x0+dx < 0 || b.x0+b.bw+dx+1 > w || b.y0+dy < 0 || b.y0+b.bh+dy+1 > h {
		return b.sadClamped(v, limit)
	}
	var s int64
	for y := b.y0; y < b.y0+b.bh; y++ {
		r0 := b.prev.Row(y + dy)[b.x0+dx+PlanePad:]
		src := b.cur[y*b.w+b.x0 : y*b.w+b.x0+b.bw]
		var acc int32
		switch {
		case fx == 0 && fy == 0:
			r0 = r0[:len(src)]
			for x, c := range src {
				acc += abs32(int32(c) - r0[x])
			}
		case fy == 0:
			r0 = r0[:len(src)+1]
			for x, c := range src {
				acc += abs32(int32(c) - (r0[x]+r0[x+1]+1)>>1)
			}
		default:
			r1 := b.prev.Row(y + dy + 1)[b.x0+dx+PlanePad:]
			r0, r1 = r0[:len(src)+1], r1[:len(src)+1]
			if fx == 0 {
				for x, c := range src {
					acc += abs32(int32(c) - (r0[x]+r1[x]+1)>>1)
				}
			} else {
				for x, c := range src {
					acc += abs32(int32(c) - (r0[x]+r0[x+1]+r1[x]+r1[x+1]+2)>>2)
				}
			}
		}
		s += int64(acc)
		if s >= limit {
			return s
		}
	}
	return s
}

// sadClamped is sad for vectors reaching past the plane's edges, which are extended.
func (b *block) sadClamped(v MotionVector, limit int64) int64 {
	var s int64
	w, h := b.prev.W, b.prev.H
	mx, my := int(v.X), int(v.Y)
	dx, fx := mx>>1, mx&1
	for y := b.y0; y < b.y0+b.bh; y++ {
		iy := y + (my >> 1)
		r0 := b.prev.Row(clampInt(iy, 0, h-1))
		r1 := b.prev.Row(clampInt(iy+1, 0, h-1))
		fy := my & 1
		src := b.cur[y*b.w : y*b.w+b.w]
		for x := b.x0; x < b.x0+b.bw; x++ {
			ix := x + dx
			i0, i1 := clampInt(ix, 0, w-1)+PlanePad, clampInt(ix+1, 0, w-1)+PlanePad
			var p int32
			switch {
			case fx == 0 && fy == 0:
				p = r0[i0]
			case fy == 0:
				p = (r0[i0] + r0[i1] + 1) >> 1
			case fx == 0:
				p = (r0[i0] + r1[i0] + 1) >> 1
			default:
				p = (r0[i0] + r0[i1] + r1[i0] + r1[i1] + 2) >> 2
			}
			s += int64(abs32(int32(src[x]) - p))
		}
		if s >= limit {
			return s
		}
	}
	return s
}
