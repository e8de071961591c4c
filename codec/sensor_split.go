package codec

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/vidlm/vidlm/vision"
)

// Splits of a row into cells (sensor model 6, docs/FORMAT.md §12.8.1). Split 0 is the
// delimiter's (vision.SplitRecord); the others are for logs whose cells are not separated by
// one delimiter byte: runs of spaces (split 1) and fixed widths (split 2). Either way the
// decoder only joins the cells back (re-padding those of fixed width), so every row, whether
// it fits the layout or not, round-trips byte for byte.
const (
	splitDelim  = 0 // cells between delimiters (vision.SplitRecord)
	splitSpaces = 1 // a cell is a run of spaces (maybe empty) and the non-space bytes after it
	splitFixed  = 2 // cells of fixed widths (SensorParams.Widths), then the rest of the line
)

// maxSplitWidths bounds the widths of split 2.
const maxSplitWidths = 255

// splitLine cuts the first line off data: its bytes without the line end, the line end and
// the bytes consumed (0: more data is needed, or data is empty at EOF). As vision.SplitRecord
// but without delimiters or quotes: a line longer than maxLen is cut there (EndNone).
func splitLine(data []byte, atEOF bool, maxLen int) ([]byte, vision.LineEnd, int) {
	limit := min(len(data), maxLen)
	final := atEOF || len(data) > maxLen
	i := 0
	for i < limit && data[i] != '\n' && data[i] != '\r' {
		i++
	}
	if i == limit {
		if !final || limit == 0 {
			return nil, vision.EndNone, 0
		}
		return data[:limit], vision.EndNone, limit
	}
	if data[i] == '\n' {
		return data[:i], vision.EndLF, i + 1
	}
	if i+1 < len(data) && data[i+1] == '\n' && i+2 <= maxLen {
		return data[:i], vision.EndCRLF, i + 2
	}
	if i+1 == len(data) && !final {
		return nil, vision.EndNone, 0 // a "\n" may follow
	}
	return data[:i], vision.EndCR, i + 1
}

// splitRecord splits the first record off data under the stream's split, as
// vision.SplitRecord does under split 0. Under split 2 the fixed-width cells of a row that
// reaches the end of the widths lose their leading spaces (appendCells pads them back).
func (p *SensorParams) splitRecord(data []byte, atEOF bool, maxLen int, fields [][]byte) ([][]byte, vision.LineEnd, int) {
	if p.Split == splitDelim {
		return vision.SplitRecord(data, p.Delimiter, atEOF, maxLen, fields)
	}
	line, end, n := splitLine(data, atEOF, maxLen)
	if n == 0 {
		return fields, vision.EndNone, 0
	}
	if p.Split == splitSpaces {
		return spaceCells(line, fields), end, n
	}
	return fixedCells(line, p.Widths, fields), end, n
}

// spaceCells appends line's cells under split 1: each cell is a run of spaces and the
// non-space bytes after it; spaces at the end of the line go with the last cell; a line of
// spaces (or none) is one cell.
func spaceCells(line []byte, fields [][]byte) [][]byte {
	orig := len(fields)
	i := 0
	for i < len(line) {
		start := i
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i == len(line) && len(fields) > orig {
			last := &fields[len(fields)-1]
			*last = (*last)[:len(*last)+i-start] // trailing spaces: the last cell's
			break
		}
		for i < len(line) && line[i] != ' ' {
			i++
		}
		fields = append(fields, line[start:i])
	}
	if len(fields) == orig {
		fields = append(fields, line)
	}
	return fields
}

// fixedCells appends line's cells under split 2: the widths in turn (|w| bytes each), then
// the rest of the line. A line at least as long as the widths has len(widths)+1 cells (the
// last maybe empty), and its first len(widths) cells lose their padding: the leading spaces
// of a width w > 0 (right aligned), the trailing spaces of a width w < 0 (left aligned). A
// shorter line has at most len(widths) cells, as they are (the last maybe cut short), and at
// least one.
func fixedCells(line []byte, widths []int, fields [][]byte) [][]byte {
	total := 0
	for _, w := range widths {
		total += abs(w)
	}
	if len(line) < total {
		orig := len(fields)
		for _, w := range widths {
			if len(line) == 0 {
				break
			}
			w = min(abs(w), len(line))
			fields = append(fields, line[:w])
			line = line[w:]
		}
		if len(fields) == orig {
			fields = append(fields, line)
		}
		return fields
	}
	for _, w := range widths {
		if w < 0 {
			fields = append(fields, bytes.TrimRight(line[:-w], " "))
			line = line[-w:]
			continue
		}
		fields = append(fields, bytes.TrimLeft(line[:w], " "))
		line = line[w:]
	}
	return append(fields, line)
}

