package experiment

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func checkPage(t *testing.T, dir string, wantImages int) {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(string(page), -1)
	if len(refs) < 3 {
		t.Fatalf("index.html references %d files", len(refs))
	}
	for _, r := range refs {
		if strings.Contains(r[1], "://") || strings.HasPrefix(r[1], "/") {
			t.Errorf("index.html references an external asset %q", r[1])
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, r[1])); err != nil {
			t.Errorf("index.html references %s: %v", r[1], err)
		}
	}
	// Where chromium is installed, load the page headless. The shipped page has no script; a
	// copy of it gets one that marks, once the page has loaded, the images that did not decode.
	chromium := ""
	for _, c := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(c); err == nil {
			chromium = c
		}
	}
	if chromium == "" {
		t.Log("no chromium: page not loaded in a browser")
		return
	}
	broken, images, console := loadInChromium(t, chromium, dir, page)
	if broken != "none" || images != wantImages {
		t.Errorf("chromium: %s images, broken: %s", strconv.Itoa(images), broken)
	}
	for _, c := range console {
		t.Errorf("chromium console: %s", c)
	}
}

const pageCheck = `<script>window.addEventListener("load", () => {
const bad = [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute("src"));
document.body.setAttribute("data-broken", bad.join(" ") || "none");
document.body.setAttribute("data-images", document.images.length);
});</script>
`

// loadInChromium loads a copy of index.html with pageCheck added and returns the images that
// did not load ("none"), the number of images and the page's console messages.
func loadInChromium(t *testing.T, chromium, dir string, page []byte) (string, int, []string) {
	t.Helper()
	check := filepath.Join(dir, ".check.html")
	html := strings.Replace(string(page), "</body>", pageCheck+"</body>", 1)
	if err := os.WriteFile(check, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(check)
	abs, _ := filepath.Abs(check)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
		"--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom", "file://"+abs)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	var console []string
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, ":CONSOLE") {
			console = append(console, line)
		}
	}
	m := regexp.MustCompile(`data-broken="([^"]*)"`).FindStringSubmatch(stdout.String())
	n := regexp.MustCompile(`data-images="([0-9]+)"`).FindStringSubmatch(stdout.String())
	if m == nil || n == nil {
		t.Fatalf("chromium: the page did not load:\n%s", stdout.String())
	}
	images, _ := strconv.Atoi(n[1])
	return m[1], images, console
}

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
	checkPage(t, dir, 2)
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
	checkPage(t, dir, 1)
}

// TestExperimentPageCheck: the browser check notices a missing image.
func TestExperimentPageCheck(t *testing.T) {
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		t.Skip("no chromium")
	}
	dir := t.TempDir()
	page := []byte("<!DOCTYPE html><html><head><title>t</title></head><body><img src=\"missing.png\" alt=\"m\"></body></html>")
	broken, images, _ := loadInChromium(t, "/usr/bin/chromium", dir, page)
	if broken != "missing.png" || images != 1 {
		t.Fatalf("broken %q, %d images", broken, images)
	}
}
