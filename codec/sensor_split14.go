package codec

import (
	"math/bits"
	"slices"
)

// Sensor model 14: split 2's widths for tables whose fields are glued (docs/FORMAT.md
// §12.8.9, docs/MODEL.md "Sensor model 14: glued fixed-width fields"). Encoder only: the
// widths are coded as split 2's (`widths`), and the decoder joins the cells as it always did.
//
// NREL's TMY2 writes "62010101" for year, month, day and hour, then each value zero padded to
// its width and followed by a source letter and an uncertainty digit ("0200A7"): no space
// between fields, so model 6's widths (columns of spaces) find none, and the line was one
// text cell (in practice, a bytes block). gluedWidths cuts such lines where the byte class
// changes at the same position in (nearly) all of them, and inside the runs of digits where a
// cost estimate (below) says that fields start.

// gluedClass is a byte's class for gluedWidths: a number's bytes (digits, a sign, a point),
// a letter or '?', a space, anything else.
func gluedClass(b byte) byte {
	switch {
	case b >= '0' && b <= '9' || b == '-' || b == '+' || b == '.':
		return 'd'
	case b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '?':
		return 'a'
	case b == ' ':
		return 's'
	}
	return 'o'
}

// gluedMaxDigits bounds the width of a cell cut inside a run of digits (its value fits an
// int64 with a sign).
const gluedMaxDigits = 12

// gluedCutBits is the estimated cost, in 1/256 bits per row, of one more cell: what a cut
// must save (1/16 bit: TMY2-layout tables from pvlib's TMY3 files came closest to their true
// fields with it, 256 merged a constant digit into its neighbour, the date into one cell).
const gluedCutBits = 16

// gluedWidths returns split 2's widths for lines of glued fixed-width fields, or nil. The
// lines of the most frequent length (at least 90 % of them, 8 or more) are cut:
//
//   - where the byte class (gluedClass) of a position differs from the one before it in all
//     the lines but 0.5 %;
//   - inside each stretch between those cuts whose bytes are digits, signs, points or spaces
//     in all those lines but 0.5 %, at the cuts that minimise an estimate of the cost of
//     the stretch's cells: for each cell, the bits of its value's change from the line above
//     under an adaptive model of the change's sign and bit length (gluedCost), plus
//     gluedCutBits per cell and line. A dynamic programme over the stretch finds them
//     (cells of at most gluedMaxDigits bytes).
//
// The last width runs to the line length. At least two widths.
func gluedWidths(lines [][]byte) []int {
	if len(lines) < 8 {
		return nil
	}
	lengths := map[int]int{}
	mode := 0
	for _, l := range lines {
		lengths[len(l)]++
		if c := lengths[len(l)]; c > lengths[mode] || c == lengths[mode] && len(l) > mode {
			mode = len(l)
		}
	}
	if mode < 2 || mode > 4096 || 10*lengths[mode] < 9*len(lines) {
		return nil
	}
	full := make([][]byte, 0, lengths[mode])
	for _, l := range lines {
		if len(l) == mode {
			full = append(full, l)
		}
	}
	n := len(full)
	if oneNumberLines(full) {
		return nil
	}
	slack := n / 200
	changes := make([]int, mode)
	numeric := make([]int, mode)
	for _, l := range full {
		for p := range mode {
			c := gluedClass(l[p])
			if c == 'd' || c == 's' {
				numeric[p]++
			}
			if p > 0 && c != gluedClass(l[p-1]) {
				changes[p]++
			}
		}
	}
	cuts := []int{0}
	for p := 1; p < mode; p++ {
		if changes[p] >= n-slack {
			cuts = append(cuts, p)
		}
	}
	cuts = append(cuts, mode)
	var starts []int
	for k := 0; k+1 < len(cuts); k++ {
		a, b := cuts[k], cuts[k+1]
		digits := true
		for p := a; p < b; p++ {
			digits = digits && numeric[p] >= n-slack
		}
		if !digits || b-a < 2 {
			starts = append(starts, a)
			continue
		}
		starts = append(starts, gluedRun(full, a, b)...)
	}
	if len(starts) < 2 || len(starts) > maxSplitWidths {
		return nil
	}
	widths := make([]int, len(starts))
	for i, s := range starts {
		end := mode
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		widths[i] = end - s
	}
	return widths
}

// gluedRun returns the starts of the cells that the stretch [a, b) of lines is cut into, a
// first: the cuts of least estimated cost (gluedWidths).
func gluedRun(lines [][]byte, a, b int) []int {
	m := b - a
	best := make([]int64, m+1) // best[j]: the least cost of [a, a+j), in 1/256 bits
	from := make([]int, m+1)
	for j := 1; j <= m; j++ {
		best[j] = -1
		for i := max(0, j-gluedMaxDigits); i < j; i++ {
			c := best[i] + gluedCost(lines, a+i, a+j) + gluedCutBits*int64(len(lines))
			if best[j] < 0 || c < best[j] {
				best[j], from[j] = c, i
			}
		}
	}
	var starts []int
	for j := m; j > 0; j = from[j] {
		starts = append(starts, a+from[j])
	}
	for i, j := 0, len(starts)-1; i < j; i, j = i+1, j-1 {
		starts[i], starts[j] = starts[j], starts[i]
	}
	return starts
}

