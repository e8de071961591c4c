//go:build purego

package predict

// With -tags purego the sample loop's row reads are checked (video_unchecked.go).

func ld32(s []int32, i int) int32 { return s[i] }

func ld16(s []uint16, i int) uint16 { return s[i] }

func ld8(s []uint8, i int) uint8 { return s[i] }

func at[T any](s []T, i int) *T { return &s[i] }
