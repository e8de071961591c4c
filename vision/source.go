package vision

// FrameSource delivers the frames of a video stream, all of one layout.
type FrameSource interface {
	// Layout is the shape of every frame.
	Layout() Layout
	// FrameRate is the nominal frame rate (zero when unknown).
	FrameRate() Rational
	// ReadFrame returns the next frame, or io.EOF after the last.
	ReadFrame() (*Frame, error)
	// Close releases the source.
	Close() error
}

// FrameSink receives decoded frames.
type FrameSink interface {
	WriteFrame(*Frame) error
	// Close finishes the output (writing trailers); it does not rename or remove files.
	Close() error
}

// Layout implements FrameSource.
func (y *Y4MReader) Layout() Layout { return y.Header.Layout }

// FrameRate implements FrameSource.
func (y *Y4MReader) FrameRate() Rational { return y.Header.FrameRate }

// Close implements FrameSource; the underlying reader is the caller's to close.
func (y *Y4MReader) Close() error { return nil }
