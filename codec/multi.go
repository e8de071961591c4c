package codec

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/vidlm/vidlm/vision"
)

// A file of several streams (a recording: a video and the sensor logs recorded with it) has
// one header listing every stream, each stream's chunks interleaved in the order the encoder
// was given them (time order, so that a decoder streams with memory bounded by one frame and
// the rows coded beside it), and one trailer with every stream's count, size and SHA-256.
// Each stream is coded exactly as it would be alone, by the same coders; docs/FORMAT.md
// ("Files of several streams") specifies it.

// StreamSpec describes one stream of a file of several streams.
type StreamSpec struct {
	// Name is the stream's name, stored in the header (decoders restore the stream under
	// it: an input's base name, "imu.csv"). It must be unique in the file and not empty.
	Name string
	// Video, when not nil, makes the stream a video stream with these parameters (filled in
	// as NewVideoEncoder does). Otherwise the stream is a sensor log.
	Video *VideoParams
	// Head is, for a sensor stream, the start of the log: its first 64 KiB, or the whole log
	// when it is shorter (then HeadIsAll). The delimiter and the header row are detected from
	// it, as NewSensorEncoder does; the caller then writes the whole log, from its first
	// byte, with WriteLog.
	Head      []byte
	HeadIsAll bool
	// Time says how the stream's times were found (for a sensor stream with Cross, it
	// places the rows between the video's frames; otherwise it is informative).
	Time StreamTime
	// Cross, for a sensor stream of a file with a video stream, makes the video's global
	// motion an input to the log's predictors; the encoder then also measures the log's
	// cost without it (CrossCosts).
	Cross bool
	// Gyro, for a sensor stream with Cross (one per file at most), makes the log's rows an
	// input to the video's motion too (multi_gyro.go): they are then coded in parts before
	// the frames they precede (give them with CodeLog, not EndBlock), and the video stream's
	// motion fields cost is measured with and without them (CrossCosts of the video stream).
	Gyro bool
	// LongParts, with Gyro, lets the log's parts reach up to gyroRingLong−1 (4095) frame
	// intervals past the frame they precede (stream.parts 2), so that a part can hold a whole
	// group (a minute or 1 MiB of log) and cost what a block does; without it, 63.
	LongParts bool
	// Restart, for a sensor stream with Cross and a time column in a file whose video has
	// segments, makes the log's models (its sensor model, its cross-modal stage, and with
	// Gyro the gyroscope predictor's integrals) start afresh where RestartLog says: at each
	// of the video's segment starts, so that damage in one segment's log or frames costs the
	// other stream only up to the next segment (stream.reset, docs/FORMAT.md 13.4).
	Restart bool
	// HintInVideo, with Gyro and LongParts, writes the gyroscope's prediction of each frame's
	// motion in the video stream (stream.hint, multi_gyro.go): the video then decodes without
	// the log, and the log, coded in parts before the frames and taking no input from them,
	// without the video (it restarts nowhere: no Restart).
	HintInVideo bool
	// NoGate, for a sensor stream with Cross and not Gyro, codes every block with the input
	// (stream.cross 1, as before 2026-12-02) instead of with or without it, whichever is
	// shorter (stream.cross 2, multi_gate.go); the gain is then measured by a second encoder.
	NoGate bool
}

// StreamTime records how a stream's times were taken (informative: decoding never needs it).
type StreamTime struct {
	Column      int   // the log's time column (0-based), or -1 when there is none
	UnitNS      int64 // nanoseconds per unit of the time column (1e9: seconds)
	RateMilliHz int64 // when the rows have no time column: the rows' rate given, in mHz; 0 otherwise
	OffsetNS    int64 // the clock offset added to the stream's times
	// OriginNS is the time, on the log's own clock (in ns), of the recording's first frame:
	// a row's time on the recording's clock is its time − OriginNS + OffsetNS.
	OriginNS int64
}

