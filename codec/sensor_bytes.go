package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/vidlm/vidlm/internal/predict"
)

// Bytes blocks (docs/FORMAT.md §12.6): a block of a model-4 stream whose rows the cell model
// codes worse than a byte-level context-mixing model (binary records mixed with text, long
// hex payloads) is coded as one byte stream under predict.ByteModel. Its head is
// `rows rawBytes bytesBlockCols`: a column count no decoder before it accepts (they refuse
// the block as corrupt), so an old decoder never misreads one; nothing else in a file
// changes where no block takes it.

// bytesBlockCols is the column count that marks a bytes block of the first byte model
// (predict.ByteModel), bytesBlockCols2 one of the second (predict.ByteModel2), which the
// encoder writes since.
const (
	bytesBlockCols  = predict.MaxSensorColumns + 1
	bytesBlockCols2 = predict.MaxSensorColumns + 2
)

// byteModel is a byte-level model of bytes blocks: ByteModel (mark bytesBlockCols) or
// ByteModel2 (bytesBlockCols2).
type byteModel interface {
	P() uint32
	Update(bit int)
	Reset()
	Reserve(n int) // room for the next n bytes (the block's), allocated at once
}

const (
	bytesTrialBytes = 32 << 10 // the byte model's cost is estimated on up to this much of a block
	// First on this much (E0): a block whose E0 is 3 times the cells' payload or more tries
	// no further. On the corpus, E0 of the blocks coded as bytes blocks is about 0.7 to 2.1
	// times the cell payload; that of the other CSVs 1.33 to 2.79, except eda, resp,
	// mocap_gt (4 blocks), seattle_hourly_normals, tmy3 (2) and vio at 3.09 to 6.93: 6 KiB of
	// the byte model (about 0.1 s) saved on each of those 10 blocks.
	bytesFirstBytes = 2 << 10
	bytesMinBytes   = 4 << 10 // smaller blocks never try it
)

// appendBytesHead appends a bytes block's head; mark is bytesBlockCols or bytesBlockCols2.
func appendBytesHead(b []byte, rows, raw, mark int) []byte {
	b = binary.AppendUvarint(b, uint64(rows))
	b = binary.AppendUvarint(b, uint64(raw))
	return binary.AppendUvarint(b, uint64(mark))
}

// parseBytesHead reports whether payload is a bytes block and, if so, its rows, size, mark
// (which byte model) and coded bytes.
func parseBytesHead(payload []byte) (rows, raw, mark int, coded []byte, ok bool, err error) {
	f := &fieldReader{b: payload}
	rows = f.count(maxSensorRows, "row count")
	raw = f.count(2*sensorBlockBytes+maxSensorRecord, "block size")
	n := f.uvarint()
	if f.err != nil || n != bytesBlockCols && n != bytesBlockCols2 {
		return 0, 0, 0, nil, false, nil
	}
	if rows == 0 || raw == 0 {
		return 0, 0, 0, nil, true, errors.New("empty bytes block")
	}
	return rows, raw, int(n), f.b, true, nil
}

// codeBytes codes data under m with bc (encoding) or decodes len(data) bytes into data.
func codeBytes(bc *BitCoder, m byteModel, data []byte) {
	for i := range data {
		v := int(data[i])
		out := 0
		for k := 7; k >= 0; k-- {
			b := bc.Code(v>>k&1, m.P())
			m.Update(b)
			out = out<<1 | b
		}
		data[i] = byte(out)
	}
}

// bytesCost returns the cost of data under a fresh model m (in CostUnit). With an
// interruption check x it stops early (a cost of part of data) once x fires, checking every
// interruptBytes: the caller, which checks x after the trial, then discards the cost.
func bytesCost(m byteModel, data []byte, x *interrupter) uint64 {
	var cost uint64
	if x != nil {
		for i := 0; i < len(data); i += interruptBytes {
			if x.interrupted() {
				return cost
			}
			cost += bytesCost(m, data[i:min(i+interruptBytes, len(data))], nil)
		}
		return cost
	}
	for _, v := range data {
		for k := 7; k >= 0; k-- {
			b := int(v) >> k & 1
			cost += bitCost(b, m.P())
			m.Update(b)
		}
	}
	return cost
}

// tryBytes is called once a block of size bytes has been coded by the cell model into
// e.payload: if the byte model promises to do better on it, it codes the block as a bytes
// block and keeps that if smaller. It reports whether it did; the cell model's state is then
// reset (as the decoder's is after a bytes block).
//
// The choice depends on five sizes: the cell model's payload P, the byte model's estimates
// E0 (from the block's first 2 KiB), E1 (its first 8 KiB) and E2 (its first 32 KiB), and the
// bytes block's size B; a bytes block is taken when E0 < 3P, E1 < 5P/4 (bytesE1Num/
// bytesE1Den), E2 < P and B < P, in that order, each computed only if the ones before it hold
// (cellsWin; from sensor model 19 on the estimates are like for like, prefixEst, with the
// pace rule, paceLost). B is given up (the block stays a cell block) as soon as the
// bytes coded so far fall behind the cells' payload at the same row by more than an eighth
// of what the cells code after it, at any of bytesChecks checks along the block
// (checkLoses), or reach P: a bytes block that loses costs a fraction of the block's coding,
// not all of it. With more than one thread, a bytesTrial computes E1, E2 and B on a
// goroutine of its own while the cell model codes the block (startBytesTrial), going on past
// each only where the cells' cost so far promises that it will be needed (B's checks wait for
// P). Either way the sizes, the choice and the bytes written are those of the sequential
// order.
//
// Whether the cells won by far (bytesOutcome.far: only whether the next blocks of as many
// columns skip their trials, a speed heuristic) is judged on the scaled estimates computed
// by model 18's bounds (farScaled), whichever rule made the choice, and from sensor model 19
// on also where the pace rule gave the bytes up with the projection at 5/4 of P or more at
// both of its points (pace, paceFar).
func (e *SensorEncoder) tryBytes(size int) bool {
	t := e.btrial
	e.btrial = nil
	if t == nil {
		return false
	}
	defer t.stop()
	p := uint64(len(e.payload))
	t.final.Store(int64(p))
	e.bytesLast = bytesOutcome{cols: t.cols}
	if t.cellsWin(p) {
		e.bytesLast.far = farScaled(p, t.e0, t.s1, t.s2) || t.paceFar
		return false
	}
	return e.takeBytes(t)
}

