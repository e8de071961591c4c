package experiment

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/viper"

	"github.com/vidlm/vidlm/samples"
)

// Config is one experiment: a world, how it is observed, and the ladder that codes it.
type Config struct {
	File    string             `json:"file"`
	Name    string             `json:"name"`
	World   string             `json:"world"`
	Samples int                `json:"samples"`
	Seed    uint64             `json:"seed"`
	Params  map[string]float64 `json:"params"` // every world parameter, defaults filled in
	Rungs   []string           `json:"rungs"`
	Law     LawConfig          `json:"law"`
	Video   VideoConfig        `json:"video"`
}

// VideoConfig says how the world is filmed.
type VideoConfig struct {
	Frames int     `json:"frames"` // 0: no video
	Every  int     `json:"every"`  // samples per frame
	Size   int     `json:"size"`   // width and height in pixels
	Radius float64 `json:"radius"` // of the disc, in pixels
	Noise  float64 `json:"noise"`  // σ of the pixel noise, in gray levels
}

// Sweep is a key given several values: one run per value.
type Sweep struct {
	Key    string   `json:"key"`
	Values []string `json:"values"`
}

// configKeys are the keys a config may hold besides params.*, with their kinds.
var configKeys = map[string]string{
	"name": "string", "world": "string", "samples": "int", "seed": "int", "rungs": "list",
	"law.window": "int", "law.gains": "list", "law.memory": "int", "law.candidates": "list",
	"video.frames": "int", "video.every": "int", "video.size": "int", "video.radius": "float",
	"video.noise": "float",
}

// ConfigError is a problem with a config: the file and the key it is about.
type ConfigError struct {
	File, Key, Reason string
}

func (e *ConfigError) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("%s: %s", e.File, e.Reason)
	}
	return fmt.Sprintf("%s: %s: %s", e.File, e.Key, e.Reason)
}

