package predict

// PlaneState is what the models of every tile share for one plane of the stream: the current
// frame being coded and the previous one, each with its per-sample side maps. Tiles write
// disjoint row bands of the current frame and read the previous frame anywhere; Advance swaps
// the two between frames.
type PlaneState struct {
	W, H     int
	Cur      *Plane
	Prev     *Plane
	Skip     []uint8 // 1 where the sample equals the previous frame's (padded like Plane)
	PrevSkip []uint8 //
	Res      []int32 // residual of the final prediction (0 for skipped samples)
	PrevRes  []int32 //
	HasPrev  bool    // Prev holds a frame of this segment
	// Prev2 is the frame before Prev, kept only after KeepSecondReference (VideoConfig.BiPred);
	// HasPrev2 says it holds a frame of this segment.
	Prev2    *Plane
	HasPrev2 bool
	// Prev3 is the frame before Prev2, kept only after KeepThirdReference (VideoConfig.Warp3);
	// HasPrev3 says it holds a frame of this segment.
	Prev3    *Plane
	HasPrev3 bool
	// Older is the anchor before Prev with B frames (VideoConfig.BFrames, AdvanceAnchor);
	// HasOlder says it holds a frame of this segment.
	Older    *Plane
	HasOlder bool
	// BlockSkip[by*BlocksW+bx] is 1 where the whole 8x8 block equals its motion-compensated
	// prediction (coded by one flag); PrevBlockSkip is the previous frame's.
	BlockSkip, PrevBlockSkip []uint8
	BlocksW, BlocksH         int
}

// NewPlaneState allocates the state of a w×h plane.
func NewPlaneState(w, h int) *PlaneState {
	n := (w + 2*PlanePad) * h
	s := &PlaneState{
		W: w, H: h,
		Cur: NewPlane(w, h), Prev: NewPlane(w, h),
		Skip: make([]uint8, n), PrevSkip: make([]uint8, n),
		Res: make([]int32, n), PrevRes: make([]int32, n),
		BlocksW: (w + 7) / 8, BlocksH: (h + 7) / 8,
	}
	nb := s.BlocksW * s.BlocksH
	s.BlockSkip, s.PrevBlockSkip = make([]uint8, nb), make([]uint8, nb)
	return s
}

// KeepSecondReference makes the state keep the frame before the previous one too (Prev2).
func (s *PlaneState) KeepSecondReference() {
	if s.Prev2 == nil {
		s.Prev2 = NewPlane(s.W, s.H)
	}
}

// KeepThirdReference makes the state keep the frame before Prev2 too (Prev3); it needs
// KeepSecondReference.
func (s *PlaneState) KeepThirdReference() {
	if s.Prev3 == nil {
		s.Prev3 = NewPlane(s.W, s.H)
	}
}

// Advance makes the frame just coded the previous frame (and the previous one Prev2, when
// kept).
func (s *PlaneState) Advance() {
	if s.Prev3 != nil && s.Prev2 != nil {
		s.Cur, s.Prev, s.Prev2, s.Prev3 = s.Prev3, s.Cur, s.Prev, s.Prev2
		s.HasPrev3 = s.HasPrev2
		s.HasPrev2 = s.HasPrev
	} else if s.Prev2 != nil {
		s.Cur, s.Prev, s.Prev2 = s.Prev2, s.Cur, s.Prev
		s.HasPrev2 = s.HasPrev
	} else {
		s.Cur, s.Prev = s.Prev, s.Cur
	}
	s.Skip, s.PrevSkip = s.PrevSkip, s.Skip
	s.Res, s.PrevRes = s.PrevRes, s.Res
	s.BlockSkip, s.PrevBlockSkip = s.PrevBlockSkip, s.BlockSkip
	s.HasPrev = true
}

// Reset forgets the previous frame (at the start of a segment).
func (s *PlaneState) Reset() {
	s.HasPrev, s.HasPrev2, s.HasPrev3, s.HasOlder = false, false, false, false
}

// SetState makes the model read and write st (this plane) and ref (the plane coded before it
// in the same tile, nil when the model was built without one): a view of the same planes,
// PlaneState structs of the same sizes whose buffers are the ones NewPlaneModel's were given,
// rotated to another frame's places (the decoder's frames in flight: codec's video_pipe.go).
// Call it between bands only.
func (m *PlaneModel) SetState(st, ref *PlaneState) {
	// (m.st is not read: another frame's view, which the caller may be rewriting)
	if st.W != m.w || (ref == nil) != (m.ref == nil) {
		panic("predict: SetState with another plane's state")
	}
	m.st, m.ref = st, ref
}
