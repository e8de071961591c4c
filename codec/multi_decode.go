package codec

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"github.com/vidlm/vidlm/vision"
)

// Unit is what MultiDecoder.Next decodes from one chunk: a frame of a video stream, or the
// next bytes of a sensor stream's log.
type Unit struct {
	Stream int
	Frame  *vision.Frame // a video stream's next frame (freshly allocated; the caller's)
	Log    []byte        // a sensor stream's next bytes (valid until the next call of Next)
}

// MultiDecoder reads a .vlm of any number of streams (a file of one stream too) chunk by
// chunk, in file order: Next returns each stream's frames and log bytes as their chunks come,
// so that memory stays bounded by one frame and one block of rows whatever the file's length.
// Every chunk's CRC is checked; at the end, every selected stream's count, size and SHA-256
// against the trailer. Select restricts decoding to some streams: the others' chunks are
// checked (CRC) and skipped, never decoded.
type MultiDecoder struct {
	cr       *containerReader
	opts     options
	meta     []StreamMeta
	video    []*videoCoder
	sensor   []*sensorDecoder
	selected []bool
	started  bool
	done     bool
	err      error
	failed   []error // by stream
	vid      int     // the first video stream, or -1
	meter    motionMeter
	damaged  []ByteRange
	// firstDamage is the first damaged chunk met, named in the errors of streams it cost
	firstDamage *CorruptError
	replays     int // damaged chunks whose bytes were searched again
	gyro        int // the sensor stream whose rows predict the video's motion, or -1
	// Restarts (stream.reset, docs/FORMAT.md 13.4): a stream that lost data waits, lost, for
	// its next segment start and takes up decoding there.
	lost   []bool
	runs   [][]LostRange // by stream: what was lost (frames, or a log's chunks)
	from   []int         // by lost stream: its first frame or chunk lost
	seen   []int         // by lost stream: the last frame or chunk number met
	resets []bool        // by stream: the log restarts at the video's segment starts
	since  int           // the video has decoded every frame since this one
	intr   *interrupter  // WithInterrupt (nil: none), shared by the sensor decoders
}

// NewMultiDecoder reads the header of a .vlm from r. It takes WithThreads, WithoutCosts and
// WithInterrupt: once its check fires, Next returns ErrInterrupted (sticky), checked before
// each chunk and inside a log's block as a Decoder's; an interruption is never counted as
// damage.
func NewMultiDecoder(r io.Reader, opts ...Option) (*MultiDecoder, error) {
	o, err := buildOptions(forDecoder, opts)
	if err != nil {
		return nil, err
	}
	cr, err := newContainerReader(r)
	if err != nil {
		return nil, err
	}
	n := len(cr.Streams)
	d := &MultiDecoder{cr: cr, opts: o, intr: newInterrupter(o.interrupt), meta: make([]StreamMeta, n), video: make([]*videoCoder, n), sensor: make([]*sensorDecoder, n), selected: make([]bool, n), failed: make([]error, n),
		lost: make([]bool, n), runs: make([][]LostRange, n), from: make([]int, n), seen: make([]int, n), resets: make([]bool, n)}
	for i, s := range cr.Streams {
		d.selected[i] = true
		params, meta, _, err := splitStreamMeta(s.Params)
		if err != nil {
			return nil, corrupt(int64(len(Magic)), "stream %d parameters: %v", i, err)
		}
		d.meta[i] = meta
		switch s.Kind {
		case KindVideo:
			p, err := unmarshalVideoParams(params)
			if err != nil {
				return nil, corrupt(int64(len(Magic)), "stream %d: video stream parameters: %v", i, err)
			}
			d.video[i] = newVideoCoder(p, o)
			d.video[i].stream = i
		case KindSensor:
			if d.sensor[i], err = newSensorDecoder(params); err != nil {
				return nil, corrupt(int64(len(Magic)), "stream %d: sensor stream parameters: %v", i, err)
			}
			d.sensor[i].noCost = o.noCosts
			d.sensor[i].intr = d.intr
		default:
			return nil, corrupt(int64(len(Magic)), "stream %d: unknown stream kind %d", i, s.Kind)
		}
	}
	d.vid = -1
	for i := range d.video {
		if d.video[i] != nil {
			d.vid = i
			break
		}
	}
	d.gyro = -1
	hint := -1
	if d.vid >= 0 {
		d.gyro, hint = d.meta[d.vid].Gyro, d.meta[d.vid].Hint
		if d.gyro >= 0 && hint >= 0 {
			return nil, corrupt(int64(len(Magic)), "stream %d: a video takes a log's input or has its hints, not both", d.vid)
		}
		if hint >= 0 {
			// the hints are in the video stream: it depends on no log
			d.video[d.vid].hintsInStream()
		}
	}
	for i, m := range d.meta {
		if d.video[i] != nil && i != d.vid && (m.Gyro >= 0 || m.Hint >= 0) {
			return nil, corrupt(int64(len(Magic)), "stream %d: only the first video stream takes a log's input", i)
		}
		if m.Reset && (d.sensor[i] == nil || !m.Cross || m.Time.Column < 0) {
			return nil, corrupt(int64(len(Magic)), "stream %d: only a log with a cross-modal input and a time column restarts", i)
		}
		d.resets[i] = m.Reset
		if s := d.sensor[i]; s != nil {
			s.parts = m.Parts
			if m.Parts != (i == d.gyro || i == hint) {
				return nil, corrupt(int64(len(Magic)), "stream %d: a log is coded in parts when, and only when, the video takes its input", i)
			}
		}
		if m.Cross && d.sensor[i] != nil {
			if d.vid < 0 {
				return nil, corrupt(int64(len(Magic)), "stream %d takes a cross-modal input from a video stream the file does not hold", i)
			}
			x := newSensorCross(d.video[d.vid].params, m.Time)
			if i == d.gyro {
				x.ahead, x.gyro = true, newGyroPredictor(m.LongParts)
			}
			if i == hint {
				x.ahead = true // its rows gave the video's hints, in the video stream
				if m.Reset {
					return nil, corrupt(int64(len(Magic)), "stream %d: a log coded in parts that takes no input does not restart", i)
				}
			}
			d.sensor[i].coder.cross = x
			if m.Gate {
				if i == d.gyro || i == hint {
					return nil, corrupt(int64(len(Magic)), "stream %d: a log coded in parts is not gated", i)
				}
				d.sensor[i].gate = newLogGate(d.sensor[i].coder)
			}
		}
	}
	if d.gyro >= 0 && (d.gyro >= n || d.sensor[d.gyro] == nil || d.sensor[d.gyro].coder.cross == nil) {
		return nil, corrupt(int64(len(Magic)), "the video takes its input from stream %d, not a log with a cross-modal input", d.gyro)
	}
	return d, nil
}

