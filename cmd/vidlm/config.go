package main

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/configs"
	"github.com/vidlm/vidlm/internal/predict"
)

// settings are what a preset fixes and a user may override. Each field is a key of a config
// file (its mapstructure tag, nested under model:), a VIDLM_* environment variable (the key
// in capitals, dots as underscores) and a flag (modelFlags).
type settings struct {
	Tiles   int           `mapstructure:"tiles"`
	Segment int           `mapstructure:"segment"`
	Probe   int           `mapstructure:"probe_frames"`
	Model   modelSettings `mapstructure:"model"`
}

type modelSettings struct {
	Temporal    bool   `mapstructure:"temporal"`
	MixerRate   int    `mapstructure:"mixer_rate"`
	Limit       int    `mapstructure:"limit"`
	MotionBlock int    `mapstructure:"motion_block"`
	MotionRange int    `mapstructure:"motion_range"`
	Colour      string `mapstructure:"colour"`
	SSE         bool   `mapstructure:"sse"`
	Recurrence  bool   `mapstructure:"recurrence"`
	GAP         bool   `mapstructure:"gap"`
	SubSample   int    `mapstructure:"subsample"`
	BiPred      bool   `mapstructure:"bipred"`
	MotionSplit bool   `mapstructure:"motion_split"`
	SplitGate   bool   `mapstructure:"split_gate"`
	OBMC        bool   `mapstructure:"obmc"`
	BFrames     bool   `mapstructure:"bframes"`
	BFrameBack  int    `mapstructure:"bframe_backward"`
	BFrameModes bool   `mapstructure:"bframe_modes"`
	GlobalWarp  bool   `mapstructure:"global_warp"`
	WarpSubs    bool   `mapstructure:"warp_subs"`
	Warp2       bool   `mapstructure:"warp2"`
	Warp3       bool   `mapstructure:"warp3"`
	WarpTaps    int    `mapstructure:"warp_taps"`
	ErrorCtx    bool   `mapstructure:"error_ctx"`
	SkipCtx     bool   `mapstructure:"skip_ctx"`
	Mix2        bool   `mapstructure:"mix2"`
	SkipMed     bool   `mapstructure:"skip_med"`
	SkipBlend   bool   `mapstructure:"skip_blend"`
	ResSets     bool   `mapstructure:"res_sets"`
	LSPred      int    `mapstructure:"ls_pred"`
	TMatch      bool   `mapstructure:"tmatch"`
	PResCtx     bool   `mapstructure:"pres_ctx"`
	H264Filter  bool   `mapstructure:"h264_filter"`
	BlockRefs   int    `mapstructure:"block_refs"`
	TileMerge   bool   `mapstructure:"tile_merge"`
	BandTop     bool   `mapstructure:"band_top"`
	ResExcl     bool   `mapstructure:"res_excl"`
	SkipFull    bool   `mapstructure:"skip_full"`
	ResAPM      bool   `mapstructure:"res_apm"`
	SkipHist    int    `mapstructure:"skip_hist"`
}

