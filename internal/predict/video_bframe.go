package predict

import "math/bits"

// rbits is roughly what a residual r costs to code, in half bits: nothing for an exact
// prediction (the skip flags make such samples nearly free), else a few decisions and the
// bits of |r|.
func rbits(r int32) int64 {
	if r == 0 {
		return 0
	}
	return 3 + 2*int64(bits.Len32(uint32(abs32(r))))
}

// B frames (VideoConfig.BFrames). A segment's frames are coded in the order 0, 2, 1, 4, 3,
// ...: the even frames (anchors) each from the anchor before, the odd ones (B frames) from
// the anchors on both sides, which are decoded by then. A B frame is no reference for any
// other frame, so the plane state keeps three planes: the two last anchors and the frame
// being coded.

// AdvanceAnchor makes the frame just coded (an anchor) the previous frame and the previous
// anchor the older one (Older), in place of Advance.
func (s *PlaneState) AdvanceAnchor() {
	if s.Older == nil {
		s.Older = NewPlane(s.W, s.H)
	}
	s.Cur, s.Prev, s.Older = s.Older, s.Cur, s.Prev
	s.HasOlder = s.HasPrev
	s.Skip, s.PrevSkip = s.PrevSkip, s.Skip
	s.Res, s.PrevRes = s.PrevRes, s.Res
	s.BlockSkip, s.PrevBlockSkip = s.PrevBlockSkip, s.BlockSkip
	s.HasPrev = true
}

// BeginB prepares the coding of a B frame between the older anchor (past: Prev while the B
// frame is coded) and the last one (future: Prev2). The side maps of the previous frame
// (PrevSkip, PrevRes, PrevBlockSkip) stay the last anchor's.
func (s *PlaneState) BeginB() {
	s.Prev, s.Prev2 = s.Older, s.Prev
	s.HasPrev2 = true
}

// EndB undoes BeginB after the B frame: the last anchor is the previous frame again. The B
// frame itself (in Cur) is kept by nothing. Without a BeginB before it, it does nothing.
func (s *PlaneState) EndB() {
	if !s.HasPrev2 {
		return
	}
	s.Older, s.Prev, s.Prev2 = s.Prev, s.Prev2, nil
	s.HasPrev2 = false
}

// SetBFrame makes the next band a B frame's (back: the field of its backward vectors into
// Prev2, or nil to take the forward field negated), or an ordinary frame's (on false).
func (m *PlaneModel) SetBFrame(on bool, back *MotionField, modes []uint8) {
	m.bframe, m.backMotion, m.bModes = on, back, modes
}

// B-frame block modes: which prediction a block of a B frame takes as P.
const (
	BModeAvg  = 0 // the mean of the forward and backward predictions
	BModeFwd  = 1 // the forward prediction (the earlier anchor)
	BModeBack = 2 // the backward prediction (the later anchor)
)

// BackVector returns block i's backward vector: back's, or the forward one negated.
func BackVector(fwd, back *MotionField, i int) MotionVector {
	if back != nil {
		return back.V[i]
	}
	v := fwd.V[i]
	return Normalize(MotionVector{X: -v.X, Y: -v.Y, Filter: v.Filter})
}

// ChooseBModes picks on the encoder side, for each block of the forward field fwd (rows
// [fwd.Y0, y1) of cur, w wide), the mode whose prediction's residuals have the smallest
// estimated cost (rbits; the mean first on ties, then forward). (On the first 30 frames of
// the clips of docs/MODEL.md, rbits in place of the sum of absolute differences: −1.3 % on
// vtest, −0.5 % on the hand-held clip, within ±0.1 % on the others.) back is the backward field (nil: the
// forward vectors negated). It returns modes, reallocated as needed.
func ChooseBModes(modes []uint8, cur []uint16, prev, prev2 *Plane, fwd, back *MotionField, y1 int, maxVal int32) []uint8 {
	n := len(fwd.V)
	if cap(modes) < n {
		modes = make([]uint8, n)
	}
	modes = modes[:n]
	w := prev.W
	bf := make([]int32, fwd.Block)
	bb := make([]int32, fwd.Block)
	for by := 0; by < fwd.Rows; by++ {
		for bx := 0; bx < fwd.Cols; bx++ {
			i := by*fwd.Cols + bx
			vf, vb := fwd.V[i], BackVector(fwd, back, i)
			x0, y0 := bx*fwd.Block, fwd.Y0+by*fwd.Block
			x1, yy1 := min(x0+fwd.Block, w), min(y0+fwd.Block, y1)
			var sa, sf, sb int64
			for y := y0; y < yy1; y++ {
				predictRow(bf, prev, y, x0, x1, int(vf.X), int(vf.Y), vf.Filter, maxVal)
				predictRow(bb, prev2, y, x0, x1, int(vb.X), int(vb.Y), vb.Filter, maxVal)
				src := cur[y*w+x0 : y*w+x1]
				for x, c := range src {
					v := int32(c)
					f, b := bf[x], bb[x]
					sa += rbits(v - (f+b+1)>>1)
					sf += rbits(v - f)
					sb += rbits(v - b)
				}
			}
			m := uint8(BModeAvg)
			if sf < sa && sf <= sb {
				m = BModeFwd
			} else if sb < sa && sb < sf {
				m = BModeBack
			}
			modes[i] = m
		}
	}
	return modes
}

