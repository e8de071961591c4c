package codec

import (
	"errors"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// tileCoder codes one horizontal band of every frame with its own models and its own
// arithmetic-coded substream.
type tileCoder struct {
	y0, y1 int // rows of the full frame
	roles  []planeRole
	states []*predict.PlaneState
	models []*predict.PlaneModel // in coding order
	bc     BitCoder
	// PlaneCost is the surprise spent on each plane (by plane index) in the last frame, in
	// 1/65536 bit.
	PlaneCost []uint64
	// PixelCost, when not nil, receives the surprise of every sample of the band (plane by
	// plane, in the planes' own geometry), in 1/65536 bit.
	PixelCost [][]uint32
	// MotionCost is the surprise spent on the motion field in the last frame.
	MotionCost uint64
	buf        []byte

	flagCost []uint32 // with PixelCost: surprise of each block column's flag in the current block row
	rows     int      // rows coded by the last call of code, all planes (the tests read it)

	cfg   *predict.VideoConfig
	field *predict.MotionField
	// plain, with the split gate (model.split_gate), is the band's field of unsplit blocks,
	// coded in place of field where the band's gate flag is 0
	plain *predict.MotionField
	gated bool // the band's last gate was 0: its last field coded is plain
	// probeSplit is the split gate's last decision (its trials, video_splittrial.go) for
	// the band's frames past the share: 1 split, 0 plain
	probeSplit int
	// splitIdle counts, with the split gate, the frames since the band last split too few
	// blocks (0: it split enough, or never searched)
	splitIdle int
	// trial: the split gate's trials (video_splittrial.go)
	trial splitTrial
	// prevField is the band's motion field of the previous frame (nil: none), kept for the
	// second reference (model.bipred)
	prevField *predict.MotionField
	search    predict.MotionSearch
	mvc       *motionCoder
	// hint, when not nil, is the frame's global motion predicted from a recording's
	// gyroscope (multi_gyro.go: codeHinted)
	hint *frameHint
	gyro tileGyro
	// b holds the B-frame state (model.bframes, video_bframe.go)
	b tileB
	// wc codes the band's global warp (model.global_warp; nil without)
	wc  *warpCoder
	wc2 *warpCoder // the second warp (model.warp2), to the frame before the previous one
	wc3 *warpCoder // the third warp (model.warp3), to the frame before that
	// lsc codes the first coded plane's least-squares coefficients (model.ls_pred; nil
	// without)
	lsc *lsCoder
	// intr is the coder's interruption check (WithInterrupt; nil: none), called every
	// interruptVideoRows rows of the band's planes
	intr *interrupter
	// afterWarp, when not nil, is called once the band's motion field and warps are decoded
	// and before any of its planes (the decoder's frames in flight, video_pipe.go: the tile
	// waits there for the tiles of the frame before whose rows it reads or overwrites)
	afterWarp func(field *predict.MotionField, warp *predict.Warp) error
	// reads is what the model's knobs read of the reference frames (modelReads: a bit per
	// refRead), for reach
	reads uint
	// fresh: the models hold their initial state (as NewPlaneModel or their last Reset left
	// them; nothing coded since), so reset need not build them again (a stream's first
	// frame resets the tiles just built)
	fresh bool
}

// motionSplitBias is what splitting a motion block must save per sample, in 1/16 of a
// sample's absolute error, beyond its vectors' approximate cost (encoder side only).
const motionSplitBias = 1

// With the split gate (model.split_gate) the encoder asks a split also to save
// splitGateRel/64 of the parent block's cost, and keeps a band's field split only where at
// least splitGateShare % of its parent blocks split so (encoder side only).
const (
	splitGateRel   = 8
	splitGateShare = 20
	splitIdleEvery = 4
	// splitGateTexMargin: a split that saves splitGateTexMargin/64 of the parent's SAD is
	// kept without the residual-texture cost (MotionSearch.SplitTexMargin)
	splitGateTexMargin = 16
	// h264Rel: with model.h264_filter, H.264's filter must save h264Rel/64 of the best
	// vector's cost (SAD and the vector's approximate cost) of the other filters
	// (MotionSearch.H264Rel): on the first 30 frames, 0 left the pan 0.17 % and vtest 0.10 %
	// larger, 24 leaves them at the header key's bytes (MODEL.md)
	h264Rel = 24
)

// newSearch returns a fresh motion search of the tile's settings.
func (t *tileCoder) newSearch() predict.MotionSearch {
	s := predict.MotionSearch{Range: t.cfg.MotionRange, SubSample: t.cfg.SubSample, MaxVal: t.search.MaxVal, SplitBias: motionSplitBias,
		H264: t.cfg.H264Filter && t.cfg.SubSample == 4, H264Rel: h264Rel}
	if t.cfg.SplitGate {
		s.SplitRel = splitGateRel
		s.SplitDiff = true
		s.SplitTexMargin = splitGateTexMargin
	}
	return s
}

var errTileCorrupt = errors.New("decoded sample out of range")

// errSubstreamEnds reports a tile substream that ran out before its band was decoded.
var errSubstreamEnds = errors.New("substream ends early")

func newTileCoder(cfg *predict.VideoConfig, l vision.Layout, states []*predict.PlaneState, y0, y1 int) *tileCoder {
	t := &tileCoder{y0: y0, y1: y1, roles: codingOrder(l, cfg.Colour), states: states, cfg: cfg, probeSplit: 1, reads: modelReads(cfg)}
	if cfg.MotionBlock > 0 {
		first := t.roles[0]
		y0p, y1p := t.band(first)
		if cfg.MotionSplit {
			t.field = predict.NewSplitMotionField(cfg.MotionBlock, states[first.plane].W, y0p, y1p)
			if cfg.SplitGate {
				t.plain = predict.NewMotionField(cfg.MotionBlock, states[first.plane].W, y0p, y1p)
			}
		} else {
			t.field = predict.NewMotionField(cfg.MotionBlock, states[first.plane].W, y0p, y1p)
		}
		t.search.MaxVal = int32(1)<<t.roles[0].depth - 1
		t.search = t.newSearch()
		t.mvc = newMotionCoder(t.cfg)
	}
	if cfg.GlobalWarp {
		t.wc = newWarpCoder()
		if cfg.UsesWarp2() {
			t.wc2 = newWarpCoder()
			if cfg.UsesWarp3() {
				t.wc3 = newWarpCoder()
			}
		}
	}
	if predict.LSTaps(cfg.LSPred) > 0 {
		t.lsc = newLSCoder()
	}
	for _, r := range t.roles {
		var ref *predict.PlaneState
		if r.ref >= 0 {
			ref = states[r.ref]
		}
		t.models = append(t.models, predict.NewPlaneModel(cfg, states[r.plane], ref, r.refShift[0], r.refShift[1], r.depth))
	}
	t.PlaneCost = make([]uint64, len(states))
	t.fresh = true
	return t
}

// setStates makes the tile and its models code the frame whose plane states are states (a
// view per frame of the same buffers: video_pipe.go).
func (t *tileCoder) setStates(states []*predict.PlaneState) {
	t.states = states
	for k, r := range t.roles {
		var ref *predict.PlaneState
		if r.ref >= 0 {
			ref = states[r.ref]
		}
		t.models[k].SetState(states[r.plane], ref)
	}
}

// reset returns the tile's models to their initial state (segment start).
func (t *tileCoder) reset() {
	t.prevField = nil
	t.gated = false
	t.probeSplit, t.splitIdle = 1, 0
	t.trial = splitTrial{}
	if !t.fresh {
		for _, m := range t.models {
			m.Reset()
		}
		t.fresh = true
	}
	t.gyro.reset()
	if t.wc != nil {
		t.wc.reset()
	}
	if t.wc2 != nil {
		t.wc2.reset()
	}
	if t.wc3 != nil {
		t.wc3.reset()
	}
	if t.lsc != nil {
		t.lsc.reset()
	}
	if t.mvc != nil {
		t.mvc.reset()
		t.search = t.newSearch()
	}
	t.b.reset(t)
}

// band returns the rows of plane role r that belong to this tile.
func (t *tileCoder) band(r planeRole) (int, int) {
	sy := r.frameShift[1]
	return (t.y0 + 1<<sy - 1) >> sy, (t.y1 + 1<<sy - 1) >> sy
}

// forwardColour writes the colour transform of the band's rows of f into coded: the band's
// samples in one call (they follow one another in each plane), by predict.ForwardColour (the
// samples of vision.BGRToYCoCgR, sixteen a step with AVX2).
func (t *tileCoder) forwardColour(coded, f *vision.Frame) {
	a, b := t.y0*f.Width, t.y1*f.Width
	predict.ForwardColour(coded.Planes[0][a:b], coded.Planes[1][a:b], coded.Planes[2][a:b],
		f.Planes[0][a:b], f.Planes[1][a:b], f.Planes[2][a:b], f.Depth)
}

var errColourRange = errors.New("decoded colour planes lie outside the BGR range")

// output copies the band's decoded rows into frame, undoing the colour transform if colour.
func (t *tileCoder) output(frame *vision.Frame, colour bool) error {
	if colour {
		w := frame.Width
		ok := true
		for y := t.y0; y < t.y1; y++ {
			a, b := y*w, (y+1)*w
			row := func(p int) []int32 { return t.states[p].Cur.Row(y)[predict.PlanePad : predict.PlanePad+w] }
			ok = vision.YCoCgRToBGR(frame.Planes[0][a:b], frame.Planes[1][a:b], frame.Planes[2][a:b], row(0), row(1), row(2), frame.Depth) && ok
		}
		if !ok {
			return errColourRange
		}
		return nil
	}
	for _, r := range t.roles {
		st := t.states[r.plane]
		y0, y1 := t.band(r)
		for y := y0; y < y1; y++ {
			st.Cur.CopyRowTo(y, frame.Planes[r.plane][y*st.W:(y+1)*st.W])
		}
	}
	return nil
}

// putRaw writes the band's rows of frame into raw, the frame's raw content without what
// comes before its samples (VideoParams.AppendRawContent's layout; interleaved: pixel by
// pixel), as the tiles of a frame do on their threads for the decoder's hash.
func (t *tileCoder) putRaw(raw []byte, frame *vision.Frame, interleaved bool) {
	if interleaved {
		vision.PutInterleavedRows(raw, frame, t.y0, t.y1)
		return
	}
	for _, r := range t.roles {
		y0, y1 := t.band(r)
		frame.PutRawRows(raw, r.plane, y0, y1)
	}
}

// encode codes the tile's band of frame f and returns the substream (valid until the next
// call). Its only error is ErrInterrupted (WithInterrupt): the band is then partly coded, and
// the coder's state is of no further use.
func (t *tileCoder) encode(f *vision.Frame) ([]byte, error) {
	t.bc.ResetEncoder(t.buf)
	if err := t.code(f); err != nil {
		return nil, err
	}
	t.buf = t.bc.Finish()
	return t.buf, nil
}

// decode reconstructs the tile's band into the current planes of the shared state.
func (t *tileCoder) decode(data []byte) error {
	t.bc.ResetDecoder(data)
	if err := t.code(nil); err != nil {
		return err
	}
	if t.bc.Overrun() {
		return errSubstreamEnds
	}
	return nil
}

// code runs the model over the band, encoding the samples of f, or decoding when f is nil:
// the motion field, then each plane in coding order. The per-sample costs are kept only when
// PixelCost asks for them.
func (t *tileCoder) code(f *vision.Frame) error {
	t.rows, t.fresh = 0, false
	encodingStops := f != nil && t.intr != nil
	if encodingStops {
		// the motion searches stop too (each row of blocks)
		stop := t.intr.interrupted
		t.search.Stop, t.b.search.Stop, t.b.backSearch.Stop = stop, stop, stop
	}
	field, err := t.codeMotion(f)
	if err != nil {
		return err
	}
	if err := t.codeRest(f, field, encodingStops); err != nil {
		return err
	}
	if t.trial.on {
		search, mvc := t.motionCoders()
		t.endTrial(search, mvc)
	}
	return nil
}

// codeRest codes what follows the band's motion field (field, nil: none).
func (t *tileCoder) codeRest(f *vision.Frame, field *predict.MotionField, encodingStops bool) error {
	if err := t.codeBackMotion(f, field); err != nil {
		return err
	}
	start := t.bc.Cost
	warp, warpBlocks, err := t.codeWarp(f, field)
	if err != nil {
		return err
	}
	if encodingStops && t.intr.interrupted() { // (a search may have stopped short)
		return ErrInterrupted
	}
	if t.wc != nil {
		// The warp's parameters count as side information with the motion field.
		if field == nil {
			t.MotionCost = 0
		}
		t.MotionCost += t.bc.Cost - start
	}
	if t.afterWarp != nil {
		if err := t.afterWarp(field, warp); err != nil {
			return err
		}
	}
	for k, r := range t.roles {
		start := t.bc.Cost
		if err := t.codePlane(k, r, f, field, warp, warpBlocks); err != nil {
			return err
		}
		t.PlaneCost[r.plane] = t.bc.Cost - start
	}
	if t.cfg.KeepsSecondReference() {
		if field == nil {
			t.prevField = nil
		} else {
			if t.prevField == nil {
				t.prevField = &predict.MotionField{}
			}
			p := t.prevField
			p.Block, p.Cols, p.Rows, p.Y0 = field.Block, field.Cols, field.Rows, field.Y0
			p.V = append(p.V[:0], field.V...)
		}
	}
	return nil
}

// codeMotion searches (encoding) and codes the band's motion field, and returns it; nil when
// the frame is coded without one.
func (t *tileCoder) codeMotion(f *vision.Frame) (*predict.MotionField, error) {
	first := t.roles[0]
	if t.field == nil || !t.cfg.Temporal || !t.states[first.plane].HasPrev {
		return nil, nil
	}
	bc := &t.bc
	start := bc.Cost
	if (t.hint != nil || t.gyro.on) && t.field.Split == nil { // split fields go without the hint
		// (and without model.block_refs)
		t.mvc.refs = 1
		if t.gyro.hinted != nil {
			t.gyro.hinted.refs = 1
		}
		return t.field, t.codeHinted(f, first)
	}
	search, mvc := t.motionCoders()
	mvc.refs = t.blockRefs()
	split := 1
	if f != nil {
		_, y1 := t.band(first)
		// With the split gate, a band that split under half the share of blocks in the last
		// frame it searched searches the split again only splitIdleEvery frames later, and is
		// plain in the frames between.
		idle := t.plain != nil && t.splitIdle%splitIdleEvery != 0
		switch {
		case idle:
			search.Search(t.plain, f.Planes[first.plane], t.states[first.plane].Prev, y1)
		case t.field.Split != nil:
			search.SearchSplit(t.field, f.Planes[first.plane], t.states[first.plane].Prev, y1)
		default:
			search.Search(t.field, f.Planes[first.plane], t.states[first.plane].Prev, y1)
			if mvc.refs > 1 {
				st := t.states[first.plane]
				older := []*predict.Plane{st.Prev2, st.Prev3}[:mvc.refs-1]
				search.SearchRefs(t.field, f.Planes[first.plane], st.Prev, older, y1, blockRefRel, blockRefCost)
			}
		}
		if t.intr != nil && t.intr.interrupted() { // the search stopped short: code nothing of it
			return nil, ErrInterrupted
		}
		if idle {
			t.splitIdle++
			return t.codeGated(nil, 0) // (nil: t.plain holds the field searched)
		}
		if t.plain != nil {
			n := 0
			for _, s := range t.field.Split {
				n += int(s)
			}
			t.splitIdle = 0
			if 200*n < splitGateShare*len(t.field.Split) {
				t.splitIdle = 1 // under half the share: idle
			}
			if 100*n < splitGateShare*len(t.field.Split) {
				split = 0
			} else {
				split = t.trialGate(search, mvc)
				if splitGateRecord != nil {
					splitGateRecord(t.y0, split)
				}
			}
		}
	}
	if t.plain == nil {
		if err := mvc.code(bc, t.field, 4*t.cfg.MotionRange); err != nil {
			return nil, err
		}
		t.MotionCost = bc.Cost - start
		return t.field, nil
	}
	return t.codeGated(f, split)
}

// blockRefRel and blockRefCost: an older frame takes a block (model.block_refs) where it
// saves blockRefRel/64 of the block's cost (SAD and the vector's approximate cost) and
// blockRefCost more (the index).
// (Measured on 30 frames of the hand-held clip and the pan: 2/64 and 24 cost the hand-held
// clip 0.04 %; 8/64 and 64 saved 0.02 % and 0.15 %; 16/64 and 128 0.04 % and 0.06 %.)
const (
	blockRefRel  = 8
	blockRefCost = 64
)

// blockRefs returns how many past frames the band's blocks may point into in this frame
// (model.block_refs, fewer at a segment's start; 1 in B frames).
func (t *tileCoder) blockRefs() int {
	n := t.cfg.UsesBlockRefs()
	if n < 2 || t.b.on {
		return 1
	}
	st := t.states[t.roles[0].plane]
	switch {
	case !st.HasPrev2 || st.Prev2 == nil:
		return 1
	case n > 2 && (!st.HasPrev3 || st.Prev3 == nil):
		return 2
	}
	return n
}

// codeGated codes, with the split gate, the band's gate split (decoding: reads it) and its
// field: the split one searched, or (0) the plain one (encoding: the search's parent
// blocks), and returns the field.
func (t *tileCoder) codeGated(f *vision.Frame, split int) (*predict.MotionField, error) {
	search, mvc := t.motionCoders()
	bc := &t.bc
	start := bc.Cost
	split = mvc.codeGate(bc, split)
	t.gated = split == 0
	field := t.field
	if t.gated {
		field = t.plain
		if f != nil {
			copy(t.plain.V, search.Parent().V)
		}
	}
	if err := mvc.code(bc, field, 4*t.cfg.MotionRange); err != nil {
		return nil, err
	}
	t.MotionCost = bc.Cost - start
	return field, nil
}

// lastField returns the band's field of the last frame that coded one (nil without motion).
func (t *tileCoder) lastField() *predict.MotionField {
	if t.gated {
		return t.plain
	}
	return t.field
}

// codePlane codes the band of the k-th plane in coding order, r, row by row: every eighth
// row the flags of the 8x8 blocks that are static throughout, then the samples of the blocks
// that are not.
func (t *tileCoder) codePlane(k int, r planeRole, f *vision.Frame, field *predict.MotionField, warp *predict.Warp, warpBlocks []uint8) error {
	bc := &t.bc
	m := t.models[k]
	st := t.states[r.plane]
	maxVal := int32(1)<<r.depth - 1
	y0, y1 := t.band(r)
	if field != nil {
		first := t.roles[0]
		m.SetMotion(field, r.frameShift[0]-first.frameShift[0], r.frameShift[1]-first.frameShift[1])
		m.SetPrevMotion(t.prevField)
	} else {
		m.SetMotion(nil, 0, 0)
		m.SetPrevMotion(nil)
	}
	back, modes := t.b.backField(field)
	m.SetBFrame(t.b.on, back, modes)
	if warp != nil {
		first := t.roles[0]
		fst := t.states[first.plane]
		m.SetWarp(warp, warpBlocks, fst.W, fst.H, r.frameShift[0]-first.frameShift[0], r.frameShift[1]-first.frameShift[1])
		if t.wc2 != nil && t.wc2.cur {
			m.SetWarp2(&t.wc2.warp, fst.W, fst.H, r.frameShift[0]-first.frameShift[0], r.frameShift[1]-first.frameShift[1])
		} else {
			m.SetWarp2(nil, 0, 0, 0, 0)
		}
		if t.wc3 != nil && t.wc3.cur {
			m.SetWarp3(&t.wc3.warp, fst.W, fst.H, r.frameShift[0]-first.frameShift[0], r.frameShift[1]-first.frameShift[1])
		} else {
			m.SetWarp3(nil, 0, 0, 0, 0)
		}
	} else {
		m.SetWarp(nil, nil, 0, 0, 0, 0)
		m.SetWarp2(nil, 0, 0, 0, 0)
		m.SetWarp3(nil, 0, 0, 0, 0)
	}
	if k > 0 {
		m.SetTMSource(t.models[0]) // the first plane's template-matching vectors (model.tmatch)
	}
	m.BeginBand(y0, y1)
	if t.lsc != nil && k == 0 && m.LSActive() {
		// the first coded plane's least-squares coefficients (video_ls.go)
		n := predict.LSTaps(t.cfg.LSPred)
		var q []int32
		if f != nil {
			q = m.FitLS(f.Planes[r.plane], lsMinGain, t.lsc.lastCoefs(n))
		}
		c, err := t.lsc.code(bc, q, n)
		if err != nil {
			return err
		}
		m.SetLS(c)
	}
	var costs []uint32
	if t.PixelCost != nil {
		costs = t.PixelCost[r.plane]
		bc.kindPlane = min(r.plane, 1)
	}
	nbx := (st.W + 7) / 8
	for y := y0; y < y1; y++ {
		if t.intr != nil && t.rows%interruptVideoRows == 0 && t.intr.interrupted() {
			return ErrInterrupted
		}
		m.BeginRow(y)
		var src, plane []uint16
		if f != nil {
			plane = f.Planes[r.plane]
			src = plane[y*st.W : (y+1)*st.W]
		}
		hasPrev := m.HasPrev()
		if y&7 == 0 {
			t.codeBlockFlags(m, nbx, plane, y1, hasPrev, costs != nil)
		}
		for bx := 0; bx < nbx; bx++ {
			x0, x1 := bx*8, min(bx*8+8, st.W)
			if hasPrev && m.BlockFlagged(bx) {
				m.CommitStaticRun(x0, x1)
				if costs != nil {
					t.staticCosts(costs[y*st.W+x0:y*st.W+x1], bx, y)
				}
				continue
			}
			if costs != nil {
				before := bc.Cost
				if err := t.codeSamplesCosts(m, src, x0, x1, bx, y, hasPrev, r.depth, maxVal, costs[y*st.W:]); err != nil {
					return err
				}
				if t.trial.on {
					t.trialSamples(r, x0, y, bc.Cost-before)
				}
				continue
			}
			if src != nil {
				before := bc.Cost
				encodeSamples(bc, m, src, x0, x1, hasPrev, r.depth)
				if t.trial.on {
					t.trialSamples(r, x0, y, bc.Cost-before)
				}
			} else if err := decodeSamples(bc, m, x0, x1, hasPrev, r.depth, maxVal); err != nil {
				return err
			}
		}
		m.EndRow()
		t.rows++
		// Past the end of its substream the decoder reads zeros, which decode as a run of
		// likely decisions for ever: a substream that ran out is refused here, after the
		// row, not after a frame of any size.
		if bc.decoding && bc.dec.Overrun {
			return errSubstreamEnds
		}
	}
	return nil
}

// codeBlockFlags codes, at the top of a row of 8x8 blocks, one flag per block: is it static
// throughout? plane is the frame's plane when encoding (nil decoding), y1 the band's end.
// With costs it keeps each flag's cost for staticCosts and codeSamplesCosts.
func (t *tileCoder) codeBlockFlags(m *predict.PlaneModel, nbx int, plane []uint16, y1 int, hasPrev, costs bool) {
	if costs {
		if cap(t.flagCost) < nbx {
			t.flagCost = make([]uint32, nbx)
		}
		t.flagCost = t.flagCost[:nbx]
	}
	if !hasPrev {
		m.ClearBlockFlags()
		if costs {
			clear(t.flagCost)
		}
		return
	}
	bc := &t.bc
	for bx := 0; bx < nbx; bx++ {
		before := bc.Cost
		bit := 0
		if plane != nil && m.BlockStatic(bx, plane, y1) {
			bit = 1
		}
		bit = bc.Code(bit, m.BlockFlagP(bx))
		m.UpdateBlockFlag(bit)
		m.SetBlockFlag(bx, bit)
		if costs {
			t.flagCost[bx] = uint32(bc.Cost - before)
			if bc.kinds != nil {
				bc.kinds.add(bc.kindPlane, DecisionBlockFlag, bc.Cost-before)
			}
		}
	}
}

// staticCosts sets the costs of a static block's samples in row y: nothing, but for the
// block's flag, counted on its top-left sample.
func (t *tileCoder) staticCosts(costs []uint32, bx, y int) {
	clear(costs)
	if y&7 == 0 {
		costs[0] = t.flagCost[bx]
	}
}

// codeSamplesCosts codes samples x0..x1-1 of row y, as codeSample does, and sets each one's
// cost in row (the plane's row y), the block flag's counted on the block's top-left sample.
func (t *tileCoder) codeSamplesCosts(m *predict.PlaneModel, src []uint16, x0, x1, bx, y int, hasPrev bool, depth int, maxVal int32, row []uint32) error {
	bc := &t.bc
	for x := x0; x < x1; x++ {
		before := bc.Cost
		if x == x0 && y&7 == 0 {
			before -= uint64(t.flagCost[bx])
		}
		var v int32
		if src != nil {
			v = int32(src[x])
		}
		if err := codeSample(bc, m, x, v, hasPrev, depth, maxVal); err != nil {
			return err
		}
		row[x] = uint32(bc.Cost - before)
	}
	return nil
}
