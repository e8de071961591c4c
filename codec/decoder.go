package codec

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/vidlm/vidlm/vision"
)

// Decoder reads a .vlm. It checks every chunk's CRC32C as it goes and, at the end, each
// stream's frame count, size and SHA-256 against the trailer: a damaged file is reported as a
// *CorruptError naming the segment and frame, never decoded silently wrong.
//
// A file holds one stream, video or sensor (Kind says which), and the Decoder serves it as
// what it is:
//
//   - video: ReadFrame returns the frames; Video, Stats and Totals describe them.
//   - sensor: Read returns the log's bytes (Decoder is an io.Reader); Sensor and SensorStats
//     describe them.
//
// ReadFrame on a sensor stream and Read on a video stream return an error; Video and Stats of
// a sensor stream, Sensor and SensorStats of a video stream return nil, and Totals of a sensor
// stream is empty. Kind, Index and SHA256 apply to both.
type Decoder struct {
	cr      *containerReader
	opts    options
	streams []StreamHeader
	video   *videoCoder
	sensor  *sensorDecoder
	done    bool
	err     error // sticky
}

// NewDecoder reads the header of a .vlm from r.
func NewDecoder(r io.Reader, opts ...Option) (*Decoder, error) {
	o, err := buildOptions(forDecoder, opts)
	if err != nil {
		return nil, err
	}
	cr, err := newContainerReader(r)
	if err != nil {
		return nil, err
	}
	d := &Decoder{cr: cr, opts: o, streams: cr.Streams}
	if len(cr.Streams) != 1 {
		return nil, corrupt(0, "%d streams in one file: read it with NewMultiDecoder", len(cr.Streams))
	}
	switch s := cr.Streams[0]; s.Kind {
	case KindVideo:
		p, err := unmarshalVideoParams(s.Params)
		if err != nil {
			return nil, corrupt(int64(len(Magic)), "video stream parameters: %v", err)
		}
		d.video = newVideoCoder(p, d.opts)
		d.video.hashLater = d.opts.threads > 1
		if pipeApplies(p, d.opts) {
			d.video.pipe = newPipeline(d.video)
		}
	case KindSensor:
		if d.sensor, err = newSensorDecoder(s.Params); err != nil {
			return nil, corrupt(int64(len(Magic)), "sensor stream parameters: %v", err)
		}
		d.sensor.noCost = o.noCosts
		d.sensor.async = o.threads > 1 && (!o.memorySet || o.memoryMiB >= bytesJobMiB)
		d.sensor.intr = newInterrupter(o.interrupt)
		d.sensor.ahead = o.threads > 1
	default:
		return nil, corrupt(int64(len(Magic)), "unknown stream kind %d", s.Kind)
	}
	return d, nil
}

// Kind returns the kind of the file's stream: KindVideo (read it with ReadFrame) or
// KindSensor (read it with Read).
func (d *Decoder) Kind() StreamKind { return d.streams[0].Kind }

// Video returns the parameters of the file's video stream, or nil for a sensor stream.
func (d *Decoder) Video() *VideoParams {
	if d.video == nil {
		return nil
	}
	return d.video.params
}

// Stats returns the statistics of the last frame read (video). A sensor stream has none
// (nil): see SensorStats.
func (d *Decoder) Stats() *FrameStats {
	if d.video == nil {
		return nil
	}
	return &d.video.stats
}

// Totals returns the surprise summed over the frames read so far, as this decoder accounted
// it (video: one entry per plane, in plane order, then the motion field; empty for a sensor
// stream, whose costs are in SensorStats). The trailer's copy, written by the encoder, is in
// Index()[0].Surprise when the file has one.
func (d *Decoder) Totals() SurpriseTotals {
	if d.video == nil {
		return SurpriseTotals{}
	}
	return d.video.totals.clone()
}

// Index returns the trailer, once the stream has been read to its end (ReadFrame or Read
// returned io.EOF).
func (d *Decoder) Index() []StreamIndex { return d.cr.Index }

// ReadFrame decodes the next frame of a video stream. After the last it checks the trailer and
// returns io.EOF. The frame is freshly allocated and belongs to the caller. On a sensor stream
// it returns an error: use Read.
func (d *Decoder) ReadFrame() (*vision.Frame, error) {
	if d.err != nil {
		return nil, d.err
	}
	if d.video == nil {
		return nil, errors.New("codec: the stream is not video")
	}
	f, err := d.readFrame()
	if err != nil {
		d.err = err
	}
	return f, err
}

