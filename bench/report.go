// Package bench measures compressors side by side on the same data: it runs the reference
// tools (FFV1, x264, x265, PNG through ffmpeg; zstd, xz, bzip2, gzip), checks their round
// trips, and prints the comparison as a table or JSON. It knows nothing of vidlm's codec: the
// command line runs vidlm in-process and hands its figures in as rows.
package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Kind is what a benchmark compresses.
type Kind string

// Kinds of benchmark.
const (
	Video  Kind = "video"
	Sensor Kind = "sensor"
)

// Status says whether a row holds figures.
type Status string

// Row statuses.
const (
	StatusOK           Status = "ok"
	StatusNotInstalled Status = "not installed" // the program (or ffmpeg's encoder) is missing
	StatusUnavailable  Status = "not available" // the tool exists but cannot do this input
	StatusFailed       Status = "failed"        // the tool ran and failed
)

// RoundTrip is the result of decoding a tool's output and comparing it with the input.
type RoundTrip string

// Round-trip results.
const (
	RoundTripOK         RoundTrip = "ok"
	RoundTripMismatch   RoundTrip = "mismatch"
	RoundTripNotChecked RoundTrip = "not checked"
)

// Row is one tool's result.
type Row struct {
	Tool   string `json:"tool"`
	Status Status `json:"status"`
	// Note explains a status other than ok, or a mismatch.
	Note          string    `json:"note,omitempty"`
	Bytes         int64     `json:"size_bytes,omitempty"`
	EncodeSeconds float64   `json:"encode_seconds,omitempty"`
	DecodeSeconds float64   `json:"decode_seconds,omitempty"`
	RoundTrip     RoundTrip `json:"round_trip,omitempty"`

	// Figures derived by Report.Finish; absent when not measured.
	BitsPerPixel float64 `json:"bits_per_pixel,omitempty"` // video
	PercentOfRaw float64 `json:"percent_of_original,omitempty"`
	Ratio        float64 `json:"ratio_to_raw,omitempty"`
	EncodeRate   float64 `json:"encode_rate,omitempty"` // Report.RateUnit
	DecodeRate   float64 `json:"decode_rate,omitempty"`
	Relative     float64 `json:"size_vs_reference,omitempty"` // Bytes / the reference row's Bytes
}

// Report is one benchmark: what was compressed and every tool's row.
type Report struct {
	Input string `json:"input"`
	Kind  Kind   `json:"kind"`

	// Video only.
	Frames int    `json:"frames,omitempty"`
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
	Format string `json:"format,omitempty"`
	Depth  int    `json:"depth,omitempty"`
	// PixelUnit is what BitsPerPixel counts: "pixel" (all of a pixel's samples, e.g. B, G
	// and R) or "luma pixel" (YUV: the bits of all planes over the luma plane's pixels).
	PixelUnit string `json:"pixel_unit,omitempty"`
	Pixels    int64  `json:"pixels,omitempty"` // width × height × frames

	// RawBytes is the size of what every tool compressed: the frames' samples (video) or the
	// file (sensor).
	RawBytes int64 `json:"raw_bytes"`
	// RateUnit is the unit of EncodeRate and DecodeRate: MPix/s (video) or MB/s (sensor).
	RateUnit string `json:"rate_unit"`
	// Threads is what vidlm and the ffmpeg coders were allowed.
	Threads int `json:"threads"`
	// Reference names the row the Relative column compares with.
	Reference string `json:"reference,omitempty"`
	Rows      []Row  `json:"rows"`
}

