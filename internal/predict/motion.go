package predict

// Motion compensation. The encoder searches, for each block of the first coded plane, the
// displacement (in quarter samples) and the interpolation filter from which the previous
// frame predicts the block best; both are coded in the stream, and both sides then build the
// motion-compensated previous frame that every temporal predictor (and the skip flag) uses in
// place of the co-located one.
//
// Two filters: FilterBilinear interpolates half-sample positions exactly as H.263 and MPEG-4
// part 2 do, (a+b+1)>>1 and (a+b+c+d+2)>>2, so blocks a lossy codec copied with such a vector
// come out exact; FilterCubic (Catmull-Rom, 4 taps) follows smooth sub-sample motion such as a
// panning camera's much more closely. FilterH264 (VideoConfig.H264Filter) interpolates
// exactly as H.264 does (motion_h264.go): luma quarter samples from its 6-tap half samples,
// chroma eighth samples bilinearly, so that blocks an H.264 encoder copied with a fractional
// vector come out exact too.

// Interpolation filters.
const (
	FilterBilinear = 0
	FilterCubic    = 1
	FilterH264     = 2
	// filterH264Chroma is H.264's chroma filter (eighth samples, bilinear) that a FilterH264
	// vector takes on a subsampled plane; never coded.
	filterH264Chroma = 3
)

// MotionVector is a displacement in quarter samples of the plane it was searched on, with the
// filter that interpolates it.
type MotionVector struct {
	X, Y   int16
	Filter uint8
}

// MotionField holds the vectors of the blocks of one band of a frame.
type MotionField struct {
	Block      int // block size in samples of the searched plane
	Cols, Rows int // blocks across and down the band
	Y0         int // first row of the band (searched plane)
	V          []MotionVector
	// Split, for a field of split blocks (VideoConfig.MotionSplit), holds per parent block
	// (2x2 blocks of V, PCols across) 1 where its four blocks have vectors of their own, 0
	// where they share one; nil otherwise.
	Split        []uint8
	PCols, PRows int
	// Ref, with model.block_refs, holds per block of V the frame its vector points into:
	// 0 the previous frame (t−1), 1 the one before (t−2), 2 the one before that (t−3); nil
	// where every block takes the previous frame.
	Ref []uint8
}

// NewSplitMotionField returns a zero field of parent blocks of size parent, each of which may
// be split into four blocks of parent/2 (the blocks of V).
func NewSplitMotionField(parent, w, y0, y1 int) *MotionField {
	f := NewMotionField(parent/2, w, y0, y1)
	f.PCols, f.PRows = (f.Cols+1)/2, (f.Rows+1)/2
	f.Split = make([]uint8, f.PCols*f.PRows)
	return f
}

// PredictedParent returns the prediction of the vector of parent block (px, py) of a split
// field that is not split: the median of the vectors left of, above and above-right of the
// parent (Predicted on the parents' grid when no block is split).
func (f *MotionField) PredictedParent(px, py int) MotionVector {
	return f.medianAt(2*px, 2*py, 2)
}

// PredictedSplit returns the prediction of block (bx, by) of a split field coded parent by
// parent, the four blocks of a split parent in the order top-left, top-right, bottom-left,
// bottom-right: Predicted, except for a bottom-right block, whose above-right neighbour is
// not coded yet: it takes the median of left, above and above-left.
func (f *MotionField) PredictedSplit(bx, by int) MotionVector {
	if bx&1 == 0 || by&1 == 0 {
		return f.Predicted(bx, by)
	}
	a := f.V[by*f.Cols+bx-1]
	b := f.V[(by-1)*f.Cols+bx]
	c := f.V[(by-1)*f.Cols+bx-1]
	return Normalize(MotionVector{X: median3(a.X, b.X, c.X), Y: median3(a.Y, b.Y, c.Y), Filter: a.Filter})
}

// NewMotionField returns a zero field for a band of rows [y0, y1) of a w-wide plane.
func NewMotionField(block, w, y0, y1 int) *MotionField {
	f := &MotionField{Block: block, Y0: y0}
	f.Cols = (w + block - 1) / block
	f.Rows = (y1 - y0 + block - 1) / block
	f.V = make([]MotionVector, f.Cols*f.Rows)
	return f
}

// At returns the vector of the block containing sample (x, y) of the searched plane.
func (f *MotionField) At(x, y int) MotionVector {
	bx, by := x/f.Block, (y-f.Y0)/f.Block
	bx = clampInt(bx, 0, f.Cols-1)
	by = clampInt(by, 0, f.Rows-1)
	return f.V[by*f.Cols+bx]
}

// Predicted returns the median of the left, above and above-right vectors (filter of the
// left one): the usual prediction of block (bx, by)'s vector.
func (f *MotionField) Predicted(bx, by int) MotionVector { return f.medianAt(bx, by, 1) }

