//go:build !linux

package predict

import "unsafe"

// hugePages does nothing outside Linux (see hugepages_linux.go).
func hugePages(t []Counter) {}

// hugePagesRange does nothing outside Linux.
func hugePagesRange(p unsafe.Pointer, n uintptr) {}
