package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vidlm/vidlm/bench"
	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/vision"
)

// benchFrames are the frames every tool compresses, stored raw in a scratch file.
type benchFrames struct {
	bench.RawVideo
	params []string // each frame's y4m FRAME parameters, kept for vidlm's round trip
}

// appendFrame lays a frame out as the scratch file holds it: as its ffmpeg pixel format
// does (vision.FFmpegPixFmt): interleaved 8-bit BGR (as OpenCV delivers it, bgr24), planar
// otherwise (as y4m holds it; gbrp for deeper BGR).
func appendFrame(buf []byte, f *vision.Frame) []byte { return vision.AppendFFmpegRaw(buf, f) }

// setFrame is the inverse of appendFrame.
func setFrame(f *vision.Frame, raw []byte) { f.SetFFmpegRaw(raw) }

// readBenchFrames reads up to max frames (0: all) of in into a raw file in dir.
func readBenchFrames(ctx context.Context, in *videoInput, dir string, max, threads int) (*benchFrames, error) {
	l := in.Layout()
	path := filepath.Join(dir, "frames.raw")
	file, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	w := bufio.NewWriterSize(file, 1<<20)
	bf := &benchFrames{RawVideo: bench.RawVideo{Path: path, Width: l.Width, Height: l.Height, FrameBytes: l.FrameBytes(),
		Layout: l, Rate: in.FrameRate(), Threads: threads}}
	var buf []byte
	for max == 0 || bf.Frames < max {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: interrupted", in.name)
		}
		f, err := in.ReadFrame()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.name, err)
		}
		buf = appendFrame(buf[:0], f)
		if _, err := w.Write(buf); err != nil {
			return nil, err
		}
		bf.params = append(bf.params, f.Params)
		bf.Frames++
	}
	if bf.Frames == 0 {
		return nil, fmt.Errorf("%s: no frames", in.name)
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return bf, file.Close()
}

// frameReader delivers the scratch file's frames one by one.
type frameReader struct {
	bf  *benchFrames
	f   *os.File
	r   *bufio.Reader
	raw []byte
}

func (bf *benchFrames) open() (*frameReader, error) {
	f, err := os.Open(bf.Path)
	if err != nil {
		return nil, err
	}
	return &frameReader{bf: bf, f: f, r: bufio.NewReaderSize(f, 1<<20), raw: make([]byte, bf.FrameBytes)}, nil
}

// next returns frame i's raw bytes (valid until the next call).
func (fr *frameReader) next() ([]byte, error) {
	if _, err := io.ReadFull(fr.r, fr.raw); err != nil {
		return nil, fmt.Errorf("scratch file: %w", err)
	}
	return fr.raw, nil
}

func (fr *frameReader) Close() error { return fr.f.Close() }

