package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/report"
)

func newInfoCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "info IN.vlm",
		Short: "Describe a .vlm: streams, geometry, frames, size, bits per pixel",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := openInput(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			info, err := codec.ReadInfo(f)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			rep := describe(args[0], info)
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rep)
			}
			printInfo(a, rep)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}

// infoReport is what `vidlm info` prints.
type infoReport struct {
	File          string        `json:"file"`
	FormatVersion int           `json:"format_version"`
	SizeBytes     int64         `json:"size_bytes"`
	Streams       []streamEntry `json:"streams"`
}

type streamEntry struct {
	Kind string `json:"kind"`
	// Recordings (files of several streams): the stream's name, its chunks' bytes, its time
	// span on the recording's clock and rate, and the cross-modal gain.
	Name       string      `json:"name,omitempty"`
	Bytes      uint64      `json:"bytes,omitempty"`
	StartS     float64     `json:"start_s,omitempty"`
	EndS       float64     `json:"end_s,omitempty"`
	RateHz     float64     `json:"rate_hz,omitempty"`
	TimeColumn string      `json:"time_column,omitempty"`
	Cross      *crossEntry `json:"cross_modal,omitempty"`
	// GyroFor names the video whose motion a log's rows predict (coded in parts before
	// its frames, the log then takes no input from the video).
	GyroFor string `json:"gyroscope_for,omitempty"`
	// HintInVideo: the video's stream holds the predictions (stream.hint): it decodes
	// without the log
	HintInVideo   bool    `json:"hint_in_video,omitempty"`
	Width         int     `json:"width,omitempty"`
	Height        int     `json:"height,omitempty"`
	PixelFormat   string  `json:"pixel_format,omitempty"`
	BitDepth      int     `json:"bit_depth,omitempty"`
	FrameRate     string  `json:"frame_rate,omitempty"`
	Source        string  `json:"source,omitempty"`
	Frames        uint64  `json:"frames"`
	Segments      int     `json:"segments"`
	Tiles         int     `json:"tiles,omitempty"`
	RawBytes      uint64  `json:"raw_bytes"`
	SHA256        string  `json:"sha256"`
	BitsPerPixel  float64 `json:"bits_per_pixel,omitempty"`
	PercentOfRaw  float64 `json:"percent_of_raw"`
	RatioToRaw    float64 `json:"ratio_to_raw"`
	Y4MHeader     string  `json:"y4m_header,omitempty"`
	ModelTemporal bool    `json:"model_temporal,omitempty"`
	// Sensor streams.
	Rows      int64         `json:"rows,omitempty"`
	Delimiter string        `json:"delimiter,omitempty"`
	Split     string        `json:"split,omitempty"` // sensor model 6: "spaces", or "widths W,W,..." (negative: left aligned)
	HeaderRow bool          `json:"header_row,omitempty"`
	Columns   []columnEntry `json:"columns,omitempty"`
	// BitsPerValue covers the cell blocks only: the bytes blocks (coded whole by the byte
	// model) have no cells and their surprise is not measured; BytesBlocks counts them, with
	// their rows and the bytes of the file their chunks take.
	BitsPerValue        float64 `json:"bits_per_value,omitempty"`
	Blocks              int     `json:"blocks,omitempty"`
	BytesBlocks         int     `json:"bytes_blocks,omitempty"`
	BytesBlockRows      int64   `json:"bytes_block_rows,omitempty"`
	BytesBlockFileBytes int64   `json:"bytes_block_file_bytes,omitempty"`
	// Surprise is the encoder's account of the code length, from the trailer (files written
	// before it was stored have none).
	Surprise *surpriseEntry `json:"surprise,omitempty"`
}

// crossEntry is a stream's cost with and without the other modality's input.
type crossEntry struct {
	WithBits    float64 `json:"with_bits"`
	WithoutBits float64 `json:"without_bits"`
	GainBits    float64 `json:"gain_bits"`
	GainPercent float64 `json:"gain_percent"`
}

