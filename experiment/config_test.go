package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/configs"
)

func tempConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "exp.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestExperimentConfigErrors: an unknown key or an impossible value is an error naming the key
// and the file.
func TestExperimentConfigErrors(t *testing.T) {
	for _, c := range []struct {
		text string
		sets []string
		key  string
	}{
		{"world: kepler\nparams:\n  gm: -5\n", nil, "params.gm"},
		{"world: kepler\nparams:\n  noise: -1\n", nil, "params.noise"},
		{"world: kepler\nparams:\n  dt: 0\n", nil, "params.dt"},
		{"world: kepler\nparams:\n  mass: 3\n", nil, "params.mass"},
		{"world: kepler\nsampels: 100\n", nil, "sampels"},
		{"world: kepler\nsamples: 0\n", nil, "samples"},
		{"world: kepler\nsamples: 12.5\n", nil, "samples"},
		{"world: kepler\nrungs: [order0, magic]\n", nil, "rungs"},
		{"world: kepler\nlaw:\n  gains: [0.1, 2]\n", nil, "law.gains"},
		{"world: kepler\nlaw:\n  candidates: [epicycles]\n", nil, "law.candidates"},
		{"world: kepler\nvideo:\n  frames: 500\n  every: 50\nsamples: 1000\n", nil, "video.frames"},
		{"world: comet\n", nil, "world"},
		{"world: kepler\n", []string{"noise=-2"}, "params.noise"},
		{"world: kepler\n", []string{"colour=red"}, "colour"},
		{"world: kepler\n", []string{"noise=1,2", "gm=1,2"}, "params.gm"},
		{"world: kepler\n", []string{"noise=1,-2"}, "params.noise"},
		{"world: kepler\n", []string{"seed=5..2"}, "seed"},
		{"world: kepler\n", []string{"seed=1..x"}, "seed"},
		{"world: kepler\n", []string{"seed=1..1000000"}, "seed"},
	} {
		file := tempConfig(t, c.text)
		_, _, err := LoadConfig(file, nil, c.sets)
		if err == nil {
			t.Errorf("%q %v: no error", c.text, c.sets)
			continue
		}
		if !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), c.key) {
			t.Errorf("%q %v: error %q does not name %s and %s", c.text, c.sets, err, file, c.key)
		}
	}
}

func TestExperimentConfigOverrides(t *testing.T) {
	file := tempConfig(t, "world: lorentz\nsamples: 500\nparams:\n  noise: 3\n")
	t.Setenv("VIDLM_EXPERIMENT_SEED", "9")
	c, sw, err := LoadConfig(file, nil, []string{"noise=0.5,1,2", "params.q_m=0.25"})
	if err != nil {
		t.Fatal(err)
	}
	if sw == nil || sw.Key != "params.noise" || len(sw.Values) != 3 {
		t.Fatalf("sweep %+v", sw)
	}
	if c.Params["noise"] != 0.5 || c.Params["q_m"] != 0.25 || c.Seed != 9 || c.Samples != 500 || c.Params["b"] != 1.25 {
		t.Fatalf("config %+v", c)
	}
	if c.Video.Frames != 0 {
		t.Fatalf("a sweep keeps the video: %+v", c.Video)
	}
	if _, sw2, err := LoadConfig(tempConfig(t, "world: kepler\nvideo:\n  frames: 100\n  every: 50\n"), nil, []string{"samples=2000,8000"}); err != nil || sw2 == nil {
		t.Fatalf("sweeping samples below the video's length: %v", err)
	}
	p, err := c.With(sw.Key, "2")
	if err != nil || p.Params["noise"] != 2 || p.Params["q_m"] != 0.25 {
		t.Fatalf("With: %+v %v", p, err)
	}
}

// An integer range a..b sweeps every integer from a to b, and mixes with single values.
func TestExperimentConfigRange(t *testing.T) {
	c, sw, err := LoadConfig(tempConfig(t, "world: drag\nsamples: 500\n"), nil, []string{"seed=1..4,9"})
	if err != nil {
		t.Fatal(err)
	}
	if sw == nil || sw.Key != "seed" || strings.Join(sw.Values, " ") != "1 2 3 4 9" || c.Seed != 1 {
		t.Fatalf("sweep %+v, seed %d", sw, c.Seed)
	}
	if _, sw, err := LoadConfig(tempConfig(t, "world: drag\n"), nil, []string{"seed=7..7"}); err != nil || sw != nil {
		t.Fatalf("a range of one value is no sweep: %+v %v", sw, err)
	}
}

// TestExperimentShippedConfigs: every shipped config loads, names one of the five worlds, and
// generates its world.
func TestExperimentShippedConfigs(t *testing.T) {
	names := configs.ExperimentNames()
	if len(names) < 5 {
		t.Fatalf("shipped configs %v", names)
	}
	for _, n := range names {
		data, err := configs.Experiment(n)
		if err != nil {
			t.Fatal(err)
		}
		c, _, err := LoadConfig(n+".yaml", data, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.World != n || c.Samples != 10000 || c.Video.Frames == 0 {
			t.Errorf("%s: %+v", n, c)
		}
	}
}