// stream parameter names of a file of several streams: written besides the kind's own
// parameters, taken off before those are parsed.
const (
	paramStreamName   = "stream.name"
	paramStreamTime   = "stream.time.column"
	paramStreamUnit   = "stream.time.unit_ns"
	paramStreamRate   = "stream.time.rate_mhz"
	paramStreamOffset = "stream.time.offset_ns"
	paramStreamOrigin = "stream.time.origin_ns"
	paramStreamCross  = "stream.cross"
	paramStreamGyro   = "stream.gyro"
	paramStreamParts  = "stream.parts"
	paramStreamReset  = "stream.reset"
	paramStreamHint   = "stream.hint"
)

// StreamMeta is what the header of a file of several streams says about one stream besides
// its kind's parameters.
type StreamMeta struct {
	Name string
	Time StreamTime
	// Cross: the stream (a sensor log) takes the global motion of the file's first video
	// stream as a cross-modal input (sensor_cross.go).
	Cross bool
	// Gate, with Cross: each block is coded with the input or without it, whichever is
	// shorter, and says which (stream.cross 2, multi_gate.go).
	Gate bool
	// Gyro, for a video stream, is the stream (a sensor log coded in parts) whose rows
	// predict its motion (multi_gyro.go), or -1.
	Gyro int
	// Hint, for a video stream, is the stream (a sensor log coded in parts) whose rows gave
	// the hints written in the video stream (stream.hint: the video does not take the log as
	// input), or -1.
	Hint int
	// Parts: the stream (a sensor log) is coded in parts before the frames (multi_parts.go).
	Parts bool
	// LongParts: its parts may reach up to 4095 frame intervals ahead, not 63 (stream.parts 2).
	LongParts bool
	// Reset: the log's models start afresh at its chunks marked as segment starts, one per
	// segment of the video it restarts at (stream.reset 1, docs/FORMAT.md 13.4).
	Reset bool
}

// withStreamMeta adds m's parameters to a kind's parameter list.
func withStreamMeta(params []byte, m StreamMeta) ([]byte, error) {
	l, err := UnmarshalParamList(params)
	if err != nil {
		return nil, err
	}
	l.SetString(paramStreamName, m.Name)
	l.SetInt(paramStreamTime, int64(m.Time.Column))
	if m.Time.UnitNS != 0 {
		l.SetInt(paramStreamUnit, m.Time.UnitNS)
	}
	if m.Time.RateMilliHz != 0 {
		l.SetInt(paramStreamRate, m.Time.RateMilliHz)
	}
	if m.Time.OffsetNS != 0 {
		l.SetInt(paramStreamOffset, m.Time.OffsetNS)
	}
	if m.Time.OriginNS != 0 {
		l.SetInt(paramStreamOrigin, m.Time.OriginNS)
	}
	if m.Cross {
		v := int64(1)
		if m.Gate {
			v = 2
		}
		l.SetInt(paramStreamCross, v)
	}
	if m.Gyro >= 0 {
		l.SetInt(paramStreamGyro, int64(m.Gyro))
	}
	if m.Hint >= 0 {
		l.SetInt(paramStreamHint, int64(m.Hint))
	}
	if m.Parts {
		v := int64(1)
		if m.LongParts {
			v = 2
		}
		l.SetInt(paramStreamParts, v)
	}
	if m.Reset {
		l.SetInt(paramStreamReset, 1)
	}
	return l.Marshal(), nil
}

