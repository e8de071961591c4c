package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/vision"
)

// VideoMetrics is metrics.json for a video stream.
type VideoMetrics struct {
	Report string            `json:"report"`
	Input  string            `json:"input,omitempty"`
	Kind   string            `json:"kind"`
	Stream VideoStream       `json:"stream"`
	Units  map[string]string `json:"units"`
	Totals VideoTotals       `json:"totals"`
	// Trailer compares the totals the encoder stored in the file with the report's.
	Trailer *TrailerCheck `json:"trailer,omitempty"`
	// ColourScale is the range of the heatmaps' colour scale.
	ColourScale   [2]float64     `json:"colour_scale_bits_per_pixel"`
	Heatmaps      []HeatmapEntry `json:"heatmaps"`
	HeatmapVideo  string         `json:"heatmap_video,omitempty"`
	MissingFrames []int          `json:"missing_frames,omitempty"`
	Frames        []FrameMetrics `json:"frames"`
}

// VideoStream describes the stream reported on.
type VideoStream struct {
	Width           int      `json:"width"`
	Height          int      `json:"height"`
	PixelFormat     string   `json:"pixel_format"`
	BitDepth        int      `json:"bit_depth"`
	FrameRate       string   `json:"frame_rate"`
	Planes          []string `json:"planes"`
	Frames          int      `json:"frames"`
	Tiles           int      `json:"tiles"`
	SegmentFrames   int      `json:"segment_frames"`
	RawBitsPerPixel float64  `json:"raw_bits_per_pixel"`
}

// VideoTotals sums the whole stream.
type VideoTotals struct {
	Agreement
	PlaneBits            map[string]float64 `json:"plane_bits"`
	MotionBits           float64            `json:"motion_bits"`
	SurpriseBitsPerPixel float64            `json:"surprise_bits_per_pixel"`
	PayloadBitsPerPixel  float64            `json:"payload_bits_per_pixel"`
	FileBitsPerPixel     float64            `json:"file_bits_per_pixel,omitempty"`
}

// FrameMetrics is one frame's line.
type FrameMetrics struct {
	Frame                int                `json:"frame"`
	SegmentStart         bool               `json:"segment_start"`
	PayloadBytes         int                `json:"payload_bytes"`
	CoderBytes           int                `json:"coder_bytes"`
	PlaneBits            map[string]float64 `json:"plane_bits"`
	MotionBits           float64            `json:"motion_bits"`
	SurpriseBits         float64            `json:"surprise_bits"`
	SurpriseBitsPerPixel float64            `json:"surprise_bits_per_pixel"`
	PayloadBitsPerPixel  float64            `json:"payload_bits_per_pixel"`
}

// TrailerCheck sets the encoder's totals, stored in the file, beside the decoder's.
type TrailerCheck struct {
	SurpriseBits float64 `json:"surprise_bits"`
	PayloadBytes uint64  `json:"payload_bytes"`
	CoderBytes   uint64  `json:"coder_bytes"`
	// Matches says whether every stored total equals what the report measured (the decoder
	// runs the encoder's model, so it must).
	Matches bool `json:"matches"`
}

// ReportName heads every metrics.json.
const ReportName = "vidlm surprise report"

func videoUnits(perLuma bool) map[string]string {
	px := "bit per pixel: bits over width × height (× frames for totals)"
	if perLuma {
		px += "; a pixel is a luma sample, every plane counted"
	}
	return map[string]string{
		"*_bits":           "bit: surprise, the sum of −log2 p over the decisions coded",
		"*_bytes":          "byte",
		"*_bits_per_pixel": px,
		"*_percent":        "percent",
		"frame":            "frame index from 0",
		"frame_rate":       "frames per second as numerator:denominator",
		"width, height":    "pixel",
	}
}

