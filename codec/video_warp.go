package codec

import (
	"errors"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// warpCoder codes a band's global warp (model.global_warp) after its motion field: a flag
// (is there one?), then each of its six parameters as the difference from the band's last
// coded warp (zero when the last frame had none), zero flag, sign, Elias-gamma magnitude,
// every decision under an adaptive counter of its own parameter.
type warpCoder struct {
	on   [2]predict.Counter // by the last frame's flag
	zero [6]predict.Counter
	sign [6]predict.Counter
	exp  [6][16]predict.Counter
	mant [6][16]predict.Counter
	last predict.Warp // the last coded warp (zero after a frame without one)
	was  int          // the last frame's flag
	est  predict.WarpEstimator
	warp predict.Warp // this frame's warp, when cur is true
	cur  bool
	// per block of the motion field, 1 where the warp is P (coded after the parameters)
	blk    [3]predict.Counter // by how many of the left and above blocks are flagged
	blocks []uint8
	fine   []uint8 // a split band's flags by block of the field (model.split_gate)
	choose predict.WarpBlockChooser
}

// freshCounters sets every counter of cs to a new one (the side-information coders' resets:
// motion vectors, warps, least-squares coefficients).
func freshCounters(cs []predict.Counter) {
	for i := range cs {
		cs[i] = predict.NewCounter()
	}
}

func newWarpCoder() *warpCoder {
	c := &warpCoder{}
	c.reset()
	return c
}

func (c *warpCoder) reset() {
	freshCounters(c.on[:])
	freshCounters(c.zero[:])
	freshCounters(c.sign[:])
	freshCounters(c.blk[:])
	for k := 0; k < 6; k++ {
		freshCounters(c.exp[k][:])
		freshCounters(c.mant[k][:])
	}
	c.last, c.was, c.cur = predict.Warp{}, 0, false
}

var errBadWarp = errors.New("global warp out of range")

// warpBlockBias is what a block's warp must save per sample over its vector (1/16 of a
// sample's absolute error) for the encoder to make the warp its P.
const warpBlockBias = 1

// The warp is coded only where its sum of absolute errors is below warpMCNum/warpMCDen of
// the motion field's: a warp far worse than the vectors only blurs the blend (measured, 30
// frames: 2.5 keeps the gains on the pan, driving and tears clips and spares the hand-held
// one, where the warp cost 0.07 %).
const warpMCNum, warpMCDen = 5, 2

// warpMinGain is how much smaller (in 1/64) than the identity's the warp's sum of absolute
// errors must be for the encoder to code it.
const warpMinGain = 63

// codeWarp estimates (encoding: f is the coded frame) and codes the band's global warp, and
// returns it (nil: none this frame) with, when the band has a motion field, the flags of the
// field's blocks whose P is the warp. field's least-squares affine fit starts the estimation.
func (t *tileCoder) codeWarp(f *vision.Frame, field *predict.MotionField) (*predict.Warp, []uint8, error) {
	c := t.wc
	first := t.roles[0]
	st := t.states[first.plane]
	if c == nil || !t.cfg.Temporal || !st.HasPrev {
		return nil, nil, nil
	}
	bc := &t.bc
	on := 0
	var sad1 int64 // the first warp's sum of absolute errors (encoding)
	if f != nil {
		var init predict.Warp
		if field != nil {
			if g, ok := predict.EstimateGlobalMotion(field, st.W, st.H); ok {
				init = predict.WarpFromGlobal(&g)
			}
		}
		y0, y1 := t.band(first)
		g, sad, sad0 := c.est.Estimate(f.Planes[first.plane], st.Prev, y0, y1, init, int32(1)<<first.depth-1)
		if t.hint != nil {
			// a recording's gyroscope predicted the frame's motion (multi_gyro.go): the
			// estimate from it, where it fits better
			if hg, hs, _ := c.est.Estimate(f.Planes[first.plane], st.Prev, y0, y1, t.hint.warp(st.W), int32(1)<<first.depth-1); hs < sad {
				g, sad = hg, hs
			}
		}
		if !g.IsZero() && sad*64 < sad0*warpMinGain && (field == nil || sad*warpMCDen < c.est.MotionSAD(f.Planes[first.plane], st.Prev, st.Prev2, st.Prev3, field, y0, y1, int32(1)<<first.depth-1)*warpMCNum) {
			on, c.warp = 1, g
		}
		sad1 = sad
	}
	on = c.codeFlag(bc, on)
	before := c.last // the band's warp of the previous frame (zero: none)
	if on == 0 {
		c.last, c.cur = predict.Warp{}, false
		for _, c := range []*warpCoder{t.wc2, t.wc3} {
			if c != nil {
				c.last, c.cur = predict.Warp{}, false
			}
		}
		return nil, nil, nil
	}
	g, err := c.codeParams(bc)
	if err != nil {
		return nil, nil, err
	}
	if t.wc2 != nil {
		if err := t.codeWarp2(f, &g, &before, sad1); err != nil {
			return nil, nil, err
		}
		if t.wc3 != nil {
			if err := t.codeWarp3(f, &before, sad1); err != nil {
				return nil, nil, err
			}
		}
	}
	if field == nil {
		return &c.warp, nil, nil
	}
	// With the split gate, a split band's flags are per parent block (codeWarpBlocks).
	geo := field
	if t.cfg.SplitGate && field.Split != nil {
		geo = &predict.MotionField{Block: 2 * field.Block, Cols: field.PCols, Rows: field.PRows, Y0: field.Y0}
	}
	n := geo.Cols * geo.Rows
	if cap(c.blocks) < n {
		c.blocks = make([]uint8, n)
	}
	bl := c.blocks[:n]
	if f != nil {
		y0, y1 := t.band(first)
		// The first plane's model computes the rows the choice compares now, and keeps them
		// for its band (codePlane).
		mc, gw, stride, r0 := t.models[0].PrepareBand(field, &c.warp, st.W, st.H, y0, y1)
		if t.wc2 != nil && t.wc2.cur {
			var g3 *predict.Warp
			if t.wc3 != nil && t.wc3.cur {
				g3 = &t.wc3.warp
			}
			gw = t.models[0].PrepareBand2(&t.wc2.warp, g3, st.W, st.H)
		}
		c.choose.Choose(bl, f.Planes[first.plane], st.W, geo, mc, gw, stride, r0, y1, warpBlockBias)
	}
	for i := range bl {
		ctx := 0
		if i%geo.Cols > 0 {
			ctx += int(bl[i-1])
		}
		if i >= geo.Cols {
			ctx += int(bl[i-geo.Cols])
		}
		b := bc.Code(int(bl[i]), c.blk[ctx].P())
		c.blk[ctx].Update(b, 255)
		bl[i] = uint8(b)
	}
	if geo == field {
		return &c.warp, bl, nil
	}
	// the parents' flags, block by block of the field
	if cap(c.fine) < len(field.V) {
		c.fine = make([]uint8, len(field.V))
	}
	fine := c.fine[:len(field.V)]
	for by := 0; by < field.Rows; by++ {
		for bx := 0; bx < field.Cols; bx++ {
			fine[by*field.Cols+bx] = bl[(by/2)*geo.Cols+bx/2]
		}
	}
	return &c.warp, fine, nil
}

// codeValue codes the difference d of parameter k (decoding returns it).
func (c *warpCoder) codeValue(bc *BitCoder, k int, d int32) int32 {
	const limit = 255
	return int32(codeSigned(bc, int(d), &c.zero[k], &c.sign[k], &c.exp[k], &c.mant[k], limit))
}

// The second warp is coded only where its sum of absolute errors against the frame before
// the previous one is below warp2MaxNum/warp2MaxDen of the first's against the previous frame
// (measured, 30 frames: 3/2 keeps the pan's gain and leaves the hand-held clip's bands
// without it; 5/4 cost the pan 0.5 %).
const warp2MaxNum, warp2MaxDen = 3, 2

// codeWarp2 estimates (encoding: f is the coded frame) and codes the band's second warp
// (model.warp2), the map of the band to the frame before the previous one, after the first
// warp g: a flag under a counter by the last frame's flag (only when the state holds that
// frame), then the six parameters as codeWarp codes the first's, against the band's last
// coded second warp. The encoder starts the fit from g composed with the band's warp of the
// previous frame, prev (g twice when it had none).
func (t *tileCoder) codeWarp2(f *vision.Frame, g, prev *predict.Warp, sad1 int64) error {
	st := t.states[t.roles[0].plane]
	if st.Prev2 == nil || !st.HasPrev2 {
		t.wc2.last, t.wc2.cur = predict.Warp{}, false
		return nil
	}
	p := prev
	if p.IsZero() {
		p = g
	}
	return t.codeWarpTo(t.wc2, f, st.Prev2, predict.ComposeWarps(g, p), sad1)
}

// codeWarp3 codes the band's third warp (model.warp3), to the frame before the second
// reference, after the second when that was coded (as codeWarp2 codes the second). The fit
// starts from the second warp composed with the band's first warp of the previous frame,
// prev (the second twice when it had none).
func (t *tileCoder) codeWarp3(f *vision.Frame, prev *predict.Warp, sad1 int64) error {
	st := t.states[t.roles[0].plane]
	if !t.wc2.cur || st.Prev3 == nil || !st.HasPrev3 {
		t.wc3.last, t.wc3.cur = predict.Warp{}, false
		return nil
	}
	g2 := &t.wc2.warp
	p := prev
	if p.IsZero() {
		p = g2
	}
	return t.codeWarpTo(t.wc3, f, st.Prev3, predict.ComposeWarps(g2, p), sad1)
}

// codeWarpTo estimates (encoding) from init and codes, by c, a further warp of the band to
// the reference frame ref: a flag under a counter by the last frame's flag, then the six
// parameters as codeWarp codes the first warp's, against c's last coded warp. The encoder
// codes it where its sum of absolute errors is below 63/64 of the identity's and
// warp2MaxNum/warp2MaxDen of the first warp's, sad1.
func (t *tileCoder) codeWarpTo(c *warpCoder, f *vision.Frame, ref *predict.Plane, init predict.Warp, sad1 int64) error {
	first := t.roles[0]
	c.cur = false
	bc := &t.bc
	on := 0
	if f != nil {
		y0, y1 := t.band(first)
		maxVal := int32(1)<<first.depth - 1
		g2, sad, sad0 := c.est.Estimate(f.Planes[first.plane], ref, y0, y1, init, maxVal)
		if !g2.IsZero() && sad*64 < sad0*warpMinGain && sad*warp2MaxDen < sad1*warp2MaxNum {
			on, c.warp = 1, g2
		}
	}
	if c.codeFlag(bc, on) == 0 {
		c.last = predict.Warp{}
		return nil
	}
	_, err := c.codeParams(bc)
	return err
}

// codeFlag codes whether the band has a warp (on: the encoder's choice; the decoder's is
// ignored) under the counter of the last frame's flag, and returns it.
func (c *warpCoder) codeFlag(bc *BitCoder, on int) int {
	on = bc.Code(on, c.on[c.was].P())
	c.on[c.was].Update(on, 255)
	c.was = on
	return on
}

// codeParams codes the six parameters of c.warp (the encoder's; the decoder's are read)
// against c's last coded warp, and makes the result the band's current and last warp.
func (c *warpCoder) codeParams(bc *BitCoder) (predict.Warp, error) {
	w := c.warp
	vals := [6]int32{w.TX, w.TY, w.A[0], w.A[1], w.A[2], w.A[3]}
	last := [6]int32{c.last.TX, c.last.TY, c.last.A[0], c.last.A[1], c.last.A[2], c.last.A[3]}
	for k := range vals {
		vals[k] = last[k] + c.codeValue(bc, k, vals[k]-last[k])
	}
	w = predict.Warp{TX: vals[0], TY: vals[1], A: [4]int32{vals[2], vals[3], vals[4], vals[5]}}
	if !w.Valid() {
		return predict.Warp{}, errBadWarp
	}
	c.warp, c.last, c.cur = w, w, true
	return w, nil
}
