package cv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/vidlm/vidlm/vision"
)

// FFmpegWriter is a vision.FrameSink that stores frames OpenCV's VideoWriter cannot hold
// losslessly (YUV from y4m, more than 8 bits) in FFV1 by piping them, raw, to the ffmpeg
// binary. The FFV1 stream keeps the frames' own pixel format (yuv420p, yuv420p10le,
// gray16le, gbrp16le, ...), so nothing is converted.
type FFmpegWriter struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr bytes.Buffer
	path   string
	layout vision.Layout
	pixFmt string
	buf    []byte
	err    error
}

// NewFFmpegWriter starts ffmpeg writing FFV1 into path (.mkv or .avi) for frames of layout l.
func NewFFmpegWriter(path string, l vision.Layout, rate vision.Rational) (*FFmpegWriter, error) {
	pixFmt, err := vision.FFmpegPixFmt(l)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	var format string
	switch strings.ToLower(filepath.Ext(path)) {
	case ".mkv":
		format = "matroska"
	case ".avi":
		format = "avi"
	default:
		return nil, fmt.Errorf("%s: FFV1 goes into .mkv or .avi", path)
	}
	bin, err := exec.LookPath("ffmpeg")
	if err != nil {
		return nil, fmt.Errorf("%s: %s frames need the ffmpeg binary for FFV1, and it is not installed (apt-get install ffmpeg)", path, describe(l))
	}
	if rate.Num <= 0 || rate.Den <= 0 {
		rate = vision.Rational{Num: 25, Den: 1}
	}
	w := &FFmpegWriter{path: path, layout: l, pixFmt: pixFmt}
	w.cmd = exec.Command(bin, "-hide_banner", "-loglevel", "error", "-nostats",
		"-f", "rawvideo", "-pix_fmt", pixFmt, "-s", fmt.Sprintf("%dx%d", l.Width, l.Height),
		"-framerate", rate.String(), "-i", "pipe:0",
		"-map", "0:v", "-c:v", "ffv1", "-level", "3", "-coder", "range_def", "-context", "1", "-g", "1", "-slicecrc", "1",
		"-pix_fmt", storedPixFmt(pixFmt), "-f", format, "-y", path)
	w.cmd.Stderr = &w.stderr
	if w.stdin, err = w.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	if err := w.cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: starting ffmpeg: %v", path, err)
	}
	return w, nil
}

// storedPixFmt is the pixel format FFV1 stores an input format in: the same, except packed
// 8-bit BGR, which FFV1 holds as bgr0.
func storedPixFmt(in string) string {
	if in == "bgr24" {
		return "bgr0"
	}
	return in
}

// WriteFrame implements vision.FrameSink.
func (w *FFmpegWriter) WriteFrame(f *vision.Frame) error {
	if w.err != nil {
		return w.err
	}
	if f.Layout != w.layout {
		return fmt.Errorf("frame is %s, the stream is %s", describe(f.Layout), describe(w.layout))
	}
	w.buf = vision.AppendFFmpegRaw(w.buf[:0], f)
	if _, err := w.stdin.Write(w.buf); err != nil {
		w.err = w.wait(err)
		return w.err
	}
	return nil
}

// wait ends ffmpeg and returns its complaint, if any.
func (w *FFmpegWriter) wait(cause error) error {
	w.stdin.Close()
	err := w.cmd.Wait()
	if err == nil {
		err = cause
	}
	if err == nil {
		return nil
	}
	msg := strings.TrimSpace(w.stderr.String())
	if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
		msg = msg[i+1:]
	}
	if msg == "" {
		msg = err.Error()
	}
	return errors.New("ffmpeg: " + msg)
}

// Close implements vision.FrameSink: it lets ffmpeg finish the file.
func (w *FFmpegWriter) Close() error {
	if w.cmd == nil {
		return w.err
	}
	if w.err == nil {
		w.err = w.wait(nil)
	}
	w.cmd = nil
	return w.err
}