// cellsWin computes the trial's sizes in order, E0, E1, E2 and the bytes block, each only if
// the ones before it did not lose, and reports whether the cells win (P known, final). Each
// estimate is compared with P by over (scaled before sensor model 19, like for like from it
// on), E1 and E2 as the sequential order computes them (replay: the goroutine may have read
// further without P); it records E1 and E2 scaled (s1, s2; 0 where not reached) for the far
// judgement. E0 scaled at 3P or more loses, unless (like for like) E0 like for like is below
// P and the cells' first 2 KiB are not front-loaded (frontLoaded): E0 like for like is no
// bound on its own (the cells' first 2 KiB are dear: 1.02 to 1.22 of P for the cell blocks
// of vio_stereo_MH01, seattle_hourly_normals, imu_fusion.csv, but 0.57 for
// rocket_launch1's), while plotly/datasets' larger tables of coordinates are 3.4 to 4.3
// scaled, 0.79 to 0.84 like for like, bytes blocks at 0.78 to 0.91. (The pace rule gives
// nothing up at E0: it needs two of its points in a row, and E0 holds one.)
func (t *bytesTrial) cellsWin(p uint64) bool {
	if t.getE0() >= p*3 && (!t.lfl || t.over(t.c0, t.n0, 1, 1) || t.frontLoaded(p)) {
		return true
	}
	t.getE1()
	num, den := t.e1Bound()
	c, lost := t.estimate(t.c0, t.n0, t.n1, num, den, num, den)
	if t.s1 = t.scaled(c, t.n1); lost {
		return true
	}
	t.getE2()
	c, lost = t.estimate(c, t.n1, t.n, bytesFarNum, bytesFarDen, 1, 1)
	if t.s2 = t.scaled(c, t.n); lost {
		return true
	}
	t.getCoded()
	return t.lost || uint64(len(t.head)+len(t.coded)) >= p
}

// estimate returns the cost of the block's first to bytes as the sequential order computes it
// (replay from the cost c at from, stopping at stopNum/stopDen of P) and whether the cells
// win there: the estimate at num/den of P or more (over), or the pace rule giving the bytes
// up at the bytes read (paceLost; paceFar where it did so by far, pace).
func (t *bytesTrial) estimate(c uint64, from, to int, stopNum, stopDen, num, den uint64) (uint64, bool) {
	c, at := t.replay(c, from, to, stopNum, stopDen)
	lost, far := t.pace(at)
	t.paceFar = far
	return c, lost || t.over(c, to, num, den)
}

// over reports whether the estimate for the block from a cost c of its first n bytes is at
// least num/den of the cells' payload P (once known): like for like from sensor model 19 on
// (prefixEst), else scaled to the block by its share of the bytes (scaled). Both are
// monotone in c.
func (t *bytesTrial) over(c uint64, n int, num, den uint64) bool {
	est := t.scaled(c, n)
	if t.lfl {
		est = t.prefixEst(c, n)
	}
	return est*den >= uint64(t.final.Load())*num
}

// farScaled reports whether a block the cells won was won by far by model 18's rule on the
// scaled estimates e0, e1 and e2 (0: not computed): E0 at 3P or more, E1 at 5P/4 or more, or
// E2 at 9P/8 or more. Before sensor model 19 this is where the estimates stopped (E1 and E2
// stop at 5/4 and 9/8 of P, costUntil). From model 19 on E1 and E2 may have stopped early at
// the like-for-like bound, so the scaled value is of the bytes read: where the like-for-like
// estimate stops later than the scaled one would have (the cells' first rows are dear: the
// tuning logs' cell blocks), it is at least model 18's bound there too; where it stops
// earlier, or E2 was not computed after E1, the block is judged not far (the next block's
// trial runs: speed only, never size lost).
func farScaled(p, e0, e1, e2 uint64) bool {
	return e0 >= p*3 || e1*bytesE1Den >= p*bytesE1Num || e2*bytesFarDen >= p*bytesFarNum
}

// scaled is the estimate from a cost c of the block's first n bytes scaled to the block by
// its share of the bytes (E0, E1 and E2 before the like-for-like comparison).
func (t *bytesTrial) scaled(c uint64, n int) uint64 {
	return c / CostUnit / 8 * uint64(t.size) / uint64(n)
}

// replay returns the cost of the block's first to bytes as costUntil (from, with c the cost
// at from) gives it once P is known from the start, and where it stops (to if not), from the
// pass's costs at each step (stepC): on the goroutine the estimate may have been computed, or
// computed further, before P was known, and the sequential order is what decides the choice
// and whether the cells won by far.
func (t *bytesTrial) replay(c uint64, from, to int, num, den uint64) (uint64, int) {
	for i := from; i < to; {
		if t.over(c, to, num, den) || t.paceLost(i) {
			return c, i
		}
		i = min(i+bytesStopStep, to)
		c = t.costAt(i)
	}
	return c, to
}

// takeBytes makes the block the bytes block t coded.
func (e *SensorEncoder) takeBytes(t *bytesTrial) bool {
	e.payload = append(append(e.payload[:0], t.head...), t.coded...)
	e.resetCells()
	e.bytesN++
	return true
}

