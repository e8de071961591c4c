package codec

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// The .vlm container (docs/FORMAT.md is the specification):
//
//	file    = magic version:u16 headerLen:u32 header headerCRC:u32 chunk* indexChunk footer
//	header  = fileID:u64 streamCount:uvarint stream*      (version 1: no fileID)
//	chunk   = "VC" type:u8 stream:u8 flags:u8 seq:u32 segment:u32 length:u32 payload crc:u32
//	footer  = indexOffset:u64 "VLMINDEX"
//
// Integers are little-endian; every CRC is CRC-32C (Castagnoli). A chunk's CRC covers the
// file's identifier (version 2) and then its bytes from type to the end of the payload, so a
// chunk copied from another file fails its CRC here even when its own bytes are intact.

// Magic opens every .vlm file. Like PNG's, it catches text-mode and 7-bit mangling.
const Magic = "\x89VLM\r\n\x1a\n"

// FormatVersion is the container version this vidlm writes. It reads it and every earlier
// version (1: no file identifier; chunks' CRCs cover their own bytes only).
const FormatVersion = 2

// minFormatVersion is the oldest container version this vidlm reads.
const minFormatVersion = 1

const (
	footerMagic    = "VLMINDEX"
	footerSize     = 16
	chunkSync      = "VC"
	chunkHeadSize  = 2 + 1 + 1 + 1 + 4 + 4 + 4
	maxHeaderSize  = 1 << 20
	maxChunkSize   = 1 << 30
	maxIndexChunks = 1 << 40
)

// ChunkType says what a chunk holds.
type ChunkType byte

// Chunk types.
const (
	ChunkFrame ChunkType = 'F' // one coded video frame
	ChunkBlock ChunkType = 'B' // one coded block of sensor rows
	ChunkIndex ChunkType = 'I' // the trailer: index and checksums; always last
)

// Chunk flags.
const (
	FlagSegmentStart = 1 << 0 // the model starts fresh at this chunk
)

// StreamKind says what a stream holds.
type StreamKind byte

// Stream kinds.
const (
	KindVideo  StreamKind = 1
	KindSensor StreamKind = 2
)

func (k StreamKind) String() string {
	switch k {
	case KindVideo:
		return "video"
	case KindSensor:
		return "sensor"
	}
	return fmt.Sprintf("kind(%d)", byte(k))
}

// StreamHeader is one stream's entry in the file header: its kind and the kind-specific
// parameters the decoder needs (geometry, model settings...).
type StreamHeader struct {
	Kind   StreamKind
	Params []byte
}

// SegmentEntry locates the start of a segment: the chunk sequence number it starts at and the
// byte offset of that chunk in the file.
type SegmentEntry struct {
	FirstSeq uint64
	Offset   uint64
}

// StreamIndex is one stream's part of the trailer.
type StreamIndex struct {
	Chunks   uint64   // number of chunks (frames or blocks)
	RawBytes uint64   // size of the stream's raw content
	SHA256   [32]byte // of the raw content
	Segments []SegmentEntry
	// Surprise is the encoder's account of the stream's code length; nil when the file does
	// not hold one (an optional field, see surprise.go).
	Surprise *SurpriseTotals
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func crc32c(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

// chunkCRCSeed is the CRC-32C state a chunk's CRC starts from: that of the file identifier's
// 8 bytes (version 2 and later), or 0 (version 1, where chunks are not bound to their file).
func chunkCRCSeed(version int, fileID uint64) uint32 {
	if version < 2 {
		return 0
	}
	return crc32c(binary.LittleEndian.AppendUint64(nil, fileID))
}

// chunk is one chunk as read from a file.
type chunk struct {
	Type    ChunkType
	Stream  int
	Flags   byte
	Seq     uint32
	Segment uint32
	Payload []byte
	Offset  int64 // of the chunk's first byte
}

// containerWriter writes the container: header, chunks, index and footer.
type containerWriter struct {
	w       io.Writer
	seed    uint32 // chunkCRCSeed of the file
	off     int64
	streams []StreamHeader
	index   []StreamIndex
	buf     []byte
	err     error
	// parent, when set, makes this writer one stream's view of a file of several streams
	// (multi.go): its chunks go to parent as stream `stream`, its close records the stream's
	// trailer entry there.
	parent *containerWriter
	stream int
	// extra holds index extension records added after the standard ones (multi_info.go).
	extra []indexExtra
	// bytes counts each stream's chunk bytes, heads and CRCs included
	bytes []uint64
}

func newContainerWriter(w io.Writer, fileID uint64, streams []StreamHeader) (*containerWriter, error) {
	cw := &containerWriter{w: w, seed: chunkCRCSeed(FormatVersion, fileID), streams: streams, index: make([]StreamIndex, len(streams)), bytes: make([]uint64, len(streams))}
	hdr := encodeHeader(fileID, streams)
	if len(hdr) > maxHeaderSize {
		return nil, fmt.Errorf("codec: header of %d bytes exceeds %d", len(hdr), maxHeaderSize)
	}
	b := []byte(Magic)
	b = binary.LittleEndian.AppendUint16(b, FormatVersion)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(hdr)))
	b = append(b, hdr...)
	b = binary.LittleEndian.AppendUint32(b, crc32c(hdr))
	return cw, cw.write(b)
}