// modelFlags are the flags of the settings: key is the setting's key, flag the flag's name.
var modelFlags = []struct {
	key, flag, usage string
}{
	{"tiles", "tiles", "horizontal bands per frame, coded in parallel (part of the format: changes the bytes)"},
	{"segment", "segment", "frames per independent segment (0: one segment)"},
	{"probe_frames", "probe-frames", "choose the motion knobs by coding the first N frames under a few knob sets before the header (0: off; encoder only, not stored)"},
	{"model.temporal", "temporal", "predict from the previous frame"},
	{"model.mixer_rate", "mixer-rate", "learning rate of the logistic mixers"},
	{"model.limit", "limit", "slowest adaptation of the bit counters"},
	{"model.motion_block", "motion-block", "motion compensation block size in samples (0: off)"},
	{"model.motion_range", "motion-range", "largest motion searched, in samples"},
	{"model.colour", "colour", "colour transform of BGR input: ycocg or none"},
	{"model.sse", "sse", "secondary estimation of the main decisions"},
	{"model.recurrence", "recurrence", "cosine-recurrence predictors for 8x8 DCT patterns"},
	{"model.gap", "gap", "CALIC's gradient-adjusted predictor in frames without a previous one"},
	{"model.subsample", "subsample", "finest motion precision: 1, 2 (half, bilinear) or 4 (quarter, cubic too)"},
	{"model.motion_split", "motion-split", "split motion blocks into four with vectors of their own where it pays"},
	{"model.split_gate", "split-gate", "with motion_split: a flag per band and frame, the band's field split only where a fifth of its blocks gain"},
	{"model.obmc", "obmc", "overlapped-block sub-predictors from the neighbouring blocks' vectors"},
	{"model.bipred", "bipred", "two-reference sub-predictors: the frame before the previous one, along the chained vectors"},
	{"model.bframes", "bframes", "B frames: odd frames of a segment coded after the next one, from both neighbours"},
	{"model.bframe_backward", "bframe-backward", "B frames' backward vectors: 0 the forward ones negated, 1 searched and coded"},
	{"model.bframe_modes", "bframe-modes", "B frames: per block, the mean, the forward or the backward prediction (chosen by the encoder, coded)"},
	{"model.global_warp", "global-warp", "global-warp sub-predictors: the previous frame warped by an affine map coded per band and frame"},
	{"model.warp_subs", "warp-subs", "with global-warp: in bands with a warp, the (warp + P)/2 and NLMS sub-predictors too"},
	{"model.warp2", "warp2", "with global-warp: in bands with a warp, a second warp to the frame before the previous one and its sub-predictors (off with bframes)"},
	{"model.warp3", "warp3", "with warp2: a third warp, to the frame before the second one, and the three warps' mean"},
	{"model.warp_taps", "warp-taps", "with global-warp: the warps' interpolation filter, 0 the 4x4 cubic, 6 or 8 Lanczos taps"},
	{"model.error_ctx", "error-ctx", "the residual's fifth context: the sub-predictors' smallest local error and their spread"},
	{"model.mix2", "mix2", "second weight sets for the residual's mixer (temporal activity x gradient) and the skip flag's (block position and flags)"},
	{"model.skip_ctx", "skip-ctx", "the skip flag's fourth context: a template of ten neighbouring skip flags"},
	{"model.skip_med", "skip-med", "the skip flag's fifth counter: P against the spatial median MED(W, N, NW)"},
	{"model.skip_blend", "skip-blend", "the skip flag's counter of the residual's prediction against P, by the blend's expected error"},
	{"model.res_sets", "res-sets", "the residual mixer's weight set by activity x gradient (16 a decision) instead of activity (4)"},
	{"model.ls_pred", "ls-pred", "a least-squares sub-predictor of the first plane whose coefficients the encoder fits per band: 0 off, 1, 2, 3, 4 its taps sets of 11, 15, 19, 23 taps (4 best)"},
	{"model.tmatch", "tmatch", "decoder-side motion by template matching: both sides search whole-sample vectors on the decoded rows above each block; the result sharpens the skip flag's and the residual's contexts"},
	{"model.pres_ctx", "pres-ctx", "the residual's third context by the level of P minus the prediction too (7 levels)"},
	{"model.h264_filter", "h264-filter", "H.264's own sub-sample filters (6-tap luma quarter samples, bilinear chroma eighths) as a third motion filter"},
	{"model.block_refs", "block-refs", "past frames a motion block may point into, with an index coded per block: 1 (the previous frame only), 2 or 3"},
	{"model.tile_merge", "tile-merge", "at each frame's end, the counters of each plane's models of the bands merged: a band's counter of fewer than 64 observations takes the bands' count-weighted mean; every band codes the next frame from the merge"},
	{"model.skip_full", "skip-full", "the skip flag's mixed model also where the reference plane was unchanged, instead of one counter on the neighbours' flags"},
	{"model.res_excl", "res-excl", "the residual of a sample that is not skipped coded without a code for P − the prediction (which the skip flag excluded): the residuals beyond it one step nearer to zero"},
	{"model.res_apm", "res-apm", "secondary estimation (an APM) of the residual's zero flag, sign and first exponent decisions by the blend's expected error, whether one sub-predictor was selected and P minus the prediction"},
	{"model.skip_hist", "skip-hist", "bit histories (indirect models) as inputs of the skip flag's mixer: 0 off, 1 the history at the sample's place over the frames, 2 and 4 two hashed contexts (bits, added), 7 all"},
	{"model.band_top", "band-top", "the rows above a band that does not start the frame, unknown while the bands are coded at once, stood in by the motion-compensated previous frame's rows (their skip flags and residuals by the previous frame's)"},
}