// splitStreamMeta takes the stream.* parameters off a stream's parameter list: it returns the
// kind's own list and the metadata (zero for a file of one stream, which has none).
func splitStreamMeta(params []byte) ([]byte, StreamMeta, bool, error) {
	l, err := UnmarshalParamList(params)
	if err != nil {
		return nil, StreamMeta{}, false, err
	}
	m := StreamMeta{Time: StreamTime{Column: -1}, Gyro: -1, Hint: -1}
	found := false
	for k := range l.strs {
		if strings.HasPrefix(k, "stream.") {
			found = true
		}
	}
	for k := range l.ints {
		if strings.HasPrefix(k, "stream.") {
			found = true
		}
	}
	if !found {
		return params, m, false, nil
	}
	g := newParamGetter(l)
	m.Name = g.str(paramStreamName)
	m.Time.Column = int(g.optInt(paramStreamTime, -1, 1<<20, -1))
	m.Time.UnitNS = g.optInt(paramStreamUnit, 0, 1<<62, 0)
	m.Time.RateMilliHz = g.optInt(paramStreamRate, 0, 1<<62, 0)
	m.Time.OffsetNS = g.optInt(paramStreamOffset, -1<<62, 1<<62, 0)
	m.Time.OriginNS = g.optInt(paramStreamOrigin, -1<<62, 1<<62, 0)
	cross := g.optInt(paramStreamCross, 0, 2, 0)
	m.Cross, m.Gate = cross >= 1, cross == 2
	m.Gyro = int(g.optInt(paramStreamGyro, 0, 254, -1))
	m.Hint = int(g.optInt(paramStreamHint, 0, 254, -1))
	parts := g.optInt(paramStreamParts, 0, 2, 0)
	m.Parts, m.LongParts = parts >= 1, parts == 2
	m.Reset = g.optInt(paramStreamReset, 0, 1, 0) == 1
	for _, k := range []string{paramStreamName, paramStreamTime, paramStreamUnit, paramStreamRate, paramStreamOffset, paramStreamOrigin, paramStreamCross, paramStreamGyro, paramStreamParts, paramStreamReset, paramStreamHint} {
		delete(l.ints, k)
		delete(l.strs, k)
	}
	for k := range l.strs {
		if strings.HasPrefix(k, "stream.") {
			return nil, m, true, fmt.Errorf("unknown parameter %q", k)
		}
	}
	for k := range l.ints {
		if strings.HasPrefix(k, "stream.") {
			return nil, m, true, fmt.Errorf("unknown parameter %q", k)
		}
	}
	if m.Name == "" {
		return nil, m, true, errors.New("a stream of a file of several streams has no name")
	}
	return l.Marshal(), m, true, nil
}

// MultiEncoder writes a .vlm holding several streams: typically one video and the sensor logs
// recorded with it. Give it each stream's frames (WriteFrame) and log bytes (WriteLog, then
// EndBlock to code the rows given so far as a block) in time order: the chunks appear in the
// file in the order they are coded. Each stream is coded as it would be alone, keeps its own
// SHA-256 in the trailer, and decodes on its own (MultiDecoder.Select).
type MultiEncoder struct {
	cw     *containerWriter
	specs  []StreamSpec
	video  []*VideoEncoder  // by stream; nil for a sensor stream
	sensor []*SensorEncoder // by stream; nil for a video stream
	closed bool
	err    error
	extra  []indexExtra
	skip   []int            // bytes of each log still to skip (its header row)
	spans  []StreamExtra    // time spans set for the trailer
	vid    int              // the first video stream, or -1
	shadow []*SensorEncoder // by stream: the log coded without its cross-modal input
	cross  [][2]uint64      // by stream: cost with and without the input, once closed
	meter  motionMeter      // the video's global motion, for the cross-modal inputs
	gyro   int              // the sensor stream whose rows predict the video's motion, or -1
	head   []int            // each log's header row length (CodeLog counts from the log's start)
	resets []bool           // by stream: the log restarts at the video's segment starts (stream.reset)
	gates  []bool           // by stream: the log's blocks are gated (stream.cross 2, multi_gate.go)
	// inVideo: the gyroscope's hints are written in the video stream (stream.hint)
	inVideo bool
}

// indexExtra is an index extension record the multi-stream writer adds (multi_info.go).
type indexExtra struct {
	tag  uint64
	body []byte
}