func (cw *containerWriter) write(b []byte) error {
	if cw.err != nil {
		return cw.err
	}
	n, err := cw.w.Write(b)
	cw.off += int64(n)
	cw.err = err
	return err
}

// writeChunk writes one chunk of stream s. seq numbers the stream's chunks from 0.
func (cw *containerWriter) writeChunk(typ ChunkType, s int, flags byte, seq, segment uint32, payload []byte) error {
	if cw.parent != nil {
		return cw.parent.writeChunk(typ, cw.stream, flags, seq, segment, payload)
	}
	if len(payload) > maxChunkSize {
		return fmt.Errorf("codec: chunk of %d bytes exceeds %d", len(payload), maxChunkSize)
	}
	if flags&FlagSegmentStart != 0 {
		cw.index[s].Segments = append(cw.index[s].Segments, SegmentEntry{FirstSeq: uint64(seq), Offset: uint64(cw.off)})
	}
	cw.index[s].Chunks++
	if s < len(cw.bytes) {
		cw.bytes[s] += uint64(chunkHeadSize + len(payload) + 4)
	}
	b := append(cw.buf[:0], chunkSync...)
	b = append(b, byte(typ), byte(s), flags)
	b = binary.LittleEndian.AppendUint32(b, seq)
	b = binary.LittleEndian.AppendUint32(b, segment)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(payload)))
	crc := crc32.Update(crc32.Update(cw.seed, castagnoli, b[2:]), castagnoli, payload)
	if err := cw.write(b); err != nil {
		return err
	}
	if err := cw.write(payload); err != nil {
		return err
	}
	cw.buf = binary.LittleEndian.AppendUint32(b[:0], crc)
	return cw.write(cw.buf)
}

// close writes the index chunk (with each stream's raw size and SHA-256) and the footer.
func (cw *containerWriter) close(raw []StreamIndex) error {
	if cw.parent != nil {
		x := &cw.parent.index[cw.stream]
		x.RawBytes, x.SHA256, x.Surprise = raw[0].RawBytes, raw[0].SHA256, raw[0].Surprise
		return cw.parent.err
	}
	for i := range cw.index {
		cw.index[i].RawBytes = raw[i].RawBytes
		cw.index[i].SHA256 = raw[i].SHA256
		cw.index[i].Surprise = raw[i].Surprise
	}
	at := cw.off
	payload := encodeIndex(cw.index)
	for _, x := range cw.extra {
		payload = appendExtension(payload, x.tag, x.body)
	}
	if err := cw.writeChunk(ChunkIndex, 0, 0, 0, 0, payload); err != nil {
		return err
	}
	f := binary.LittleEndian.AppendUint64(nil, uint64(at))
	return cw.write(append(f, footerMagic...))
}

