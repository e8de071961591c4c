package cv

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"

	"gocv.io/x/gocv"

	"github.com/vidlm/vidlm/vision"
)

// VideoWriter is a vision.FrameSink that stores gray or BGR 8-bit frames through OpenCV's
// VideoWriter, in the container the file's extension names (.mkv, .avi) with the given
// Codec. In FFV1 it keeps every byte: with Debian 12's OpenCV 4.6 the FFmpeg backend stores
// BGR as FFV1 RGB32, gray as GRAY8, and VideoCapture reads back exactly what was written (the
// package's tests check it).
//
// OpenCV reports no write error: on a full disk it goes on and leaves a file holding the
// frames that fitted. So Close reads the file back through VideoCapture and checks that it
// holds every frame written: in FFV1 each one unchanged (by a hash of its samples), in MJPG
// (lossy) as many frames.
type VideoWriter struct {
	vw     matWriter
	mat    gocv.Mat
	path   string
	codec  Codec
	layout vision.Layout
	frames int
	sums   []frameSum // FFV1: of every frame written, in order
	buf    []byte
}

// Codec is the FOURCC of a video codec OpenCV's VideoWriter writes.
type Codec string

const (
	FFV1 Codec = "FFV1" // lossless: gray or BGR, 8 bits (CanWriteFFV1)
	MJPG Codec = "MJPG" // Motion JPEG, lossy and small: BGR 8-bit only
)

// frameSum identifies a frame's samples: the first 8 bytes of their SHA-256.
type frameSum [8]byte

func sumFrame(buf []byte, f *vision.Frame) ([]byte, frameSum) {
	buf = vision.AppendInterleaved(buf[:0], f)
	full := sha256.Sum256(buf)
	var s frameSum
	copy(s[:], full[:8])
	return buf, s
}

// matWriter is the part of gocv.VideoWriter that VideoWriter uses; tests replace it.
type matWriter interface {
	Write(gocv.Mat) error
	Close() error
}

// newMatWriter opens OpenCV's writer; tests replace it to simulate a writer that drops frames.
var newMatWriter = func(path string, codec Codec, l vision.Layout, rate vision.Rational) (matWriter, error) {
	vw, err := gocv.VideoWriterFile(path, string(codec), fps(rate), l.Width, l.Height, l.Format == vision.FormatBGR)
	if err != nil || !vw.IsOpened() {
		if vw != nil {
			vw.Close()
		}
		return nil, fmt.Errorf("OpenCV cannot write %s into this file", codec)
	}
	return vw, nil
}

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
	vw, err := newMatWriter(path, codec, l, rate)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return &VideoWriter{vw: vw, mat: gocv.NewMatWithSize(l.Height, l.Width, t), path: path, codec: codec, layout: l}, nil
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
	if w.codec == FFV1 {
		var s frameSum
		w.buf, s = sumFrame(w.buf, f)
		w.sums = append(w.sums, s)
	}
	return w.vw.Write(w.mat)
}

// Close implements vision.FrameSink: it writes the container's trailer, then reads the file
// back and checks that it holds every frame written. Its errors do not name the file (the
// caller knows it by the name the user gave).
func (w *VideoWriter) Close() error {
	if w.vw == nil {
		return nil
	}
	err := w.vw.Close()
	w.vw = nil
	w.mat.Close()
	if err != nil {
		return err
	}
	if w.frames == 0 {
		return nil
	}
	st, err := os.Stat(w.path)
	if err != nil {
		return err
	}
	if st.Size() == 0 {
		return errors.New("OpenCV wrote nothing (is the disk full?)")
	}
	return w.verify()
}

// verify reads the file back and compares every frame with what was written.
func (w *VideoWriter) verify() error {
	short := func(n int) error {
		return fmt.Errorf("OpenCV's writer stored %d of the %d frames written (is the disk full?)", n, w.frames)
	}
	c, err := OpenVideo(w.path)
	if err != nil {
		return short(0)
	}
	defer c.Close()
	n := 0
	for ; ; n++ {
		f, err := c.ReadFrame()
		if err == io.EOF {
			break
		}
		if err != nil {
			return short(n)
		}
		if n >= w.frames {
			return fmt.Errorf("OpenCV's writer stored more frames than the %d written", w.frames)
		}
		if w.codec != FFV1 {
			continue
		}
		if w.layout.Format == vision.FormatGray {
			// VideoCapture turns gray FFV1 into BGR with B = G = R.
			if f, err = grayOf(f); err != nil {
				return fmt.Errorf("frame %d as read back: %v", n, err)
			}
		}
		var s frameSum
		w.buf, s = sumFrame(w.buf, f)
		if s != w.sums[n] {
			return fmt.Errorf("frame %d as read back differs from the frame written", n)
		}
	}
	if n < w.frames {
		return short(n)
	}
	return nil
}

// grayOf returns the gray frame behind a BGR frame whose three planes are equal.
func grayOf(f *vision.Frame) (*vision.Frame, error) {
	if f.Format != vision.FormatBGR {
		return nil, fmt.Errorf("is %s, not BGR", describe(f.Layout))
	}
	b, g, r := f.Planes[0], f.Planes[1], f.Planes[2]
	for i := range b {
		if b[i] != g[i] || g[i] != r[i] {
			return nil, errors.New("is not gray (B, G and R differ)")
		}
	}
	l := f.Layout
	l.Format = vision.FormatGray
	return &vision.Frame{Layout: l, Planes: [][]uint16{b}}, nil
}
