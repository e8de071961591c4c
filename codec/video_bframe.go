package codec

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
	"io"
)

// B frames (model.bframes). Within each segment the frames are coded in pairs: frame 2k
// (counted from the segment's first), an anchor, from the anchor 2k−2; then frame 2k−1, a B
// frame, from both anchors around it. The file keeps the frames in display order: the B
// frame's chunk (flagged FlagBFrame) comes first and the anchor's right after it, so the
// encoder holds one frame back and the decoder one chunk. A frame in a B frame's place with
// no frame after it in its segment (the stream's or an even segment's last) is coded as an
// ordinary frame from the anchor before it.

// FlagBFrame marks the chunk of a B frame: the model codes it after the next chunk, the
// anchor that follows it, from which it is partly predicted.
const FlagBFrame = 1 << 1

// bframesAlways makes the encoders code every pair they may as a B frame and its anchor,
// without asking pairPays (the tests set it to reach every path of B frames).
var bframesAlways bool

// tileB is a tile's B-frame state.
type tileB struct {
	on bool // the frame being coded is a B frame
	// the forward vectors of B frames have a search and a coder of their own (they are
	// about half as long as the anchors', which span two frames)
	search predict.MotionSearch
	mvc    *motionCoder
	// the backward vectors (model.bframe_backward 1): into the later anchor
	backSearch predict.MotionSearch
	backMvc    *motionCoder
	back       *predict.MotionField
	// modes: per block, its predict.BMode (model.bframe_modes), coded under modeC
	modes []uint8
	modeC [2 * 9]predict.Counter
	// backUsed, modesUsed: the stream codes backward fields, modes
	backUsed, modesUsed bool
}

func (b *tileB) reset(t *tileCoder) {
	if !t.cfg.BFrames || t.mvc == nil {
		return
	}
	fresh := t.newSearch()
	b.search, b.backSearch = fresh, fresh
	b.backUsed, b.modesUsed = t.cfg.BFrameBackward == 1, t.cfg.BFrameModes
	if b.mvc == nil {
		b.mvc, b.backMvc = newMotionCoder(t.cfg), newMotionCoder(t.cfg)
	}
	b.mvc.reset()
	b.backMvc.reset()
	for i := range b.modeC {
		b.modeC[i] = predict.NewCounter()
	}
}

// motionCoders returns the search and the coder of the frame's (forward) vectors.
func (t *tileCoder) motionCoders() (*predict.MotionSearch, *motionCoder) {
	if t.b.on {
		return &t.b.search, t.b.mvc
	}
	return &t.search, t.mvc
}

// backField returns the backward field of a B frame's band, or nil where the model takes
// the forward field negated.
func (b *tileB) backField(field *predict.MotionField) (*predict.MotionField, []uint8) {
	if !b.on || field == nil {
		return nil, nil
	}
	var back *predict.MotionField
	if b.backUsed {
		back = b.back
	}
	var modes []uint8
	if b.modesUsed {
		modes = b.modes
	}
	return back, modes
}

// codeBackMotion searches (encoding) and codes a B frame's backward field, when the stream
// codes one.
func (t *tileCoder) codeBackMotion(f *vision.Frame, field *predict.MotionField) error {
	if !t.b.on || field == nil {
		return nil
	}
	first := t.roles[0]
	y0, y1 := t.band(first)
	st := t.states[first.plane]
	var back *predict.MotionField
	if t.cfg.BFrameBackward == 1 {
		if t.b.back == nil {
			// the forward field's blocks (the small ones of a split field), so that every
			// block has both vectors
			t.b.back = predict.NewMotionField(field.Block, st.W, y0, y1)
		}
		back = t.b.back
		if f != nil {
			t.b.backSearch.Search(back, f.Planes[first.plane], st.Prev2, y1)
		}
		if err := t.b.backMvc.code(&t.bc, back, 4*t.cfg.MotionRange); err != nil {
			return err
		}
	}
	if !t.cfg.BFrameModes {
		return nil
	}
	if f != nil {
		t.b.modes = predict.ChooseBModes(t.b.modes, f.Planes[first.plane], st.Prev, st.Prev2, field, back, y1, t.search.MaxVal)
	} else if cap(t.b.modes) < len(field.V) {
		t.b.modes = make([]uint8, len(field.V))
	}
	t.b.modes = t.b.modes[:len(field.V)]
	t.codeBModes(field.Cols)
	return nil
}

