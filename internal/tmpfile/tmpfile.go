// Package tmpfile names the temporary files and directories vidlm writes its outputs under,
// places them at their final names without replacing what appeared meanwhile, and removes
// the temporaries that a killed vidlm left behind.
//
// A temporary is named ".BASE.vidlm-tmp-PID@HOST-RANDOM" in the final file's directory: PID
// is the writing process, HOST a hash of the machine's name. A temporary whose process no
// longer exists on this machine can belong to nobody (the process was killed before it
// could remove it) and is removed by CleanStale. Temporaries of other machines (on a shared
// file system) are never touched.
package tmpfile

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// marker separates the final name from the owner in a temporary's name.
const marker = ".vidlm-tmp-"

// host is this machine's tag in temporary names: 8 hex digits of its host name's hash.
var host = func() string {
	name, _ := os.Hostname()
	h := fnv.New32a()
	h.Write([]byte(name))
	return fmt.Sprintf("%08x", h.Sum32())
}()

// Pattern returns the pattern, for os.CreateTemp or os.MkdirTemp, of a temporary for the
// file named base; ext, if not empty, ends the name (writers that pick a format by the
// extension need it).
func Pattern(base, ext string) string {
	return "." + base + marker + strconv.Itoa(os.Getpid()) + "@" + host + "-*" + ext
}

// Is reports whether name is the name of a vidlm temporary.
func Is(name string) bool { return strings.HasPrefix(name, ".") && strings.Contains(name, marker) }

// owner returns the process and host tag a temporary's name records.
func owner(name string) (pid int, hostTag string, ok bool) {
	i := strings.LastIndex(name, marker)
	if !strings.HasPrefix(name, ".") || i < 0 {
		return 0, "", false
	}
	rest := name[i+len(marker):]
	at := strings.IndexByte(rest, '@')
	dash := strings.IndexByte(rest, '-')
	if at <= 0 || dash < at {
		return 0, "", false
	}
	pid, err := strconv.Atoi(rest[:at])
	if err != nil || pid <= 0 {
		return 0, "", false
	}
	return pid, rest[at+1 : dash], true
}

// alive reports whether process pid exists on this machine.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// CleanStale removes, from dir, the temporaries left by vidlm processes of this machine that
// no longer exist, and returns how many it removed. Errors are ignored: a temporary it cannot
// remove is left as it was.
func CleanStale(dir string) int {
	f, err := os.Open(dir)
	if err != nil {
		return 0
	}
	names, _ := f.Readdirnames(-1)
	f.Close()
	removed := 0
	for _, name := range names {
		pid, tag, ok := owner(name)
		if !ok || tag != host || pid == os.Getpid() || alive(pid) {
			continue
		}
		if os.RemoveAll(filepath.Join(dir, name)) == nil {
			removed++
		}
	}
	return removed
}

// ErrAppeared is returned by Place when a file appeared at the final name after the caller
// checked it was free.
var ErrAppeared = errors.New("a file appeared there while vidlm was writing it; not replaced (use --force to overwrite)")

// Place moves the temporary tmp to final. With replace it renames over whatever is there;
// without, it never replaces an existing file: it renames with RENAME_NOREPLACE where the
// system has it, or links tmp to final (which fails if final exists) and removes tmp, and
// returns ErrAppeared if final exists.
func Place(tmp, final string, replace bool) error {
	if replace {
		return os.Rename(tmp, final)
	}
	err := renameNoReplace(tmp, final)
	if err == nil || !errors.Is(err, errUnsupported) {
		return appeared(err)
	}
	// The file system cannot rename without replacing: a hard link cannot replace either.
	if err := os.Link(tmp, final); err != nil {
		if errors.Is(err, os.ErrExist) {
			return ErrAppeared
		}
		var le *os.LinkError
		if errors.As(err, &le) && (errors.Is(le.Err, syscall.EPERM) || errors.Is(le.Err, syscall.ENOTSUP) || errors.Is(le.Err, syscall.EOPNOTSUPP)) {
			// No hard links either (a FAT or FUSE file system): check, then rename. A file
			// created between the two steps would be replaced; nothing narrower exists here.
			if _, err := os.Lstat(final); err == nil {
				return ErrAppeared
			}
			return os.Rename(tmp, final)
		}
		return err
	}
	return os.Remove(tmp)
}

func appeared(err error) error {
	if errors.Is(err, os.ErrExist) {
		return ErrAppeared
	}
	return err
}

// Cause strips the path from an *fs.PathError, which would name a temporary: errors about
// an output name the final path instead.
func Cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// MkdirAll creates the directory path and any missing parents, as os.MkdirAll does, and
// returns undo, which removes the directories it created (deepest first) as long as they are
// still empty: a command that fails after creating its output directory calls it, so that a
// failed output leaves no empty directory behind. Errors name path.
func MkdirAll(path string, perm os.FileMode) (undo func(), err error) {
	var created []string
	for p := filepath.Clean(path); ; {
		if _, err := os.Lstat(p); err == nil || !errors.Is(err, fs.ErrNotExist) {
			break
		}
		created = append(created, p)
		parent := filepath.Dir(p)
		if parent == p {
			break
		}
		p = parent
	}
	undo = func() {
		for _, d := range created { // deepest first; os.Remove leaves a non-empty directory
			os.Remove(d)
		}
	}
	if err := os.MkdirAll(path, perm); err != nil {
		undo()
		return func() {}, fmt.Errorf("%s: %w", path, Cause(err))
	}
	return undo, nil
}
