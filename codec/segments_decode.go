package codec

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"sync"

	"github.com/vidlm/vidlm/vision"
)

// ErrNoSegments means a file cannot be decoded by segments (OpenSegments): it is not one video
// stream, or its trailer or segment index does not check out. A Decoder reads it in order and
// names any damage it meets.
var ErrNoSegments = errors.New("codec: file cannot be decoded by segments")

// SegmentedFile is a .vlm of one video stream opened for decoding its segments in parallel:
// the segment index in its trailer tells where each one starts.
type SegmentedFile struct {
	r       io.ReaderAt
	head    *containerReader // the file header's reader: its version and CRC seed
	streams []StreamHeader
	params  *VideoParams
	index   StreamIndex
	starts  []int64 // of each segment's first chunk, then of the index chunk
	segLen  int
}

// OpenSegments reads the header and the trailer of the .vlm in r, size bytes long. It returns
// ErrNoSegments for a file it cannot decode by segments.
func OpenSegments(r io.ReaderAt, size int64) (*SegmentedFile, error) {
	cr, err := newContainerReader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, err
	}
	if len(cr.Streams) != 1 || cr.Streams[0].Kind != KindVideo {
		return nil, ErrNoSegments
	}
	p, err := unmarshalVideoParams(cr.Streams[0].Params)
	if err != nil {
		return nil, ErrNoSegments
	}
	first := cr.off
	var foot [footerSize]byte
	if size < first+footerSize {
		return nil, ErrNoSegments
	}
	if _, err := r.ReadAt(foot[:], size-footerSize); err != nil {
		return nil, err
	}
	at := int64(binary.LittleEndian.Uint64(foot[:]))
	if string(foot[8:]) != footerMagic || at < first || at > size-footerSize {
		return nil, ErrNoSegments
	}
	ir := cr.sibling(io.NewSectionReader(r, at, size-at), at)
	if _, err := ir.next(); err != io.EOF || ir.Index == nil {
		return nil, ErrNoSegments
	}
	s := &SegmentedFile{r: r, head: cr, streams: cr.Streams, params: p, index: ir.Index[0], segLen: p.SegmentFrames}
	chunks := s.index.Chunks
	if s.segLen == 0 {
		s.segLen = int(max(chunks, 1))
	}
	if chunks > uint64(size) || uint64(len(s.index.Segments)) != (chunks+uint64(s.segLen)-1)/uint64(s.segLen) {
		return nil, ErrNoSegments
	}
	prev := first - 1
	for k, g := range s.index.Segments {
		off := int64(g.Offset)
		if g.FirstSeq != uint64(k*s.segLen) || off <= prev || off >= at || k == 0 && off != first {
			return nil, ErrNoSegments
		}
		s.starts = append(s.starts, off)
		prev = off
	}
	s.starts = append(s.starts, at)
	return s, nil
}

// Params returns the video stream's parameters.
func (s *SegmentedFile) Params() *VideoParams { return s.params }

// Index returns the stream's trailer entry.
func (s *SegmentedFile) Index() StreamIndex { return s.index }

// Segments returns the number of segments.
func (s *SegmentedFile) Segments() int { return len(s.starts) - 1 }

// Decode decodes every segment, up to WithThreads at once, the threads left over decoding tiles
// within them, and hands each frame to put: from several goroutines at once and in no
// particular order, i being its index in the stream. It checks every chunk and the frame
// count but not the SHA-256 of the raw content, which needs the frames in order: check what
// put wrote with CheckRawContent. progress, if not nil, is called after each frame, from one
// goroutine at a time. The first error, in stream order, stops every segment.
func (s *SegmentedFile) Decode(ctx context.Context, put func(i int, f *vision.Frame) error, progress func(), opts ...Option) (*SegmentsResult, error) {
	o, err := buildOptions(forSegmentsDecoder, opts)
	if err != nil {
		return nil, err
	}
	segments := s.Segments()
	sw := newSegmentWorkers(o, segments, progress)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, segments)
	jobs := make(chan int, segments)
	for k := range segments {
		jobs <- k
	}
	close(jobs)
	coders := make([]*videoCoder, sw.workers)
	var wg sync.WaitGroup
	for wk := range coders {
		c := sw.coder(s.params)
		coders[wk] = c
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				if ctx.Err() != nil {
					return
				}
				if errs[k] = sw.run(func() error { return s.decodeSegment(ctx, c, k, put, sw) }); errs[k] != nil {
					cancel()
				}
			}
		}()
	}
	wg.Wait()
	var canceled error
	for _, err := range errs {
		if err == context.Canceled {
			canceled = err
		} else if err != nil {
			return nil, err
		}
	}
	if canceled != nil {
		return nil, canceled
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &SegmentsResult{Frames: int(s.index.Chunks)}
	for _, c := range coders {
		res.Totals.add(c.totals)
	}
	return res, nil
}

// decodeSegment decodes segment k with c.
func (s *SegmentedFile) decodeSegment(ctx context.Context, c *videoCoder, k int, put func(int, *vision.Frame) error, sw *segmentWorkers) error {
	c.setInterrupt(ctxInterrupter(ctx)) // checked inside each frame too
	start, end := s.starts[k], s.starts[k+1]
	cr := s.head.sibling(io.NewSectionReader(s.r, start, end-start), start)
	c.seekSegment(k)
	last := min(int(s.index.Chunks), (k+1)*s.segLen)
	for i := k * s.segLen; i < last; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if cr.off == end {
			return locate(k, i, corrupt(end, "the segment ends before its frame %d, where the index puts the next segment", last-1))
		}
		c.opts.threads = sw.threadsNow()
		ch, err := cr.next()
		if err == io.EOF {
			return locate(k, i, corrupt(cr.off, "index chunk inside the segment"))
		}
		if err != nil {
			var ce *CorruptError
			if errors.As(err, &ce) {
				locate(k, i, ce)
			}
			return err
		}
		f, err := c.decodeChunk(ch, cr.next)
		if errors.Is(err, ErrInterrupted) {
			return ctx.Err() // stopped inside a frame: ctx is done
		}
		if err != nil {
			return err
		}
		if err := put(i, f); err != nil {
			return err
		}
		sw.frameDone()
		if f := c.takeHeld(); f != nil { // the anchor after a B frame
			i++
			if err := put(i, f); err != nil {
				return err
			}
			sw.frameDone()
		}
	}
	if cr.off != end {
		return locate(k, last-1, corrupt(cr.off, "%d bytes between the segment's last frame and the next segment", end-cr.off))
	}
	return nil
}

// locate names the segment and frame where damage was found.
func locate(segment, frame int, e *CorruptError) *CorruptError {
	e.Stream, e.Segment, e.Frame = 0, segment, frame
	return e
}

// CheckRawContent reads the stream's raw content from r, as put received it in order (the
// y4m or raw file written from the frames), and compares its size and SHA-256 with the
// trailer's.
func (s *SegmentedFile) CheckRawContent(r io.Reader) error {
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return err
	}
	return checkRaw(uint64(n), h.Sum(nil), s.index, s.starts[len(s.starts)-1])
}
