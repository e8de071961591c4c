package codec

import (
	"bufio"
	"context"
	"encoding/binary"
	"io"
	"sync"
)

// EncodeSegments writes a .vlm of the frames of src to w, the same bytes as a VideoEncoder fed
// the frames in order, but coding up to WithThreads segments at once (p.SegmentFrames frames
// each; a stream of one segment gains nothing). The threads left over code tiles within the
// segments. Segments coded ahead of their turn wait in memory, or in an unlinked temporary
// file once large; at most as many as there are segment workers. progress, if not nil, is
// called after each frame, from one goroutine at a time.
func EncodeSegments(ctx context.Context, w io.Writer, p VideoParams, src FrameReaderAt, progress func(), opts ...Option) (*SegmentsResult, error) {
	o, err := buildOptions(forSegmentsEncoder, opts)
	if err != nil {
		return nil, err
	}
	cw, err := newVideoContainer(w, &p)
	if err != nil {
		return nil, err
	}
	n := src.Frames()
	segLen := p.SegmentFrames
	if segLen == 0 {
		segLen = max(n, 1)
	}
	segments := (n + segLen - 1) / segLen
	sw := newSegmentWorkers(o, segments, progress)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// The raw content is hashed in frame order by a goroutine of its own, reading the frames a
	// second time: the segment workers meet them out of order.
	type hashResult struct {
		raw uint64
		sum [32]byte
		err error
	}
	hashed := make(chan hashResult, 1)
	go func() {
		// A coder that codes nothing: it only hashes (its models are made on a first frame).
		h := newVideoCoder(&p, options{threads: 1})
		var res hashResult
		for i := 0; i < n && res.err == nil; i++ {
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

	// Segment k is started only once segment k-workers has been written, which bounds the
	// segments waiting to be written.
	type segment struct {
		buf  spillBuffer
		err  error
		done chan struct{}
	}
	segs := make([]*segment, segments)
	for k := range segs {
		segs[k] = &segment{done: make(chan struct{})}
	}
	defer func() {
		for _, s := range segs {
			s.buf.Close()
		}
	}()
	slots := make(chan struct{}, sw.workers)
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for k := range segs {
			select {
			case slots <- struct{}{}:
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
	coders := make([]*videoCoder, sw.workers)
	var wg sync.WaitGroup
	for wk := range coders {
		c := sw.coder(&p)
		coders[wk] = c
		wg.Add(1)
		go func() {
			defer wg.Done()
			var payload []byte
			for k := range jobs {
				s := segs[k]
				s.err = sw.run(func() error {
					return encodeSegment(ctx, c, src, k, segLen, n, &s.buf, &payload, sw)
				})
				if s.err != nil {
					cancel()
				}
				close(s.done)
			}
		}()
	}

	frames := 0
	writeErr := func() error {
		for k, s := range segs {
			select {
			case <-s.done:
			case <-ctx.Done():
				return ctx.Err() // the failed segment is found below
			}
			if s.err != nil {
				return s.err
			}
			r, err := s.buf.reader()
			if err != nil {
				return err
			}
			if err := copySegment(cw, r, k, segLen, &frames); err != nil {
				return err
			}
			s.buf.Close()
			<-slots
		}
		return nil
	}()
	var h hashResult
	if writeErr == nil {
		h = <-hashed // the hasher reads on until the last frame
	}
	cancel()
	wg.Wait()
	if writeErr != nil {
		h = <-hashed
		// The first segment, in stream order, that failed for a reason of its own, rather than
		// because another's failure stopped it.
		for _, s := range segs {
			if s.err != nil && s.err != context.Canceled {
				return nil, s.err
			}
		}
		if h.err != nil && h.err != context.Canceled {
			return nil, h.err
		}
		return nil, writeErr
	}
	if h.err != nil {
		return nil, h.err
	}
	var totals SurpriseTotals
	for _, c := range coders {
		totals.add(c.totals)
	}
	if err := cw.close([]StreamIndex{{RawBytes: h.raw, SHA256: h.sum, Surprise: &totals}}); err != nil {
		return nil, err
	}
	return &SegmentsResult{Frames: frames, Totals: totals}, nil
}

// encodeSegment codes segment k of src with c into buf as records of (payload size, flags,
// payload).
func encodeSegment(ctx context.Context, c *videoCoder, src FrameReaderAt, k, segLen, n int, buf io.Writer, payload *[]byte, sw *segmentWorkers) error {
	c.seekSegment(k)
	var head []byte
	for i := k * segLen; i < min(n, (k+1)*segLen); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := src.FrameAt(i)
		if err != nil {
			return &FormatError{Frame: i, Reason: err.Error()}
		}
		if err := c.checkFrame(f); err != nil {
			return err
		}
		c.opts.threads = sw.threadsNow()
		b, flags, coded := c.encodeFrame(f, (*payload)[:0])
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
