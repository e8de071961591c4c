package codec

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// FrameStats is the model's surprise on one frame.
type FrameStats struct {
	Frame int
	Bytes int // size of the frame's chunk payload
	// CoderBytes is the part of Bytes the arithmetic coder wrote (the tiles' substreams): the
	// payload without the frame's own header (parameters and tile sizes).
	CoderBytes int
	PlaneCost  []uint64 // surprise per plane, in 1/CostUnit bit (zero from a Decoder made WithoutCosts)
	// MotionCost is the surprise spent on the motion field, in 1/CostUnit bit; with
	// PlaneCost it makes up everything the coder coded in the frame.
	MotionCost uint64
	// PixelCost holds, with WithPixelCosts, the surprise of every sample of each plane (row
	// major, the plane's own geometry) in 1/CostUnit bit; it is reused by the next frame.
	PixelCost [][]uint32
}

// videoCoder is what the encoder and decoder of a video stream share: the plane states and
// the tiles, and the per-frame bookkeeping.
type videoCoder struct {
	params  *VideoParams
	opts    options
	states  []*predict.PlaneState
	tiles   []*tileCoder
	frame   int // frames coded so far
	segment int
	stats   FrameStats
	// coded, when not nil, holds the frame's colour transform, the planes the tiles code
	// (the decoder only tests it: its tiles undo the transform row by row)
	coded  *vision.Frame
	hash   hash.Hash
	raw    uint64
	rawBuf []byte
	// rawBufs are the decoder's two alternating buffers of a frame's raw content (rawFrame)
	rawBufs [2][]byte
	rawSlot int
	// tileCost is each tile coder's accumulated cost at the end of the last frame: the
	// difference to the next frame's is everything that tile coded in that frame.
	tileCost []uint64
	totals   SurpriseTotals // of all frames so far
	// tileTime is how long each tile took in the last frame: runTiles starts the slowest
	// first, so that the threads finish a frame together (the order never changes the bytes)
	tileTime []time.Duration
	// stream is the stream's index in the file (0 but in a file of several streams)
	stream int
	// global is the camera motion given for the next frame (SetGlobalMotion), or nil;
	// globalAuto estimates one per tile from the tile's last motion field when none is given.
	global     *predict.GlobalMotion
	globalAuto bool
	// bNow: the frame being coded is a B frame (model.bframes); noHash: encodeFrame leaves
	// the hashing to its caller (B frames are hashed in display order)
	bNow, noHash bool
	// hashLater: a decoder hashes each frame later (hashRawLater): hashPending is the raw
	// content of the last frame decoded, not yet in the hash (nil: none), which the next
	// frame's runTiles hashes as its after task, in the time a thread would wait for the
	// frame's last tile
	hashLater   bool
	hashPending []byte
	// statsA: the statistics of the anchor coded with the last B frame; held: the decoded
	// anchor, returned after the B frame
	statsA FrameStats
	held   *vision.Frame
	// the encoder's B-frame decision (pairPays)
	probe predict.BPairProbe
	// intr is the interruption check (WithInterrupt; nil: none) the tiles call inside a frame
	intr *interrupter
	// pipe, when not nil, is a decoder's frames in flight (video_pipe.go)
	pipe *pipeline
}

func newVideoCoder(p *VideoParams, o options) *videoCoder {
	c := &videoCoder{params: p, opts: o, hash: sha256.New(), intr: newInterrupter(o.interrupt)}
	prefix := p.RawPrefix()
	c.hash.Write(prefix)
	c.raw = uint64(len(prefix))
	return c
}

