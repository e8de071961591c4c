package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/iocount"
)

type encodeOpts struct {
	output  string
	frames  int
	threads int
	memory  int // MiB for segments coded at once
	force   bool
	kind    string
	fileID  string // --file-id: hex; empty: drawn at random
	summary string // the result line, printed once the output is in place
	// shortfall, set when the input's container states more frames than could be decoded,
	// is reported (exit status 1) after the frames read were encoded and put in place.
	shortfall error
	// report, when set, is a directory for a surprise report made while encoding.
	report  string
	reportF reportFlags
	// decisionCosts (hidden --decision-costs): print where the bits go, by decision kind
	decisionCosts bool
	encodeReport
	multi multiFlags // a recording's logs: --time, --offset, --rate
}

func newEncodeCmd(a *app) *cobra.Command {
	var o encodeOpts
	cmd := &cobra.Command{
		Use:   "encode INPUT [LOG.csv...] -o OUT.vlm",
		Short: "Compress a video or sensor stream losslessly",
		Long: `Compress INPUT into a .vlm file.

INPUT is a y4m file, - for y4m on stdin, any video file OpenCV can open, an image sequence
as a printf pattern (frames/%05d.png), a camera as cam:N, or a sensor log (.csv, .tsv).
Output goes to a temporary file that is renamed into place only when it is complete;
-o - writes the .vlm to stdout.

A recording: one video and the sensor logs recorded with it make one .vlm whose chunks
interleave in time order (vidlm encode clip.y4m imu.csv gps.csv -o rec.vlm). A log's time
column is found by its name (t, time, timestamp, t_ns...: numbers that never decrease) or
named with --time FILE:COLUMN; its unit comes from the name (_ns, [ms], ...) or the values'
size. The logs' earliest time is the first frame's; --offset FILE:SECONDS shifts a log.
A log without a time column needs --rate FILE:HZ. Rows out of time order are kept exactly
where they are (each goes out with the row before it).`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cobra.ExactArgs(1)(cmd, args) // "accepts 1 arg(s)": one input, or a recording
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return runEncodeMulti(a, cmd, args, &o)
			}
			if o.multi.used() {
				return usageError{errors.New("encode: --time, --offset and --rate are for recordings (a video and its logs)")}
			}
			return runEncode(a, cmd, args[0], &o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "output .vlm file, or - for stdout (required)")
	f.IntVar(&o.frames, "frames", 0, "encode at most N frames (0: all)")
	f.IntVar(&o.threads, "threads", runtime.GOMAXPROCS(0), "goroutines coding tiles, and segments of a y4m file, at once (never changes the bytes)")
	addMemoryFlag(f, &o.memory)
	f.BoolVar(&o.force, "force", false, "overwrite an existing output file")
	f.StringVar(&o.fileID, "file-id", "", "the file identifier, hexadecimal, at most 16 digits (default: random); the same input, settings and identifier give the same bytes")
	f.StringVar(&o.kind, "kind", "", "input kind when it cannot be told from the name: video or sensor")
	f.StringVar(&o.report, "report", "", "also write a surprise report into this directory (as vidlm report; the .vlm is the same)")
	o.reportF.add(f, "report-")
	f.BoolVar(&o.decisionCosts, "decision-costs", false, "print the video samples' cost by decision kind on stderr (a debugging aid; the same bytes)")
	_ = f.MarkHidden("decision-costs")
	addModelFlags(cmd)
	o.multi.add(cmd)
	return cmd
}

