package tmpfile

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// TestPlaceNeverReplaces: without replace, a file that exists at the final name is kept and
// the temporary stays where it was; with replace it is replaced.
func TestPlaceNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	final := filepath.Join(dir, "out.vlm")
	tmp := filepath.Join(dir, ".out.vlm.vidlm-tmp-1@0-1")
	os.WriteFile(tmp, []byte("new"), 0o644)
	if err := Place(tmp, final, false); err != nil {
		t.Fatalf("placing onto a free name: %v", err)
	}
	if b, _ := os.ReadFile(final); string(b) != "new" {
		t.Fatalf("final holds %q", b)
	}
	if _, err := os.Lstat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the temporary is still there after Place")
	}

	os.WriteFile(tmp, []byte("newer"), 0o644)
	if err := Place(tmp, final, false); !errors.Is(err, ErrAppeared) {
		t.Fatalf("placing onto an existing file: %v, want ErrAppeared", err)
	}
	if b, _ := os.ReadFile(final); string(b) != "new" {
		t.Fatalf("the existing file was replaced: %q", b)
	}
	if err := Place(tmp, final, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(final); string(b) != "newer" {
		t.Fatalf("replace did not replace: %q", b)
	}
}

// deadPID returns the pid of a process that has ended.
func deadPID(t *testing.T) int {
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot run a child process to get a dead pid: %v", err)
	}
	return cmd.ProcessState.Pid()
}

// TestCleanStale: the temporaries of ended processes of this machine go (files and
// directories); those of live processes, of other machines and other files stay.
func TestCleanStale(t *testing.T) {
	dir := t.TempDir()
	dead := strconv.Itoa(deadPID(t))
	live := strconv.Itoa(os.Getppid())
	names := map[string]bool{ // name: removed
		".clip.vlm.vidlm-tmp-" + dead + "@" + host + "-123":                    true,
		".out.mkv.vidlm-tmp-" + dead + "@" + host + "-9.mkv":                   true,
		".rep.vidlm-tmp-" + dead + "@" + host + "-77":                          true, // a report directory
		".clip.vlm.vidlm-tmp-" + live + "@" + host + "-5":                      false,
		".clip.vlm.vidlm-tmp-" + dead + "@0badc0de-5":                          false, // another machine's
		".clip.vlm.vidlm-tmp-123456":                                           false, // an old vidlm's name: owner unknown
		"clip.vlm":                                                             false,
		".clip.vlm.vidlm-tmp-" + strconv.Itoa(os.Getpid()) + "@" + host + "-1": false, // ours
	}
	for name := range names {
		p := filepath.Join(dir, name)
		if name == ".rep.vidlm-tmp-"+dead+"@"+host+"-77" {
			os.MkdirAll(filepath.Join(p, "sub"), 0o755)
			continue
		}
		os.WriteFile(p, []byte("x"), 0o644)
	}
	want := 0
	for _, removed := range names {
		if removed {
			want++
		}
	}
	if n := CleanStale(dir); n != want {
		t.Errorf("removed %d, want %d", n, want)
	}
	for name, removed := range names {
		_, err := os.Lstat(filepath.Join(dir, name))
		if gone := errors.Is(err, os.ErrNotExist); gone != removed {
			t.Errorf("%s: removed %v, want %v", name, gone, removed)
		}
	}
}

func TestPatternOwner(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), Pattern("a-b.c.vlm", ".mkv"))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	name := filepath.Base(f.Name())
	pid, tag, ok := owner(name)
	if !ok || pid != os.Getpid() || tag != host || filepath.Ext(name) != ".mkv" || !Is(name) {
		t.Fatalf("%s: owner %d %s %v", name, pid, tag, ok)
	}
}