// allocate builds the plane states and tiles. It waits for the first frame, so that a header
// (a few bytes that may claim a huge frame) never makes vidlm allocate for frames it does not
// get.
func (c *videoCoder) allocate() {
	p, o := c.params, c.opts
	c.states = newPlaneStates(p.Layout)
	if p.Model.KeepsSecondReference() {
		for _, s := range c.states {
			s.KeepSecondReference()
			if p.Model.KeepsThirdReference() {
				s.KeepThirdReference()
			}
		}
	}
	// The tiles' models (a few MB of tables, first touched here) are built on up to
	// opts.threads goroutines, as the tiles are coded.
	edges := tileBands(p.Layout.Height, p.Tiles)
	c.tiles = make([]*tileCoder, len(edges)-1)
	c.eachTile(func(i int) { c.tiles[i] = newTileCoder(&p.Model, p.Layout, c.states, edges[i], edges[i+1]) })
	for _, t := range c.tiles {
		t.intr = c.intr
		t.bc.noCost = o.noCosts && !o.pixelCosts
		t.bc.kinds = o.decisionCosts
	}
	c.stats.PlaneCost = make([]uint64, len(c.states))
	c.tileCost = make([]uint64, len(c.tiles))
	c.totals.Cost = make([]uint64, len(c.states)+1)
	if p.Model.Colour == predict.ColourYCoCgR {
		n := p.Layout.Width * p.Layout.Height
		c.coded = &vision.Frame{Layout: p.Layout, Planes: [][]uint16{make([]uint16, n), make([]uint16, n), make([]uint16, n)}}
	}
	if o.pixelCosts {
		for _, s := range c.states {
			c.stats.PixelCost = append(c.stats.PixelCost, make([]uint32, s.W*s.H))
		}
		for _, t := range c.tiles {
			t.PixelCost = c.stats.PixelCost
		}
	}
}

// eachTile calls fn for every tile index on up to opts.threads goroutines (tile i on
// goroutine i mod threads) and waits for them: work that touches only its own tile.
func (c *videoCoder) eachTile(fn func(i int)) { c.spread(len(c.tiles), fn) }

// spread runs fn(0) .. fn(n-1) on up to opts.threads goroutines, worker w taking w, w+workers,
// ..., and returns when all have run.
func (c *videoCoder) spread(n int, fn func(i int)) {
	workers := min(c.opts.threads, n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// startFrame resets the models at a segment boundary and reports whether it was one.
func (c *videoCoder) startFrame() bool {
	if c.states == nil {
		c.allocate()
	}
	n := c.params.SegmentFrames
	if c.frame == 0 || n > 0 && c.frame%n == 0 {
		if c.frame > 0 {
			c.segment++
		}
		for _, s := range c.states {
			s.Reset()
		}
		// (a tile's models just built or reset are not built again: tileCoder.fresh)
		c.eachTile(func(i int) { c.tiles[i].reset() })
		return true
	}
	c.mergeTiles()
	return false
}

// mergeTiles merges, with model.tile_merge, the counters of each plane's models of the
// tiles (predict.MergeModels): every tile has coded the frame before, none this one yet, so
// every tile codes this frame from what all of them learned. The planes merge on up to
// opts.threads goroutines (each plane's merge touches only its own models: the bytes are
// the same with any number of threads).
func (c *videoCoder) mergeTiles() {
	if !c.params.Model.TileMerge || len(c.tiles) < 2 {
		return
	}
	c.spread(len(c.tiles[0].models), func(k int) {
		ms := make([]*predict.PlaneModel, len(c.tiles))
		for i, t := range c.tiles {
			ms[i] = t.models[k]
		}
		predict.MergeModels(ms)
	})
}

// setInterrupt gives the coder (and its tiles) the interruption check x (nil: none).
func (c *videoCoder) setInterrupt(x *interrupter) {
	c.intr = x
	for _, t := range c.tiles {
		t.intr = x
	}
}

// seekSegment places a coder that does not hash (hash nil) at the start of segment k, so that
// the next frame it codes is that segment's first, with every model afresh.
func (c *videoCoder) seekSegment(k int) {
	c.frame = k * c.params.SegmentFrames
	c.segment = max(k-1, 0) // startFrame counts the segment on its first frame
}

// runTiles calls fn for every tile on up to opts.threads goroutines and returns the first
// error by tile order. Tiles are handed out longest first, by their time in the last frame
// (the longest-processing-time rule): a frame ends when its last tile does, and a long tile
// started last would leave the other threads idle. after, when not nil, is one more task,
// handed out after the last tile: the thread that runs out of tiles first runs it while the
// others finish theirs (the encoder's hash: it fills the time a thread would wait at the
// frame's end instead of taking a thread from the tiles at its start). With one thread it
// runs beside the tiles on a goroutine of its own.
func (c *videoCoder) runTiles(fn func(i int, t *tileCoder) error, after func()) error {
	errs := make([]error, len(c.tiles))
	workers := min(c.opts.threads, len(c.tiles))
	if workers <= 1 {
		// one thread: after runs beside the tiles, on another CPU where there is one
		done := make(chan struct{})
		if after != nil {
			go func() {
				after()
				close(done)
			}()
		} else {
			close(done)
		}
		var err error
		for i, t := range c.tiles {
			if err = fn(i, t); err != nil {
				break
			}
		}
		<-done
		return err
	}
	if len(c.tileTime) != len(c.tiles) {
		c.tileTime = make([]time.Duration, len(c.tiles))
	}
	order := make([]int, len(c.tiles), len(c.tiles)+1)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(c.tileTime[b], c.tileTime[a]) })
	if after != nil {
		order = append(order, -1)
	}
	var wg sync.WaitGroup
	next := make(chan int, len(order))
	for _, i := range order {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if i < 0 {
					after()
					continue
				}
				start := time.Now()
				errs[i] = fn(i, c.tiles[i])
				c.tileTime[i] = time.Since(start)
			}
		}()
	}
	wg.Wait()
	// The first failing tile's error: the same one as in order, and one line, where
	// several damaged tiles would otherwise give one line each.
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// hashFrame adds the frame's raw content to the stream's SHA-256 and size.
func (c *videoCoder) hashFrame(f *vision.Frame) {
	c.hashWait()
	c.rawBuf = c.params.AppendRawContent(c.rawBuf[:0], f)
	c.hash.Write(c.rawBuf)
	c.raw += uint64(len(c.rawBuf))
}