// NewMultiEncoder writes the header of a .vlm holding the streams of specs (1 to 255 of them)
// to w. It takes WithThreads, WithFileID and WithInterrupt (which stops the coding of its
// logs inside a block, as a SensorEncoder's, and of its video inside a frame, as a
// VideoEncoder's).
func NewMultiEncoder(w io.Writer, specs []StreamSpec, opts ...Option) (*MultiEncoder, error) {
	o, err := buildOptions(forSensorEncoder|forVideoEncoder, opts)
	if err != nil {
		return nil, err
	}
	if len(specs) == 0 || len(specs) > 255 {
		return nil, fmt.Errorf("codec: %d streams (1 to 255)", len(specs))
	}
	e := &MultiEncoder{specs: specs, video: make([]*VideoEncoder, len(specs)), sensor: make([]*SensorEncoder, len(specs)), skip: make([]int, len(specs)), spans: make([]StreamExtra, len(specs)), shadow: make([]*SensorEncoder, len(specs)), cross: make([][2]uint64, len(specs))}
	e.gyro, e.head, e.resets, e.gates = -1, make([]int, len(specs)), make([]bool, len(specs)), make([]bool, len(specs))
	intr := newInterrupter(o.interrupt) // one for every log (and its shadow): it fires for all
	hasVideo := false
	for i, s := range specs {
		hasVideo = hasVideo || s.Video != nil
		if s.Gyro && s.Video == nil && s.Cross && e.gyro < 0 {
			e.gyro = i
		}
	}
	if !hasVideo {
		e.gyro = -1
	}
	if e.gyro >= 0 && specs[e.gyro].HintInVideo {
		if !specs[e.gyro].LongParts {
			return nil, fmt.Errorf("codec: stream %s: HintInVideo is for a log in long parts (LongParts)", specs[e.gyro].Name)
		}
		e.inVideo = true
	}
	names := map[string]bool{}
	var headers []StreamHeader
	var views []*containerWriter
	for i, s := range specs {
		if s.Name == "" || names[s.Name] {
			return nil, fmt.Errorf("codec: stream %d: name %q is empty or not unique", i, s.Name)
		}
		names[s.Name] = true
		view := &containerWriter{stream: i}
		views = append(views, view)
		var params []byte
		var kind StreamKind
		if s.Video != nil {
			p := *s.Video
			p.fillDefaults()
			p.normalize()
			// No B frames in a recording: its chunks are interleaved in time with the
			// logs', whose cross stages follow the frames in order (FORMAT.md §13).
			p.Model.BFrames, p.Model.BFrameBackward, p.Model.BFrameModes = false, 0, false
			if err := p.Validate(); err != nil {
				return nil, fmt.Errorf("codec: stream %s: %w", s.Name, err)
			}
			e.video[i] = &VideoEncoder{videoCoder: newVideoCoder(&p, o), cw: view}
			params, kind = p.marshal(), KindVideo
		} else {
			if len(s.Head) < sensorDetectBytes && !s.HeadIsAll {
				return nil, fmt.Errorf("codec: stream %s: the head of a log must be %d bytes, or the whole log", s.Name, sensorDetectBytes)
			}
			se := &SensorEncoder{threads: o.threads, coder: newSensorCoder(), hash: sha256.New(), cw: view, model: sensorModelRecording, intr: intr}
			se.pending = append(make([]byte, 0, 1<<16), s.Head...)
			if err := se.start(s.HeadIsAll); err != nil {
				return nil, err
			}
			// The head served to detect; the log is written again from its first byte
			// (WriteLog), of which the header row start took off is skipped but hashed.
			se.pending = se.pending[:0]
			se.hash.Write(se.params.Header)
			se.raw = uint64(len(se.params.Header))
			e.skip[i] = len(se.params.Header)
			e.head[i] = len(se.params.Header)
			se.parts.on = i == e.gyro
			e.sensor[i] = se
			params, kind = se.params.marshal(), KindSensor
		}
		if s.Restart && (s.Video != nil || !s.Cross || s.Time.Column < 0 || i == e.gyro && s.HintInVideo) {
			return nil, fmt.Errorf("codec: stream %s: Restart is for a log with a cross-modal input and a time column", s.Name)
		}
		meta := StreamMeta{Name: s.Name, Time: s.Time, Cross: s.Cross && s.Video == nil, Gate: s.Cross && s.Video == nil && i != e.gyro && !s.NoGate && hasVideo, Gyro: -1, Hint: -1, Parts: i == e.gyro, LongParts: i == e.gyro && s.LongParts, Reset: s.Restart && hasVideo}
		if s.Video != nil && !hasFirstVideo(specs, i) {
			if e.inVideo {
				meta.Hint = e.gyro
			} else {
				meta.Gyro = e.gyro
			}
		}
		e.resets[i] = meta.Reset
		e.gates[i] = meta.Gate
		params, err := withStreamMeta(params, meta)
		if err != nil {
			return nil, err
		}
		headers = append(headers, StreamHeader{Kind: kind, Params: params})
	}
	cw, err := newContainerWriter(w, o.fileID, headers)
	if err != nil {
		return nil, err
	}
	e.cw = cw
	for _, v := range views {
		v.parent = cw
	}
	e.vid = -1
	for i := range specs {
		if e.video[i] != nil {
			e.vid = i
			break
		}
	}
	if e.inVideo {
		e.video[e.vid].videoCoder.hintsInStream()
	}
	for i, sp := range specs {
		se := e.sensor[i]
		if se == nil || !sp.Cross {
			continue
		}
		if e.vid < 0 {
			return nil, fmt.Errorf("codec: stream %s: a cross-modal input needs a video stream in the file", sp.Name)
		}
		se.coder.cross = newSensorCross(e.video[e.vid].params, sp.Time)
		if i == e.gyro {
			// its rows come before their frames: no motion input (no gain to measure), but
			// they predict the video's motion
			se.coder.cross.ahead = true
			se.coder.cross.gyro = newGyroPredictor(sp.LongParts)
			continue
		}
		if e.gates[i] {
			// the log coded alone beside it, block by block: it measures the gain too
			se.gate = newLogGate(se.coder)
			continue
		}
		// The same log coded without the video's input, to measure the gain: the same model
		// and blocks, written nowhere.
		sh := &SensorEncoder{threads: o.threads, coder: newSensorCoder(), hash: sha256.New(), cw: &containerWriter{w: io.Discard, index: make([]StreamIndex, 1), bytes: make([]uint64, 1)}, model: sensorModelRecording, intr: intr}
		sh.pending = append(make([]byte, 0, 1<<16), sp.Head...)
		if err := sh.start(sp.HeadIsAll); err != nil {
			return nil, err
		}
		sh.pending = sh.pending[:0]
		e.shadow[i] = sh
	}
	return e, nil
}