// settingKeys lists the keys of settings, from the struct's tags ("model.mixer_rate", ...).
func settingKeys() []string {
	var keys []string
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := range t.NumField() {
			f := t.Field(i)
			key := prefix + f.Tag.Get("mapstructure")
			if f.Type.Kind() == reflect.Struct {
				walk(f.Type, key+".")
			} else {
				keys = append(keys, key)
			}
		}
	}
	walk(reflect.TypeFor[settings](), "")
	return keys
}

// addModelFlags adds --preset, --config and the settings' flags to cmd, typed as the fields
// of settings are.
func addModelFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.String("preset", "default", "model preset: "+strings.Join(configs.Names(), ", ")+" (env VIDLM_PRESET)")
	f.String("config", "", "YAML file of settings, applied over the preset (env VIDLM_CONFIG)")
	kinds := map[string]reflect.Kind{}
	for _, key := range settingKeys() {
		var s settings
		v := reflect.ValueOf(&s).Elem()
		for _, name := range strings.Split(key, ".") {
			v = fieldByTag(v, name)
		}
		kinds[key] = v.Kind()
	}
	for _, m := range modelFlags {
		switch kinds[m.key] {
		case reflect.Bool:
			f.Bool(m.flag, false, m.usage)
		case reflect.String:
			f.String(m.flag, "", m.usage)
		default:
			f.Int(m.flag, 0, m.usage)
		}
	}
}

// fieldByTag returns the field of struct v whose mapstructure tag is name.
func fieldByTag(v reflect.Value, name string) reflect.Value {
	for i := range v.NumField() {
		if v.Type().Field(i).Tag.Get("mapstructure") == name {
			return v.Field(i)
		}
	}
	panic("no setting " + name)
}

// loadSettings resolves the settings for cmd: the preset (--preset, else VIDLM_PRESET), the
// config file (--config, else VIDLM_CONFIG) over it, the environment over both and the flags
// a user set over everything.
func loadSettings(cmd *cobra.Command) (*settings, error) {
	preset := cmd.Flags().Lookup("preset")
	name := preset.Value.String()
	if env := os.Getenv("VIDLM_PRESET"); env != "" && !preset.Changed {
		name = env
	}
	return resolveSettings(cmd, name, configFlag(cmd))
}

// configFlag returns the config file named by --config, else by VIDLM_CONFIG.
func configFlag(cmd *cobra.Command) string {
	if f := cmd.Flags().Lookup("config"); f.Changed {
		return f.Value.String()
	}
	return os.Getenv("VIDLM_CONFIG")
}

// resolveSettings returns the settings of the named preset with the config file (if file is
// not empty) over it, the environment over both and the flags of cmd a user set over all.
// An unknown preset, an unknown key in the file or a value of the wrong type is a usage error.
func resolveSettings(cmd *cobra.Command, preset, file string) (*settings, error) {
	v := viper.New()
	v.SetEnvPrefix("VIDLM")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	v.SetConfigType("yaml")
	text, err := configs.Preset(preset)
	if err != nil {
		return nil, usageError{err}
	}
	if err := v.ReadConfig(bytes.NewReader(text)); err != nil {
		return nil, fmt.Errorf("preset %s: %w", preset, err)
	}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		if err := checkKeys(b, file); err != nil {
			return nil, err
		}
		if err := v.MergeConfig(bytes.NewReader(b)); err != nil {
			return nil, usageError{fmt.Errorf("%s: %w", file, err)}
		}
	}
	for _, m := range modelFlags {
		if err := v.BindPFlag(m.key, cmd.Flags().Lookup(m.flag)); err != nil {
			return nil, err
		}
	}
	var s settings
	if err := v.UnmarshalExact(&s); err != nil {
		// mapstructure's message lists the errors on lines of their own after a heading.
		msg := strings.TrimPrefix(err.Error(), "decoding failed due to the following error(s):")
		return nil, usageError{fmt.Errorf("settings: %s", strings.Join(strings.Fields(msg), " "))}
	}
	return &s, nil
}

