//go:build nocv

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/vidlm/vidlm/internal/execpath"
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

// findOpenCVBinary finds vidlm-opencv beside this executable, or else on PATH (as vidlm batch
// finds vidlm-batch), and never takes this executable itself for it.
func findOpenCVBinary() (string, error) {
	self, _ := os.Executable()
	if p, ok := execpath.Find(openCVBinary); ok {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		st, err1 := os.Stat(p)
		me, err2 := os.Stat(self)
		if err1 != nil || err2 != nil || !os.SameFile(st, me) {
			return p, nil
		}
		return "", fmt.Errorf("%s is this vidlm itself, not the full build; build it with `make build` (bin/%s) or `go build -o %s ./cmd/vidlm`", p, openCVBinary, openCVBinary)
	}
	where := "on PATH"
	if self != "" {
		where = "in " + filepath.Dir(self) + " or on PATH"
	}
	return "", fmt.Errorf("no %s %s; build it with `make build` (bin/%s) or `go build -o %s ./cmd/vidlm` and put it beside vidlm", openCVBinary, where, openCVBinary, openCVBinary)
}
