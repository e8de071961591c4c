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