func (v *Video) metrics(fileBytes int64, stored *codec.SurpriseTotals) *VideoMetrics {
	l := v.p.Layout
	m := &VideoMetrics{Report: ReportName, Input: v.o.Input, Kind: "video",
		Stream: VideoStream{Width: l.Width, Height: l.Height, PixelFormat: l.Format.String(), BitDepth: l.Depth,
			FrameRate: v.p.FrameRate.String(), Planes: v.names, Frames: len(v.records), Tiles: v.p.Tiles,
			SegmentFrames: v.p.SegmentFrames, RawBitsPerPixel: float64(l.Depth*l.Samples()) / float64(v.pixels)},
		Units:       videoUnits(v.isYUV()),
		ColourScale: [2]float64{0, v.o.Scale},
		Heatmaps:    v.heatmaps,
		Frames:      make([]FrameMetrics, 0, len(v.records)),
	}
	if v.o.OpenVideo != nil {
		m.HeatmapVideo = v.o.VideoName
	}
	if m.Heatmaps == nil {
		m.Heatmaps = []HeatmapEntry{}
	}
	for _, f := range v.o.Frames {
		if f >= len(v.records) && !slices.Contains(m.MissingFrames, f) {
			m.MissingFrames = append(m.MissingFrames, f)
		}
	}
	slices.Sort(m.MissingFrames)
	px := float64(v.pixels)
	planeCost := make([]uint64, len(v.names))
	var motion, total uint64
	var payload, coded int64
	for i := range v.records {
		r := &v.records[i]
		fm := FrameMetrics{Frame: r.frame, SegmentStart: r.segmentStart, PayloadBytes: r.bytes, CoderBytes: r.coded,
			PlaneBits: map[string]float64{}, MotionBits: bits(r.motionCost)}
		for p, c := range r.planeCost {
			fm.PlaneBits[v.names[p]] = bits(c)
			planeCost[p] += c
		}
		c := r.cost()
		fm.SurpriseBits = bits(c)
		fm.SurpriseBitsPerPixel = fm.SurpriseBits / px
		fm.PayloadBitsPerPixel = float64(8*r.bytes) / px
		m.Frames = append(m.Frames, fm)
		motion += r.motionCost
		total += c
		payload += int64(r.bytes)
		coded += int64(r.coded)
	}
	t := &m.Totals
	t.Agreement = NewAgreement(total, coded, payload, fileBytes)
	t.PlaneBits = map[string]float64{}
	for p, c := range planeCost {
		t.PlaneBits[v.names[p]] = bits(c)
	}
	t.MotionBits = bits(motion)
	if n := px * float64(len(v.records)); n > 0 {
		t.SurpriseBitsPerPixel = t.SurpriseBits / n
		t.PayloadBitsPerPixel = float64(8*payload) / n
		t.FileBitsPerPixel = float64(8*fileBytes) / n
	}
	if stored != nil {
		m.Trailer = &TrailerCheck{SurpriseBits: stored.Bits(), PayloadBytes: stored.PayloadBytes, CoderBytes: stored.CoderBytes}
		mine := append(slices.Clone(planeCost), motion)
		m.Trailer.Matches = slices.Equal(stored.Cost, mine) && stored.PayloadBytes == uint64(payload) && stored.CoderBytes == uint64(coded)
	}
	return m
}

// isYUV reports whether the stream is YUV, whose pixels are counted as luma samples.
func (v *Video) isYUV() bool {
	f := v.p.Layout.Format
	return f != vision.FormatBGR && f != vision.FormatGray
}

func writeJSON(w io.Writer, m any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

func ftoa(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

// writeCSV writes frames.csv: one row per frame, units in the column names.
func (v *Video) writeCSV(w io.Writer, m *VideoMetrics) error {
	cw := csv.NewWriter(w)
	head := []string{"frame", "segment_start", "payload_bytes", "coder_bytes"}
	for _, n := range v.names {
		head = append(head, n+"_bits")
	}
	head = append(head, "motion_bits", "surprise_bits", "surprise_bits_per_pixel", "payload_bits_per_pixel")
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, f := range m.Frames {
		seg := "0"
		if f.SegmentStart {
			seg = "1"
		}
		row := []string{strconv.Itoa(f.Frame), seg, strconv.Itoa(f.PayloadBytes), strconv.Itoa(f.CoderBytes)}
		for _, n := range v.names {
			row = append(row, ftoa(f.PlaneBits[n], 3))
		}
		row = append(row, ftoa(f.MotionBits, 3), ftoa(f.SurpriseBits, 3), ftoa(f.SurpriseBitsPerPixel, 6), ftoa(f.PayloadBitsPerPixel, 6))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// learningCurve draws bits per pixel against frame: per plane, the motion field, the total
// and its running mean, with the raw size for scale.
func (v *Video) learningCurve(w io.Writer) error {
	n := len(v.records)
	if n == 0 {
		p := plot.New()
		p.Title.Text = "Learning curve: the stream holds no frames"
		return WritePlotPNG(w, p, 1000, 560)
	}
	px := float64(v.pixels)
	xs := make([]float64, n)
	total := make([]float64, n)
	planes := make([][]float64, len(v.names))
	motion := make([]float64, n)
	for p := range planes {
		planes[p] = make([]float64, n)
	}
	for i, r := range v.records {
		xs[i] = float64(i)
		for p, c := range r.planeCost {
			planes[p][i] = bits(c) / px
		}
		motion[i] = bits(r.motionCost) / px
		total[i] = bits(r.cost()) / px
	}
	var ss []series
	for p, name := range v.names {
		ss = append(ss, series{name: "plane " + name, x: xs, y: planes[p], colour: lineColour(p), width: 1.2})
	}
	ss = append(ss, series{name: "motion vectors", x: xs, y: motion, colour: lineColour(len(v.names)), width: 1.2})
	ss = append(ss,
		series{name: "total", x: xs, y: total, colour: color.Black, width: 2},
		series{name: "running mean of the total", x: xs, y: runningMean(total), colour: color.Black, width: 1.5, dashes: []vg.Length{6, 3}, plain: true})
	l := v.p.Layout
	raw := float64(l.Depth*l.Samples()) / px
	ss = append(ss, hline(fmt.Sprintf("raw (uncompressed): %.3g bits/pixel", raw), xs, raw))
	unit := "bits per pixel"
	if v.isYUV() {
		unit = "bits per luma pixel (all planes)"
	}
	title := fmt.Sprintf("Learning curve: %dx%d %s, %d frames", l.Width, l.Height, l.Format, n)
	if v.o.Input != "" {
		title = v.o.Input + " — " + title
	}
	p := newLogPlot(title, "frame", unit+", log scale", ss, raw)
	return WritePlotPNG(w, p, 1000, 560)
}
