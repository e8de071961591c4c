package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"

	"github.com/vidlm/vidlm/vision"
)

// Salvage: recovering what is still intact in a damaged .vlm.
//
// Every chunk carries its own CRC32C and every segment starts from a fresh model, so damage
// costs at most the rest of the segment it hits. The Salvager finds every intact chunk by
// walking the chunk chain and, where a chunk is damaged, resynchronising on the next "VC"
// marker whose chunk passes its CRC. It then decodes, segment by segment, the frames whose
// chunks and every earlier chunk of their segment are intact, and reports the rest as lost.
// The trailer, when it survives, gives the stream's length and its SHA-256, which is checked
// when nothing was lost.

// LostRange is a run of frames of one segment that could not be recovered.
type LostRange struct {
	Segment int
	First   int // first frame lost
	Last    int // last frame lost; -1: up to the unknown end of the stream (the trailer is lost)
	Reason  string
}

func (l LostRange) String() string {
	if l.Last < 0 {
		return fmt.Sprintf("segment %d: frames %d to the end of the stream (%s)", l.Segment, l.First, l.Reason)
	}
	if l.First == l.Last {
		return fmt.Sprintf("segment %d: frame %d (%s)", l.Segment, l.First, l.Reason)
	}
	return fmt.Sprintf("segment %d: frames %d-%d (%s)", l.Segment, l.First, l.Last, l.Reason)
}

// ByteRange is a run of bytes [Start, End) of a file in which no intact chunk was found.
type ByteRange struct{ Start, End int64 }

// chunkRef locates an intact chunk without holding its payload.
type chunkRef struct {
	chunkHead
	off int64 // of the chunk's first byte
}

func (c *chunkRef) end() int64 { return c.off + chunkHeadSize + int64(c.size) + 4 }

// Salvager recovers the intact frames of a damaged .vlm holding a video stream. Use it like a
// Decoder: ReadFrame until io.EOF, then Lost says what could not be recovered.
type Salvager struct {
	r        io.ReaderAt
	size     int64
	seed     uint32 // chunkCRCSeed of the file: a chunk of another file fails its CRC
	params   *VideoParams
	coder    *videoCoder
	index    *StreamIndex // nil when the trailer is lost
	frames   []chunkRef   // intact frame chunks, seq strictly increasing
	damaged  []ByteRange
	next     int // in frames
	lost     []LostRange
	lostFrom int // first frame of the current lost run, or -1
	written  int
	buf      []byte
	bufB     []byte // a B frame's payload while the anchor after it is read into buf
	done     bool
	verified bool
	mismatch bool
}

// NewSalvager reads the header of the .vlm in r (size bytes) and scans the file for intact
// chunks. It fails only when the header is damaged (without it nothing can be decoded) or the
// stream is not video.
func NewSalvager(r io.ReaderAt, size int64, opts ...Option) (*Salvager, error) {
	o, err := buildOptions(forSalvager, opts)
	if err != nil {
		return nil, err
	}
	cr, err := newContainerReader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, err
	}
	if len(cr.Streams) != 1 || cr.Streams[0].Kind != KindVideo {
		return nil, errors.New("codec: salvage reads files holding one video stream")
	}
	p, err := unmarshalVideoParams(cr.Streams[0].Params)
	if err != nil {
		return nil, corrupt(int64(len(Magic)), "video stream parameters: %v", err)
	}
	s := &Salvager{r: r, size: size, seed: cr.seed, params: p, coder: newVideoCoder(p, o), lostFrom: -1}
	if err := s.scan(cr.off, len(cr.Streams)); err != nil {
		return nil, err
	}
	return s, nil
}

// Video returns the stream's parameters.
func (s *Salvager) Video() *VideoParams { return s.params }

// Damaged lists the byte ranges in which no intact chunk was found.
func (s *Salvager) Damaged() []ByteRange { return s.damaged }

// TrailerOK reports whether the trailer's index chunk was found intact (so the stream's
// length is known).
func (s *Salvager) TrailerOK() bool { return s.index != nil }

// Frames returns the number of frames the stream held, and whether it is known (it is when
// the trailer survived).
func (s *Salvager) Frames() (int, bool) {
	if s.index != nil {
		return int(s.index.Chunks), true
	}
	if len(s.frames) > 0 {
		return int(s.frames[len(s.frames)-1].seq) + 1, false
	}
	return 0, false
}

// Written returns the number of frames recovered so far.
func (s *Salvager) Written() int { return s.written }

// Lost lists, once ReadFrame has returned io.EOF, the frames that could not be recovered.
func (s *Salvager) Lost() []LostRange { return s.lost }

// Verified reports, once ReadFrame has returned io.EOF, whether every frame was recovered and
// the stream's SHA-256 matched the trailer: the file was damaged only outside its frames
// (the footer, say), and the output is exactly the original.
func (s *Salvager) Verified() bool { return s.verified }