// appendCells writes a decoded row's cells under split 1 or 2 (split 0 joins them with the
// delimiter): joined, and under split 2 a row of len(Widths)+1 cells pads its first
// len(Widths) with spaces to their widths, on the left (w > 0) or on the right (w < 0). It
// reports false for a cell longer than its width (corruption: the encoder never writes one).
func (p *SensorParams) appendCells(out []byte, cells []sensorCell) ([]byte, bool) {
	pad := p.Split == splitFixed && len(cells) == len(p.Widths)+1
	for i := range cells {
		b := cells[i].b
		if !pad || i == len(p.Widths) {
			out = append(out, b...)
			continue
		}
		w := p.Widths[i]
		n := abs(w) - len(b)
		if n < 0 {
			return out, false
		}
		if w < 0 {
			out = append(out, b...)
		}
		for ; n > 0; n-- {
			out = append(out, ' ')
		}
		if w > 0 {
			out = append(out, b...)
		}
	}
	return out, true
}

// formatWidths writes split 2's widths as the parameter widths holds them: decimal, joined
// by commas.
func formatWidths(widths []int) string {
	var b []byte
	for i, w := range widths {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(w), 10)
	}
	return string(b)
}

// parseWidths reads the parameter widths: 1 to maxSplitWidths widths (negative: left aligned)
// of at most maxSensorRecord bytes in all (so that the padding of a row is bounded), written
// as formatWidths writes them.
func parseWidths(s string) ([]int, error) {
	var widths []int
	for _, f := range bytes.Split([]byte(s), []byte{','}) {
		w, err := strconv.Atoi(string(f))
		if err != nil || w == 0 || abs(w) > maxSensorRecord {
			return nil, fmt.Errorf("split widths %q invalid", s)
		}
		widths = append(widths, w)
	}
	total := 0
	for _, w := range widths {
		total += abs(w)
	}
	if len(widths) > maxSplitWidths || total > maxSensorRecord || formatWidths(widths) != s {
		return nil, fmt.Errorf("split widths %q invalid", s)
	}
	return widths, nil
}

// Detection (encoder only).

// splitSampleLines returns the complete lines of sample after the first (maybe a header),
// at most 4096.
func splitSampleLines(sample []byte, atEOF bool) [][]byte {
	var lines [][]byte
	for first := true; len(sample) > 0 && len(lines) < 4096; first = false {
		line, _, n := splitLine(sample, atEOF, len(sample)+1)
		if n == 0 {
			break
		}
		if !first {
			lines = append(lines, line)
		}
		sample = sample[n:]
	}
	return lines
}

// delimiterFits reports whether delim splits at least 90 % of lines into one same number of
// fields, two or more: a log of delimited cells, which no other split is tried on.
func delimiterFits(lines [][]byte, delim byte) bool {
	counts := map[int]int{}
	best := 0
	for _, l := range lines {
		n := bytes.Count(l, []byte{delim}) + 1
		if n >= 2 {
			counts[n]++
			best = max(best, counts[n])
		}
	}
	return len(lines) > 0 && 10*best >= 9*len(lines)
}

// spaceRuns reports whether a line holds a run of two spaces or starts with a space.
func spaceRuns(lines [][]byte) bool {
	for _, l := range lines {
		if bytes.Contains(l, []byte("  ")) || len(l) > 0 && l[0] == ' ' {
			return true
		}
	}
	return false
}

// spacesFit reports whether split 1 fits lines: at least 80 % of them have one same number of
// cells, two or more, and some of them hold a run of spaces (spaceRuns; else the space
// delimiter splits them the same).
func spacesFit(lines [][]byte) bool {
	counts := map[int]int{}
	best := 0
	var fields [][]byte
	for _, l := range lines {
		fields = spaceCells(l, fields[:0])
		if n := len(fields); n >= 2 {
			counts[n]++
			best = max(best, counts[n])
		}
	}
	return spaceRuns(lines) && len(lines) >= 8 && 5*best >= 4*len(lines)
}