func runEncode(a *app, cmd *cobra.Command, input string, o *encodeOpts) error {
	if o.output == "" {
		return usageError{errors.New("encode: -o OUTPUT is required")}
	}
	if o.frames < 0 {
		return usageError{errors.New("encode: --frames must be positive")}
	}
	if _, err := o.fileIDOption(); err != nil {
		return err
	}
	v, err := loadSettings(cmd)
	if err != nil {
		return err
	}
	outs := newOutputs(a, o.force, input)
	var w io.Writer = a.stdout
	var out *outputFile
	if o.output != "-" {
		if out, err = outs.create(o.output); err != nil {
			return err
		}
		w = out
	}
	err = func() error {
		switch {
		case o.kind == "sensor" || o.kind == "" && isSensorInput(input):
			return encodeSensor(a, cmd, input, w, o)
		case o.kind == "" || o.kind == "video":
			return encodeVideo(a, cmd, v, input, w, o)
		}
		return usageError{fmt.Errorf("encode: unknown --kind %q (video or sensor)", o.kind)}
	}()
	if err != nil {
		outs.abort()
		o.abortReport()
		if we := asOutputError(err); we != nil {
			return we // the output failed, whatever the coder was doing
		}
		return err
	}
	if o.output == "-" {
		if f, ok := w.(flushWriter); ok {
			if err := f.Flush(); err != nil {
				o.abortReport()
				return err
			}
		}
	} else if err := outs.commit(); err != nil {
		o.abortReport()
		return err
	}
	if err := o.commitReport(a); err != nil {
		return err
	}
	fmt.Fprint(a.stderr, o.summary)
	return o.shortfall
}

// fileIDOption returns the codec option for --file-id: none when it is not set (the codec
// then draws one at random).
func (o *encodeOpts) fileIDOption() ([]codec.Option, error) {
	if o.fileID == "" {
		return nil, nil
	}
	id, err := strconv.ParseUint(strings.TrimPrefix(o.fileID, "0x"), 16, 64)
	if err != nil {
		return nil, usageError{fmt.Errorf("encode: --file-id %q is not a hexadecimal number of at most 16 digits", o.fileID)}
	}
	return []codec.Option{codec.WithFileID(id)}, nil
}

// codecOptions returns the options every encoder of this command takes (checked by runEncode).
func (o *encodeOpts) codecOptions() []codec.Option {
	opts, _ := o.fileIDOption()
	return opts
}

// openVideoToEncode opens a video input and makes its stream's parameters from the settings.
func openVideoToEncode(a *app, cmd *cobra.Command, v *settings, input string) (*videoInput, codec.VideoParams, error) {
	in, err := openVideoInput(cmd.Context(), a, input)
	if err != nil {
		return nil, codec.VideoParams{}, err
	}
	p := codec.VideoParams{Layout: in.Layout(), FrameRate: in.FrameRate(), Source: in.source, Y4MHeader: in.y4mHeader}
	if err := videoSettings(v, &p); err != nil {
		in.Close()
		return nil, p, err
	}
	return in, p, nil
}

