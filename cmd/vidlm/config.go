package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/configs"
	"github.com/vidlm/vidlm/predict"
)

// modelFlags are the settings a preset fixes and a user may override: each is a flag, a key
// of a config file and a VIDLM_* environment variable (dots become underscores).
var modelFlags = []struct {
	key, flag, usage string
	kind             string // "int", "bool" or "string"
}{
	{"tiles", "tiles", "horizontal bands per frame, coded in parallel (part of the format: changes the bytes)", "int"},
	{"segment", "segment", "frames per independent segment (0: one segment)", "int"},
	{"model.temporal", "temporal", "predict from the previous frame", "bool"},
	{"model.mixer_rate", "mixer-rate", "learning rate of the logistic mixers", "int"},
	{"model.limit", "limit", "slowest adaptation of the bit counters", "int"},
	{"model.motion_block", "motion-block", "motion compensation block size in samples (0: off)", "int"},
	{"model.motion_range", "motion-range", "largest motion searched, in samples", "int"},
	{"model.colour", "colour", "colour transform of BGR input: ycocg or none", "string"},
	{"model.sse", "sse", "secondary estimation of the main decisions", "bool"},
	{"model.recurrence", "recurrence", "cosine-recurrence predictors for 8x8 DCT patterns", "bool"},
	{"model.gap", "gap", "CALIC's gradient-adjusted predictor in frames without a previous one", "bool"},
	{"model.subsample", "subsample", "finest motion precision: 1, 2 (half, bilinear) or 4 (quarter, cubic too)", "int"},
}

// addModelFlags adds --preset, --config and the model settings to cmd.
func addModelFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.String("preset", "default", "model preset: "+strings.Join(configs.Names(), ", ")+" (env VIDLM_PRESET)")
	f.String("config", "", "YAML file of settings, applied over the preset (env VIDLM_CONFIG)")
	for _, m := range modelFlags {
		switch m.kind {
		case "bool":
			f.Bool(m.flag, false, m.usage)
		case "string":
			f.String(m.flag, "", m.usage)
		default:
			f.Int(m.flag, 0, m.usage)
		}
	}
}

// loadSettings resolves the settings for cmd: the preset, then the config file, then the
// environment; videoSettings lets the flags a user set override all three.
func loadSettings(cmd *cobra.Command) (settingsGetter, error) {
	v := newSettings()
	preset := v.GetString("preset")
	if f := cmd.Flags().Lookup("preset"); f.Changed || preset == "" {
		preset = f.Value.String()
	}
	file := v.GetString("config")
	if f := cmd.Flags().Lookup("config"); f.Changed {
		file = f.Value.String()
	}
	if err := readSettings(v, preset, file); err != nil {
		return nil, err
	}
	return v, nil
}

// newSettings returns an empty set of settings that reads VIDLM_* environment variables.
func newSettings() *viper.Viper {
	v := viper.New()
	v.SetEnvPrefix("VIDLM")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	return v
}

// readSettings loads a preset into v, then the config file over it (if file is not empty).
func readSettings(v *viper.Viper, preset, file string) error {
	text, err := configs.Preset(preset)
	if err != nil {
		return usageError{err}
	}
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(text)); err != nil {
		return fmt.Errorf("preset %s: %w", preset, err)
	}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		if err := v.MergeConfig(bytes.NewReader(b)); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
	}
	v.Set("preset", preset)
	return nil
}

// videoSettings builds a stream's tiling, segmenting and model from resolved settings.
func videoSettings(v settingsGetter, cmd *cobra.Command, p *codec.VideoParams) error {
	get := func(key, flag string) any {
		if cmd.Flags().Lookup(flag).Changed {
			return cmd.Flags().Lookup(flag).Value.String()
		}
		return v.Get(key)
	}
	var err error
	toInt := func(key, flag string) int {
		n, e := castInt(get(key, flag))
		if e != nil && err == nil {
			err = fmt.Errorf("setting %s: %v", key, e)
		}
		return n
	}
	toBool := func(key, flag string) bool {
		s := fmt.Sprint(get(key, flag))
		switch strings.ToLower(s) {
		case "true", "1", "yes", "on":
			return true
		case "false", "0", "no", "off", "<nil>", "":
			return false
		}
		if err == nil {
			err = fmt.Errorf("setting %s: %q is not a boolean", key, s)
		}
		return false
	}
	p.Tiles = toInt("tiles", "tiles")
	p.SegmentFrames = toInt("segment", "segment")
	p.Model = predict.VideoConfig{
		Temporal:    toBool("model.temporal", "temporal"),
		MixerRate:   toInt("model.mixer_rate", "mixer-rate"),
		Limit:       toInt("model.limit", "limit"),
		MotionBlock: toInt("model.motion_block", "motion-block"),
		MotionRange: toInt("model.motion_range", "motion-range"),
		SSE:         toBool("model.sse", "sse"),
		Recurrence:  toBool("model.recurrence", "recurrence"),
		GAP:         toBool("model.gap", "gap"),
		SubSample:   toInt("model.subsample", "subsample"),
	}
	switch c := strings.ToLower(fmt.Sprint(get("model.colour", "colour"))); c {
	case "ycocg", "ycocg-r":
		p.Model.Colour = predict.ColourYCoCgR
	case "none", "", "<nil>":
		p.Model.Colour = predict.ColourNone
	default:
		if err == nil {
			err = fmt.Errorf("setting model.colour: %q is not ycocg or none", c)
		}
	}
	if err != nil {
		return usageError{err}
	}
	return nil
}

func castInt(x any) (int, error) {
	switch t := x.(type) {
	case int:
		return t, nil
	case int64:
		return int(t), nil
	case float64:
		if t != float64(int(t)) {
			return 0, fmt.Errorf("%v is not a whole number", t)
		}
		return int(t), nil
	case string:
		var n int
		if _, err := fmt.Sscan(t, &n); err != nil {
			return 0, fmt.Errorf("%q is not a whole number", t)
		}
		return n, nil
	case nil:
		return 0, fmt.Errorf("not set")
	}
	return 0, fmt.Errorf("%v is not a whole number", x)
}

// settingsGetter is the part of viper the commands use.
type settingsGetter interface {
	Get(key string) any
	GetString(key string) string
}
