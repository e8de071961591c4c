package codec

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"sync/atomic"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// A sensor stream holds a text log (CSV, TSV, any delimiter) byte for byte. The encoder
// splits it into rows and cells (vision.SplitRecord), reads numeric cells as exact decimals
// (vision.ParseNumber) and codes blocks of rows under the sensor model; docs/FORMAT.md
// ("Sensor streams") specifies the stream.

const (
	sensorBlockBytes  = 1 << 20 // a block holds about this much of the log
	sensorDetectBytes = 1 << 16 // the delimiter is guessed from this much
)

// SensorEncoder compresses a sensor log (CSV/TSV text) into a .vlm: write the log's bytes into
// it in any pieces, then Close. Decoding restores the bytes exactly (see Decoder.Read). Any
// bytes are accepted: what is not a number is coded as text.
type SensorEncoder struct {
	w       io.Writer
	threads int // for the lattice search (WithThreads)
	cw      *containerWriter
	params  SensorParams
	started bool
	closed  bool
	err     error // sticky
	pending []byte
	fileID  uint64
	coder   *sensorCoder
	hash    hash.Hash
	raw     uint64
	rows    int
	stats   []SensorBlockStats
	summary SensorSummary
	cells   []sensorCell
	ends    []vision.LineEnd
	starts  []int
	offs    []int // each row's end in e.pending (splitRows)
	fields  [][]byte
	payload []byte
	coded   []byte
	model   int  // the sensor model version written (SetModel)
	law     bool // mix in the law stage (SetLaw; model 2, single-stream files)
	lawSet  bool // SetLaw chose; otherwise the log's length decides (start)
	// splitSet: params.Split and Widths are given (the trials of chooseSplit, tests);
	// otherwise start chooses them
	splitSet bool
	parts    sensorParts // rows coded in parts (recordings, multi_parts.go)
	gate     *logGate    // a log of a recording coded with and without the video's input (multi_gate.go)
	// restarts (recordings, stream.reset): the segment of the last restart, and whether the
	// next chunk starts it
	segment   uint32
	restarted bool

	// the residual models and value-context tables that this encoder's trial coders gave
	// back, for its next trials (its own: not shared with another encoder in the process,
	// senc10); classify drains it when its trials are done
	trialModels predict.TrialModels
	// What classify carries from block to block (sensor_pipe.go): one struct, so the
	// pipeline saves and restores it whole.
	classifyState

	// Bytes blocks (sensor_bytes.go): allowed (model 4, a file of one stream, not a probe),
	// the byte model and its buffers.
	bytesOK    bool
	noBytes    bool // a probe (lawProbe): never bytes blocks
	bytes      byteModel
	bytesV1    bool // tests: bytes blocks under the first byte model (mark bytesBlockCols), as before ByteModel2
	bytesBuf   []byte
	bytesScr   []byte
	bytesPre   []int64      // the bytes trial's pre (reused)
	bytesN     int          // blocks coded as bytes blocks
	btrial     *bytesTrial  // the next block's (sensor_bytes.go)
	bytesLost  []int        // where the bytes blocks given up were (tests)
	bytesTried int          // bytes of the log the trials' estimates read (tests)
	bytesLast  bytesOutcome // the last bytes trial's outcome (the next block may skip its own)
	bytesSkips int          // blocks whose bytes trial was skipped (tests)
	trialRows  atomic.Int64 // rows the trials of classify coded (tests; runTrials)
	memoRows   atomic.Int64 // of those, rows whose costs the memo gave (sensor_memo.go; tests)
	rel13Cut   atomic.Int64 // model 13's estimates cut short by their bound (chooseRel13; tests)
	memo       *trialMemo   // the block's trials' costs from row 0, while classify runs (sensor_memo.go)
	noCarry    bool         // tests: every block runs all its trials (nothing carried or shared)

	intr *interrupter // WithInterrupt (nil: none)

	periodMemo *predict.PeriodMemo // FindPeriod's answers in the block being classified

	// The pipeline (sensor_pipe.go): with two threads or more, a log of its own codes each
	// block on a goroutine while the next block is split and classified. held is the size of
	// the block in flight (fly) at the start of e.pending; spare, the row buffers of the
	// block not being classified.
	pipe   bool
	noPipe bool // tests: the blocks one after the other, as with one thread
	held   int
	fly    *blockJob
	spare  rowBufs
	piped  int // blocks classified beside the coding of the one before (tests)
	redone int // of those, classified again because the one before became a bytes block (tests)
	// tests: blocks of about this many bytes instead of sensorBlockBytes (0: those)
	testBlock int
	// wholeBlock: Write asks for a block of the full size, whose rows must not depend on how
	// the log was cut into writes; shortBlock: splitRows met a record not all here before
	// the block was full, and left the block for a later Write (or Close)
	wholeBlock, shortBlock bool
}

// blockSize is about how many bytes of the log a block holds: sensorBlockBytes (tests may
// ask for smaller blocks).
func (e *SensorEncoder) blockSize() int {
	if e.testBlock > 0 {
		return e.testBlock
	}
	return sensorBlockBytes
}

// NewSensorEncoder returns an encoder writing a .vlm holding one sensor stream to w. The
// file header, which records the delimiter and the header row, is written once the start of
// the log has been seen (at the latest by Close).
func NewSensorEncoder(w io.Writer, opts ...Option) (*SensorEncoder, error) {
	o, err := buildOptions(forSensorEncoder, opts)
	if err != nil {
		return nil, err
	}
	return &SensorEncoder{w: w, threads: o.threads, fileID: o.fileID, coder: newSensorCoder(), hash: sha256.New(), pending: make([]byte, 0, 1<<16), model: sensorModelVersion, intr: newInterrupter(o.interrupt)}, nil
}

// SetModel chooses the sensor model version the encoder writes: 12 (the default), 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, or 1, the
// model of the first vidlm files (older models are kept so that files can be re-encoded exactly). It must be
// called before the first Write.
func (e *SensorEncoder) SetModel(v int) error {
	if e.started || e.raw > 0 {
		return errors.New("codec: SetModel after Write")
	}
	if v < sensorModelV1 || v > sensorModelV20 {
		return fmt.Errorf("codec: no sensor model %d", v)
	}
	e.model = v
	return nil
}

// Write takes more of the log.
func (e *SensorEncoder) Write(p []byte) (int, error) {
	if e.closed {
		return 0, errors.New("codec: write to a closed encoder")
	}
	if e.err != nil {
		return 0, e.err
	}
	e.hash.Write(p)
	e.raw += uint64(len(p))
	if need := len(e.pending) + len(p); need > cap(e.pending) && need <= 2*sensorBlockBytes {
		// Once a log is longer than the detection window, make room for a whole block and
		// the next piece at once rather than doubling from 64 KiB (each doubling copies).
		e.pending = slices.Grow(e.pending, 2*sensorBlockBytes-len(e.pending))
	}
	e.pending = append(e.pending, p...)
	if !e.started {
		if len(e.pending) < sensorDetectBytes {
			return len(p), nil
		}
		if e.err = e.start(false); e.err != nil {
			return 0, e.err
		}
	}
	for len(e.pending)-e.held > e.blockSize() && e.err == nil && !e.parts.on {
		e.wholeBlock = true
		e.err = e.codeBlock(false)
		e.wholeBlock = false
		if e.shortBlock {
			e.shortBlock = false
			break // the record that ends the block is not all here: the next Write
		}
	}
	if e.err != nil {
		return 0, e.err
	}
	return len(p), nil
}