// bytesTrial is the byte model's side of tryBytes' choice for one block (see tryBytes). Its
// sizes are computed on demand, in order, by the goroutine run (with more than one thread)
// or by the get methods; the goroutine's progress is published through the channels, and
// nothing it computes depends on when it runs.
type bytesTrial struct {
	e        *SensorEncoder
	data     []byte
	size, n1 int
	n, n0    int
	rows     int   // of the block
	offs     []int // each row's end in data (e.offs when made: the next block's split reuses it)
	cols     int   // the block's columns (its head's)
	c0, c1   uint64
	e0       uint64
	haveE0   bool
	e1, e2   uint64
	head     []byte
	coded    []byte
	have     int  // sizes known: 1 (E1), 2 (E2), 3 (the coded block, or lost)
	lost     bool // the bytes block was given up, sure to lose (B unknown)
	// The checks (checkLoses): the rows at which the cells' payload is taken (ascending, at
	// most bytesChecks-1 of them), the block's bytes before each, and the payloads (+1; 0
	// until the cells reach the row); next is the next check the cells will reach.
	checkRow [bytesChecks - 1]int
	checkOff [bytesChecks - 1]int
	checkAt  [bytesChecks - 1]atomic.Int64
	checks   int
	next     int
	// The estimates' like-for-like comparison (from sensor model 19 on, lfl): the cells'
	// payload before each of the block's first rows, as far as the row after the one that
	// crosses byte n (pre, written by cellsAt as the cells code them; read only once P is
	// known, final).
	lfl bool
	pre []int64
	c2  uint64 // E2's cost (as c0 and c1)
	// E1 and E2 scaled as the sequential order computes them (cellsWin; 0 where not
	// reached), for the far judgement (farScaled).
	s1, s2 uint64
	// The pace rule gave the bytes up by far (pace; from sensor model 19 on), for the far
	// judgement beside farScaled.
	paceFar bool
	// The pass's cost at the end of each of its steps in the estimates (costAt): the pace
	// rule's points (paceLost, lfl) and the sequential order's estimates (replay).
	stepC [bytesTrialBytes / bytesStopStep]uint64
	// Between the goroutine and the cells' coding.
	running  bool
	e0Ready  chan struct{} // closed once run has computed E0 (it always does, first)
	e1Ready  chan struct{} // closed once run has computed E1 or returned without it
	e2Ready  chan struct{} // closed once run has computed E2 or returned without it
	done     chan struct{} // closed when run returns
	cancel   atomic.Bool   // the choice is made: run stops at its next check
	final    atomic.Int64  // P once the cells are coded (0 before)
	cellRows atomic.Int64  // rows the cells have coded so far,
	cellOut  atomic.Int64  // and their payload so far
	e1Done   atomic.Bool   // the goroutine computed E1
	e2Done   atomic.Bool   // the goroutine computed E2
	snapR    int64         // (the goroutine's) rows and payload of the cells at a first look
	snapO    int64
	// The pass (ssp6): E0, E1, E2 and B are one coding of the block from a fresh byte model,
	// in order: the estimates are its cost at n0, n1 and n bytes (bitCost of each bit, the sum
	// bytesCost gives), and B goes on from where the estimates stopped instead of coding
	// those bytes again. pos bytes of data are coded (scr holds them: codeBytes writes its
	// slice, which must not be e.pending, which the cells read meanwhile); sofarAt[k] is the
	// head and coded bytes at checkOff[k] for the passK checks passed.
	bc      *BitCoder
	scr     []byte
	pos     int
	headLen int
	passK   int
	sofarAt [bytesChecks - 1]int64
	broken  bool // interrupted (the caller returns ErrInterrupted)
}

// newBytesTrial returns the trial of the block of size bytes at the start of e.pending.
// Its byte model is made ready (freshBytes) by whoever computes E0 first: the goroutine when
// there is one (so that the cells' coding does not wait for the 32 MiB table's reset), else
// startBytesTrial.
func (e *SensorEncoder) newBytesTrial(size, cols int) *bytesTrial {
	t := &bytesTrial{e: e, data: e.pending[:size], size: size, cols: cols, n0: min(size, bytesFirstBytes), n1: min(size, bytesTrialBytes/4), n: min(size, bytesTrialBytes), rows: len(e.ends), offs: e.offs[:len(e.ends)]}
	for k := 1; k < bytesChecks; k++ {
		if r := k * t.rows / bytesChecks; r > 0 && (t.checks == 0 || r > t.checkRow[t.checks-1]) {
			t.checkRow[t.checks], t.checkOff[t.checks] = r, e.offs[r-1]
			t.checks++
		}
	}
	if e.model >= sensorModelV19 {
		a, _ := slices.BinarySearch(e.offs[:t.rows], t.n+1) // rows ending at or before n
		t.lfl = true
		t.pre = slices.Grow(e.bytesPre[:0], min(a+2, t.rows))[:min(a+2, t.rows)]
		e.bytesPre = t.pre
	}
	return t
}

// cellsBefore returns the cells' payload before row r of the block (P at its end), once the
// cells are coded (r below len(pre) or at least rows).
func (t *bytesTrial) cellsBefore(r int) int64 {
	if r >= t.rows {
		return t.final.Load()
	}
	return t.pre[r]
}

// cellsPrefix returns the cells' payload for the block's first n bytes (n at most t.n),
// interpolated in bytes within the row that crosses n, once the cells are coded.
func (t *bytesTrial) cellsPrefix(n int) int64 {
	offs := t.offs
	a, _ := slices.BinarySearch(offs, n+1) // rows ending at or before n
	lo := t.cellsBefore(a)
	if a >= t.rows {
		return lo
	}
	o0 := 0
	if a > 0 {
		o0 = offs[a-1]
	}
	return lo + (t.cellsBefore(a+1)-lo)*int64(n-o0)/int64(max(offs[a]-o0, 1))
}

// prefixEst is the byte model's estimate for the block from a cost c (CostUnit) of its first
// n bytes (estimate j), like for like (sensor model 19 on): the bytes so far (head included)
// against the cells' payload for the same bytes, scaled to the cells' payload P:
// P·(head+c)/cells(n). The estimates before it (E0, E1, E2) scaled the cost to the block by
// its share of the bytes, and so compared the byte model's first rows with the cells' whole
// block: where both code the block's first rows dearer than the rest (a fresh model, the
// first rows' learning), the bytes lost there by the cells' learning curve.
func (t *bytesTrial) prefixEst(c uint64, n int) uint64 {
	cells := max(t.cellsPrefix(n), 1)
	return (uint64(t.headLen) + c/CostUnit/8) * uint64(t.final.Load()) / uint64(cells)
}

// e1Bound is E1's bound (cellsWin): 5/4 of P (bytesE1Num/bytesE1Den), or 9/8 (bytesFarNum/
// bytesFarDen) like for like (lfl). Like for like, E1 of the blocks the bytes win is
// 0.70 to 0.95 of P (plotly/datasets' tables of coordinates, US-shooting-incidents), up to
// 1.03 for the dash t-SNE tables; that of the cell blocks of the tuning logs that reach it
// 1.23 (seattle_weather_1948), 1.24 (co2_mauna_loa), 1.26 (earthquakes_23k), but 0.98 for
// rocket_launch1's first block (its E2 like for like is 1.13).
func (t *bytesTrial) e1Bound() (uint64, uint64) {
	if t.lfl {
		return bytesFarNum, bytesFarDen
	}
	return bytesE1Num, bytesE1Den
}

// freshBytes makes e.bytes a byte model in its initial state (allocated on first use).
func (e *SensorEncoder) freshBytes() {
	if e.bytes == nil {
		if e.bytesV1 {
			e.bytes = predict.NewByteModel()
		} else {
			e.bytes = newByteModel2(e.model)
		}
	} else {
		e.bytes.Reset()
	}
}