// columnEntry is one column of a sensor stream: its cells and what they cost.
type columnEntry struct {
	Name         string  `json:"name,omitempty"`
	Cells        int     `json:"cells"`
	Numbers      int     `json:"numbers"`
	Texts        int     `json:"texts"`
	Repeats      int     `json:"repeats"`
	BitsPerValue float64 `json:"bits_per_value"` // all the column's bits per cell
	ValueBits    float64 `json:"value_bits"`     // of which the numbers' values
	NotationBits float64 `json:"notation_bits"`  // kinds, repeats, notation, precision
	TextBits     float64 `json:"text_bits"`      // text cells' bytes
}

// surpriseEntry is a stream's summed surprise beside the bytes it became.
type surpriseEntry struct {
	Units map[string]string `json:"units"`
	// PartBits is the surprise by plane (video: named as in vidlm report) and "motion".
	PartBits map[string]float64 `json:"part_bits"`
	report.Agreement
}

func describe(name string, info *codec.FileInfo) infoReport {
	rep := infoReport{File: name, FormatVersion: info.Version, SizeBytes: info.Size}
	multi := len(info.Streams) > 1
	for i, s := range info.Streams {
		idx := info.Index[i]
		e := streamEntry{Kind: s.Kind.String(), Frames: idx.Chunks, Segments: len(idx.Segments),
			RawBytes: idx.RawBytes, SHA256: hex.EncodeToString(idx.SHA256[:])}
		// A stream's size: the file's, or in a recording its own chunks'.
		size := info.Size
		if multi && i < len(info.Extra) {
			x := info.Extra[i]
			size = int64(x.Bytes)
			e.Name, e.Bytes = info.Meta[i].Name, x.Bytes
			for j, m := range info.Meta {
				if (m.Gyro == i || m.Hint == i) && j != i {
					e.GyroFor = m.Name
					e.HintInVideo = m.Hint == i
				}
			}
			if x.HasSpan && x.Units > 0 {
				e.StartS, e.EndS = float64(x.FirstNS)/1e9, float64(x.LastNS)/1e9
				if x.Units > 1 && x.LastNS > x.FirstNS {
					e.RateHz = float64(x.Units-1) / (float64(x.LastNS-x.FirstNS) / 1e9)
				}
			}
			if x.HasCross && x.CostWithout > 0 {
				c := &crossEntry{WithBits: float64(x.CostWith) / codec.CostUnit, WithoutBits: float64(x.CostWithout) / codec.CostUnit}
				c.GainBits = c.WithoutBits - c.WithBits
				c.GainPercent = 100 * c.GainBits / c.WithoutBits
				e.Cross = c
			}
		}
		if idx.RawBytes > 0 {
			e.PercentOfRaw = 100 * float64(size) / float64(idx.RawBytes)
			e.RatioToRaw = float64(size) / float64(idx.RawBytes)
		}
		var v *codec.VideoParams
		var si *codec.SensorInfo
		if i < len(info.StreamVideo) {
			v, si = info.StreamVideo[i], info.StreamSensor[i]
		}
		if multi && si != nil && info.Meta[i].Time.Column >= 0 && info.Meta[i].Time.Column < len(si.Names) {
			e.TimeColumn = si.Names[info.Meta[i].Time.Column]
		}
		if t := idx.Surprise; t != nil {
			e.Surprise = describeSurprise(t, info, s.Kind)
		}
		if v != nil {
			e.Width, e.Height = v.Layout.Width, v.Layout.Height
			e.PixelFormat, e.BitDepth = v.Layout.Format.String(), v.Layout.Depth
			e.FrameRate = v.FrameRate.String()
			e.Source, e.Tiles, e.Y4MHeader = v.Source, v.Tiles, v.Y4MHeader
			e.ModelTemporal = v.Model.Temporal
			if px := float64(idx.Chunks) * float64(v.Layout.Width*v.Layout.Height); px > 0 {
				e.BitsPerPixel = float64(size*8) / px
			}
		}
		if si != nil {
			describeSensor(&e, si)
		}
		rep.Streams = append(rep.Streams, e)
	}
	return rep
}

