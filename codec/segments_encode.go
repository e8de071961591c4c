package codec

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"sync"

	"github.com/vidlm/vidlm/vision"
)

// EncodeSegments writes a .vlm of the frames of src to w, the same bytes as a VideoEncoder fed
// the frames in order, but coding up to WithThreads segments at once (p.SegmentFrames frames
// each; a stream of one segment gains nothing). The threads left over code tiles within the
// segments. Segments coded ahead of their turn wait in memory (at most as many as there are
// segment workers), or, with WithTempDir, in unlinked temporary files there once large.
// progress, if not nil, is called after each frame, from one goroutine at a time.
func EncodeSegments(ctx context.Context, w io.Writer, p VideoParams, src FrameReaderAt, progress func(), opts ...Option) (*SegmentsResult, error) {
	o, err := buildOptions(forSegmentsEncoder, opts)
	if err != nil {
		return nil, err
	}
	if err := prepareVideoParams(&p); err != nil {
		return nil, err
	}
	if err := probeSegments(ctx, &p, src, o); err != nil {
		return nil, err
	}
	cw, err := newVideoContainer(w, &p, o.fileID)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	e := newSegmentsEncoder(&p, src, o, progress)
	defer e.release()

	hashed := hashFrames(ctx, &p, src)
	e.start(ctx, cancel)
	writeErr := e.writeInOrder(ctx, cw)
	var h hashResult
	if writeErr == nil {
		h = <-hashed // the hasher reads on until the last frame
	}
	cancel()
	e.wg.Wait()
	if writeErr != nil {
		return nil, e.firstError(writeErr, <-hashed)
	}
	if h.err != nil {
		return nil, h.err
	}
	var totals SurpriseTotals
	for _, c := range e.coders {
		totals.add(c.totals)
	}
	if err := cw.close([]StreamIndex{{RawBytes: h.raw, SHA256: h.sum, Surprise: &totals}}); err != nil {
		return nil, err
	}
	return &SegmentsResult{Frames: e.frames, Totals: totals}, nil
}

// segmentsEncoder is the state of EncodeSegments: the segments, each coded by one of the
// workers into its buffer, and written in order as they are done.
type segmentsEncoder struct {
	p      *VideoParams
	src    FrameReaderAt
	n      int // frames
	segLen int
	sw     *segmentWorkers
	segs   []*codedSegment
	slots  chan struct{} // one per segment started and not yet written
	coders []*videoCoder // one per worker
	wg     sync.WaitGroup
	frames int // written
}

// codedSegment is one segment: its records (see encodeSegment) once done is closed.
type codedSegment struct {
	buf  spillBuffer
	err  error
	done chan struct{}
}

func newSegmentsEncoder(p *VideoParams, src FrameReaderAt, o options, progress func()) *segmentsEncoder {
	n := src.Frames()
	segLen := p.SegmentFrames
	if segLen == 0 {
		segLen = max(n, 1)
	}
	segments := (n + segLen - 1) / segLen
	e := &segmentsEncoder{p: p, src: src, n: n, segLen: segLen, sw: newSegmentWorkers(o, segments, progress)}
	e.segs = make([]*codedSegment, segments)
	for k := range e.segs {
		e.segs[k] = &codedSegment{buf: spillBuffer{dir: o.tempDir}, done: make(chan struct{})}
	}
	e.slots = make(chan struct{}, e.sw.workers)
	return e
}

// release frees every segment's buffer.
func (e *segmentsEncoder) release() {
	for _, s := range e.segs {
		s.buf.Close()
	}
}

// hashResult is the size and SHA-256 of a stream's raw content.
type hashResult struct {
	raw uint64
	sum [32]byte
	err error
}

// hashFrames hashes the raw content in frame order on a goroutine of its own, reading the
// frames a second time (the segment workers meet them out of order), and sends the result.
func hashFrames(ctx context.Context, p *VideoParams, src FrameReaderAt) <-chan hashResult {
	hashed := make(chan hashResult, 1)
	go func() {
		// A coder that codes nothing: it only hashes (its models are made on a first frame).
		h := newVideoCoder(p, options{threads: 1})
		var res hashResult
		for i := 0; i < src.Frames() && res.err == nil; i++ {
			if err := ctx.Err(); err != nil {
				res.err = err
				break
			}
			f, err := src.FrameAt(i)
			if err != nil {
				res.err = &FormatError{Frame: i, Reason: err.Error()}
				break
			}
			h.hashFrame(f)
		}
		res.raw = h.raw
		copy(res.sum[:], h.hash.Sum(nil))
		hashed <- res
	}()
	return hashed
}

