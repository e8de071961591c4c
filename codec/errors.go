package codec

import (
	"errors"
	"fmt"
)

// CorruptError reports a .vlm that is damaged or not a .vlm at all. Segment and Frame are -1
// where they are not known (a damaged header, say); Offset is the byte offset in the file of
// the damaged part.
type CorruptError struct {
	Stream  int
	Segment int
	Frame   int // frame (video) or block (sensor) index within the stream
	Offset  int64
	Reason  string
	trailer bool // the damage is in the index or footer, after the last frame
	sensor  bool // the stream is a sensor log: Frame is a block of rows, there are no segments
}

func (e *CorruptError) Error() string {
	s := "corrupt .vlm"
	if e.sensor {
		if e.Frame >= 0 {
			s += fmt.Sprintf(": block %d", e.Frame)
		}
		return fmt.Sprintf("%s (byte %d): %s", s, e.Offset, e.Reason)
	}
	if e.Segment >= 0 {
		s += fmt.Sprintf(": segment %d", e.Segment)
	}
	if e.Frame >= 0 {
		s += fmt.Sprintf(", frame %d", e.Frame)
	}
	return fmt.Sprintf("%s (byte %d): %s", s, e.Offset, e.Reason)
}

// FormatError reports input (frames or samples given to an encoder) that the stream cannot
// hold, such as a frame whose size differs from the stream's.
type FormatError struct {
	Frame  int
	Reason string
}

func (e *FormatError) Error() string {
	if e.Frame < 0 {
		return e.Reason
	}
	return fmt.Sprintf("frame %d: %s", e.Frame, e.Reason)
}

// ErrVersion is wrapped by errors for files written by a newer, incompatible vidlm.
var ErrVersion = errors.New("codec: unsupported .vlm format version")