// Close codes what is left and writes the trailer; it does not close the underlying writer.
func (e *SensorEncoder) Close() error {
	if e.closed {
		return e.err
	}
	e.closed = true
	if e.err != nil {
		return e.err
	}
	if !e.started {
		if e.err = e.start(true); e.err != nil {
			return e.err
		}
	}
	for len(e.pending) > e.held && e.err == nil {
		e.err = e.codeBlock(true)
	}
	last := e.fly
	if err := e.join(); e.err == nil {
		e.err = err
	}
	if last != nil { // (the last block's rows, as one thread leaves them: tests read them)
		e.cells, e.starts, e.ends, e.offs = last.cells, last.starts, last.ends, last.offs
	}
	if e.err != nil {
		return e.err
	}
	seq := uint32(e.summary.Blocks)
	if e.err = e.cw.writeChunk(ChunkSummary, 0, 0, seq, 0, e.summary.marshal()); e.err != nil {
		return e.err
	}
	var sum [32]byte
	copy(sum[:], e.hash.Sum(nil))
	e.err = e.cw.close([]StreamIndex{{RawBytes: e.raw, SHA256: sum}})
	return e.err
}

// Params returns the stream's parameters (valid once the file header has been written).
func (e *SensorEncoder) Params() *SensorParams { return &e.params }

// Stats returns the statistics of every block coded so far (of a log coded in parts, the last
// part's only).
func (e *SensorEncoder) Stats() []SensorBlockStats { return e.stats }

// SetLaw chooses whether the sensor model mixes in the law stage (sensor_law.go), for a file
// of one sensor stream under model 2 (a recording's streams go without it). Without it, a log
// of at most 64 KiB is coded both ways and takes the stage when it codes smaller, and a longer
// one takes it. It must be called before the first Write.
func (e *SensorEncoder) SetLaw(on bool) error {
	if e.started || e.raw > 0 {
		return errors.New("codec: SetLaw after Write")
	}
	e.law, e.lawSet = on, true
	return nil
}

// lawProbe decides whether a short log's sensor model mixes in the law stage, unless SetLaw
// did: the whole log (at most what start sees, 64 KiB) is coded both ways and the smaller
// wins, so that a log the stage does not help does not pay for its parameter either.
func (e *SensorEncoder) lawProbe(sample []byte) bool {
	size := func(law bool) int {
		var n countWriter
		t, err := NewSensorEncoder(&n, WithThreads(max(e.threads, 1)))
		if err != nil {
			return 0
		}
		t.model = e.model
		t.noBytes = true
		t.splitSet, t.params.Split, t.params.Widths = true, e.params.Split, e.params.Widths
		_ = t.SetLaw(law)
		if _, err := t.Write(sample); err != nil {
			return 0
		}
		if err := t.Close(); err != nil {
			return 0
		}
		return int(n)
	}
	on, off := size(true), size(false)
	return on > 0 && off > 0 && on < off
}

// countWriter counts the bytes written to it.
type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// Summary returns the totals of the blocks coded so far.
func (e *SensorEncoder) Summary() *SensorSummary { return &e.summary }

// start guesses the delimiter, takes the header row off and writes the file header.
func (e *SensorEncoder) start(atEOF bool) error {
	e.started = true
	sample := e.pending[:min(len(e.pending), sensorDetectBytes)]
	e.params.Delimiter = vision.DetectDelimiter(sample, atEOF && len(sample) == len(e.pending))
	e.params.Model, e.params.Decimal = e.model, '.'
	e.params.Law = false
	e.bytesOK = e.model >= sensorModelV4 && e.cw == nil && !e.noBytes
	if e.model < sensorModelV6 || e.cw != nil {
		e.params.Split, e.params.Widths = splitDelim, nil
	} else if !e.splitSet {
		e.chooseSplit(sample, atEOF && len(sample) == len(e.pending))
	}
	if e.model >= sensorModelV2 && e.cw == nil {
		if !e.lawSet {
			// A log that fits in the sample is coded both ways and the smaller wins (exact:
			// the stage's parameter, a few bytes, would be a loss on a small log it does not
			// help). A longer log takes the stage: its own gate keeps each column on the
			// model's prediction unless the law's has cost less, so where it does not help it
			// costs little (at most 0.12 % on the corpus), while its start (a body at rest, a
			// rocket on the pad) would often hide where it does.
			if whole := atEOF && len(sample) == len(e.pending); whole {
				e.law = e.lawProbe(sample)
			} else {
				e.law = true
			}
		}
		e.params.Law = e.law
	}
	if e.model >= sensorModelV2 && vision.DetectDecimalComma(sample, e.params.Delimiter) {
		e.params.Decimal = ','
	}
	e.coder.setParams(&e.params)
	fields, _, n := e.params.splitRecord(e.pending, atEOF, maxSensorRecord, nil)
	e.params.Columns = len(fields)
	if n > 0 && isHeaderRow(fields) {
		e.params.Header = append([]byte{}, e.pending[:n]...)
		e.params.Names = columnNames(e.params.Header, &e.params)
		e.pending = e.pending[n:]
	}
	if e.cw != nil {
		return nil // one stream of a multi-stream file (multi.go): its writer wrote the header
	}
	e.pipe = e.threads >= 2 && !e.noPipe // (a log of its own: sensor_pipe.go)
	cw, err := newContainerWriter(e.w, e.fileID, []StreamHeader{{Kind: KindSensor, Params: e.params.marshal()}})
	e.cw = cw
	return err
}

// isHeaderRow reports whether a first row names columns: a field that is text.
func isHeaderRow(fields [][]byte) bool { return vision.IsTextRow(fields) }

// codeBlock codes the next block of rows off e.pending: up to sensorBlockBytes of complete
// records (and the incomplete last one at EOF). With two threads or more a log of its own
// goes through codeBlockPiped instead (sensor_pipe.go): the same steps, the block's coding
// on a goroutine while the next block is classified.
func (e *SensorEncoder) codeBlock(atEOF bool) error {
	if e.gate != nil {
		return e.codeGatedBlock(atEOF)
	}
	if e.pipe {
		return e.codeBlockPiped(atEOF)
	}
	if e.intr.interrupted() {
		return ErrInterrupted
	}
	size, h := e.nextBlock(atEOF)
	if h == nil {
		return nil
	}
	if e.intr.interrupted() { // (a trial of classify stopped short)
		return ErrInterrupted
	}
	j := e.launchBlock(size, h)
	if err := e.finishBlock(j); err != nil {
		return err
	}
	n := copy(e.pending, e.pending[size:])
	e.pending = e.pending[:n]
	return nil
}

