package codec

import (
	"math/bits"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// Gyroscope → video: in a recording whose video takes a log as input (stream.gyro), the log's
// rows coded since the last frame (its parts come before the frame, multi_parts.go) are
// integrated over time, column by column: a gyroscope's rates become the angles the camera
// turned between the two frames. A normalised LMS learns, online from the pairs of those
// angles and the global motion measured on the decoded frames (sensor_cross.go), the map from
// angles to image motion: about f times the angle in samples, f (and which column is which
// axis, and the sign) unknown beforehand. Its prediction for the next frame becomes a vector
// per block of the motion field (translation, plus the rotation about the frame's centre),
// the "hint": a candidate for the encoder's motion search and the base of the coded vectors'
// prediction (predict.MotionField.PredictedHint). Integer arithmetic throughout.

// gyroInputs bounds how many of the log's numeric columns feed the predictor.
const gyroInputs = 8

// gyroPredictor is the state of the gyroscope-to-motion map: for each output (the motion's x,
// y and rotation), the least-squares gain of each input column (decayed sums of products), of
// which the column that explains the most is used.
type gyroPredictor struct {
	// ring[k % len(ring)] integrates the rows of frame interval k (tag k): the rows of frames
	// ahead may come before the frame they belong to (gyroRing of them, or gyroRingLong in a
	// log whose parts are whole groups, stream.parts 2)
	ring  []gyroInterval
	slots int // len(ring) once allocated (at the first row or frame, not from the header)
	lastT int64
	hasT  bool
	sh    [gyroInputs]uint  // input c is its integral >> sh[c] (grows with the integrals)
	u     [gyroInputs]int64 // the inputs of the interval predicted last
	suu   [gyroInputs]int64
	smu   [3][gyroInputs]int64
	pred  motionInputs
	cur   *gyroInterval // the interval predicted last
	// running mean |error| of the prediction and of none (zero), per output, ×16
	errPred, errZero [3]int64
	n                int // frames learnt from
}

// gyroInterval is what the rows of one frame interval integrate to.
type gyroInterval struct {
	k    int64
	acc  [gyroInputs]int64 // Σ value·dt (µs) of each input column
	rows int
}

// gyroRing bounds how many frame intervals ahead rows may be integrated (stream.parts 1);
// gyroRingLong, in a log whose parts may hold a whole group (stream.parts 2, a minute or
// 1 MiB of log: docs/FORMAT.md 13.2). A row of interval k+ring or later, coded before frame
// k, takes the place of interval k's rows: an encoder keeps its parts within ring−1 intervals
// of the frame they precede.
const (
	gyroRing     = 64
	gyroRingLong = 4096
)

// newGyroPredictor returns the predictor of a log in parts (long: stream.parts 2).
func newGyroPredictor(long bool) *gyroPredictor {
	n := gyroRing
	if long {
		n = gyroRingLong
	}
	return &gyroPredictor{slots: n}
}

// interval returns interval k's slot, started afresh if it held another interval.
func (g *gyroPredictor) interval(k int64) *gyroInterval {
	if g.ring == nil {
		g.ring = make([]gyroInterval, g.slots)
	}
	iv := &g.ring[k%int64(len(g.ring))]
	if iv.k != k {
		*iv = gyroInterval{k: k}
	}
	return iv
}

// gyroConst is the constant input (a gyroscope's bias).
const gyroConst = 4096

// gyroWarmup is how many frames the map learns from before it is offered.
var gyroWarmup = 6

// addRow integrates the row just coded (s.last), of time t (ns, recording clock) in frame
// interval k, over the time since the previous row.
func (g *gyroPredictor) addRow(s *sensorCoder, timeCol int, t, k int64) {
	if !g.hasT {
		g.lastT, g.hasT = t, true
		return
	}
	dt := min(max(t-g.lastT, 0)/1000, 1<<20)
	g.lastT = t
	if k < 0 {
		return
	}
	iv := g.interval(k)
	i := 0
	for c := range s.last {
		if c == timeCol || i == gyroInputs {
			continue
		}
		if l := &s.last[c]; l.kind == predict.CellNumber {
			iv.acc[i] = clampI64(iv.acc[i]+clampI64(l.x, 1<<24)*dt, 1<<50)
		}
		i++
	}
	iv.rows++
}

// predict returns the predicted global motion of the coming frame from the rows integrated
// since the last one, or ok false (too early, or the prediction does no better than none).
func (g *gyroPredictor) predict(k int64) (m motionInputs, ok bool) {
	iv := g.interval(k)
	g.cur = iv
	for c, a := range iv.acc {
		for abs64(a>>g.sh[c]) > 1<<15 {
			// a larger integral than so far: halve the column's scale, and its sums with it
			g.sh[c]++
			g.suu[c] >>= 2
			for o := range g.smu {
				g.smu[o][c] >>= 1
			}
		}
		g.u[c] = a >> g.sh[c]
	}
	use := false
	for o := range g.smu {
		best, score := -1, uint64(0)
		for c := range g.u {
			if g.suu[c] <= 0 {
				continue
			}
			// the share of the output's energy column c explains: smu² / suu
			v := uint64(abs64(g.smu[o][c]))
			hi, lo := bits.Mul64(v, v)
			sc := ^uint64(0)
			if hi < uint64(g.suu[c]) {
				sc, _ = bits.Div64(hi, lo, uint64(g.suu[c]))
			}
			if sc > score {
				best, score = c, sc
			}
		}
		g.pred[o] = 0
		if best >= 0 {
			g.pred[o] = clampI64(g.smu[o][best]*g.u[best]/g.suu[best], 1<<20)
		}
		if g.errPred[o] < g.errZero[o] {
			m[o] = g.pred[o]
			use = true
		}
	}
	return m, use && g.n >= gyroWarmup && iv.rows > 0
}

// learn takes the motion measured on the frame just coded (ok false: none), whose interval
// predict was given, and lets that interval go.
func (g *gyroPredictor) learn(m motionInputs, ok bool) {
	iv := g.cur
	if iv == nil {
		return
	}
	if ok && iv.rows > 0 {
		g.n++
		for o := range g.smu {
			mo := clampI64(m[o], 1<<16)
			e := clampI64(mo-g.pred[o], 1<<20)
			g.errPred[o] += (abs64(e)<<4 - g.errPred[o]) >> 3
			g.errZero[o] += (abs64(mo)<<4 - g.errZero[o]) >> 3
			for c, u := range g.u {
				g.smu[o][c] += mo*u - g.smu[o][c]>>gyroDecay
			}
		}
		for c, u := range g.u {
			g.suu[c] += u*u - g.suu[c]>>gyroDecay
		}
	}
	*iv = gyroInterval{k: -1}
	g.cur = nil
}

// gyroDecay: the sums forget with a time constant of 2^gyroDecay frames.
const gyroDecay = 6

// frameHint is a frame's predicted global motion: translation x, y in 1/256 sample, rotation
// in 1/64 sample at half the width of the first plane (w × h samples).
type frameHint struct {
	m    motionInputs
	w, h int
}

// vectors fills dst with the hint's vector for every block of field f (quarter samples, at
// most rng in each component).
func (g *frameHint) vectors(f *predict.MotionField, dst []predict.MotionVector, rng int) []predict.MotionVector {
	dst = dst[:0]
	w, h := int64(g.w), int64(g.h)
	den := 64 * w
	for by := 0; by < f.Rows; by++ {
		for bx := 0; bx < f.Cols; bx++ {
			// block centre relative to the frame's, in samples ×2
			cx := 2*int64(bx*f.Block) + int64(f.Block) - w
			cy := 2*int64(f.Y0+by*f.Block) + int64(f.Block) - h
			x := divRound(g.m[0]*w-4*g.m[2]*cy, den)
			y := divRound(g.m[1]*w+4*g.m[2]*cx, den)
			x, y = clampI64(x, int64(rng)), clampI64(y, int64(rng))
			v := predict.MotionVector{X: int16(x), Y: int16(y), Filter: predict.FilterCubic}
			dst = append(dst, predict.Normalize(v))
		}
	}
	return dst
}

// warp returns the hint as a global warp of the first plane (w samples wide): its translation,
// and its rotation as the linear part (vectors' step 4: at (X, Y) samples from the centre, the
// rotation moves a sample by (−Y, X)·p_r/(8w) samples).
func (g *frameHint) warp(w int) predict.Warp {
	r := clampI64(g.m[2]*65536/(8*int64(max(w, 1))), predict.WarpMaxA)
	t := func(v int64) int32 { return int32(clampI64(v/4, predict.WarpMaxT)) }
	return predict.Warp{TX: t(g.m[0]), TY: t(g.m[1]), A: [4]int32{0, int32(-r), int32(r), 0}}
}

// divRound is a/b rounded to the nearest integer (b > 0), halves away from zero.
func divRound(a, b int64) int64 {
	if a < 0 {
		return -((-a + b/2) / b)
	}
	return (a + b/2) / b
}

// setHint gives the next frame's motion coding a hint (nil: none).
func (c *videoCoder) setHint(h *frameHint) {
	if c.states == nil {
		c.allocate()
	}
	for _, t := range c.tiles {
		t.hint = h
		t.gyro.on = true
	}
}

// hintCosts returns the motion fields' surprise so far (1/CostUnit bit) as coded and as the
// motion coder without hints coded them.
func (c *videoCoder) hintCosts() (with, without uint64) {
	for _, t := range c.tiles {
		with += t.gyro.with
		without += t.gyro.without
	}
	return with, without
}

// tileGyro is a band's motion coding in a video that takes a gyroscope's hint. Two motion
// coders see every field: the band's own (no hint) and a second one that predicts from the
// hint. The one in use codes the field into the stream; the other codes it too, into a
// scratch coder, for its cost only, so that both learn from every field. The hinted one is in
// use while its running cost beats the other's (gain > 0): where the hint does not help, the
// field costs what it costs without it, and a little.
type tileGyro struct {
	on      bool // the video takes a hint (setHint was called)
	hinted  *motionCoder
	scratch *BitCoder
	buf     []byte
	vectors []predict.MotionVector // the frame's hint, per block
	gain    int64                  // running (cost without − cost with the hint), 1/CostUnit bit
	// the fields' cost as coded (with the hints' own, in a stream with them) and as the
	// coder without hints coded them
	with, without uint64
	q             hintCoder // the hints in the stream (stream.hint)
}

// reset starts a segment: the hinted coder afresh, and in use.
func (g *tileGyro) reset() {
	if g.hinted != nil {
		g.hinted.reset()
	}
	g.gain = 1
	g.q.init = false
}

// codeHinted is codeMotion in a video that takes a gyroscope's hint (t.gyro.on): t.hint, when
// not nil, is this frame's.
func (t *tileCoder) codeHinted(f *vision.Frame, first planeRole) error {
	g := &t.gyro
	bc := &t.bc
	// The motion fields' costs are not only accounting here: g.gain, which picks the coder
	// of the next frame's field, is learnt from them, so they are counted even when the
	// caller asked for no costs (WithoutCosts), as the encoder counts them.
	if bc.noCost {
		bc.noCost = false
		defer func() { bc.noCost = true }()
	}
	rng := 4 * t.cfg.MotionRange
	if g.q.on {
		// the hint is in the substream: the band predicts from it as coded. The encoder
		// leaves it out while the hinted coder is not in use (gain ≤ 0), but for every
		// hintProbe-th frame, on which the gain is measured again.
		hint := t.hint
		if !bc.decoding && hint != nil && g.gain <= 0 {
			if g.q.skipped++; g.q.skipped < hintProbe {
				hint = nil
			} else {
				g.q.skipped = 0
			}
		}
		start := bc.Cost
		h, err := g.q.code(bc, hint)
		if err != nil {
			return err
		}
		t.hint = h
		g.with += bc.Cost - start
		g.q.bits += bc.Cost - start
	}
	start := bc.Cost
	if t.hint == nil {
		// no hint for this frame: the band's own coder alone
		t.search.Hint = nil
		if f != nil {
			_, y1 := t.band(first)
			t.search.Search(t.field, f.Planes[first.plane], t.states[first.plane].Prev, y1)
		}
		if err := t.mvc.code(bc, t.field, rng); err != nil {
			return err
		}
		t.MotionCost = bc.Cost - start
		g.with += t.MotionCost
		g.without += t.MotionCost
		return nil
	}
	if g.hinted == nil {
		g.hinted, g.scratch, g.gain = newMotionCoder(t.cfg), NewBitEncoder(nil), 1
	}
	g.vectors = t.hint.vectors(t.field, g.vectors, rng)
	g.hinted.hint = g.vectors
	use, other := t.mvc, g.hinted
	t.search.Hint = nil
	if g.gain > 0 {
		use, other = g.hinted, t.mvc
		t.search.Hint = g.vectors
	}
	if f != nil {
		_, y1 := t.band(first)
		t.search.Search(t.field, f.Planes[first.plane], t.states[first.plane].Prev, y1)
	}
	if err := use.code(bc, t.field, rng); err != nil {
		return err
	}
	t.MotionCost = bc.Cost - start
	g.scratch.ResetEncoder(g.buf[:0])
	s0 := g.scratch.Cost
	other.code(g.scratch, t.field, rng) // the field is valid: it was just coded
	g.buf = g.scratch.Finish()
	withHint, without := t.MotionCost, g.scratch.Cost-s0
	if use == t.mvc {
		withHint, without = without, withHint
	}
	g.gain += int64(without) - int64(withHint) - g.gain>>3
	g.with += t.MotionCost
	g.without += without
	return nil
}

// hint returns the hint for the frame c codes next, or nil.
func (g *gyroPredictor) hint(c *videoCoder) *frameHint {
	m, ok := g.predict(int64(c.frame))
	if !ok || c.params.Model.MotionBlock == 0 {
		return nil
	}
	l := c.params.Layout
	return &frameHint{m: m, w: l.Width, h: l.Height}
}

// resetRows forgets the rows integrated (a restart of the log, stream.reset): the next row
// only sets the time.
func (g *gyroPredictor) resetRows() {
	g.ring, g.hasT, g.lastT, g.cur = nil, false, 0, nil
}

// resetLearning forgets the map learnt (at a segment start of a video whose gyroscope's log
// restarts there, stream.reset), so that the segment's frames depend on its rows and frames
// alone.
func (g *gyroPredictor) resetLearning() {
	g.sh, g.u, g.suu, g.smu, g.pred = [gyroInputs]uint{}, [gyroInputs]int64{}, [gyroInputs]int64{}, [3][gyroInputs]int64{}, motionInputs{}
	g.errPred, g.errZero, g.n, g.cur = [3]int64{}, [3]int64{}, 0, nil
}

// segmentStarts reports whether the frame c codes next starts a segment after the first.
func (c *videoCoder) segmentStarts() bool {
	n := c.params.SegmentFrames
	return c.frame > 0 && n > 0 && c.frame%n == 0
}

// The hint in the video stream (stream.hint, docs/FORMAT.md 13.5, step 6). The encoder's
// gyroscope predictor gives each frame's hint as before, but each band codes it, quantized to
// quarter samples, in its own substream ahead of its motion field, and predicts from what it
// coded: the video then decodes without the log (damage in the log never costs a frame), and
// the log, coded in parts before the frames and taking no input from them, is as isolated as
// a log alone.

// hintCoder codes a band's hints: whether the frame has one (by whether the last had), then
// each quantized component's change from the band's last hint (zero flag, sign, Elias-gamma
// magnitude), every decision under an adaptive counter.
type hintCoder struct {
	on   bool // the video's hints are in its stream
	w, h int  // the first plane's size (the hint's geometry)
	init bool
	last int // the last frame had a hint (1)
	prev [3]int64
	has  [2]predict.Counter
	zero [3]predict.Counter
	sign [3]predict.Counter
	exp  [3][hintMaxExp + 1]predict.Counter
	mant [3][hintMaxExp + 1]predict.Counter
	q    frameHint // the hint as coded (the band predicts from it)
	bits uint64    // the hints' surprise so far, 1/CostUnit bit
	// encoder: frames whose hint was left out since the last probe
	skipped int
}

// hintProbe: while a band's hinted coder is not in use, the encoder writes every
// hintProbe-th frame's hint only (the others cost a bit saying there is none), enough for the
// gain to be measured again (the choice is the encoder's: a decoder reads what is there).
var hintProbe = 8

// hintMaxExp bounds a component's magnitude: below 2^(hintMaxExp−2) quarter samples, so a
// change from the last is below 2^(hintMaxExp−1).
const hintMaxExp = 20

// hintScale is each component's quantization step: translation (1/256 sample) to quarter
// samples, rotation (1/64 sample at half the width) to quarter samples.
var hintScale = [3]int64{64, 64, 16}

func (h *hintCoder) reset() {
	c := predict.NewCounter()
	h.init, h.last, h.prev = true, 0, [3]int64{}
	h.has = [2]predict.Counter{c, c}
	for o := range h.zero {
		h.zero[o], h.sign[o] = c, c
		for i := range h.exp[o] {
			h.exp[o][i], h.mant[o][i] = c, c
		}
	}
}

// code codes the frame's hint (encoding: hint, nil for none) and returns it as coded (nil:
// none); the returned value is h's until the next call.
func (h *hintCoder) code(bc *BitCoder, hint *frameHint) (*frameHint, error) {
	const limit = 255
	if !h.init {
		h.reset()
	}
	has := 0
	var q [3]int64
	if !bc.decoding && hint != nil {
		has = 1
		for o := range q {
			q[o] = clampI64(divRound(hint.m[o], hintScale[o]), 1<<(hintMaxExp-2)-1)
		}
	}
	has = bc.Code(has, h.has[h.last].P())
	h.has[h.last].Update(has, limit)
	h.last = has
	if has == 0 {
		return nil, nil
	}
	for o := range q {
		d := q[o] - h.prev[o]
		z := bc.Code(b2i(d == 0), h.zero[o].P())
		h.zero[o].Update(z, limit)
		if z == 1 {
			q[o] = h.prev[o]
			continue
		}
		neg := bc.Code(b2i(d < 0), h.sign[o].P())
		h.sign[o].Update(neg, limit)
		// |d| ≥ 1: its bit length n (unary), then its n−1 low bits
		a := uint64(abs64(d))
		n := bits.Len64(a)
		e := 1
		for ; e < hintMaxExp; e++ {
			more := bc.Code(b2i(n > e), h.exp[o][e].P())
			h.exp[o][e].Update(more, limit)
			if more == 0 {
				break
			}
		}
		n = e
		v := uint64(1)
		for i := n - 2; i >= 0; i-- {
			b := bc.Code(int(a>>uint(i))&1, h.mant[o][n].P())
			h.mant[o][n].Update(b, limit)
			v = v<<1 | uint64(b)
		}
		if neg == 1 {
			d = -int64(v)
		} else {
			d = int64(v)
		}
		q[o] = h.prev[o] + d
		if abs64(q[o]) >= 1<<(hintMaxExp-2) {
			return nil, errBadVector
		}
	}
	h.prev = q
	h.q = frameHint{w: h.w, h: h.h}
	for o := range q {
		h.q.m[o] = q[o] * hintScale[o]
	}
	return &h.q, nil
}

// hintBits returns the surprise of the hints coded in the stream so far (1/CostUnit bit).
func (c *videoCoder) hintBits() (n uint64) {
	for _, t := range c.tiles {
		n += t.gyro.q.bits
	}
	return n
}

// hintsInStream makes every band code the frames' hints in its substream (stream.hint): the
// encoder gives them with setHint, the decoder reads them.
func (c *videoCoder) hintsInStream() {
	if c.states == nil {
		c.allocate()
	}
	l := c.params.Layout
	for _, t := range c.tiles {
		t.gyro.on = true
		t.gyro.q.on, t.gyro.q.w, t.gyro.q.h = true, l.Width, l.Height
	}
}
