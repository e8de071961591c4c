package cv

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"gocv.io/x/gocv"

	"github.com/vidlm/vidlm/vision"
)

// Images is a vision.FrameSource over still images read with OpenCV's IMRead, unchanged: a
// printf-pattern sequence or a single file. Gray and BGR pictures at 8 or 16 bits keep their
// samples exactly; every frame must have the first frame's size, channels and depth.
type Images struct {
	name   func(i int) string
	spec   string
	start  int // index of the first file
	count  int // files found at open (the sequence ends at the first missing one)
	frame  int
	single bool // one file, not a pattern
	layout vision.Layout
	first  *vision.Frame
}

// OpenImages opens the sequence a pattern names. It starts at index 0, or at 1 when there
// is no file 0 (as ffmpeg guesses its -start_number), and ends at the first missing file.
func OpenImages(spec string) (*Images, error) {
	p, err := ParsePattern(spec)
	if err != nil {
		return nil, err
	}
	s := &Images{name: p.Name, spec: spec}
	switch {
	case exists(p.Name(0)):
		s.start = 0
	case exists(p.Name(1)):
		s.start = 1
	default:
		return nil, fmt.Errorf("%s: no file matches (neither %s nor %s exists)", spec, p.Name(0), p.Name(1))
	}
	for s.count = 1; s.count < 1<<30 && exists(p.Name(s.start+s.count)); s.count++ {
	}
	return s, s.open()
}

// OpenImage opens one still image as a stream of one frame.
func OpenImage(path string) (*Images, error) {
	s := &Images{name: func(int) string { return path }, spec: path, count: 1, single: true}
	return s, s.open()
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func (s *Images) open() error {
	path := s.name(s.start)
	m, err := readImage(path)
	if err != nil {
		return err
	}
	defer m.Close()
	if s.layout, err = matLayout(&m); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if s.first, err = matToFrame(&m, s.layout); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}

// readImage reads one file with IMRead, unchanged (all channels, 16 bits kept).
func readImage(path string) (gocv.Mat, error) {
	if err := checkReadable(path); err != nil {
		return gocv.Mat{}, err
	}
	m := gocv.IMRead(path, gocv.IMReadUnchanged)
	if m.Empty() {
		m.Close()
		return gocv.Mat{}, fmt.Errorf("%s: OpenCV cannot read it as an image", path)
	}
	return m, nil
}

// Layout implements vision.FrameSource.
func (s *Images) Layout() vision.Layout { return s.layout }

// FrameRate implements vision.FrameSource: still images have none.
func (s *Images) FrameRate() vision.Rational { return vision.Rational{} }

// Total is the number of files found when the sequence was opened.
func (s *Images) Total() int { return s.count }

// ReadFrame implements vision.FrameSource. The sequence ends at the first missing file.
func (s *Images) ReadFrame() (*vision.Frame, error) {
	if s.first != nil {
		f := s.first
		s.first = nil
		s.frame++
		return f, nil
	}
	if s.single {
		return nil, io.EOF
	}
	path := s.name(s.start + s.frame)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, io.EOF
	}
	m, err := readImage(path)
	if err != nil {
		return nil, &FrameError{File: path, Frame: s.frame, Reason: trimPath(err, path)}
	}
	defer m.Close()
	l, err := matLayout(&m)
	if err == nil && l != s.layout {
		err = fmt.Errorf("is %s, the first frame (%s) is %s", describe(l), s.name(s.start), describe(s.layout))
	}
	if err != nil {
		return nil, &FrameError{File: path, Frame: s.frame, Reason: err.Error()}
	}
	f, err := matToFrame(&m, l)
	if err != nil {
		return nil, &FrameError{File: path, Frame: s.frame, Reason: err.Error()}
	}
	s.frame++
	return f, nil
}

// trimPath drops a leading "path: " from err's message, which FrameError already names.
func trimPath(err error, path string) string {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	if len(msg) > len(path)+2 && msg[:len(path)+2] == path+": " {
		return msg[len(path)+2:]
	}
	return msg
}

// Close implements vision.FrameSource.
func (s *Images) Close() error { return nil }
