package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// smallDisk mounts a tmpfs of size bytes on a new directory and returns it; the test is
// skipped, with the reason, where that is not possible (not root, no mount).
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root; the failing-writer unit test (vision/cv TestVideoWriterShortfall) covers the check")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s); the failing-writer unit test covers the check", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// TestCLIDiskFull: on a file system that fills up, every output kind fails with one line and
// exit status 1 and leaves nothing: FFV1 through OpenCV's writer (which reports no write
// error itself), y4m, and the .vlm of an encode (which must not print its summary).
func TestCLIDiskFull(t *testing.T) {
	dir := t.TempDir()
	vlm := filepath.Join(dir, "v.vlm")
	mustVidlm(t, "encode", "-q", vtestAVI, "--frames", "8", "-o", vlm, "--tiles", "2")
	full := smallDisk(t, 1<<20) // about 3 of the 8 FFV1 frames fit
	for _, c := range []struct {
		args []string
		out  string
	}{
		{[]string{"decode", vlm}, "out.mkv"},
		{[]string{"decode", vlm}, "out.avi"},
		{[]string{"decode", vlm}, "out.raw"},
		{[]string{"encode", vtestAVI, "--frames", "30", "--tiles", "2"}, "again.vlm"},
	} {
		out := filepath.Join(full, c.out)
		code, stderr := vidlm(t, append(c.args, "-o", out)...)
		if code != 1 || !oneLine(stderr) || !strings.HasPrefix(stderr, "vidlm: "+out+": ") {
			t.Errorf("%s onto a full disk: exit %d, stderr %q; want exit 1 and one line naming %s", c.out, code, stderr, out)
		}
		if strings.Contains(stderr, "vidlm-tmp") || strings.Contains(stderr, "bits/pixel") {
			t.Errorf("%s: the message names a temporary or prints a summary: %q", c.out, stderr)
		}
		if ents, _ := os.ReadDir(full); len(ents) != 0 {
			t.Errorf("%s: left %v on the full disk", c.out, ents)
			for _, e := range ents {
				os.Remove(filepath.Join(full, e.Name()))
			}
		}
	}
}
