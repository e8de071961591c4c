//go:build nocv

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// handOff runs, in place of this process, vidlm-opencv with the same arguments and
// environment when the command needs OpenCV (see needsOpenCV): it is decided before anything
// is read or written, so stdin, stdout and the exit status pass through untouched. Without
// vidlm-opencv it prints what to install and exits with status 1, having written nothing.
func handOff(argv []string) {
	if len(argv) < 2 {
		return
	}
	what := needsOpenCV(argv[1:])
	if what == "" {
		return
	}
	bin, err := findOpenCVBinary()
	if err == nil {
		err = syscall.Exec(bin, append([]string{bin}, argv[1:]...), os.Environ())
		err = fmt.Errorf("%s: %v", bin, err) // Exec returns only on failure
	}
	fmt.Fprintf(os.Stderr, "vidlm: %s needs OpenCV, which this vidlm (built without cgo) hands to %s: %v\n", what, openCVBinary, err)
	os.Exit(1)
}

// findOpenCVBinary finds vidlm-opencv next to this executable (symbolic links followed), or
// else on PATH; never this executable itself.
func findOpenCVBinary() (string, error) {
	self, err := os.Executable()
	if err == nil {
		self, err = filepath.EvalSymlinks(self)
	}
	var dir string
	if err == nil {
		dir = filepath.Dir(self)
		p := filepath.Join(dir, openCVBinary)
		if isOtherExecutable(p, self) {
			return p, nil
		}
	}
	if p, err := exec.LookPath(openCVBinary); err == nil && isOtherExecutable(p, self) {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		return p, nil
	}
	where := "on PATH"
	if dir != "" {
		where = "in " + dir + " or on PATH"
	}
	return "", fmt.Errorf("no %s %s; build it with `make build` (bin/%s) or `go build -o %s ./cmd/vidlm` and put it beside vidlm", openCVBinary, where, openCVBinary, openCVBinary)
}

// isOtherExecutable reports whether p is an executable file other than self.
func isOtherExecutable(p, self string) bool {
	st, err := os.Stat(p)
	if err != nil || !st.Mode().IsRegular() || st.Mode().Perm()&0o111 == 0 {
		return false
	}
	if self != "" {
		if me, err := os.Stat(self); err == nil && os.SameFile(st, me) {
			return false
		}
	}
	return true
}