// hashFrameLater is hashFrame with the SHA-256 left for later (hashRawLater): the frame's raw
// content is copied first, so the caller may change f. hashWait completes it; every reader of
// the hash must call hashWait first. The decoder's tiles write the copy band by band instead
// (rawFrame, putRaw, hashRawLater).
func (c *videoCoder) hashFrameLater(f *vision.Frame) {
	raw, off := c.rawFrame(f)
	if c.params.rawInterleaved() {
		vision.PutInterleavedRows(raw[off:], f, 0, f.Height)
	} else {
		for k, p := range f.Layout.Planes() {
			f.PutRawRows(raw[off:], k, 0, p.Height)
		}
	}
	c.hashRawLater(raw)
}

// rawFrame returns a buffer for frame f's raw content (AppendRawContent's bytes) with the
// part before the samples written (a y4m's FRAME line), and where the samples start: the
// caller writes them (the decoder's tiles, each its band: putRaw) and gives the buffer to
// hashRawLater. Two buffers alternate (hashRawLater switches), so that the hash of the frame
// before may still be reading the other one; a frame that fails before hashRawLater leaves
// its buffer to the next.
func (c *videoCoder) rawFrame(f *vision.Frame) ([]byte, int) {
	b := c.params.appendRawPrefix(c.rawBufs[c.rawSlot][:0], f)
	n := len(b)
	b = slices.Grow(b, f.FrameBytes())[:n+f.FrameBytes()]
	c.rawBufs[c.rawSlot] = b
	return b, n
}

// hashRawLater adds raw, a frame's raw content from rawFrame, to the stream's size and leaves
// its SHA-256 for later (hashPending), once the one before is in the hash: the decoder's next
// frame hashes it as runTiles' after task (takeHashPending), by the thread that runs out of
// tiles first, where a goroutine of its own took a share of both threads from the tiles and
// the threads then waited at the frame's end for its last tile; hashWait hashes it at once.
func (c *videoCoder) hashRawLater(raw []byte) {
	c.hashWait()
	c.rawSlot ^= 1
	c.raw += uint64(len(raw))
	c.hashPending = raw
}

// takeHashPending returns a task that hashes the pending frame (hashRawLater), or nil when
// none is pending: the caller must run it before the hash is read or another frame is left
// pending (runTiles does, as its after task).
func (c *videoCoder) takeHashPending() func() {
	raw := c.hashPending
	if raw == nil {
		return nil
	}
	c.hashPending = nil
	return func() { c.hash.Write(raw) }
}

