package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// outputs creates output files under temporary names in their final directories and renames
// them into place only when the whole job has succeeded (commit); on failure (abort) every
// temporary file is removed. So an interrupted or failed run leaves nothing half-written, and
// an existing file is replaced only by a complete one.
type outputs struct {
	force  bool
	inputs []string
	files  []*outputFile
}

type outputFile struct {
	*bufio.Writer
	f          *os.File
	final, tmp string
	closed     bool // written, synced and closed already (put)
}

// checkTarget refuses to write over an input, or over an existing file without --force.
func (o *outputs) checkTarget(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return err
	}
	for _, in := range o.inputs {
		if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
			return fmt.Errorf("%s: refusing to overwrite the input", path)
		}
	}
	if st.IsDir() {
		return fmt.Errorf("%s: is a directory", path)
	}
	if !o.force {
		return fmt.Errorf("%s: already exists (use --force to overwrite)", path)
	}
	return nil
}

// create opens a new output that will appear at path on commit.
func (o *outputs) create(path string) (*outputFile, error) {
	if err := o.checkTarget(path); err != nil {
		return nil, err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".vidlm-tmp-*")
	if err != nil {
		return nil, err
	}
	of := &outputFile{Writer: bufio.NewWriterSize(f, 1<<20), f: f, final: path, tmp: f.Name()}
	o.files = append(o.files, of)
	return of, nil
}

// commit flushes, syncs and renames every output into place.
func (o *outputs) commit() error {
	for _, of := range o.files {
		if of.closed {
			continue
		}
		if err := of.Flush(); err != nil {
			o.abort()
			return fmt.Errorf("%s: %w", of.final, err)
		}
		// CreateTemp makes the file private (0600); the output gets an ordinary file's mode,
		// or the mode of the file it replaces.
		mode := os.FileMode(0o644)
		if st, err := os.Stat(of.final); err == nil {
			mode = st.Mode().Perm()
		}
		if err := os.Chmod(of.tmp, mode); err != nil {
			o.abort()
			return fmt.Errorf("%s: %w", of.final, err)
		}
		if err := of.f.Sync(); err != nil {
			o.abort()
			return fmt.Errorf("%s: %w", of.final, err)
		}
		if err := of.f.Close(); err != nil {
			o.abort()
			return fmt.Errorf("%s: %w", of.final, err)
		}
	}
	for _, of := range o.files {
		if err := os.Rename(of.tmp, of.final); err != nil {
			o.abort()
			return fmt.Errorf("%s: %w", of.final, err)
		}
		of.tmp = ""
	}
	o.files = nil
	return nil
}

// abort removes every output not yet committed.
func (o *outputs) abort() {
	for _, of := range o.files {
		if !of.closed {
			of.f.Close()
		}
		if of.tmp != "" {
			os.Remove(of.tmp)
		}
	}
	o.files = nil
}

// nopWriteCloser adapts stdout.
type flushWriter interface {
	io.Writer
	Flush() error
}

// reserve returns a temporary path, in path's directory and with its extension, for a writer
// that opens files itself (OpenCV's VideoWriter); it is renamed to path on commit.
func (o *outputs) reserve(path string) (string, error) {
	if err := o.checkTarget(path); err != nil {
		return "", err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".vidlm-tmp-*"+filepath.Ext(path))
	if err != nil {
		return "", err
	}
	o.files = append(o.files, &outputFile{Writer: bufio.NewWriter(io.Discard), f: f, final: path, tmp: f.Name()})
	return f.Name(), nil
}

// put writes a whole output at once: data goes to a temporary file that is synced and
// closed at once and renamed to path on commit. Writers of many small files (an image
// sequence) use it so that no file stays open and no buffer stays allocated per file.
func (o *outputs) put(path string, data []byte) error {
	if err := o.checkTarget(path); err != nil {
		return err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".vidlm-tmp-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // name the file the user asked for, not the temporary one
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	of := &outputFile{f: f, final: path, tmp: f.Name(), closed: true}
	o.files = append(o.files, of)
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if e := f.Close(); err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
