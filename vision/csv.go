package vision

// CSV records, split so that they can be rebuilt byte for byte. A record is its fields joined
// by the delimiter, followed by its line end; nothing is normalised, so the split needs no
// strict grammar: quoted fields (RFC 4180, "" for a quote) keep their quotes, a field that
// is not well formed simply stays as it is, and a record can be cut anywhere (EndNone) without
// losing a byte. The split only decides how well the model sees the data, never what the
// decoder writes.

// LineEnd is how a record ends.
type LineEnd uint8

// Line ends.
const (
	EndNone LineEnd = iota // end of input, or a record cut because it grew too long
	EndLF                  // "\n"
	EndCRLF                // "\r\n"
	EndCR                  // a lone "\r"
)

// Bytes returns the line end's bytes.
func (e LineEnd) Bytes() string {
	switch e {
	case EndLF:
		return "\n"
	case EndCRLF:
		return "\r\n"
	case EndCR:
		return "\r"
	}
	return ""
}

// Delimiters are the field delimiters DetectDelimiter chooses from, in order of preference.
var Delimiters = []byte{',', '\t', ';', '|', ' '}

// SplitRecord splits the first record off data. It appends the record's fields (slices of
// data) to fields and returns them with the record's line end and its length in bytes; the
// fields joined by delim plus the line end are exactly data[:n]. A record longer than maxLen
// bytes is cut at maxLen (EndNone). If data holds no complete record and atEOF is false, it
// returns n == 0: more data is needed. At EOF a final record without a line end is returned
// with EndNone; n == 0 then means data is empty.
func SplitRecord(data []byte, delim byte, atEOF bool, maxLen int, fields [][]byte) ([][]byte, LineEnd, int) {
	orig := len(fields)
	limit := len(data)
	if limit > maxLen {
		limit = maxLen
	}
	// final: data[:limit] is all this record may use, so running out ends it (EndNone).
	final := atEOF || len(data) > maxLen
	more := func() ([][]byte, LineEnd, int) { return fields[:orig], EndNone, 0 }
	start, i := 0, 0 // the current field starts at start; i scans it
	for {
		if i < limit && data[i] == '"' && i == start {
			// A quoted field: up to the closing quote, "" being an escaped quote.
			i++
			for {
				for i < limit && data[i] != '"' {
					i++
				}
				if i == limit {
					break // unterminated so far
				}
				if i+1 == limit && !final {
					return more() // whether a second quote follows decides
				}
				if i+1 < limit && data[i+1] == '"' {
					i += 2
					continue
				}
				i++ // the closing quote
				break
			}
		}
		for i < limit {
			c := data[i]
			if c == delim || c == '\n' || c == '\r' {
				break
			}
			i++
		}
		if i == limit {
			if !final {
				return more()
			}
			return append(fields, data[start:limit]), EndNone, limit
		}
		switch data[i] {
		case '\n':
			return append(fields, data[start:i]), EndLF, i + 1
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' && i+2 <= maxLen {
				return append(fields, data[start:i]), EndCRLF, i + 2
			}
			if i+1 == len(data) && !final {
				return more() // a "\n" may follow
			}
			return append(fields, data[start:i]), EndCR, i + 1
		}
		fields = append(fields, data[start:i])
		i++ // the delimiter
		start = i
	}
}

// DetectDelimiter guesses the field delimiter of a CSV sample (its first few kilobytes; atEOF
// if that is the whole input): the candidate that splits the most of the first lines into one
// same number (two or more) of fields, the earlier in Delimiters on a tie. Without any such
// candidate it returns ','.
func DetectDelimiter(sample []byte, atEOF bool) byte {
	best, bestScore := byte(','), 0
	var fields [][]byte
	for _, d := range Delimiters {
		var counts [64]int
		data := sample
		for lines := 0; lines < 50 && len(data) > 0; lines++ {
			var n int
			fields, _, n = SplitRecord(data, d, atEOF, 1<<16, fields[:0])
			if n == 0 {
				break
			}
			data = data[n:]
			counts[min(len(fields), len(counts)-1)]++
		}
		score := 0
		for k := 2; k < len(counts); k++ {
			score = max(score, counts[k])
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}
