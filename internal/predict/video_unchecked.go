//go:build !purego

package predict

import "unsafe"

// The sample loop's reads of the rows around the current sample, without a bounds check
// each: Predict checks x against the plane's width once, and BeginRow that every row it
// reads holds the stride's samples (checkRows), so that every index the loop forms lies in
// its row. Built with -tags purego they are plain indexing (video_unchecked_purego.go), and
// the tests run that way catch an index out of its row.

// ld32 is s[i]; i must lie in s.
func ld32(s []int32, i int) int32 {
	return *(*int32)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), uintptr(i)*4))
}

// ld16 is s[i]; i must lie in s.
func ld16(s []uint16, i int) uint16 {
	return *(*uint16)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), uintptr(i)*2))
}

// ld8 is s[i]; i must lie in s.
func ld8(s []uint8, i int) uint8 {
	return *(*uint8)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), uintptr(i)))
}

// at is &s[i]; i must lie in s.
func at[T any](s []T, i int) *T {
	var z T
	return (*T)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), uintptr(i)*unsafe.Sizeof(z)))
}
