package predict

import "fmt"

// VideoConfig holds the video model's knobs. Every field is stored in the .vlm header, so a
// decoder rebuilds exactly the model the encoder used.
type VideoConfig struct {
	Temporal  bool // predict from the previous frame (skip flags, temporal predictors)
	MixerRate int  // learning rate of the logistic mixers (1..64)
	Limit     int  // slowest adaptation of the bit counters, in observations (1..1023)
	// MotionBlock is the block size of motion compensation in samples of the first coded
	// plane: 0 (off) or a power of two in 4..64. MotionRange is the largest displacement
	// searched, in samples (0..MaxMotionRange).
	MotionBlock int
	MotionRange int
	// Colour is the reversible colour transform applied to BGR frames before coding
	// (ColourNone or ColourYCoCgR).
	Colour int
	// SSE refines the main decisions' probabilities by secondary estimation.
	SSE bool
	// Recurrence enables the cosine-recurrence predictors (8x8 DCT basis patterns).
	Recurrence bool
	// GAP adds CALIC's gradient-adjusted predictor to the spatial sub-predictors of frames
	// coded without a previous one (a segment's first, still images).
	GAP bool
	// SubSample is the finest motion searched: 1 whole samples, 2 half samples (bilinear),
	// 4 quarter samples with the cubic filter too.
	SubSample int
	// BiPred adds two-reference sub-predictors: the frame before the previous one, displaced
	// by each block's vector chained with the previous frame's vector where it lands (twice
	// the vector when the previous frame had no field), averaged with the motion-compensated
	// previous frame, alone and corrected by the spatial median of its differences. No
	// vector is coded for it.
	BiPred bool
	// MotionSplit lets each MotionBlock block split into four blocks of half the size with
	// vectors of their own, where the encoder finds that it pays (one flag per block).
	MotionSplit bool
	// SplitGate, with MotionSplit, codes before each band's motion field whether the field
	// is split (the field of parent blocks with their split flags) or plain (one vector per
	// MotionBlock block, as without MotionSplit): the encoder keeps the split only in bands
	// where enough blocks gain from it (codec/video_tile.go, splitGateShare).
	SplitGate bool
	// OBMC adds overlapped-block sub-predictors: the mean of the motion-compensated sample
	// and its prediction by the vector of the block across the nearest block edge.
	OBMC bool
	// BFrames codes the frames of a segment in pairs out of order: frame 2k (an anchor)
	// from the anchor 2k−2, then frame 2k−1 (a B frame) from both anchors around it, its
	// forward prediction, its backward one and their average (see BFrameBackward).
	BFrames bool
	// BFrameBackward says where a B frame's backward vectors come from: 0 the forward
	// vector negated (nothing coded), 1 a second field searched against the later anchor
	// and coded.
	BFrameBackward int
	// BFrameModes codes per motion block of a B frame which prediction it takes as its
	// motion-compensated one (BModeAvg, BModeFwd, BModeBack), chosen by the encoder; without
	// it a B frame takes the forward one.
	BFrameModes bool
	// GlobalWarp adds the global-warp sub-predictors: the previous frame warped by an affine
	// map coded per band of each frame (Warp), interpolated at 1/64 sample for every sample,
	// alone and corrected by the spatial median of its differences.
	GlobalWarp bool
	// WarpSubs adds, in the bands whose global warp was coded, more sub-predictors: the mean
	// (GW + P + 1)/2 of the warped and the motion-compensated previous frames, an NLMS
	// prediction of the temporal difference from the neighbours' (video_lms.go), and the
	// two-reference ones of BiPred (the state keeps the frame before the previous one). Without
	// GlobalWarp it does nothing (and is not stored).
	WarpSubs bool
	// ErrorCtx adds a fifth context to the residual's decisions: the smallest local error of
	// the sub-predictors at the sample × the spread of the sub-predictions.
	ErrorCtx bool
	// SkipCtx adds a fourth counter to the skip flag's mixer: its context is a template of
	// ten neighbouring skip flags (W, WW, NWW..NEE of this frame, W, here and E of the
	// previous one) × the reference plane's flag.
	SkipCtx bool
	// Mix2 gives the residual's mixer a second weight set, chosen by the decision, the
	// temporal activity and the gradient, and the skip flag's mixer one chosen by the
	// position in the 8x8 block and the block's flags, each averaged with the first in the
	// stretched domain.
	Mix2 bool
	// SkipMed gives the skip flag's mixer a fifth counter, whose context is P − MED(W, N, NW)
	// (clamped to ±8) × the skipped flags of the ten-flag template × the reference flag × the
	// neighbours' temporal activity × the sign of the nearer of P − W and P − N, and chooses
	// its weight set by the temporal activity and |P − MED| too.
	SkipMed bool
	// SkipBlend computes the residual's prediction (the sub-predictors' blend, or the selected
	// sub-predictor, bias-corrected) before the skip flag and gives the skip flag's mixer a
	// seventh input, a counter whose context is |Pred − P| against the blend's expected error
	// (the smallest local error of the sub-predictors, as ErrorCtx has it); the residual then
	// reuses the prediction.
	SkipBlend bool
	// ResSets chooses the residual mixer's weight set (within the decision's) by the coarse
	// activity × the gradient (the fourth context's qg halved: 16 sets a decision) instead of
	// the coarse activity alone (4).
	ResSets bool
	// Warp2 adds, in the bands whose global warp was coded, a second warp: an affine map of
	// the band to the frame before the previous one (coded after the first), and three
	// sub-predictors from it: GW2 (that frame warped), the mean GWM = (GW + GW2 + 1)/2 and
	// GWM + MED of its differences at W, N, NW. GWM also replaces GW as P in the warp's
	// blocks, and as the residual's fourth context's last sign where its running error is the
	// lowest of P's, GW's and its own. The state keeps the frame before the previous one.
	// Without GlobalWarp it does nothing (and is not stored).
	Warp2 bool
	// Warp3 adds, with Warp2, in the bands whose second warp was coded, a third warp, to the
	// frame before that (t−3), and three more sub-predictors: GW3, GWM3 = (GW + GW2 + GW3 +
	// 1)/3 and GWM3 + MED of its differences at W, N, NW; GWM3 then takes GWM's places (the
	// warp blocks' P, the residual context's sign). The state keeps that frame too. Without
	// GlobalWarp and Warp2 it does nothing (and is not stored).
	Warp3 bool
	// WarpTaps is the warps' interpolation filter: 0 the 4x4 cubic (a = −3/4), 6 or 8 the
	// Lanczos filter of 6x6 or 8x8 taps (warp_taps.go). Without GlobalWarp it does nothing.
	WarpTaps int
	// LSPred adds, in the first coded plane of frames with a previous one, a least-squares
	// sub-predictor (video_ls.go): P plus a linear prediction of d = v − P from this frame's d
	// at the neighbours and the motion-compensated previous frame around P (and the warp),
	// whose coefficients the encoder fits per band and codes (0: off; taps sets 1, 2, 3, 4:
	// 11, 15, 19, 23 taps).
	LSPred int
	// TMatch adds decoder-side motion by template matching (video_tmatch.go): in bands with a
	// motion field (not B frames), both sides search per 8-sample column and 4-row half of
	// the first plane the whole-sample vector around the coded one whose displacement of the
	// previous frame best matches the two decoded rows above; TM, the previous frame displaced
	// by these vectors, gives the skip flag's third context the level of TM − P and the
	// residual's third context the sign of TM against the prediction.
	TMatch bool
	// PResCtx gives the residual's third context (in frames with a previous one) a factor of
	// seven: the level of P − the prediction (0, ±1, ±2..3, ±4 and beyond).
	PResCtx bool
	// H264Filter adds H.264's own sub-sample interpolation (FilterH264, motion_h264.go) as a
	// third filter of the block motion: the search tries it at the best fractional vector
	// and the quarter samples beside it, and the filter of a fractional vector is coded as
	// "H.264 or not", then bilinear or cubic. It needs SubSample 4 (without it, it does
	// nothing and is not stored).
	H264Filter bool
	// BlockRefs (model.block_refs), 2 or 3, lets each motion block point into one of the
	// BlockRefs frames before the current one (t−1, t−2, t−3 within the segment) with a
	// coded index per block (MotionField.Ref); 0 or 1: every block takes t−1. It needs
	// MotionBlock > 0 and neither MotionSplit nor BFrames (UsesBlockRefs).
	BlockRefs int
	// TileMerge merges, after every band of a frame is coded, the counters of each plane's
	// models of the bands (MergeModels), and every band codes the segment's next frame from
	// the merge. It does nothing with one tile.
	TileMerge bool
	// BandTop stands, in frames with a previous one, the motion-compensated previous frame P
	// in for the rows above a band that does not start the frame (the band above codes them
	// at the same time, so they are unknown): the band's first two rows read P's rows above
	// the band as their N, NW, NE and NN, and the previous frame's skip flags and residuals
	// of the row above as the row above's, instead of zeros (the rows of P start at the row
	// above the band: NN at the first row is P's row above too). It does nothing with one
	// tile, nor in frames without a previous one.
	BandTop bool
	// ResExcl closes, in frames with a previous one, the gap the skip flag leaves in the
	// residual: a sample that is not skipped is not P, so its residual is not D = P − the
	// prediction; with D ≠ 0 the residuals beyond D (on D's side, of larger magnitude) are
	// coded one step nearer to zero (r − 1 for D > 0 and r > D, r + 1 for D < 0 and r < D), and
	// no code is left for D itself. The decisions and their contexts are the same.
	ResExcl bool
	// SkipFull codes the skip flag with its mixed model also where the reference plane was
	// unchanged (its reference flag then 1), instead of one counter on the neighbours' flags.
	SkipFull bool
	// ResAPM refines the residual's zero flag, sign and first three exponent decisions by
	// secondary estimation (an APM, (p + 3·APM)/4) keyed by the decision × the blend's expected
	// error (eMin, 16 levels) × whether one sub-predictor was selected × P − the prediction
	// (−2..2; 0 without a previous frame). With SSE it takes the place of SSE's residual APM.
	ResAPM bool
	// SkipHist adds bit histories (indirect context models) to the skip flag's mixer: a bit
	// set of 1, the history of the skip flags at this sample's place in the plane over the
	// frames, and 2, a history per ten-flag template × reference flag × temporal activity ×
	// position in the block; each state's probability from an adaptive map (video_skiphist.go).
	// The skip flag then takes the Go path (no kernel). It needs SkipCtx (the template).
	SkipHist int
}

