package codec

import (
	"fmt"
	"strings"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// Preset is a ready-made choice of a video stream's coding parameters, from the fastest to the
// smallest files. The command line's --preset and the YAML files in configs/ hold the same
// values (a test checks it).
type Preset int

const (
	// PresetFast searches motion within ±16 samples at half-sample precision, without the
	// global warp: as small as PresetDefault on a static camera, larger on a moving one.
	PresetFast Preset = iota + 1
	// PresetDefault is the measured balance of size and speed: 4 tiles, segments of 500
	// frames, quarter-sample motion within ±32, the global warp and the residual's error
	// context and the skip flag's template context (predict.DefaultVideoConfig), and the
	// least-squares sub-predictor of the first plane (ls_pred 4: 0.3-0.5 % smaller on the
	// moving clips for about 3 % more encoder CPU, the decoder's the same), and the level of
	// P − the prediction in the residual's third context (pres_ctx: 0.2-1.3 % smaller on the
	// tuning clips for under 1 % more instructions; also in camera), and H.264's own
	// sub-sample filters as a third motion filter (h264_filter: 0.3-2.6 % smaller on the
	// H.264-decoded tuning clips, within bytes elsewhere, about 3 % more encoder CPU; also
	// in camera). The warp's
	// extra sub-predictors (warp_subs) and the second mixer weight sets (mix2) are left to
	// camera and max: on the real clips they save 0.26-0.33 % for 17-23 % more CPU, and 0.2
	// to 0.6 % for about 30 %. Each motion block may point into t−1, t−2 or t−3
	// (block_refs 3: 0.03-0.7 % smaller on the tuning clips, 12 % on Caminandes 2, for 5-8 %
	// more encoder instructions; also in max). The tiles' counter merge (tile_merge: under
	// 0.1 % over 150 frames for about 1 % of the decoder) is a knob in no preset. The rows
	// above a band read from P (band_top: 0.02-0.37 % smaller on six tuning clips, +0.07 %
	// on Caminandes 2, no more decoder instructions; also in camera; max has one tile, where it
	// does nothing).
	PresetDefault
	// PresetMax codes one tile in one segment, with secondary estimation, a faster mixer,
	// second mixer weight sets, the warp's extra sub-predictors and decoder-side template
	// matching (tmatch), besides the default's knobs: 1.2-3.1 % smaller files than
	// PresetDefault on the tuning clips, at half the speed or less.
	PresetMax
	// PresetCamera is PresetDefault with the optional motion candidates for a moving camera:
	// split motion blocks, the two-reference, the overlapped-block and the warp's extra
	// sub-predictors (warp_subs), and the second mixer weight sets (mix2). Smaller than PresetDefault on the hand-held and driving
	// clips and the pan, larger on the film clip (README). The encoder probes the split
	// (ProbeFrames 8): on a still camera's lossy-decoded video (vtest), where the split cost
	// 4.0 % over 300 frames, and on the synthetic pan it codes without it.
	PresetCamera
)

// Presets lists the presets from the fastest to the smallest files (camera: for a moving
// camera).
var Presets = []Preset{PresetFast, PresetDefault, PresetCamera, PresetMax}

// String returns the preset's name: "fast", "default", "camera" or "max".
func (p Preset) String() string {
	switch p {
	case PresetFast:
		return "fast"
	case PresetDefault:
		return "default"
	case PresetMax:
		return "max"
	case PresetCamera:
		return "camera"
	}
	return fmt.Sprintf("Preset(%d)", int(p))
}

// ParsePreset returns the preset of the given name (as String returns it).
func ParsePreset(name string) (Preset, error) {
	for _, p := range Presets {
		if p.String() == name {
			return p, nil
		}
	}
	var names []string
	for _, p := range Presets {
		names = append(names, p.String())
	}
	return 0, fmt.Errorf("codec: unknown preset %q (have %s)", name, strings.Join(names, ", "))
}

// VideoParams returns the preset's parameters for a stream of raw frames of layout l
// (SourceRaw, no frame rate): set Source, FrameRate and Y4MHeader to describe another.
func (p Preset) VideoParams(l vision.Layout) VideoParams {
	v := VideoParams{Layout: l, Source: SourceRaw, Tiles: 4, SegmentFrames: 500, Model: predict.DefaultVideoConfig()}
	switch p {
	case PresetDefault:
		v.Model.LSPred = 4
		v.Model.PResCtx = true
		v.Model.H264Filter = true
		v.Model.BlockRefs = 3
		v.Model.BandTop = true
		v.Model.ResExcl = true  // every clip 1.1-2.7 % smaller (MODEL.md "Where the bits go, and the residual the skip flag ruled out")
		v.Model.SkipFull = true // every clip 0.04-1.0 % smaller, decoding +2-3 % instructions (the same section)
	case PresetFast:
		v.Model.MotionRange, v.Model.SubSample = 16, 2
		v.Model.GlobalWarp, v.Model.WarpSubs, v.Model.SkipCtx, v.Model.SkipMed = false, false, false, false
		v.Model.Warp2, v.Model.Warp3, v.Model.ResSets = false, false, false
		v.Model.ResExcl = true // hand-held −1.62 %, pan −3.41 % (30 frames)
	case PresetMax:
		v.Tiles, v.SegmentFrames = 1, 0
		v.Model.MixerRate, v.Model.MotionRange, v.Model.SSE, v.Model.WarpSubs = 10, 64, true, true
		v.Model.Mix2, v.Model.ResSets = true, true // res_sets with mix2: 0.02-0.15 % smaller on the tuning clips
		v.Model.WarpTaps = 8
		v.Model.LSPred = 4
		v.Model.PResCtx, v.Model.H264Filter, v.Model.TMatch = true, true, true
		v.Model.BlockRefs = 3
		v.Model.ResExcl = true  // hand-held −1.35 %, pan −2.60 % (30 frames)
		v.Model.SkipFull = true // on top: hand-held −1.17 %, pan −0.10 %, Sintel −1.17 %, Caminandes 2 −0.33 % (30 frames)
		v.Model.ResAPM = true   // on top: hand-held −0.31 %, pan −0.12 %, Sintel −0.18 %, Caminandes 2 −0.13 % (30 frames), decoding +0.2 % instructions (its APM takes sse's place)
		v.Model.SkipHist = 7    // on top: hand-held −0.35 %, pan −0.07 % (30 frames; MODEL.md "Bit histories for the skip flag")
	case PresetCamera:
		v.Model.MotionSplit, v.Model.BiPred, v.Model.OBMC, v.Model.GlobalWarp = true, true, true, true
		v.Model.WarpSubs, v.Model.Mix2, v.Model.ResSets = true, true, false
		v.ProbeFrames = 8
		v.Model.LSPred = 4
		v.Model.PResCtx = true
		v.Model.H264Filter = true
		v.Model.BandTop = true  // hand-held −0.32 %, Caminandes 2 +0.18 % (MODEL.md "The band tops read from P")
		v.Model.ResExcl = true  // hand-held −1.49 %, pan −2.67 % (30 frames)
		v.Model.SkipFull = true // on top: hand-held −0.99 %, pan −0.05 %, Sintel −1.01 %, Caminandes 2 −0.20 % (30 frames)
	}
	return v
}

// DefaultVideoParams returns PresetDefault's parameters for a stream of raw frames of layout
// l. It is what NewVideoEncoder and EncodeSegments fill in for a zero Tiles or Model.
func DefaultVideoParams(l vision.Layout) VideoParams { return PresetDefault.VideoParams(l) }

// fillDefaults sets the zero fields that have no meaning of their own to the default preset's
// values: Source (SourceRaw), Tiles and Model. SegmentFrames 0 keeps its meaning (one segment).
func (p *VideoParams) fillDefaults() {
	d := DefaultVideoParams(p.Layout)
	if p.Source == "" {
		p.Source = d.Source
	}
	if p.Tiles == 0 {
		p.Tiles = d.Tiles
	}
	if p.Model == (predict.VideoConfig{}) {
		p.Model = d.Model
	}
}
