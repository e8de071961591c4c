package codec

import (
	"sync"
	"sync/atomic"

	"github.com/vidlm/vidlm/vision"
)

// FrameReaderAt gives random access to the frames of a stream: a y4m file, say
// (vision.Y4MFrames). With it EncodeSegments can code the segments in parallel.
type FrameReaderAt interface {
	// Frames returns the number of frames.
	Frames() int
	// FrameAt returns frame i, 0 <= i < Frames(). It is called from several goroutines at once.
	FrameAt(i int) (*vision.Frame, error)
}

// SegmentsResult is what EncodeSegments or DecodeSegments coded.
type SegmentsResult struct {
	Frames int
	Totals SurpriseTotals
}

// segmentWorkers shares the threads among the goroutines coding segments at once: each codes
// its segment's tiles on its share, and once the others have run out of segments, the last
// ones take the threads left idle (the bytes never depend on it).
type segmentWorkers struct {
	threads  int // in all
	workers  int
	active   atomic.Int32 // workers coding a segment now
	progress func()
	mu       sync.Mutex
}

func newSegmentWorkers(o options, segments int, progress func()) *segmentWorkers {
	return &segmentWorkers{threads: o.threads, workers: max(1, min(o.threads, segments)), progress: progress}
}

// coder returns a video coder for one worker; it does not hash (the raw content's SHA-256
// needs the frames in order).
func (s *segmentWorkers) coder(p *VideoParams) *videoCoder {
	c := newVideoCoder(p, options{threads: max(1, s.threads/s.workers)})
	c.hash = nil
	return c
}

// run codes one segment with code, counting the worker as active meanwhile.
func (s *segmentWorkers) run(code func() error) error {
	s.active.Add(1)
	defer s.active.Add(-1)
	return code()
}

// threadsNow is how many threads an active worker's tiles may use for its next frame.
func (s *segmentWorkers) threadsNow() int {
	return max(1, s.threads/int(max(s.active.Load(), 1)))
}

// frameDone reports a frame to progress, one call at a time.
func (s *segmentWorkers) frameDone() {
	if s.progress != nil {
		s.mu.Lock()
		s.progress()
		s.mu.Unlock()
	}
}
