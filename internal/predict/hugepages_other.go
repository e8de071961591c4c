//go:build !linux

package predict

// hugePages does nothing outside Linux (see hugepages_linux.go).
func hugePages(t []Counter) {}