// HashMismatch reports, once ReadFrame has returned io.EOF, that every frame was recovered
// from intact chunks and yet the stream's SHA-256 differs from the trailer's: the frames
// cannot be trusted. (Chunks are bound to their file, so this takes a CRC collision or a
// faulty decoder.)
func (s *Salvager) HashMismatch() bool { return s.mismatch }

// scan walks the chunks from off to the end of the file, resynchronising after damage.
func (s *Salvager) scan(off int64, streams int) error {
	var bad int64 = -1 // start of the current damaged run
	for off < s.size {
		c, ok, err := s.chunkAt(off, streams)
		if err != nil {
			return err
		}
		if !ok {
			if bad < 0 {
				bad = off
			}
			next, err := s.findMarker(off + 1)
			if err != nil {
				return err
			}
			off = next
			continue
		}
		if bad >= 0 {
			s.damaged = append(s.damaged, ByteRange{bad, off})
			bad = -1
		}
		switch c.typ {
		case ChunkFrame:
			if c.stream == 0 && (len(s.frames) == 0 || c.seq > s.frames[len(s.frames)-1].seq) {
				s.frames = append(s.frames, c)
			}
		case ChunkIndex:
			s.readIndex(c, streams)
		}
		off = c.end()
		if c.typ == ChunkIndex && s.index != nil && s.checkFooter(c) {
			off = s.size // the end of the file, intact
		}
	}
	if bad >= 0 {
		s.damaged = append(s.damaged, ByteRange{bad, s.size})
	}
	if s.index != nil && len(s.frames) > 0 && uint64(s.frames[len(s.frames)-1].seq) >= s.index.Chunks {
		// Chunks claiming frames beyond the trailer's count cannot be the stream's.
		n := len(s.frames)
		for n > 0 && uint64(s.frames[n-1].seq) >= s.index.Chunks {
			n--
		}
		s.frames = s.frames[:n]
	}
	return nil
}

// chunkAt reports whether an intact chunk starts at off.
func (s *Salvager) chunkAt(off int64, streams int) (chunkRef, bool, error) {
	var head [chunkHeadSize]byte
	if off+chunkHeadSize+4 > s.size {
		return chunkRef{}, false, nil
	}
	if err := s.readAt(head[:], off); err != nil {
		return chunkRef{}, false, err
	}
	c := chunkRef{chunkHead: parseChunkHead(head[:]), off: off}
	switch {
	case string(head[:2]) != chunkSync,
		c.typ != ChunkFrame && c.typ != ChunkBlock && c.typ != ChunkIndex,
		c.stream >= streams,
		c.size > maxChunkSize,
		c.end() > s.size:
		return c, false, nil
	}
	// Check the CRC reading the payload in pieces: a damaged length must not make salvage
	// allocate more than a small buffer.
	crc := crc32.Update(s.seed, castagnoli, head[2:])
	if cap(s.buf) < 1<<16 {
		s.buf = make([]byte, 1<<16)
	}
	buf := s.buf[:cap(s.buf)]
	at, left := off+chunkHeadSize, int64(c.size)
	for left > 0 {
		n := min(left, int64(len(buf)))
		if err := s.readAt(buf[:n], at); err != nil {
			return c, false, err
		}
		crc = crc32.Update(crc, castagnoli, buf[:n])
		at += n
		left -= n
	}
	var tail [4]byte
	if err := s.readAt(tail[:], at); err != nil {
		return c, false, err
	}
	return c, crc == binary.LittleEndian.Uint32(tail[:]), nil
}

// findMarker returns the offset of the next chunk marker at or after off (or the file size).
func (s *Salvager) findMarker(off int64) (int64, error) {
	if cap(s.buf) < 1<<16 {
		s.buf = make([]byte, 1<<16)
	}
	buf := s.buf[:cap(s.buf)]
	for off < s.size {
		n := min(int64(len(buf)), s.size-off)
		if err := s.readAt(buf[:n], off); err != nil {
			return 0, err
		}
		if i := bytes.Index(buf[:n], []byte(chunkSync)); i >= 0 {
			return off + int64(i), nil
		}
		if n < 2 {
			break
		}
		off += n - 1 // a marker may straddle two reads
	}
	return s.size, nil
}

// payload reads an intact chunk's payload into the Salvager's buffer.
func (s *Salvager) payload(c chunkRef) ([]byte, error) {
	if cap(s.buf) < int(c.size) {
		s.buf = make([]byte, c.size)
	}
	b := s.buf[:c.size]
	return b, s.readAt(b, c.off+chunkHeadSize)
}

func (s *Salvager) readIndex(c chunkRef, streams int) {
	b, err := s.payload(c)
	if err != nil {
		return
	}
	idx, err := decodeIndex(b, streams)
	if err != nil {
		return
	}
	s.index = &idx[0]
}

func (s *Salvager) checkFooter(c chunkRef) bool {
	var foot [footerSize]byte
	if c.end()+footerSize != s.size {
		return false
	}
	if err := s.readAt(foot[:], c.end()); err != nil {
		return false
	}
	return string(foot[8:]) == footerMagic && int64(binary.LittleEndian.Uint64(foot[:])) == c.off
}

