package codec

import (
	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// Cross-modal input for a sensor stream of a recording: the global motion the video's decoded
// frames show (measured on their motion fields, which encoder and decoder both know) is an
// input to the prediction of the log's numbers, for the rows between those frames.
//
// Each numeric column gets a stage cascaded after the sensor model's own prediction: a
// normalised LMS over the three motion inputs (horizontal and vertical translation, rotation)
// learns what the model's prediction left, online, in integer arithmetic; it is used for a
// column only while its running error beats the model's alone (so where the video does not
// help, the stage stays out). With the inputs at zero the stage adds nothing, and the stream
// codes exactly as without it: that is how the encoder measures the gain.

// motionInputs is one frame interval's global motion: translation in 1/256 sample per frame
// (x, y; from the motion fields alone, 1/64), rotation in 1/64 sample at half the frame's
// width.
type motionInputs [3]int64

// globalMotion measures frame's global motion from the motion fields its bands just coded:
// the mean vector, and the rotation that best explains the vectors about the frame's centre.
// ok is false when the frame has no motion field (the first of a segment, or no motion).
func globalMotion(c *videoCoder) (m motionInputs, ok bool) {
	if c.params.Model.MotionBlock == 0 || !c.params.Model.Temporal || c.frame == 0 {
		return m, false
	}
	// The frame just coded is c.frame-1; it started a segment if that is a multiple of N.
	if n := c.params.SegmentFrames; n > 0 && (c.frame-1)%n == 0 {
		return m, false
	}
	w := int64(c.states[0].W)
	h := int64(c.states[0].H)
	var sx, sy, n, num, den int64
	for _, t := range c.tiles {
		f := t.lastField()
		if f == nil {
			continue
		}
		for by := 0; by < f.Rows; by++ {
			for bx := 0; bx < f.Cols; bx++ {
				v := f.V[by*f.Cols+bx]
				// block centre relative to the frame's, in samples ×2
				cx := 2*int64(bx*f.Block) + int64(f.Block) - w
				cy := 2*int64(f.Y0+by*f.Block) + int64(f.Block) - h
				vx, vy := int64(v.X), int64(v.Y)
				sx += vx
				sy += vy
				n++
				num += cx*vy - cy*vx
				den += cx*cx + cy*cy
			}
		}
	}
	if n == 0 {
		return m, false
	}
	m[0] = sx * 16 / n
	m[1] = sy * 16 / n
	if den > 0 {
		// rotation (rad) ≈ num/den ×2 (centres are ×2); at half the width, ×w/2; ×16.
		m[2] = num * 16 * w / den
	}
	return m, true
}

// crossColumn is one column's cascaded stage, in two steps: a normalised LMS maps the motion
// inputs (and a constant, for an offset such as a gyroscope's bias) to the column's value, pm;
// then a one-weight LMS learns how far to move the model's prediction towards pm.
type crossColumn struct {
	wA       [4]int64 // pm = Σ wA·in >> 16 (in: the three motions and a constant)
	in       [4]int64
	pm       int64
	alpha    int64 // 1/65536, 0..65536
	base     int64 // the model's prediction
	corr     int64 // alpha·(pm − base)
	on       bool  // a prediction is pending (update follows)
	active   bool  // the row has motion inputs
	errBase  int64 // running mean |error| of base, ×16
	errCross int64 // of base + corr
	n        int   // updates with an input so far
}

const crossConst = 1024 // the constant input

// The stage's learning rates (as shifts: 2^-(16-mu)) and its gate (the stage is used while its
// error is below the model's by 2^-gate).
var crossMuA, crossMuB, crossGate = 13, 14, 6

// crossWarmup is how many values with an input a column's stage learns from before it may be
// used: on fewer, its error is chance.
var crossWarmup = 64

// sensorCross is the cross-modal state of a sensor stream.
type sensorCross struct {
	// the video's frame times: frame k at k·den/num s
	rateNum, rateDen int64
	// the log's time column and how its values become the recording's clock
	timeCol   int
	unitNS    int64
	originNS  int64
	offsetNS  int64
	rateMilli int64 // rows per 1000 s when there is no time column
	rows      int64
	// motion[k-first] is the motion between frames k-1 and k
	first  int64
	motion []motionInputs
	have   []bool
	in     motionInputs // the current row's inputs
	lastT  int64
	hasT   bool
	cols   []crossColumn
	// ended is the number of rows endRow has read (it runs once per row: at the next row's
	// start, or at the end of a part, multi_parts.go)
	ended int64
	// ahead: the rows are coded before the frames around them (a log in parts, whose rows
	// the video's gyroscope input needs first): they take no motion input (the motion of
	// frames a few frames old did not pay: on imu-pan, -0.22 % to +0.13 % by part length)
	ahead bool
	// gyro, when not nil, integrates the rows' values between frames to predict the video's
	// global motion (multi_gyro.go)
	gyro *gyroPredictor
}

func newSensorCross(v *VideoParams, t StreamTime) *sensorCross {
	num, den := int64(v.FrameRate.Num), int64(v.FrameRate.Den)
	if num <= 0 || den <= 0 {
		num, den = 30, 1
	}
	return &sensorCross{rateNum: num, rateDen: den, timeCol: t.Column, unitNS: t.UnitNS, originNS: t.OriginNS, offsetNS: t.OffsetNS, rateMilli: t.RateMilliHz}
}

// addFrame records the motion measured on video frame k (ok false: none).
func (x *sensorCross) addFrame(k int64, m motionInputs, ok bool) {
	if len(x.motion) == 0 {
		x.first = k
	}
	for x.first+int64(len(x.motion)) < k {
		x.motion = append(x.motion, motionInputs{})
		x.have = append(x.have, false)
	}
	x.motion = append(x.motion, m)
	x.have = append(x.have, ok)
	// Keep the last few thousand frames: rows are coded at most a block (about 1 MiB of log,
	// or a minute) after the frames around them.
	if len(x.motion) > 8192 {
		drop := len(x.motion) - 4096
		x.motion = append(x.motion[:0], x.motion[drop:]...)
		x.have = append(x.have[:0], x.have[drop:]...)
		x.first += int64(drop)
	}
}

// beginRow sets the row's inputs: the motion of the frame interval that holds the previous
// row's time (the current row's is not known yet when its first cells are coded).
func (x *sensorCross) beginRow(s *sensorCoder) {
	x.endRow(s)
	x.in = motionInputs{}
	t, ok := x.lastT, x.hasT
	if x.timeCol < 0 {
		if x.rateMilli > 0 && x.rows > 0 {
			t, ok = (x.rows-1)*1_000_000_000_000/x.rateMilli+x.offsetNS, true
		}
	}
	x.rows++
	if !ok || t < 0 || x.ahead {
		// (rows coded before their frames have no motion of their own: they take none)
		return
	}
	// interval k: frames k-1 and k around t
	k := x.interval(t)
	if i := k - x.first; i >= 0 && i < int64(len(x.motion)) && x.have[i] {
		x.in = x.motion[i]
	}
}

// endRow reads the last row's time (s.last holds its cells until the next row is coded).
func (x *sensorCross) endRow(s *sensorCoder) {
	if x.ended == x.rows {
		return // read already
	}
	x.ended = x.rows
	x.readTime(s)
	if x.gyro != nil {
		t, ok := x.lastT, x.hasT
		if x.timeCol < 0 {
			t, ok = (x.rows-1)*1_000_000_000_000/max(x.rateMilli, 1)+x.offsetNS, x.rateMilli > 0
		}
		if ok {
			x.gyro.addRow(s, x.timeCol, t, x.interval(t))
		}
	}
}

// interval returns the frame interval k (between frames k-1 and k) that holds time t (ns, on
// the recording's clock).
func (x *sensorCross) interval(t int64) int64 {
	return t*x.rateNum/(x.rateDen*1_000_000_000) + 1
}

// readTime reads the last row's time into lastT.
func (x *sensorCross) readTime(s *sensorCoder) {
	if x.timeCol < 0 || x.timeCol >= len(s.last) || x.timeCol >= len(s.cols) {
		return
	}
	l := &s.last[x.timeCol]
	col := s.cols[x.timeCol]
	if l.kind != predict.CellNumber || !col.HasEc {
		return
	}
	// value = x · 10^Ec units; ns = value · unitNS
	v, e, u := l.x, int(col.Ec), x.unitNS
	for e < 0 && u%10 == 0 {
		u /= 10
		e++
	}
	for ; e > 0; e-- {
		v *= 10
	}
	t := v * u
	for ; e < 0; e++ {
		t /= 10
	}
	x.lastT, x.hasT = t-x.originNS+x.offsetNS, true
}

func (x *sensorCross) col(c int) *crossColumn {
	for len(x.cols) <= c {
		x.cols = append(x.cols, crossColumn{})
	}
	return &x.cols[c]
}

// predict returns column c's prediction given the model's, base.
func (x *sensorCross) predict(c int, base int64) int64 {
	k := x.col(c)
	k.base, k.corr, k.on = base, 0, true
	k.active = x.in != motionInputs{} && base > -1<<40 && base < 1<<40
	if !k.active {
		return base
	}
	k.in = [4]int64{x.in[0], x.in[1], x.in[2], crossConst}
	var dot int64
	for i, v := range k.in {
		dot += v * k.wA[i] >> 16
	}
	k.pm = clampI64(dot, 1<<40)
	k.corr = clampI64(k.alpha*clampI64(k.pm-base, 1<<40)>>16, 1<<40)
	if k.n >= crossWarmup && k.errCross+k.errCross>>crossGate < k.errBase {
		return base + k.corr
	}
	return base
}

// update learns from column c's true value v.
func (x *sensorCross) update(c int, v int64) {
	k := x.col(c)
	if !k.on {
		return
	}
	k.on = false
	if !k.active {
		return // no input: nothing to learn, and the errors compare like with like
	}
	k.n++
	k.errBase += (int64(min(absU64(v-k.base), 1<<40))<<4 - k.errBase) >> 4
	k.errCross += (int64(min(absU64(v-k.base-k.corr), 1<<40))<<4 - k.errCross) >> 4
	// Step 1: pm towards v (NLMS, step 1/8).
	var p int64
	for _, xi := range k.in {
		p += xi * xi
	}
	eA := clampI64(v-k.pm, 1<<24)
	for i, xi := range k.in {
		k.wA[i] = clampI64(k.wA[i]+(eA*xi<<crossMuA)/(p+1), 1<<40)
	}
	// Step 2: alpha towards the share of pm − base that v took (step 1/4).
	d := clampI64(k.pm-k.base, 1<<24)
	if d != 0 {
		eB := clampI64(v-k.base-k.corr, 1<<24)
		k.alpha = min(max(k.alpha+(eB*d<<crossMuB)/(d*d+16), 0), 1<<16)
	}
}

func clampI64(v, lim int64) int64 {
	return min(max(v, -lim), lim)
}

// motionMeter measures the global motion of a video's frames for the cross-modal input: the
// motion fields give it to within their vectors' steps (half or quarter samples, and most
// blocks agree, so the mean keeps the step); a gradient (Lucas-Kanade) fit on the decoded
// samples refines the translation to a small fraction of a sample. Integer arithmetic only.
type motionMeter struct {
	prev []uint16
	w, h int
}

// plane returns the plane the motion is measured on: luma, or G of BGR.
func meterPlane(f *vision.Frame) []uint16 {
	if f.Format == vision.FormatBGR && len(f.Planes) > 1 {
		return f.Planes[1]
	}
	return f.Planes[0]
}

// measure returns frame f's global motion (c has just coded it) and keeps f's samples for
// the next frame.
func (mm *motionMeter) measure(c *videoCoder, f *vision.Frame) (motionInputs, bool) {
	m, ok := globalMotion(c)
	cur := meterPlane(f)
	w, h := f.Width, f.Height
	if ok && mm.prev != nil && mm.w == w && mm.h == h {
		m[0], m[1] = refineTranslation(mm.prev, cur, w, h, m[0], m[1])
	} else {
		m[0], m[1] = m[0]*4, m[1]*4
	}
	mm.prev = append(mm.prev[:0], cur...)
	mm.w, mm.h = w, h
	return m, ok
}

// refineTranslation fits the translation d with cur(x) ≈ prev(x + d), from the starting
// estimate (mx, my) in 1/64 sample: two Lucas-Kanade steps, each on prev shifted by the
// estimate so far (bilinear, 1/256 sample). It returns d in 1/256 sample.
func refineTranslation(prev, cur []uint16, w, h int, mx, my int64) (int64, int64) {
	dx, dy := mx*4, my*4
	for iter := 0; iter < 2; iter++ {
		rx, ry, ok := lkStep(prev, cur, w, h, dx, dy)
		if !ok {
			break
		}
		dx, dy = dx+rx, dy+ry
	}
	return dx, dy
}

// lkStep solves one Lucas-Kanade step about the shift (dx, dy) in 1/256 sample; it returns
// the correction in 1/256 sample.
func lkStep(prev, cur []uint16, w, h int, dx, dy int64) (int64, int64, bool) {
	ix, iy := int(dx>>8), int(dy>>8) // floor
	fx, fy := dx&255, dy&255
	mg := 3 + max(abs(ix), abs(iy))
	if w <= 2*mg+8 || h <= 2*mg+8 {
		return 0, 0, false
	}
	// p(x, y): prev at (x+dx, y+dy), bilinear, in 1/256 levels
	at := func(x, y int) int64 {
		i := (y+iy)*w + x + ix
		a, b := int64(prev[i]), int64(prev[i+1])
		c, d := int64(prev[i+w]), int64(prev[i+w+1])
		top := a*(256-fx) + b*fx
		bot := c*(256-fx) + d*fx
		return (top*(256-fy) + bot*fy) >> 8
	}
	var sxx, sxy, syy, sxt, syt int64
	// Every other sample of every other row: a quarter of the work, and still tens of
	// thousands of gradients in a VGA frame.
	for y := mg; y < h-mg; y += 2 {
		for x := mg; x < w-mg; x += 2 {
			p := at(x, y)
			gx := (at(x+1, y) - at(x-1, y)) >> 4 // 2× the derivative, in 1/16 levels
			gy := (at(x, y+1) - at(x, y-1)) >> 4
			it := (int64(cur[y*w+x])<<8 - p) >> 4
			sxx += gx * gx
			sxy += gx * gy
			syy += gy * gy
			sxt += gx * it
			syt += gy * it
		}
	}
	for max(sxx, syy, abs64(sxt), abs64(syt), abs64(sxy)) > 1<<26 {
		sxx, sxy, syy, sxt, syt = sxx>>1, sxy>>1, syy>>1, sxt>>1, syt>>1
	}
	det := sxx*syy - sxy*sxy
	if det <= 0 {
		return 0, 0, false
	}
	// (g/2)·r = it, so r = 2·M⁻¹b; in 1/256 sample
	rx := 512 * (syy*sxt - sxy*syt) / det
	ry := 512 * (sxx*syt - sxy*sxt) / det
	if rx < -256 || rx > 256 || ry < -256 || ry > 256 {
		return 0, 0, false
	}
	return rx, ry, true
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// crossCoder is a recording's sensor stream, encoder or decoder side (nil in a video
// stream's slot), which gives its coder.
type crossCoder interface{ sensorCoderOf() *sensorCoder }

func (e *SensorEncoder) sensorCoderOf() *sensorCoder {
	if e == nil {
		return nil
	}
	return e.coder
}

func (d *sensorDecoder) sensorCoderOf() *sensorCoder {
	if d == nil {
		return nil
	}
	return d.coder
}

// shareFrameMotion measures the global motion of frame f, which c has just coded, and hands it
// to the gyroscope predictor g (if any) and to the cross-modal stage of every sensor stream:
// the same step in the encoder and the decoder of a recording.
func shareFrameMotion[S crossCoder](meter *motionMeter, c *videoCoder, f *vision.Frame, g *gyroPredictor, sensors []S) {
	m, ok := meter.measure(c, f)
	if g != nil {
		g.learn(m, ok)
	}
	for _, s := range sensors {
		if sc := s.sensorCoderOf(); sc != nil && sc.cross != nil {
			sc.cross.addFrame(int64(c.frame-1), m, ok)
		}
	}
}