// UsesBlockRefs returns how many past frames a motion block may point into (1: the previous
// frame only): BlockRefs where the field is plain (no MotionSplit) and frames are coded in
// order (no BFrames).
func (c VideoConfig) UsesBlockRefs() int {
	if c.BlockRefs < 2 || c.MotionBlock <= 0 || !c.Temporal || c.MotionSplit || c.BFrames {
		return 1
	}
	return min(c.BlockRefs, 3)
}

// UsesWarp2 reports whether the second warp is on: Warp2 with the global warp and without B
// frames, which take the second reference themselves (with BFrames, Warp2 does nothing and
// is not stored).
func (c VideoConfig) UsesWarp2() bool { return c.GlobalWarp && c.Warp2 && !c.BFrames }

// UsesWarp3 reports whether the third warp is on: Warp3 where the second warp is.
func (c VideoConfig) UsesWarp3() bool { return c.UsesWarp2() && c.Warp3 }

// KeepsSecondReference reports whether the model may read the frame before the previous one
// in an ordinary (not B) frame: with BiPred, or with the warp's sub-predictors.
func (c VideoConfig) KeepsSecondReference() bool {
	return c.BiPred || c.GlobalWarp && c.WarpSubs || c.UsesWarp2() || c.UsesBlockRefs() > 1
}