// segmentStart reports whether frame starts a segment.
func (s *Salvager) segmentStart(frame int) bool {
	n := s.params.SegmentFrames
	return frame == 0 || n > 0 && frame%n == 0
}

// ReadFrame returns the next recovered frame, or io.EOF when no more can be recovered.
func (s *Salvager) ReadFrame() (*vision.Frame, error) {
	if s.done {
		return nil, io.EOF
	}
	c := s.coder
	if f := c.takeHeld(); f != nil {
		s.written++
		return f, nil
	}
	for s.next < len(s.frames) {
		ch := s.frames[s.next]
		s.next++
		q := int(ch.seq)
		if q != c.frame || s.lostFrom >= 0 {
			// Frames are lost before q: the model can start again only at a segment start.
			if s.lostFrom < 0 {
				s.lostFrom = c.frame
			}
			if !s.segmentStart(q) {
				c.frame = q + 1 // keep counting; the frame itself cannot be decoded
				continue
			}
			s.loseUpTo(q-1, "chunks damaged or missing")
			c.seekTo(q)
		}
		payload, err := s.payload(ch)
		if err != nil {
			return nil, err
		}
		if ch.flags&FlagBFrame != 0 {
			// The anchor after it goes into buf: keep the B frame's payload apart.
			s.bufB = append(s.bufB[:0], payload...)
			payload = s.bufB
		}
		f, err := c.decodeChunk(&chunk{Type: ch.typ, Stream: ch.stream, Flags: ch.flags, Seq: ch.seq, Segment: ch.segment, Payload: payload, Offset: ch.off}, s.nextAnchor)
		if err != nil {
			// An intact chunk that does not decode: the frame is lost with the rest of its
			// segment.
			if s.lostFrom < 0 {
				s.lostFrom = q
			}
			c.frame = q + 1
			continue
		}
		s.written++
		return f, nil
	}
	s.finish()
	return nil, io.EOF
}

// nextAnchor reads the chunk after a B frame's, its anchor, for decodeChunk: the next intact
// chunk when it is the next frame.
func (s *Salvager) nextAnchor() (*chunk, error) {
	q := int(s.coder.frame) + 1
	if s.next >= len(s.frames) || int(s.frames[s.next].seq) != q {
		return nil, corrupt(0, "the anchor after B frame %d is lost", q-1)
	}
	ch := s.frames[s.next]
	s.next++
	payload, err := s.payload(ch)
	if err != nil {
		return nil, err
	}
	return &chunk{Type: ch.typ, Stream: ch.stream, Flags: ch.flags, Seq: ch.seq, Segment: ch.segment, Payload: payload, Offset: ch.off}, nil
}

// finish closes the last lost run and, if nothing was lost, checks the stream's SHA-256.
func (s *Salvager) finish() {
	s.done = true
	c := s.coder
	if s.index == nil {
		from := c.frame
		if s.lostFrom >= 0 {
			from = s.lostFrom
		}
		s.loseFrom(from, -1, "the trailer is lost: the stream's length is unknown")
		return
	}
	total := int(s.index.Chunks)
	if s.lostFrom >= 0 || c.frame < total {
		if s.lostFrom < 0 {
			s.lostFrom = c.frame
		}
		s.loseUpTo(total-1, "chunks damaged or missing")
	}
	if len(s.lost) == 0 && s.written == total {
		var sum [32]byte
		copy(sum[:], c.hash.Sum(nil))
		s.verified = sum == s.index.SHA256 && c.raw == s.index.RawBytes
		s.mismatch = !s.verified
	}
}

// loseUpTo records the current lost run as ending at frame last.
func (s *Salvager) loseUpTo(last int, reason string) {
	if s.lostFrom >= 0 && last >= s.lostFrom {
		s.loseFrom(s.lostFrom, last, reason)
	}
	s.lostFrom = -1
}

// loseFrom records frames first..last (last -1: to the unknown end), one run per segment.
func (s *Salvager) loseFrom(first, last int, reason string) {
	n := s.params.SegmentFrames
	for {
		seg, end := 0, last
		if n > 0 {
			seg = first / n
			if e := (seg+1)*n - 1; last >= 0 && e < last {
				end = e
			}
		}
		s.lost = append(s.lost, LostRange{Segment: seg, First: first, Last: end, Reason: reason})
		if end == last {
			return
		}
		first = end + 1
	}
}

// seekTo positions the coder at frame, which starts a segment, for salvage after lost frames.
// The raw-content hash no longer covers the whole stream and is not checked.
func (c *videoCoder) seekTo(frame int) {
	c.frame = frame
	c.segment = c.segmentOf(frame)
	if frame > 0 {
		c.segment-- // startFrame advances it
	}
}

// readAt fills b from offset off, which the caller has checked lies within the file.
func (s *Salvager) readAt(b []byte, off int64) error {
	n, err := s.r.ReadAt(b, off)
	if n == len(b) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}
