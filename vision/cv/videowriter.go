package cv

import (
	"fmt"
	"os"

	"gocv.io/x/gocv"

	"github.com/vidlm/vidlm/vision"
)

// VideoWriter is a vision.FrameSink that stores gray or BGR 8-bit frames losslessly in FFV1
// (.mkv or .avi, by the file's extension) through OpenCV's VideoWriter. With Debian 12's
// OpenCV 4.6 the FFmpeg backend keeps every byte: BGR is stored as FFV1 RGB32, gray as GRAY8,
// and VideoCapture reads back exactly what was written (the package's tests check it).
type VideoWriter struct {
	vw     *gocv.VideoWriter
	mat    gocv.Mat
	path   string
	layout vision.Layout
}

// CanWriteFFV1 reports whether VideoWriter stores frames of layout l losslessly: gray or
// BGR, 8 bits or fewer. Other layouts go through FFmpegWriter.
func CanWriteFFV1(l vision.Layout) bool {
	return (l.Format == vision.FormatGray || l.Format == vision.FormatBGR) && l.Depth <= 8
}

// NewVideoWriter creates path (its extension picks the container) for frames of layout l.
func NewVideoWriter(path string, l vision.Layout, rate vision.Rational) (*VideoWriter, error) {
	if !CanWriteFFV1(l) {
		return nil, fmt.Errorf("%s: OpenCV's VideoWriter cannot hold %s frames losslessly", path, describe(l))
	}
	t, err := matType(l)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	vw, err := gocv.VideoWriterFile(path, "FFV1", fps(rate), l.Width, l.Height, l.Format == vision.FormatBGR)
	if err != nil || !vw.IsOpened() {
		if vw != nil {
			vw.Close()
		}
		return nil, fmt.Errorf("%s: OpenCV cannot write FFV1 into this file", path)
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
	return w.vw.Write(w.mat)
}

// Close implements vision.FrameSink: it writes the container's trailer. OpenCV reports no
// write errors, so Close checks that the file holds something.
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
	if st.Size() == 0 {
		return fmt.Errorf("%s: OpenCV wrote nothing", w.path)
	}
	return nil
}