// Streams returns the number of streams.
func (e *MultiEncoder) Streams() int { return len(e.specs) }

// WriteFrame codes the next frame of video stream s.
func (e *MultiEncoder) WriteFrame(s int, f *vision.Frame) error {
	if e.err != nil {
		return e.err
	}
	if s < 0 || s >= len(e.specs) || e.video[s] == nil {
		return fmt.Errorf("codec: stream %d is not a video stream", s)
	}
	c := e.video[s].videoCoder
	var g *gyroPredictor
	if s == e.vid && e.gyro >= 0 {
		g = e.sensor[e.gyro].coder.cross.gyro
		if e.resets[e.gyro] && c.segmentStarts() {
			g.resetLearning()
		}
		c.setHint(g.hint(c))
	}
	if e.err = e.video[s].WriteFrame(f); e.err != nil || s != e.vid {
		return e.err
	}
	shareFrameMotion(&e.meter, c, f, g, e.sensor)
	return nil
}

// WriteLog takes the next bytes of sensor stream s's log, from its first byte (Head
// included). They are coded by EndBlock (or once more than a block's worth, 1 MiB, has
// arrived).
func (e *MultiEncoder) WriteLog(s int, p []byte) error {
	if e.err != nil {
		return e.err
	}
	if s < 0 || s >= len(e.specs) || e.sensor[s] == nil {
		return fmt.Errorf("codec: stream %d is not a sensor stream", s)
	}
	if k := min(e.skip[s], len(p)); k > 0 {
		// the header row, which the stream's header holds
		e.skip[s] -= k
		p = p[k:]
	}
	if sh := e.shadow[s]; sh != nil {
		if _, e.err = sh.Write(p); e.err != nil {
			return e.err
		}
	}
	_, e.err = e.sensor[s].Write(p)
	return e.err
}