func (d *Decoder) readFrame() (*vision.Frame, error) {
	c := d.video
	if c.pipe != nil {
		return d.readFramePiped()
	}
	if f := c.takeHeld(); f != nil {
		return f, nil
	}
	ch, err := d.nextChunk()
	if err == io.EOF {
		return nil, d.checkTrailer()
	}
	if err != nil {
		return nil, err
	}
	return c.decodeChunk(ch, d.cr.next)
}

// nextChunk reads the next chunk of a video stream (io.EOF after the last).
func (d *Decoder) nextChunk() (*chunk, error) {
	c := d.video
	ch, err := d.cr.next()
	if err != nil && err != io.EOF {
		var ce *CorruptError
		if errors.As(err, &ce) && !ce.trailer {
			// The chunk's own numbers may be the damaged part: name the frame expected here.
			ce.Stream, ce.Segment, ce.Frame = 0, c.segmentOf(c.frame), c.frame
		}
	}
	return ch, err
}

// decodeChunk decodes frame chunk ch, which must be the next frame of the stream. A B
// frame's chunk (FlagBFrame) needs the anchor after it: decodeChunk reads it with next (nil:
// B frames are refused), decodes it first and holds it for takeHeld.
func (c *videoCoder) decodeChunk(ch *chunk, next func() (*chunk, error)) (*vision.Frame, error) {
	if ch.Type == ChunkFrame && ch.Flags&FlagBFrame != 0 {
		return c.decodePair(ch, next)
	}
	return c.decodeOne(ch)
}

// frameJob is a frame chunk checked and cut into its tiles' substreams (parseOne), with
// the frame it decodes into.
type frameJob struct {
	n       int // the frame's number in the stream
	segment int
	offset  int64
	payload int // the chunk's payload bytes
	coded   int // the part of them the tiles' substreams hold
	subs    [][]byte
	frame   *vision.Frame
}

// expect returns the damage report of job j's frame.
func (c *videoCoder) expect(j *frameJob, reason string, a ...any) *CorruptError {
	return &CorruptError{Stream: c.stream, Segment: j.segment, Frame: j.n, Offset: j.offset, Reason: fmt.Sprintf(reason, a...)}
}

// parseOne checks frame chunk ch, which must be the next frame coded, starts the frame
// (startFrame) and cuts the chunk into its tiles' substreams.
func (c *videoCoder) parseOne(ch *chunk) (*frameJob, error) {
	j := &frameJob{n: c.frame, segment: c.segmentOf(c.frame), offset: ch.Offset, payload: len(ch.Payload)}
	expect := func(reason string, a ...any) *CorruptError { return c.expect(j, reason, a...) }
	if ch.Type != ChunkFrame || ch.Stream != c.stream {
		return nil, expect("unexpected chunk type %q", ch.Type)
	}
	if int(ch.Seq) != c.frame {
		return nil, expect("frame %d found where frame %d belongs (missing or reordered frames)", ch.Seq, c.frame)
	}
	if ch.Flags&FlagSegmentStart != 0 && !intraFramePlausible(c.params.Layout, c.params.Tiles, len(ch.Payload)) {
		// Refused before the model's state for the frame is allocated or any of it decoded.
		return nil, expect("a frame chunk of %d bytes cannot hold a %dx%d frame coded without a previous one", len(ch.Payload), c.params.Layout.Width, c.params.Layout.Height)
	}
	segStart := c.startFrame()
	j.segment = c.segmentOf(c.frame)
	if (ch.Flags&FlagSegmentStart != 0) != segStart || int(ch.Segment) != c.segment {
		return nil, expect("segment marks do not match the stream's segment length")
	}
	f := &fieldReader{b: ch.Payload}
	params := f.str(1<<16, "frame parameter length")
	n := f.count(MaxTiles, "tile count")
	if f.err == nil && n != len(c.tiles) {
		return nil, expect("frame has %d tiles, the stream %d", n, len(c.tiles))
	}
	sizes := make([]int, n)
	total := 0
	for i := range sizes {
		sizes[i] = f.count(uint64(len(ch.Payload)), "tile size")
		total += sizes[i]
	}
	if f.err != nil {
		return nil, expect("frame header: %v", f.err)
	}
	if total != len(f.b) {
		return nil, expect("tile sizes add up to %d bytes, the frame holds %d", total, len(f.b))
	}
	j.coded = total
	j.subs = make([][]byte, n)
	for i, s := range sizes {
		j.subs[i], f.b = f.b[:s], f.b[s:]
	}
	j.frame = vision.NewFrame(c.params.Layout)
	j.frame.Params = params
	return j, nil
}