// gluedValue reads b as an integer (spaces skipped, a sign, digits; a point is skipped as a
// digit-less byte so that a fixed-point field reads as its integer in its last digit's unit),
// or reports false.
func gluedValue(b []byte) (int64, bool) {
	var v int64
	neg, seen := false, false
	for i, c := range b {
		switch {
		case c == ' ' && !seen:
		case (c == '-' || c == '+') && !seen && i+1 < len(b):
			neg, seen = c == '-', true
		case c >= '0' && c <= '9':
			v, seen = 10*v+int64(c-'0'), true
		case c == '.' && seen:
		default:
			return 0, false
		}
	}
	if neg {
		v = -v
	}
	return v, seen
}

// gluedCost estimates the cost, in 1/256 bits, of the cells [i, j) of lines: each value's
// change from the line above, coded as its class (zero, or a sign and a bit length) under
// adaptive counts and then the bits below its leading one; a cell that is not a number costs
// 40 bits. Integers only, so that every encoder chooses the same widths.
func gluedCost(lines [][]byte, i, j int) int64 {
	var counts [130]uint64
	total := uint64(0)
	for k := range counts {
		counts[k] = 2 // 0.4 in units of 1/5
		total += 2
	}
	cost := int64(0)
	var prev int64
	for r, l := range lines {
		v, ok := gluedValue(l[i:j])
		if !ok {
			cost += 40 * 256
			continue
		}
		d := v - prev
		prev = v
		if r == 0 {
			continue
		}
		cls, extra := 0, 0
		if d != 0 {
			u := uint64(d)
			if d < 0 {
				u = uint64(-d)
			}
			n := bits.Len64(u)
			cls, extra = n, n-1
			if d < 0 {
				cls += 65
			}
		}
		cost += log2Fix(total) - log2Fix(counts[cls]) + int64(256*extra)
		counts[cls] += 5
		total += 5
	}
	return cost
}

// log2Fix returns log2(x) in 1/256 units (rounded down; 0 for x <= 1), by integers only: the
// bit length, then eight fractional bits by repeated squaring.
func log2Fix(x uint64) int64 {
	if x <= 1 {
		return 0
	}
	n := bits.Len64(x) - 1
	var y uint64 // x / 2^n in Q30, in [1, 2)
	if n >= 30 {
		y = x >> (n - 30)
	} else {
		y = x << (30 - n)
	}
	r := int64(n) << 8
	for b := int64(128); b > 0; b >>= 1 {
		y = y * y >> 30
		if y >= 2<<30 {
			r += b
			y >>= 1
		}
	}
	return r
}

// oneNumberLines tells whether the lines (all but 1/cascOneShare) are each one short number:
// an optional sign, digits and at most one point, at most cascOneLen bytes. Such a line is
// one field (a one-column signal, e.g. BioSPPy's "2669.0"), not glued ones: cut apart, its
// digits would lose the Series' prediction of the number (eda.txt: 32,535 -> 33,372 bytes).
func oneNumberLines(lines [][]byte) bool {
	one := 0
	for _, l := range lines {
		if isOneNumber(l) {
			one++
		}
	}
	return one >= len(lines)-len(lines)/cascOneShare
}

func isOneNumber(l []byte) bool {
	if len(l) == 0 || len(l) > cascOneLen {
		return false
	}
	if l[0] == '-' || l[0] == '+' {
		l = l[1:]
	}
	digits, points := 0, 0
	for _, c := range l {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
}

// gluedCandidate returns the widths that chooseSplit tries under model 14 besides model 6's
// (gluedWidths), or nil: none before model 14, or when they are model 6's own.
func (e *SensorEncoder) gluedCandidate(lines [][]byte) []int {
	if e.model < sensorModelV14 {
		return nil
	}
	w := gluedWidths(lines)
	if w == nil || slices.Equal(w, findWidths(lines)) {
		return nil
	}
	return w
}

// gluedBeatsBytes reports whether the sample's cells under gluedWidths' widths (cells bytes
// of stream; sizeOf codes a part of the sample the same way) code smaller than the byte model
// codes the sample (when bytes blocks are allowed): over the whole sample when it is the
// whole log, else over its second half (from the line end after its middle), the cells' cost
// there taken as cells less the size of the first half alone, the byte model's as its cost
// of the second half after the first. The second half stands for the rest of the log: the
// byte model learns fast and the cells slowly, so that the sample's totals favour the bytes
// (glued versions of tuned-on corpus logs: the cells at 1.02 to 1.14 of the byte model on
// the 64 KiB but 0.93 to 1.00 in all).
//
// Where the byte model wins, the blocks would be bytes blocks anyway, and the split would
// only let the block trial's early checks (checkLoses) take cells where the byte model,
// starting afresh in each block, is behind at first but ahead in all (a TMY2-layout table
// from pvlib's TMY3 file for Sand Point: cells at 1.9 times the byte model on the sample; with
// the split, its second block went to the cells, 60,677 -> 64,249 bytes).
func (e *SensorEncoder) gluedBeatsBytes(sample []byte, whole bool, cells int, sizeOf func([]byte) int) bool {
	if !e.bytesOK {
		return true
	}
	e.freshBytes()
	if whole {
		return uint64(cells)*8*CostUnit < bytesCost(e.bytes, sample, nil)
	}
	half := len(sample) / 2
	for half < len(sample) && sample[half] != '\n' {
		half++
	}
	if half++; half >= len(sample) {
		return false
	}
	_ = bytesCost(e.bytes, sample[:half], nil)
	tail := bytesCost(e.bytes, sample[half:], nil)
	first := sizeOf(sample[:half])
	return first > 0 && uint64(max(cells-first, 0))*8*CostUnit < tail
}