// medianAt returns the median of the vectors left of block (bx, by), above it and above the
// block right columns to its right (above it at the field's right edge), with the left one's
// filter; the first row takes the left vector.
func (f *MotionField) medianAt(bx, by, right int) MotionVector {
	var a, b, c MotionVector
	if bx > 0 {
		a = f.V[by*f.Cols+bx-1]
	}
	if by > 0 {
		b = f.V[(by-1)*f.Cols+bx]
		if bx+right < f.Cols {
			c = f.V[(by-1)*f.Cols+bx+right]
		} else {
			c = b
		}
	} else {
		b, c = a, a
	}
	return Normalize(MotionVector{X: median3(a.X, b.X, c.X), Y: median3(a.Y, b.Y, c.Y), Filter: a.Filter})
}

// Normalize gives whole-sample vectors the bilinear filter: the filter does not matter there,
// and one spelling keeps the coding of vectors unambiguous.
func Normalize(v MotionVector) MotionVector {
	if v.X&3 == 0 && v.Y&3 == 0 {
		v.Filter = FilterBilinear
	}
	return v
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

// cubicTaps[f] are the Catmull-Rom weights (sum 128) of the samples at −1, 0, +1, +2 for a
// position f quarters past sample 0.
var cubicTaps = [4][4]int32{
	{0, 128, 0, 0},
	{-9, 111, 29, -3},
	{-8, 72, 72, -8},
	{-3, 29, 111, -9},
}

// chromaVector scales a vector of the searched plane to a plane subsampled by (sx, sy) and
// returns the filter that interpolates it there. A bilinear half-sample vector follows
// H.263's rule (the quarter positions it lands on round to the half sample) so that codecs'
// chroma copies stay exact; other vectors are halved. An H.264 vector on a subsampled plane
// becomes H.264's chroma vector, in eighth samples (the luma quarters themselves across a
// halved dimension, twice them across a full one, as H.264 has it for 4:2:0 and 4:2:2), with
// its bilinear filter; on a plane of the searched plane's size it keeps the luma filter, as
// H.264's 4:4:4 does.
func chromaVector(v MotionVector, sx, sy uint) (int, int, uint8) {
	if v.Filter == FilterH264 {
		if sx == 0 && sy == 0 {
			return int(v.X), int(v.Y), FilterH264
		}
		return int(v.X) * 2 >> sx, int(v.Y) * 2 >> sy, filterH264Chroma
	}
	scale := func(q int, s uint) int {
		if s == 0 {
			return q
		}
		if v.Filter == FilterBilinear && q&1 == 0 {
			m := q >> 1 // half samples of the searched plane
			h := m>>1 | m&1
			return h << 1
		}
		return q >> 1
	}
	return scale(int(v.X), sx), scale(int(v.Y), sy), v.Filter
}

// predictRow writes into dst the prediction of samples [x0, x1) of row y displaced by (qx, qy)
// quarter samples (eighth samples with filterH264Chroma) with the given filter. Reads past
// the plane's edges take the edge sample.
func predictRow(dst []int32, prev *Plane, y, x0, x1, qx, qy int, filter uint8, maxVal int32) {
	if filter >= FilterH264 {
		if filter == FilterH264 {
			h264LumaRow(dst, prev, y, x0, x1, qx, qy, maxVal)
		} else {
			h264ChromaRow(dst, prev, y, x0, x1, qx, qy)
		}
		return
	}
	w, h := prev.W, prev.H
	ix, fx := qx>>2, qx&3
	iy, fy := qy>>2, qy&3
	dst = dst[:x1-x0]
	if fx == 0 && fy == 0 {
		r := prev.Row(clampInt(y+iy, 0, h-1))
		if x0+ix >= 0 && x1+ix <= w {
			copy(dst, r[x0+ix+PlanePad:x1+ix+PlanePad])
			return
		}
		for x := x0; x < x1; x++ {
			dst[x-x0] = r[clampInt(x+ix, 0, w-1)+PlanePad]
		}
		return
	}
	if filter == FilterBilinear {
		r0 := prev.Row(clampInt(y+iy, 0, h-1))
		r1 := prev.Row(clampInt(y+iy+1, 0, h-1))
		wa, wb := int32((4-fx)*(4-fy)), int32(fx*(4-fy))
		wc, wd := int32((4-fx)*fy), int32(fx*fy)
		if x0+ix >= 0 && x1+ix+1 <= w {
			a := r0[x0+ix+PlanePad : x1+ix+PlanePad+1]
			c := r1[x0+ix+PlanePad : x1+ix+PlanePad+1]
			j0 := 0
			if k := len(dst) &^ 7; haveSAD16 && k > 0 {
				wt := [4]int32{wa, wb, wc, wd}
				bilinearRowAVX2(&dst[0], &a[0], &c[0], k, &wt) // dst[:k]
				j0 = k
			}
			for j := j0; j < len(dst); j++ {
				dst[j] = (wa*a[j] + wb*a[j+1] + wc*c[j] + wd*c[j+1] + 8) >> 4
			}
			return
		}
		for x := x0; x < x1; x++ {
			i0, i1 := clampInt(x+ix, 0, w-1)+PlanePad, clampInt(x+ix+1, 0, w-1)+PlanePad
			dst[x-x0] = (wa*r0[i0] + wb*r0[i1] + wc*r1[i0] + wd*r1[i1] + 8) >> 4
		}
		return
	}
	tx, ty := &cubicTaps[fx], &cubicTaps[fy]
	var rows [4][]int32
	for k := range rows {
		rows[k] = prev.Row(clampInt(y+iy+k-1, 0, h-1))
	}
	if x0+ix-1 >= 0 && x1+ix+2 <= w {
		// Every tap inside the row: the same sums, with the taps and rows held in locals and
		// the rows sliced to the block so that the loop runs without bounds checks.
		a := x0 + ix + PlanePad - 1
		n := len(dst) + 3
		r0, r1, r2, r3 := rows[0][a:][:n], rows[1][a:][:n], rows[2][a:][:n], rows[3][a:][:n]
		j0 := 3
		if k := len(dst) &^ 7; haveSAD16 && k > 0 {
			cubic8AVX2(&dst[0], &r0[0], &r1[0], &r2[0], &r3[0], k, tx, ty, maxVal) // dst[:k]
			j0 += k
		}
		t0, t1, t2, t3 := tx[0], tx[1], tx[2], tx[3]
		u0, u1, u2, u3 := ty[0], ty[1], ty[2], ty[3]
		for j := j0; j < n; j++ {
			s0 := t0*r0[j-3] + t1*r0[j-2] + t2*r0[j-1] + t3*r0[j]
			s1 := t0*r1[j-3] + t1*r1[j-2] + t2*r1[j-1] + t3*r1[j]
			s2 := t0*r2[j-3] + t1*r2[j-2] + t2*r2[j-1] + t3*r2[j]
			s3 := t0*r3[j-3] + t1*r3[j-2] + t2*r3[j-1] + t3*r3[j]
			dst[j-3] = clamp32((u0*s0+u1*s1+u2*s2+u3*s3+1<<13)>>14, 0, maxVal)
		}
		return
	}
	inside := false
	for x := x0; x < x1; x++ {
		var acc int32
		for k, r := range rows {
			var s int32
			if inside {
				i := x + ix + PlanePad
				s = tx[0]*r[i-1] + tx[1]*r[i] + tx[2]*r[i+1] + tx[3]*r[i+2]
			} else {
				for t := 0; t < 4; t++ {
					s += tx[t] * r[clampInt(x+ix+t-1, 0, w-1)+PlanePad]
				}
			}
			acc += ty[k] * s
		}
		dst[x-x0] = clamp32((acc+1<<13)>>14, 0, maxVal)
	}
}

// compensateRow writes into dst (a padded row: sample x at x+PlanePad) row y of prev displaced
// by the field times mul (1; 2 for the frame before the previous one under constant motion):
// the block containing (x<<sx, y<<sy) of the searched plane gives the vector. Rows outside
// the band use the nearest block row's vectors.
func compensateRow(dst []int32, prev *Plane, y int, f *MotionField, sx, sy uint, maxVal int32, mul int16) {
	compensateRowRefs(dst, prev, nil, nil, y, f, sx, sy, maxVal, mul)
}

// compensateRowRefs is compensateRow where a block whose f.Ref is 1 or 2 reads prev2 or prev3
// (model.block_refs) instead of prev.
func compensateRowRefs(dst []int32, prev, prev2, prev3 *Plane, y int, f *MotionField, sx, sy uint, maxVal int32, mul int16) {
	w := prev.W
	by := clampInt(((y<<sy)-f.Y0)/f.Block, 0, f.Rows-1)
	row := f.V[by*f.Cols : (by+1)*f.Cols]
	var refs []uint8
	if f.Ref != nil {
		refs = f.Ref[by*f.Cols : (by+1)*f.Cols]
	}
	span := max(f.Block>>sx, 1) // samples of this plane per block
	for bx, v := range row {
		x0 := bx * span
		if x0 >= w {
			break
		}
		x1 := min(x0+span, w)
		if mul != 1 {
			v = Normalize(MotionVector{X: v.X * mul, Y: v.Y * mul, Filter: v.Filter})
		}
		qx, qy, filt := chromaVector(v, sx, sy)
		src := prev
		if refs != nil {
			switch refs[bx] {
			case 1:
				src = prev2
			case 2:
				src = prev3
			}
		}
		predictRow(dst[x0+PlanePad:], src, y, x0, x1, qx, qy, filt, maxVal)
	}
	for i := 0; i < PlanePad; i++ {
		dst[i] = dst[PlanePad]
		dst[PlanePad+w+i] = dst[PlanePad+w-1]
	}
}

// ChainMotion returns in dst (reallocated as needed) the field from the current frame to the
// one two frames back: each block's vector v plus the vector of prev (the previous frame's
// field) at the block's centre displaced by v.
func ChainMotion(dst, cur, prev *MotionField) *MotionField {
	if dst == nil || len(dst.V) != len(cur.V) {
		dst = &MotionField{V: make([]MotionVector, len(cur.V))}
	}
	dst.Block, dst.Cols, dst.Rows, dst.Y0 = cur.Block, cur.Cols, cur.Rows, cur.Y0
	for by := 0; by < cur.Rows; by++ {
		for bx := 0; bx < cur.Cols; bx++ {
			v := cur.V[by*cur.Cols+bx]
			cx := bx*cur.Block + cur.Block/2 + int(v.X)>>2
			cy := cur.Y0 + by*cur.Block + cur.Block/2 + int(v.Y)>>2
			p := prev.At(cx, cy)
			x := max(min(int(v.X)+int(p.X), 4*MaxMotionRange), -4*MaxMotionRange)
			y := max(min(int(v.Y)+int(p.Y), 4*MaxMotionRange), -4*MaxMotionRange)
			dst.V[by*cur.Cols+bx] = Normalize(MotionVector{X: int16(x), Y: int16(y), Filter: FilterCubic})
		}
	}
	return dst
}

// overlapRow writes into dst (padded) row y of the overlapped-block prediction: each sample
// is the mean of mc (the row compensated by the field, padded) and prev displaced by the
// vector of the block next to its own across the nearest block edge (its own vector at the
// field's edges), as overlapped block motion compensation blends neighbouring vectors.
func overlapRow(dst, mc []int32, prev *Plane, y int, f *MotionField, sx, sy uint, maxVal int32) {
	w := prev.W
	yy := y << sy
	by := clampInt((yy-f.Y0)/f.Block, 0, f.Rows-1)
	ly := clampInt(yy-f.Y0-by*f.Block, 0, f.Block-1)
	var one [1]int32
	for x := 0; x < w; x++ {
		xx := x << sx
		bx := clampInt(xx/f.Block, 0, f.Cols-1)
		lx := xx - bx*f.Block
		nx, ny := bx, by
		d := lx
		nx = bx - 1
		if r := f.Block - 1 - lx; r < d {
			d, nx = r, bx+1
		}
		if ly < d {
			d, nx, ny = ly, bx, by-1
		}
		if r := f.Block - 1 - ly; r < d {
			nx, ny = bx, by+1
		}
		nx, ny = clampInt(nx, 0, f.Cols-1), clampInt(ny, 0, f.Rows-1)
		v := f.V[ny*f.Cols+nx]
		qx, qy, filt := chromaVector(v, sx, sy)
		predictRow(one[:], prev, y, x, x+1, qx, qy, filt, maxVal)
		dst[x+PlanePad] = (mc[x+PlanePad] + one[0] + 1) >> 1
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
	Range     int // largest displacement, in samples
	SubSample int // finest precision searched: 1, 2 (bilinear half samples) or 4 (quarter, cubic too)
	// H264, with SubSample 4, tries H.264's filter (FilterH264) too, at the best fractional
	// vector and, where it wins there, at the quarter samples beside it
	// (VideoConfig.H264Filter). Its matches read the plane's H.264 half samples, worked out
	// once per row (h264Halves).
	H264 bool
	// H264Rel is the share of the best cost, in 1/64, H.264's filter must save over the
	// best vector of the other filters (codec: h264Rel).
	H264Rel int
	MaxVal  int32
	// SplitBias is what a split must save per sample, in 1/16 of a sample's SAD, beyond its
	// vectors' approximate cost (SearchSplit).
	SplitBias int
	// SplitRel, when not 0, asks a split also to save SplitRel/64 of the parent's cost
	// (SearchSplit; the split gate's encoder, codec/video_tile.go).
	SplitRel int
	// SplitDiff, when set, decides a split that saves on SAD again with each side's cost
	// the SAD plus what is left of the residual d = sample − P after the model's spatial
	// prediction of it, the sum over the parent block of |d − MED(dW, dN, dNW)|
	// (splitDiffCost): the four vectors (with their costs) against the parent's, SplitBias
	// and SplitRel as above. Finer vectors that follow noise break the residual's texture at
	// the blocks' edges; this counts it.
	SplitDiff bool
	// SplitTexMargin, when not 0, spares the texture cost (SplitDiff) of a split that saves
	// SplitTexMargin/64 of the parent's cost on SAD alone (vectors' costs and SplitBias
	// included): such a split is kept (encoder side only).
	SplitTexMargin int
	// ParentSADs is, after SearchSplit, each parent block's SAD at its own vector (the
	// split gate's trials, codec/video_splittrial.go).
	ParentSADs []int64
	dBuf       []int32
	dPar       []int32 // splitDiffCost's d of the parent's vector
	// Global, when not nil, is the frame's camera motion: its vector at each block's centre
	// is one more candidate of the search (see GlobalMotion).
	Global *GlobalMotion
	W, H   int // the searched plane's size (EstimateGlobal's centre)
	// Hint, when not nil, holds a vector per block predicted from outside the video
	// (motion_hint.go): a candidate, and the prediction vectors are costed against.
	Hint []MotionVector
	// Stop, when not nil, is asked before each row of blocks: once it returns true the
	// search returns at once, the field left partly searched (the caller, an encoder being
	// interrupted, discards it). It changes nothing while it returns false.
	Stop   func() bool
	prev   *MotionField
	parent *MotionField
	buf    []int32
	seen   visited
	rows   cubicRows
	halves *h264Halves
	// oldRows are rows' caches for the older frames SearchRefs searches (model.block_refs).
	oldRows [2]cubicRows
	// oldHalves are the H.264 half samples of those frames (with H264), built as asked
	oldHalves [2]h264Halves
	// sads holds, after a whole Search, each block's SAD at the vector it got (sads.v),
	// which SearchRefs would otherwise match again (the block's t−1 cost).
	sads searchSADs
}

// searchSADs is Search's last field's SADs, valid for SearchRefs only on the same field,
// plane, samples and rows, and only for a block whose vector is still the one searched.
type searchSADs struct {
	ok   bool
	f    *MotionField
	prev *Plane
	cur  *uint16
	y1   int
	sad  []int64
	v    []MotionVector
}

// sadAt returns block i's SAD as Search left it for vector v, if it holds one.
func (t *searchSADs) sadAt(f *MotionField, cur []uint16, prev *Plane, y1, i int, v MotionVector) (int64, bool) {
	if !t.ok || t.f != f || t.prev != prev || len(cur) == 0 || t.cur != &cur[0] || t.y1 != y1 || i >= len(t.v) || t.v[i] != v {
		return 0, false
	}
	return t.sad[i], true
}

// Search fills f with vectors predicting rows [f.Y0, y1) of cur (samples of the current frame,
// row-major, prev.W wide) from prev.
func (s *MotionSearch) Search(f *MotionField, cur []uint16, prev *Plane, y1 int) {
	w := prev.W
	s.W, s.H = prev.W, prev.H
	rng := int16(4 * s.Range)
	if cap(s.buf) < sadBufLen(f.Block) {
		s.buf = make([]int32, sadBufLen(f.Block))
	}
	sads := &s.sads
	sads.ok = false // until every block is searched
	if n := len(f.V); cap(sads.sad) < n {
		sads.sad, sads.v = make([]int64, n), make([]MotionVector, n)
	}
	sads.sad, sads.v = sads.sad[:len(f.V)], sads.v[:len(f.V)]
	s.rows.reset(prev, max(f.Y0-s.Range-1, 0), min(y1+s.Range+2, prev.H), f.Block+2*s.Range+4)
	var halves *h264Halves
	if s.H264 && s.SubSample == 4 {
		if s.halves == nil {
			s.halves = &h264Halves{}
		}
		s.halves.resetRows(prev, s.MaxVal, f.Y0-s.Range-1, y1+s.Range+2)
		halves = s.halves
	}
	for by := 0; by < f.Rows; by++ {
		if s.Stop != nil && s.Stop() {
			return
		}
		for bx := 0; bx < f.Cols; bx++ {
			x0, y0 := bx*f.Block, f.Y0+by*f.Block
			blk := block{cur: cur, w: w, x0: x0, y0: y0, x1: min(x0+f.Block, w), y1: min(y0+f.Block, y1), prev: prev, maxVal: s.MaxVal, buf: s.buf, rows: &s.rows, h264: halves}
			blk.setFast16()
			pred := f.PredictedHint(bx, by, s.Hint)
			best := MotionVector{}
			bestCost := blk.sad(best, 1<<62)
			zeroCost := bestCost
			bestSAD := bestCost // the SAD at best (bestCost without the vector's cost)
			s.seen.reset()
			s.seen.add(best)
			try := func(v MotionVector) {
				if v.X < -rng || v.X > rng || v.Y < -rng || v.Y > rng || !s.seen.add(v) {
					return
				}
				// The match gives up as soon as the vector's cost reaches the best's.
				pen := vectorPenalty(v, pred)
				lim := s.costToBeat(v, best, bestCost)
				if pen >= lim {
					return
				}
				d := blk.sad(v, lim-pen) // below lim−pen only if every row was summed
				if c := d + pen; c < lim {
					best, bestCost, bestSAD = v, c, d
				}
			}
			if bestCost > 0 {
				try(MotionVector{X: pred.X, Y: pred.Y})
				if s.Hint != nil {
					try(s.Hint[by*f.Cols+bx])
				}
				if bx > 0 {
					try(f.V[by*f.Cols+bx-1])
				}
				if by > 0 {
					try(f.V[(by-1)*f.Cols+bx])
				}
				if s.prev != nil && s.prev.Cols == f.Cols && s.prev.Rows == f.Rows {
					try(s.prev.V[by*f.Cols+bx])
				}
				if s.Global != nil {
					try(s.Global.VectorAt(x0+f.Block/2, y0+f.Block/2))
				}
				// Whole-sample diamond search around the best so far (on the whole-sample
				// grid), then half- and quarter-sample refinement, then the cubic filter.
				c := best
				c.X, c.Y, c.Filter = c.X&^3, c.Y&^3, FilterBilinear
				try(c)
				for step := 0; step < 32 && bestCost > 0; step++ {
					c := best
					for _, d := range [4][2]int16{{4, 0}, {-4, 0}, {0, 4}, {0, -4}} {
						try(MotionVector{X: c.X + d[0], Y: c.Y + d[1], Filter: c.Filter})
					}
					if best == c {
						break
					}
				}
				for _, step := range []int16{2, 1} {
					if int(4/step) > s.SubSample || step == 1 && best.X&3 == 0 && best.Y&3 == 0 {
						// Quarter samples only refine a half-sample move: a block that stayed
						// on the whole-sample grid rarely gains from them.
						break
					}
					c := best
					for dy := -step; dy <= step; dy += step {
						for dx := -step; dx <= step; dx += step {
							if dx != 0 || dy != 0 {
								try(MotionVector{X: c.X + dx, Y: c.Y + dy, Filter: c.Filter})
							}
						}
					}
				}
				if s.SubSample == 4 && (best.X&3 != 0 || best.Y&3 != 0) {
					c := best
					for _, d := range [5][2]int16{{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
						try(MotionVector{X: c.X + d[0], Y: c.Y + d[1], Filter: FilterCubic})
					}
					if s.H264 {
						// H.264's filter at the best vector; the quarters beside it only
						// where it won there.
						c := best
						try(MotionVector{X: c.X, Y: c.Y, Filter: FilterH264})
						if best.Filter == FilterH264 {
							for _, d := range [4][2]int16{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
								try(MotionVector{X: c.X + d[0], Y: c.Y + d[1], Filter: FilterH264})
							}
						}
					}
				}
			}
			// Keep the zero vector unless moving is clearly better: a zero field is cheaper
			// to code and keeps the skip flags' statistics intact.
			if zeroCost <= bestCost+int64((blk.x1-x0)*(blk.y1-y0))/8 {
				best, bestSAD = MotionVector{}, zeroCost
			}
			i := by*f.Cols + bx
			f.V[i] = Normalize(best)
			// (Normalize changes only a whole-sample vector's filter, which no match of
			// a whole-sample vector reads: the SAD is the normalised vector's.)
			sads.sad[i], sads.v[i] = bestSAD, f.V[i]
		}
	}
	sads.ok, sads.f, sads.prev, sads.cur, sads.y1 = true, f, prev, nil, y1
	if len(cur) > 0 {
		sads.cur = &cur[0]
	}
	if s.prev == nil || len(s.prev.V) != len(f.V) {
		s.prev = &MotionField{Block: f.Block, Cols: f.Cols, Rows: f.Rows, Y0: f.Y0, V: make([]MotionVector, len(f.V))}
	}
	copy(s.prev.V, f.V)
}

// costToBeat returns the cost candidate v must come under to replace best (of cost bestCost):
// bestCost, less H264Rel/64 of it where v takes H.264's filter and best does not.
func (s *MotionSearch) costToBeat(v, best MotionVector, bestCost int64) int64 {
	if v.Filter == FilterH264 && best.Filter != FilterH264 {
		return bestCost - bestCost*int64(s.H264Rel)/64
	}
	return bestCost
}

// SearchSplit fills a split field f (NewSplitMotionField): a search of the parent blocks (as
// Search), then for each parent block a refinement of each of its four blocks from the
// parent's vector; the parent is split where its blocks' own vectors save more than
// SplitBias per sample (1/16 units) over the parent's, vector costs included.
func (s *MotionSearch) SearchSplit(f *MotionField, cur []uint16, prev *Plane, y1 int) {
	pb := 2 * f.Block
	if s.parent == nil || s.parent.Block != pb || s.parent.Y0 != f.Y0 || s.parent.Cols != f.PCols || s.parent.Rows != f.PRows {
		s.parent = &MotionField{Block: pb, Cols: f.PCols, Rows: f.PRows, Y0: f.Y0, V: make([]MotionVector, f.PCols*f.PRows)}
	}
	pf := s.parent
	s.Search(pf, cur, prev, y1)
	var halves *h264Halves // Search's, of the same plane
	if s.H264 && s.SubSample == 4 {
		halves = s.halves
	}
	if cap(s.ParentSADs) < f.PCols*f.PRows {
		s.ParentSADs = make([]int64, f.PCols*f.PRows)
	}
	s.ParentSADs = s.ParentSADs[:f.PCols*f.PRows]
	w := prev.W
	rng := int16(4 * s.Range)
	for py := 0; py < f.PRows; py++ {
		if s.Stop != nil && s.Stop() {
			return
		}
		for px := 0; px < f.PCols; px++ {
			vp := pf.V[py*f.PCols+px]
			var own [4]MotionVector
			var parentCost, ownCost, area int64
			n := 0
			for k := 0; k < 4; k++ {
				bx, by := 2*px+k&1, 2*py+k>>1
				if bx >= f.Cols || by >= f.Rows {
					continue
				}
				n++
				x0, y0 := bx*f.Block, f.Y0+by*f.Block
				blk := block{cur: cur, w: w, x0: x0, y0: y0, x1: min(x0+f.Block, w), y1: min(y0+f.Block, y1), prev: prev, maxVal: s.MaxVal, buf: s.buf, rows: &s.rows, h264: halves}
				area += int64((blk.x1 - x0) * (blk.y1 - y0))
				pc := blk.sad(vp, 1<<62)
				parentCost += pc
				best, bestCost := vp, pc
				s.seen.reset()
				s.seen.add(vp)
				try := func(v MotionVector) {
					if v.X < -rng || v.X > rng || v.Y < -rng || v.Y > rng || !s.seen.add(v) {
						return
					}
					pen := vectorPenalty(v, vp)
					lim := s.costToBeat(v, best, bestCost)
					if pen >= lim {
						return
					}
					c := blk.sad(v, lim-pen) + pen
					if c < lim {
						best, bestCost = v, c
					}
				}
				zeroCost := blk.sad(MotionVector{}, 1<<62)
				if pc > 0 {
					try(MotionVector{})
					for _, step := range []int16{4, 2, 1} {
						if int(4/step) > s.SubSample {
							break
						}
						for it := 0; it < 4; it++ {
							c := best
							for _, d := range [8][2]int16{{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {-1, -1}, {1, -1}, {-1, 1}} {
								try(MotionVector{X: c.X + d[0]*step, Y: c.Y + d[1]*step, Filter: c.Filter})
							}
							if best == c {
								break
							}
						}
					}
					if s.SubSample == 4 && (best.X&3 != 0 || best.Y&3 != 0) {
						c := best
						if s.H264 {
							for f := uint8(FilterBilinear); f <= FilterH264; f++ {
								try(MotionVector{X: c.X, Y: c.Y, Filter: f})
							}
						} else {
							try(MotionVector{X: c.X, Y: c.Y, Filter: c.Filter ^ 1})
						}
					}
				}
				// As in Search: the zero vector unless moving is clearly better.
				if zeroCost <= bestCost+int64((blk.x1-x0)*(blk.y1-y0))/8 {
					best, bestCost = MotionVector{}, zeroCost
				}
				own[k] = Normalize(best)
				ownCost += bestCost
			}
			s.ParentSADs[py*f.PCols+px] = parentCost
			split := n > 1 && ownCost+area*int64(s.SplitBias)/16 < parentCost
			if split && s.SplitRel > 0 && (ownCost+area*int64(s.SplitBias)/16)*64 >= parentCost*int64(64-s.SplitRel) {
				split = false
			}
			// With SplitTexMargin, a split that saves that much of the parent's SAD is kept
			// without the texture cost.
			if split && s.SplitDiff && (s.SplitTexMargin == 0 || (ownCost+area*int64(s.SplitBias)/16)*64 >= parentCost*int64(64-s.SplitTexMargin)) {
				var pen int64
				for k := 0; k < 4; k++ {
					pen += vectorPenalty(own[k], vp)
				}
				// The split's texture cost g (gs = ownCost − pen + g) is summed only until it
				// decides against the split (limit: the least g for which the tests below
				// fail), from the parent's residual with only the blocks whose vector is not
				// the parent's predicted again (splitDiffs): the same decision.
				gp := s.splitDiffCost(f, cur, prev, y1, px, py, vp, own, true, 1<<62)
				gp += parentCost
				c := ownCost + area*int64(s.SplitBias)/16
				limit := gp - c
				if s.SplitRel > 0 {
					limit = min(limit, (gp*int64(64-s.SplitRel)+63)/64-c)
				}
				split = false
				if limit > 0 {
					gs := s.splitDiffCost(f, cur, prev, y1, px, py, vp, own, false, limit)
					gs += ownCost - pen
					split = gs+pen+area*int64(s.SplitBias)/16 < gp
					if split && s.SplitRel > 0 && (gs+pen+area*int64(s.SplitBias)/16)*64 >= gp*int64(64-s.SplitRel) {
						split = false
					}
				}
			}
			f.Split[py*f.PCols+px] = 0
			if split {
				f.Split[py*f.PCols+px] = 1
			}
			for k := 0; k < 4; k++ {
				bx, by := 2*px+k&1, 2*py+k>>1
				if bx >= f.Cols || by >= f.Rows {
					continue
				}
				if split {
					f.V[by*f.Cols+bx] = own[k]
				} else {
					f.V[by*f.Cols+bx] = vp
				}
			}
		}
	}
}

// splitDiffCost returns, for parent block (px, py) of split field f predicted by the parent's
// vector vp (parent) or by the vectors v of its four blocks (top-left, top-right,
// bottom-left, bottom-right), the sum over the parent's samples but its first row and column
// of |d − MED(dW, dN, dNW)|, d = sample − P: what is left of the residual after the model's
// spatial prediction of it (subDMed). Once the sum after a row reaches limit it returns it
// (the true sum is no smaller). The parent's call keeps its d (s.dPar); the split's, which
// must follow it for the same block, takes d from it in the blocks whose vector is vp.
func (s *MotionSearch) splitDiffCost(f *MotionField, cur []uint16, prev *Plane, y1, px, py int, vp MotionVector, v [4]MotionVector, parent bool, limit int64) int64 {
	w := prev.W
	b := f.Block
	x0, yy0 := 2*px*b, f.Y0+2*py*b
	x1, yy1 := min(x0+2*b, w), min(yy0+2*b, y1)
	bw := x1 - x0
	n := bw * (yy1 - yy0)
	if cap(s.dBuf) < n+2*b {
		s.dBuf = make([]int32, n+2*b)
	}
	if cap(s.dPar) < n {
		s.dPar = make([]int32, n)
	}
	d := s.dBuf[:n]
	row := s.dBuf[n:][:2*b]
	dp := s.dPar[:n]
	if parent {
		d = dp
		v = [4]MotionVector{vp, vp, vp, vp}
	}
	for y := yy0; y < yy1; y++ {
		if parent { // the whole row by the one vector
			o := (y - yy0) * bw
			predictRow(row, prev, y, x0, x1, int(vp.X), int(vp.Y), vp.Filter, s.MaxVal)
			for x := x0; x < x1; x++ {
				d[o+x-x0] = int32(cur[y*w+x]) - row[x-x0]
			}
			continue
		}
		ky := 0
		if y-yy0 >= b {
			ky = 2
		}
		for kx := 0; kx < 2; kx++ {
			xa, xb := x0+kx*b, min(x0+(kx+1)*b, x1)
			if xa >= xb {
				continue
			}
			o := (y-yy0)*bw - x0
			vv := v[ky+kx]
			if !parent && vv == vp {
				copy(d[o+xa:o+xb], dp[o+xa:o+xb])
				continue
			}
			predictRow(row, prev, y, xa, xb, int(vv.X), int(vv.Y), vv.Filter, s.MaxVal)
			for x := xa; x < xb; x++ {
				d[o+x] = int32(cur[y*w+x]) - row[x-xa]
			}
		}
	}
	var g int64
	for y := 1; y < yy1-yy0; y++ {
		up, cur := d[(y-1)*bw:y*bw], d[y*bw:(y+1)*bw]
		up = up[:len(cur)]
		var acc int32
		for x := 1; x < len(cur); x++ {
			a, n, c := cur[x-1], up[x], up[x-1]
			// MED(a, n, c) as the median of a, n and a + n − c (without branches)
			lo, hi := min(a, n), max(a, n)
			m := max(lo, min(hi, a+n-c))
			acc += abs32(cur[x] - m)
		}
		g += int64(acc)
		if g >= limit {
			return g
		}
	}
	return g
}

// Parent returns the field of parent blocks the last SearchSplit searched (nil before one):
// the field Search would have found with blocks of the parent's size.
func (s *MotionSearch) Parent() *MotionField { return s.parent }

// EstimateGlobal fits a global motion to the last field searched (EstimateGlobalMotion), or
// returns nil without one.
func (s *MotionSearch) EstimateGlobal() *GlobalMotion {
	if s.prev == nil || s.W == 0 {
		return nil
	}
	g, ok := EstimateGlobalMotion(s.prev, s.W, s.H)
	if !ok {
		return nil
	}
	return &g
}

// vectorPenalty approximates the cost of coding v against its prediction, in SAD units.
func vectorPenalty(v, pred MotionVector) int64 {
	d := int64(abs16(v.X-pred.X) + abs16(v.Y-pred.Y))
	if d == 0 {
		if v.Filter != pred.Filter {
			return 2
		}
		return 0
	}
	return 4 + d
}

func abs16(v int16) int16 {
	if v < 0 {
		return -v
	}
	return v
}

type block struct {
	cur            []uint16
	w              int
	x0, y0, x1, y1 int
	prev           *Plane
	maxVal         int32
	buf            []int32
	rows           *cubicRows  // the previous plane's rows filtered across, or nil
	h264           *h264Halves // the previous plane's H.264 half samples, or nil
	// setFast16's: the plane (nil: no direct path), the block's first sample in cur, and
	// the vectors' ranges, ix in [ixLo, ixLo+ixN] and iy in [iyLo, iyLo+iyN]
	f16        *Plane
	src16      *uint16
	ixLo, iyLo int
	ixN, iyN   uint
}

// sadRows is sad for any vector, through predictRow row by row (the blocks at the plane's
// edges; sad takes the kernels of motion_sad.go inside it).
func (b *block) sadRows(v MotionVector, limit int64) int64 {
	var s int64
	p := b.buf[:b.x1-b.x0]
	for y := b.y0; y < b.y1; y++ {
		predictRow(p, b.prev, y, b.x0, b.x1, int(v.X), int(v.Y), v.Filter, b.maxVal)
		src := b.cur[y*b.w+b.x0 : y*b.w+b.x1]
		var acc int32
		for x, c := range src {
			acc += abs32(int32(c) - p[x])
		}
		s += int64(acc)
		if s >= limit {
			return s
		}
	}
	return s
}