// needsVideo reports whether a selected stream takes the video's motion as input (then the
// video is decoded, even when it is not selected).
func (d *MultiDecoder) needsVideo() bool {
	for i, s := range d.sensor {
		if s != nil && d.selected[i] && s.coder.cross != nil && !s.coder.cross.ahead {
			return true
		}
	}
	return false
}

// Streams returns the file's stream headers.
func (d *MultiDecoder) Streams() []StreamHeader { return d.cr.Streams }

// Meta returns what the header says of stream s besides its kind's parameters (its name; in a
// file of one stream, none).
func (d *MultiDecoder) Meta(s int) StreamMeta { return d.meta[s] }

// Video returns the parameters of stream s if it is a video stream, else nil.
func (d *MultiDecoder) Video(s int) *VideoParams {
	if d.video[s] == nil {
		return nil
	}
	return d.video[s].params
}

// Sensor returns the parameters of stream s if it is a sensor stream, else nil.
func (d *MultiDecoder) Sensor(s int) *SensorParams {
	if d.sensor[s] == nil {
		return nil
	}
	return d.sensor[s].params
}

// Stats returns the statistics of the last frame of video stream s decoded.
func (d *MultiDecoder) Stats(s int) *FrameStats { return &d.video[s].stats }

// SensorStats returns the statistics of every block of sensor stream s decoded so far (of a
// log coded in parts, the last part's only).
func (d *MultiDecoder) SensorStats(s int) []SensorBlockStats { return d.sensor[s].stats }

// Index returns the trailer, once Next has returned io.EOF.
func (d *MultiDecoder) Index() []StreamIndex { return d.cr.Index }

// Select decodes only the streams listed (call it before the first Next): the others' chunks
// are checked and skipped, and their checksums not verified.
func (d *MultiDecoder) Select(streams ...int) error {
	if d.started {
		return errors.New("codec: Select after decoding started")
	}
	for i := range d.selected {
		d.selected[i] = false
	}
	for _, s := range streams {
		if s < 0 || s >= len(d.selected) {
			return fmt.Errorf("codec: no stream %d", s)
		}
		d.selected[s] = true
	}
	return nil
}

