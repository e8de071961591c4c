package cv

import "fmt"

// FrameError reports a frame that cannot join its stream: a picture whose size, channels or
// depth differ from the first frame's, or one OpenCV cannot decode.
type FrameError struct {
	File   string // the image file the frame came from, for image sequences
	Frame  int    // 0-based index in the stream
	Reason string
}

func (e *FrameError) Error() string {
	if e.File != "" {
		return fmt.Sprintf("frame %d (%s): %s", e.Frame, e.File, e.Reason)
	}
	return fmt.Sprintf("frame %d: %s", e.Frame, e.Reason)
}
