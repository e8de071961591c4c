package codec

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
)

// A stream of several segments can be coded by machines that share nothing but the input:
// EncodeSegment codes one segment (on any machine, in any order), JoinSegments writes the
// .vlm from the segments so coded, in order. The file is byte for byte what EncodeSegments
// and a VideoEncoder write for the same frames, parameters and file identifier.

// SegmentPart describes one segment coded by EncodeSegment. Its fields are plain data, so
// that it can travel between machines (as JSON, say) beside the coded bytes.
type SegmentPart struct {
	Segment int // its number, from 0
	Frames  int // frames coded
	// Params is the SHA-256 of the stream parameters the segment was coded with, as the
	// header stores them: JoinSegments refuses a segment coded with others.
	Params [32]byte
	Totals SurpriseTotals
}

// SegmentCount returns the number of segments of a stream of n frames under p (at least 1).
func (p *VideoParams) SegmentCount(n int) int {
	if p.SegmentFrames == 0 || n == 0 {
		return 1
	}
	return (n + p.SegmentFrames - 1) / p.SegmentFrames
}

// prepareParams fills in, normalizes and checks p as newVideoContainer does, and returns the
// SHA-256 of its header form.
func prepareParams(p *VideoParams) ([32]byte, error) {
	p.fillDefaults()
	p.normalize()
	if err := p.Validate(); err != nil {
		return [32]byte{}, fmt.Errorf("codec: %w", err)
	}
	return sha256.Sum256(p.marshal()), nil
}

// EncodeSegment codes segment k of the frames of src (frames k*p.SegmentFrames up to the
// next segment's first) from fresh models, and writes them to w in an intermediate form that
// only JoinSegments of the same vidlm version reads: records of (payload size as a uvarint,
// chunk flags, payload), one per frame. It takes WithThreads (the segment's tiles are coded
// at once); the file identifier is JoinSegments's business.
func EncodeSegment(ctx context.Context, w io.Writer, p VideoParams, src FrameReaderAt, k int, opts ...Option) (*SegmentPart, error) {
	o, err := buildOptions(forSegmentsEncoder, opts)
	if err != nil {
		return nil, err
	}
	if o.fileIDSet || o.tempDir != "" || o.segments != 0 {
		return nil, errors.New("codec: EncodeSegment takes only WithThreads (WithFileID goes to JoinSegments)")
	}
	sum, err := prepareParams(&p)
	if err != nil {
		return nil, err
	}
	n := src.Frames()
	if k < 0 || k >= p.SegmentCount(n) {
		return nil, fmt.Errorf("codec: EncodeSegment: no segment %d in a stream of %d frames (%d segments)", k, n, p.SegmentCount(n))
	}
	segLen := p.SegmentFrames
	if segLen == 0 {
		segLen = max(n, 1)
	}
	sw := newSegmentWorkers(o, 1, nil)
	c := sw.coder(&p)
	bw := bufio.NewWriterSize(w, 1<<16)
	var payload []byte
	if err := sw.run(func() error { return encodeSegment(ctx, c, src, k, segLen, n, bw, &payload, sw) }); err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	part := &SegmentPart{Segment: k, Frames: min(n, (k+1)*segLen) - k*segLen, Params: sum}
	if c.totals.Cost != nil {
		part.Totals = c.totals.clone()
	}
	return part, nil
}

// JoinSegments writes to w the .vlm of the frames of src under p whose segments were coded
// by EncodeSegment: parts describes them, one per segment in order, and open returns the
// bytes EncodeSegment wrote for segment k (closed once copied). It reads the frames of src
// once more, in order, for the stream's SHA-256. It takes WithFileID (and WithThreads, which
// changes nothing here); the bytes are those EncodeSegments writes with the same identifier.
func JoinSegments(ctx context.Context, w io.Writer, p VideoParams, src FrameReaderAt, parts []SegmentPart, open func(k int) (io.ReadCloser, error), opts ...Option) (*SegmentsResult, error) {
	o, err := buildOptions(forSegmentsEncoder, opts)
	if err != nil {
		return nil, err
	}
	if o.tempDir != "" || o.segments != 0 {
		return nil, errors.New("codec: JoinSegments takes only WithFileID and WithThreads")
	}
	sum, err := prepareParams(&p)
	if err != nil {
		return nil, err
	}
	n := src.Frames()
	segLen := p.SegmentFrames
	if segLen == 0 {
		segLen = max(n, 1)
	}
	if len(parts) != p.SegmentCount(n) {
		return nil, fmt.Errorf("codec: JoinSegments: %d segments given for a stream of %d", len(parts), p.SegmentCount(n))
	}
	var totals SurpriseTotals
	for k, part := range parts {
		switch {
		case part.Segment != k:
			return nil, fmt.Errorf("codec: JoinSegments: segment %d given in place %d", part.Segment, k)
		case part.Params != sum:
			return nil, fmt.Errorf("codec: JoinSegments: segment %d was coded with other parameters", k)
		case part.Frames != min(n, (k+1)*segLen)-k*segLen:
			return nil, fmt.Errorf("codec: JoinSegments: segment %d holds %d frames, the stream %d there", k, part.Frames, min(n, (k+1)*segLen)-k*segLen)
		}
		totals.add(part.Totals)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	hashed := hashFrames(ctx, &p, src)
	cw, err := newVideoContainer(w, &p, o.fileID)
	if err != nil {
		return nil, err
	}
	frames := 0
	for k := range parts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r, err := open(k)
		if err != nil {
			return nil, err
		}
		before := frames
		err = copySegment(cw, r, k, segLen, &frames)
		if cerr := r.Close(); err == nil {
			err = cerr
		}
		if err == nil && frames-before != parts[k].Frames {
			err = fmt.Errorf("codec: JoinSegments: segment %d's bytes hold %d frames, not %d", k, frames-before, parts[k].Frames)
		}
		if err != nil {
			return nil, err
		}
	}
	h := <-hashed
	if h.err != nil {
		return nil, h.err
	}
	if err := cw.close([]StreamIndex{{RawBytes: h.raw, SHA256: h.sum, Surprise: &totals}}); err != nil {
		return nil, err
	}
	return &SegmentsResult{Frames: frames, Totals: totals}, nil
}