// blockJob is a classified block on its way to the file: its size, its statistics and the
// rows split from e.pending (its cells, their rows' starts, line ends and ends in bytes),
// which stay its own while the next block is split and classified (sensor_pipe.go).
type blockJob struct {
	size   int
	st     *SensorBlockStats
	cells  []sensorCell
	starts []int
	ends   []vision.LineEnd
	offs   []int
	// trial: a bytes trial runs beside the block's coding (it may end as a bytes block,
	// which gives the cell model a fresh state); bytes: it did; wide: the block has
	// bytesDropCols columns or more (its byte model is dropped after the trial)
	trial, bytes, wide bool
	done               chan struct{} // closed when finishBlock has returned (sensor_pipe.go)
	err                error         // finishBlock's
}

// launchBlock starts the coding of a classified block (size bytes at the start of e.pending,
// head h): the bytes trial beside it, the cell model's side information and the payload's
// head. What follows reads only the job, the cell coder and the bytes trial.
func (e *SensorEncoder) launchBlock(size int, h *sensorBlockHead) *blockJob {
	// After classify: its trial coders are garbage by now, the byte model need not share the
	// heap with them. Model 13: a one-column signal's block has none (sensor_casc13.go).
	if e.model >= sensorModelV13 && e.oneCol {
		e.btrial = nil
	} else {
		e.startBytesTrial(size, len(h.ec))
	}
	e.coder.startBlock(h)
	st := &SensorBlockStats{Block: int(e.summary.Blocks), FirstRow: e.rows, Rows: len(e.ends), RawBytes: size}
	e.payload = h.append(e.payload[:0])
	return &blockJob{size: size, st: st, cells: e.cells, starts: e.starts, ends: e.ends, offs: e.offs, trial: e.btrial != nil, wide: len(e.coder.cols) >= bytesDropCols}
}

// finishBlock codes block j's rows, lets the bytes trial choose, and writes the chunk.
func (e *SensorEncoder) finishBlock(j *blockJob) error {
	c := e.coder
	st := j.st
	e.codeRowsOf(st, j.cells, j.starts, j.ends, 0, len(j.ends))
	if e.intr.interrupted() { // (codeRows stopped short)
		if t := e.btrial; t != nil {
			e.btrial = nil
			t.stop()
		}
		return ErrInterrupted
	}
	e.coded = c.bc.Finish()
	e.payload = append(e.payload, e.coded...)
	if e.tryBytes(j.size) {
		j.bytes = true
		st = &SensorBlockStats{Block: st.Block, FirstRow: st.FirstRow, Rows: st.Rows, RawBytes: st.RawBytes, ByteModel: true}
	}
	// The byte model (about 110 MB) is not used again before the next block's trial, which
	// starts it afresh (freshBytes). A wide table's classify trials hold many residual models
	// at once (71 columns: about 150 MB): there the byte model is dropped so as not to share
	// the heap with them, at the price of faulting its pages in again for the next block
	// (about 0.1 s of system time a block); a narrow log's trials are small and it keeps it.
	if len(c.cols) >= bytesDropCols {
		e.bytes = nil
	}
	if e.intr.interrupted() { // the bytes trial may have stopped short
		return ErrInterrupted
	}
	if err := e.writeBlock(st); err != nil {
		return err
	}
	e.stats = append(e.stats, *st)
	e.summary.addBlock(st)
	e.rows += len(j.ends)
	return nil
}

// bytesDropCols is the number of columns from which the encoder drops its byte model between
// blocks (codeBlock). Measured: tmy3_greensboro (71 columns) peak RSS 354 -> 244 MB,
// rocket_launch4 (31) 288 -> 225 MB; a 20 MB log of 10 columns 213 -> 190 MB but 1.1 to 2.7 s
// more wall time (19 blocks), mocap_gt_V102 (8) no gain.
const bytesDropCols = 16

// cellsAhead returns about how many cells the next block holds: a field ends at a delimiter or
// a line end, so counting them (a fast scan) saves growing e.cells (cells hold pointers: each
// copy costs write barriers and the collector's scans) by more than a guess would.
func (e *SensorEncoder) cellsAhead() int {
	b := e.pending[e.held:]
	b = b[:min(len(b), e.blockSize()+e.blockSize()/16)]
	if e.params.Split == splitFixed {
		return (len(e.params.Widths) + 1) * (bytes.Count(b, []byte{'\n'}) + 1)
	}
	sep := e.params.Delimiter
	if e.params.Split == splitSpaces {
		sep = ' '
	}
	return bytes.Count(b, []byte{sep}) + bytes.Count(b, []byte{'\n'}) + 1
}

// splitRows splits the next block's rows off e.pending into e.cells, e.ends and e.starts (and
// each row's end, in bytes from the start of e.pending, into e.offs): up to sensorBlockBytes
// nextBlock cuts the next block of rows off e.pending and classifies its columns: the
// block's size in bytes and its head, or a nil head when no complete row is pending.
func (e *SensorEncoder) nextBlock(atEOF bool) (int, *sensorBlockHead) {
	if want := e.cellsAhead(); cap(e.cells) < want {
		e.cells = make([]sensorCell, 0, want)
	}
	size := e.splitRows(atEOF)
	if len(e.ends) == 0 {
		return 0, nil
	}
	h := e.classify(size)
	e.lastHead = h
	return size, h
}

// of complete records (and the incomplete last one at EOF). It returns their size.
func (e *SensorEncoder) splitRows(atEOF bool) int {
	e.cells, e.ends, e.starts, e.offs = e.cells[:0], e.ends[:0], e.starts[:0], e.offs[:0]
	rest := e.pending[e.held:] // (after the block in flight, sensor_pipe.go)
	size := 0
	for len(rest) > 0 && size < e.blockSize() && len(e.ends) < maxSensorRows {
		var end vision.LineEnd
		var n int
		e.fields, end, n = e.params.splitRecord(rest, atEOF, maxSensorRecord, e.fields[:0])
		if n == 0 {
			if e.wholeBlock {
				// The block would end before this record, which the next write completes:
				// where a block ends would then depend on how the log was cut into writes
				// (a pipe's pieces), and so would the file. Wait for the record instead.
				e.shortBlock = true
				e.cells, e.ends, e.starts, e.offs = e.cells[:0], e.ends[:0], e.starts[:0], e.offs[:0]
				return 0
			}
			break
		}
		e.starts = append(e.starts, len(e.cells))
		for _, f := range e.fields {
			e.cells = append(e.cells, sensorCell{b: f})
		}
		e.ends = append(e.ends, end)
		rest = rest[n:]
		size += n
		e.offs = append(e.offs, size)
	}
	if len(e.ends) > 0 {
		e.starts = append(e.starts, len(e.cells))
	}
	return size
}

