package cv

import (
	"context"
	"fmt"
	"io"
	"os"

	"gocv.io/x/gocv"

	"github.com/vidlm/vidlm/vision"
)

// Capture is a vision.FrameSource over OpenCV's VideoCapture: a video file or a camera.
// Frames come exactly as OpenCV decodes them: BGR 8-bit (gray when OpenCV delivers one
// channel).
type Capture struct {
	vc     *gocv.VideoCapture
	mat    gocv.Mat
	name   string
	layout vision.Layout
	rate   vision.Rational
	total  int
	frame  int           // frames delivered so far
	first  *vision.Frame // read at open to learn the layout
	done   bool

	// grab reads the next picture into mat (vc.Read; tests stand in a slow camera).
	grab func(m *gocv.Mat) bool

	// Cameras only: reads run in a goroutine so that cancelling ctx ends a blocked read at
	// once. A read still in flight when the capture is closed owns vc and mat; it releases
	// them when OpenCV returns.
	ctx      context.Context
	inflight chan bool
}

// newCapture wraps an opened VideoCapture and reads its first frame; ctx is nil for files.
func newCapture(ctx context.Context, vc *gocv.VideoCapture, name string, grab func(m *gocv.Mat) bool) (*Capture, error) {
	if grab == nil {
		grab = vc.Read
	}
	c := &Capture{vc: vc, mat: gocv.NewMat(), name: name, grab: grab, ctx: ctx}
	if err := c.start(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// OpenVideo opens a video file through OpenCV (its FFmpeg backend first, as OpenCV's own
// order has it) and reads its first frame to learn the layout.
func OpenVideo(path string) (*Capture, error) {
	if err := checkReadable(path); err != nil {
		return nil, err
	}
	vc, err := gocv.VideoCaptureFile(path)
	if err != nil || !vc.IsOpened() {
		vc.Close()
		return nil, fmt.Errorf("%s: OpenCV cannot open it as a video (unknown or unsupported format)", path)
	}
	c, err := newCapture(nil, vc, path, nil)
	if err != nil {
		return nil, err
	}
	if n := vc.Get(gocv.VideoCaptureFrameCount); n > 0 && n < 1<<31 {
		c.total = int(n)
	}
	return c, nil
}

// OpenCamera opens camera index through OpenCV. Cancelling ctx ends the recording: the
// read in progress returns io.EOF at once, as does every later one.
func OpenCamera(ctx context.Context, index int) (*Capture, error) {
	name := fmt.Sprintf("cam:%d", index)
	vc, err := gocv.VideoCaptureDevice(index)
	if err != nil || !vc.IsOpened() {
		vc.Close()
		return nil, fmt.Errorf("%s: OpenCV cannot open camera %d", name, index)
	}
	return newCapture(ctx, vc, name, nil)
}

// checkReadable gives the usual one-line error for a missing, unreadable or non-regular
// file before OpenCV, which cannot tell these apart, sees it.
func checkReadable(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.IsDir() {
		return fmt.Errorf("%s: is a directory", path)
	}
	return nil
}

// start reads the first frame and takes the stream's layout and rate from it.
func (c *Capture) start() error {
	ok, err := c.read()
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%s: OpenCV opened it but decodes no frame", c.name)
	}
	l, err := matLayout(&c.mat)
	if err != nil {
		return fmt.Errorf("%s: frame 0: %v", c.name, err)
	}
	c.layout = l
	c.rate = FrameRate(c.vc.Get(gocv.VideoCaptureFPS))
	if c.first, err = matToFrame(&c.mat, l); err != nil {
		return fmt.Errorf("%s: frame 0: %v", c.name, err)
	}
	return nil
}

// read fills c.mat with the next picture; false at the end of the stream (or, for a
// camera, when ctx is cancelled).
func (c *Capture) read() (bool, error) {
	if c.done {
		return false, nil
	}
	if c.ctx == nil {
		ok := c.grab(&c.mat) && !c.mat.Empty()
		c.done = !ok
		return ok, nil
	}
	if c.ctx.Err() != nil {
		c.done = true
		if c.layout == (vision.Layout{}) { // still in start
			return false, fmt.Errorf("%s: interrupted before the first frame", c.name)
		}
		return false, nil
	}
	ch := make(chan bool, 1)
	grab, mat := c.grab, &c.mat
	go func() { ch <- grab(mat) && !mat.Empty() }()
	select {
	case ok := <-ch:
		c.done = !ok
		return ok, nil
	case <-c.ctx.Done():
		c.done = true
		c.inflight = ch
		if c.layout == (vision.Layout{}) { // still in start
			return false, fmt.Errorf("%s: interrupted before the first frame", c.name)
		}
		return false, nil
	}
}

// Layout implements vision.FrameSource.
func (c *Capture) Layout() vision.Layout { return c.layout }

// FrameRate implements vision.FrameSource: CAP_PROP_FPS as a rational (see FrameRate).
func (c *Capture) FrameRate() vision.Rational { return c.rate }

// Total is the number of frames the file claims (0 when unknown, always for cameras). It is
// an estimate for some containers: use it for progress only.
func (c *Capture) Total() int { return c.total }

// ReadFrame implements vision.FrameSource. The end of the file, or a frame OpenCV fails to
// decode (it cannot tell them apart), ends the stream with io.EOF.
func (c *Capture) ReadFrame() (*vision.Frame, error) {
	if c.first != nil {
		f := c.first
		c.first = nil
		c.frame++
		return f, nil
	}
	ok, err := c.read()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, io.EOF
	}
	l, err := matLayout(&c.mat)
	if err == nil && l != c.layout {
		err = fmt.Errorf("is %s, the stream is %s", describe(l), describe(c.layout))
	}
	if err != nil {
		return nil, &FrameError{Frame: c.frame, Reason: err.Error()}
	}
	f, err := matToFrame(&c.mat, l)
	if err != nil {
		return nil, &FrameError{Frame: c.frame, Reason: err.Error()}
	}
	c.frame++
	return f, nil
}

// Close implements vision.FrameSource.
func (c *Capture) Close() error {
	if c.vc == nil {
		return nil
	}
	vc, mat := c.vc, c.mat
	c.vc = nil
	if ch := c.inflight; ch != nil {
		// OpenCV is still inside Read: let that goroutine release what it uses.
		go func() {
			<-ch
			mat.Close()
			vc.Close()
		}()
		return nil
	}
	mat.Close()
	return vc.Close()
}