// bytesOutcome is what the last bytes trial (tryBytes) found: the columns of its block and
// whether the cells won by far (far: E0 ≥ 3P, E1 ≥ 5P/4 or E2 ≥ 9P/8 scaled, or from sensor
// model 19 on the pace rule's projection at 5P/4 or more at both its points), and how many
// blocks have skipped their trial since. (Under the pace rule alone, rocket_launch4's and
// rocket_launch1's first blocks, which model 18 judged far on E1 scaled, 1.29 and 1.31, were
// not far, E1 not reached: their next blocks ran their trials again, +15 % encode CPU on
// rocket_launch4. With the pace's far judgement rocket_launch1's first block is far (1.26
// and 1.43), rocket_launch4's second (1.80 and 1.83; its first 1.19 and 1.25 is not).)
type bytesOutcome struct {
	cols    int
	far     bool
	skipped int
}

// A block skips its bytes trial (it stays a cell block) when the last trial, at most
// bytesSkipMax blocks before it, was of a block of as many columns that the cells won by far
// (E2 at least bytesFarNum/bytesFarDen of P, or E0 or E1 over their bounds): the blocks
// of one table are alike, and a trial costs the encoder a fresh byte model (a 110 MB table
// reset) and up to 32 KiB under it, about 0.5 s of CPU, while the cells code a block of a
// narrow table in 0.1 to 0.2 s. The blocks the corpus codes as bytes blocks have E2 at 0.66
// to 0.85 of P, and so do the blocks after them; rocket_launch1's first block, a cell block,
// has E2 at 1.24 of P, its next two E1 at 1.79 and 1.89.
// E1's bound (tryBytes): a block whose E1 is at least bytesE1Num/bytesE1Den of the cells'
// payload P tries no further (senc8; 3/2 before). On the tuning logs E1 of the blocks coded
// as bytes blocks is 0.71 to 1.05 of P (ublox_f9p 0.76 and 0.71, nmea2000_can 1.05), that of
// the cell blocks that reached E2 1.36 (earthquakes_23k) and 1.39 (rocket_launch1's first
// block): their E2, 24 KiB more under the byte model, is no longer read.
const (
	bytesE1Num = 5
	bytesE1Den = 4
)

const (
	bytesSkipMax = 3
	bytesFarNum  = 9
	bytesFarDen  = 8
)

// startBytesTrial prepares the byte model's side of the next block's choice, when bytes
// blocks are allowed (the cells record their payload at its checks as they code), and starts
// it on a goroutine of its own when there is a second thread. A block of cols columns skips
// it after a trial the cells won by far (bytesOutcome).
func (e *SensorEncoder) startBytesTrial(size, cols int) {
	e.btrial = nil
	if !e.bytesOK || size < bytesMinBytes {
		return
	}
	if l := &e.bytesLast; l.far && l.cols == cols && l.skipped < bytesSkipMax {
		l.skipped++
		e.bytesSkips++
		return
	}
	t := e.newBytesTrial(size, cols)
	e.btrial = t
	if e.threads < 2 {
		e.freshBytes()
		return // sequential: tryBytes computes the sizes once the cells are coded
	}
	t.running, t.e0Ready, t.e1Ready, t.e2Ready, t.done = true, make(chan struct{}), make(chan struct{}), make(chan struct{}), make(chan struct{})
	go t.run()
}

// bytesChecks: the bytes block is compared with the cells at the ends of the first
// bytesChecks-1 of this many equal shares of the block's rows.
const bytesChecks = 16

// checkLoses reports whether a bytes block of sofar bytes so far (head included) is given up
// against the cells' payload of cells bytes at the same row and p in all: when it is behind
// the cells by more than an eighth of what the cells code after that row (to win, the byte
// model would have to code the rest of the block at less than 7/8 of the cells' cost). A
// bytes block ahead of the cells is never given up: on the corpus, the blocks coded as bytes
// blocks stay below 0.96 of the cells at every check (they end at 0.33 to 0.93), while
// rocket_gw2_nosecone's first block, which ends at 1.39, is at 1.27 from the first check on.
//
// It is also given up when it is behind the cells by more than an eighth of their payload so
// far (sofar > 9/8 of cells) at a check where the cells have spent at least half of their
// even share of P (cells/P at least half of the check's row/rows): a bytes block behind only
// because the block starts at rest, which the cells code for almost nothing, is not given up
// by it. On the corpus the blocks coded as bytes blocks stay below 0.96 of the cells at every
// check (nmea2000_can 0.49-0.62, sirf2 0.34-0.54, rocket_gw1 0.65-0.77, ublox_f9p 0.56-0.71),
// while rocket_gw2_nosecone's first block is at 1.275 of the cells at the first check, where
// the cells have spent 0.039 of P at 0.062 of the rows: given up there rather than at the
// fifth check (row 0.31), the trial codes 6 % of the block under the byte model, not 31 %.
//
// From sensor model 12 on, whose byte model codes some one-column signals within 2 % of the
// cells (emg.txt: 1.01-1.02 of the cells at every check, so that the trial coded the whole
// block and the encoder took 13 times as long), it is also given up at a check where it is
// behind the cells at all, under the same half-share condition, if it was behind at the check
// before too (strict: the caller's). Behind at one check alone is not enough: a block whose
// byte model starts at rest can be a byte behind at the first check and end at half the cells
// (ExampleNewSensorEncoder's log: 182 against 181 bytes, then 599 against 1,184 in all).
func checkLoses(sofar, cells, p, row, rows int64, strict bool) bool {
	spent := 2*cells*rows >= p*row // the cells have spent half their even share by this row
	return 8*(sofar-cells) > p-cells || 8*sofar > 9*cells && spent || strict && sofar > cells && spent
}

// checkLoses19 is checkLoses from sensor model 19 on: its third rule (behind at this check
// and the one before) gives up only where the bytes' recent pace also loses: the bytes so far
// plus the cells' rest (P − cells) at the ratio of the bytes' to the cells' cost since the
// check before (dSofar, dCells) reach P. A byte model that starts behind but codes each
// share of the rows for less than the cells do is still catching up: the dash t-SNE tables of
// plotly/datasets are 1.02 to 1.05 of the cells at the first check and 0.98 to 1 at the end,
// the quake-like catalogue of TestSensorModel19Ulp 1.03 at the first check and 0.96 at the
// end; emg.txt's, which is 1.008 at the first check and 1.021 at the last, still loses at the
// second.
func checkLoses19(sofar, cells, p, row, rows int64, strict bool, dSofar, dCells int64) bool {
	spent := 2*cells*rows >= p*row
	if 8*(sofar-cells) > p-cells || 8*sofar > 9*cells && spent {
		return true
	}
	if !strict || sofar <= cells || !spent {
		return false
	}
	return dCells <= 0 || sofar+(p-cells)*dSofar/dCells >= p
}

