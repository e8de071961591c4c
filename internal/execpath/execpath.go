// Package execpath finds vidlm's companion programs: vidlm runs vidlm-batch (`vidlm batch`),
// and vidlm-batch runs vidlm (for OpenCV inputs). Each is looked for beside the running
// program first (`make` puts both in bin/), then on PATH.
package execpath

import (
	"os"
	"os/exec"
	"path/filepath"
)

// Find returns the path of the program name: beside the running executable if an executable
// file of that name is there, else where PATH finds it; ok is false if neither has it.
func Find(name string) (path string, ok bool) {
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p, true
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, true
	}
	return "", false
}
