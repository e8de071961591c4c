package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/vidlm/vidlm/internal/tmpfile"
)

// Dir is a report directory being written. Its files go into a temporary directory beside
// the final one, which Commit renames into place; Abort removes it. So a failed or interrupted
// run leaves nothing at the final path, and an existing report is replaced only by a complete
// one.
type Dir struct {
	final, tmp string
}

// CreateDir starts a report directory that will appear at path. An existing directory is
// replaced on Commit if it is empty, or with force; anything else at path is refused.
func CreateDir(path string, force bool) (*Dir, error) {
	st, err := os.Stat(path)
	switch {
	case err == nil && !st.IsDir():
		return nil, fmt.Errorf("%s: exists and is not a directory", path)
	case err == nil && !force:
		names, err := readNames(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, tmpfile.Cause(err))
		}
		if len(names) > 0 {
			return nil, fmt.Errorf("%s: already exists and is not empty (use --force to replace it)", path)
		}
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("%s: %v", path, tmpfile.Cause(err))
	}
	parent, base := filepath.Split(filepath.Clean(path))
	if parent == "" {
		parent = "."
	}
	tmpfile.CleanStale(parent)
	tmp, err := os.MkdirTemp(parent, tmpfile.Pattern(base, ""))
	if err != nil {
		return nil, fmt.Errorf("%s: cannot create the report directory: %v", path, tmpfile.Cause(err))
	}
	// MkdirTemp makes it private; a report is meant to be read.
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("%s: %v", path, tmpfile.Cause(err))
	}
	return &Dir{final: path, tmp: tmp}, nil
}

func readNames(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if err == io.EOF {
		err = nil
	}
	return names, err
}

// Final is the path the report will have once committed.
func (d *Dir) Final() string { return d.final }

// Path returns where the file name is written until Commit.
func (d *Dir) Path(name string) string { return filepath.Join(d.tmp, name) }

// WriteFile creates the file name and fills it through fn.
func (d *Dir) WriteFile(name string, fn func(w io.Writer) error) error {
	f, err := os.Create(d.Path(name))
	if err != nil {
		return fmt.Errorf("%s: %v", filepath.Join(d.final, name), tmpfile.Cause(err))
	}
	b := bufio.NewWriterSize(f, 1<<16)
	err = fn(b)
	if err == nil {
		err = b.Flush()
	}
	if e := f.Close(); err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("%s: %v", filepath.Join(d.final, name), tmpfile.Cause(err))
	}
	return nil
}

// Commit moves the finished report into place, replacing what was there.
func (d *Dir) Commit() error {
	if d.tmp == "" {
		return errors.New("report: directory already committed or aborted")
	}
	if _, err := os.Lstat(d.final); err == nil {
		old := d.tmp + ".old"
		if err := os.Rename(d.final, old); err != nil {
			d.Abort()
			return fmt.Errorf("%s: %v", d.final, tmpfile.Cause(err))
		}
		if err := os.Rename(d.tmp, d.final); err != nil {
			os.Rename(old, d.final)
			d.Abort()
			return fmt.Errorf("%s: %v", d.final, tmpfile.Cause(err))
		}
		d.tmp = ""
		return os.RemoveAll(old)
	}
	if err := os.Rename(d.tmp, d.final); err != nil {
		d.Abort()
		return fmt.Errorf("%s: %v", d.final, tmpfile.Cause(err))
	}
	d.tmp = ""
	return nil
}

// Abort removes everything written so far. It is safe to call after Commit (it does nothing).
func (d *Dir) Abort() {
	if d.tmp != "" {
		os.RemoveAll(d.tmp)
		d.tmp = ""
	}
}
