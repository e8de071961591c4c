package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/iocount"
	"github.com/vidlm/vidlm/vision"
)

// Segments are coded in parallel when there are more threads than tiles (otherwise the tiles
// keep every thread busy already, and more segments at once would only take more memory), when
// --memory allows two or more at once, and when both ends allow it: encoding reads a y4m file
// whose frames it can find by index (vision.Y4MFrames), decoding reads a .vlm file with a
// segment index and writes a y4m or raw file at offsets. A pipe, a camera or an OpenCV input or
// output is coded in order, segment after segment, its tiles in parallel; the bytes are the
// same.

// segmentsCoded, when not nil, learns of every encode or decode coded by segments in parallel,
// and how many at once (for tests: the bytes are the same either way).
var segmentsCoded func(op string, segments, workers int)

// addMemoryFlag adds --memory, the budget of work coded at once beyond one coder: video
// segments, and (decoding) a log's bytes block beside the next block.
func addMemoryFlag(f *pflag.FlagSet, mib *int) {
	f.IntVar(mib, "memory", 1024, "MiB that segments coded at once may take beyond one coder's (each ~100 bytes per sample); decoding a log, a bytes block beside the next needs 128")
}

// segmentWorkers returns how many segments to code at once: 0 when they should be coded in
// order, because the tiles keep the threads busy already or the memory allows only one.
func segmentWorkers(p *codec.VideoParams, segments, threads, memoryMiB int) int {
	if p.Tiles >= threads {
		return 0
	}
	n := min(threads, segments, int(int64(memoryMiB)<<20/p.SegmentWorkerBytes()))
	if n < 2 {
		return 0
	}
	return n
}

// firstFrames limits a FrameReaderAt to its first n frames (--frames).
type firstFrames struct {
	codec.FrameReaderAt
	n int
}

func (f firstFrames) Frames() int { return f.n }

// openY4MFrames returns random access to in's frames, or nil if in is not a y4m file whose
// frames can be found by index.
func openY4MFrames(in *videoInput) (codec.FrameReaderAt, error) {
	f, ok := in.closer.(*os.File)
	if !ok || in.source != codec.SourceY4M {
		return nil, nil
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, nil
	}
	y, err := vision.OpenY4MFrames(f, st.Size())
	if errors.Is(err, vision.ErrY4MNotUniform) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.name, err)
	}
	return y, nil
}

// encodeSegments encodes in by segments in parallel when it can (see above) and reports
// whether it did.
func encodeSegments(a *app, ctx context.Context, in *videoInput, p codec.VideoParams, w *iocount.Writer, o *encodeOpts) (bool, error) {
	if o.report != "" || p.SegmentFrames == 0 {
		return false, nil
	}
	src, err := openY4MFrames(in)
	if src == nil || err != nil {
		return false, err
	}
	if o.frames > 0 && o.frames < src.Frames() {
		src = firstFrames{src, o.frames}
	}
	segments := (src.Frames() + p.SegmentFrames - 1) / p.SegmentFrames
	workers := segmentWorkers(&p, segments, o.threads, o.memory)
	if workers == 0 {
		return false, nil
	}
	pixels := p.Layout.Width * p.Layout.Height
	prog := newProgress(a, "encoding", src.Frames())
	res, err := codec.EncodeSegments(ctx, w, p, src, func() { prog.frame(pixels) }, append(o.codecOptions(), codec.WithThreads(o.threads), codec.WithSegmentWorkers(workers), codec.WithTempDir(os.TempDir()))...)
	prog.done()
	if errors.Is(err, context.Canceled) {
		return true, fmt.Errorf("%s: interrupted; no output written", in.name)
	}
	if err != nil {
		return true, fmt.Errorf("%s: %w", in.name, err)
	}
	if segmentsCoded != nil {
		segmentsCoded("encode", segments, workers)
	}
	o.summary = encodeSummary(a, in.name, &p, res.Frames, w.N, prog.rate())
	return true, nil
}

// errFrameParams stops a parallel decode whose frames do not all have the same size in the
// output: its y4m FRAME lines carry parameters.
var errFrameParams = errors.New("frame parameters")

// decodeSegments decodes the .vlm file f by segments in parallel into output when both allow
// it (see above) and reports whether it did.
func decodeSegments(a *app, f *os.File, name, output string, o *decodeOpts) (bool, error) {
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return false, nil
	}
	s, err := codec.OpenSegments(f, st.Size())
	if err != nil || s.Segments() < 2 {
		return false, nil // the sequential decoder reads it, and names any damage
	}
	p := s.Params()
	workers := segmentWorkers(p, s.Segments(), o.threads, o.memory)
	if workers == 0 {
		return false, nil
	}
	ext := strings.ToLower(filepath.Ext(output))
	if !(ext == ".raw" || ext == ".y4m" && p.Source == codec.SourceY4M) {
		return false, nil // the output is not the raw content
	}
	outs := newOutputs(a, o.force, name)
	out, err := outs.create(output)
	if err != nil {
		return true, err
	}
	prefix := p.RawPrefix()
	span := int64(len(p.AppendRawContent(nil, vision.NewFrame(p.Layout))))
	n := int64(s.Index().Chunks)
	pixels := p.Layout.Width * p.Layout.Height
	prog := newProgress(a, "decoding", int(n))
	_, err = s.Decode(a.ctx, func(i int, fr *vision.Frame) error {
		if fr.Params != "" {
			return errFrameParams
		}
		if _, err := out.f.WriteAt(p.AppendRawContent(nil, fr), int64(len(prefix))+int64(i)*span); err != nil {
			return fmt.Errorf("%s: %w", output, err)
		}
		return nil
	}, func() { prog.frame(pixels) }, codec.WithThreads(o.threads), codec.WithSegmentWorkers(workers))
	prog.done()
	if err == nil {
		if _, err = out.f.WriteAt(prefix, 0); err != nil {
			err = fmt.Errorf("%s: %w", output, err)
		}
	}
	if err == nil {
		// The trailer's SHA-256 covers the frames in order: it is checked on the file written.
		err = s.CheckRawContent(io.NewSectionReader(out.f, 0, int64(len(prefix))+n*span))
	}
	switch {
	case errors.Is(err, errFrameParams):
		outs.abort()
		return false, nil
	case errors.Is(err, context.Canceled):
		outs.abort()
		return true, fmt.Errorf("%s: interrupted; no output written", name)
	case err != nil:
		outs.abort()
		var ce *codec.CorruptError
		if errors.As(err, &ce) {
			err = fmt.Errorf("%s: %w", name, err)
		}
		return true, err
	}
	if segmentsCoded != nil {
		segmentsCoded("decode", s.Segments(), workers)
	}
	return true, outs.commit()
}