// Next decodes the next chunk of a selected stream. A sensor stream's header row comes as its
// first Unit. After the last chunk it checks the trailer and returns io.EOF.
//
// Damage costs only the stream it hits: where a chunk fails its CRC, the decoder goes on
// with the next intact chunk, and a stream that then misses a chunk (its next chunk is not
// the one it expects, or the trailer counts more) fails alone (Err says why) and is decoded
// no further, while the others go on. Once the file has been read, Next returns the first
// failed stream's error, or io.EOF when every selected stream decoded and verified.
func (d *MultiDecoder) Next() (*Unit, error) {
	if d.err != nil {
		return nil, d.err
	}
	u, err := d.next()
	if err != nil {
		d.err = err
	}
	return u, err
}

// Verified reports whether the whole file has been read and the trailer checked: every
// selected stream without an Err is then complete and matches its SHA-256.
func (d *MultiDecoder) Verified() bool { return d.done }

// Err returns why stream s failed, or nil.
func (d *MultiDecoder) Err(s int) error { return d.failed[s] }

// Damaged returns the byte ranges skipped because their chunks were damaged.
func (d *MultiDecoder) Damaged() []ByteRange { return d.damaged }

// Lost returns what stream s lost and how far it took up decoding again (stream.reset): for
// the video, runs of frames; for a log, runs of its chunks (blocks or parts, numbered from 0).
// A stream with a lost run has an Err; the rest of it was decoded but cannot be verified.
func (d *MultiDecoder) Lost(s int) []LostRange { return d.runs[s] }

// resumable reports whether stream i, losing data, can take up decoding at a later segment
// start: the video when it has segments and takes no gyroscope or one that restarts with its
// segments; a log that restarts.
func (d *MultiDecoder) resumable(i int) bool {
	if c := d.video[i]; c != nil {
		return i == d.vid && c.params.SegmentFrames > 0 && (d.gyro < 0 || d.resets[d.gyro])
	}
	return d.sensor[i] != nil && d.resets[i]
}

// loseRun starts a lost run of stream i at its next frame or chunk.
func (d *MultiDecoder) loseRun(i int) {
	d.lost[i] = true
	if c := d.video[i]; c != nil {
		d.from[i] = c.frame
	} else {
		d.from[i] = d.sensor[i].blocks
	}
	d.seen[i] = d.from[i] - 1
}

// endRun closes stream i's lost run before frame or chunk next (-1: at the end of the file).
func (d *MultiDecoder) endRun(i, next int) {
	last := next - 1
	if next < 0 {
		last = d.seen[i]
		if d.cr.Index != nil {
			// the trailer counts the stream's chunks: a log's last is its summary
			last = int(d.cr.Index[i].Chunks) - 1
			if d.cr.Streams[i].Kind == KindSensor {
				last--
			}
		}
	}
	if last >= d.from[i] {
		seg := 0
		if c := d.video[i]; c != nil {
			seg = c.segmentOf(d.from[i])
		}
		d.runs[i] = append(d.runs[i], LostRange{Segment: seg, First: d.from[i], Last: last, Reason: "damaged, or takes its input from data lost"})
	}
	d.lost[i] = false
}

// fail records stream i's failure and stops decoding it; a stream that can take up decoding
// at a later segment start (resumable) is only lost until then.
func (d *MultiDecoder) fail(i int, err error) {
	if d.failed[i] == nil {
		d.failed[i] = err
	}
	if d.resumable(i) {
		if !d.lost[i] {
			d.loseRun(i)
		}
		d.failDependents(i, err)
		return
	}
	d.selected[i] = false
	if !d.lost[i] && (d.video[i] != nil || d.sensor[i] != nil) {
		d.loseRun(i) // to the end of the stream (checkTrailers closes it)
	}
	d.failDependents(i, err)
	d.video[i], d.sensor[i] = nil, nil // the model's state is of no more use; let it go
}

// failDependents fails the streams that take their input from stream i, which failed.
func (d *MultiDecoder) failDependents(i int, err error) {
	if i == d.vid {
		// The logs that take the video's motion as input cannot go on without it.
		for j, s := range d.sensor {
			if s == nil || s.coder.cross == nil || s.coder.cross.ahead || d.lost[j] {
				continue
			}
			if d.failed[j] == nil {
				d.failed[j] = fmt.Errorf("stream %d takes its input from video stream %d, which failed: %w", j, i, err)
			}
			if d.resumable(j) {
				d.loseRun(j)
				continue
			}
			d.selected[j] = false
			d.sensor[j] = nil
		}
	}
	if i == d.gyro && d.vid >= 0 && d.video[d.vid] != nil && !d.lost[d.vid] {
		// The video takes its motion's hint from this log: it cannot go on without it.
		d.fail(d.vid, fmt.Errorf("video stream %d takes its input from stream %d, which failed: %w", d.vid, i, err))
	}
}

