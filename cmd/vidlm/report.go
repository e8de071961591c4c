package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/iocount"
	"github.com/vidlm/vidlm/report"
)

// reportFlags are what `vidlm report` and `vidlm encode --report` share. encode's flags carry
// a report- prefix (its --frames already means something else).
type reportFlags struct {
	frames []int
	every  int
	scale  float64
	video  string
}

func (r *reportFlags) add(f *pflag.FlagSet, prefix string) {
	f.IntSliceVar(&r.frames, prefix+"frames", nil, "frames to draw heatmaps of, e.g. 0,10,100 (default: the first, the second, the largest jump, the last)")
	f.IntVar(&r.every, prefix+"every", 0, "draw the heatmap of every N-th frame")
	f.Float64Var(&r.scale, prefix+"scale", 0, "bits per pixel at the top of the heatmaps' colour scale (default: 2/3 of the raw size)")
	f.StringVar(&r.video, prefix+"video", "mjpg", "heatmap video of the whole clip: mjpg (heatmap.avi), ffv1 (heatmap.mkv, lossless) or none")
}

// startVideo opens the report directory and the report of a video stream.
func (r *reportFlags) startVideo(path string, force bool, input string, p *codec.VideoParams) (*report.Video, *report.Dir, error) {
	open, name, err := heatmapVideoOpener(r.video)
	if err != nil {
		return nil, nil, err
	}
	if r.every < 0 || r.scale < 0 {
		return nil, nil, usageError{errors.New("--every and --scale must be positive")}
	}
	dir, err := report.CreateDir(path, force)
	if err != nil {
		return nil, nil, err
	}
	v, err := report.NewVideo(dir, p, report.VideoOptions{Input: input, Frames: r.frames, Every: r.every, Scale: r.scale,
		OpenVideo: open, VideoName: name})
	if err != nil {
		dir.Abort()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return v, dir, nil
}

// encodeReport is the state of `vidlm encode --report`: the report is finished with the
// .vlm and committed right after it.
type encodeReport struct {
	rep        *report.Video
	repDir     *report.Dir
	repMetrics *report.VideoMetrics
}

func (e *encodeReport) abortReport() {
	if e.rep != nil {
		e.rep.Abort()
	} else if e.repDir != nil {
		e.repDir.Abort()
	}
}

func (e *encodeReport) commitReport(a *app) error {
	if e.repDir == nil {
		return nil
	}
	if err := e.repDir.Commit(); err != nil {
		return err
	}
	printVideoReport(a, e.repMetrics.Input, e.repDir.Final(), e.repMetrics)
	return nil
}

type reportOpts struct {
	output  string
	force   bool
	threads int
	reportFlags
}

func newReportCmd(a *app) *cobra.Command {
	var o reportOpts
	cmd := &cobra.Command{
		Use:   "report IN.vlm -o DIR",
		Short: "Decode a .vlm and show where and when its model was surprised",
		Long: `Decode IN.vlm (- for stdin) and write a report of its code length into DIR:

  learning_curve.png    bits per pixel against frame, per plane, with the running mean and
                        the raw size for scale
  heatmap_NNNNN.png     the bits spent on each pixel of chosen frames, beside the frame
  heatmap.avi           the same for every frame, as a video (--video)
  metrics.json          per frame and in total: bits per plane, bytes, bits per pixel,
                        and the summed surprise against the payload it became
  frames.csv            one row per frame, units in the column names
  index.html            one static page showing all of it

A sensor log gives learning_curve.png (bits per value against row), columns.png,
columns.csv, blocks.csv, metrics.json and index.html instead.

A recording (a video and its logs) gives timeline.csv and timeline.png instead: each
stream's surprise on the recording's shared clock (a frame from its time to the next, the
log's rows in windows of 256 from their times).

The decoder runs the encoder's model, so it measures exactly the surprise the encoder
accounted: the .vlm is all the report needs. DIR appears only when complete; an existing
DIR is replaced if empty, or with --force.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(a, cmd, args[0], &o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "report directory (required)")
	f.BoolVar(&o.force, "force", false, "replace an existing, non-empty report directory")
	f.IntVar(&o.threads, "threads", runtime.GOMAXPROCS(0), "goroutines decoding tiles at once")
	o.reportFlags.add(f, "")
	return cmd
}

func runReport(a *app, cmd *cobra.Command, input string, o *reportOpts) error {
	if o.output == "" {
		return usageError{errors.New("report: -o DIR is required")}
	}
	r, closer, name, err := openVLM(a, input)
	if err != nil {
		return err
	}
	defer closer.Close()
	var streams int
	if r, streams = peekStreams(r); streams > 1 {
		return reportMulti(a, r, name, o)
	}
	// The decoder reads the file to its last byte (it checks that nothing follows the
	// footer), so the count is the file's size, from stdin too.
	cr := &iocount.Reader{R: r}
	d, err := codec.NewDecoder(cr, codec.WithThreads(o.threads), codec.WithPixelCosts(), a.interruptOption())
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	p := d.Video()
	if p == nil {
		return reportSensor(a, d, name, o, cr)
	}
	rep, dir, err := o.startVideo(o.output, o.force, name, p)
	if err != nil {
		return err
	}
	prog := newProgress(a, "reporting", 0)
	pixels := p.Layout.Width * p.Layout.Height
	for {
		if cmd.Context().Err() != nil {
			prog.done()
			rep.Abort()
			return fmt.Errorf("%s: interrupted; no report written", name)
		}
		f, err := d.ReadFrame()
		if err == io.EOF {
			break
		}
		if err == nil {
			err = rep.AddFrame(d.Stats(), f)
		}
		if errors.Is(err, codec.ErrInterrupted) { // inside the frame
			prog.done()
			rep.Abort()
			return fmt.Errorf("%s: interrupted; no report written", name)
		}
		if err != nil {
			prog.done()
			rep.Abort()
			return fmt.Errorf("%s: %w", name, err)
		}
		prog.frame(pixels)
	}
	prog.done()
	m, err := rep.Finish(cr.N, d.Index()[0].Surprise)
	if err != nil {
		return err
	}
	if err := dir.Commit(); err != nil {
		return err
	}
	printVideoReport(a, name, dir.Final(), m)
	return nil
}

// printVideoReport sums the report up on stderr.
func printVideoReport(a *app, name, dir string, m *report.VideoMetrics) {
	if a.quiet {
		return
	}
	t := &m.Totals
	var parts []string
	for _, n := range m.Stream.Planes {
		parts = append(parts, fmt.Sprintf("%s %.4f", n, t.PlaneBits[n]/float64(m.Stream.Frames*m.Stream.Width*m.Stream.Height)))
	}
	parts = append(parts, fmt.Sprintf("motion %.4f", t.MotionBits/float64(m.Stream.Frames*m.Stream.Width*m.Stream.Height)))
	fmt.Fprintf(a.stderr, "%s: report in %s: %d frames, surprise %.4f bits/pixel (%s)\n", name, dir, m.Stream.Frames,
		t.SurpriseBitsPerPixel, strings.Join(parts, ", "))
	fmt.Fprintf(a.stderr, "  surprise %.1f bytes; coder wrote %d bytes (%+.3f%%), frame payloads %d bytes (%+.3f%%)",
		t.SurpriseBytes, t.CoderBytes, t.CoderOverSurprisePercent, t.PayloadBytes, t.PayloadOverSurprisePercent)
	if t.FileBytes > 0 {
		fmt.Fprintf(a.stderr, ", file %d bytes (%+.3f%%)", t.FileBytes, t.FileOverSurprisePercent)
	}
	fmt.Fprintln(a.stderr)
	var frames []string
	for _, h := range m.Heatmaps {
		frames = append(frames, fmt.Sprint(h.Frame))
	}
	fmt.Fprintf(a.stderr, "  heatmaps of frames %s", strings.Join(frames, ", "))
	if m.HeatmapVideo != "" {
		fmt.Fprintf(a.stderr, "; video %s", m.HeatmapVideo)
	}
	fmt.Fprintln(a.stderr)
	if len(m.MissingFrames) > 0 {
		fmt.Fprintf(a.stderr, "  warning: frames %v asked for are past the end (%d frames)\n", m.MissingFrames, m.Stream.Frames)
	}
	if m.Trailer != nil && !m.Trailer.Matches {
		fmt.Fprintf(a.stderr, "  warning: the trailer's totals (%.0f bits) differ from the decoder's (%.0f bits)\n", m.Trailer.SurpriseBits, t.SurpriseBits)
	}
}

// reportSensor decodes (and so verifies) a sensor stream and reports on it from the decoder's
// per-block statistics, which are the costs the encoder measured.
func reportSensor(a *app, d *codec.Decoder, name string, o *reportOpts, cr *iocount.Reader) error {
	_, err := io.Copy(io.Discard, d)
	if errors.Is(err, codec.ErrInterrupted) || err == nil && a.ctx.Err() != nil {
		return fmt.Errorf("%s: interrupted; no report written", name)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return writeSensorReport(a, name, o.output, o.force, d.Sensor().Names, d.SensorStats(), cr.N, d.Index()[0].Surprise)
}

// writeSensorReport writes the report of a sensor stream from its blocks' statistics (the
// decoder's or the encoder's: they are the same).
func writeSensorReport(a *app, name, output string, force bool, names []string, stats []codec.SensorBlockStats, fileBytes int64, stored *codec.SurpriseTotals) error {
	dir, err := report.CreateDir(output, force)
	if err != nil {
		return err
	}
	rep := report.NewSensor(dir, names, report.SensorOptions{Input: name})
	for _, st := range stats {
		b := report.SensorBlock{Rows: st.Rows, Bytes: st.Bytes, RawBytes: st.RawBytes, OtherCost: st.Structure, Unmeasured: st.ByteModel}
		for i := range st.Columns {
			b.ColumnCost = append(b.ColumnCost, st.Columns[i].Total())
		}
		for _, w := range st.Windows {
			b.Windows = append(b.Windows, report.SensorWindow{Rows: w.Rows, ColumnCost: w.Columns, OtherCost: w.Structure})
		}
		if err := rep.AddBlock(&b); err != nil {
			rep.Abort()
			return err
		}
	}
	m, err := rep.Finish(fileBytes, stored)
	if err != nil {
		return err
	}
	if err := dir.Commit(); err != nil {
		return err
	}
	if !a.quiet {
		fmt.Fprintf(a.stderr, "%s: report in %s: %d rows, %d columns, surprise %.4f bits/value; payloads %d bytes (%+.3f%% over the surprise), file %d (%+.3f%%)\n",
			name, dir.Final(), m.Rows, len(m.Columns), m.Totals.SurpriseBitsPerValue, m.Totals.PayloadBytes, m.Totals.PayloadOverSurprisePercent,
			m.Totals.FileBytes, m.Totals.FileOverSurprisePercent)
		if t := &m.Totals; t.UnmeasuredBlocks > 0 {
			fmt.Fprintf(a.stderr, "  %d of %d blocks (%d rows, payloads %d bytes) are bytes blocks, coded by the byte model: their surprise is not measured (0 bits above)\n",
				t.UnmeasuredBlocks, len(m.Blocks), t.UnmeasuredRows, t.UnmeasuredPayloadBytes)
		}
	}
	return nil
}