// codeBModes codes the modes of a B frame's blocks (cols across): is it the mean? if not,
// the backward prediction? Each under the modes of the blocks left and above.
func (t *tileCoder) codeBModes(cols int) {
	bc := &t.bc
	m := t.b.modes
	for i := range m {
		l, a := 0, 0 // past the band's edges: the mean
		if i%cols > 0 {
			l = int(m[i-1])
		}
		if i >= cols {
			a = int(m[i-cols])
		}
		ctx := l*3 + a
		c := &t.b.modeC[2*ctx]
		bit := 0
		if m[i] != predict.BModeAvg {
			bit = 1
		}
		bit = bc.Code(bit, c.P())
		c.Update(bit, 255)
		if bit == 0 {
			m[i] = predict.BModeAvg
			continue
		}
		c = &t.b.modeC[2*ctx+1]
		bit = 0
		if m[i] == predict.BModeBack {
			bit = 1
		}
		bit = bc.Code(bit, c.P())
		c.Update(bit, 255)
		m[i] = uint8(predict.BModeFwd + bit)
	}
}

// bSlot reports whether frame (of the stream) stands in a B frame's place: an odd position
// in its segment.
func (c *videoCoder) bSlot(frame int) bool {
	pos := frame
	if n := c.params.SegmentFrames; n > 0 {
		pos = frame % n
	}
	return pos%2 == 1
}

// startsSegment reports whether frame is the first of a segment.
func (c *videoCoder) startsSegment(frame int) bool {
	n := c.params.SegmentFrames
	return frame == 0 || n > 0 && frame%n == 0
}

// setB makes the next frame coded a B frame (on) or an ordinary one.
func (c *videoCoder) setB(on bool) {
	for _, t := range c.tiles {
		t.b.on = on
	}
	for _, s := range c.states {
		if on {
			s.BeginB()
		} else {
			s.EndB() // after a B frame that failed to decode (done already otherwise)
		}
	}
	c.bNow = on
}

// advanceStates moves the plane states on after a frame.
func (c *videoCoder) advanceStates() {
	for _, s := range c.states {
		switch {
		case !c.params.Model.BFrames:
			s.Advance()
		case c.bNow:
			s.EndB()
		default:
			s.AdvanceAnchor()
		}
	}
}

// writeB is WriteFrame with B frames.
func (e *VideoEncoder) writeB(f *vision.Frame) error {
	if !e.hasPending {
		if !e.startsSegment(e.frame) && e.bSlot(e.frame) {
			e.pending = copyFrame(e.pending, f)
			e.hasPending = true
			return nil
		}
		if err := e.writeOne(f); err != nil {
			return err
		}
		e.lastRaw = copyFrame(e.lastRaw, f)
		return nil
	}
	e.hasPending = false
	if e.startsSegment(e.frame+1) || !e.pairPays(e.lastRaw, e.pending, f) {
		// In order: the held frame, then f, each from the frame before it.
		if err := e.writeOne(e.pending); err != nil {
			return err
		}
		e.keepStats(&e.statsA)
		if err := e.writeOne(f); err != nil {
			return err
		}
		e.written = append(e.written[:0], &e.statsA, &e.stats)
		e.writtenF = append(e.writtenF[:0], e.pending, f)
		e.lastRaw = copyFrame(e.lastRaw, f)
		return nil
	}
	if err := e.writePair(e.pending, f); err != nil {
		return err
	}
	e.lastRaw = copyFrame(e.lastRaw, f)
	return nil
}