// composeB rewrites mcBuf (the forward prediction, rows from mcY0) as the prediction each
// block's mode chooses, keeping the forward one in fwdBuf: BModeAvg everywhere when modes is
// nil.
func (m *PlaneModel) composeB(modes []uint8) {
	n := len(m.mcBuf)
	if cap(m.fwdBuf) < n {
		m.fwdBuf = make([]int32, n)
	}
	m.fwdBuf = m.fwdBuf[:n]
	copy(m.fwdBuf, m.mcBuf)
	b := m.mc2Buf[:n]
	f := m.motion
	sx, sy := m.motionShift[0], m.motionShift[1]
	for r := 0; r*m.stride < n; r++ {
		row := m.mcBuf[r*m.stride : (r+1)*m.stride]
		fr := m.fwdBuf[r*m.stride : (r+1)*m.stride]
		br := b[r*m.stride : (r+1)*m.stride]
		by := clampInt((((m.mcY0+r)<<sy)-f.Y0)/f.Block, 0, f.Rows-1)
		for x := 0; x < m.w; x++ {
			i := x + PlanePad
			mode := uint8(BModeAvg)
			if modes != nil {
				mode = modes[by*f.Cols+min((x<<sx)/f.Block, f.Cols-1)]
			}
			switch mode {
			case BModeAvg:
				row[i] = (fr[i] + br[i] + 1) >> 1
			case BModeBack:
				row[i] = br[i]
			}
		}
		for i := 0; i < PlanePad; i++ {
			row[i] = row[PlanePad]
			row[PlanePad+m.w+i] = row[PlanePad+m.w-1]
		}
	}
	m.bAvg = true
}

// BPairProbe decides on the encoder side whether two frames are worth coding as a B frame
// and its anchor: it estimates the bits of the residuals of one plane both ways, with motion
// searched afresh on every call (so that the decision depends only on the three frames).
type BPairProbe struct {
	planes [3]*Plane
	modes  []uint8
}

// Pays reports whether frames b and a (samples of one plane, w×h, row-major), following the
// frame prev, cost fewer estimated bits (rbits) as a B frame between prev and a, with a
// coded from prev, than in order (b from prev, a from b). block, rng and sub are the motion
// search's block size, range and precision.
func (q *BPairProbe) Pays(prev, b, a []uint16, w, h, block, rng, sub int, maxVal int32) bool {
	for k, src := range [3][]uint16{prev, b, a} {
		if q.planes[k] == nil || q.planes[k].W != w || q.planes[k].H != h {
			q.planes[k] = NewPlane(w, h)
		}
		for y := 0; y < h; y++ {
			q.planes[k].SetRow(y, src[y*w:(y+1)*w])
		}
	}
	p0, p1, p2 := q.planes[0], q.planes[1], q.planes[2]
	search := func(cur []uint16, ref *Plane) *MotionField {
		f := NewMotionField(block, w, 0, h)
		s := MotionSearch{Range: rng, SubSample: sub, MaxVal: maxVal}
		s.Search(f, cur, ref, h)
		return f
	}
	fb := search(b, p0)  // b from prev
	fa1 := search(a, p1) // a from b
	fa2 := search(a, p0) // a from prev
	bb := search(b, p2)  // b from a
	inOrder := residualBits(b, p0, fb, h, maxVal) + residualBits(a, p1, fa1, h, maxVal)
	pair := residualBits(a, p0, fa2, h, maxVal) + q.bBits(b, p0, p2, fb, bb, h, maxVal)
	return pair*100 < inOrder*(100-bPairMargin)
}

// bPairMargin is how much fewer estimated bits (in percent) a B frame pair must promise: the
// model codes a pair worse than the estimate says (on the first 30 frames of the film clip of
// docs/MODEL.md pairs promising 0.7 to 2 % fewer bits cost 1 % more in all, those of the pan,
// promising 6 to 7 % fewer, save about 4 %).
const bPairMargin = 3

// residualBits estimates the bits (rbits) of cur's residuals against ref displaced by f.
func residualBits(cur []uint16, ref *Plane, f *MotionField, h int, maxVal int32) int64 {
	w := ref.W
	buf := make([]int32, f.Block)
	var s int64
	for by := 0; by < f.Rows; by++ {
		for bx := 0; bx < f.Cols; bx++ {
			v := f.V[by*f.Cols+bx]
			x0, y0 := bx*f.Block, by*f.Block
			x1 := min(x0+f.Block, w)
			for y := y0; y < min(y0+f.Block, h); y++ {
				predictRow(buf, ref, y, x0, x1, int(v.X), int(v.Y), v.Filter, maxVal)
				for x, c := range cur[y*w+x0 : y*w+x1] {
					s += rbits(int32(c) - buf[x])
				}
			}
		}
	}
	return s
}

// bBits estimates the bits of B frame cur's residuals with the best mode per block.
func (q *BPairProbe) bBits(cur []uint16, prev, next *Plane, fwd, back *MotionField, h int, maxVal int32) int64 {
	w := prev.W
	bf := make([]int32, fwd.Block)
	bb := make([]int32, fwd.Block)
	var total int64
	for by := 0; by < fwd.Rows; by++ {
		for bx := 0; bx < fwd.Cols; bx++ {
			i := by*fwd.Cols + bx
			vf, vb := fwd.V[i], back.V[i]
			x0, y0 := bx*fwd.Block, by*fwd.Block
			x1 := min(x0+fwd.Block, w)
			var sa, sf, sb int64
			for y := y0; y < min(y0+fwd.Block, h); y++ {
				predictRow(bf, prev, y, x0, x1, int(vf.X), int(vf.Y), vf.Filter, maxVal)
				predictRow(bb, next, y, x0, x1, int(vb.X), int(vb.Y), vb.Filter, maxVal)
				for x, c := range cur[y*w+x0 : y*w+x1] {
					v := int32(c)
					sa += rbits(v - (bf[x]+bb[x]+1)>>1)
					sf += rbits(v - bf[x])
					sb += rbits(v - bb[x])
				}
			}
			total += min(sa, sf, sb)
		}
	}
	return total
}