func encodeHeader(fileID uint64, streams []StreamHeader) []byte {
	b := binary.LittleEndian.AppendUint64(nil, fileID)
	b = binary.AppendUvarint(b, uint64(len(streams)))
	for _, s := range streams {
		b = append(b, byte(s.Kind))
		b = binary.AppendUvarint(b, uint64(len(s.Params)))
		b = append(b, s.Params...)
	}
	return b
}

func encodeIndex(index []StreamIndex) []byte {
	b := binary.AppendUvarint(nil, uint64(len(index)))
	for _, s := range index {
		b = binary.AppendUvarint(b, s.Chunks)
		b = binary.AppendUvarint(b, s.RawBytes)
		b = append(b, s.SHA256[:]...)
		b = binary.AppendUvarint(b, uint64(len(s.Segments)))
		for _, g := range s.Segments {
			b = binary.AppendUvarint(b, g.FirstSeq)
			b = binary.AppendUvarint(b, g.Offset)
		}
	}
	return appendIndexExtensions(b, index)
}

// fieldReader decodes the varint-structured header and index, failing once and for all on
// the first short or malformed field.
type fieldReader struct {
	b   []byte
	err error
}

func (f *fieldReader) uvarint() uint64 {
	if f.err != nil {
		return 0
	}
	v, n := binary.Uvarint(f.b)
	if n <= 0 {
		f.err = errors.New("malformed or truncated field")
		return 0
	}
	f.b = f.b[n:]
	return v
}

// count reads a uvarint that sizes something, refusing values above max.
func (f *fieldReader) count(max uint64, what string) int {
	v := f.uvarint()
	if f.err == nil && v > max {
		f.err = fmt.Errorf("%s %d exceeds %d", what, v, max)
		return 0
	}
	return int(v)
}

func (f *fieldReader) bytes(n int) []byte {
	if f.err != nil {
		return nil
	}
	if n > len(f.b) {
		f.err = errors.New("truncated field")
		return nil
	}
	v := f.b[:n:n]
	f.b = f.b[n:]
	return v
}

func (f *fieldReader) byte1() byte {
	b := f.bytes(1)
	if b == nil {
		return 0
	}
	return b[0]
}

func (f *fieldReader) str(max int, what string) string {
	return string(f.bytes(f.count(uint64(max), what)))
}

// decodeHeader reads the file header of a file of the given version: its identifier (0 in
// version 1) and its streams.
func decodeHeader(version int, b []byte) (uint64, []StreamHeader, error) {
	f := &fieldReader{b: b}
	var fileID uint64
	if version >= 2 {
		if id := f.bytes(8); id != nil {
			fileID = binary.LittleEndian.Uint64(id)
		}
	}
	n := f.count(255, "stream count")
	var streams []StreamHeader
	for i := 0; i < n && f.err == nil; i++ {
		kind := StreamKind(f.byte1())
		params := f.bytes(f.count(uint64(len(b)), "parameter size"))
		streams = append(streams, StreamHeader{Kind: kind, Params: params})
	}
	if f.err == nil && n == 0 {
		f.err = errors.New("no streams")
	}
	return fileID, streams, f.err
}

