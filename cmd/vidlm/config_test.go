package main

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/configs"
	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// headerModel encodes the test crop with args and returns the parameters the file records.
func headerModel(t *testing.T, args ...string) *codec.VideoParams {
	t.Helper()
	out := filepath.Join(t.TempDir(), "x.vlm")
	all := append([]string{"encode", "../../testdata/vtest_crop.y4m", "-o", out, "-q", "--frames", "2"}, args...)
	if code, _, stderr := vidlmRun(t, nil, all...); code != 0 {
		t.Fatalf("encode %v: exit %d: %s", args, code, stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := codec.ReadInfo(f)
	if err != nil {
		t.Fatal(err)
	}
	return info.Video
}

func TestPresetsReachTheHeader(t *testing.T) {
	def := headerModel(t)
	if def.Tiles != 4 || def.Model.SSE || def.Model.SubSample != 4 || def.Model.MotionRange != 32 {
		t.Errorf("default preset recorded as %+v, tiles %d", def.Model, def.Tiles)
	}
	max := headerModel(t, "--preset", "max")
	if max.Tiles != 1 || !max.Model.SSE || max.Model.MixerRate != 10 || max.Model.MotionRange != 64 {
		t.Errorf("max preset recorded as %+v, tiles %d", max.Model, max.Tiles)
	}
	fast := headerModel(t, "--preset", "fast")
	if fast.Model.SubSample != 2 || fast.Model.MotionRange != 16 {
		t.Errorf("fast preset recorded as %+v", fast.Model)
	}
	// y4m is not BGR: the colour transform of the preset does not apply and is not recorded.
	if def.Model.Colour != predict.ColourNone {
		t.Errorf("colour transform %d recorded for a y4m stream", def.Model.Colour)
	}
}

func TestSettingsPrecedence(t *testing.T) {
	// Environment over preset.
	t.Setenv("VIDLM_TILES", "2")
	t.Setenv("VIDLM_MODEL_MIXER_RATE", "9")
	p := headerModel(t, "--preset", "max")
	if p.Tiles != 2 || p.Model.MixerRate != 9 {
		t.Errorf("environment ignored: tiles %d mixer rate %d", p.Tiles, p.Model.MixerRate)
	}
	// Config file over preset, environment over config file, flags over everything.
	cfg := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(cfg, []byte("tiles: 3\nmodel:\n  limit: 100\n  motion_block: 8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p = headerModel(t, "--config", cfg, "--motion-block", "32")
	if p.Tiles != 2 || p.Model.Limit != 100 || p.Model.MotionBlock != 32 {
		t.Errorf("got tiles %d limit %d motion block %d; want 2 (env), 100 (file), 32 (flag)", p.Tiles, p.Model.Limit, p.Model.MotionBlock)
	}
}

func TestBadSettings(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.vlm")
	for _, args := range [][]string{
		{"--preset", "nosuch"},
		{"--colour", "rgb"},
		{"--tiles", "0"},
		{"--subsample", "3"},
	} {
		all := append([]string{"encode", "../../testdata/vtest_crop.y4m", "-o", out, "-q"}, args...)
		code, _, stderr := vidlmRun(t, nil, all...)
		if code == 0 {
			t.Errorf("%v accepted", args)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v left %s behind", args, out)
		}
		if stderr == "" {
			t.Errorf("%v: no message", args)
		}
	}
}

// TestConfigUnknownKey: a misspelt key in a config file is a usage error (exit status 2)
// naming the key and the file, and nothing is written.
func TestConfigUnknownKey(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x.vlm")
	for _, c := range []struct{ text, key string }{
		{"tiles: 2\nmodel:\n  mixer_rte: 9\n", "model.mixer_rte"},
		{"tile: 2\n", "tile"},
	} {
		cfg := filepath.Join(dir, "c.yaml")
		if err := os.WriteFile(cfg, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := vidlmRun(t, nil, "encode", "../../testdata/vtest_crop.y4m", "-o", out, "-q", "--config", cfg)
		if code != 2 || !strings.Contains(stderr, cfg) || !strings.Contains(stderr, `"`+c.key+`"`) {
			t.Errorf("%q: exit %d, %q; want 2 and a message naming %s and %q", c.text, code, stderr, cfg, c.key)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%q: wrote %s", c.text, out)
		}
	}
	// A value of the wrong type is a usage error too.
	cfg := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(cfg, []byte("tiles: many\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := vidlmRun(t, nil, "encode", "../../testdata/vtest_crop.y4m", "-o", out, "-q", "--config", cfg); code != 2 {
		t.Errorf("tiles: many: exit %d, %q; want 2", code, stderr)
	}
}

// TestConfigOutOfRange: a model setting out of its range, from a flag, is a usage error
// (exit status 2) naming the setting, found before any input is read or output written.
func TestConfigOutOfRange(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.vlm")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--mixer-rate", "100"}, "mixer rate 100"},
		{[]string{"--limit", "5000"}, "counter limit 5000"},
		{[]string{"--subsample", "3"}, "sub-sample precision 3"},
		{[]string{"--motion-block", "5"}, "motion block 5"},
		{[]string{"--motion-range", "300"}, "motion range 300"},
		{[]string{"--segment", "-1"}, "segment: -1"},
		{[]string{"--probe-frames", "65"}, "probe_frames: 65"},
		{[]string{"--bframe-backward", "2"}, "backward mode 2"},
		{[]string{"--preset", "camera", "--bframes"}, "bframes and bipred"},
	} {
		args := append([]string{"encode", "../../testdata/vtest_crop.y4m", "-o", out, "-q"}, c.args...)
		code, _, stderr := vidlmRun(t, nil, args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", c.args, code, stderr, c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%v: wrote %s", c.args, out)
		}
	}
}

// TestPresetFilesMatchCodec: configs/*.yaml hold exactly the values of codec's presets, so the
// command line and the library code alike.
func TestPresetFilesMatchCodec(t *testing.T) {
	var names []string
	for _, p := range codec.Presets {
		names = append(names, p.String())
	}
	if !slices.Equal(slices.Sorted(slices.Values(names)), configs.Names()) {
		t.Errorf("configs has presets %v, codec %v", configs.Names(), names)
	}
	l := vision.Layout{Width: 64, Height: 48, Format: vision.FormatBGR, Depth: 8}
	for _, preset := range codec.Presets {
		cmd := &cobra.Command{}
		addModelFlags(cmd)
		s, err := resolveSettings(cmd, preset.String(), "")
		if err != nil {
			t.Fatal(err)
		}
		got := codec.VideoParams{Layout: l, Source: codec.SourceRaw}
		if err := videoSettings(s, &got); err != nil {
			t.Fatal(err)
		}
		if want := preset.VideoParams(l); !reflect.DeepEqual(got, want) {
			t.Errorf("preset %s: configs/%s.yaml gives\n%+v, codec\n%+v", preset, preset, got, want)
		}
	}
}