// classify reads the block's cells (empty, number, text), chooses each column's unit, finds
// the lattices and returns the block's side information.
func (e *SensorEncoder) classify(size int) *sensorBlockHead {
	cols := 0
	for r := range e.ends {
		cols = max(cols, min(e.starts[r+1]-e.starts[r], predict.MaxSensorColumns))
	}
	h := &sensorBlockHead{rows: len(e.ends), raw: size, ec: make([]int32, cols), hasEc: make([]bool, cols)}
	e.periodMemo = &predict.PeriodMemo{} // (the block's columns' periods, asked more than once)
	e.latFirst = nil
	e.memo = e.newTrialMemo() // (the trials' costs, for later trials of the same head)
	defer func() {
		e.periodMemo = nil // (nor its copies of the columns kept past the head)
		e.memo = nil
		e.trialModels.Drain() // (nor its trials' models beside the block's coding, senc9)
	}()
	for c := 0; c < cols && c < len(e.coder.cols); c++ {
		if col := e.coder.cols[c]; col.HasEc {
			h.ec[c], h.hasEc[c] = col.Ec, true
		}
	}
	parts := e.cellParts()
	scratch := make([][]byte, parts)
	dec := e.params.Decimal
	e.eachCellParallel(parts, func(part, i, r, c int, cell *sensorCell) {
		if len(cell.b) == 0 {
			cell.kind = predict.CellEmpty
			return
		}
		x, ok := vision.ParseNumberSep(cell.b, dec)
		if ok {
			scratch[part] = vision.AppendNumberSep(scratch[part][:0], x, dec)
			ok = bytes.Equal(scratch[part], cell.b)
		}
		if !ok {
			cell.kind = predict.CellText
			return
		}
		cell.kind, cell.num = predict.CellNumber, x
	})
	if e.model >= sensorModelV2 {
		h.model = e.model
		h.layouts = e.findDates(cols)
		h.affixes = e.findAffixes(cols, h.layouts)
		h.floats = e.findFloats(cols, h.layouts, h.affixes)
		e.chooseUnits(h)
	} else {
		e.eachCell(func(i, r, c int, cell *sensorCell) {
			if cell.kind != predict.CellNumber {
				return
			}
			if x := cell.num; !h.hasEc[c] || x.Exp < h.ec[c] {
				h.ec[c], h.hasEc[c] = x.Exp, true
			}
		})
	}
	// Values in column units; a number too large for its column's unit is text.
	for len(e.lat) < cols {
		e.lat = append(e.lat, predict.LatticeColumn{})
	}
	lat := e.lat[:cols]
	for c := range lat {
		lat[c].X = slices.Grow(lat[c].X[:0], len(e.ends))[:len(e.ends)]
		lat[c].Res = slices.Grow(lat[c].Res[:0], len(e.ends))[:len(e.ends)]
	}
	for c := range lat {
		for r := range lat[c].Res {
			lat[c].Res[r] = -1
		}
	}
	e.eachCellParallel(parts, func(_, i, r, c int, cell *sensorCell) {
		if cell.kind != predict.CellNumber {
			return
		}
		sh := int(cell.num.Exp - h.ec[c])
		if sh < 0 || sh > 18 || cell.num.Digits > uint64(1<<62)/vision.Pow10(sh) {
			cell.kind = predict.CellText
			return
		}
		v := int64(cell.num.Digits * vision.Pow10(sh))
		if cell.num.Neg {
			v = -v
		}
		cell.x = v
		if i-e.starts[r] == c {
			lat[c].X[r], lat[c].Res[r] = v, int8(sh)
		}
	})
	h.groups = predict.FindLatticesThreads(lat, e.groups, e.classifyThreads())
	if e.model >= sensorModelV5 {
		// Times of day wrap every day: a step that a lattice would take from them is a day,
		// and the hour a residual. Model 5 leaves them to their series (and period).
		h.groups = slices.DeleteFunc(h.groups, func(g predict.LatticeParams) bool {
			for _, l := range h.layouts {
				if l.col >= g.Col && l.col < g.Col+g.G && !l.layout.HasDate() {
					return true
				}
			}
			return false
		})
	}
	var dropped []predict.LatticeParams
	if e.model >= sensorModelV10 && len(h.groups) > 0 {
		// Model 10: a column that a relation of its row predicts well (in field order) leaves
		// its lattice (the lattice's prediction would take the relation's place).
		pre := e.findRelations(h, lat, make([]bool, cols), relDropGain)
		h.groups = slices.DeleteFunc(h.groups, func(g predict.LatticeParams) bool {
			for _, r := range pre {
				if r.col >= g.Col && r.col < g.Col+g.G {
					dropped = append(dropped, g) // (model 11: checkRelations may take it back)
					return true
				}
			}
			return false
		})
	}
	var perAll []int
	if e.model >= sensorModelV7 && len(h.groups) > 0 {
		// Model 7: every column's period, then a trial of the block's lattices against
		// fewer of them (chooseLattices).
		perAll = make([]int, len(lat))
		predict.ParallelFor(e.classifyThreads(), len(lat), func(c int) {
			if c != predict.MaxSensorColumns-1 {
				perAll[c] = e.periodMemo.Find(lat[c].X, lat[c].Res)
			}
		})
		h.groups = e.chooseLattices(h, perAll)
	}
	e.groups = h.groups
	if e.model >= sensorModelV2 {
		inLat := make([]bool, cols)
		for _, g := range h.groups {
			for a := 0; a < g.G; a++ {
				inLat[g.Col+a] = true
			}
		}
		if perAll != nil {
			h.periods = e.periodsOf(h.groups, len(lat), func(c int) int { return perAll[c] })
		} else {
			h.periods = e.periodsOf(h.groups, len(lat), func(c int) int { return e.periodMemo.Find(lat[c].X, lat[c].Res) })
		}
		if e.model >= sensorModelV4 {
			var vc valueCands
			for c := range lat {
				if inLat[c] || c >= predict.MaxSensorColumns-1 {
					continue
				}
				if v, d := predict.ValueCandidate(lat[c].X, lat[c].Res); v || e.model >= sensorModelV9 && valueCandidate9(lat[c].Res) {
					vc.cand, vc.direct = append(vc.cand, c), append(vc.direct, d)
					vc.rank = append(vc.rank, e.model >= sensorModelV8 && rankCandidate(lat[c].X, lat[c].Res))
				}
			}
			h.values = e.chooseValues(h, vc)
		}
		if e.model >= sensorModelV5 {
			h.order = e.chooseOrder(h)
		}
		if e.model >= sensorModelV10 {
			h.rels = e.findRelations(h, lat, inLat, relGain)
			if e.model >= sensorModelV11 {
				periods := func(groups []predict.LatticeParams) []colPeriod {
					if perAll != nil {
						return e.periodsOf(groups, len(lat), func(c int) int { return perAll[c] })
					}
					return e.periodsOf(groups, len(lat), func(c int) int { return e.periodMemo.Find(lat[c].X, lat[c].Res) })
				}
				if e.checkRelations(h, dropped, periods) {
					e.groups = h.groups
				}
			}
		}
		if e.model >= sensorModelV12 {
			h.plain = e.choosePlain(h)
			h.joints = e.chooseJoints(h, lat)
		}
		if e.model >= sensorModelV13 {
			e.applyRel13(h, lat)
			e.oneCol = e.oneColumn()
			h.m15 = e.model >= sensorModelV15 && e.oneCol // (before the cascade's trial)
			h.casc = e.oneCol && e.chooseCascade(h)
		}
		if e.model >= sensorModelV14 && e.oneCol {
			h.lpc = e.chooseLPC()
		}
	}
	return h
}