// needsGyro reports whether the video is selected and takes its hint from a log (then the
// log is decoded, even when it is not selected).
func (d *MultiDecoder) needsGyro() bool {
	return d.gyro >= 0 && d.vid >= 0 && d.video[d.vid] != nil && (d.selected[d.vid] || d.needsVideo())
}

func (d *MultiDecoder) next() (*Unit, error) {
	d.started = true
	// Header rows first, as a sensor decoder delivers them before its first block.
	for i, s := range d.sensor {
		if s != nil && d.selected[i] && !s.header {
			s.header = true
			s.out = s.out[:0]
			s.emit(s.params.Header)
			return &Unit{Stream: i, Log: s.out}, nil
		}
	}
	for {
		if d.intr.interrupted() {
			return nil, ErrInterrupted
		}
		start := d.cr.off
		ch, err := d.cr.next()
		if err == io.EOF {
			return nil, d.checkTrailers()
		}
		if err != nil {
			var ce *CorruptError
			if !errors.As(err, &ce) || ce.trailer || d.cr.done {
				return nil, err
			}
			if d.firstDamage == nil {
				d.firstDamage = ce
			}
			if b := d.cr.failedBody; b != nil && d.replays < maxReplays {
				// The damaged chunk's length may be wrong: search from just after its head,
				// through the bytes read as its body, then on.
				d.cr.failedBody = nil
				d.replays++
				saved := append([]byte(nil), b...)
				d.cr.r = newBufReader(io.MultiReader(bytes.NewReader(saved), d.cr.r))
				d.cr.off = start + chunkHeadSize
			}
			h, headOK := d.cr.lastHead, d.cr.lastHeadOK
			if err := d.resync(); err != nil {
				return nil, err
			}
			d.damaged = append(d.damaged, ByteRange{Start: start, End: d.cr.off})
			d.attribute(h, headOK, ce)
			continue
		}
		i := ch.Stream
		hidden := i == d.vid && !d.selected[i] && d.video[i] != nil && d.needsVideo()
		if i == d.gyro && !d.selected[i] && d.sensor[i] != nil && d.needsGyro() {
			hidden = true
		}
		if !d.selected[i] && !hidden {
			continue
		}
		if d.lost[i] && !d.resume(i, ch) {
			continue
		}
		if c := d.video[i]; c != nil {
			var g *gyroPredictor
			if i == d.vid && d.gyro >= 0 {
				g = d.sensor[d.gyro].coder.cross.gyro
				if d.resets[d.gyro] && c.segmentStarts() {
					g.resetLearning()
				}
				c.setHint(g.hint(c))
			}
			f, err := c.decodeChunk(ch, nil)
			if errors.Is(err, ErrInterrupted) {
				return nil, ErrInterrupted // not damage: the whole decode stops
			}
			if err != nil {
				d.fail(i, d.blame(err))
				continue
			}
			if i == d.vid {
				shareFrameMotion(&d.meter, c, f, g, d.sensor)
			}
			if hidden {
				continue
			}
			return &Unit{Stream: i, Frame: f}, nil
		}
		s := d.sensor[i]
		bad := func(reason string, a ...any) *CorruptError {
			return &CorruptError{Stream: i, Segment: 0, Frame: s.blocks, Offset: ch.Offset, Reason: fmt.Sprintf(reason, a...), sensor: true}
		}
		if s.summary != nil {
			d.fail(i, d.blame(bad("chunk after the summary")))
			continue
		}
		switch ch.Type {
		case ChunkBlock:
			if int(ch.Seq) != s.blocks || !d.blockMarks(i, ch) {
				d.fail(i, d.blame(bad("block %d found where block %d belongs (missing or reordered blocks)", ch.Seq, s.blocks)))
				continue
			}
			s.out = s.out[:0]
			decode := s.decodeBlock
			if s.parts {
				decode = s.decodePart
			} else if s.gate != nil {
				decode = func(p []byte) error { return s.decodeGatedBlock(p, ch.Flags&FlagCross != 0) }
			}
			if err := decode(ch.Payload); err != nil {
				if errors.Is(err, ErrInterrupted) {
					return nil, ErrInterrupted // not damage: the whole decode stops
				}
				d.fail(i, bad("%v", err))
				continue
			}
			s.blocks++
			if hidden {
				continue
			}
			return &Unit{Stream: i, Log: s.out}, nil
		case ChunkSummary:
			if int(ch.Seq) != s.blocks {
				d.fail(i, d.blame(bad("summary numbered %d after %d blocks", ch.Seq, s.blocks)))
				continue
			}
			sum, err := unmarshalSensorSummary(ch.Payload)
			if err != nil {
				d.fail(i, bad("summary: %v", err))
				continue
			}
			if sum.Rows != s.total.Rows || sum.Blocks != s.total.Blocks {
				d.fail(i, bad("the summary counts %d rows in %d blocks, the stream holds %d in %d", sum.Rows, sum.Blocks, s.total.Rows, s.total.Blocks))
				continue
			}
			s.summary = sum
			continue
		}
		d.fail(i, bad("unexpected chunk type %q", ch.Type))
	}
}