// KeepsThirdReference reports whether the model may read the frame before that too (Warp3).
func (c VideoConfig) KeepsThirdReference() bool { return c.UsesWarp3() || c.UsesBlockRefs() > 2 }

// warpTaps returns the warps' interpolation filter's taps (0: the cubic).
func (c *VideoConfig) warpTaps() int { return c.WarpTaps }

// Colour transforms.
const (
	ColourNone   = 0 // planes as they come (BGR: G first, B and R predicted from it)
	ColourYCoCgR = 1 // YCoCg-R
)

// DefaultVideoConfig is the model the default preset uses.
func DefaultVideoConfig() VideoConfig {
	return VideoConfig{Temporal: true, MixerRate: 6, Limit: 255, MotionBlock: 16, MotionRange: 32, Colour: ColourYCoCgR, SSE: false, Recurrence: true, GAP: true, SubSample: 4,
		GlobalWarp: true, Warp2: true, Warp3: true, ErrorCtx: true, SkipCtx: true, SkipMed: true, ResSets: true}
}

// Validate checks that every knob is in range.
func (c VideoConfig) Validate() error {
	if c.MixerRate < 1 || c.MixerRate > 64 {
		return fmt.Errorf("mixer rate %d outside 1..64", c.MixerRate)
	}
	if c.Limit < 1 || c.Limit > 1023 {
		return fmt.Errorf("counter limit %d outside 1..1023", c.Limit)
	}
	if c.MotionBlock != 0 && (c.MotionBlock < 4 || c.MotionBlock > 64 || c.MotionBlock&(c.MotionBlock-1) != 0) {
		return fmt.Errorf("motion block %d is not 0 or a power of two in 4..64", c.MotionBlock)
	}
	if c.SplitGate && !c.MotionSplit {
		return fmt.Errorf("the split gate needs the motion split")
	}
	if c.MotionSplit && c.MotionBlock < 8 {
		return fmt.Errorf("motion split needs a motion block of at least 8, not %d", c.MotionBlock)
	}
	if c.Colour != ColourNone && c.Colour != ColourYCoCgR {
		return fmt.Errorf("unknown colour transform %d", c.Colour)
	}
	if c.SubSample != 1 && c.SubSample != 2 && c.SubSample != 4 {
		return fmt.Errorf("motion sub-sample precision %d is not 1, 2 or 4", c.SubSample)
	}
	if c.BFrames && c.BiPred {
		return fmt.Errorf("bframes and bipred both use the second reference: choose one")
	}
	if c.WarpTaps != 0 && c.WarpTaps != 6 && c.WarpTaps != 8 {
		return fmt.Errorf("warp filter taps %d is not 0, 6 or 8", c.WarpTaps)
	}
	if c.BlockRefs < 0 || c.BlockRefs > 3 {
		return fmt.Errorf("block references %d outside 0..3", c.BlockRefs)
	}
	if c.SkipHist < 0 || c.SkipHist > 7 {
		return fmt.Errorf("skip histories %d is not 0..7", c.SkipHist)
	}
	if c.SkipHist != 0 && !c.SkipCtx {
		return fmt.Errorf("skip histories need the skip flag's template (skip_ctx)")
	}
	if c.LSPred < 0 || c.LSPred > 4 {
		return fmt.Errorf("least-squares taps set %d is not 0, 1, 2, 3 or 4", c.LSPred)
	}
	if c.BFrameBackward < 0 || c.BFrameBackward > 1 {
		return fmt.Errorf("B-frame backward mode %d is not 0 or 1", c.BFrameBackward)
	}
	if c.MotionRange < 0 || c.MotionRange > MaxMotionRange {
		return fmt.Errorf("motion range %d outside 0..%d", c.MotionRange, MaxMotionRange)
	}
	return nil
}

// MaxMotionRange bounds VideoConfig.MotionRange, in samples.
const MaxMotionRange = 256