func benchVideo(a *app, cmd *cobra.Command, input, dir string, o *benchOpts) (*bench.Report, error) {
	ctx := cmd.Context()
	in, err := openVideoInput(ctx, a, input)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	status(a, "reading %s", in.name)
	bf, err := readBenchFrames(ctx, in, dir, o.frames, o.threads)
	if err != nil {
		return nil, err
	}
	l := bf.Layout
	rep := &bench.Report{Input: in.name, Kind: bench.Video, Frames: bf.Frames, Width: l.Width, Height: l.Height,
		Format: l.Format.String(), Depth: l.Depth, Pixels: int64(l.Width) * int64(l.Height) * int64(bf.Frames),
		RawBytes: int64(bf.FrameBytes) * int64(bf.Frames), RateUnit: "MPix/s", PixelUnit: "pixel", Threads: o.threads}
	if len(l.Planes()) > 1 && l.Format != vision.FormatBGR {
		rep.PixelUnit = "luma pixel"
	}
	if o.wants("vidlm") {
		for i, preset := range o.presets {
			p := codec.VideoParams{Layout: l, FrameRate: in.FrameRate(), Source: in.source, Y4MHeader: in.y4mHeader}
			s, err := resolveSettings(cmd, preset, configFlag(cmd))
			if err != nil {
				return nil, err
			}
			if err := videoSettings(s, &p); err != nil {
				return nil, err
			}
			tool := benchLabel(cmd, preset)
			if i == 0 || preset == "default" {
				rep.Reference = tool
			}
			status(a, "running %s", tool)
			row, err := benchVidlmVideo(ctx, bf, p, o.threads)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", in.name, tool, err)
			}
			row.Tool = tool
			rep.Rows = append(rep.Rows, row)
		}
	}
	r := &bench.Runner{Original: bf.Path, Unit: int64(bf.FrameBytes)}
	if err := runJobs(a, ctx, r, bench.VideoJobs(bf.RawVideo, dir), o, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// benchLabel names a vidlm row: "vidlm PRESET", then what changes the preset's settings for
// every preset of the run (the config file, VIDLM_* settings in the environment, the setting
// flags given), so that a row run with other knobs never passes for the preset alone.
func benchLabel(cmd *cobra.Command, preset string) string {
	label := "vidlm " + preset
	if file := configFlag(cmd); file != "" {
		label += " --config " + file
	}
	env := strings.NewReplacer(".", "_")
	for _, f := range modelFlags {
		if v, ok := os.LookupEnv("VIDLM_" + strings.ToUpper(env.Replace(f.key))); ok {
			label += " VIDLM_" + strings.ToUpper(env.Replace(f.key)) + "=" + v
		}
	}
	for _, f := range modelFlags {
		fl := cmd.Flags().Lookup(f.flag)
		if fl == nil || !fl.Changed {
			continue
		}
		label += " --" + f.flag
		if fl.Value.Type() != "bool" || fl.Value.String() != "true" {
			label += "=" + fl.Value.String()
		}
	}
	return label
}

// benchVidlmVideo encodes the frames with vidlm in memory, decodes them and compares every
// frame with the original. Only the codec calls are timed. A round trip that fails is a row
// with RoundTripMismatch; the error is for the benchmark itself failing (a bad setting, an
// interruption, the scratch file).
func benchVidlmVideo(ctx context.Context, bf *benchFrames, p codec.VideoParams, threads int) (bench.Row, error) {
	var row bench.Row
	var vlm bytes.Buffer
	var enc, dec stopwatch
	var e *codec.VideoEncoder
	// the codec stops inside a frame too once ctx is done (ErrInterrupted: ctx.Err below)
	stop := codec.WithInterrupt(func() bool { return ctx.Err() != nil })
	if err := enc.time(func() (err error) {
		e, err = codec.NewVideoEncoder(&vlm, p, codec.WithThreads(threads), stop)
		return err
	}); err != nil {
		return row, err
	}
	fr, err := bf.open()
	if err != nil {
		return row, err
	}
	defer fr.Close()
	for i := 0; i < bf.Frames; i++ {
		if ctx.Err() != nil {
			return row, errors.New("interrupted")
		}
		raw, err := fr.next()
		if err != nil {
			return row, err
		}
		f := vision.NewFrame(bf.Layout)
		setFrame(f, raw)
		f.Params = bf.params[i]
		if err := enc.time(func() error { return e.WriteFrame(f) }); err != nil {
			if errors.Is(err, codec.ErrInterrupted) {
				return row, errors.New("interrupted")
			}
			return row, fmt.Errorf("frame %d: %w", i, err)
		}
	}
	if err := enc.time(e.Close); err != nil {
		if errors.Is(err, codec.ErrInterrupted) {
			return row, errors.New("interrupted")
		}
		return row, err
	}
	row.Status, row.Bytes, row.EncodeSeconds = bench.StatusOK, int64(vlm.Len()), enc.seconds()

	fail := func(format string, args ...any) (bench.Row, error) {
		row.RoundTrip, row.Note = bench.RoundTripMismatch, fmt.Sprintf(format, args...)
		return row, nil
	}
	orig, err := os.Open(bf.Path)
	if err != nil {
		return row, err
	}
	defer orig.Close()
	v := bench.NewVerifier(orig)
	var d *codec.Decoder
	if err := dec.time(func() (err error) {
		d, err = codec.NewDecoder(bytes.NewReader(vlm.Bytes()), codec.WithThreads(threads), codec.WithoutCosts(), stop)
		return err
	}); err != nil {
		return fail("decode: %v", err)
	}
	var buf []byte
	for i := 0; ; i++ {
		if ctx.Err() != nil {
			return row, errors.New("interrupted")
		}
		var f *vision.Frame
		err := dec.time(func() (err error) { f, err = d.ReadFrame(); return err })
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, codec.ErrInterrupted) { // an interruption, not a failed round trip
			return row, errors.New("interrupted")
		}
		if err != nil {
			return fail("decode: %v", err)
		}
		if f.Layout != bf.Layout {
			return fail("frame %d decoded as %dx%d %s", i, f.Width, f.Height, f.Format)
		}
		if i < bf.Frames && f.Params != bf.params[i] {
			return fail("frame %d parameters differ", i)
		}
		buf = appendFrame(buf[:0], f)
		v.Write(buf)
	}
	if err := v.Check(int64(bf.FrameBytes)); err != nil {
		return fail("%v", err)
	}
	row.DecodeSeconds, row.RoundTrip = dec.seconds(), bench.RoundTripOK
	return row, nil
}
