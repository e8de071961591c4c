//go:build !linux

package tmpfile

import "errors"

// errUnsupported marks a system without a no-replace rename: Place links instead.
var errUnsupported = errors.New("rename without replacing is not supported here")

func renameNoReplace(tmp, final string) error { return errUnsupported }