// EndBlock codes every complete row of sensor stream s's log given so far as a block (more
// than one if there is more than a block's worth): its chunk follows the chunks written so
// far. A row whose end has not arrived yet waits for the next block.
func (e *MultiEncoder) EndBlock(s int) error {
	if e.err != nil {
		return e.err
	}
	if s < 0 || s >= len(e.specs) || e.sensor[s] == nil {
		return fmt.Errorf("codec: stream %d is not a sensor stream", s)
	}
	if e.sensor[s].parts.on {
		return fmt.Errorf("codec: stream %d is coded in parts: give its rows with CodeLog", s)
	}
	if sh := e.shadow[s]; sh != nil {
		if err := endBlock(sh); err != nil {
			e.err = err
			return err
		}
	}
	e.err = endBlock(e.sensor[s])
	return e.err
}

// CodeLog codes, as a part, the complete rows of sensor stream s (a Gyro stream) given so
// far that end within the log's first upTo bytes (header row included): the rows up to the
// next frame's time, before that frame. Give the log ahead of the frames (WriteLog) up to a
// block's worth (1 MiB, or about a minute) beyond: a group of parts takes its side
// information from the rows given when it starts.
func (e *MultiEncoder) CodeLog(s int, upTo int64) error {
	if e.err != nil {
		return e.err
	}
	if s < 0 || s >= len(e.specs) || e.sensor[s] == nil || !e.sensor[s].parts.on {
		return fmt.Errorf("codec: stream %d is not a sensor stream coded in parts", s)
	}
	upTo -= int64(e.head[s])
	if sh := e.shadow[s]; sh != nil {
		if e.err = sh.codeLogUpTo(upTo, false); e.err != nil {
			return e.err
		}
	}
	e.err = e.sensor[s].codeLogUpTo(upTo, false)
	return e.err
}

// RestartLog starts sensor stream s's models afresh (a stream with StreamSpec.Restart): its
// sensor model and cross-modal stage, and for the gyroscope's log the rows integrated for the
// video (the video's own use of them restarts at its segment starts). Call it at the start of
// the video's segment seg (seg > 0, increasing), after coding (EndBlock, CodeLog) every row
// of the log whose time is before frame seg·N−1 (N frames a segment) and before giving any
// row at or after it: the rows of the segment's frame intervals, which alone then depend on
// the segment's frames (or, for the gyroscope, are alone used for them). Its next chunk is
// marked as a segment start (FlagSegmentStart, segment seg): a decoder that lost the log's or
// the video's data in an earlier segment takes up the log again there (docs/FORMAT.md 13.4).
func (e *MultiEncoder) RestartLog(s, seg int) error {
	if e.err != nil {
		return e.err
	}
	if s < 0 || s >= len(e.specs) || e.sensor[s] == nil || !e.resets[s] {
		return fmt.Errorf("codec: stream %d is not a log that restarts at the video's segments", s)
	}
	if sh := e.shadow[s]; sh != nil {
		if e.err = sh.restart(seg); e.err != nil {
			return e.err
		}
	}
	e.err = e.sensor[s].restart(seg)
	if g := e.sensor[s].gate; g != nil {
		g.restart()
	}
	return e.err
}

// endBlock codes the complete rows se holds as blocks.
func endBlock(se *SensorEncoder) error {
	var err error
	for len(se.pending) > 0 && err == nil {
		n := len(se.pending)
		err = se.codeBlock(false)
		if len(se.pending) == n {
			break // only an incomplete row is left
		}
	}
	return err
}