// blockMarks checks a log's block chunk's segment marks, and restarts the log's models at a
// segment start after its first chunk (stream.reset).
func (d *MultiDecoder) blockMarks(i int, ch *chunk) bool {
	s := d.sensor[i]
	start := ch.Flags&FlagSegmentStart != 0
	if !d.resets[i] {
		return ch.Segment == 0 && start == (s.blocks == 0)
	}
	if s.blocks == 0 {
		return start && ch.Segment == 0
	}
	if !start {
		return ch.Segment == s.segment
	}
	if ch.Segment <= s.segment {
		return false
	}
	s.restart(ch.Segment)
	return true
}

// restart starts the log's models afresh at a chunk marked as a segment start (stream.reset).
func (s *sensorDecoder) restart(seg uint32) {
	s.coder = s.coder.restarted()
	if s.gate != nil {
		s.gate.restart()
	}
	s.head, s.segment = nil, seg
}

// attribute decides, after a damaged chunk, which streams lost data: the stream its head names
// when the head looks like that stream's next chunk; otherwise, not knowing, every stream
// whose data another takes as input (the gyroscope's log, the video whose motion a log
// takes), so that no stream decodes on from data it cannot have (a stream no other depends
// on finds its next chunk missing, and fails then).
func (d *MultiDecoder) attribute(h chunkHead, ok bool, ce *CorruptError) {
	if ok && h.stream < len(d.meta) {
		i := h.stream
		if (d.video[i] != nil && h.typ == ChunkFrame || d.sensor[i] != nil && h.typ == ChunkBlock) && (!d.decoding(i) || d.lost[i]) {
			return // a chunk of a stream not decoded, or already lost to its next restart
		}
		switch {
		case d.video[i] != nil && h.typ == ChunkFrame && int(h.seq) == d.video[i].frame && !d.lost[i]:
			d.fail(i, d.blame(ce))
			return
		case d.sensor[i] != nil && h.typ == ChunkBlock && int(h.seq) == d.sensor[i].blocks && !d.lost[i]:
			d.fail(i, d.blame(ce))
			return
		}
	}
	for _, i := range []int{d.gyro, d.vid} {
		if i >= 0 && (d.video[i] != nil || d.sensor[i] != nil) && !d.lost[i] && d.decoding(i) && d.hasDependents(i) {
			d.fail(i, d.blame(ce))
		}
	}
}

// hasDependents reports whether another stream being decoded takes stream i's data as input.
func (d *MultiDecoder) hasDependents(i int) bool {
	if i == d.gyro {
		return d.vid >= 0 && d.video[d.vid] != nil && d.decoding(d.vid)
	}
	for j, s := range d.sensor {
		if i == d.vid && s != nil && s.coder.cross != nil && !s.coder.cross.ahead && d.decoding(j) {
			return true
		}
	}
	return false
}

// decoding reports whether stream i's chunks are being decoded: it is selected, or a selected
// stream takes its data as input.
func (d *MultiDecoder) decoding(i int) bool {
	switch {
	case d.selected[i]:
		return true
	case i == d.vid && d.video[i] != nil:
		return d.needsVideo()
	case i == d.gyro && d.sensor[i] != nil:
		return d.needsGyro()
	}
	return false
}