func describeSensor(e *streamEntry, si *codec.SensorInfo) {
	e.Delimiter = string(si.Delimiter)
	switch si.Split {
	case 1:
		e.Split = "spaces"
	case 2:
		e.Split = "widths " + strings.Trim(strings.Join(strings.Fields(fmt.Sprint(si.Widths)), ","), "[]")
	}
	e.HeaderRow = si.Header != nil
	e.Blocks, e.BytesBlocks, e.BytesBlockRows, e.BytesBlockFileBytes = si.Blocks, si.BytesBlocks, si.BytesBlockRows, si.BytesBlockFileBytes
	if si.Summary == nil {
		return
	}
	e.Rows = si.Summary.Rows
	var cost uint64
	cells := 0
	for i, c := range si.Summary.Columns {
		ce := columnEntry{Cells: c.Cells, Numbers: c.Numbers, Texts: c.Texts, Repeats: c.Repeats}
		if i < len(si.Names) {
			ce.Name = si.Names[i]
		}
		if c.Cells > 0 {
			n := float64(c.Cells) * codec.CostUnit
			ce.BitsPerValue = float64(c.Total()) / n
			ce.ValueBits, ce.NotationBits, ce.TextBits = float64(c.Value)/n, float64(c.Notation)/n, float64(c.Text)/n
		}
		cost += c.Total()
		cells += c.Cells
		e.Columns = append(e.Columns, ce)
	}
	if cells > 0 {
		e.BitsPerValue = float64(cost) / codec.CostUnit / float64(cells)
	}
}

// describeSurprise names the parts of a stream's surprise totals and sets them beside the
// stream's bytes. With one stream, the whole file's size is compared too.
func describeSurprise(t *codec.SurpriseTotals, info *codec.FileInfo, kind codec.StreamKind) *surpriseEntry {
	var names []string
	if kind == codec.KindVideo && info.Video != nil {
		names = append(report.PlaneNames(info.Video), "motion")
	}
	var total uint64
	e := &surpriseEntry{PartBits: map[string]float64{}, Units: map[string]string{
		"*_bits": "bit: surprise, the sum of −log2 p over the decisions coded", "*_bytes": "byte", "*_percent": "percent"}}
	for i, c := range t.Cost {
		name := fmt.Sprintf("part%d", i)
		if i < len(names) {
			name = names[i]
		}
		e.PartBits[name] = float64(c) / codec.CostUnit
		total += c
	}
	var file int64
	if len(info.Streams) == 1 {
		file = info.Size
	}
	e.Agreement = report.NewAgreement(total, int64(t.CoderBytes), int64(t.PayloadBytes), file)
	return e
}

func printInfo(a *app, rep infoReport) {
	w := a.stdout
	fmt.Fprintf(w, "%s: vidlm format %d, %d bytes\n", rep.File, rep.FormatVersion, rep.SizeBytes)
	for i, s := range rep.Streams {
		if s.Name != "" {
			fmt.Fprintf(w, "stream %d: %s %s, %d bytes\n", i, s.Kind, s.Name, s.Bytes)
			if s.EndS > 0 || s.StartS != 0 {
				fmt.Fprintf(w, "  time         %.3f s to %.3f s, %.2f Hz", s.StartS, s.EndS, s.RateHz)
				if s.TimeColumn != "" {
					fmt.Fprintf(w, " (column %s)", s.TimeColumn)
				}
				fmt.Fprintln(w)
			}
			if c := s.Cross; c != nil && s.Kind == "video" {
				// a video's measure: its motion fields' bits, the same vectors coded with
				// and without the gyroscope's hint
				fmt.Fprintf(w, "  cross-modal  motion fields %.0f bits with the gyroscope, %.0f without: gain %.0f bits (%.3f%%)\n", c.WithBits, c.WithoutBits, c.GainBits, c.GainPercent)
			} else if s.GyroFor != "" && s.HintInVideo {
				fmt.Fprintf(w, "  cross-modal  its rates predicted %s's motion, whose stream holds the predictions (coded in parts before the frames; no input from them, none to them)\n", s.GyroFor)
			} else if s.GyroFor != "" {
				fmt.Fprintf(w, "  cross-modal  its rates predict %s's motion (coded in parts before the frames; no input from them)\n", s.GyroFor)
			} else if c != nil {
				fmt.Fprintf(w, "  cross-modal  %.0f bits with the other modality, %.0f without: gain %.0f bits (%.3f%%)\n", c.WithBits, c.WithoutBits, c.GainBits, c.GainPercent)
			}
		} else {
			fmt.Fprintf(w, "stream %d: %s\n", i, s.Kind)
		}
		if s.Kind == "video" {
			fmt.Fprintf(w, "  geometry     %dx%d %s, %d-bit, %s fps (source: %s)\n", s.Width, s.Height, s.PixelFormat, s.BitDepth, s.FrameRate, s.Source)
			fmt.Fprintf(w, "  frames       %d in %d segment(s), %d tile(s)\n", s.Frames, s.Segments, s.Tiles)
			fmt.Fprintf(w, "  bits/pixel   %.4f\n", s.BitsPerPixel)
		}
		if s.Kind == "sensor" {
			printSensor(w, s)
		}
		fmt.Fprintf(w, "  raw          %d bytes; compressed to %.2f%% (1:%.2f)\n", s.RawBytes, s.PercentOfRaw, 1/max(s.RatioToRaw, 1e-12))
		if t := s.Surprise; t != nil {
			fmt.Fprintf(w, "  surprise     %.0f bits = %.1f bytes; the coder wrote %d bytes (%+.3f%%), the frames' payloads %d (%+.3f%%)\n",
				t.SurpriseBits, t.SurpriseBytes, t.CoderBytes, t.CoderOverSurprisePercent, t.PayloadBytes, t.PayloadOverSurprisePercent)
		}
		fmt.Fprintf(w, "  sha256       %s\n", s.SHA256)
	}
}