// start hands out the segments to the workers. Segment k is started only once segment
// k-workers has been written, which bounds the segments waiting to be written; a worker's
// failure cancels the others.
func (e *segmentsEncoder) start(ctx context.Context, cancel func()) {
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for k := range e.segs {
			select {
			case e.slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- k:
			case <-ctx.Done():
				return
			}
		}
	}()
	e.coders = make([]*videoCoder, e.sw.workers)
	for wk := range e.coders {
		c := e.sw.coder(e.p)
		e.coders[wk] = c
		e.wg.Add(1)
		go func() {
			defer e.wg.Done()
			var payload []byte
			for k := range jobs {
				s := e.segs[k]
				s.err = e.sw.run(func() error {
					return encodeSegment(ctx, c, e.src, k, e.segLen, e.n, &s.buf, &payload, e.sw)
				})
				if s.err != nil {
					cancel()
				}
				close(s.done)
			}
		}()
	}
}

// writeInOrder writes each segment's chunks as soon as it and those before it are done.
func (e *segmentsEncoder) writeInOrder(ctx context.Context, cw *containerWriter) error {
	for k, s := range e.segs {
		select {
		case <-s.done:
		case <-ctx.Done():
			return ctx.Err() // the failed segment is found by firstError
		}
		if s.err != nil {
			return s.err
		}
		r, err := s.buf.reader()
		if err != nil {
			return err
		}
		if err := copySegment(cw, r, k, e.segLen, &e.frames); err != nil {
			return err
		}
		s.buf.Close()
		<-e.slots
	}
	return nil
}

// firstError returns the error to report once writing failed with writeErr: the first
// segment, in stream order, that failed for a reason of its own rather than because another's
// failure stopped it; else the hasher's; else writeErr.
func (e *segmentsEncoder) firstError(writeErr error, h hashResult) error {
	for _, s := range e.segs {
		if s.err != nil && s.err != context.Canceled {
			return s.err
		}
	}
	if h.err != nil && h.err != context.Canceled {
		return h.err
	}
	return writeErr
}

// encodeSegment codes segment k of src with c into buf as records of (payload size, flags,
// payload).
func encodeSegment(ctx context.Context, c *videoCoder, src FrameReaderAt, k, segLen, n int, buf io.Writer, payload *[]byte, sw *segmentWorkers) error {
	if err := encodeSegmentFrames(ctx, c, src, k, segLen, n, buf, payload, sw); err != nil {
		if errors.Is(err, ErrInterrupted) {
			return ctx.Err() // stopped inside a frame: ctx is done
		}
		return err
	}
	return nil
}

func encodeSegmentFrames(ctx context.Context, c *videoCoder, src FrameReaderAt, k, segLen, n int, buf io.Writer, payload *[]byte, sw *segmentWorkers) error {
	c.setInterrupt(ctxInterrupter(ctx)) // checked inside each frame too
	c.seekSegment(k)
	var head []byte
	end := min(n, (k+1)*segLen)
	for i := k * segLen; i < end; i++ {
		f, err := c.segmentFrame(ctx, src, i)
		if err != nil {
			return err
		}
		c.opts.threads = sw.threadsNow()
		if c.params.Model.BFrames && c.bSlot(i) && !c.startsSegment(i) && i+1 < end {
			coded, err := encodeSegmentPair(ctx, c, src, f, i, buf, payload, sw)
			if err != nil {
				return err
			}
			if coded {
				i++
				continue
			}
		}
		b, flags, coded, err := c.encodeFrame(f, (*payload)[:0])
		if err != nil {
			return err
		}
		*payload = b
		head = binary.AppendUvarint(head[:0], uint64(len(b)))
		head = append(head, flags)
		if _, err := buf.Write(head); err != nil {
			return err
		}
		if _, err := buf.Write(b); err != nil {
			return err
		}
		c.endFrame(len(b), coded)
		sw.frameDone()
	}
	return nil
}

// copySegment writes the records encodeSegment left in r as the chunks of segment k.
func copySegment(cw *containerWriter, r io.Reader, k, segLen int, frames *int) error {
	br := bufio.NewReader(r)
	var payload []byte
	for i := 0; ; i++ {
		size, err := binary.ReadUvarint(br)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		flags, err := br.ReadByte()
		if err != nil {
			return err
		}
		if cap(payload) < int(size) {
			payload = make([]byte, size)
		}
		payload = payload[:size]
		if _, err := io.ReadFull(br, payload); err != nil {
			return err
		}
		if err := cw.writeChunk(ChunkFrame, 0, flags, uint32(k*segLen+i), uint32(k), payload); err != nil {
			return err
		}
		*frames++
	}
}

// segmentFrame reads frame i of src for coder c, checked against the stream's layout, unless
// ctx is done.
func (c *videoCoder) segmentFrame(ctx context.Context, src FrameReaderAt, i int) (*vision.Frame, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := src.FrameAt(i)
	if err != nil {
		return nil, &FormatError{Frame: i, Reason: err.Error()}
	}
	if err := c.checkFrame(f); err != nil {
		return nil, err
	}
	return f, nil
}