// findWidths returns split 2's widths for lines, or nil: a cell starts where a column of
// spaces starts (a byte position where all the lines hold a space, the lines shorter than
// it counted as spaces; all but 0.5 %: a header line, a rare long value), and
// the last runs to the most frequent line length. A column whose cells of full lines end
// with a space more often than not is left aligned (a negative width).
func findWidths(lines [][]byte) []int {
	if len(lines) < 8 {
		return nil
	}
	lengths := map[int]int{}
	mode, maxLen := 0, 0
	for _, l := range lines {
		lengths[len(l)]++
		if c := lengths[len(l)]; c > lengths[mode] || c == lengths[mode] && len(l) > mode {
			mode = len(l)
		}
		maxLen = max(maxLen, len(l))
	}
	if mode < 2 || maxLen > 4096 {
		return nil
	}
	spaces := make([]int, mode)
	for _, l := range lines {
		for p := range spaces {
			if p >= len(l) || l[p] == ' ' {
				spaces[p]++
			}
		}
	}
	always := func(p int) bool { return len(lines)-spaces[p] <= len(lines)/200 }
	var widths []int
	start := 0
	for p := 1; p < mode; p++ {
		if always(p) && !always(p-1) {
			widths = append(widths, p-start)
			start = p
		}
	}
	if start < mode && !always(mode-1) {
		widths = append(widths, mode-start)
	}
	if len(widths) < 2 || len(widths) > maxSplitWidths {
		return nil
	}
	trailing, filled := make([]int, len(widths)), make([]int, len(widths))
	for _, l := range lines {
		if len(l) < mode {
			continue
		}
		at := 0
		for i, w := range widths {
			c := bytes.TrimLeft(l[at:at+w], " ")
			at += w
			if len(c) > 0 {
				filled[i]++
				if c[len(c)-1] == ' ' {
					trailing[i]++
				}
			}
		}
	}
	for i := range widths {
		if 2*trailing[i] > filled[i] {
			widths[i] = -widths[i]
		}
	}
	return widths
}

// chooseSplit chooses the stream's split (model 6, a file of one stream) from the sample:
// split 0 for a log its delimiter splits (a space: with no runs of spaces), else each split
// that fits the sample's lines is
// tried against split 0 by coding the sample (cells only, no law stage), and the smallest
// wins.
func (e *SensorEncoder) chooseSplit(sample []byte, atEOF bool) {
	lines := splitSampleLines(sample, atEOF)
	if d := e.params.Delimiter; delimiterFits(lines, d) && (d != ' ' || !spaceRuns(lines)) {
		return
	}
	type cand struct {
		split  int
		widths []int
		glued  bool // model 14's gluedWidths: taken only if the cells beat the byte model
	}
	var cands []cand
	if spacesFit(lines) {
		cands = append(cands, cand{splitSpaces, nil, false})
	}
	if w := findWidths(lines); w != nil {
		cands = append(cands, cand{splitFixed, w, false})
	}
	if w := e.gluedCandidate(lines); w != nil {
		cands = append(cands, cand{splitFixed, w, true})
	}
	if len(cands) == 0 {
		return
	}
	sizeOf := func(c cand, sample []byte) int {
		var n countWriter
		t, err := NewSensorEncoder(&n, WithThreads(max(e.threads, 1)))
		if err != nil {
			return 0
		}
		t.model, t.noBytes = e.model, true
		t.splitSet, t.params.Split, t.params.Widths = true, c.split, c.widths
		_ = t.SetLaw(false)
		if _, err := t.Write(sample); err != nil {
			return 0
		}
		if err := t.Close(); err != nil {
			return 0
		}
		return int(n)
	}
	size := func(c cand) int { return sizeOf(c, sample) }
	best := size(cand{})
	for _, c := range cands {
		n := size(c)
		if n > 0 && n < best && (!c.glued || e.gluedBeatsBytes(sample, atEOF, n, func(b []byte) int { return sizeOf(c, b) })) {
			best, e.params.Split, e.params.Widths = n, c.split, c.widths
		}
	}
}
