package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Parts: in a recording whose video takes a log's gyroscope as input (stream.gyro), the log's
// rows must be decoded before the frames they precede, so they are coded in parts, each its own
// chunk, in time order between the frames (docs/FORMAT.md 13.2): a part every few frames
// (stream.parts 1), or as long as a group (stream.parts 2, StreamSpec.LongParts: the rows of
// up to 4,095 frame intervals ahead, so that a part costs what a block does).
// A part that starts a group carries a whole block head, found on the whole group (the rows the
// encoder has been given ahead, up to a block's worth); the group's other parts carry only their
// row count and size and continue its models, so that a part costs its chunk head, two
// numbers and a coder flush, not a block's side information.

// Part kinds: the first byte of a part's payload.
const (
	partHead     = 0 // a block head follows (sensorBlockHead), then the coded rows
	partContinue = 1 // rows:uvarint raw:uvarint, then the coded rows, under the group's head
)

// sensorParts is an encoder's group of rows being coded in parts.
type sensorParts struct {
	on   bool
	head *sensorBlockHead // the group's head; nil: no group open
	next int              // the group's next row to code
	size int              // the group's bytes at the start of e.pending
	base int64            // the log offset (after the header row) of e.pending[0]
}

// codeLogUpTo codes, as one part per group touched, the complete rows that end within the
// first upTo bytes of the log after its header row; atEOF codes what is left, the last row
// even without its line end.
func (e *SensorEncoder) codeLogUpTo(upTo int64, atEOF bool) error {
	p := &e.parts
	for {
		if p.head == nil {
			if len(e.pending) == 0 {
				return nil
			}
			if e.intr.interrupted() {
				return ErrInterrupted
			}
			size := e.splitRows(atEOF)
			if len(e.ends) == 0 {
				return nil
			}
			p.head, p.next, p.size = e.classify(size), 0, size
			if e.intr.interrupted() { // (a trial of classify stopped short)
				return ErrInterrupted
			}
		}
		r1 := p.next
		for r1 < len(e.ends) && (atEOF || p.base+int64(e.offs[r1]) <= upTo) {
			r1++
		}
		if r1 == p.next {
			return nil
		}
		if err := e.codePart(p.next, r1); err != nil {
			return err
		}
		p.next = r1
		if r1 < len(e.ends) {
			return nil
		}
		// The group is done: its bytes leave e.pending (no cell refers to them any more).
		n := copy(e.pending, e.pending[p.size:])
		e.pending = e.pending[:n]
		p.base += int64(p.size)
		p.head = nil
	}
}

// codePart codes rows [r0, r1) of the open group as one chunk.
func (e *SensorEncoder) codePart(r0, r1 int) error {
	p := &e.parts
	c := e.coder
	start := 0
	if r0 > 0 {
		start = e.offs[r0-1]
	}
	raw := e.offs[r1-1] - start
	e.payload = e.payload[:0]
	if r0 == 0 {
		h := *p.head
		h.rows, h.raw = r1-r0, raw
		e.payload = append(e.payload, partHead)
		e.payload = h.append(e.payload)
		c.startBlock(p.head)
	} else {
		e.payload = append(e.payload, partContinue)
		e.payload = binary.AppendUvarint(e.payload, uint64(r1-r0))
		e.payload = binary.AppendUvarint(e.payload, uint64(raw))
	}
	st := &SensorBlockStats{Block: int(e.summary.Blocks), FirstRow: e.rows, Rows: r1 - r0, RawBytes: raw}
	e.codeRows(st, r0, r1)
	if e.intr.interrupted() { // (codeRows stopped short: nothing is written)
		return ErrInterrupted
	}
	if c.cross != nil {
		c.cross.endRow(c) // the part's last row counts for the frame that follows it
	}
	e.coded = c.bc.Finish()
	e.payload = append(e.payload, e.coded...)
	if err := e.writeBlock(st); err != nil {
		return err
	}
	// Only the last part's statistics are kept (the summary has them all): a part per few
	// frames would otherwise grow the list for as long as the recording.
	e.stats = append(e.stats[:0], *st)
	e.summary.addBlock(st)
	e.rows += r1 - r0
	return nil
}

var errPartFirst = errors.New("a continued part before any head")

// decodePart decodes a part of a stream coded in parts.
func (s *sensorDecoder) decodePart(payload []byte) error {
	if len(payload) == 0 {
		return errors.New("empty part")
	}
	switch payload[0] {
	case partHead:
		h, coded, err := parseSensorBlockHead(payload[1:], s.params.Model)
		if err != nil {
			return err
		}
		s.head = h
		s.coder.startBlock(h)
		if err := s.decodeRows(h, coded, len(payload)); err != nil {
			return err
		}
	case partContinue:
		if s.head == nil {
			return errPartFirst
		}
		f := &fieldReader{b: payload[1:]}
		h := *s.head
		h.rows = f.count(maxSensorRows, "row count")
		h.raw = f.count(2*sensorBlockBytes+maxSensorRecord, "part size")
		if f.err != nil {
			return f.err
		}
		if err := s.decodeRows(&h, f.b, len(payload)); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown part kind %d", payload[0])
	}
	if c := s.coder; c.cross != nil {
		c.cross.endRow(c)
	}
	s.stats = append(s.stats[:0], s.stats[len(s.stats)-1]) // the last part's only, as encoding
	return nil
}

// restart starts the log's models afresh for the video's segment seg (RestartLog): the rows
// given so far must all be coded.
func (e *SensorEncoder) restart(seg int) error {
	if e.parts.head != nil || len(e.pending) > 0 {
		return errors.New("codec: a log restarts only after all the rows given are coded")
	}
	if seg <= int(e.segment) || seg > 1<<31 {
		return fmt.Errorf("codec: restart at segment %d after %d", seg, e.segment)
	}
	e.coder = e.coder.restarted()
	e.segment, e.restarted = uint32(seg), true
	return nil
}

// restarted returns a fresh coder of the same stream in place of c: the same parameters, and
// c's cross-modal input with its learning started afresh (the video's motions so far and the
// row count kept: they are the recording's, not the log's).
func (c *sensorCoder) restarted() *sensorCoder {
	n := newSensorCoder()
	n.model, n.decimal, n.law = c.model, c.decimal, nil
	if c.law != nil {
		n.law = newSensorLaw()
	}
	n.cross = c.cross
	if x := n.cross; x != nil {
		x.cols, x.in, x.hasT, x.ended = nil, motionInputs{}, false, x.rows
		if x.gyro != nil {
			x.gyro.resetRows()
		}
	}
	return n
}
