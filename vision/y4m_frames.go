package vision

import (
	"errors"
	"fmt"
	"io"
)

// ErrY4MNotUniform means a y4m file's frames cannot be found by their index alone: some FRAME
// line carries parameters, or the file does not end on a frame boundary. Read it in order
// with a Y4MReader, which also names the frame at fault.
var ErrY4MNotUniform = errors.New("y4m frames are not all FRAME lines without parameters")

// Y4MFrames gives random access to the frames of a y4m file whose FRAME lines are all bare
// ("FRAME\n"), the form ffmpeg writes: frame i is at a fixed offset.
type Y4MFrames struct {
	r      io.ReaderAt
	Header Y4MHeader
	first  int64 // offset of frame 0's FRAME line
	n      int
}

// OpenY4MFrames reads the header of the y4m file in r (size bytes) and checks that every
// frame starts with a bare FRAME line where its index puts it; otherwise it returns
// ErrY4MNotUniform.
func OpenY4MFrames(r io.ReaderAt, size int64) (*Y4MFrames, error) {
	head := make([]byte, min(size, maxY4MLineLen+1))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, err
	}
	end := -1
	for i, c := range head {
		if c == '\n' {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, ErrY4MNotUniform
	}
	h, err := ParseY4MHeader(string(head[:end]))
	if err != nil {
		return nil, err
	}
	y := &Y4MFrames{r: r, Header: h, first: int64(end + 1)}
	per := y.frameSpan()
	if (size-y.first)%per != 0 {
		return nil, ErrY4MNotUniform
	}
	y.n = int((size - y.first) / per)
	tag := make([]byte, len(y4mFrameTag)+1)
	for i := range y.n {
		if _, err := r.ReadAt(tag, y.first+int64(i)*per); err != nil {
			return nil, err
		}
		if string(tag) != y4mFrameTag+"\n" {
			return nil, ErrY4MNotUniform
		}
	}
	return y, nil
}

// frameSpan is the size of one frame in the file, FRAME line included.
func (y *Y4MFrames) frameSpan() int64 {
	return int64(len(y4mFrameTag) + 1 + y.Header.Layout.FrameBytes())
}

// Frames returns the number of frames.
func (y *Y4MFrames) Frames() int { return y.n }

// FrameAt reads frame i. It may be called from several goroutines at once.
func (y *Y4MFrames) FrameAt(i int) (*Frame, error) {
	if i < 0 || i >= y.n {
		return nil, &Y4MError{Frame: i, Reason: fmt.Sprintf("no frame %d in a file of %d", i, y.n)}
	}
	raw := make([]byte, y.frameSpan())
	if _, err := y.r.ReadAt(raw, y.first+int64(i)*y.frameSpan()); err != nil {
		return nil, &Y4MError{Frame: i, Reason: err.Error()}
	}
	if string(raw[:len(y4mFrameTag)+1]) != y4mFrameTag+"\n" {
		return nil, &Y4MError{Frame: i, Reason: "the file changed: FRAME line missing"}
	}
	f := NewFrame(y.Header.Layout)
	f.SetRaw(raw[len(y4mFrameTag)+1:])
	return f, nil
}