// checkKeys refuses a config file with a key that is not a setting, naming the key and the
// file: a misspelt key would otherwise be ignored in silence.
func checkKeys(text []byte, file string) error {
	f := viper.New()
	f.SetConfigType("yaml")
	if err := f.ReadConfig(bytes.NewReader(text)); err != nil {
		return usageError{fmt.Errorf("%s: %w", file, err)}
	}
	known := settingKeys()
	for _, k := range f.AllKeys() {
		if !slices.Contains(known, k) {
			return usageError{fmt.Errorf("%s: unknown setting %q (have %s)", file, k, strings.Join(known, ", "))}
		}
	}
	return nil
}

// videoSettings sets a stream's tiling, segmenting and model from resolved settings.
func videoSettings(s *settings, p *codec.VideoParams) error {
	if s.Tiles < 1 || s.Tiles > codec.MaxTiles {
		// The library takes 0 for the default; on the command line it is a mistake.
		return usageError{fmt.Errorf("setting tiles: %d outside 1..%d", s.Tiles, codec.MaxTiles)}
	}
	m := s.Model
	p.Tiles, p.SegmentFrames, p.ProbeFrames = s.Tiles, s.Segment, s.Probe
	p.Model = predict.VideoConfig{Temporal: m.Temporal, MixerRate: m.MixerRate, Limit: m.Limit,
		MotionBlock: m.MotionBlock, MotionRange: m.MotionRange, SSE: m.SSE, Recurrence: m.Recurrence,
		GAP: m.GAP, SubSample: m.SubSample, BiPred: m.BiPred, MotionSplit: m.MotionSplit, SplitGate: m.SplitGate, OBMC: m.OBMC,
		BFrames: m.BFrames, BFrameBackward: m.BFrameBack, BFrameModes: m.BFrameModes,
		GlobalWarp: m.GlobalWarp, WarpSubs: m.WarpSubs, Warp2: m.Warp2, Warp3: m.Warp3, WarpTaps: m.WarpTaps, ErrorCtx: m.ErrorCtx, SkipCtx: m.SkipCtx, Mix2: m.Mix2,
		SkipMed: m.SkipMed, SkipBlend: m.SkipBlend, ResSets: m.ResSets, LSPred: m.LSPred, TMatch: m.TMatch, PResCtx: m.PResCtx,
		H264Filter: m.H264Filter, BlockRefs: m.BlockRefs, TileMerge: m.TileMerge, BandTop: m.BandTop, ResExcl: m.ResExcl, SkipFull: m.SkipFull,
		ResAPM: m.ResAPM, SkipHist: m.SkipHist}
	switch c := strings.ToLower(m.Colour); c {
	case "ycocg", "ycocg-r":
		p.Model.Colour = predict.ColourYCoCgR
	case "none":
		p.Model.Colour = predict.ColourNone
	default:
		return usageError{fmt.Errorf("setting model.colour: %q is not ycocg or none", c)}
	}
	if p.SegmentFrames < 0 {
		return usageError{fmt.Errorf("setting segment: %d is negative", p.SegmentFrames)}
	}
	if p.ProbeFrames < 0 || p.ProbeFrames > codec.MaxProbeFrames {
		return usageError{fmt.Errorf("setting probe_frames: %d outside 0..%d", p.ProbeFrames, codec.MaxProbeFrames)}
	}
	// Every model knob is checked here, before an input is opened or an output made, so
	// that a value out of range is a mistake in the command line (exit status 2).
	if err := p.Model.Validate(); err != nil {
		return usageError{fmt.Errorf("settings: %w", err)}
	}
	return nil
}