// cellsAt is called by the cells' coding before each row r (of the block) with the payload so
// far: it records the payload at the trial's checks.
func (t *bytesTrial) cellsAt(r, payload int) {
	if t.next < t.checks && r == t.checkRow[t.next] {
		t.checkAt[t.next].Store(int64(payload) + 1)
		t.next++
	}
	if r < len(t.pre) {
		t.pre[r] = int64(payload)
	}
}

// cellsCheck returns the cells' payload at check k and in all (P), waiting on the goroutine
// for the cells to be coded (false if the choice is made first).
func (t *bytesTrial) cellsCheck(k int, cancellable bool) (int64, int64, bool) {
	for {
		if p := t.final.Load(); p > 0 {
			return t.checkAt[k].Load() - 1, p, true
		}
		if !cancellable || t.cancel.Load() {
			return 0, 0, false // (sequential: the cells are coded, P is known)
		}
		time.Sleep(time.Millisecond)
	}
}

// Speculation: the goroutine goes on to the next size only if the cells' payload, estimated
// from what they have coded so far, promises that it will be needed (by a margin); else it
// leaves it to tryBytes, which computes it after the cells if it turns out to be needed. E2
// is cheap (24 KiB more), the whole block is not: it is coded ahead only where E2 is clearly
// below the estimate (the blocks the corpus codes as bytes blocks have E2 at 0.66 to 0.85 of
// the cells' payload; rocket_gw2_nosecone's first block, a cell block, at about 1).
const (
	bytesSpecE1    = 115 // percent: E1 is computed if E0 < 3 times this share of the estimate,
	bytesSpecE2    = 115 // E2 if E1 < bytesE1Num/bytesE1Den of this share of it,
	bytesSpecBlock = 95  // the block is coded if E2 < this share of it
	bytesSpecShare = 16  // the estimate waits for this share of the rows (two looks, half apart)
)

// run computes E0, E1, E2 and B on a goroutine, as long as they promise to be needed.
func (t *bytesTrial) run() {
	defer close(t.done)
	t.e.freshBytes()
	t.computeE0()
	close(t.e0Ready)
	e1 := t.promising(bytesSpecE1, func(p, margin uint64) bool { return t.e0 < p*3*margin/100 })
	if e1 {
		t.computeE1()
		t.e1Done.Store(true)
	}
	close(t.e1Ready)
	if !e1 {
		close(t.e2Ready)
		return
	}
	e2 := t.promising(bytesSpecE2, func(p, margin uint64) bool { return t.e1*bytesE1Den < p*bytesE1Num*margin/100 })
	if e2 {
		t.computeE2()
		t.e2Done.Store(true)
	}
	close(t.e2Ready)
	if !e2 {
		return
	}
	if !t.promising(bytesSpecBlock, func(p, margin uint64) bool { return t.e2 < p*margin/100 }) {
		return
	}
	t.computeCoded(true)
}

// promising waits until the cells' payload is known or can be estimated and reports whether
// ok holds for it: exactly (margin 100 %) for the payload, with margin (percent) for an
// estimate (false if the choice has been made).
func (t *bytesTrial) promising(margin uint64, ok func(p, margin uint64) bool) bool {
	// The estimate extrapolates the cells' recent rate: a payload so far and the one a share
	// of the rows later (a fresh model codes its first rows dearer than the rest).
	step := max(int64(t.rows/(2*bytesSpecShare)), 64)
	for !t.cancel.Load() {
		if p := t.final.Load(); p > 0 {
			return ok(uint64(p), 100)
		}
		r, o := t.cellRows.Load(), t.cellOut.Load()
		if t.snapR == 0 && r >= step {
			t.snapR, t.snapO = r, o
		}
		if t.snapR > 0 && r >= t.snapR+step {
			est := o + max(o-t.snapO, 0)*(int64(t.rows)-r)/(r-t.snapR)
			return ok(uint64(est), margin)
		}
		time.Sleep(time.Millisecond)
	}
	return false
}

// cellsProgress is called by the cells' coding every 64 rows with the rows coded and the
// payload so far (for the goroutine's estimate of the cells' payload).
func (t *bytesTrial) cellsProgress(rows, payload int) {
	t.cellRows.Store(int64(rows))
	t.cellOut.Store(int64(payload))
}

// mark is the column count of the trial's bytes block (which byte model).
func (t *bytesTrial) mark() int {
	if t.e.bytesV1 {
		return bytesBlockCols
	}
	return bytesBlockCols2
}

// passTo codes t.data[t.pos:to] into the pass (starting it, on the byte model freshBytes made
// ready, at the first call), recording the coded size at each check passed. It reports false
// when interrupted (the pass is then broken: the caller returns ErrInterrupted).
func (t *bytesTrial) passTo(to int) bool {
	e := t.e
	if t.bc == nil {
		t.bc = NewBitEncoder(e.bytesBuf)
		t.headLen = len(appendBytesHead(nil, t.rows, t.size, t.mark()))
		t.scr = e.bytesScr[:0]
	}
	for !t.broken && t.pos < to {
		end := to
		if t.passK < t.checks && t.checkOff[t.passK] < end {
			end = t.checkOff[t.passK]
		}
		t.scr = append(t.scr, t.data[t.pos:end]...)
		e.bytesScr = t.scr
		if !codeBytesInterruptible(t.bc, e.bytes, t.scr[t.pos:end], e.intr) {
			t.broken = true
			break
		}
		t.pos = end
		if t.passK < t.checks && end == t.checkOff[t.passK] {
			t.sofarAt[t.passK] = int64(t.headLen + t.bc.enc.Len())
			t.passK++
		}
	}
	return !t.broken
}

// passCost is the pass's cost so far (0 before it starts).
func (t *bytesTrial) passCost() uint64 {
	if t.bc == nil {
		return 0
	}
	return t.bc.Cost
}

func (t *bytesTrial) computeE0() {
	if t.lfl {
		t.passTo(t.n0 / 2)
		t.noteStep()
	}
	t.passTo(t.n0)
	t.noteStep()
	t.c0 = t.bc.Cost
	t.e0 = t.c0 / CostUnit / 8 * uint64(t.size) / uint64(t.n0)
	t.haveE0 = true
	t.e.bytesTried += t.n0
}

func (t *bytesTrial) computeE1() {
	var read int
	num, den := t.e1Bound()
	t.c1, read = t.costUntil(t.c0, t.n0, t.n1, num, den)
	t.e.bytesTried += read
	t.e1 = t.c1 / CostUnit / 8 * uint64(t.size) / uint64(t.n1)
	t.have = 1
}

