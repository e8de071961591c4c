package report

import (
	"io"
	"strconv"

	"github.com/vidlm/vidlm/internal/htmlpage"
)

// PageFile is the report's static page: the totals, the learning curve, the heatmaps (video)
// or the columns (sensor), and links to the data files, in one index.html that a browser
// opens from the directory with nothing else needed.
const PageFile = "index.html"

func fmtf(x float64, prec int) string { return strconv.FormatFloat(x, 'f', prec, 64) }

// agreementRows are the lines comparing the summed surprise with the bytes it became.
func agreementRows(a *Agreement) [][]string {
	rows := [][]string{{"measure", "bytes", "over the surprise"},
		{"summed surprise (an ideal coder)", fmtf(a.SurpriseBytes, 0), ""},
		{"arithmetic coder's output", strconv.FormatInt(a.CoderBytes, 10), fmtf(a.CoderOverSurprisePercent, 3) + " %"},
		{"chunk payloads", strconv.FormatInt(a.PayloadBytes, 10), fmtf(a.PayloadOverSurprisePercent, 3) + " %"}}
	if a.FileBytes > 0 {
		rows = append(rows, []string{"the .vlm file", strconv.FormatInt(a.FileBytes, 10), fmtf(a.FileOverSurprisePercent, 3) + " %"})
	}
	return rows
}

// writeVideoPage writes the page of a video report; haveVideo says that the heatmap video is
// in the directory.
func writeVideoPage(w io.Writer, m *VideoMetrics, haveVideo bool) error {
	s := m.Stream
	title := "vidlm surprise report"
	if m.Input != "" {
		title += ": " + m.Input
	}
	p := htmlpage.New(title)
	segments := "one segment"
	if s.SegmentFrames > 0 {
		segments = strconv.Itoa(s.SegmentFrames) + " frames per segment"
	}
	p.Para("%d frames of %dx%d %s, %d-bit, %s frames per second; %d tiles, %s.",
		s.Frames, s.Width, s.Height, s.PixelFormat, s.BitDepth, s.FrameRate, s.Tiles, segments)
	p.Para("%s bits per pixel (all planes, surprise), %s in the chunks; the raw frames hold %s.",
		fmtf(m.Totals.SurpriseBitsPerPixel, 4), fmtf(m.Totals.PayloadBitsPerPixel, 4), fmtf(s.RawBitsPerPixel, 2))
	rows := [][]string{{"part", "bits", "share"}}
	total := m.Totals.SurpriseBits
	for _, name := range s.Planes { // in coding order
		b := m.Totals.PlaneBits[name]
		rows = append(rows, []string{"plane " + name, fmtf(b, 0), fmtf(100*b/max(total, 1), 2) + " %"})
	}
	rows = append(rows, []string{"motion vectors", fmtf(m.Totals.MotionBits, 0), fmtf(100*m.Totals.MotionBits/max(total, 1), 2) + " %"})
	p.Table(rows)
	p.Table(agreementRows(&m.Totals.Agreement))
	p.Heading(2, "Learning curve")
	p.Image(CurveFile)
	if len(m.Heatmaps) > 0 {
		p.Heading(2, "Where the model was surprised")
		for _, h := range m.Heatmaps {
			p.Para("Frame %d (%s): %s bits per pixel.", h.Frame, h.Reason, fmtf(h.BitsPerPixel, 4))
			p.Image(h.File)
		}
	}
	links := []string{MetricsFile, FramesFile}
	if haveVideo {
		links = append(links, m.HeatmapVideo)
	}
	p.Links(links...)
	_, err := p.WriteTo(w)
	return err
}

// writeSensorPage writes the page of a sensor report. Bytes blocks (coded whole by the byte
// model) have no measured surprise: the page says so where it gives the figures, and does not
// show their 0 bits as a measure.
func writeSensorPage(w io.Writer, m *SensorMetrics) error {
	title := "vidlm surprise report"
	if m.Input != "" {
		title += ": " + m.Input
	}
	p := htmlpage.New(title)
	t := &m.Totals
	all := t.UnmeasuredBlocks > 0 && t.UnmeasuredBlocks == len(m.Blocks)
	switch {
	case all:
		p.Para("%d rows, %d columns: bits per value not measured: every block (%d, %d rows, payloads %d bytes) is a bytes block, coded whole by the byte model, whose surprise is not measured.",
			m.Rows, len(m.Columns), t.UnmeasuredBlocks, t.UnmeasuredRows, t.UnmeasuredPayloadBytes)
	case t.UnmeasuredBlocks > 0:
		cellValues := (m.Rows - t.UnmeasuredRows) * len(m.Columns)
		p.Para("%d rows, %d columns: %s bits per value (surprise) counting the bytes blocks as 0 bits; %s over the cell blocks alone (%d rows).",
			m.Rows, len(m.Columns), fmtf(t.SurpriseBitsPerValue, 3), fmtf(t.SurpriseBits/float64(max(cellValues, 1)), 3), m.Rows-t.UnmeasuredRows)
		p.Para("%d of %d blocks (%d rows, payloads %d bytes) are bytes blocks, coded whole by the byte model: their surprise is not measured, and they count as 0 bits in the tables and figures below (their payloads in the payloads).",
			t.UnmeasuredBlocks, len(m.Blocks), t.UnmeasuredRows, t.UnmeasuredPayloadBytes)
	default:
		p.Para("%d rows, %d columns: %s bits per value (surprise).", m.Rows, len(m.Columns), fmtf(t.SurpriseBitsPerValue, 3))
	}
	rows := [][]string{{"column", "values", "bits", "bits per value", "share", "first block", "last block"}}
	for _, c := range m.Columns {
		if all {
			rows = append(rows, []string{c.Name, strconv.Itoa(c.Values), "not measured", "not measured", "", "", ""})
			continue
		}
		rows = append(rows, []string{c.Name, strconv.Itoa(c.Values), fmtf(c.Bits, 0), fmtf(c.BitsPerValue, 3),
			fmtf(c.SharePercent, 2) + " %", fmtf(c.FirstBlockBPV, 3), fmtf(c.LastBlockBPV, 3)})
	}
	if t.OtherBits > 0 {
		rows = append(rows, []string{"(row ends, notations, text)", "", fmtf(t.OtherBits, 0), "", "", "", ""})
	}
	p.Table(rows)
	agree := agreementRows(&t.Agreement)
	if t.UnmeasuredBlocks > 0 {
		// the payloads hold the bytes blocks, the surprise does not: no ratio between them
		agree[1][0] = "summed surprise (cell blocks only; bytes blocks not measured)"
		if all {
			agree[1][0], agree[1][1] = "summed surprise (an ideal coder)", "not measured"
		}
		for _, r := range agree[2:] {
			r[2] = "not comparable"
		}
	}
	p.Table(agree)
	p.Heading(2, "Learning curve")
	p.Image(CurveFile)
	p.Heading(2, "Columns")
	p.Image(ColumnsPlotFile)
	p.Links(MetricsFile, ColumnsTableFile, BlocksFile)
	_, err := p.WriteTo(w)
	return err
}
