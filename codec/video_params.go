package codec

import (
	"fmt"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// Video sources: where a video stream's frames came from. It decides what the stream's raw
// content (hashed in the trailer) is and which outputs reproduce it exactly.
const (
	SourceY4M    = "y4m"    // raw content: the y4m file, byte for byte
	SourceOpenCV = "opencv" // raw content: the frames as OpenCV delivers them (interleaved BGR)
	SourceImages = "images" // raw content: interleaved samples, little-endian above 8 bits
	SourceCamera = "camera" // as SourceOpenCV
	SourceRaw    = "raw"    // raw content: planar samples (see vision.Frame.AppendRaw)
)

// VideoParams describes a video stream: everything a decoder needs, stored in the header.
type VideoParams struct {
	Layout    vision.Layout
	FrameRate vision.Rational
	Source    string
	Y4MHeader string // the y4m header line, verbatim, when Source is SourceY4M
	// Tiles is the number of horizontal bands each frame is cut into. Each band has its own
	// model and arithmetic coder, so bands are coded in parallel; the count, not the number
	// of threads, decides the bytes.
	Tiles int
	// SegmentFrames is the number of frames after which every model starts afresh, so that
	// a segment can be decoded (or salvaged) on its own; 0 makes the whole stream one segment.
	SegmentFrames int
	Model         predict.VideoConfig
	// ProbeFrames, when not 0, makes the encoder choose the motion knobs by a probe
	// (video_probe.go): before it writes the header it codes the first ProbeFrames frames
	// (at most MaxProbeFrames) under Model and under Model with MotionSplit turned over, and
	// codes the stream with the other setting only if it coded them in fewer bytes by more
	// than 0.5 %. An encoder setting, not stored: the header holds the knobs chosen.
	// NewVideoEncoder (also WithPixelCosts) and EncodeSegments take it (the same bytes); a
	// recording's video (NewMultiEncoder) and B frames keep Model.
	ProbeFrames int
}

// MaxTiles bounds VideoParams.Tiles.
const MaxTiles = 64

// Validate checks the parameters.
func (p *VideoParams) Validate() error {
	if err := p.Layout.Validate(); err != nil {
		return err
	}
	switch p.Source {
	case SourceY4M:
		if _, err := vision.ParseY4MHeader(p.Y4MHeader); err != nil {
			return err
		}
	case SourceOpenCV, SourceImages, SourceCamera, SourceRaw:
	default:
		return fmt.Errorf("unknown source %q", p.Source)
	}
	if p.Tiles < 1 || p.Tiles > MaxTiles {
		return fmt.Errorf("tiles %d outside 1..%d", p.Tiles, MaxTiles)
	}
	if p.SegmentFrames < 0 {
		return fmt.Errorf("segment length %d is negative", p.SegmentFrames)
	}
	if p.ProbeFrames < 0 || p.ProbeFrames > MaxProbeFrames {
		return fmt.Errorf("probe frames %d outside 0..%d", p.ProbeFrames, MaxProbeFrames)
	}
	if p.Model.Colour == predict.ColourYCoCgR && !colourApplies(p.Layout) {
		return fmt.Errorf("the YCoCg-R transform applies to BGR of at most 15 bits, not %s %d-bit", p.Layout.Format, p.Layout.Depth)
	}
	return p.Model.Validate()
}

func colourApplies(l vision.Layout) bool { return l.Format == vision.FormatBGR && l.Depth <= 15 }

// normalize drops settings that do not apply to the stream (a preset's colour transform on a
// y4m stream, say), so that the header says what the coder really does.
func (p *VideoParams) normalize() {
	if !colourApplies(p.Layout) {
		p.Model.Colour = predict.ColourNone
	}
}

func (p *VideoParams) marshal() []byte {
	l := NewParamList()
	l.SetInt("width", int64(p.Layout.Width))
	l.SetInt("height", int64(p.Layout.Height))
	l.SetInt("format", int64(p.Layout.Format))
	l.SetInt("depth", int64(p.Layout.Depth))
	l.SetInt("rate.num", int64(p.FrameRate.Num))
	l.SetInt("rate.den", int64(p.FrameRate.Den))
	l.SetString("source", p.Source)
	if p.Y4MHeader != "" {
		l.SetString("y4m.header", p.Y4MHeader)
	}
	l.SetInt("tiles", int64(p.Tiles))
	l.SetInt("segment", int64(p.SegmentFrames))
	m := p.Model
	l.SetInt("model.temporal", b2i64(m.Temporal))
	l.SetInt("model.mixer_rate", int64(m.MixerRate))
	l.SetInt("model.limit", int64(m.Limit))
	l.SetInt("model.motion_block", int64(m.MotionBlock))
	l.SetInt("model.motion_range", int64(m.MotionRange))
	l.SetInt("model.colour", int64(m.Colour))
	l.SetInt("model.sse", b2i64(m.SSE))
	l.SetInt("model.recurrence", b2i64(m.Recurrence))
	l.SetInt("model.subsample", int64(m.SubSample))
	if m.GAP {
		// Written only when set: files from before the knob have no key and no GAP.
		l.SetInt("model.gap", 1)
	}
	if m.MotionSplit {
		l.SetInt("model.motion_split", 1)
	}
	if m.MotionSplit && m.SplitGate {
		// Written only with the split, which it gates.
		l.SetInt("model.split_gate", 1)
	}
	if m.OBMC {
		l.SetInt("model.obmc", 1)
	}
	if m.GlobalWarp {
		l.SetInt("model.global_warp", 1)
	}
	if m.GlobalWarp && m.WarpSubs {
		// Written only with the warp, whose bands it applies to.
		l.SetInt("model.warp_subs", 1)
	}
	if m.UsesWarp2() {
		// Written only with the warp, whose bands it applies to, and without B frames.
		l.SetInt("model.warp2", 1)
	}
	if m.UsesWarp3() {
		l.SetInt("model.warp3", 1)
	}
	if m.GlobalWarp && m.WarpTaps != 0 {
		l.SetInt("model.warp_taps", int64(m.WarpTaps))
	}
	if m.ErrorCtx {
		l.SetInt("model.error_ctx", 1)
	}
	if m.Mix2 {
		l.SetInt("model.mix2", 1)
	}
	if m.SkipCtx {
		// Written only when set: files from before the knob have no key and no template.
		l.SetInt("model.skip_ctx", 1)
	}
	if m.SkipMed {
		// Written only when set (files from before the knob have no key).
		l.SetInt("model.skip_med", 1)
	}
	if m.SkipBlend {
		// Written only when set (files from before the knob have no key).
		l.SetInt("model.skip_blend", 1)
	}
	if m.LSPred != 0 {
		// Written only when set (files from before the knob have no key).
		l.SetInt("model.ls_pred", int64(m.LSPred))
	}
	if m.ResSets {
		// Written only when set (files from before the knob have no key).
		l.SetInt("model.res_sets", 1)
	}
	if m.TMatch {
		// Written only when set (files from before the knob have no key).
		l.SetInt("model.tmatch", 1)
	}
	if m.PResCtx {
		// Written only when set (files from before the knob have no key).
		l.SetInt("model.pres_ctx", 1)
	}

	if m.H264Filter && m.SubSample == 4 && m.MotionBlock > 0 {
		// Written only when set (files from before the knob have no key).
		l.SetInt("model.h264_filter", 1)
	}

	if m.UsesBlockRefs() > 1 {
		// Written only when on (files from before the knob have no key).
		l.SetInt("model.block_refs", int64(m.UsesBlockRefs()))
	}
	if m.TileMerge {
		// Written only when set (files from before the knob have no key).
		l.SetInt("model.tile_merge", 1)
	}
	if m.BandTop {
		// Written only when set (files from before the knob have no key).
		l.SetInt("model.band_top", 1)
	}
	if m.ResExcl {
		// Written only when set (files from before the knob have no key).
		l.SetInt("model.res_excl", 1)
	}
	if m.SkipFull {
		// Written only when set (files from before the knob have no key).
		l.SetInt("model.skip_full", 1)
	}
	if m.ResAPM {
		// Written only when set (files from before the knob have no key).
		l.SetInt("model.res_apm", 1)
	}
	if m.SkipHist != 0 {
		// Written only when set (files from before the knob have no key).
		l.SetInt("model.skip_hist", int64(m.SkipHist))
	}

	if m.BiPred {
		// Written only when set, like model.gap.
		l.SetInt("model.bipred", 1)
	}
	if m.BFrames {
		// Written only when set: files from before the knob have no key and no B frames.
		l.SetInt("model.bframes", 1)
		l.SetInt("model.bframe_backward", int64(m.BFrameBackward))
		l.SetInt("model.bframe_modes", b2i64(m.BFrameModes))
	}
	return l.Marshal()
}

func b2i64(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func unmarshalVideoParams(b []byte) (*VideoParams, error) {
	l, err := UnmarshalParamList(b)
	if err != nil {
		return nil, err
	}
	g := newParamGetter(l)
	p := &VideoParams{}
	p.Layout.Width = int(g.int("width", 1, vision.MaxDimension))
	p.Layout.Height = int(g.int("height", 1, vision.MaxDimension))
	p.Layout.Format = vision.PixelFormat(g.int("format", 1, 255))
	p.Layout.Depth = int(g.int("depth", vision.MinDepth, vision.MaxDepth))
	p.FrameRate.Num = int(g.int("rate.num", 0, 1<<31-1))
	p.FrameRate.Den = int(g.int("rate.den", 0, 1<<31-1))
	p.Source = g.str("source")
	p.Y4MHeader = g.str("y4m.header")
	p.Tiles = int(g.int("tiles", 1, MaxTiles))
	p.SegmentFrames = int(g.int("segment", 0, 1<<31-1))
	p.Model.Temporal = g.int("model.temporal", 0, 1) == 1
	p.Model.MixerRate = int(g.int("model.mixer_rate", 1, 64))
	p.Model.Limit = int(g.int("model.limit", 1, 1023))
	p.Model.MotionBlock = int(g.int("model.motion_block", 0, 64))
	p.Model.MotionRange = int(g.int("model.motion_range", 0, predict.MaxMotionRange))
	p.Model.Colour = int(g.int("model.colour", 0, 1))
	p.Model.SSE = g.int("model.sse", 0, 1) == 1
	p.Model.Recurrence = g.int("model.recurrence", 0, 1) == 1
	p.Model.SubSample = int(g.int("model.subsample", 1, 4))
	p.Model.GAP = g.optInt("model.gap", 0, 1, 0) == 1
	p.Model.BiPred = g.optInt("model.bipred", 0, 1, 0) == 1
	p.Model.MotionSplit = g.optInt("model.motion_split", 0, 1, 0) == 1
	p.Model.SplitGate = p.Model.MotionSplit && g.optInt("model.split_gate", 0, 1, 0) == 1
	p.Model.OBMC = g.optInt("model.obmc", 0, 1, 0) == 1
	p.Model.BFrames = g.optInt("model.bframes", 0, 1, 0) == 1
	p.Model.BFrameBackward = int(g.optInt("model.bframe_backward", 0, 1, 0))
	p.Model.BFrameModes = g.optInt("model.bframe_modes", 0, 1, 0) == 1
	p.Model.GlobalWarp = g.optInt("model.global_warp", 0, 1, 0) == 1
	p.Model.WarpSubs = g.optInt("model.warp_subs", 0, 1, 0) == 1
	p.Model.Warp2 = g.optInt("model.warp2", 0, 1, 0) == 1
	p.Model.Warp3 = g.optInt("model.warp3", 0, 1, 0) == 1
	p.Model.WarpTaps = int(g.optInt("model.warp_taps", 0, 8, 0))
	p.Model.ErrorCtx = g.optInt("model.error_ctx", 0, 1, 0) == 1
	p.Model.SkipCtx = g.optInt("model.skip_ctx", 0, 1, 0) == 1
	p.Model.Mix2 = g.optInt("model.mix2", 0, 1, 0) == 1
	p.Model.SkipMed = g.optInt("model.skip_med", 0, 1, 0) == 1
	p.Model.SkipBlend = g.optInt("model.skip_blend", 0, 1, 0) == 1
	p.Model.ResSets = g.optInt("model.res_sets", 0, 1, 0) == 1
	p.Model.LSPred = int(g.optInt("model.ls_pred", 0, 4, 0))
	p.Model.TMatch = g.optInt("model.tmatch", 0, 1, 0) == 1
	p.Model.PResCtx = g.optInt("model.pres_ctx", 0, 1, 0) == 1
	p.Model.H264Filter = g.optInt("model.h264_filter", 0, 1, 0) == 1
	p.Model.BlockRefs = int(g.optInt("model.block_refs", 0, 3, 0))
	p.Model.TileMerge = g.optInt("model.tile_merge", 0, 1, 0) == 1
	p.Model.BandTop = g.optInt("model.band_top", 0, 1, 0) == 1
	p.Model.ResExcl = g.optInt("model.res_excl", 0, 1, 0) == 1
	p.Model.SkipFull = g.optInt("model.skip_full", 0, 1, 0) == 1
	p.Model.ResAPM = g.optInt("model.res_apm", 0, 1, 0) == 1
	p.Model.SkipHist = int(g.optInt("model.skip_hist", 0, 7, 0))
	if err := g.finish(); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// RawPrefix is the stream's raw content before its first frame: the y4m header line.
func (p *VideoParams) RawPrefix() []byte {
	if p.Source == SourceY4M {
		return []byte(p.Y4MHeader + "\n")
	}
	return nil
}

// AppendRawContent appends frame f's share of the stream's raw content (see the Source
// constants), which the trailer's SHA-256 covers.
func (p *VideoParams) AppendRawContent(buf []byte, f *vision.Frame) []byte {
	buf = p.appendRawPrefix(buf, f)
	if p.rawInterleaved() {
		return vision.AppendInterleaved(buf, f)
	}
	return f.AppendRaw(buf)
}

// appendRawPrefix appends what frame f's raw content holds before its samples: a y4m's
// FRAME line, else nothing.
func (p *VideoParams) appendRawPrefix(buf []byte, f *vision.Frame) []byte {
	if p.Source == SourceY4M {
		buf = append(buf, "FRAME"...)
		buf = append(buf, f.Params...)
		buf = append(buf, '\n')
	}
	return buf
}

// rawInterleaved reports whether the raw content lays a frame's samples out pixel by pixel
// (vision.AppendInterleaved: sources other than y4m and raw planes, whose planes are all of
// one size), not planar (vision.Frame.AppendRaw).
func (p *VideoParams) rawInterleaved() bool {
	return p.Source != SourceY4M && p.Source != SourceRaw && p.Layout.Interleaved()
}