// computeE2 computes E2, stopping once it is at least bytesFarNum/bytesFarDen of P (not P):
// so whether the cells won by far (bytesOutcome) is decided by the whole E2, whether or not
// P was known while it was computed (on the goroutine, that depends on timing).
func (t *bytesTrial) computeE2() {
	c, read := t.costUntil(t.c1, t.n1, t.n, bytesFarNum, bytesFarDen)
	t.c2 = c
	t.e.bytesTried += read
	t.e2 = c / CostUnit / 8 * uint64(t.size) / uint64(t.n)
	t.have = 2
}

// bytesStopStep: E1 and E2 look, every this many bytes, whether the cost so far already
// loses (costUntil).
const bytesStopStep = 512

// costUntil returns c plus the cost of t.data[from:to] under the byte model, and how many of
// those bytes it read. Once the cells' payload P is known, it stops as soon as the estimate
// from the cost so far, scaled to the block as E1 and E2 are (cost/CostUnit/8·size/to), is
// at least num/den of P: the estimate can only grow with the rest (each step of it is
// monotone in the cost), so tryBytes' choice, which takes the cells when the estimate is at
// least num/den of P (E1: 5/4, bytesE1Num; E2: 1, and E2 stops at 9/8, computeE2), is the same, and
// nothing after it reads the byte model (a bytes block's coding starts it afresh). The
// estimate it then gives is a lower bound that already loses. The same bytes are written
// either way; the encoder reads less of the block under the byte model where it was going
// to lose anyway.
//
// The bytes are coded by the pass (passTo), which is at from.
//
// From sensor model 19 on the estimate is prefixEst's (of the cost of the first to bytes), as
// tryBytes compares it, and likewise monotone in the cost; it also stops where the pace rule
// gives the bytes up (paceLost, at its points up to the bytes read), which tryBytes checks
// too. Each step's cost is recorded (noteStep) so that tryBytes can replay the sequential
// order where the goroutine read on without P (replay).
func (t *bytesTrial) costUntil(c uint64, from, to int, num, den uint64) (uint64, int) {
	for i := from; i < to; {
		if p := t.final.Load(); p > 0 {
			if t.over(c, to, num, den) || t.paceLost(i) {
				return c, i - from
			}
		}
		end := min(i+bytesStopStep, to)
		before := t.passCost()
		if !t.passTo(end) {
			return c, end - from // (interrupted: the caller discards the cost)
		}
		c += t.bc.Cost - before
		t.noteStep()
		i = end
	}
	return c, to - from
}

// noteStep records the pass's cost at the end of a step of the estimates.
func (t *bytesTrial) noteStep() {
	if !t.broken && t.pos <= t.n {
		t.stepC[(t.pos-1)/bytesStopStep] = t.bc.Cost
	}
}

// costAt is the pass's cost at x, the end of one of its steps in the estimates (noteStep).
func (t *bytesTrial) costAt(x int) uint64 { return t.stepC[(x-1)/bytesStopStep] }

// bytesPtBytes is the pace rule's first point (paceLost); the others double it.
const bytesPtBytes = 1 << 10

// paceLost reports whether the pace rule gives the bytes up at one of its points up to byte
// x (1 KiB and its doublings, costAt), once the cells are coded (P). At each point e (2 KiB or more) the bytes'
// pace is their cost between e/2 and e against the cells' payload for the same bytes
// (cellsPrefix), and the bytes block is projected as the bytes so far (head included) plus
// the cells' rest (P − cells(e)) at that pace: the bytes are given up where the projection
// is at least 9/8 of P (bytesFarNum/bytesFarDen, the margin of E2's far judgement) at a
// point and the one before it (at 2 KiB alone it gave up a dash t-SNE table of
// plotly/datasets, 122_data.csv, whose bytes block is 0.96 of P: 39,409 → 41,144 bytes).
//
// The like-for-like estimates (prefixEst) compare the bytes' cost so far with the cells'
// payload for the same bytes, so they see the block as the first 2, 8 or 32 KiB see it;
// where the cells' first rows are dear and the rest cheap (rocket_launch1, whose bytes are
// 0.57 of the cells at 2 KiB like for like and 1.13 at 32 KiB, rising) they wait for E2 and
// read 27 KiB where the scaled estimates read 7.7. The pace sees the rest of the block as
// the latest rows see it. On the corpus logs the cell blocks the like-for-like estimates
// let past E0 project at 1.13 to 2.7 of P at 2 KiB (air_quality_uci 1.13, precipitation
// 1.20, rocket_launch1 1.26, seattle_weather_1948 1.38, earthquakes_23k 1.35), the bytes
// blocks at 0.6 to 0.82; plotly/datasets' blocks the bytes win 0.87 to 1.07 at 2 KiB and at
// most 1.13 at one later point (df_IN_lat_lon at 4 KiB, 0.94 at 2 KiB). A point where the
// cells' payload so far is under half their even share of P (cellsPrefix(e)·size < P·e/2)
// gives nothing up: the corpus's cell blocks the rule ends are at 1.3 to 12 times it at 2 KiB.
func (t *bytesTrial) paceLost(x int) bool {
	lost, _ := t.pace(x)
	return lost
}

// pace is paceLost, and whether the cells won by far where the rule gives the bytes up: the
// projection at both points at least 5/4 of P (bytesE1Num/bytesE1Den, model 18's margin of
// E1), a margin the blocks the bytes win do not reach at any point (plotly/datasets: 0.87 to
// 1.07 at 2 KiB, at most 1.13 later; the corpus's bytes blocks 0.6 to 0.82). The corpus's
// blocks past the first of a table the rule ends project at 1.5 to 2.1 of P at both points
// (rocket_launch1's second block 1.51 and 1.56, rocket_launch4's second to fourth 1.76 to
// 2.06), its first blocks at 1.14 to 1.43 (rocket_launch4 1.19 and 1.25, rocket_launch1 1.26
// and 1.43; rocket_gw2_nosecone 1.14 and 1.38 at 8 and 16 KiB): see bytesOutcome.
func (t *bytesTrial) pace(x int) (lost, far bool) {
	p := t.final.Load()
	if !t.lfl || p <= 0 {
		return false, false
	}
	before, farBefore := false, false
	for e := 2 * bytesPtBytes; e <= min(x, t.n); e *= 2 {
		b, b0 := int64(t.headLen)+int64(t.costAt(e)/CostUnit/8), int64(t.headLen)+int64(t.costAt(e/2)/CostUnit/8)
		k, k0 := t.cellsPrefix(e), t.cellsPrefix(e/2)
		var lost, far bool
		if 2*k*int64(t.size) < p*int64(e) {
			// The cells' first e bytes cost under half their even share of P: the rest
			// of the block is unlike them (the tests' mixed log: a CSV's end, then a
			// binary log, 0.29 of it at 2 KiB), the pace says nothing of it.
		} else if dk := k - k0; dk > 0 {
			proj := b*dk + (p-k)*(b-b0) // the projected bytes block, times dk
			lost = proj*bytesFarDen >= p*dk*bytesFarNum
			far = proj*bytesE1Den >= p*dk*bytesE1Num
		} else {
			lost, far = b > b0, b > b0
		}
		if lost && before {
			return true, far && farBefore
		}
		before, farBefore = lost, far
	}
	return false, false
}

