package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPaq8pxCachePutFullDisk: a size recorded on a disk that fills up in the middle of its
// line leaves the cache file as it was (no line cut short, which would read back as another
// size) and is an error naming the file.
func TestPaq8pxCachePutFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	path := filepath.Join(dir, "paq8px.tsv")
	// The cache's first page ends 20 bytes after its content; the rest of the disk is full,
	// so the next line (about 80 bytes) fits only in part.
	var head string
	for i := 0; len(head) < 4096-20-80; i++ {
		head += fmt.Sprintf("%064x\t%d\tf%d\n", i, 1000+i, i)
	}
	head += strings.Repeat("#", 4096-20-len(head)) + "\n"
	if err := os.WriteFile(path, []byte(head), 0o644); err != nil {
		t.Fatal(err)
	}
	fill, _ := os.Create(filepath.Join(dir, "fill"))
	for {
		if _, err := fill.Write(make([]byte, 4096)); err != nil {
			break
		}
	}
	fill.Close()
	c, err := LoadPaq8pxCache(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := strings.Repeat("ab", 32)
	err = c.Put(sum, 123456789, "a_long_file_name_for_the_line.csv")
	if err == nil || !strings.HasPrefix(err.Error(), path+": ") {
		t.Fatalf("Put onto a full disk: %v; want an error naming %s", err, path)
	}
	if b, _ := os.ReadFile(path); string(b) != head {
		t.Errorf("the cache file changed: %d bytes, was %d; ends %q", len(b), len(head), b[max(0, len(b)-60):])
	}
	again, err := LoadPaq8pxCache(path)
	if err != nil || again.Get(sum) != 0 {
		t.Errorf("read back: %v, size %d", err, again.Get(sum))
	}
}