func decodeIndex(b []byte, streams int) ([]StreamIndex, error) {
	f := &fieldReader{b: b}
	n := f.count(255, "stream count")
	if f.err == nil && n != streams {
		return nil, fmt.Errorf("index lists %d streams, header %d", n, streams)
	}
	index := make([]StreamIndex, n)
	for i := range index {
		s := &index[i]
		s.Chunks = f.uvarint()
		s.RawBytes = f.uvarint()
		copy(s.SHA256[:], f.bytes(32))
		segs := f.count(uint64(len(f.b)), "segment count")
		for j := 0; j < segs && f.err == nil; j++ {
			s.Segments = append(s.Segments, SegmentEntry{FirstSeq: f.uvarint(), Offset: f.uvarint()})
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	return index, readIndexExtensions(f, index)
}

// containerReader reads a container sequentially, checking every CRC.
type containerReader struct {
	r       *bufio.Reader
	off     int64
	Version int
	FileID  uint64 // 0 in version 1
	seed    uint32 // chunkCRCSeed of the file
	Streams []StreamHeader
	Index   []StreamIndex // set once the index chunk has been read
	buf     []byte
	done    bool
	// indexPayload is the index chunk's payload once read (multi_info.go reads its
	// extensions)
	indexPayload []byte
	// failedBody is the body (payload and CRC) of the last chunk whose CRC failed, valid
	// until the next read: its length may have been the damaged part, so the next chunk may
	// start inside it.
	failedBody []byte
	// lastHead is the head of the last chunk read (lastHeadOK: it had a marker), which a
	// reader of several streams takes, when the chunk is damaged, as a likely owner
	lastHead   chunkHead
	lastHeadOK bool
}

func newBufReader(r io.Reader) *bufio.Reader { return bufio.NewReaderSize(r, 1<<16) }

func corrupt(off int64, format string, a ...any) *CorruptError {
	return &CorruptError{Stream: -1, Segment: -1, Frame: -1, Offset: off, Reason: fmt.Sprintf(format, a...)}
}

func newContainerReader(r io.Reader) (*containerReader, error) {
	cr := &containerReader{r: newBufReader(r)}
	head := make([]byte, len(Magic)+6)
	if n, err := io.ReadFull(cr.r, head); err != nil {
		if n == 0 {
			return nil, corrupt(0, "empty file, not a .vlm")
		}
		return nil, corrupt(int64(n), "truncated file header")
	}
	if string(head[:len(Magic)]) != Magic {
		return nil, corrupt(0, "not a .vlm file (bad magic)")
	}
	cr.Version = int(binary.LittleEndian.Uint16(head[len(Magic):]))
	if cr.Version < minFormatVersion || cr.Version > FormatVersion {
		return nil, fmt.Errorf("%w %d (this vidlm reads versions %d to %d)", ErrVersion, cr.Version, minFormatVersion, FormatVersion)
	}
	size := binary.LittleEndian.Uint32(head[len(Magic)+2:])
	if size > maxHeaderSize {
		return nil, corrupt(int64(len(Magic)+2), "header size %d exceeds %d", size, maxHeaderSize)
	}
	cr.off = int64(len(head))
	hdr, err := cr.readN(int(size) + 4)
	if err != nil {
		return nil, corrupt(cr.off, "truncated file header")
	}
	if crc32c(hdr[:size]) != binary.LittleEndian.Uint32(hdr[size:]) {
		return nil, corrupt(int64(len(head)), "file header checksum mismatch")
	}
	if cr.FileID, cr.Streams, err = decodeHeader(cr.Version, hdr[:size]); err != nil {
		return nil, corrupt(int64(len(head)), "file header: %v", err)
	}
	cr.seed = chunkCRCSeed(cr.Version, cr.FileID)
	cr.off += int64(size) + 4
	return cr, nil
}

// sibling returns a reader of the same file's chunks from r, which is positioned at byte
// offset off of the file: it checks CRCs with the same file identifier.
func (cr *containerReader) sibling(r io.Reader, off int64) *containerReader {
	return &containerReader{r: newBufReader(r), off: off, Version: cr.Version, FileID: cr.FileID, seed: cr.seed, Streams: cr.Streams}
}

// readN reads n bytes, growing its buffer only as the data arrives.
func (cr *containerReader) readN(n int) ([]byte, error) {
	var err error
	cr.buf, err = readGrowing(cr.r, cr.buf, n)
	return cr.buf, err
}

// readGrowing reads exactly n bytes into buf's storage, allocating in steps as data arrives so
// that a damaged length field cannot make it allocate more than the input holds.
func readGrowing(r io.Reader, buf []byte, n int) ([]byte, error) {
	if cap(buf) >= n {
		buf = buf[:n]
		k, err := io.ReadFull(r, buf)
		if err != nil {
			return buf[:k], err // what arrived, nothing stale
		}
		return buf, nil
	}
	var b bytes.Buffer
	b.Write(buf[:0])
	if _, err := io.CopyN(&b, r, int64(n)); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return b.Bytes(), err // what arrived (a reader resynchronising searches it)
	}
	return b.Bytes(), nil
}

// chunkHead is the fields of a chunk's head (docs/FORMAT.md §5), read before its CRC is
// checked: the reader and salvage check them against what they expect.
type chunkHead struct {
	typ     ChunkType
	stream  int
	flags   byte
	seq     uint32
	segment uint32
	size    uint32 // of the payload
}

// parseChunkHead reads the chunkHeadSize bytes of a chunk's head, marker included.
func parseChunkHead(head []byte) chunkHead {
	return chunkHead{
		typ:     ChunkType(head[2]),
		stream:  int(head[3]),
		flags:   head[4],
		seq:     binary.LittleEndian.Uint32(head[5:]),
		segment: binary.LittleEndian.Uint32(head[9:]),
		size:    binary.LittleEndian.Uint32(head[13:]),
	}
}

// next returns the next data chunk. It reads and checks the index chunk and the footer when
// it meets them and then returns io.EOF.
func (cr *containerReader) next() (*chunk, error) {
	if cr.done {
		return nil, io.EOF
	}
	start := cr.off
	head, err := cr.readN(chunkHeadSize)
	if err != nil {
		return nil, corrupt(start, "file truncated (no index at the end)")
	}
	cr.lastHeadOK = false
	if string(head[:2]) != chunkSync {
		cr.off += chunkHeadSize // consumed: a reader resynchronising scans on from there
		return nil, corrupt(start, "bad chunk marker")
	}
	h := parseChunkHead(head)
	cr.lastHead, cr.lastHeadOK = h, true
	c := &chunk{Type: h.typ, Stream: h.stream, Flags: h.flags, Seq: h.seq, Segment: h.segment, Offset: start}
	size := h.size
	crc := crc32.Update(cr.seed, castagnoli, head[2:])
	if size > maxChunkSize {
		return nil, cr.chunkError(c, "chunk size %d exceeds %d", size, maxChunkSize)
	}
	cr.off += chunkHeadSize
	body, err := cr.readN(int(size) + 4)
	if err != nil {
		cr.failedBody = body // what there was: the length may be the damaged part
		return nil, cr.chunkError(c, "file truncated inside a chunk")
	}
	cr.off += int64(size) + 4
	if crc32.Update(crc, castagnoli, body[:size]) != binary.LittleEndian.Uint32(body[size:]) {
		cr.failedBody = body // a reader resynchronising searches these bytes too (multi_decode.go)
		return nil, cr.chunkError(c, "chunk checksum mismatch")
	}
	c.Payload = append([]byte(nil), body[:size]...)
	if c.Type == ChunkIndex {
		cr.indexPayload = c.Payload
		if cr.Index, err = decodeIndex(c.Payload, len(cr.Streams)); err != nil {
			return nil, trailerCorrupt(start, "index: %v", err)
		}
		foot, err := cr.readN(footerSize)
		if err != nil || string(foot[8:]) != footerMagic || int64(binary.LittleEndian.Uint64(foot)) != start {
			return nil, trailerCorrupt(cr.off, "bad or missing footer")
		}
		if _, err := cr.r.Peek(1); err != io.EOF {
			return nil, trailerCorrupt(cr.off+footerSize, "unexpected data after the footer")
		}
		cr.done = true
		return nil, io.EOF
	}
	if c.Stream >= len(cr.Streams) {
		return nil, cr.chunkError(c, "chunk names stream %d of %d", c.Stream, len(cr.Streams))
	}
	return c, nil
}

func (cr *containerReader) chunkError(c *chunk, format string, a ...any) *CorruptError {
	switch c.Type {
	case ChunkFrame, ChunkBlock:
		e := corrupt(c.Offset, format, a...)
		e.Stream, e.Segment, e.Frame = c.Stream, int(c.Segment), int(c.Seq)
		return e
	case ChunkIndex:
		return trailerCorrupt(c.Offset, "index chunk: "+format, a...)
	}
	return corrupt(c.Offset, format, a...)
}

// trailerCorrupt reports damage in the trailer (index chunk or footer): every frame before it
// was intact.
func trailerCorrupt(off int64, format string, a ...any) *CorruptError {
	e := corrupt(off, "trailer: "+format, a...)
	e.trailer = true
	return e
}