// frontLoaded reports whether the cells' payload for the block's first n0 bytes is at least
// 8 times their even share of P (cellsPrefix(n0)·size ≥ 8·P·n0): the block's first rows are
// no sample of the rest (a head of metadata: tmy3_greensboro 19 times, surfrad_slv_20160101
// 12), so E0 like for like does not override E0 scaled (tryBytes). The blocks of
// plotly/datasets the bytes win that E0 like for like lets past E0 are 2.5 to 5.4 times.
func (t *bytesTrial) frontLoaded(p uint64) bool {
	return uint64(t.cellsPrefix(t.n0))*uint64(t.size) >= 8*p*uint64(t.n0)
}

// computeCoded codes the block under a fresh byte model, or gives it up (lost) at a check
// where it loses (checkLoses) or once it reaches the cells' payload P (if known by then: it
// would lose anyway, so the choice is the same whenever P is known); on the goroutine
// (cancellable) it gives up when the choice is made first, and reports whether it finished.
func (t *bytesTrial) computeCoded(cancellable bool) bool {
	e := t.e
	head := appendBytesHead(nil, t.rows, t.size, t.mark())
	// The block's bytes go on from where the estimates' pass stopped (at most
	// bytesTrialBytes, less than a step, so that only checks were passed there: each
	// check's size was recorded as it was passed); the steps and checks are those of
	// the coding from the block's first byte.
	if t.bc == nil {
		t.passTo(0) // (no estimate was computed: the pass starts here)
	}
	// The room for the rest of the block is made only now (as before the pass: most trials
	// end at an estimate, and the record arrays of a block's length are megabytes).
	e.bytes.Reserve(len(t.data) - t.pos)
	bc := t.bc
	var i int
	finish := func() { e.bytesBuf = bc.Finish() }
	lose := func() bool {
		e.bytesLost = append(e.bytesLost, i)
		finish()
		t.lost, t.have = true, 3
		return true
	}
	k := 0
	behind := false                // at the check before (model 12's rule, checkLoses)
	var lastSofar, lastCells int64 // at the check before (model 19's projection, checkLoses19)
	for i < len(t.data) {
		if cancellable && t.cancel.Load() {
			finish()
			return false
		}
		end := min(i+64<<10, len(t.data))
		if k < t.checks {
			end = min(end, t.checkOff[k])
		}
		if !t.passTo(max(end, t.pos)) {
			finish() // the caller returns ErrInterrupted
			t.lost, t.have = true, 3
			return false
		}
		i = end
		sofar := int64(t.headLen + bc.enc.Len())
		atCheck := k < t.checks && i == t.checkOff[k]
		if atCheck {
			sofar = t.sofarAt[k]
		}
		if p := t.final.Load(); p > 0 && sofar >= p {
			return lose()
		}
		if atCheck {
			cells, p, ok := t.cellsCheck(k, cancellable)
			if !ok {
				finish()
				return false
			}
			strict := e.model >= sensorModelV12 && behind
			if e.model >= sensorModelV19 {
				if checkLoses19(sofar, cells, p, int64(t.checkRow[k]), int64(t.rows), strict, sofar-lastSofar, cells-lastCells) {
					return lose()
				}
			} else if checkLoses(sofar, cells, p, int64(t.checkRow[k]), int64(t.rows), strict) {
				return lose()
			}
			behind = sofar > cells
			lastSofar, lastCells = sofar, cells
			k++
		}
	}
	t.coded = bc.Finish()
	e.bytesBuf = t.coded
	t.head = head
	t.have = 3
	return true
}

// wait waits for the goroutine to return (once the cells are coded, so that the sizes it
// computed can be read and the rest computed here).
func (t *bytesTrial) wait() {
	if t.running {
		<-t.done
		t.running = false
	}
}

// getE0, getE1, getE2 and getCoded return the sizes, in that order (computing them if the
// goroutine did not; it computes E0 first, then E1, E2 and the block only if the cells' cost
// promises it).
func (t *bytesTrial) getE0() uint64 {
	if t.running {
		<-t.e0Ready
		return t.e0
	}
	if !t.haveE0 { // no goroutine
		t.computeE0()
	}
	return t.e0
}

func (t *bytesTrial) getE1() uint64 {
	if t.running {
		<-t.e1Ready
		if t.e1Done.Load() {
			return t.e1
		}
		t.wait()
	}
	if t.have < 1 {
		t.computeE1()
	}
	return t.e1
}

func (t *bytesTrial) getE2() uint64 {
	if t.running {
		<-t.e2Ready
		if t.e2Done.Load() {
			return t.e2 // the goroutine may be coding the block: it is waited for only if needed
		}
		t.wait()
	}
	if t.have < 2 {
		t.computeE2()
	}
	return t.e2
}

func (t *bytesTrial) getCoded() {
	t.wait()
	if t.have < 3 {
		t.computeCoded(false)
	}
}

// stop ends the goroutine (the choice is made) and waits for it.
func (t *bytesTrial) stop() {
	t.cancel.Store(true)
	t.wait()
}

// resetCells gives the cell model a fresh state, as after a bytes block.
func (e *SensorEncoder) resetCells() {
	e.coder = newSensorCoder()
	e.coder.setParams(&e.params)
}