// decodeOne decodes frame chunk ch, which must be the next frame coded.
func (c *videoCoder) decodeOne(ch *chunk) (*vision.Frame, error) {
	j, err := c.parseOne(ch)
	if err != nil {
		return nil, err
	}
	subs, frame := j.subs, j.frame
	colour := c.coded != nil
	// With threads the tiles write the frame's raw content for the hash too, each its band,
	// where the decoder would copy the whole frame alone between two frames' tiles.
	hashLater := c.hash != nil && !c.noHash && c.hashLater
	var raw []byte
	var rawOff int
	interleaved := c.params.rawInterleaved()
	if hashLater {
		raw, rawOff = c.rawFrame(frame)
	}
	// The frame before's hash (hashRawLater) is this frame's after task: the thread that runs
	// out of tiles first computes it while the other finishes its last tile.
	err = c.runTiles(func(i int, t *tileCoder) error {
		if err := t.decode(subs[i]); err != nil {
			return err
		}
		if err := t.output(frame, colour); err != nil {
			return err
		}
		if hashLater {
			t.putRaw(raw[rawOff:], frame, interleaved)
		}
		return nil
	}, c.takeHashPending())
	if errors.Is(err, ErrInterrupted) {
		return nil, err // not damage: the check given by WithInterrupt fired inside the frame
	}
	if err != nil {
		return nil, c.expect(j, "%v", err)
	}
	if hashLater {
		c.hashRawLater(raw)
	} else if c.hash != nil && !c.noHash {
		c.hashFrame(frame)
	}
	c.endFrame(j.payload, j.coded)
	return frame, nil
}

// segmentOf returns the segment that frame belongs to.
// intraFramePlausible reports whether a frame chunk of payload bytes, cut into at most tiles
// substreams, can hold a frame of layout l coded without a previous frame (the first of a
// segment). Such a frame codes at least one decision per sample, each costing at least
// −log2(65535/65536) > 2^-16 bits (the coder's probabilities are 16-bit, p in [1, 65535]), so
// a range-decoder substream of n bytes holds fewer than (n+8)·2^19 decisions. Checked before
// the frame's state is allocated, it bounds what a small hostile file (a huge frame size and a
// tiny chunk) can make a decoder allocate and do; every frame an encoder wrote passes it.
func intraFramePlausible(l vision.Layout, tiles, payload int) bool {
	return uint64(l.Samples()) < (uint64(payload)+8*uint64(tiles))<<19
}

func (c *videoCoder) segmentOf(frame int) int {
	if c.params.SegmentFrames == 0 {
		return 0
	}
	return frame / c.params.SegmentFrames
}

// checkTrailer compares what was decoded with the trailer's counts and checksums.
func (d *Decoder) checkTrailer() error {
	c := d.video
	idx := d.cr.Index[0]
	bad := func(reason string, a ...any) error {
		return &CorruptError{Stream: 0, Segment: -1, Frame: -1, Offset: d.cr.off, Reason: fmt.Sprintf(reason, a...)}
	}
	if idx.Chunks != uint64(c.frame) {
		return bad("the trailer counts %d frames, the file holds %d", idx.Chunks, c.frame)
	}
	c.hashWait()
	if err := checkRaw(c.raw, c.hash.Sum(nil), idx, d.cr.off); err != nil {
		return err
	}
	d.done = true
	return io.EOF
}

// checkRaw compares the size and SHA-256 of a decoded stream's raw content with the trailer's;
// off is where the damage is reported (the trailer's place in the file).
func checkRaw(raw uint64, sum []byte, idx StreamIndex, off int64) error {
	bad := func(reason string, a ...any) error {
		return &CorruptError{Stream: 0, Segment: -1, Frame: -1, Offset: off, Reason: fmt.Sprintf(reason, a...)}
	}
	if idx.RawBytes != raw {
		return bad("decoded %d bytes of raw content, the trailer says %d", raw, idx.RawBytes)
	}
	if !bytes.Equal(sum, idx.SHA256[:]) {
		return bad("SHA-256 of the decoded stream does not match the trailer")
	}
	return nil
}

// SHA256 returns the SHA-256 of the stream's raw content as the trailer records it; valid once
// ReadFrame (video) or Read (sensor) has returned io.EOF.
func (d *Decoder) SHA256() [32]byte { return d.cr.Index[0].SHA256 }