// eachCell calls fn for every cell of the block, row by row: its index i in e.cells, its row
// r and its column's model slot c.
func (e *SensorEncoder) eachCell(fn func(i, r, c int, cell *sensorCell)) {
	for r := range e.ends {
		for i := e.starts[r]; i < e.starts[r+1]; i++ {
			fn(i, r, slot(i-e.starts[r]), &e.cells[i])
		}
	}
}

// cellParts returns into how many parts eachCellParallel splits the block's rows: one per
// thread, one for a small block (a goroutine costs more than a few thousand cells).
func (e *SensorEncoder) cellParts() int {
	if len(e.cells) < 1<<14 {
		return 1
	}
	return max(1, min(e.classifyThreads(), 8))
}

// eachCellParallel calls fn for every cell of the block as eachCell does, the rows split into
// parts contiguous ranges, each on a goroutine of its own (part numbers it: 0 to parts-1).
// fn must change nothing but its cell and the state of its part, so that the result is the
// same whatever the split.
func (e *SensorEncoder) eachCellParallel(parts int, fn func(part, i, r, c int, cell *sensorCell)) {
	rows := len(e.ends)
	predict.ParallelFor(parts, parts, func(part int) {
		for r := part * rows / parts; r < (part+1)*rows/parts; r++ {
			for i := e.starts[r]; i < e.starts[r+1]; i++ {
				fn(part, i, r, slot(i-e.starts[r]), &e.cells[i])
			}
		}
	})
}

// sensorDecoder is the state of a Decoder reading a sensor stream.
type sensorDecoder struct {
	params  *SensorParams
	coder   *sensorCoder
	out     []byte // decoded bytes not yet read
	off     int
	header  bool // the header row has been delivered
	blocks  int
	rows    int64
	raw     uint64
	hash    laterHash // hashes the decoded log, with async on a goroutine too (sensor_hash.go)
	cells   []sensorCell
	stats   []SensorBlockStats
	summary *SensorSummary
	total   SensorSummary
	noCost  bool // WithoutCosts: the blocks' statistics keep their costs at zero
	// parts: the stream's blocks are parts (multi_parts.go); head is the last full head
	parts bool
	head  *sensorBlockHead
	// gate: the log is coded with and without the video's input (multi_gate.go); replay,
	// while a gated block is decoded, codes each row decoded with the coder not chosen
	gate   *logGate
	replay func(cells []sensorCell, end vision.LineEnd)
	bytes  *predict.ByteModel  // bytes blocks (sensor_bytes.go) of mark bytesBlockCols
	bytes2 *predict.ByteModel2 // and of mark bytesBlockCols2
	// segment is the video's segment the log last restarted at (stream.reset)
	segment uint32
	// A bytes block decoded on a goroutine while the next chunk is read (async: the decoder
	// has two threads or more; sensor_bytes.go): the job, the chunk read after it (peeked),
	// the error of the block decoded meanwhile, due once the job's output has been read,
	// and whether a block's checksum is held back (the job's output precedes it).
	async     bool
	job       *bytesJob
	jobModel  *predict.ByteModel  // the job's model for blocks of mark bytesBlockCols,
	jobModel2 *predict.ByteModel2 // and of mark bytesBlockCols2
	peeked    bool
	peekCh    *chunk
	peekErr   error
	pendErr   error
	holdHash  bool
	intr      *interrupter // WithInterrupt (nil: none)
	// The read-ahead (sensor_ahead.go; a Decoder of two threads or more): the chunk the
	// caller is reading (cur, from off) while next decodes the one after it into out, and how
	// many chunks came through it.
	ahead       bool
	cur         []byte
	next        *aheadChunk
	aheadChunks int
}

func newSensorDecoder(params []byte) (*sensorDecoder, error) {
	p, err := unmarshalSensorParams(params)
	if err != nil {
		return nil, err
	}
	c := newSensorCoder()
	c.setParams(p)
	c.slab = new(predict.MixedSlab) // the decoder keeps its models: slabs of huge pages
	return &sensorDecoder{params: p, coder: c, hash: laterHash{h: sha256.New()}}, nil
}

// Sensor returns the parameters of the file's sensor stream, or nil for a video stream.
func (d *Decoder) Sensor() *SensorParams {
	if d.sensor == nil {
		return nil
	}
	return d.sensor.params
}

// SensorStats returns the statistics of every block of a sensor stream read so far (see
// SensorBlockStats); the decoder measures the very costs the encoder did. Nil for a video
// stream: see Stats. A decoder of two threads or more decodes a chunk ahead of Read
// (sensor_ahead.go): its statistics may include the block after the one being read.
func (d *Decoder) SensorStats() []SensorBlockStats {
	if d.sensor == nil {
		return nil
	}
	d.sensor.settle()
	return d.sensor.stats
}

// Read reads the decoded log of a sensor stream; it returns io.EOF once the whole log has been
// delivered and the trailer's checksums verified. On a video stream it returns an error: use
// ReadFrame.
func (d *Decoder) Read(p []byte) (int, error) {
	if d.sensor == nil {
		return 0, errors.New("codec: the stream is not a sensor stream")
	}
	s := d.sensor
	if s.ahead {
		return d.readAhead(p)
	}
	for s.off == len(s.out) {
		if d.err != nil {
			return 0, d.err
		}
		s.hash.wait() // s.out's bytes may be a piece being hashed (decodeRows)
		s.out, s.off = s.out[:0], 0
		if err := d.nextSensorChunk(); err != nil {
			d.err = err
			if errors.Is(err, ErrInterrupted) {
				s.out = s.out[:0] // not the rows of the block decoded so far
			}
			return 0, err
		}
	}
	n := copy(p, s.out[s.off:])
	s.off += n
	return n, nil
}

