package main

import (
	"fmt"
	"os"

	"gocv.io/x/gocv"

	"github.com/vidlm/vidlm/report"
	"github.com/vidlm/vidlm/vision"
	"github.com/vidlm/vidlm/vision/cv"
)

// heatmapVideoOpener returns the opener of the report's heatmap video of the given kind and
// its file name: "mjpg" (heatmap.avi, small; JPEG blurs single-pixel detail a little), "ffv1"
// (heatmap.mkv, lossless through vision/cv, several times larger) or "none" (a nil opener).
// Debian 12's OpenCV 4.6 writes both and reads both back (the tests check it).
func heatmapVideoOpener(kind string) (report.VideoOpener, string, error) {
	switch kind {
	case "none":
		return nil, "", nil
	case "ffv1":
		return func(path string, l vision.Layout, rate vision.Rational) (vision.FrameSink, error) {
			return cv.NewVideoWriter(path, l, rate)
		}, "heatmap.mkv", nil
	case "mjpg":
		return openMJPG, "heatmap.avi", nil
	}
	return nil, "", usageError{fmt.Errorf("unknown heatmap video %q (mjpg, ffv1 or none)", kind)}
}

// mjpgWriter writes 8-bit BGR frames as Motion JPEG through OpenCV's VideoWriter.
type mjpgWriter struct {
	vw     *gocv.VideoWriter
	path   string
	l      vision.Layout
	buf    []byte
	frames int
}

func openMJPG(path string, l vision.Layout, rate vision.Rational) (vision.FrameSink, error) {
	if l.Format != vision.FormatBGR || l.Depth != 8 {
		return nil, fmt.Errorf("%s: MJPG takes 8-bit BGR pictures", path)
	}
	vw, err := gocv.VideoWriterFile(path, "MJPG", rate.Float(), l.Width, l.Height, true)
	if err != nil || !vw.IsOpened() {
		if vw != nil {
			vw.Close()
		}
		return nil, fmt.Errorf("%s: OpenCV cannot write MJPG into this file", path)
	}
	return &mjpgWriter{vw: vw, path: path, l: l}, nil
}

func (m *mjpgWriter) WriteFrame(f *vision.Frame) error {
	if f.Layout != m.l {
		return fmt.Errorf("%s: picture of another layout", m.path)
	}
	m.buf = vision.AppendInterleaved(m.buf[:0], f)
	mat, err := gocv.NewMatFromBytes(m.l.Height, m.l.Width, gocv.MatTypeCV8UC3, m.buf)
	if err != nil {
		return err
	}
	defer mat.Close()
	m.frames++
	return m.vw.Write(mat)
}

// Close finishes the file; OpenCV reports no write errors, so an empty file is taken as one.
func (m *mjpgWriter) Close() error {
	if err := m.vw.Close(); err != nil {
		return err
	}
	if st, err := os.Stat(m.path); m.frames > 0 && (err != nil || st.Size() == 0) {
		return fmt.Errorf("%s: OpenCV wrote no video", m.path)
	}
	return nil
}
