package codec

import (
	"errors"

	"github.com/vidlm/vidlm/predict"
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

	flagCost []uint32 // surprise of each block column's flag in the current block row
	rows     int      // rows coded by the last call of code, all planes (the tests read it)

	cfg    *predict.VideoConfig
	field  *predict.MotionField
	search predict.MotionSearch
	mvc    *motionCoder
}

var errTileCorrupt = errors.New("decoded sample out of range")

// errSubstreamEnds reports a tile substream that ran out before its band was decoded.
var errSubstreamEnds = errors.New("substream ends early")

func newTileCoder(cfg *predict.VideoConfig, l vision.Layout, states []*predict.PlaneState, y0, y1 int) *tileCoder {
	t := &tileCoder{y0: y0, y1: y1, roles: codingOrder(l, cfg.Colour), states: states, cfg: cfg}
	if cfg.MotionBlock > 0 {
		first := t.roles[0]
		y0p, y1p := t.band(first)
		t.field = predict.NewMotionField(cfg.MotionBlock, states[first.plane].W, y0p, y1p)
		t.search.Range = cfg.MotionRange
		t.search.MaxVal = int32(1)<<t.roles[0].depth - 1
		t.search.SubSample = cfg.SubSample
		t.mvc = newMotionCoder()
	}
	for _, r := range t.roles {
		var ref *predict.PlaneState
		if r.ref >= 0 {
			ref = states[r.ref]
		}
		t.models = append(t.models, predict.NewPlaneModel(cfg, states[r.plane], ref, r.refShift[0], r.refShift[1], r.depth))
	}
	t.PlaneCost = make([]uint64, len(states))
	return t
}

// reset returns the tile's models to their initial state (segment start).
func (t *tileCoder) reset() {
	for _, m := range t.models {
		m.Reset()
	}
	if t.mvc != nil {
		t.mvc.reset()
		t.search = predict.MotionSearch{Range: t.cfg.MotionRange, SubSample: t.cfg.SubSample, MaxVal: t.search.MaxVal}
	}
}

// band returns the rows of plane role r that belong to this tile.
func (t *tileCoder) band(r planeRole) (int, int) {
	sy := r.frameShift[1]
	return (t.y0 + 1<<sy - 1) >> sy, (t.y1 + 1<<sy - 1) >> sy
}