// hashWait completes the hash: every frame given to hashRawLater is in it afterwards.
func (c *videoCoder) hashWait() {
	if raw := c.hashPending; raw != nil {
		c.hashPending = nil
		c.hash.Write(raw)
	}
}

// endFrame gathers the frame's statistics and advances the planes (the caller hashes the
// frame: hashFrame). bytes is the size of the frame's chunk payload, coded the part of it the
// tiles' coders wrote.
func (c *videoCoder) endFrame(bytes, coded int) {
	c.frameStats(c.frame, bytes, coded, func(i int) (uint64, []uint64) { return c.tiles[i].bc.Cost, c.tiles[i].PlaneCost })
	c.advanceStates()
	c.frame++
}

// frameStats gathers frame's statistics into c.stats and c.totals; cost(i) returns tile i's
// running cost and its cost per plane at the end of the frame.
func (c *videoCoder) frameStats(frame, bytes, coded int, cost func(i int) (uint64, []uint64)) {
	clear(c.stats.PlaneCost)
	var all, planes uint64
	for i := range c.tiles {
		total, planeCost := cost(i)
		for p, v := range planeCost {
			c.stats.PlaneCost[p] += v
			planes += v
		}
		// The coder's running total covers every decision of the frame, so what the planes
		// do not account for is the motion field.
		all += total - c.tileCost[i]
		c.tileCost[i] = total
	}
	c.stats.MotionCost = all - planes
	c.stats.Frame, c.stats.Bytes, c.stats.CoderBytes = frame, bytes, coded
	for p, v := range c.stats.PlaneCost {
		c.totals.Cost[p] += v
	}
	c.totals.Cost[len(c.stats.PlaneCost)] += c.stats.MotionCost
	c.totals.PayloadBytes += uint64(bytes)
	c.totals.CoderBytes += uint64(coded)
}

// VideoEncoder compresses a video stream into a .vlm.
type VideoEncoder struct {
	*videoCoder
	cw      *containerWriter
	payload []byte
	closed  bool
	// with B frames: the frame held back until the next one (hasPending), the B frame's
	// payload, the anchor's statistics
	pending    *vision.Frame
	hasPending bool
	payloadB   []byte
	// the statistics and frames the last WriteFrame or Close wrote (Written)
	written  []*FrameStats
	writtenF []*vision.Frame
	lastRaw  *vision.Frame // with B frames: the last frame coded (the one before a held frame)
	// failed is the interruption that stopped a frame midway (WithInterrupt): sticky
	failed error
	// probing holds, during the probe of the motion knobs (VideoParams.ProbeFrames), one
	// coder per candidate (the embedded videoCoder is the first's); out and fileID are where
	// and how the header goes once the probe ends (cw is nil until then).
	probing []*probeRun
	out     io.Writer
	fileID  uint64
	// probeF: WithPixelCosts, copies of the frames coded during the probe (for Written)
	probeF []*vision.Frame
}

// NewVideoEncoder writes the header of a .vlm holding one video stream to w. Only p.Layout
// must be set: a zero Source, Tiles or Model takes DefaultVideoParams's (a zero SegmentFrames
// makes the stream one segment).
func NewVideoEncoder(w io.Writer, p VideoParams, opts ...Option) (*VideoEncoder, error) {
	o, err := buildOptions(forVideoEncoder, opts)
	if err != nil {
		return nil, err
	}
	if err := prepareVideoParams(&p); err != nil {
		return nil, err
	}
	if probeApplies(&p) {
		// The header waits for the probe's end (endProbe): it holds the knobs chosen.
		e := &VideoEncoder{probing: newProbeRuns(&p, o), out: w, fileID: o.fileID}
		e.videoCoder = e.probing[0].c
		return e, nil
	}
	cw, err := newVideoContainer(w, &p, o.fileID)
	if err != nil {
		return nil, err
	}
	return &VideoEncoder{videoCoder: newVideoCoder(&p, o), cw: cw}, nil
}

// prepareVideoParams fills in p's zero fields (fillDefaults), normalizes and checks it.
func prepareVideoParams(p *VideoParams) error {
	p.fillDefaults()
	p.normalize()
	if err := p.Validate(); err != nil {
		return fmt.Errorf("codec: %w", err)
	}
	return nil
}

