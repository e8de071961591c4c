package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/vidlm/vidlm/internal/tmpfile"
)

// outputs creates output files under temporary names in their final directories and renames
// them into place only when the whole job has succeeded (commit); on failure (abort) every
// temporary file is removed. So an interrupted or failed run leaves nothing half-written, and
// an existing file is replaced only by a complete one.
type outputs struct {
	force  bool
	inputs []string
	// stdin, when an input is "-", is what standard input is: an output may not be the
	// file behind it either.
	stdin   io.Reader
	files   []*outputFile
	cleaned map[string]bool // directories already rid of stale temporaries
}

// newOutputs returns the outputs of a command of a reading inputs ("-": standard input).
func newOutputs(a *app, force bool, inputs ...string) *outputs {
	return &outputs{force: force, inputs: inputs, stdin: a.stdin}
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
		if in == "-" {
			if f, ok := o.stdin.(*os.File); ok {
				if ist, err := f.Stat(); err == nil && os.SameFile(st, ist) {
					return fmt.Errorf("%s: refusing to overwrite the input (it is standard input)", path)
				}
			}
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
	f, err := o.createTemp(path, "")
	if err != nil {
		return nil, err
	}
	of := &outputFile{Writer: bufio.NewWriterSize(&namedFile{f, path}, 1<<20), f: f, final: path, tmp: f.Name()}
	o.files = append(o.files, of)
	return of, nil
}

// outputError is a failure to write an output (a full disk, say). It names the output as the
// user gave it; a command reports it alone, whatever it was doing when the write failed.
type outputError struct {
	path string
	err  error
}

func (e *outputError) Error() string { return e.path + ": " + e.err.Error() }
func (e *outputError) Unwrap() error { return e.err }

// asOutputError returns the outputError inside err, or nil.
func asOutputError(err error) error {
	var we *outputError
	if errors.As(err, &we) {
		return we
	}
	return nil
}

// namedFile is a temporary output file whose write errors name the final path.
type namedFile struct {
	f    *os.File
	path string
}

func (n *namedFile) Write(p []byte) (int, error) {
	k, err := n.f.Write(p)
	if err != nil {
		err = &outputError{n.path, tmpfile.Cause(err)}
	}
	return k, err
}

// createTemp creates the temporary file for the output path (its name ending in ext), first
// removing the temporaries that killed vidlm processes left in its directory. Errors name
// path, never the temporary.
func (o *outputs) createTemp(path, ext string) (*os.File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if !o.cleaned[dir] {
		tmpfile.CleanStale(dir)
		if o.cleaned == nil {
			o.cleaned = map[string]bool{}
		}
		o.cleaned[dir] = true
	}
	f, err := os.CreateTemp(dir, tmpfile.Pattern(base, ext))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, tmpfile.Cause(err))
	}
	return f, nil
}

// openInput opens a file to read, refusing a directory; errors name path once.
func openInput(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, tmpfile.Cause(err))
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a directory", path)
	}
	return f, nil
}

// commit flushes, syncs and renames every output into place.
func (o *outputs) commit() error {
	for _, of := range o.files {
		if of.closed {
			continue
		}
		if err := of.Flush(); err != nil {
			o.abort()
			if we := asOutputError(err); we != nil {
				return we
			}
			return fmt.Errorf("%s: %w", of.final, tmpfile.Cause(err))
		}
		// CreateTemp makes the file private (0600); the output gets an ordinary file's mode,
		// or the mode of the file it replaces.
		mode := os.FileMode(0o644)
		if st, err := os.Stat(of.final); err == nil {
			mode = st.Mode().Perm()
		}
		if err := os.Chmod(of.tmp, mode); err != nil {
			o.abort()
			return fmt.Errorf("%s: %w", of.final, tmpfile.Cause(err))
		}
		if err := of.f.Sync(); err != nil {
			o.abort()
			return &outputError{of.final, tmpfile.Cause(err)}
		}
		if err := of.f.Close(); err != nil {
			o.abort()
			return &outputError{of.final, tmpfile.Cause(err)}
		}
		of.closed = true
	}
	// Without --force, a file that appeared at an output's name since checkTarget is never
	// replaced (another vidlm writing the same name, say): the outputs already placed are
	// taken back, so that either all of them appear or none.
	var placed []string
	for _, of := range o.files {
		if err := tmpfile.Place(of.tmp, of.final, o.force); err != nil {
			if !o.force {
				for _, p := range placed {
					os.Remove(p)
				}
			}
			o.abort()
			return fmt.Errorf("%s: %w", of.final, tmpfile.Cause(err))
		}
		of.tmp = ""
		placed = append(placed, of.final)
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
	f, err := o.createTemp(path, filepath.Ext(path))
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
	f, err := o.createTemp(path, "")
	if err != nil {
		return err
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
		return &outputError{path, tmpfile.Cause(err)}
	}
	return nil
}
