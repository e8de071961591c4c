package codec

import (
	"errors"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// The decoder's frames in flight (issue 16). With two or more threads a Decoder decodes a
// frame's tiles while the last tiles of the frame before still run: a tile of frame t+1
// starts once its own band of frame t is done, decodes its motion field and warps (which read
// only its substream and its own coders), works out from them which rows of the reference
// frames it reads (tileReach), and waits there (tileCoder.afterWarp) until no unfinished tile
// of frame t writes a row it reads or reads a row it writes. Every tile then codes exactly
// what it codes in a frame-by-frame decode (the bytes cannot change: only when a tile runs
// does), and the threads no longer wait at each frame's end for its last tile.
//
// What the overlap needs:
//   - each frame its own view of the plane states (pipeFrame.views: PlaneState structs that
//     share the buffers, rotated to the frame's places), given to the tile and its models
//     when the tile starts (tileCoder.setStates); the shared c.states move on (advanceStates)
//     as soon as a frame is begun;
//   - no fifth plane buffer and no third set of side maps: the buffer frame t+1 writes is
//     frame t's oldest reference (and its skip flags and residuals frame t's previous ones),
//     which frame t's tiles still read, but only within their own reach; the wait keeps
//     frame t+1's writes out of the rows frame t's unfinished tiles read, as it keeps its
//     reads out of the rows they write;
//   - the next chunk read and checked before the frame is returned, its errors held back
//     until the frames before it are out (pipeline.heldErr);
//   - each tile's statistics taken at its end (pipeTile.cost), before its next frame;
//   - three buffers of a frame's raw content for the hash (two frames in flight and the
//     frame before, hashed as the oldest frame's after task).
//
// Frames that begin a segment (they reset the models) are decoded alone, as before, and so
// is every frame of a stream whose knobs read rows this reach does not bound (obmc, tmatch,
// the second reference of bipred and warp_subs, B frames) or that merges its tiles' models
// between frames (tile_merge).

// pipeOn switches the decoder's frames in flight on (tests compare with it off).
var pipeOn = true

// pipeTileHook, when not nil, is called as tile i of frame n starts (tests: it delays tiles so
// that the frames overlap more).
var pipeTileHook func(n, i int)

// The states of a frame's tile in the pipeline.
const (
	pipePending = iota // not started
	pipeStarted        // decoding its motion field and warps: its reach unknown
	pipeReach          // its reach known (lo, hi): waiting or decoding its planes
	pipeDone
)

// pipeTile is one tile's part in a frame in flight.
type pipeTile struct {
	state int
	// lo, hi: the frame rows of the reference frames and the side maps the tile reads (with
	// state pipeReach or later)
	lo, hi    int
	wait      time.Duration // how long it waited for the frame before
	err       error
	cost      uint64   // the tile's running cost at its end
	planeCost []uint64 // its cost per plane in the frame
}

// pipeFrame is a frame in flight.
type pipeFrame struct {
	job    *frameJob
	views  []*predict.PlaneState
	raw    []byte
	rawOff int
	tiles  []pipeTile
	// after, when not nil, is the hash of the frame returned before (afterState: pipePending,
	// pipeStarted, pipeDone)
	after      func()
	afterState int
	left       int // tasks not done
}

// pipeline is a Decoder's frames in flight.
type pipeline struct {
	mu     sync.Mutex
	cond   sync.Cond
	frames []*pipeFrame // oldest first: at most two
	// workers: goroutines alive (at most max); running: tasks being run
	workers, max, running int
	abort                 bool // a frame failed: start nothing more
	views                 [2][]*predict.PlaneState
	viewSlot              int
	raws                  [3][]byte
	rawSlot               int
	// held is the next frame's chunk, read early, that must wait for the frames before it;
	// heldErr the error reading it gave (io.EOF: the stream's end), returned once the
	// frames before are out
	held    *chunk
	heldErr error
	margin  int // frame rows every tile reads beyond its band and its vectors' reach
	sub     int // frame rows a row of the most subsampled plane covers
	// early counts the tiles started while the frame before was still in flight, waited
	// those of them that then waited for it (the tests read them)
	early, waited int
	maxReach      int // the largest reach (tileCoder.reach) seen, in frame rows
}

// pipeApplies reports whether the decoder's frames of stream p may overlap with options o.
func pipeApplies(p *VideoParams, o options) bool {
	m := &p.Model
	return pipeOn && o.threads > 1 && p.Tiles > 1 && !o.pixelCosts &&
		!m.BFrames && !m.TileMerge && !m.OBMC && !m.TMatch && !m.BiPred && !m.WarpSubs
}

func newPipeline(c *videoCoder) *pipeline {
	p := &pipeline{max: c.opts.threads}
	p.cond.L = &p.mu
	return p
}

// pipeable reports whether chunk ch (the next one) may be decoded in the pipeline: an
// ordinary frame that does not start a segment.
func (c *videoCoder) pipeable(ch *chunk) bool {
	return c.states != nil && ch.Type == ChunkFrame && ch.Stream == c.stream &&
		ch.Flags&(FlagBFrame|FlagSegmentStart) == 0 && !c.startsSegment(c.frame)
}

// beginFrame checks frame chunk ch (the next), gives it its view of the plane states and
// puts its tiles in flight; the shared states move on to the next frame.
func (c *videoCoder) beginFrame(ch *chunk) error {
	j, err := c.parseOne(ch)
	if err != nil {
		return err
	}
	p := c.pipe
	if p.margin == 0 {
		maxSy := uint(0)
		for _, r := range c.tiles[0].roles {
			maxSy = max(maxSy, r.frameShift[1])
		}
		p.margin, p.sub = 10<<maxSy, 1<<maxSy
	}
	fr := &pipeFrame{job: j, tiles: make([]pipeTile, len(c.tiles)), left: len(c.tiles)}
	v := p.views[p.viewSlot]
	if v == nil {
		for range c.states {
			v = append(v, &predict.PlaneState{})
		}
		p.views[p.viewSlot] = v
	}
	p.viewSlot ^= 1
	for k, s := range c.states {
		*v[k] = *s
	}
	fr.views = v
	b := c.params.appendRawPrefix(p.raws[p.rawSlot][:0], j.frame)
	n := len(b)
	b = slices.Grow(b, j.frame.FrameBytes())[:n+j.frame.FrameBytes()]
	p.raws[p.rawSlot] = b
	p.rawSlot = (p.rawSlot + 1) % len(p.raws)
	fr.raw, fr.rawOff = b, n
	c.advanceStates()
	c.frame++
	p.mu.Lock()
	if len(c.tileTime) != len(c.tiles) {
		c.tileTime = make([]time.Duration, len(c.tiles))
	}
	p.frames = append(p.frames, fr)
	c.spawnWorkers()
	p.mu.Unlock()
	return nil
}

// spawnWorkers starts workers up to the pipeline's threads (p.mu held).
func (c *videoCoder) spawnWorkers() {
	p := c.pipe
	for p.workers < p.max {
		p.workers++
		go c.pipeWorker()
	}
}

// pick returns the next task (p.mu held): the oldest frame's tiles, longest first by their
// last time, then its after task, then a tile of the next frame whose band of the oldest is
// done, the one farthest from the oldest frame's unfinished tiles first. ok false: none now.
func (c *videoCoder) pick() (fr *pipeFrame, i int, ok bool) {
	p := c.pipe
	if p.abort || len(p.frames) == 0 {
		return nil, 0, false
	}
	f0 := p.frames[0]
	best := -1
	for i := range f0.tiles {
		if f0.tiles[i].state == pipePending && (best < 0 || c.tileTime[i] > c.tileTime[best]) {
			best = i
		}
	}
	if best >= 0 {
		return f0, best, true
	}
	if f0.after != nil && f0.afterState == pipePending {
		return f0, -1, true
	}
	if len(p.frames) < 2 {
		return nil, 0, false
	}
	f1 := p.frames[1]
	bestD := -1
	for i := range f1.tiles {
		if f1.tiles[i].state != pipePending || f0.tiles[i].state != pipeDone {
			continue
		}
		d := len(f0.tiles)
		for k := range f0.tiles {
			if f0.tiles[k].state != pipeDone {
				d = min(d, max(i-k, k-i))
			}
		}
		if d > bestD || d == bestD && c.tileTime[i] > c.tileTime[best] {
			best, bestD = i, d
		}
	}
	if best >= 0 {
		return f1, best, true
	}
	return nil, 0, false
}

// pipeWorker runs tasks until none is left to start.
func (c *videoCoder) pipeWorker() {
	p := c.pipe
	p.mu.Lock()
	for {
		fr, i, ok := c.pick()
		if !ok {
			break
		}
		p.running++
		if i < 0 {
			fr.afterState = pipeStarted
			p.mu.Unlock()
			fr.after()
			p.mu.Lock()
			fr.afterState = pipeDone
		} else {
			fr.tiles[i].state = pipeStarted
			if len(p.frames) > 1 && fr == p.frames[1] {
				p.early++
			}
			p.mu.Unlock()
			start := time.Now()
			err := c.pipeTile(fr, i)
			took := time.Since(start)
			p.mu.Lock()
			pt := &fr.tiles[i]
			pt.err, pt.state = err, pipeDone
			c.tileTime[i] = took - pt.wait
		}
		fr.left--
		p.running--
		p.cond.Broadcast()
	}
	p.workers--
	p.cond.Broadcast()
	p.mu.Unlock()
}

// pipeTile decodes tile i of frame fr into the frame and the raw content for the hash, and
// keeps the tile's statistics of the frame.
func (c *videoCoder) pipeTile(fr *pipeFrame, i int) error {
	if pipeTileHook != nil {
		pipeTileHook(fr.job.n, i)
	}
	t := c.tiles[i]
	t.setStates(fr.views)
	t.afterWarp = func(field *predict.MotionField, warp *predict.Warp) error {
		return c.pipeWait(fr, i, t, field, warp)
	}
	err := t.decode(fr.job.subs[i])
	t.afterWarp = nil
	if err == nil {
		err = t.output(fr.job.frame, c.coded != nil)
	}
	if err == nil {
		t.putRaw(fr.raw[fr.rawOff:], fr.job.frame, c.params.rawInterleaved())
	}
	pt := &fr.tiles[i] // (its own entry: no other goroutine touches it before pipeDone)
	pt.cost = t.bc.Cost
	pt.planeCost = append(pt.planeCost[:0], t.PlaneCost...)
	return err
}

// errPipeStopped stops a tile of a frame whose frame before failed: it would read what a
// failed tile left in the planes (the frame's own error is never reported).
var errPipeStopped = errors.New("the frame before failed")

// pipeWait records tile i's reach in frame fr, from its motion field and warps, and waits
// until no unfinished tile of the frame before writes a row it reads or reads a row it
// writes. Once the frame before has failed, it returns errPipeStopped.
func (c *videoCoder) pipeWait(fr *pipeFrame, i int, t *tileCoder, field *predict.MotionField, warp *predict.Warp) error {
	p := c.pipe
	r := t.reach(field, warp)
	reach := r + p.margin
	p.mu.Lock()
	p.maxReach = max(p.maxReach, r)
	pt := &fr.tiles[i]
	pt.lo, pt.hi = t.y0-reach, t.y1+reach
	pt.state = pipeReach
	p.cond.Broadcast()
	start := time.Now()
	waited := false
	for c.pipeConflict(fr, i) {
		waited = true
		p.cond.Wait()
	}
	if waited {
		pt.wait = time.Since(start)
		p.waited++
	}
	stop := p.abort
	if len(p.frames) > 1 && p.frames[1] == fr {
		for k := range p.frames[0].tiles {
			stop = stop || p.frames[0].tiles[k].err != nil
		}
	}
	p.mu.Unlock()
	if stop {
		return errPipeStopped
	}
	return nil
}

// pipeConflict reports whether tile i of frame fr must wait for the frame before (p.mu held).
func (c *videoCoder) pipeConflict(fr *pipeFrame, i int) bool {
	p := c.pipe
	if len(p.frames) < 2 || p.frames[1] != fr {
		return false // the oldest frame in flight
	}
	prev := p.frames[0]
	pt := &fr.tiles[i]
	t := c.tiles[i]
	wlo, whi := c.writes(t)
	for k := range prev.tiles {
		q := &prev.tiles[k]
		switch q.state {
		case pipeDone:
			continue
		case pipePending, pipeStarted:
			return true // its reach unknown
		}
		klo, khi := c.writes(c.tiles[k])
		if pt.lo < khi && klo < pt.hi || q.lo < whi && wlo < q.hi {
			return true
		}
	}
	return false
}

// writes returns the frame rows tile t writes: its band, and the frame rows of a subsampled
// plane's last row of the band.
func (c *videoCoder) writes(t *tileCoder) (int, int) {
	return t.y0, t.y1 + c.pipe.sub
}

// reach returns how many frame rows beyond its band the tile's motion field and warps
// (field, warp and the second and third warps coded with it) displace the samples it
// predicts from the reference frames; the interpolation filters, the rows just outside the
// band and the subsampled planes' rounding are the pipeline's margin.
func (t *tileCoder) reach(field *predict.MotionField, warp *predict.Warp) int {
	first := t.roles[0]
	st := t.states[first.plane]
	rows := 0
	if field != nil {
		q := 0 // quarter samples of the first plane (predict.compensateRowRefs)
		for _, v := range field.V {
			q = max(q, int(v.Y), -int(v.Y))
		}
		rows = (q+3)/4 + 1
	}
	if warp != nil {
		y0, y1 := t.band(first)
		rows = max(rows, warpReach(warp, st.W, st.H, y0, y1))
		if t.wc2 != nil && t.wc2.cur {
			rows = max(rows, warpReach(&t.wc2.warp, st.W, st.H, y0, y1))
		}
		if t.wc3 != nil && t.wc3.cur {
			rows = max(rows, warpReach(&t.wc3.warp, st.W, st.H, y0, y1))
		}
	}
	return rows << first.frameShift[1]
}

// warpReach returns how many rows warp g of a w×h plane moves the samples of rows [y0−1, y1)
// at most (predict's planeWarp.rowStart: the vertical displacement is affine in x and y, so
// largest at a corner), rounded up, plus one.
func warpReach(g *predict.Warp, w, h, y0, y1 int) int {
	cx, cy := int64(w/2), int64(h/2)
	m := int64(0)
	for _, x := range [2]int64{0, int64(w - 1)} {
		for _, y := range [2]int64{int64(y0 - 1), int64(y1)} {
			d := int64(g.TY)<<10 + int64(g.A[2])*(x-cx) + int64(g.A[3])*(y-cy)
			m = max(m, d, -d)
		}
	}
	return int((m+1<<16-1)>>16) + 1
}

// serialStates points the tiles back at the shared plane states, for a frame decoded alone
// (decodeChunk).
func (c *videoCoder) serialStates() {
	for _, t := range c.tiles {
		t.setStates(c.states)
	}
}

// pipeAbort stops the pipeline after a frame failed: nothing more starts, and it returns once
// no task runs.
func (c *videoCoder) pipeAbort() {
	p := c.pipe
	p.mu.Lock()
	p.abort = true
	for p.running > 0 {
		p.cond.Wait()
	}
	p.frames = nil
	p.mu.Unlock()
}

// readFramePiped is readFrame with the frames in flight.
func (d *Decoder) readFramePiped() (*vision.Frame, error) {
	c := d.video
	p := c.pipe
	if len(p.frames) == 0 {
		if err := p.heldErr; err != nil {
			p.heldErr = nil
			if err == io.EOF {
				return nil, d.checkTrailer()
			}
			return nil, err
		}
		ch := p.held
		p.held = nil
		if ch == nil {
			var err error
			if ch, err = d.nextChunk(); err != nil {
				if err == io.EOF {
					return nil, d.checkTrailer()
				}
				return nil, err
			}
		}
		if !c.pipeable(ch) {
			if c.tiles != nil {
				c.serialStates()
			}
			return c.decodeChunk(ch, d.cr.next)
		}
		if err := c.beginFrame(ch); err != nil {
			return nil, err
		}
	}
	fr := p.frames[0]
	p.mu.Lock()
	if after := c.takeHashPending(); after != nil {
		fr.after, fr.afterState = after, pipePending
		fr.left++
		c.spawnWorkers()
	}
	p.mu.Unlock()
	// The next chunk, read and begun while this frame's tiles run; its errors wait.
	if p.heldErr == nil && p.held == nil && len(p.frames) == 1 {
		ch, err := d.nextChunk()
		switch {
		case err != nil:
			p.heldErr = err
		case c.pipeable(ch):
			if err := c.beginFrame(ch); err != nil {
				p.heldErr = err
			}
		default:
			p.held = ch
		}
	}
	p.mu.Lock()
	for fr.left > 0 {
		p.cond.Wait()
	}
	var err error
	for i := range fr.tiles {
		if err = fr.tiles[i].err; err != nil {
			break
		}
	}
	if err == nil {
		p.frames = p.frames[1:]
	}
	p.mu.Unlock()
	if err != nil {
		c.pipeAbort()
		if errors.Is(err, ErrInterrupted) {
			return nil, err
		}
		return nil, c.expect(fr.job, "%v", err)
	}
	c.hashRawLater(fr.raw)
	j := fr.job
	c.frameStats(j.n, j.payload, j.coded, func(i int) (uint64, []uint64) { return fr.tiles[i].cost, fr.tiles[i].planeCost })
	return j.frame, nil
}