// forwardColour writes the colour transform of the band's rows of f into coded.
func (t *tileCoder) forwardColour(coded, f *vision.Frame) {
	w := f.Width
	for y := t.y0; y < t.y1; y++ {
		a, b := y*w, (y+1)*w
		vision.BGRToYCoCgR(coded.Planes[0][a:b], coded.Planes[1][a:b], coded.Planes[2][a:b],
			f.Planes[0][a:b], f.Planes[1][a:b], f.Planes[2][a:b], f.Depth)
	}
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

// encode codes the tile's band of frame f and returns the substream (valid until the next
// call).
func (t *tileCoder) encode(f *vision.Frame) []byte {
	t.bc.ResetEncoder(t.buf)
	t.code(f)
	t.buf = t.bc.Finish()
	return t.buf
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

// code runs the model over the band, encoding the samples of f, or decoding when f is nil.
func (t *tileCoder) code(f *vision.Frame) error {
	bc := &t.bc
	t.rows = 0
	first := t.roles[0]
	var field *predict.MotionField
	if t.field != nil && t.cfg.Temporal && t.states[first.plane].HasPrev {
		field = t.field
		start := bc.Cost
		if f != nil {
			_, y1 := t.band(first)
			t.search.Search(field, f.Planes[first.plane], t.states[first.plane].Prev, y1)
		}
		if err := t.mvc.code(bc, field, 4*t.cfg.MotionRange); err != nil {
			return err
		}
		t.MotionCost = bc.Cost - start
	}
	for k, r := range t.roles {
		m := t.models[k]
		st := t.states[r.plane]
		maxVal := int32(1)<<r.depth - 1
		y0, y1 := t.band(r)
		start := bc.Cost
		if field != nil {
			m.SetMotion(field, r.frameShift[0]-first.frameShift[0], r.frameShift[1]-first.frameShift[1])
		} else {
			m.SetMotion(nil, 0, 0)
		}
		m.BeginBand(y0, y1)
		var costs []uint32
		if t.PixelCost != nil {
			costs = t.PixelCost[r.plane]
		}
		nbx := (st.W + 7) / 8
		if cap(t.flagCost) < nbx {
			t.flagCost = make([]uint32, nbx)
		}
		flagCost := t.flagCost[:nbx]
		for y := y0; y < y1; y++ {
			m.BeginRow(y)
			var src, plane []uint16
			if f != nil {
				plane = f.Planes[r.plane]
				src = plane[y*st.W : (y+1)*st.W]
			}
			hasPrev := m.HasPrev()
			if y&7 == 0 {
				if hasPrev {
					// One flag per 8x8 block: is it static throughout?
					for bx := 0; bx < nbx; bx++ {
						before := bc.Cost
						bit := 0
						if f != nil && m.BlockStatic(bx, plane, y1) {
							bit = 1
						}
						bit = bc.Code(bit, m.BlockFlagP(bx))
						m.UpdateBlockFlag(bit)
						m.SetBlockFlag(bx, bit)
						flagCost[bx] = uint32(bc.Cost - before)
					}
				} else {
					m.ClearBlockFlags()
					clear(flagCost)
				}
			}
			for bx := 0; bx < nbx; bx++ {
				x0, x1 := bx*8, min(bx*8+8, st.W)
				if hasPrev && m.BlockFlagged(bx) {
					m.CommitStaticRun(x0, x1)
					if costs != nil {
						clear(costs[y*st.W+x0 : y*st.W+x1])
						if y&7 == 0 {
							costs[y*st.W+x0] = flagCost[bx]
						}
					}
					continue
				}
				for x := x0; x < x1; x++ {
					before := bc.Cost
					if x == x0 && y&7 == 0 {
						before -= uint64(flagCost[bx])
					}
					var v int32
					if src != nil {
						v = int32(src[x])
					}
					m.Predict(x)
					skipped := false
					if hasPrev {
						bit := 0
						if v == m.P {
							bit = 1
						}
						bit = bc.Code(bit, m.SkipP())
						m.UpdateSkip(bit)
						if bit == 1 {
							m.CommitSkip()
							skipped = true
						}
					}
					if !skipped {
						pred := m.PrepareResidual()
						v = pred + codeResidual(bc, m, v-pred, r.depth)
						if v < 0 || v > maxVal {
							return errTileCorrupt
						}
						m.Commit(v)
					}
					if costs != nil {
						costs[y*st.W+x] = uint32(bc.Cost - before)
					}
				}
			}
			m.EndRow()
			t.rows++
			// Past the end of its substream the decoder reads zeros, which decode as a
			// run of likely decisions for ever: a substream that ran out is refused here,
			// after the row, not after a frame of any size.
			if bc.decoding && bc.dec.overrun {
				return errSubstreamEnds
			}
		}
		t.PlaneCost[r.plane] = bc.Cost - start
	}
	return nil
}

// codeResidual binarises residual r: a zero flag, a sign, the exponent of |r| in unary and
// the bits of |r| below its leading one. Decoding, r is ignored and the decoded residual
// returned. The exponent is bounded by the sample depth, so corrupt data cannot loop.
func codeResidual(bc *BitCoder, m *predict.PlaneModel, r int32, depth int) int32 {
	if m.HasPrev() && m.Pred == m.P {
		// The skip flag said the sample differs from P, which is the prediction: the residual
		// cannot be zero.
		return codeNonZero(bc, m, r, depth)
	}
	zero := 0
	if r == 0 {
		zero = 1
	}
	zero = bc.Code(zero, m.ResP(predict.SlotZero))
	m.UpdateRes(zero)
	if zero == 1 {
		return 0
	}
	return codeNonZero(bc, m, r, depth)
}

// codeNonZero codes a residual known not to be zero.
func codeNonZero(bc *BitCoder, m *predict.PlaneModel, r int32, depth int) int32 {
	neg := 0
	if r < 0 {
		neg, r = 1, -r
	}
	neg = bc.Code(neg, m.ResP(predict.SlotSign))
	m.UpdateRes(neg)
	e := 0
	if !bc.decoding {
		for r>>(e+1) != 0 {
			e++
		}
	}
	k := 0
	for ; k < depth-1; k++ {
		bit := 0
		if e > k {
			bit = 1
		}
		bit = bc.Code(bit, m.ResP(predict.SlotExp+k))
		m.UpdateRes(bit)
		if bit == 0 {
			break
		}
	}
	e = k
	mag := int32(1)
	for b := e - 1; b >= 0; b-- {
		slot := predict.SlotMantissa + 2*e
		if b != e-1 {
			slot++
		}
		bit := int(r>>b) & 1
		bit = bc.Code(bit, m.ResP(slot))
		m.UpdateRes(bit)
		mag = mag<<1 | int32(bit)
	}
	if neg == 1 {
		return -mag
	}
	return mag
}
