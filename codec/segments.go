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

// SegmentsResult is what EncodeSegments or SegmentedFile.Decode coded.
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
	workers := min(o.threads, segments)
	if o.segments > 0 {
		workers = min(workers, o.segments)
	}
	return &segmentWorkers{threads: o.threads, workers: max(1, workers), progress: progress}
}

// SegmentWorkerBytes is an upper estimate of the memory that coding one more segment at once
// takes (EncodeSegments, SegmentedFile.Decode): the models and the frame buffers of a coder,
// with the garbage collector's headroom, and a coded segment waiting in memory. Measured at
// 768x576 4:2:0, the peak RSS grew by about 60 MiB per segment at once; this says 78 MB.
func (p *VideoParams) SegmentWorkerBytes() int64 {
	// A coder's live heap is about 20 bytes per sample (25 with 4 tiles at 768x576), plus a
	// few frames of 2-byte samples; doubled for the collector, about 100 bytes per sample.
	return 100*int64(p.Layout.Samples()) + int64(max(p.Tiles, 1))<<20 + spillLimit
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
