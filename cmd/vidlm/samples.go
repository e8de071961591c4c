package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vidlm/vidlm/samples"
	"github.com/vidlm/vidlm/vision"
)

func newSamplesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "samples",
		Short: "Render test clips anyone can rebuild bit for bit",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageError{errors.New("samples: name a generator (pan, imu-pan)")}
		},
	}
	cmd.AddCommand(newSamplesPanCmd(a))
	cmd.AddCommand(newSamplesIMUPanCmd(a))
	return cmd
}

type panOpts struct {
	output, size, format, image string
	frames                      int
	force                       bool
}

func newSamplesPanCmd(a *app) *cobra.Command {
	var o panOpts
	cmd := &cobra.Command{
		Use:   "pan -o CLIP",
		Short: "A camera panning and zooming over a still with sub-pixel steps",
		Long: `Film a still picture (graf1.png from opencv-doc by default) with a camera that pans along
a zigzag at about 0.42 and 0.29 source pixel per frame and zooms in to 5/8 and back out over
300 frames, rendered by bicubic interpolation in fixed point. Everything is integer
arithmetic: the same arguments give the same bytes on any machine.

  --format yuv420   y4m 4:2:0 (BT.601 studio range, integer conversion): -o clip.y4m
  --format bgr      raw interleaved BGR24 frames, no header: -o clip.bgr
                    (read it with ffmpeg -f rawvideo -pixel_format bgr24 -video_size WxH)

-o - writes to stdout. The SHA-256 of the output is printed on stderr.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSamplesPan(a, cmd, &o) },
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "output file, or - for stdout (required)")
	f.IntVar(&o.frames, "frames", 150, "number of frames")
	f.StringVar(&o.size, "size", "640x480", "frame size WxH")
	f.StringVar(&o.format, "format", "yuv420", "yuv420 (y4m) or bgr (raw BGR24)")
	f.StringVar(&o.image, "image", samples.DefaultStill, "the still to film (PNG)")
	f.BoolVar(&o.force, "force", false, "overwrite an existing output file")
	return cmd
}

func runSamplesPan(a *app, cmd *cobra.Command, o *panOpts) error {
	if o.output == "" {
		return usageError{errors.New("samples pan: -o OUTPUT is required")}
	}
	if o.frames < 1 {
		return usageError{errors.New("samples pan: --frames must be at least 1")}
	}
	w, h, err := parseSize("samples pan", o.size)
	if err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(o.output))
	switch o.format {
	case "yuv420":
		if o.output != "-" && ext != ".y4m" {
			return usageError{fmt.Errorf("samples pan: %s: yuv420 clips are y4m files (name it .y4m)", o.output)}
		}
	case "bgr":
		if o.output != "-" && ext != ".bgr" && ext != ".raw" {
			return usageError{fmt.Errorf("samples pan: %s: y4m cannot hold BGR; bgr clips are raw BGR24 (name it .bgr)", o.output)}
		}
	default:
		return usageError{fmt.Errorf("samples pan: unknown --format %q (yuv420 or bgr)", o.format)}
	}
	still, err := samples.LoadStill(o.image)
	if err != nil {
		return err
	}
	pan, err := samples.NewPan(still, w, h)
	if err != nil {
		return usageError{err}
	}
	outs := newOutputs(a, o.force, o.image)
	var dst io.Writer = a.stdout
	if o.output != "-" {
		f, err := outs.create(o.output)
		if err != nil {
			return err
		}
		dst = f
	}
	sum := sha256.New()
	if err := writePan(cmd, pan, o, io.MultiWriter(dst, sum)); err != nil {
		outs.abort()
		return err
	}
	if o.output == "-" {
		if f, ok := a.stdout.(flushWriter); ok {
			if err := f.Flush(); err != nil {
				return err
			}
		}
	} else if err := outs.commit(); err != nil {
		return err
	}
	if !a.quiet {
		fmt.Fprintf(a.stderr, "%s: %d frames %dx%d %s, pan and zoom over %s, sha256 %s\n",
			o.output, o.frames, w, h, o.format, filepath.Base(o.image), hex.EncodeToString(sum.Sum(nil)))
	}
	return nil
}

// writePan renders the frames one by one into w.
func writePan(cmd *cobra.Command, pan *samples.Pan, o *panOpts, w io.Writer) error {
	var y4m *vision.Y4MWriter
	if o.format == "yuv420" {
		l := pan.Layout()
		l.Format = vision.FormatYUV420
		header, err := vision.Y4MHeaderLine(l, vision.Rational{Num: samples.FrameRate, Den: 1})
		if err != nil {
			return err
		}
		y4m = vision.NewY4MWriter(w, header)
	}
	frame := vision.NewFrame(pan.Layout())
	var buf []byte
	for i := 0; i < o.frames; i++ {
		if err := cmd.Context().Err(); err != nil {
			return fmt.Errorf("samples pan: interrupted at frame %d", i)
		}
		pan.Render(i, frame)
		var err error
		if y4m != nil {
			err = y4m.WriteFrame(samples.ToYUV420(frame))
		} else {
			buf = vision.AppendInterleaved(buf[:0], frame)
			_, err = w.Write(buf)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", o.output, err)
		}
	}
	if y4m != nil {
		return y4m.Close()
	}
	return nil
}

// parseSize reads a --size flag of the form WxH for the command named cmd.
func parseSize(cmd, size string) (w, h int, err error) {
	if n, e := fmt.Sscanf(size, "%dx%d", &w, &h); n != 2 || e != nil || fmt.Sprintf("%dx%d", w, h) != size {
		return 0, 0, usageError{fmt.Errorf("%s: --size %q is not WxH", cmd, size)}
	}
	return w, h, nil
}