// newByteModel2 returns a fresh ByteModel2 of the variant of sensor model model: model 20's
// learning settings (FORMAT.md 12.8.15), model 16's
// records' next key from their clocks (branch frm16, FORMAT.md 12.8.11), model 15's
// binary records' words and fixed-width tables' fields (FORMAT.md 12.8.10), model 14's
// records' phase (12.8.9), model 13's table fields (12.8.8), model 12's
// tables and field-chosen weights (FORMAT.md 12.6.8), model 11's framed packets (FORMAT.md
// 12.6.7), model 10's
// record numbers (FORMAT.md 12.6.6), model 9's hex payloads (FORMAT.md 12.6.5), model 8's column numbers (12.6.4), model 7's record view (12.6.3), model 6's bit histories
// (12.6.2), or model 5's.
func newByteModel2(model int) *predict.ByteModel2 {
	switch {
	case model >= sensorModelV20:
		return predict.NewByteModel2Model20()
	case model >= sensorModelV17:
		return predict.NewByteModel2Model17Frm()
	case model >= sensorModelV16:
		return predict.NewByteModel2Model16Frm()
	case model >= sensorModelV15:
		return predict.NewByteModel2Model15()
	case model >= sensorModelV14:
		return predict.NewByteModel2Model14()
	case model >= sensorModelV13:
		return predict.NewByteModel2Model13()
	case model >= sensorModelV12:
		return predict.NewByteModel2Model12()
	case model >= sensorModelV11:
		return predict.NewByteModel2Model11()
	case model >= sensorModelV10:
		return predict.NewByteModel2Model10()
	case model >= sensorModelV9:
		return predict.NewByteModel2Model9()
	case model >= sensorModelV8:
		return predict.NewByteModel2Model8()
	case model >= sensorModelV7:
		return predict.NewByteModel2Model7()
	case model >= sensorModelV6:
		return predict.NewByteModel2Model6()
	}
	return predict.NewByteModel2()
}

// freshByteModel returns the byte model of a bytes block of the given mark in its initial
// state: *m1 (bytesBlockCols) or *m2 (the variant of sensor model model, newByteModel2),
// allocated on first use and reset after.
func freshByteModel(mark, model int, m1 **predict.ByteModel, m2 **predict.ByteModel2) byteModel {
	if mark == bytesBlockCols {
		if *m1 == nil {
			*m1 = predict.NewByteModel()
		} else {
			(*m1).Reset()
		}
		return *m1
	}
	if v6, v7, v8, v9, v10, v11, v12 := model >= sensorModelV6, model >= sensorModelV7, model >= sensorModelV8, model >= sensorModelV9, model >= sensorModelV10, model >= sensorModelV11, model >= sensorModelV12; *m2 == nil || (*m2).Model6() != v6 || (*m2).Model7() != v7 || (*m2).Model8() != v8 || (*m2).Model9() != v9 || (*m2).Model10() != v10 || (*m2).Model11() != v11 || (*m2).Model12() != v12 || (*m2).Model13() != (model >= sensorModelV13) || (*m2).Model14() != (model >= sensorModelV14) || (*m2).Model15() != (model >= sensorModelV15) || (*m2).Model16Frm() != (model >= sensorModelV16) || (*m2).Model17Frm() != (model >= sensorModelV17) || (*m2).Model20() != (model >= sensorModelV20) {
		*m2 = newByteModel2(model)
	} else {
		(*m2).Reset()
	}
	return *m2
}

// decodeBytesBlock decodes a bytes block into s.out and resets the cell model.
func (s *sensorDecoder) decodeBytesBlock(rows, raw, mark int, coded []byte, size int) error {
	if s.params.Model < sensorModelV4 {
		return fmt.Errorf("bytes block in a model-%d stream", s.params.Model)
	}
	m := freshByteModel(mark, s.params.Model, &s.bytes, &s.bytes2)
	m.Reserve(raw)
	st := &SensorBlockStats{Block: s.blocks, FirstRow: int(s.rows), Rows: rows, RawBytes: raw, Bytes: size, ByteModel: true}
	bc := NewBitDecoder(coded)
	bc.noCost = true
	start := len(s.out)
	s.out = append(s.out, make([]byte, raw)...)
	if !codeBytesInterruptible(bc, m, s.out[start:], s.intr) {
		s.out = s.out[:start]
		return ErrInterrupted
	}
	if bc.Overrun() {
		s.out = s.out[:start]
		return fmt.Errorf("bytes block: %v", errSensorCorrupt)
	}
	s.coder = s.freshCoder()
	if !s.holdHash {
		s.hash.Write(s.out[start:])
	}
	s.raw += uint64(raw)
	s.rows += int64(rows)
	s.stats = append(s.stats, *st)
	s.total.addBlock(st)
	return nil
}

// bytesJobMiB is the memory a bytes job takes beyond the decoder's own byte model: its own
// (sensor model 17's: 96 MiB, 116 with a fixed-width table's counters) and the per-byte
// arrays of a block of up to 1 MiB (14 bytes a byte).
const bytesJobMiB = 128

// bytesJob is a bytes block decoded on a goroutine of its own (a Decoder of two threads or
// more): nothing after a bytes block depends on its contents (both models restart fresh), so
// the next block is decoded meanwhile. Its output, checksum and statistics are taken, in
// order, when it is joined; its error is the one decodeBytesBlock would have given, at the
// same block and offset.
type bytesJob struct {
	st    SensorBlockStats
	out   []byte
	err   error
	off   int64 // the reader's offset after the block (the error's)
	done  chan struct{}
	model byteModel
}

// startBytesJob starts decoding a bytes block (its head read: rows, raw bytes, model mark, coded data,
// payload size; off the reader's offset after it) and resets the cell model, as
// decodeBytesBlock does once done.
func (s *sensorDecoder) startBytesJob(rows, raw, mark int, coded []byte, size int, off int64) {
	m := freshByteModel(mark, s.params.Model, &s.jobModel, &s.jobModel2)
	m.Reserve(raw)
	j := &bytesJob{st: SensorBlockStats{Block: s.blocks, FirstRow: int(s.rows), Rows: rows, RawBytes: raw, Bytes: size, ByteModel: true},
		out: make([]byte, raw), off: off, done: make(chan struct{}), model: m}
	go func() {
		defer close(j.done)
		bc := NewBitDecoder(coded)
		bc.noCost = true
		if !codeBytesInterruptible(bc, j.model, j.out, s.intr) {
			j.err = ErrInterrupted
			return
		}
		if bc.Overrun() {
			j.err = fmt.Errorf("bytes block: %v", errSensorCorrupt)
		}
	}()
	s.coder = s.freshCoder()
	s.rows += int64(rows)
	s.job = j
}

// joinBytesJob waits for the bytes block being decoded and makes s.out its output followed by
// side (a block decoded meanwhile, whose statistics were appended at index at and whose
// checksum the caller adds next), or returns the block's CorruptError.
func (s *sensorDecoder) joinBytesJob(at int, side []byte) error {
	j := s.job
	s.job = nil
	<-j.done
	if errors.Is(j.err, ErrInterrupted) {
		return j.err
	}
	if j.err != nil {
		return &CorruptError{Stream: 0, Segment: 0, Frame: j.st.Block, Offset: j.off, Reason: j.err.Error(), sensor: true}
	}
	s.hash.Write(j.out)
	s.raw += uint64(j.st.RawBytes)
	s.stats = slices.Insert(s.stats, at, j.st)
	s.total.addBlock(&j.st)
	s.out = append(j.out, side...)
	return nil
}