// pairPays reports whether frames b and a, after frame prev, are worth coding as a B frame
// and its anchor (predict.BPairProbe on the first plane of the frames as they come: Y of
// YUV, G of BGR).
func (c *videoCoder) pairPays(prev, b, a *vision.Frame) bool {
	m := &c.params.Model
	if m.MotionBlock == 0 || !m.Temporal || bframesAlways {
		return true
	}
	k := 0
	if a.Format == vision.FormatBGR {
		k = 1
	}
	ps := a.Layout.Planes()[k]
	return c.probe.Pays(prev.Planes[k], b.Planes[k], a.Planes[k], ps.Width, ps.Height, m.MotionBlock, m.MotionRange, m.SubSample, int32(1)<<a.Depth-1)
}

// flushB codes a frame held back (at the end of the stream) as an ordinary frame.
func (e *VideoEncoder) flushB() error {
	if !e.hasPending {
		return nil
	}
	e.hasPending = false
	return e.writeOne(e.pending)
}

// writePair codes anchor a and then B frame b before it, and writes b's chunk and a's.
func (e *VideoEncoder) writePair(b, a *vision.Frame) error {
	d := e.frame
	e.noHash = true
	e.frame = d + 1
	pa, flagsA, codedA, err := e.encodeFrame(a, e.payload[:0])
	if err != nil {
		return err
	}
	e.payload = pa
	e.endFrame(len(pa), codedA)
	e.keepStats(&e.statsA)
	e.frame = d
	e.setB(true)
	pb, flagsB, codedB, err := e.encodeFrame(b, e.payloadB[:0])
	if err != nil {
		return err
	}
	e.payloadB = pb
	e.endFrame(len(pb), codedB)
	e.setB(false)
	e.noHash = false
	e.frame = d + 2
	e.hashFrame(b)
	e.hashFrame(a)
	e.written = append(e.written[:0], &e.stats, &e.statsA)
	e.writtenF = append(e.writtenF[:0], b, a)
	if err := e.cw.writeChunk(ChunkFrame, 0, flagsB|FlagBFrame, uint32(d), uint32(e.segment), pb); err != nil {
		return err
	}
	return e.cw.writeChunk(ChunkFrame, 0, flagsA, uint32(d+1), uint32(e.segment), pa)
}

// keepStats copies the last frame's statistics into s (the per-sample costs too: the next
// frame overwrites them).
func (c *videoCoder) keepStats(s *FrameStats) {
	planes := append(s.PlaneCost[:0], c.stats.PlaneCost...)
	pixels := s.PixelCost
	if len(pixels) != len(c.stats.PixelCost) {
		pixels = make([][]uint32, len(c.stats.PixelCost))
	}
	for i, p := range c.stats.PixelCost {
		pixels[i] = append(pixels[i][:0], p...)
	}
	*s = c.stats
	s.PlaneCost, s.PixelCost = planes, pixels
}

// copyFrame copies f into dst (reusing its planes where they fit) and returns it.
func copyFrame(dst, f *vision.Frame) *vision.Frame {
	if dst == nil || dst.Layout != f.Layout {
		dst = vision.NewFrame(f.Layout)
	}
	for i := range f.Planes {
		copy(dst.Planes[i], f.Planes[i])
	}
	dst.Params = f.Params
	return dst
}

