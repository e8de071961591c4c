package codec

import (
	"context"
	"errors"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// The encoder's probe of the motion knobs (VideoParams.ProbeFrames): before it writes the
// stream header, the encoder codes the first ProbeFrames frames under each of a few knob sets
// (probeCandidates: the parameters' own first) and takes another set only if it coded them in
// fewer bytes than the one taken so far by more than probeMarginPerMille. The stream is the
// one the chosen set codes from frame 0: the streaming encoder keeps the chosen candidate's
// coder and chunks and goes on with them (the probe costs the other candidates' frames),
// EncodeSegments codes the stream afresh after the probe (it costs every candidate's frames).
// The knobs chosen are ordinary header keys: the decoder only reads them, and nothing of the
// probe is stored.

// probeMarginPerMille is how much smaller (in thousandths) a candidate's probe frames must be
// than the set taken so far for the probe to take it: a choice on the first frames must hold
// for the rest of the stream, and a small gain there is as likely a loss later.
const probeMarginPerMille = 5

// MaxProbeFrames bounds VideoParams.ProbeFrames (the streaming encoder holds the coded
// probe frames of every candidate in memory).
const MaxProbeFrames = 64

// probeCandidates returns the knob sets the probe tries for model m: m itself first, then m
// with model.motion_split turned over (on for the default preset, off for the camera one).
// Measured on 30 frames of five clips (MODEL.md), split blocks were the only knob that
// saved more than the margin anywhere (3.4 % on the hand-held clip, 0.8 % on the film one)
// and the one that cost most where it does not pay (3.3 % on vtest, 0.5 % on the pan); the
// overlapped-block, two-reference, warp_subs and mix2 sets saved under 0.3 % beyond it, so
// they are not probed (each candidate costs the probe's frames once more). None with B
// frames, without motion blocks of 8 or more, or without the temporal model.
func probeCandidates(m predict.VideoConfig) []predict.VideoConfig {
	out := []predict.VideoConfig{m}
	if m.BFrames || !m.Temporal || m.MotionBlock < 8 {
		return out
	}
	c := m
	c.MotionSplit = !m.MotionSplit
	c.SplitGate = c.SplitGate && c.MotionSplit // the gate goes with the split
	if c.Validate() == nil {
		out = append(out, c)
	}
	return out
}

// probeBest returns the index of the candidate the probe takes given each candidate's bytes
// (index 0 is the parameters' own): going through them in order, a candidate replaces the
// one taken so far only if it is smaller by more than the margin.
func probeBest(bytes []int) int {
	best := 0
	for i, b := range bytes {
		if int64(b)*1000 < int64(bytes[best])*(1000-probeMarginPerMille) {
			best = i
		}
	}
	return best
}

// probeApplies reports whether the encoder probes a stream of parameters p: ProbeFrames set,
// no B frames (their frames go out of order) and more than one candidate.
func probeApplies(p *VideoParams) bool {
	return p.ProbeFrames > 0 && !p.Model.BFrames && len(probeCandidates(p.Model)) > 1
}

// probeChunk is a frame chunk a candidate coded, held until the probe ends.
type probeChunk struct {
	payload []byte
	flags   byte
	seq     uint32
	segment uint32
	stats   FrameStats
}

// probeRun is one candidate of a streaming encoder's probe: its coder and what it coded.
type probeRun struct {
	c      *videoCoder
	chunks []probeChunk
	bytes  int
}

// newProbeRuns makes one coder per candidate of p (p filled in and checked).
func newProbeRuns(p *VideoParams, o options) []*probeRun {
	var runs []*probeRun
	for _, m := range probeCandidates(p.Model) {
		q := *p
		q.Model = m
		runs = append(runs, &probeRun{c: newVideoCoder(&q, o)})
	}
	return runs
}

// probeFrame codes f (checked) with every candidate and keeps the chunks.
func (e *VideoEncoder) probeFrame(f *vision.Frame) error {
	g, auto := e.global, e.globalAuto
	for _, r := range e.probing {
		r.c.global, r.c.globalAuto = g, auto
		b, flags, coded, err := r.c.encodeFrame(f, nil)
		if err != nil {
			return err
		}
		seq, seg := uint32(r.c.frame), uint32(r.c.segment)
		r.c.endFrame(len(b), coded)
		st := r.c.stats
		st.PlaneCost = append([]uint64(nil), st.PlaneCost...)
		if st.PixelCost != nil { // WithPixelCosts: the coder reuses its arrays frame after frame
			st.PixelCost = make([][]uint32, len(r.c.stats.PixelCost))
			for i, c := range r.c.stats.PixelCost {
				st.PixelCost[i] = append([]uint32(nil), c...)
			}
		}
		r.chunks = append(r.chunks, probeChunk{payload: b, flags: flags, seq: seq, segment: seg, stats: st})
		r.bytes += len(b)
	}
	if e.opts.pixelCosts { // Written gives the frames back with their statistics
		g := &vision.Frame{Layout: f.Layout, Params: f.Params}
		for _, pl := range f.Planes {
			g.Planes = append(g.Planes, append([]uint16(nil), pl...))
		}
		e.probeF = append(e.probeF, g)
	}
	if e.frame >= e.params.ProbeFrames {
		return e.endProbe()
	}
	return nil
}

// endProbe takes the best candidate, writes the header with its knobs and the chunks it
// coded, and goes on with its coder.
func (e *VideoEncoder) endProbe() error {
	bytes := make([]int, len(e.probing))
	for i, r := range e.probing {
		bytes[i] = r.bytes
	}
	r := e.probing[probeBest(bytes)]
	e.probing = nil
	cw, err := newVideoContainer(e.out, r.c.params, e.fileID)
	if err != nil {
		return err
	}
	e.cw, e.out = cw, nil
	auto := e.globalAuto
	e.videoCoder = r.c
	e.global, e.globalAuto = nil, auto
	e.written, e.writtenF = e.written[:0], e.writtenF[:0]
	for i := range r.chunks {
		k := &r.chunks[i]
		if err := e.cw.writeChunk(ChunkFrame, 0, k.flags, k.seq, k.segment, k.payload); err != nil {
			return err
		}
		e.written = append(e.written, &k.stats)
		var f *vision.Frame
		if i < len(e.probeF) {
			f = e.probeF[i]
		}
		e.writtenF = append(e.writtenF, f)
	}
	e.probeF = nil
	return nil
}

// ProbeChoice returns the model the stream is coded with: after the probe (or without
// one) the header's; during the probe the parameters' own.
func (e *VideoEncoder) ProbeChoice() predict.VideoConfig { return e.params.Model }

// probeSegments runs the probe for EncodeSegments: it codes the first ProbeFrames frames of
// src under each candidate of p, one after another, and sets p.Model to the one taken. The
// stream is then coded afresh from frame 0.
func probeSegments(ctx context.Context, p *VideoParams, src FrameReaderAt, o options) error {
	if !probeApplies(p) {
		return nil
	}
	n := min(p.ProbeFrames, src.Frames())
	if n == 0 {
		return nil
	}
	cands := probeCandidates(p.Model)
	bytes := make([]int, len(cands))
	var payload []byte
	for i, m := range cands {
		q := *p
		q.Model = m
		c := newVideoCoder(&q, o)
		c.hash = nil
		c.setInterrupt(ctxInterrupter(ctx))
		for j := 0; j < n; j++ {
			f, err := c.segmentFrame(ctx, src, j)
			if err != nil {
				return err
			}
			b, _, coded, err := c.encodeFrame(f, payload[:0])
			if err != nil {
				if errors.Is(err, ErrInterrupted) {
					return ctx.Err()
				}
				return err
			}
			payload = b
			c.endFrame(len(b), coded)
			bytes[i] += len(b)
		}
	}
	p.Model = cands[probeBest(bytes)]
	return nil
}
