package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vidlm batch hands its arguments, stdin and output to vidlm-batch and exits with its status;
// without vidlm-batch it says how to build it.
func TestCLIBatch(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	code, _, stderr := cli(t, context.Background(), nil, "batch", "encode", "archive/", "-o", "out.d")
	if code != 1 || !strings.Contains(stderr, "make batch") {
		t.Errorf("without vidlm-batch: status %d, %q", code, stderr)
	}
	// A stand-in that echoes its arguments and stdin, and fails as vidlm-batch fails.
	script := "#!/bin/sh\necho \"args: $*\"\nread line; echo \"$line\"\necho 'vidlm-batch: 1 of 3 inputs failed' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, batchBinary), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := cli(t, context.Background(), []byte("from stdin\n"), "batch", "encode", "archive/", "-o", "out.d", "--preset", "fast")
	if code != 1 || string(out) != "args: encode archive/ -o out.d --preset fast\nfrom stdin\n" || stderr != "vidlm-batch: 1 of 3 inputs failed\n" {
		t.Errorf("status %d, stdout %q, stderr %q", code, out, stderr)
	}
}
