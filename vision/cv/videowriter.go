package cv

import (
	"fmt"
	"os"

	"gocv.io/x/gocv"

	"github.com/vidlm/vidlm/vision"
)

// VideoWriter is a vision.FrameSink that stores gray or BGR 8-bit frames through OpenCV's
// VideoWriter, in the container the file's extension names (.mkv, .avi) with the given
// Codec. In FFV1 it keeps every byte: with Debian 12's OpenCV 4.6 the FFmpeg backend stores
// BGR as FFV1 RGB32, gray as GRAY8, and VideoCapture reads back exactly what was written (the
// package's tests check it).
type VideoWriter struct {
	vw     *gocv.VideoWriter
	mat    gocv.Mat
	path   string
	layout vision.Layout
	frames int
}

// Codec is the FOURCC of a video codec OpenCV's VideoWriter writes.
type Codec string

const (
	FFV1 Codec = "FFV1" // lossless: gray or BGR, 8 bits (CanWriteFFV1)
	MJPG Codec = "MJPG" // Motion JPEG, lossy and small: BGR 8-bit only
)

// CanWriteFFV1 reports whether VideoWriter stores frames of layout l losslessly: gray or
// BGR, 8 bits or fewer. Other layouts go through FFmpegWriter.
func CanWriteFFV1(l vision.Layout) bool {
	return (l.Format == vision.FormatGray || l.Format == vision.FormatBGR) && l.Depth <= 8
}

// NewVideoWriter creates path (its extension picks the container) for frames of layout l,
// coded with codec.
func NewVideoWriter(path string, codec Codec, l vision.Layout, rate vision.Rational) (*VideoWriter, error) {
	switch codec {
	case FFV1:
		if !CanWriteFFV1(l) {
			return nil, fmt.Errorf("%s: OpenCV's VideoWriter cannot hold %s frames losslessly", path, describe(l))
		}
	case MJPG:
		if l.Format != vision.FormatBGR || l.Depth != 8 {
			return nil, fmt.Errorf("%s: MJPG takes 8-bit BGR pictures, not %s", path, describe(l))
		}
	default:
		return nil, fmt.Errorf("%s: unknown codec %q (FFV1 or MJPG)", path, codec)
	}
	t, err := matType(l)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	vw, err := gocv.VideoWriterFile(path, string(codec), fps(rate), l.Width, l.Height, l.Format == vision.FormatBGR)
	if err != nil || !vw.IsOpened() {
		if vw != nil {
			vw.Close()
		}
		return nil, fmt.Errorf("%s: OpenCV cannot write %s into this file", path, codec)
	}
	return &VideoWriter{vw: vw, mat: gocv.NewMatWithSize(l.Height, l.Width, t), path: path, layout: l}, nil
}

// WriteFrame implements vision.FrameSink.
func (w *VideoWriter) WriteFrame(f *vision.Frame) error {
	if f.Layout != w.layout {
		return fmt.Errorf("frame is %s, the stream is %s", describe(f.Layout), describe(w.layout))
	}
	if err := frameToMat(f, &w.mat); err != nil {
		return err
	}
	w.frames++
	return w.vw.Write(w.mat)
}

// Close implements vision.FrameSink: it writes the container's trailer. OpenCV reports no
// write errors, so Close checks that the file holds something once frames were written.
func (w *VideoWriter) Close() error {
	if w.vw == nil {
		return nil
	}
	w.vw.Close()
	w.vw = nil
	w.mat.Close()
	st, err := os.Stat(w.path)
	if err != nil {
		return err
	}
	if w.frames > 0 && st.Size() == 0 {
		return fmt.Errorf("%s: OpenCV wrote nothing", w.path)
	}
	return nil
}
