// Package htmltest checks a page written with htmlpage: every file it references exists
// beside it and nothing is fetched from elsewhere; where Chromium is installed the page is
// loaded headless and every image must decode, without a console message.
package htmltest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Check checks dir/index.html, which must show wantImages images.
func Check(t testing.TB, dir string, wantImages int) {
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
	broken, images, console := LoadInChromium(t, chromium, dir, page)
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

// LoadInChromium loads a copy of index.html with pageCheck added and returns the images that
// did not load ("none"), the number of images and the page's console messages.
func LoadInChromium(t testing.TB, chromium, dir string, page []byte) (string, int, []string) {
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