// decodePair decodes B frame chunk ch and the anchor chunk after it, which next reads: the
// anchor first, then the B frame, which it returns; the anchor waits for takeHeld.
func (c *videoCoder) decodePair(ch *chunk, next func() (*chunk, error)) (*vision.Frame, error) {
	d := c.frame
	bad := func(frame int, reason string, a ...any) *CorruptError {
		return &CorruptError{Stream: c.stream, Segment: c.segmentOf(frame), Frame: frame, Offset: ch.Offset, Reason: fmt.Sprintf(reason, a...)}
	}
	if !c.params.Model.BFrames || next == nil || !c.bSlot(d) || c.startsSegment(d) || c.startsSegment(d+1) || int(ch.Seq) != d {
		return nil, bad(d, "a B frame where the stream has none")
	}
	cha, err := next()
	if err == io.EOF {
		return nil, bad(d+1, "a B frame without the frame after it")
	}
	if err != nil {
		var ce *CorruptError
		if errors.As(err, &ce) && !ce.trailer {
			ce.Stream, ce.Segment, ce.Frame = c.stream, c.segmentOf(d+1), d+1
		}
		return nil, err
	}
	if cha.Flags&FlagBFrame != 0 {
		return nil, bad(d+1, "two B frames in a row")
	}
	c.noHash = true
	defer func() { c.noHash = false }()
	c.frame = d + 1
	fa, err := c.decodeOne(cha)
	if err != nil {
		return nil, err
	}
	c.keepStats(&c.statsA)
	c.frame = d
	c.setB(true)
	fb, err := c.decodeOne(ch)
	c.setB(false)
	if err != nil {
		return nil, err
	}
	c.frame = d + 2
	if c.hash != nil {
		c.hashFrame(fb)
		c.hashFrame(fa)
	}
	c.held = fa
	return fb, nil
}

// takeHeld returns the anchor decoded with the last B frame, once, with its statistics, or
// nil.
func (c *videoCoder) takeHeld() *vision.Frame {
	f := c.held
	if f != nil {
		c.held = nil
		c.keepStatsFrom(&c.statsA)
	}
	return f
}

// keepStatsFrom makes s the last frame's statistics.
func (c *videoCoder) keepStatsFrom(s *FrameStats) {
	planes := append(c.stats.PlaneCost[:0], s.PlaneCost...)
	pixels := c.stats.PixelCost // the tiles write into these
	for i, p := range pixels {
		copy(p, s.PixelCost[i])
	}
	c.stats = *s
	c.stats.PlaneCost, c.stats.PixelCost = planes, pixels
}

// encodeSegmentPair is encodeSegment's writePair: where the pair pays (pairPays, as
// VideoEncoder decides) it codes frame i+1 of src, an anchor, then frame i (f), a B frame,
// writes their records in display order and reports true.
func encodeSegmentPair(ctx context.Context, c *videoCoder, src FrameReaderAt, f *vision.Frame, i int, buf io.Writer, payload *[]byte, sw *segmentWorkers) (bool, error) {
	a, err := src.FrameAt(i + 1)
	if err != nil {
		return false, &FormatError{Frame: i + 1, Reason: err.Error()}
	}
	prev, err := src.FrameAt(i - 1)
	if err != nil {
		return false, &FormatError{Frame: i - 1, Reason: err.Error()}
	}
	c.frame = i + 1
	if err := c.checkFrame(a); err != nil {
		return false, err
	}
	c.frame = i
	if !c.pairPays(prev, f, a) {
		return false, nil
	}
	c.frame = i + 1
	pa, flagsA, codedA, err := c.encodeFrame(a, nil)
	if err != nil {
		return false, err
	}
	c.endFrame(len(pa), codedA)
	c.frame = i
	c.setB(true)
	pb, flagsB, codedB, err := c.encodeFrame(f, (*payload)[:0])
	if err != nil {
		return false, err
	}
	*payload = pb
	c.endFrame(len(pb), codedB)
	c.setB(false)
	c.frame = i + 2
	var head []byte
	for _, r := range []struct {
		flags byte
		b     []byte
	}{{flagsB | FlagBFrame, pb}, {flagsA, pa}} {
		head = binary.AppendUvarint(head[:0], uint64(len(r.b)))
		head = append(head, r.flags)
		if _, err := buf.Write(head); err != nil {
			return false, err
		}
		if _, err := buf.Write(r.b); err != nil {
			return false, err
		}
		sw.frameDone()
	}
	return true, ctx.Err()
}