// LoadConfig reads an experiment config (YAML, through viper), applies the environment
// (VIDLM_EXPERIMENT_SAMPLES, VIDLM_EXPERIMENT_PARAMS_NOISE, ...) and the --set overrides
// ("key=value"; "key=v1,v2,..." is a sweep, one key at a time, of the sensor logs only (no
// video); a world parameter may be named without its "params." prefix), and checks every key
// and value.
//
// data, when not nil, is the config's text (a shipped config); otherwise file is read.
func LoadConfig(file string, data []byte, sets []string) (*Config, *Sweep, error) {
	v := viper.New()
	v.SetConfigType("yaml")
	var err error
	if data != nil {
		err = v.ReadConfig(bytes.NewReader(data))
	} else {
		v.SetConfigFile(file)
		err = v.ReadInConfig()
	}
	if err != nil {
		return nil, nil, &ConfigError{File: file, Reason: err.Error()}
	}
	v.SetEnvPrefix("VIDLM_EXPERIMENT")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	world := v.GetString("world")
	params := samples.WorldParams(world)
	if params == nil {
		return nil, nil, &ConfigError{File: file, Key: "world", Reason: fmt.Sprintf("unknown world %q (have %s)", world, strings.Join(samples.WorldKinds(), ", "))}
	}
	isParam := func(k string) bool {
		return slices.ContainsFunc(params, func(p samples.Param) bool { return p.Name == k })
	}
	var sweep *Sweep
	for _, s := range sets {
		k, val, ok := strings.Cut(s, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok || k == "" {
			return nil, nil, &ConfigError{File: file, Key: s, Reason: "--set wants key=value"}
		}
		if isParam(k) {
			k = "params." + k
		}
		if _, known := configKeys[k]; !known && !(strings.HasPrefix(k, "params.") && isParam(strings.TrimPrefix(k, "params."))) {
			return nil, nil, &ConfigError{File: file, Key: k, Reason: "unknown key (--set)"}
		}
		if k == "world" {
			return nil, nil, &ConfigError{File: file, Key: k, Reason: "the world cannot be changed by --set"}
		}
		vals := []string{val}
		if configKeys[k] != "list" {
			var err error
			if vals, err = splitValues(val); err != nil {
				return nil, nil, &ConfigError{File: file, Key: k, Reason: err.Error()}
			}
		}
		if configKeys[k] != "list" && len(vals) > 1 {
			if sweep != nil {
				return nil, nil, &ConfigError{File: file, Key: k, Reason: "only one key can be swept at a time (already sweeping " + sweep.Key + ")"}
			}
			sweep = &Sweep{Key: k, Values: vals}
			v.Set(k, vals[0])
			continue
		}
		if configKeys[k] != "list" {
			val = vals[0] // a range of one value
		}
		v.Set(k, val)
	}
	if sweep != nil {
		v.Set("video.frames", 0) // a sweep codes the sensor logs only
	}
	c, err := configFrom(v, file, params)
	if err != nil {
		return nil, nil, err
	}
	if sweep != nil {
		for _, val := range sweep.Values {
			if _, err := c.With(sweep.Key, val); err != nil {
				return nil, nil, err
			}
		}
	}
	return c, sweep, nil
}

// With returns a copy of c with key set to val (the sweep), checked.
func (c *Config) With(key, val string) (*Config, error) {
	v := viper.New()
	for k, x := range c.settings() {
		v.Set(k, x)
	}
	v.Set(key, val)
	return configFrom(v, c.File, samples.WorldParams(c.World))
}

// settings returns c as viper keys.
func (c *Config) settings() map[string]any {
	m := map[string]any{
		"name": c.Name, "world": c.World, "samples": c.Samples, "seed": int64(c.Seed), "rungs": c.Rungs,
		"law.window": c.Law.Window, "law.gains": c.Law.Gains, "law.memory": c.Law.Memory, "law.candidates": c.Law.Candidates,
		"video.frames": c.Video.Frames, "video.every": c.Video.Every, "video.size": c.Video.Size,
		"video.radius": c.Video.Radius, "video.noise": c.Video.Noise,
	}
	for k, x := range c.Params {
		m["params."+k] = x
	}
	return m
}

func configFrom(v *viper.Viper, file string, params []samples.Param) (*Config, error) {
	bad := func(key, format string, a ...any) error {
		return &ConfigError{File: file, Key: key, Reason: fmt.Sprintf(format, a...)}
	}
	keys := v.AllKeys()
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := configKeys[k]; ok {
			continue
		}
		if strings.HasPrefix(k, "vidlm.") {
			continue // the record of the vidlm that wrote a result's config.yaml
		}
		if p, ok := strings.CutPrefix(k, "params."); ok && slices.ContainsFunc(params, func(q samples.Param) bool { return q.Name == p }) {
			continue
		}
		return nil, bad(k, "unknown key")
	}
	c := &Config{File: file, Params: map[string]float64{}}
	var err error
	getInt := func(key string, def int, lo, hi int) int {
		x := v.Get(key)
		if x == nil || err != nil {
			return def
		}
		f, e := toFloat(x)
		if e != nil || f != math.Trunc(f) {
			err = bad(key, "%v is not an integer", x)
			return def
		}
		if f < float64(lo) || f > float64(hi) {
			err = bad(key, "%v is out of range [%d, %d]", x, lo, hi)
			return def
		}
		return int(f)
	}
	getFloat := func(key string, def, lo, hi float64) float64 {
		x := v.Get(key)
		if x == nil || err != nil {
			return def
		}
		f, e := toFloat(x)
		if e != nil {
			err = bad(key, "%v is not a number", x)
			return def
		}
		if f < lo || f > hi || math.IsNaN(f) {
			err = bad(key, "%v is out of range [%g, %g]", x, lo, hi)
			return def
		}
		return f
	}
	getList := func(key string, allowed []string) []string {
		x := v.Get(key)
		if x == nil || err != nil {
			return nil
		}
		l, e := toList(x)
		if e != nil {
			err = bad(key, "%v", e)
			return nil
		}
		for _, s := range l {
			if allowed != nil && !slices.Contains(allowed, s) {
				err = bad(key, "unknown value %q (have %s)", s, strings.Join(allowed, ", "))
				return nil
			}
		}
		return l
	}
	c.World = v.GetString("world")
	c.Name = v.GetString("name")
	if c.Name == "" {
		c.Name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	c.Samples = getInt("samples", 10000, 1, 10_000_000)
	c.Seed = uint64(getInt("seed", 1, 0, math.MaxInt32))
	c.Rungs = getList("rungs", RungNames)
	if len(c.Rungs) == 0 && err == nil {
		c.Rungs = slices.Clone(RungNames)
	}
	c.Law.Window = getInt("law.window", 64, 4, 4096)
	c.Law.Memory = getInt("law.memory", 0, 0, 100_000_000)
	c.Law.Candidates = getList("law.candidates", LawCandidates)
	for _, g := range getList("law.gains", nil) {
		f, e := strconv.ParseFloat(g, 64)
		if e != nil || !(f > 0 && f <= 1) {
			if err == nil {
				err = bad("law.gains", "%q is not a gain in (0, 1]", g)
			}
			break
		}
		c.Law.Gains = append(c.Law.Gains, f)
	}
	if len(c.Law.Gains) == 0 {
		c.Law.Gains = []float64{0.01, 0.02, 0.05, 0.1, 0.3}
	}
	c.Video.Frames = getInt("video.frames", 0, 0, 100000)
	c.Video.Every = getInt("video.every", 50, 1, 1_000_000)
	c.Video.Size = getInt("video.size", 128, 16, 2048)
	c.Video.Radius = getFloat("video.radius", 6, 0.5, 1000)
	c.Video.Noise = getFloat("video.noise", 2, 0.01, 100)
	for _, p := range params {
		key := "params." + p.Name
		val := p.Default
		if x := v.Get(key); x != nil {
			f, e := toFloat(x)
			if e != nil {
				if err == nil {
					err = bad(key, "%v is not a number", x)
				}
				continue
			}
			val = f
		}
		if e := p.Check(val); e != nil && err == nil {
			err = bad(key, "%v", e)
		}
		c.Params[p.Name] = val
	}
	if err == nil && c.Video.Frames > 0 && (c.Video.Frames-1)*c.Video.Every >= c.Samples {
		err = bad("video.frames", "%d frames every %d samples need more than samples = %d", c.Video.Frames, c.Video.Every, c.Samples)
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

func toFloat(x any) (float64, error) {
	switch t := x.(type) {
	case int:
		return float64(t), nil
	case int64:
		return float64(t), nil
	case uint64:
		return float64(t), nil
	case float64:
		return t, nil
	case string:
		return strconv.ParseFloat(strings.TrimSpace(t), 64)
	}
	return 0, fmt.Errorf("%v is not a number", x)
}

func toList(x any) ([]string, error) {
	switch t := x.(type) {
	case string:
		var out []string
		for _, s := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ' ' }) {
			out = append(out, s)
		}
		return out, nil
	case []string:
		return t, nil
	case []any:
		var out []string
		for _, e := range t {
			out = append(out, fmt.Sprint(e))
		}
		return out, nil
	case []float64:
		var out []string
		for _, e := range t {
			out = append(out, strconv.FormatFloat(e, 'g', -1, 64))
		}
		return out, nil
	}
	return nil, fmt.Errorf("%v is not a list", x)
}

// WorldSpec is the world the config describes.
func (c *Config) WorldSpec() samples.WorldSpec {
	return samples.WorldSpec{Kind: c.World, Samples: c.Samples, Seed: c.Seed, Params: c.Params}
}