// nextSensorChunk decodes the next chunk into s.out (which may stay empty), or checks the
// trailer and returns io.EOF.
func (d *Decoder) nextSensorChunk() error {
	s := d.sensor
	if !s.header {
		s.header = true
		s.emit(s.params.Header)
		return nil
	}
	if err := s.pendErr; err != nil {
		s.pendErr = nil
		return err
	}
	bad := func(reason string, a ...any) *CorruptError {
		return &CorruptError{Stream: 0, Segment: 0, Frame: s.blocks, Offset: d.cr.off, Reason: fmt.Sprintf(reason, a...), sensor: true}
	}
	var ch *chunk
	var err error
	if s.peeked {
		ch, err, s.peeked = s.peekCh, s.peekErr, false
	} else {
		ch, err = d.cr.next()
	}
	blockOK := func() bool {
		return int(ch.Seq) == s.blocks && ch.Segment == 0 && (ch.Flags&FlagSegmentStart != 0) == (s.blocks == 0)
	}
	if s.job != nil {
		// A bytes block is being decoded on a goroutine (sensor_bytes.go): a block after it is
		// decoded meanwhile (its checksum held back); anything else waits for it first, as
		// does the block's output, which follows the bytes block's.
		if err != nil || ch.Stream != 0 || ch.Type != ChunkBlock || s.summary != nil || !blockOK() {
			s.peeked, s.peekCh, s.peekErr = true, ch, err
			return s.joinBytesJob(len(s.stats), nil)
		}
		at := len(s.stats)
		s.holdHash = true
		derr := s.decodeBlock(ch.Payload)
		s.holdHash = false
		side := s.out
		if derr != nil {
			side = nil
		}
		if jerr := s.joinBytesJob(at, side); jerr != nil {
			return jerr
		}
		if errors.Is(derr, ErrInterrupted) {
			return derr
		}
		if derr != nil {
			s.pendErr = bad("%v", derr) // once the bytes block's output has been read
			return nil
		}
		s.hash.Write(side)
		s.blocks++
		return nil
	}
	if err == io.EOF {
		if s.summary == nil {
			return bad("the summary chunk is missing")
		}
		return d.checkSensorTrailer()
	}
	if err != nil {
		var ce *CorruptError
		if errors.As(err, &ce) {
			ce.Stream, ce.Segment, ce.Frame, ce.sensor = 0, 0, s.blocks, true
		}
		return err
	}
	if ch.Stream != 0 {
		return bad("chunk of stream %d", ch.Stream)
	}
	if s.summary != nil {
		return bad("chunk after the summary")
	}
	switch ch.Type {
	case ChunkBlock:
		if int(ch.Seq) != s.blocks || ch.Segment != 0 || (ch.Flags&FlagSegmentStart != 0) != (s.blocks == 0) {
			return bad("block %d found where block %d belongs (missing or reordered blocks)", ch.Seq, s.blocks)
		}
		if s.async && s.params.Model >= sensorModelV4 && !s.parts && s.coder.cross == nil {
			if rows, raw, mark, coded, ok, herr := parseBytesHead(ch.Payload); ok && herr == nil {
				s.startBytesJob(rows, raw, mark, coded, len(ch.Payload), d.cr.off)
				s.blocks++
				return nil
			}
		}
		if err := s.decodeBlock(ch.Payload); err != nil {
			if errors.Is(err, ErrInterrupted) {
				return err
			}
			return bad("%v", err)
		}
		s.blocks++
		return nil
	case ChunkSummary:
		if int(ch.Seq) != s.blocks {
			return bad("summary numbered %d after %d blocks", ch.Seq, s.blocks)
		}
		sum, err := unmarshalSensorSummary(ch.Payload)
		if err != nil {
			return bad("summary: %v", err)
		}
		if sum.Rows != s.total.Rows || sum.Blocks != s.total.Blocks {
			return bad("the summary counts %d rows in %d blocks, the stream holds %d in %d", sum.Rows, sum.Blocks, s.total.Rows, s.total.Blocks)
		}
		s.summary = sum
		return nil
	}
	return bad("unexpected chunk type %q", ch.Type)
}

// freshCoder returns a new coder of the stream in place of s.coder (after a bytes block: the
// cell model restarts), with its model slab.
func (s *sensorDecoder) freshCoder() *sensorCoder {
	n := newSensorCoder()
	n.setParams(s.params)
	n.slab = s.coder.slab
	return n
}

func (s *sensorDecoder) emit(b []byte) {
	s.out = append(s.out, b...)
	s.hash.Write(b)
	s.raw += uint64(len(b))
}

// decodeBlock decodes a block's rows into s.out.
func (s *sensorDecoder) decodeBlock(payload []byte) error {
	if rows, raw, mark, coded, ok, err := parseBytesHead(payload); ok {
		if err != nil {
			return err
		}
		if s.parts || s.coder.cross != nil {
			return errors.New("bytes block in a recording")
		}
		return s.decodeBytesBlock(rows, raw, mark, coded, len(payload))
	}
	h, coded, err := parseSensorBlockHead(payload, s.params.Model)
	if err != nil {
		return err
	}
	s.coder.startBlock(h)
	return s.decodeRows(h, coded, len(payload))
}

// decodeRows decodes the h.rows rows of a block (or part, multi_parts.go) whose head h has
// been applied from coded; size is the chunk's payload size.
func (s *sensorDecoder) decodeRows(h *sensorBlockHead, coded []byte, size int) error {
	c := s.coder
	st := &SensorBlockStats{Block: s.blocks, FirstRow: int(s.rows), Rows: h.rows, RawBytes: h.raw, Bytes: size}
	c.beginStats(st)
	if c.bc == nil {
		c.bc = NewBitDecoder(coded)
	} else {
		c.bc.ResetDecoder(coded)
	}
	c.bc.noCost = s.noCost
	start := len(s.out)
	s.out = slices.Grow(s.out, min(h.raw, 2*sensorBlockBytes+maxSensorRecord)) // h.raw is not trusted yet
	delim := s.params.Delimiter
	// With async, the rows decoded are hashed on a goroutine laterPiece bytes at a time
	// (laterHash); a bytes block's goroutine (holdHash) has the hash after it.
	later := s.async && !s.holdHash
	handed := start
	for r := 0; r < h.rows; r++ {
		if s.intr != nil && r%interruptRows == 0 && s.intr.interrupted() {
			return ErrInterrupted
		}
		nf, end := c.codeRow(&s.cells, 0, 0)
		if c.err != nil || c.bc.Overrun() {
			return fmt.Errorf("row %d: %v", s.rows+int64(r), errSensorCorrupt)
		}
		if s.replay != nil {
			s.replay(s.cells[:nf], end)
		}
		if s.params.Split != splitDelim {
			var ok bool
			if s.out, ok = s.params.appendCells(s.out, s.cells[:nf]); !ok {
				return fmt.Errorf("row %d: %v", s.rows+int64(r), errSensorCorrupt)
			}
		} else {
			for i := 0; i < nf; i++ {
				if i > 0 {
					s.out = append(s.out, delim)
				}
				s.out = append(s.out, s.cells[i].b...)
			}
		}
		s.out = append(s.out, end.Bytes()...)
		if len(s.out)-start > h.raw {
			return fmt.Errorf("the block decodes to more than its %d bytes", h.raw)
		}
		if later && len(s.out)-handed >= laterPiece {
			// (Appends that move s.out leave the piece's array as it is.)
			s.hash.later(s.out[handed:])
			handed = len(s.out)
		}
	}
	if len(s.out)-start != h.raw {
		return fmt.Errorf("the block decodes to %d bytes, not %d", len(s.out)-start, h.raw)
	}
	c.closeWindow()
	if later {
		s.hash.later(s.out[handed:])
	} else if !s.holdHash {
		s.hash.Write(s.out[start:])
	}
	s.raw += uint64(h.raw)
	s.rows += int64(h.rows)
	s.stats = append(s.stats, *st)
	s.total.addBlock(st)
	return nil
}