func printSensor(w io.Writer, s streamEntry) {
	header := "no header row"
	if s.HeaderRow {
		header = "header row"
	}
	cells := fmt.Sprintf("delimiter %q", s.Delimiter)
	if s.Split == "spaces" {
		cells = "cells at runs of spaces"
	} else if s.Split != "" {
		cells = "fixed " + s.Split
	}
	fmt.Fprintf(w, "  table        %d rows, %d columns, %s, %s\n", s.Rows, len(s.Columns), cells, header)
	switch {
	case s.BytesBlocks > 0 && s.BytesBlocks == s.Blocks:
		// every block is a bytes block, whose surprise is not measured
		fmt.Fprintf(w, "  bits/value   not measured (bytes blocks, coded by the byte model: %d of %d blocks, %d bytes of the file)\n", s.BytesBlocks, s.Blocks, s.BytesBlockFileBytes)
	case s.BitsPerValue == 0 && s.Rows > 0:
		fmt.Fprintf(w, "  bits/value   not measured\n")
	case s.BytesBlocks > 0:
		// the figure is the cell blocks' alone: say so, and what the rest takes
		block, take, its := "block", "takes", "its"
		if s.BytesBlocks > 1 {
			block, take, its = "blocks", "take", "their"
		}
		fmt.Fprintf(w, "  bits/value   %.3f over the cell blocks only (%d of %d blocks); the %d bytes %s (%d rows) %s %d bytes of the file, coded by the byte model, %s surprise not measured\n",
			s.BitsPerValue, s.Blocks-s.BytesBlocks, s.Blocks, s.BytesBlocks, block, s.BytesBlockRows, take, s.BytesBlockFileBytes, its)
	default:
		fmt.Fprintf(w, "  bits/value   %.3f\n", s.BitsPerValue)
	}
	if len(s.Columns) == 0 {
		return
	}
	fmt.Fprintf(w, "  %-28s %8s %8s %8s %8s  %10s  %s\n", "column", "cells", "numbers", "texts", "repeats", "bits/value", "(value + notation + text)")
	for i, c := range s.Columns {
		name := c.Name
		if name == "" {
			name = fmt.Sprintf("#%d", i+1)
		}
		if len(name) > 28 {
			name = name[:25] + "..."
		}
		fmt.Fprintf(w, "  %-28s %8d %8d %8d %8d  %10.3f  (%.3f + %.3f + %.3f)\n", name, c.Cells, c.Numbers, c.Texts, c.Repeats,
			c.BitsPerValue, c.ValueBits, c.NotationBits, c.TextBits)
	}
}
