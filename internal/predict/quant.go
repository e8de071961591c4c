package predict

import "math/bits"

// Context quantisers: they map a non-negative activity measure to a small bucket index,
// finely near zero (where most samples of real video sit) and coarsely above.

// actBuckets[v] for v < 256; larger values fall in the last buckets by their bit length.
var actBuckets [256]uint8

func init() {
	edges := []int{0, 1, 2, 3, 5, 7, 10, 14, 20, 28, 40, 56, 80, 112, 160, 224}
	b := 0
	for v := range actBuckets {
		for b+1 < len(edges) && v >= edges[b+1] {
			b++
		}
		actBuckets[v] = uint8(b)
	}
}

// quant16 maps v ≥ 0 to 0..15. Every value from 224 up is in bucket 15, so v is capped at
// 255 (a conditional move) rather than tested by a branch.
func quant16(v int32) int {
	return int(actBuckets[uint8(min(v, 255))])
}

// quant8 maps v ≥ 0 to 0..7 (pairs of quant16 buckets).
func quant8(v int32) int { return quant16(v) >> 1 }

func abs32(v int32) int32 {
	m := v >> 31 // branch-free: the signs of residuals are unpredictable
	return (v ^ m) - m
}

func min32(a, b int32) int32 { return min(a, b) }

func max32(a, b int32) int32 { return max(a, b) }

func clamp32(v, lo, hi int32) int32 { return min(max(v, lo), hi) }

// sign3 is 0 for negative, 1 for zero, 2 for positive, without branches.
func sign3(v int32) int {
	return 1 + int(uint32(-v)>>31) - int(uint32(v)>>31)
}

// med is the median edge detector of LOCO-I / JPEG-LS: min(w, n) when nw ≥ max(w, n),
// max(w, n) when nw ≤ min(w, n), else w + n − nw. That is w + n − nw clamped to
// [min(w, n), max(w, n)] (nw ≥ max makes w + n − nw ≤ min, nw ≤ min makes it ≥ max), which
// compiles to conditional moves: the branches of the three cases follow the texture and
// are mispredicted often.
func med(w, n, nw int32) int32 {
	return min(max(w+n-nw, min(w, n)), max(w, n))
}

// trailingZeros is the index of the lowest set bit of a non-zero mask.
func trailingZeros(v uint32) int { return bits.TrailingZeros32(v) }
