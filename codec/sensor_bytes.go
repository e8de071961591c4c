package codec

import (
	"encoding/binary"
	"errors"
	"fmt"

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
}

const (
	bytesTrialBytes = 32 << 10 // the byte model's cost is estimated on up to this much of a block
	bytesMinBytes   = 4 << 10  // smaller blocks never try it
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

// bytesCost returns the cost of data under a fresh model m (in CostUnit).
func bytesCost(m byteModel, data []byte) uint64 {
	var cost uint64
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
func (e *SensorEncoder) tryBytes(size int) bool {
	if !e.bytesOK || size < bytesMinBytes {
		return false
	}
	data := e.pending[:size]
	mark := bytesBlockCols2
	if e.bytesV1 {
		mark = bytesBlockCols
	}
	if e.bytes == nil {
		if e.bytesV1 {
			e.bytes = predict.NewByteModel()
		} else {
			e.bytes = predict.NewByteModel2()
		}
	} else {
		e.bytes.Reset()
	}
	// A fresh model learns: its cost on the block's start, scaled to the block, overstates
	// what it codes the whole block in (on the corpus by 10 to 35 %), so the first look is
	// lenient and cheap, the second strict.
	n1 := min(size, bytesTrialBytes/4)
	c1 := bytesCost(e.bytes, data[:n1])
	if c1/CostUnit/8*uint64(size)/uint64(n1) >= uint64(len(e.payload))*3/2 {
		return false
	}
	n := min(size, bytesTrialBytes)
	est := (c1 + bytesCost(e.bytes, data[n1:n])) / CostUnit / 8 * uint64(size) / uint64(n)
	if est >= uint64(len(e.payload)) {
		return false
	}
	e.bytes.Reset()
	head := appendBytesHead(nil, len(e.ends), size, mark)
	bc := NewBitEncoder(e.bytesBuf)
	scratch := append(e.bytesScr[:0], data...)
	codeBytes(bc, e.bytes, scratch)
	e.bytesScr = scratch
	coded := bc.Finish()
	e.bytesBuf = coded
	if len(head)+len(coded) >= len(e.payload) {
		return false
	}
	e.payload = append(append(e.payload[:0], head...), coded...)
	e.resetCells()
	e.bytesN++
	return true
}

// resetCells gives the cell model a fresh state, as after a bytes block.
func (e *SensorEncoder) resetCells() {
	e.coder = newSensorCoder()
	e.coder.setParams(&e.params)
}

// decodeBytesBlock decodes a bytes block into s.out and resets the cell model.
func (s *sensorDecoder) decodeBytesBlock(rows, raw, mark int, coded []byte, size int) error {
	if s.params.Model < sensorModelV4 {
		return fmt.Errorf("bytes block in a model-%d stream", s.params.Model)
	}
	var m byteModel
	if mark == bytesBlockCols {
		if s.bytes == nil {
			s.bytes = predict.NewByteModel()
		} else {
			s.bytes.Reset()
		}
		m = s.bytes
	} else {
		if s.bytes2 == nil {
			s.bytes2 = predict.NewByteModel2()
		} else {
			s.bytes2.Reset()
		}
		m = s.bytes2
	}
	st := &SensorBlockStats{Block: s.blocks, FirstRow: int(s.rows), Rows: rows, RawBytes: raw, Bytes: size}
	bc := NewBitDecoder(coded)
	bc.noCost = true
	start := len(s.out)
	s.out = append(s.out, make([]byte, raw)...)
	codeBytes(bc, m, s.out[start:])
	if bc.Overrun() {
		s.out = s.out[:start]
		return fmt.Errorf("bytes block: %v", errSensorCorrupt)
	}
	s.coder = newSensorCoder()
	s.coder.setParams(s.params)
	s.hash.Write(s.out[start:])
	s.raw += uint64(raw)
	s.rows += int64(rows)
	s.stats = append(s.stats, *st)
	s.total.addBlock(st)
	return nil
}