// Finish computes every row's derived figures.
func (r *Report) Finish() {
	var ref int64
	for _, row := range r.Rows {
		if row.Tool == r.Reference && row.Status == StatusOK {
			ref = row.Bytes
		}
	}
	work := float64(r.RawBytes) / 1e6 // MB
	if r.Kind == Video {
		work = float64(r.Pixels) / 1e6 // MPix
	}
	for i := range r.Rows {
		row := &r.Rows[i]
		if row.Status != StatusOK || row.Bytes <= 0 {
			continue
		}
		if r.Kind == Video && r.Pixels > 0 {
			row.BitsPerPixel = float64(row.Bytes) * 8 / float64(r.Pixels)
		}
		if r.RawBytes > 0 {
			row.PercentOfRaw = 100 * float64(row.Bytes) / float64(r.RawBytes)
			row.Ratio = float64(r.RawBytes) / float64(row.Bytes)
		}
		if row.EncodeSeconds > 0 {
			row.EncodeRate = work / row.EncodeSeconds
		}
		if row.DecodeSeconds > 0 {
			row.DecodeRate = work / row.DecodeSeconds
		}
		if ref > 0 {
			row.Relative = float64(row.Bytes) / float64(ref)
		}
	}
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Failures lists the rows whose round trip did not restore the input.
func (r *Report) Failures() []Row {
	var bad []Row
	for _, row := range r.Rows {
		if row.RoundTrip == RoundTripMismatch {
			bad = append(bad, row)
		}
	}
	return bad
}

// Summary is the line above the table: what was compressed.
func (r *Report) Summary() string {
	if r.Kind == Video {
		return fmt.Sprintf("%s: %d frames, %dx%d %s %d-bit, %d raw bytes, %d threads; bits per %s",
			r.Input, r.Frames, r.Width, r.Height, r.Format, r.Depth, r.RawBytes, r.Threads, r.PixelUnit)
	}
	return fmt.Sprintf("%s: %d bytes, %d threads", r.Input, r.RawBytes, r.Threads)
}

// Header names the table's columns.
func (r *Report) header() []string {
	ref := "vs " + r.Reference
	if r.Reference == "" {
		ref = "vs reference"
	}
	if r.Kind == Video {
		return []string{"tool", "size (bytes)", "bits/" + strings.ReplaceAll(r.PixelUnit, "pixel", "px"), "ratio",
			"enc " + r.RateUnit, "dec " + r.RateUnit, ref, "round trip"}
	}
	return []string{"tool", "size (bytes)", "% of original", "ratio",
		"enc " + r.RateUnit, "dec " + r.RateUnit, ref, "round trip"}
}

// cells formats one row; a row without figures gets its status and note in one cell.
func (r *Report) cells(row Row) []string {
	if row.Status != StatusOK {
		s := string(row.Status)
		if row.Note != "" {
			s += ": " + row.Note
		}
		return []string{row.Tool, s}
	}
	num := func(v float64, prec int) string {
		if v == 0 {
			return "-"
		}
		return fmt.Sprintf("%.*f", prec, v)
	}
	second := num(row.PercentOfRaw, 2)
	if r.Kind == Video {
		second = num(row.BitsPerPixel, 4)
	}
	rt := string(row.RoundTrip)
	if row.RoundTrip == RoundTripMismatch {
		rt = "MISMATCH"
		if row.Note != "" {
			rt += " (" + row.Note + ")"
		}
	}
	return []string{row.Tool, fmt.Sprint(row.Bytes), second, num(row.Ratio, 2),
		num(row.EncodeRate, 2), num(row.DecodeRate, 2), num(row.Relative, 3), rt}
}

// writeAligned writes rows as columns two spaces apart, padded to width: the first column
// left-aligned, then each cell right-aligned unless left says otherwise; a cell that last
// says ends its row (the round-trip column, a status row's text) is not padded.
func writeAligned(b *strings.Builder, rows [][]string, width []int, last func(i int, cells []string) bool, left func(i int) bool) {
	for _, cells := range rows {
		for i, c := range cells {
			pad := strings.Repeat(" ", max(0, width[i]-len([]rune(c))))
			switch {
			case i == 0:
				b.WriteString(c + pad)
			case last(i, cells):
				b.WriteString("  " + c)
			case left(i):
				b.WriteString("  " + c + pad)
			default:
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteByte('\n')
	}
}

// WriteTable writes the summary line and the table: the tool name left-aligned, figures
// right-aligned, the round-trip column left-aligned.
func (r *Report) WriteTable(w io.Writer) error {
	rows := [][]string{r.header()}
	for _, row := range r.Rows {
		rows = append(rows, r.cells(row))
	}
	ncol := len(rows[0])
	width := make([]int, ncol)
	for _, cells := range rows {
		if len(cells) != ncol {
			continue // a status row spans the figures
		}
		for i, c := range cells {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	for _, cells := range rows {
		width[0] = max(width[0], len([]rune(cells[0])))
	}
	var b strings.Builder
	b.WriteString(r.Summary())
	b.WriteByte('\n')
	writeAligned(&b, rows, width, func(i int, cells []string) bool { return len(cells) != ncol || i == ncol-1 },
		func(int) bool { return false })
	_, err := io.WriteString(w, b.String())
	return err
}
