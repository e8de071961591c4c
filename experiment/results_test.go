package experiment

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/internal/htmlpage/htmltest"
)

// TestExperimentRunAndWrite runs a short experiment (every rung, the video without vidlm's
// model and without a tracker) and checks the directory: every file the page references
// exists, the JSON parses, the config written beside the results loads again.
func TestExperimentRunAndWrite(t *testing.T) {
	file := tempConfig(t, `world: bounce
samples: 1200
video:
  frames: 4
  every: 300
  size: 64
`)
	c, _, err := LoadConfig(file, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rungs) != len(RungNames) || r.Video == nil || r.Video.FloorBits <= 0 || !r.Video.BackgroundOK || r.Video.BackgroundBytes == 0 {
		t.Fatalf("result %+v", r)
	}
	for _, g := range r.Rungs {
		if !g.RoundTrip || g.Bits <= 0 {
			t.Errorf("%s: %+v", g.Rung, g)
		}
	}
	dir := filepath.Join(t.TempDir(), "out", "bounce")
	if err := WriteDir(dir, false, r, nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"results.md", "results.json", "config.yaml", "learning.png", "track.png", "video.y4m", "index.html"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	htmltest.Check(t, dir, 2)
	var back map[string]any
	b, _ := os.ReadFile(filepath.Join(dir, "results.json"))
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	c2, _, err := LoadConfig(filepath.Join(dir, "config.yaml"), nil, nil)
	if err != nil {
		t.Fatalf("config.yaml does not load again: %v", err)
	}
	if c2.Samples != c.Samples || c2.Params["restitution"] != c.Params["restitution"] {
		t.Fatalf("config.yaml: %+v", c2)
	}
	if err := WriteDir(dir, false, r, nil); err == nil {
		t.Fatal("an existing result was replaced without force")
	}
}

func TestExperimentSweepWrite(t *testing.T) {
	file := tempConfig(t, "world: kepler\nsamples: 600\nrungs: [hold, law]\n")
	c, sw, err := LoadConfig(file, nil, []string{"noise=1,4"})
	if err != nil {
		t.Fatal(err)
	}
	res := &SweepResult{Sweep: *sw}
	for _, v := range sw.Values {
		p, err := c.With(sw.Key, v)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Run(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		res.Points = append(res.Points, r)
	}
	if res.Points[1].FloorBits <= res.Points[0].FloorBits {
		t.Fatalf("floor does not grow with the noise: %g, %g", res.Points[0].FloorBits, res.Points[1].FloorBits)
	}
	dir := filepath.Join(t.TempDir(), "sweep")
	if err := WriteDir(dir, false, nil, res); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "results.md"))
	if !strings.Contains(string(md), "| 4 |") {
		t.Fatalf("sweep table:\n%s", md)
	}
	htmltest.Check(t, dir, 1)
}

// TestExperimentPageCheck: the browser check notices a missing image.
func TestExperimentPageCheck(t *testing.T) {
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		t.Skip("no chromium")
	}
	dir := t.TempDir()
	page := []byte("<!DOCTYPE html><html><head><title>t</title></head><body><img src=\"missing.png\" alt=\"m\"></body></html>")
	broken, images, _ := htmltest.LoadInChromium(t, "/usr/bin/chromium", dir, page)
	if broken != "missing.png" || images != 1 {
		t.Fatalf("broken %q, %d images", broken, images)
	}
}