// checkSensorTrailer compares what was decoded with the trailer.
func (d *Decoder) checkSensorTrailer() error {
	s := d.sensor
	idx := d.cr.Index[0]
	bad := func(reason string, a ...any) error {
		return &CorruptError{Stream: 0, Segment: -1, Frame: -1, Offset: d.cr.off, Reason: fmt.Sprintf(reason, a...), sensor: true}
	}
	if idx.Chunks != uint64(s.blocks)+1 {
		return bad("the trailer counts %d chunks, the file holds %d", idx.Chunks, s.blocks+1)
	}
	if idx.RawBytes != s.raw {
		return bad("decoded %d bytes of log, the trailer says %d", s.raw, idx.RawBytes)
	}
	var sum [32]byte
	copy(sum[:], s.hash.Sum(nil))
	if sum != idx.SHA256 {
		return bad("SHA-256 of the decoded log does not match the trailer")
	}
	d.done = true
	return io.EOF
}

// findDates chooses the date/time layout of each column whose text cells in the block are
// mostly dates or times (model 2), and turns the cells that a layout restores byte for byte
// into numbers: the count of the layout's unit since 1970. Any other cell of such a column,
// a plain number too, is text.
func (e *SensorEncoder) findDates(cols int) []colLayout {
	const sample = 48
	texts := make([][]int, cols) // per column, the cells of text seen (up to a bound)
	e.eachCell(func(i, r, c int, cell *sensorCell) {
		if e.cells[i].kind == predict.CellText {
			if len(texts[c]) < 4096 {
				texts[c] = append(texts[c], i)
			}
		}
	})
	var out []colLayout
	parts := e.cellParts()
	scratch := make([][]byte, parts)
	restores := func(part int, l vision.DateLayout, b []byte) (int64, bool) {
		v, ok := vision.ParseDate(l, b)
		if !ok {
			return 0, false
		}
		scratch[part], ok = vision.AppendDate(scratch[part][:0], l, v)
		return v, ok && bytes.Equal(scratch[part], b)
	}
	for c := 0; c < cols; c++ {
		t := texts[c]
		if len(t) == 0 {
			continue
		}
		step := max(1, len(t)/sample)
		var cands []vision.DateLayout
		if c < len(e.coder.layouts) && e.coder.layouts[c] != nil {
			cands = append(cands, e.coder.layouts[c]) // the last block's first: it wins ties
		}
		for k := 0; k < len(t); k += step {
			for _, l := range vision.DateLayoutsOf(e.cells[t[k]].b) {
				if l.DottedTime() && e.model < sensorModelV5 || l.Hour24() && e.model < sensorModelV7 {
					continue // model 5's and 7's (an older model's encoder writes what it wrote)
				}
				if !slices.ContainsFunc(cands, func(m vision.DateLayout) bool { return bytes.Equal(m, l) }) {
					cands = append(cands, l)
				}
			}
			if len(cands) > 16 {
				break
			}
		}
		var best vision.DateLayout
		bestN, n := 0, 0
		if e.model >= sensorModelV7 {
			step = 1 // model 7 counts every cell: a 24:00 is one time in 24
		}
		for _, l := range cands {
			hits := 0
			n = 0
			for k := 0; k < len(t); k += step {
				n++
				if _, ok := restores(0, l, e.cells[t[k]].b); ok {
					hits++
				}
			}
			if hits > bestN {
				best, bestN = l, hits
			}
		}
		// Most of the column's text, and more than its numbers would lose.
		if best == nil || 2*bestN < n {
			continue
		}
		out = append(out, colLayout{c, best})
	}
	// Convert: dates to numbers; anything else in a date column is text.
	lay := make([]vision.DateLayout, cols)
	for _, l := range out {
		lay[l.col] = l.layout
	}
	e.eachCellParallel(parts, func(part, i, r, c int, cell *sensorCell) {
		l := lay[c]
		if l == nil {
			return
		}
		switch cell.kind {
		case predict.CellNumber:
			cell.kind = predict.CellText
		case predict.CellText:
			if v, ok := restores(part, l, cell.b); ok {
				cell.kind, cell.num = predict.CellNumber, dateNumber(l, v)
			}
		}
	})
	return out
}

// findFloats chooses, for each column of numbers (not of dates), a printing of binary floats
// that restores most of its numbers from shorter decimals (model 2), and turns the numbers
// it restores into those decimals; the column's other numbers are marked plain (coded as
// they were read, with a flag).
func (e *SensorEncoder) findFloats(cols int, dates []colLayout, affixes []colAffix) []colFloat {
	const sample = 64
	isDate := make([]bool, cols)
	for _, l := range dates {
		isDate[l.col] = true
	}
	for _, a := range affixes {
		isDate[a.col] = true // not a float column either
	}
	nums := make([][]int, cols)
	e.eachCell(func(i, r, c int, cell *sensorCell) {
		if !isDate[c] && e.cells[i].kind == predict.CellNumber && len(nums[c]) < 4096 {
			nums[c] = append(nums[c], i)
		}
	})
	var out []colFloat
	for c := 0; c < cols; c++ {
		t := nums[c]
		if len(t) == 0 {
			continue
		}
		step := max(1, len(t)/sample)
		var cands []vision.FloatFormat
		if c < len(e.coder.floats) && e.coder.floats[c].Fmt != 0 {
			cands = append(cands, e.coder.floats[c])
		}
		for k := 0; k < len(t) && len(cands) < 8; k += step {
			for _, f := range vision.FloatFormatsOf(e.cells[t[k]].b) {
				if !slices.Contains(cands, f) {
					cands = append(cands, f)
				}
			}
		}
		var best vision.FloatFormat
		bestSave, n := 0, 0
		for _, f := range cands {
			guess := f.Fmt == 'r' && e.model >= sensorModelV19
			hits, save := 0, 0
			n = 0
			for k := 0; k < len(t); k += step {
				n++
				cell := &e.cells[t[k]]
				if x, ulp, ok := f.Decimal(cell.b); ok {
					hits++
					g := int64(0)
					if guess {
						g = ulpGuess19(x)
					}
					save += strippedDigits(cell.num.Digits) - strippedDigits(x.Digits) - 2*b2i(ulp != g)
				}
			}
			// Most of the column, and at least a digit saved per number on average (trailing
			// zeros do not count: a fixed-decimal column codes them for nothing). Model 19:
			// under repr an offset that ulpGuess19 foretells costs nothing (a repr'd float
			// that xstrtod left an ulp off saves its 12 or so digits for a flag), and a
			// quarter of a digit a number is enough.
			need := hits
			if guess {
				need = hits / 4
			}
			if 2*hits >= n && save >= need && save > bestSave {
				best, bestSave = f, save
			}
		}
		if best.Fmt == 0 {
			continue
		}
		out = append(out, colFloat{c, best})
	}
	fl := make([]vision.FloatFormat, cols)
	for _, f := range out {
		fl[f.col] = f.f
	}
	e.eachCellParallel(e.cellParts(), func(_, i, r, c int, cell *sensorCell) {
		if fl[c].Fmt == 0 || cell.kind != predict.CellNumber {
			return
		}
		if x, ulp, ok := fl[c].Decimal(cell.b); ok {
			cell.num, cell.ulp = x, ulp
		} else {
			cell.plain = true // a number as read (chooseUnits may still make it text)
		}
	})
	return out
}

// strippedDigits returns the digits of d without its trailing zeros.
func strippedDigits(d uint64) int {
	for d != 0 && d%10 == 0 {
		d /= 10
	}
	return vision.DecimalDigits(d)
}