// newVideoContainer fills in p's zero fields (fillDefaults), normalizes and checks it and
// writes the header of a .vlm holding one video stream with it, under file identifier fileID.
func newVideoContainer(w io.Writer, p *VideoParams, fileID uint64) (*containerWriter, error) {
	if err := prepareVideoParams(p); err != nil {
		return nil, err
	}
	return newContainerWriter(w, fileID, []StreamHeader{{Kind: KindVideo, Params: p.marshal()}})
}

// WriteFrame compresses one frame. Its layout must be the stream's.
func (e *VideoEncoder) WriteFrame(f *vision.Frame) error {
	if e.closed {
		return errors.New("codec: write to a closed encoder")
	}
	if e.failed != nil {
		return e.failed
	}
	if err := e.checkFrame(f); err != nil {
		return err
	}
	if e.probing != nil {
		e.written, e.writtenF = e.written[:0], e.writtenF[:0]
		return e.sticky(e.probeFrame(f))
	}
	if e.params.Model.BFrames {
		e.written, e.writtenF = e.written[:0], e.writtenF[:0]
		return e.sticky(e.writeB(f))
	}
	return e.sticky(e.writeOne(f))
}

// sticky keeps an interruption (ErrInterrupted): the frame was left partly coded, so every
// later call returns it.
func (e *VideoEncoder) sticky(err error) error {
	if errors.Is(err, ErrInterrupted) {
		e.failed = err
	}
	return err
}

// writeOne codes f as the next frame and writes its chunk.
func (e *VideoEncoder) writeOne(f *vision.Frame) error {
	b, flags, coderBytes, err := e.encodeFrame(f, e.payload[:0])
	if err != nil {
		return err
	}
	e.payload = b
	if err := e.cw.writeChunk(ChunkFrame, 0, flags, uint32(e.frame), uint32(e.segment), b); err != nil {
		return err
	}
	e.endFrame(len(b), coderBytes)
	e.written = append(e.written[:0], &e.stats)
	e.writtenF = append(e.writtenF[:0], f)
	return nil
}

// SetGlobalMotion gives the camera motion of the next frame written (in quarter samples of
// the first coded plane, from the previous frame; see predict.GlobalMotion), from a
// gyroscope say: the motion search tries its vector at each block as one more candidate.
// It changes which vectors the encoder picks, never the format; nil gives none.
func (e *VideoEncoder) SetGlobalMotion(g *predict.GlobalMotion) { e.global = g }

// EstimateGlobalMotion makes the encoder, for frames without SetGlobalMotion, fit a global
// motion per tile to the tile's last motion field (predict.EstimateGlobalMotion) and try it
// as a candidate.
func (e *VideoEncoder) EstimateGlobalMotion(on bool) { e.globalAuto = on }

// checkFrame refuses a frame the stream cannot hold: another layout, or a sample above the
// stream's depth.
func (c *videoCoder) checkFrame(f *vision.Frame) error {
	planes := c.params.Layout.Planes()
	if f.Layout != c.params.Layout || len(f.Planes) != len(planes) {
		return &FormatError{Frame: c.frame, Reason: fmt.Sprintf("frame is %dx%d %s %d-bit, the stream is %dx%d %s %d-bit",
			f.Width, f.Height, f.Format, f.Depth, c.params.Layout.Width, c.params.Layout.Height, c.params.Layout.Format, c.params.Layout.Depth)}
	}
	for i, s := range planes {
		if len(f.Planes[i]) != s.Width*s.Height {
			return &FormatError{Frame: c.frame, Reason: fmt.Sprintf("plane %d holds %d samples, want %d", i, len(f.Planes[i]), s.Width*s.Height)}
		}
	}
	max := uint16(f.MaxValue())
	for i, p := range f.Planes {
		// max is 2^depth - 1, so the OR of the samples exceeds it exactly when one does: one
		// branch per plane instead of one per sample.
		if orSamples(p) > max {
			v := p[slices.IndexFunc(p, func(v uint16) bool { return v > max })]
			return &FormatError{Frame: c.frame, Reason: fmt.Sprintf("plane %d holds sample %d, above the %d-bit maximum", i, v, f.Depth)}
		}
	}
	if len(f.Params) > 1<<16 {
		return &FormatError{Frame: c.frame, Reason: "frame parameters longer than 64 KiB"}
	}
	return nil
}

