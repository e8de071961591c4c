package codec

import (
	"github.com/vidlm/vidlm/vision"
)

// The cross gate of a log that takes the video's motion as input (stream.cross 2,
// docs/FORMAT.md 13.3): two models code the log side by side, the log's own model with the
// cross-modal stage (the "with" coder) and the same model without it (the "alone" coder, as
// the log coded on its own). Both learn every row; the encoder codes each block with both,
// from the same block head, and keeps the shorter, whose choice is a flag of the block's
// chunk (FlagCross). So a log is never larger than the same blocks coded alone, whatever the
// cross-modal input does. The decoder decodes each block with the coder its flag names and codes the rows into a scratch coder with the other, so that both go on
// exactly as the encoder's did.

// FlagCross marks a gated log's block chunk coded by the coder with the video's input;
// without it, the block is coded by the coder alone.
const FlagCross = 1 << 2

// logGate is a gated log's second coder and what the encoder measures with it.
type logGate struct {
	alone *sensorCoder
	coded []byte       // the alone coder's output (encoder), or scratch (decoder)
	cells []sensorCell // the block's cells as classified (encoder), or a row (decoder)
	// the alone coder's surprise on every block (the log's cost without the input)
	without SensorSummary
	st      SensorBlockStats // decoder: the replaying coder's statistics (dropped)
	blocks  [2]int           // blocks coded alone, with the input (encoder)
}

// newLogGate returns the gate of a log whose coder is c (parameters set).
func newLogGate(c *sensorCoder) *logGate {
	a := newSensorCoder()
	a.model, a.decimal = c.model, c.decimal
	if c.law != nil {
		a.law = newSensorLaw()
	}
	return &logGate{alone: a}
}

// restart starts the alone coder afresh with the log's (stream.reset).
func (g *logGate) restart() { g.alone = g.alone.restarted() }

// codeGatedBlock is codeBlock for a gated log (e.gate set): the next block of rows off
// e.pending, coded by both coders from one head, the shorter written.
func (e *SensorEncoder) codeGatedBlock(atEOF bool) error {
	g := e.gate
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
	rows := len(e.ends)
	with, alone := e.coder, g.alone
	with.startBlock(h)
	alone.startBlock(h)
	// Each coder sets the cells' flags it decides (repeat, dictionary): the alone coder
	// starts from the cells as classified.
	g.cells = append(g.cells[:0], e.cells...)
	stW := &SensorBlockStats{Block: int(e.summary.Blocks), FirstRow: e.rows, Rows: rows, RawBytes: size}
	e.codeRows(stW, 0, rows)
	if e.intr.interrupted() { // (codeRows stopped short: nothing is written)
		return ErrInterrupted
	}
	e.coded = with.bc.Finish()
	copy(e.cells, g.cells)
	stA := &SensorBlockStats{Block: stW.Block, FirstRow: e.rows, Rows: rows, RawBytes: size}
	e.coder, e.coded, g.coded = alone, g.coded, e.coded
	e.codeRows(stA, 0, rows)
	e.coded, g.coded = g.coded, alone.bc.Finish()
	e.coder = with
	if e.intr.interrupted() {
		return ErrInterrupted
	}
	// e.coded: with the input; g.coded: alone
	st, flags, coded := stW, byte(FlagCross), e.coded
	if len(g.coded) <= len(e.coded) {
		st, flags, coded = stA, 0, g.coded
		g.blocks[0]++
	} else {
		g.blocks[1]++
	}
	e.payload = h.append(e.payload[:0])
	e.payload = append(e.payload, coded...)
	if st.Block == 0 || e.restarted {
		flags |= FlagSegmentStart
		e.restarted = false
	}
	if err := e.cw.writeChunk(ChunkBlock, 0, flags, uint32(st.Block), e.segment, e.payload); err != nil {
		return err
	}
	st.Bytes = len(e.payload)
	stA.Bytes = len(e.payload) - len(coded) + len(g.coded)
	g.without.addBlock(stA)
	e.stats = append(e.stats, *st)
	e.summary.addBlock(st)
	e.rows += rows
	n := copy(e.pending, e.pending[size:])
	e.pending = e.pending[:n]
	return nil
}

// decodeGatedBlock decodes a gated log's block into s.out: by the coder its chunk's flag
// names (cross: FlagCross set), while the other codes each row into a scratch coder.
func (s *sensorDecoder) decodeGatedBlock(payload []byte, cross bool) error {
	g := s.gate
	h, coded, err := parseSensorBlockHead(payload, s.params.Model)
	if err != nil {
		return err
	}
	with := s.coder
	with.startBlock(h)
	g.alone.startBlock(h)
	dec, other := with, g.alone
	if !cross {
		dec, other = g.alone, with
	}
	g.st = SensorBlockStats{}
	other.beginStats(&g.st)
	if other.bc == nil {
		other.bc = NewBitEncoder(g.coded)
	} else {
		other.bc.ResetEncoder(g.coded)
	}
	s.coder = dec
	s.replay = func(cells []sensorCell, end vision.LineEnd) {
		g.cells = append(g.cells[:0], cells...)
		other.codeRow(&g.cells, len(cells), end)
	}
	err = s.decodeRows(h, coded, len(payload))
	s.coder, s.replay = with, nil
	if err != nil {
		return err
	}
	other.closeWindow()
	g.coded = other.bc.Finish()[:0]
	return nil
}
