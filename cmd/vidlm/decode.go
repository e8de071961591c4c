package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/vision"
)

type decodeOpts struct {
	output  string
	threads int
	memory  int // MiB for segments (or a log's bytes blocks) decoded at once
	force   bool
	salvage bool
	stream  string // --stream: one stream of a recording
}

func newDecodeCmd(a *app) *cobra.Command {
	var o decodeOpts
	cmd := &cobra.Command{
		Use:   "decode IN.vlm -o OUTPUT",
		Short: "Restore the original stream from a .vlm",
		Long: `Decode IN.vlm (- for stdin) into OUTPUT. The kind of output follows its name:

  out.y4m, -        y4m (byte-identical to the original when it was y4m)
  out.raw           the stream's raw content exactly as its SHA-256 was taken
                    (interleaved BGR for OpenCV sources, the y4m file for y4m)
  frames/%05d.png   one PNG per frame (8 or 16 bit)
  out.mkv, out.avi  FFV1, lossless
  out.csv, -        a sensor log, byte-identical to the original

Every checksum is verified; on any error nothing is left at OUTPUT.

With --salvage, a damaged file gives up only what the damage hit: every frame whose chunk and
every earlier chunk of its segment are intact is written, the frames lost are listed on
stderr (segment and frame range), and the exit status is 1 if anything was lost.

A recording (a .vlm of a video and its logs) decodes into a directory, each stream under
its name (-o outdir/), or one stream alone with --stream NAME -o FILE. Damage costs only the
streams it hits: the others are written and verified, and the exit status is 1.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDecode(a, cmd, args[0], &o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "output file or pattern, - for stdout (required)")
	f.IntVar(&o.threads, "threads", runtime.GOMAXPROCS(0), "goroutines decoding tiles, and segments of a .vlm file, at once")
	addMemoryFlag(f, &o.memory)
	f.BoolVar(&o.force, "force", false, "overwrite existing output files")
	f.BoolVar(&o.salvage, "salvage", false, "recover the intact segments of a damaged file and list the frames lost")
	f.StringVar(&o.stream, "stream", "", "decode only this stream of a recording (by its name, imu.csv) into OUTPUT")
	return cmd
}

// openVLM opens a .vlm for reading (- for stdin).
func openVLM(a *app, path string) (io.Reader, io.Closer, string, error) {
	if path == "-" {
		return a.stdin, io.NopCloser(nil), "stdin", nil
	}
	f, err := openInput(path)
	if err != nil {
		return nil, nil, path, err
	}
	return f, f, path, nil
}

func runDecode(a *app, cmd *cobra.Command, input string, o *decodeOpts) error {
	if o.output == "" {
		return usageError{errors.New("decode: -o OUTPUT is required")}
	}
	r, closer, name, err := openVLM(a, input)
	if err != nil {
		return err
	}
	defer closer.Close()
	var streams int
	r, streams = peekStreams(r)
	if streams > 1 {
		// Recordings: damage costs only the streams it hits, with or without --salvage.
		return decodeMulti(a, r, name, input, o)
	}
	if o.salvage {
		closer.Close()
		return runSalvage(a, input, o)
	}
	if o.stream != "" {
		return usageError{fmt.Errorf("decode: --stream is for recordings; %s holds one stream", name)}
	}
	if f, ok := r.(*os.File); ok {
		if done, err := decodeSegments(a, f, name, o.output, o); done || err != nil {
			return err
		}
	}
	d, err := codec.NewDecoder(r, codec.WithThreads(o.threads), codec.WithMemory(o.memory), codec.WithoutCosts(), a.interruptOption())
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	outs := newOutputs(a, o.force, input)
	if err := decodeStream(a, d, name, outs, o.output); err != nil {
		outs.abort()
		return err
	}
	return outs.commit()
}

func decodeStream(a *app, d *codec.Decoder, name string, outs *outputs, output string) error {
	p := d.Video()
	if p == nil {
		return decodeSensor(a, d, name, outs, output)
	}
	sink, err := openVideoSink(a, outs, output, p)
	if err != nil {
		return err
	}
	prog := newProgress(a, "decoding", 0)
	defer prog.done()
	pixels := p.Layout.Width * p.Layout.Height
	// The next frame is decoded while this one is written.
	pf := startPrefetch(d)
	err = pumpFrames(a, pf, sink, name, output, func() { prog.frame(pixels) })
	pf.Stop()
	if err != nil {
		return err
	}
	if err := sink.Close(); err != nil {
		return fmt.Errorf("%s: %w", output, err)
	}
	return nil
}

// pumpFrames writes every frame src delivers into sink, calling done after each. On an error
// or an interruption it closes sink (which leaves no output: the caller's outputs are not
// committed) and names the input or the output in the error.
func pumpFrames(a *app, src interface{ ReadFrame() (*vision.Frame, error) }, sink vision.FrameSink, input, output string, done func()) error {
	for n := 0; ; n++ {
		if a.ctx.Err() != nil {
			sink.Close()
			return fmt.Errorf("%s: interrupted at frame %d", input, n)
		}
		f, err := src.ReadFrame()
		if err == io.EOF {
			return nil
		}
		if errors.Is(err, codec.ErrInterrupted) { // inside the frame
			sink.Close()
			return fmt.Errorf("%s: interrupted at frame %d", input, n)
		}
		if err != nil {
			sink.Close()
			return fmt.Errorf("%s: %w", input, err)
		}
		if err := sink.WriteFrame(f); err != nil {
			sink.Close()
			if we := asOutputError(err); we != nil {
				return we
			}
			return fmt.Errorf("%s: %w", output, err)
		}
		if done != nil {
			done()
		}
	}
}

// openVideoSink opens the output for a decoded video stream by the form of its name.
func openVideoSink(a *app, outs *outputs, output string, p *codec.VideoParams) (vision.FrameSink, error) {
	ext := strings.ToLower(filepath.Ext(output))
	switch {
	case output == "-" || ext == ".y4m":
		header := p.Y4MHeader
		if p.Source != codec.SourceY4M {
			var err error
			if header, err = vision.Y4MHeaderLine(p.Layout, p.FrameRate); err != nil {
				return nil, usageError{fmt.Errorf("%s: %v; decode to .png, .mkv or .raw instead", output, err)}
			}
		}
		var w io.Writer = a.stdout
		if output != "-" {
			f, err := outs.create(output)
			if err != nil {
				return nil, err
			}
			w = f
		}
		return &flushingSink{FrameSink: vision.NewY4MWriter(w, header), w: w}, nil
	case ext == ".raw":
		f, err := outs.create(output)
		if err != nil {
			return nil, err
		}
		return &rawSink{w: f, p: p}, nil
	case strings.Contains(output, "%") || ext == ".mkv" || ext == ".avi" || ext == ".png":
		return openCVSink(outs, output, p)
	}
	return nil, usageError{fmt.Errorf("%s: unknown output kind %q (use .y4m, .raw, a %%05d.png pattern, .mkv or .avi)", output, ext)}
}

// flushingSink flushes a buffered writer when the stream ends.
type flushingSink struct {
	vision.FrameSink
	w io.Writer
}

func (s *flushingSink) Close() error {
	if err := s.FrameSink.Close(); err != nil {
		return err
	}
	if f, ok := s.w.(flushWriter); ok {
		return f.Flush()
	}
	return nil
}

// rawSink writes the stream's raw content, the bytes its SHA-256 covers.
type rawSink struct {
	w       io.Writer
	p       *codec.VideoParams
	started bool
	buf     []byte
}

func (s *rawSink) WriteFrame(f *vision.Frame) error {
	s.buf = s.buf[:0]
	if !s.started {
		s.buf = append(s.buf, s.p.RawPrefix()...)
		s.started = true
	}
	s.buf = s.p.AppendRawContent(s.buf, f)
	_, err := s.w.Write(s.buf)
	return err
}

func (s *rawSink) Close() error {
	if !s.started {
		if _, err := s.w.Write(s.p.RawPrefix()); err != nil {
			return err
		}
	}
	return nil
}