// orSamples returns the bitwise OR of p's samples (checkFrame runs between two frames' tiles,
// while the threads wait: one sample at a time it took 0.7 ms of a BGR frame of 768x576): by
// predict.OrSamples, 32 samples a step with AVX2, else four a step.
func orSamples(p []uint16) uint16 { return predict.OrSamples(p) }

// encodeFrame codes frame f (checked by checkFrame) and appends its chunk payload to b. It
// returns the payload, the chunk's flags and how many of its bytes the tiles' coders wrote;
// the caller writes the chunk and calls endFrame. Its only error is ErrInterrupted (the
// interruption check fired inside the frame): the coder is then of no further use.
func (c *videoCoder) encodeFrame(f *vision.Frame, b []byte) ([]byte, byte, int, error) {
	segStart := c.startFrame()
	coded := f
	if c.coded != nil {
		coded = c.coded
	}
	// The raw content is hashed by the thread that runs out of tiles first, while the others
	// finish theirs (runTiles' after; tiles and hash only read the frame).
	var hash func()
	if c.hash != nil && !c.noHash {
		hash = func() { c.hashFrame(f) }
	}
	subs := make([][]byte, len(c.tiles))
	err := c.runTiles(func(i int, t *tileCoder) error {
		if c.coded != nil {
			t.forwardColour(coded, f)
		}
		t.search.Global = c.global
		if c.global == nil && c.globalAuto {
			t.search.Global = t.search.EstimateGlobal()
		}
		var err error
		subs[i], err = t.encode(coded)
		return err
	}, hash)
	c.global = nil
	if err != nil {
		return nil, 0, 0, err
	}
	coderBytes := 0
	b = binary.AppendUvarint(b, uint64(len(f.Params)))
	b = append(b, f.Params...)
	b = binary.AppendUvarint(b, uint64(len(subs)))
	for _, s := range subs {
		b = binary.AppendUvarint(b, uint64(len(s)))
	}
	for _, s := range subs {
		b = append(b, s...)
		coderBytes += len(s)
	}
	var flags byte
	if segStart {
		flags |= FlagSegmentStart
	}
	return b, flags, coderBytes, nil
}

// Written returns the statistics of the frames whose chunks the last WriteFrame (or Close)
// wrote, in display order, and the frames themselves (valid until the next call): with B
// frames (model.bframes) none for a frame held back, a B frame and the anchor after it for
// the next one; otherwise the frame just written, as Stats.
func (e *VideoEncoder) Written() ([]*FrameStats, []*vision.Frame) { return e.written, e.writtenF }

// Stats returns the statistics of the last frame written (with B frames: of the last frame
// coded, see Written).
func (e *VideoEncoder) Stats() *FrameStats { return &e.stats }

// Totals returns the surprise summed over the frames written so far (video: Cost holds
// one entry per plane, in plane order, then the motion field).
func (e *VideoEncoder) Totals() SurpriseTotals { return e.totals.clone() }

// Frames returns the number of frames written.
func (e *VideoEncoder) Frames() int {
	if e.hasPending {
		return e.frame + 1
	}
	return e.frame
}

// Close writes the trailer. It does not close the underlying writer.
func (e *VideoEncoder) Close() error {
	if e.closed {
		return nil
	}
	if e.failed != nil {
		return e.failed
	}
	e.written, e.writtenF = e.written[:0], e.writtenF[:0]
	if e.probing != nil { // fewer frames than the probe's: the choice by those there are
		if err := e.endProbe(); err != nil {
			return err
		}
	}
	if err := e.sticky(e.flushB()); err != nil {
		return err
	}
	e.closed = true
	var sum [32]byte
	copy(sum[:], e.hash.Sum(nil))
	totals := e.totals
	return e.cw.close([]StreamIndex{{RawBytes: e.raw, SHA256: sum, Surprise: &totals}})
}