// chooseUnits sets each column's unit (model 2): the power of ten that lets the most of its
// numbers be integers below 2^62 in that unit (those that cannot are text), the last block's
// unit on a tie, else the smallest. Model 1 takes the smallest power of any number, which
// makes a whole column text when one tiny value needs more digits than 2^62 holds.
func (e *SensorEncoder) chooseUnits(h *sensorBlockHead) {
	const maxCands = 24
	cols := len(h.ec)
	cands := make([][]int32, cols)
	for c := range cands {
		if h.hasEc[c] {
			cands[c] = append(cands[c], h.ec[c])
		}
	}
	e.eachCell(func(i, r, c int, cell *sensorCell) {
		if e.cells[i].kind != predict.CellNumber {
			return
		}
		if x := e.cells[i].num.Exp; len(cands[c]) < maxCands && !slices.Contains(cands[c], x) {
			cands[c] = append(cands[c], x)
		}
	})
	parts := e.cellParts()
	partFits := make([][][]int, parts) // each part's counts, summed below
	for p := range partFits {
		partFits[p] = make([][]int, cols)
		for c := range cols {
			partFits[p][c] = make([]int, len(cands[c]))
		}
	}
	e.eachCellParallel(parts, func(part, i, r, c int, cell *sensorCell) {
		if cell.kind != predict.CellNumber {
			return
		}
		for k, ec := range cands[c] {
			sh := int(cell.num.Exp - ec)
			if sh >= 0 && sh <= 18 && cell.num.Digits <= uint64(1<<62)/vision.Pow10(sh) {
				partFits[part][c][k]++
			}
		}
	})
	fits := partFits[0]
	for _, pf := range partFits[1:] {
		for c := range fits {
			for k := range fits[c] {
				fits[c][k] += pf[c][k]
			}
		}
	}
	for c := range cands {
		best := -1
		for k, ec := range cands[c] {
			switch {
			case best < 0 || fits[c][k] > fits[c][best]:
				best = k
			case fits[c][k] == fits[c][best] && ec < cands[c][best] && !(h.hasEc[c] && best == 0):
				best = k
			}
		}
		if best >= 0 {
			h.ec[c], h.hasEc[c] = cands[c][best], true
		}
	}
}

// findAffixes finds the columns whose text cells are mostly numbers between a fixed prefix
// and suffix ("12" quoted, 12 V, 45%) (model 2, not date columns), and turns those cells into
// numbers; the column's bare numbers are marked plain.
func (e *SensorEncoder) findAffixes(cols int, dates []colLayout) []colAffix {
	const sample = 48
	isDate := make([]bool, cols)
	for _, l := range dates {
		isDate[l.col] = true
	}
	texts := make([][]int, cols)
	e.eachCell(func(i, r, c int, cell *sensorCell) {
		if !isDate[c] && e.cells[i].kind == predict.CellText && len(texts[c]) < 4096 {
			texts[c] = append(texts[c], i)
		}
	})
	dec := e.params.Decimal
	parts := e.cellParts()
	scratch := make([][]byte, parts)
	inner := func(part int, b, pre, suf []byte) (vision.Number, bool) {
		if len(b) <= len(pre)+len(suf) || !bytes.HasPrefix(b, pre) || !bytes.HasSuffix(b, suf) {
			return vision.Number{}, false
		}
		m := b[len(pre) : len(b)-len(suf)]
		x, ok := vision.ParseNumberSep(m, dec)
		if ok {
			scratch[part] = vision.AppendNumberSep(scratch[part][:0], x, dec)
			ok = bytes.Equal(scratch[part], m)
		}
		return x, ok
	}
	var out []colAffix
	for c := 0; c < cols; c++ {
		t := texts[c]
		if len(t) == 0 {
			continue
		}
		// The affixes of the first sampled cell: up to its first digit (or sign or point),
		// and after its last digit.
		b := e.cells[t[0]].b
		i := bytes.IndexAny(b, "0123456789")
		j := bytes.LastIndexAny(b, "0123456789")
		if i < 0 {
			continue
		}
		for i > 0 && (b[i-1] == '-' || b[i-1] == '+' || b[i-1] == '.' || b[i-1] == ' ') {
			i--
		}
		pre, suf := b[:i], b[j+1:]
		if len(pre) > maxAffix || len(suf) > maxAffix || len(pre)+len(suf) == 0 {
			continue
		}
		step := max(1, len(t)/sample)
		hits, n := 0, 0
		for k := 0; k < len(t); k += step {
			n++
			if _, ok := inner(0, e.cells[t[k]].b, pre, suf); ok {
				hits++
			}
		}
		if 2*hits < n {
			continue
		}
		out = append(out, colAffix{c, append([]byte{}, pre...), append([]byte{}, suf...)})
	}
	if len(out) == 0 {
		return nil
	}
	af := make([]*colAffix, cols)
	for k := range out {
		af[out[k].col] = &out[k]
	}
	e.eachCellParallel(parts, func(part, i, r, c int, cell *sensorCell) {
		a := af[c]
		if a == nil {
			return
		}
		switch cell.kind {
		case predict.CellNumber:
			cell.plain = true
		case predict.CellText:
			if x, ok := inner(part, cell.b, a.prefix, a.suffix); ok {
				cell.kind, cell.num = predict.CellNumber, x
			}
		}
	})
	return out
}

// codeRows codes rows [r0, r1) of those split from the pending bytes, for block st, into a
// new bit encoder over e.coded (the caller finishes it). It stops short when interrupted
// (WithInterrupt; the caller checks).
func (e *SensorEncoder) codeRows(st *SensorBlockStats, r0, r1 int) {
	e.codeRowsOf(st, e.cells, e.starts, e.ends, r0, r1)
}

// codeRowsOf is codeRows over the rows of cells, starts and ends (a blockJob's).
func (e *SensorEncoder) codeRowsOf(st *SensorBlockStats, cells []sensorCell, starts []int, ends []vision.LineEnd, r0, r1 int) {
	c := e.coder
	c.beginStats(st)
	c.bc = NewBitEncoder(e.coded)
	t := e.btrial
	for r := r0; r < r1; r++ {
		if e.intr != nil && (r-r0)%interruptRows == 0 && e.intr.interrupted() {
			return
		}
		if t != nil {
			t.cellsAt(r-r0, len(e.payload)+c.bc.enc.Len())
			if t.running && (r-r0)&63 == 0 && r > r0 {
				t.cellsProgress(r-r0, len(e.payload)+c.bc.enc.Len())
			}
		}
		row := cells[starts[r]:starts[r+1]]
		c.codeRow(&row, len(row), ends[r])
	}
	c.closeWindow()
}

// writeBlock writes e.payload as the chunk of block st.
func (e *SensorEncoder) writeBlock(st *SensorBlockStats) error {
	var flags byte
	if st.Block == 0 || e.restarted {
		flags = FlagSegmentStart
		e.restarted = false
	}
	if err := e.cw.writeChunk(ChunkBlock, 0, flags, uint32(st.Block), e.segment, e.payload); err != nil {
		return err
	}
	st.Bytes = len(e.payload)
	return nil
}
