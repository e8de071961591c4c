package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/report"
	"github.com/vidlm/vidlm/vision"
)

// reportMulti decodes a recording and writes each stream's surprise on the recording's clock:
// a frame's from its time to the next frame's, a window of a log's rows (256 rows, as the
// sensor coder accounts them) from its first row's time to the row after its last.
func reportMulti(a *app, r io.Reader, name string, o *reportOpts) error {
	d, err := codec.NewMultiDecoder(r, codec.WithThreads(o.threads), a.interruptOption())
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	n := len(d.Streams())
	streams := make([]report.TimelineStream, n)
	logs := make([]*logTimes, n)
	for i := 0; i < n; i++ {
		streams[i].Name = d.Meta(i).Name
		if p := d.Sensor(i); p != nil {
			streams[i].Kind = "sensor"
			logs[i] = &logTimes{delim: p.Delimiter, t: d.Meta(i).Time}
		} else {
			streams[i].Kind = "video"
		}
	}
	dir, err := report.CreateDir(o.output, o.force)
	if err != nil {
		return err
	}
	frames := make([]int, n)
	for {
		if a.ctx.Err() != nil {
			dir.Abort()
			return fmt.Errorf("%s: interrupted; no report written", name)
		}
		u, err := d.Next()
		if err == io.EOF {
			break
		}
		if errors.Is(err, codec.ErrInterrupted) {
			dir.Abort()
			return fmt.Errorf("%s: interrupted; no report written", name)
		}
		if err != nil {
			dir.Abort()
			return fmt.Errorf("%s: %w", name, err)
		}
		s := u.Stream
		if u.Frame != nil {
			p := d.Video(s)
			num, den := int64(p.FrameRate.Num), int64(p.FrameRate.Den)
			if num <= 0 || den <= 0 {
				num, den = 30, 1
			}
			st := d.Stats(s)
			bits := float64(st.MotionCost)
			for _, c := range st.PlaneCost {
				bits += float64(c)
			}
			k := int64(frames[s])
			frames[s]++
			streams[s].Spans = append(streams[s].Spans, report.TimelineSpan{
				Start: float64(k*den) / float64(num), End: float64((k+1)*den) / float64(num), Units: 1, Bits: bits / codec.CostUnit})
			continue
		}
		lt := logs[s]
		if !lt.header {
			lt.header = true // the header row comes first, alone
			continue
		}
		lt.add(u.Log)
		blocks := d.SensorStats(s)
		b := blocks[len(blocks)-1]
		row := b.FirstRow
		for _, w := range b.Windows {
			bits := float64(w.Structure)
			for _, c := range w.Columns {
				bits += float64(c)
			}
			start, end := lt.span(row, row+w.Rows)
			streams[s].Spans = append(streams[s].Spans, report.TimelineSpan{Start: start, End: end, Units: w.Rows, Bits: bits / codec.CostUnit})
			row += w.Rows
		}
		lt.forget(row)
	}
	extras, err := d.Extras()
	if err != nil {
		dir.Abort()
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := report.Timeline(dir, streams); err != nil {
		dir.Abort()
		return err
	}
	if err := dir.Commit(); err != nil {
		return err
	}
	if !a.quiet {
		fmt.Fprintf(a.stdout, "%s: report in %s (timeline.csv, timeline.png)\n", name, dir.Final())
		for _, s := range streams {
			var bits float64
			lo, hi := 0.0, 0.0
			for i, p := range s.Spans {
				bits += p.Bits
				if i == 0 || p.Start < lo {
					lo = p.Start
				}
				hi = max(hi, p.End)
			}
			fmt.Fprintf(a.stdout, "  %-24s %-6s %12.0f bits over %.3f s to %.3f s, %.0f bits/s\n", s.Name, s.Kind, bits, lo, hi, bits/max(hi-lo, 1e-9))
		}
		for i, x := range extras {
			if !x.HasCross || x.CostWithout == 0 {
				continue
			}
			what := "with the other modality"
			if streams[i].Kind == "video" {
				what = "motion fields with the gyroscope"
			}
			with, without := float64(x.CostWith)/codec.CostUnit, float64(x.CostWithout)/codec.CostUnit
			fmt.Fprintf(a.stdout, "  cross-modal gain, %s: %.0f bits %s, %.0f without: %.0f bits (%.3f%%)\n",
				streams[i].Name, with, what, without, without-with, 100*(without-with)/without)
		}
	}
	return nil
}

// logTimes reads the times of a log's decoded rows, on the recording's clock.
type logTimes struct {
	delim  byte
	t      codec.StreamTime
	header bool
	first  int       // the row times[0] is
	times  []float64 // seconds; NaN-free: a row without a time takes the one before
	rows   int
	last   float64
	buf    []byte
	fields [][]byte
}

// add takes a block's decoded bytes.
func (l *logTimes) add(b []byte) {
	b = append(l.buf, b...)
	for len(b) > 0 {
		var n int
		l.fields, _, n = vision.SplitRecord(b, l.delim, true, len(b)+1, l.fields[:0])
		if n == 0 {
			break
		}
		t := l.last
		switch {
		case l.t.Column < 0 && l.t.RateMilliHz > 0:
			t = (float64(l.rows)*1000/float64(l.t.RateMilliHz) + float64(l.t.OffsetNS)/1e9)
		case l.t.Column >= 0 && l.t.Column < len(l.fields):
			if ns, ok := timeOf(l.fields[l.t.Column], l.t.UnitNS); ok {
				t = float64(ns-l.t.OriginNS+l.t.OffsetNS) / 1e9
			}
		}
		l.last = t
		l.times = append(l.times, t)
		l.rows++
		b = b[n:]
	}
	l.buf = append(l.buf[:0], b...)
}

// span returns the times of rows [from, to): from the first's to the one after the last's
// (the last's plus the mean interval, at the end).
func (l *logTimes) span(from, to int) (float64, float64) {
	at := func(r int) float64 {
		r -= l.first
		return l.times[min(max(r, 0), len(l.times)-1)]
	}
	start, end := at(from), at(to-1)
	if to-l.first < len(l.times) {
		end = at(to)
	} else if to-from > 1 {
		end += (end - start) / float64(to-from-1)
	}
	return start, end
}

// forget drops the times before row r, keeping one.
func (l *logTimes) forget(r int) {
	if k := r - 1 - l.first; k > 0 && k < len(l.times) {
		l.times = append(l.times[:0], l.times[k:]...)
		l.first += k
	}
}