// Video returns the encoder of video stream s (for its statistics), or nil.
func (e *MultiEncoder) Video(s int) *VideoEncoder { return e.video[s] }

// Sensor returns the encoder of sensor stream s (for its statistics), or nil.
func (e *MultiEncoder) Sensor(s int) *SensorEncoder { return e.sensor[s] }

// Close codes what is left of every log, writes each sensor stream's summary and the trailer.
// It does not close the underlying writer.
func (e *MultiEncoder) Close() error {
	if e.closed {
		return e.err
	}
	e.closed = true
	if e.err != nil {
		return e.err
	}
	for s := range e.specs {
		if se := e.sensor[s]; se != nil && se.parts.on {
			if e.err = se.codeLogUpTo(0, true); e.err != nil {
				return e.err
			}
			if sh := e.shadow[s]; sh != nil {
				if e.err = sh.codeLogUpTo(0, true); e.err != nil {
					return e.err
				}
			}
		}
	}
	for s := range e.specs {
		if e.video[s] != nil {
			e.err = e.video[s].Close()
			if s == e.vid && e.gyro >= 0 {
				with, without := e.video[s].hintCosts()
				e.cross[s] = [2]uint64{with, without}
				e.SetCrossCosts(s, with, without)
			}
		} else {
			e.err = e.sensor[s].Close()
		}
		if e.err != nil {
			return e.err
		}
		if sh := e.shadow[s]; sh != nil {
			if e.err = sh.Close(); e.err != nil {
				return e.err
			}
			with, without := summaryCost(&e.sensor[s].summary), summaryCost(&sh.summary)
			e.cross[s] = [2]uint64{with, without}
			e.SetCrossCosts(s, with, without)
		}
		if se := e.sensor[s]; se != nil && se.gate != nil {
			with, without := summaryCost(&se.summary), summaryCost(&se.gate.without)
			e.cross[s] = [2]uint64{with, without}
			e.SetCrossCosts(s, with, without)
		}
	}
	raw := make([]StreamIndex, len(e.cw.index))
	copy(raw, e.cw.index)
	e.cw.extra = append(e.spanRecords(), e.extra...)
	e.err = e.cw.close(raw)
	return e.err
}

// appendExtension appends one index extension record (docs/FORMAT.md §8.1).
func appendExtension(b []byte, tag uint64, body []byte) []byte {
	b = binary.AppendUvarint(b, tag)
	b = binary.AppendUvarint(b, uint64(len(body)))
	return append(b, body...)
}

// summaryCost is a sensor stream's whole surprise, 1/CostUnit bit.
func summaryCost(s *SensorSummary) uint64 {
	c := s.Structure
	for i := range s.Columns {
		c += s.Columns[i].Total()
	}
	return c
}

// CrossCosts returns, after Close, sensor stream s's surprise (1/CostUnit bit) as coded with
// the video's global motion as input and as the same model codes it without (zero input);
// ok is false for a stream without the input.
func (e *MultiEncoder) CrossCosts(s int) (with, without uint64, ok bool) {
	c := e.cross[s]
	return c[0], c[1], (e.shadow[s] != nil || e.gates[s] || s == e.vid && e.gyro >= 0) && e.closed
}

// HintBits returns, after Close, the surprise (1/CostUnit bit) of the gyroscope's hints
// written in the video stream (StreamSpec.HintInVideo; part of CrossCosts' with), and
// whether the video has them.
func (e *MultiEncoder) HintBits() (uint64, bool) {
	if !e.inVideo || !e.closed {
		return 0, false
	}
	return e.video[e.vid].hintBits(), true
}

// hasFirstVideo reports whether a video stream comes before stream i in specs (only the first
// video stream takes the gyroscope's input).
func hasFirstVideo(specs []StreamSpec, i int) bool {
	for _, s := range specs[:i] {
		if s.Video != nil {
			return true
		}
	}
	return false
}
