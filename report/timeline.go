package report

import (
	"fmt"
	"io"

	"gonum.org/v1/plot/vg"
)

// TimelineSpan is a stretch of one stream on a recording's shared clock and what it cost: a
// video frame, or a window of a log's rows.
type TimelineSpan struct {
	Start, End float64 // seconds on the recording's clock: a frame until the next, rows until the next row
	Units      int     // frames or rows
	Bits       float64 // surprise
}

// TimelineStream is one stream of a recording for Timeline.
type TimelineStream struct {
	Name, Kind string
	Spans      []TimelineSpan
}

// Timeline writes the per-stream surprise of a recording on its shared time axis into dir:
// timeline.csv (one row per frame or window of rows) and timeline.png (each stream's bits per
// second against time, log scale).
func Timeline(dir *Dir, streams []TimelineStream) error {
	err := dir.WriteFile("timeline.csv", func(w io.Writer) error {
		fmt.Fprintln(w, "stream,name,kind,start_s,end_s,units,bits,bits_per_s")
		for i, s := range streams {
			for _, p := range s.Spans {
				fmt.Fprintf(w, "%d,%s,%s,%.6f,%.6f,%d,%.3f,%.3f\n", i, s.Name, s.Kind, p.Start, p.End, p.Units, p.Bits, rate(p))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	var ss []series
	for i, s := range streams {
		var x, y []float64
		for _, p := range s.Spans {
			x = append(x, (p.Start+p.End)/2)
			y = append(y, rate(p))
		}
		if len(x) > 0 {
			ss = append(ss, series{name: s.Name, x: x, y: y, colour: lineColour(i), width: vg.Length(1.5), plain: true})
		}
	}
	if len(ss) == 0 {
		return nil
	}
	p := newLogPlot("surprise of each stream on the recording's clock", "time (s)", "bits per second", ss, 0)
	return dir.WriteFile("timeline.png", func(w io.Writer) error { return WritePlotPNG(w, p, 900, 450) })
}

// rate is a span's bits per second (a span of no duration: its bits).
func rate(p TimelineSpan) float64 {
	d := p.End - p.Start
	if d <= 0 {
		return p.Bits
	}
	return p.Bits / d
}
