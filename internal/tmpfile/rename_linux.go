package tmpfile

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// errUnsupported marks a file system that has no no-replace rename.
var errUnsupported = errors.New("rename without replacing is not supported here")

// renameNoReplace renames tmp to final unless final exists (renameat2 with RENAME_NOREPLACE,
// Linux 3.15 and later, on most local file systems).
func renameNoReplace(tmp, final string) error {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, final, unix.RENAME_NOREPLACE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EEXIST):
		return os.ErrExist
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.ENOTSUP):
		return errUnsupported
	}
	return &os.LinkError{Op: "rename", Old: tmp, New: final, Err: err}
}