func encodeVideo(a *app, cmd *cobra.Command, v *settings, input string, w io.Writer, o *encodeOpts) error {
	in, p, err := openVideoToEncode(a, cmd, v, input)
	if err != nil {
		return err
	}
	defer in.Close()
	cw := &iocount.Writer{W: w}
	if done, err := encodeSegments(a, cmd.Context(), in, p, cw, o); done || err != nil {
		return err
	}
	opts := append(o.codecOptions(), codec.WithThreads(o.threads))
	if !in.live {
		// a file stops inside a frame too; a camera's recording ends after the frame it
		// interrupts, completed (below)
		opts = append(opts, a.interruptOption())
	}
	if o.report != "" {
		opts = append(opts, codec.WithPixelCosts())
	}
	var dc *codec.DecisionCosts
	if o.decisionCosts {
		dc = new(codec.DecisionCosts)
		opts = append(opts, codec.WithDecisionCosts(dc))
	}
	enc, err := codec.NewVideoEncoder(cw, p, opts...)
	if err != nil {
		return fmt.Errorf("%s: %w", in.name, err)
	}
	if o.report != "" {
		if o.rep, o.repDir, err = o.reportF.startVideo(o.report, o.force, in.name, &p); err != nil {
			return err
		}
	}
	total := in.total
	if o.frames > 0 && (total == 0 || o.frames < total) {
		total = o.frames
	}
	prog := newProgress(a, "encoding", total)
	ctx := cmd.Context()
	pixels := p.Layout.Width * p.Layout.Height
	// A file is read one frame ahead while the frame before is coded (a camera is read as
	// it comes, so that Ctrl-C ends the recording at the frame it interrupts).
	var src frameSupply = in
	if !in.live && (o.frames == 0 || o.frames > 1) {
		pf := startPrefetch(in)
		defer pf.Stop() // before in.Close, deferred above
		src = pf
	}
	for o.frames == 0 || enc.Frames() < o.frames {
		if ctx.Err() != nil {
			if in.live {
				break // Ctrl-C ends a recording; the file is completed below.
			}
			prog.done()
			return fmt.Errorf("%s: interrupted at frame %d; no output written", in.name, enc.Frames())
		}
		f, err := src.ReadFrame()
		if err == io.EOF {
			break
		}
		if err != nil {
			prog.done()
			return fmt.Errorf("%s: %w", in.name, err)
		}
		if err := enc.WriteFrame(f); err != nil {
			prog.done()
			if errors.Is(err, codec.ErrInterrupted) {
				return fmt.Errorf("%s: interrupted at frame %d; no output written", in.name, enc.Frames())
			}
			return fmt.Errorf("%s: %w", in.name, err)
		}
		if err := addWritten(o, enc); err != nil {
			prog.done()
			return err
		}
		prog.frame(pixels)
	}
	prog.done()
	if enc.Frames() == 0 && in.source != codec.SourceY4M {
		return fmt.Errorf("%s: no frames", in.name)
	}
	if err := enc.Close(); err != nil {
		if errors.Is(err, codec.ErrInterrupted) { // inside the frame held back for a B frame
			return fmt.Errorf("%s: interrupted at frame %d; no output written", in.name, enc.Frames()-1)
		}
		return err
	}
	if err := addWritten(o, enc); err != nil { // a frame held back for a B frame
		return err
	}
	if o.rep != nil {
		if o.repMetrics, err = o.rep.Finish(cw.N, nil); err != nil {
			o.rep = nil
			return err
		}
	}
	o.summary = encodeSummary(a, in.name, &p, enc.Frames(), cw.N, prog.rate())
	if dc != nil {
		dc.Write(a.stderr, cw.N)
	}
	if n := enc.Frames(); in.stated && in.total > n && (o.frames == 0 || o.frames > n) && ctx.Err() == nil {
		o.shortfall = fmt.Errorf("%s: the file states %d frames but only %d could be decoded (truncated or damaged?); those %d are in %s",
			in.name, in.total, n, n, o.output)
	}
	return nil
}

// encodeSummary returns the one-line result of a video encode ("" with --quiet), printed
// once the output is in place.
func encodeSummary(a *app, name string, p *codec.VideoParams, frames int, size int64, rate float64) string {
	if a.quiet {
		return ""
	}
	pixels := p.Layout.Width * p.Layout.Height
	n := float64(frames * pixels)
	raw := float64(frames * p.Layout.FrameBytes())
	bpp := 0.0
	if n > 0 {
		bpp = float64(size*8) / n
	}
	return fmt.Sprintf("%s: %d frames %dx%d %s → %d bytes, %.4f bits/pixel, %.2f%% of raw, %.2f MPix/s\n",
		name, frames, p.Layout.Width, p.Layout.Height, p.Layout.Format, size, bpp, 100*float64(size)/max(raw, 1), rate)
}

// addWritten adds the frames the encoder's last call wrote to the report, if one is asked
// for (with B frames a call writes none, one or two).
func addWritten(o *encodeOpts, enc *codec.VideoEncoder) error {
	if o.rep == nil {
		return nil
	}
	stats, frames := enc.Written()
	for i, s := range stats {
		if err := o.rep.AddFrame(s, frames[i]); err != nil {
			return fmt.Errorf("%s: %w", o.report, err)
		}
	}
	return nil
}