// resume decides whether lost stream i takes up decoding at chunk ch: a frame that starts a
// segment, while the gyroscope's log (if the video takes one) is not lost; a log's chunk that
// starts a segment, when the log takes no input from the video or the video has decoded every
// frame since that segment's start. Otherwise the chunk is skipped (false).
func (d *MultiDecoder) resume(i int, ch *chunk) bool {
	if c := d.video[i]; c != nil {
		q := int(ch.Seq)
		n := c.params.SegmentFrames
		if ch.Type != ChunkFrame || ch.Flags&FlagSegmentStart == 0 || n == 0 || q%n != 0 || q < d.from[i] || d.gyro >= 0 && d.lost[d.gyro] {
			d.seen[i] = max(d.seen[i], q)
			return false
		}
		d.endRun(i, q)
		c.seekTo(q)
		d.since = q
		return true
	}
	s := d.sensor[i]
	q := int(ch.Seq)
	if ch.Type == ChunkSummary {
		return false
	}
	x := s.coder.cross
	needsVideo := x != nil && !x.ahead
	ok := ch.Type == ChunkBlock && ch.Flags&FlagSegmentStart != 0 && ch.Segment > s.segment && q >= d.from[i]
	if ok && needsVideo {
		v := d.video[d.vid]
		ok = v != nil && !d.lost[d.vid] && int64(d.since) <= int64(ch.Segment)*int64(v.params.SegmentFrames)
	}
	if !ok {
		d.seen[i] = max(d.seen[i], q)
		return false
	}
	d.endRun(i, q)
	s.blocks = q
	return true
}

// blame names, in a stream's error for a missing chunk, the damage that most likely took it.
func (d *MultiDecoder) blame(err error) error {
	var ce *CorruptError
	if d.firstDamage != nil && errors.As(err, &ce) {
		ce.Reason += fmt.Sprintf(" (damaged chunk at byte %d: %s)", d.firstDamage.Offset, d.firstDamage.Reason)
	}
	return err
}

// maxReplays bounds how many damaged chunks' bytes are searched again (each adds a layer of
// buffering); past it, the search goes on from where the damaged chunk's length led.
const maxReplays = 64

// resync moves the reader, after a damaged chunk, to the next place that looks like a chunk
// of this file: a "VC" marker, a known type, a stream of the file and a possible length. Its
// CRC is checked when it is read.
func (d *MultiDecoder) resync() error {
	cr := d.cr
	for {
		b, err := cr.r.Peek(chunkHeadSize)
		if len(b) < chunkHeadSize {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return corrupt(cr.off, "no intact chunk after the damage (file truncated?)")
		}
		if string(b[:2]) == chunkSync {
			h := parseChunkHead(b)
			known := h.typ == ChunkFrame || h.typ == ChunkBlock || h.typ == ChunkSummary || h.typ == ChunkIndex
			if known && h.stream < len(cr.Streams) && h.size <= maxChunkSize {
				return nil
			}
		}
		cr.r.Discard(1)
		cr.off++
	}
}

// checkTrailers compares every selected stream with the trailer.
func (d *MultiDecoder) checkTrailers() error {
	for i := range d.selected {
		if d.lost[i] {
			d.endRun(i, -1)
		}
		if !d.selected[i] {
			continue
		}
		if d.failed[i] != nil {
			continue // lost data: what was decoded cannot be verified
		}
		idx := d.cr.Index[i]
		fail := func(err error) { d.fail(i, d.blame(err)) }
		bad := func(reason string, a ...any) error {
			return &CorruptError{Stream: i, Segment: -1, Frame: -1, Offset: d.cr.off, Reason: fmt.Sprintf(reason, a...), sensor: d.sensor[i] != nil}
		}
		if c := d.video[i]; c != nil {
			if idx.Chunks != uint64(c.frame) {
				fail(bad("stream %d: the trailer counts %d frames, the file holds %d", i, idx.Chunks, c.frame))
			} else if err := checkRaw(c.raw, c.hash.Sum(nil), idx, d.cr.off); err != nil {
				err.(*CorruptError).Stream = i
				fail(err)
			}
			continue
		}
		s := d.sensor[i]
		var sum [sha256.Size]byte
		copy(sum[:], s.hash.Sum(nil))
		switch {
		case s.summary == nil:
			fail(bad("stream %d: the summary chunk is missing", i))
		case idx.Chunks != uint64(s.blocks)+1:
			fail(bad("stream %d: the trailer counts %d chunks, the file holds %d", i, idx.Chunks, s.blocks+1))
		case idx.RawBytes != s.raw || sum != idx.SHA256:
			fail(bad("stream %d: size or SHA-256 of the decoded log does not match the trailer", i))
		}
	}
	d.done = true
	for _, err := range d.failed {
		if err != nil {
			return err
		}
	}
	return io.EOF
}
