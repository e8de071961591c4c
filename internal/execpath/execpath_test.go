package execpath

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFind(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	if p, ok := Find(filepath.Base(self)); !ok || p != self {
		t.Errorf("beside the executable: %q %v, want %q", p, ok, self)
	}
	if _, ok := Find("vidlm-no-such-program"); ok {
		t.Error("found a program that is nowhere")
	}
	os.WriteFile(filepath.Join(dir, "vidlm-helper"), []byte("#!/bin/sh\n"), 0o755)
	os.WriteFile(filepath.Join(dir, "vidlm-plain"), []byte("data"), 0o644)
	if p, ok := Find("vidlm-helper"); !ok || p != filepath.Join(dir, "vidlm-helper") {
		t.Errorf("on PATH: %q %v", p, ok)
	}
	if _, ok := Find("vidlm-plain"); ok {
		t.Error("found a file that is not executable")
	}
}
