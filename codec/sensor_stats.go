package codec

import (
	"encoding/binary"
	"fmt"

	"github.com/vidlm/vidlm/internal/predict"
)

// SensorBlockStats is the model's surprise on one block of rows of a sensor stream, measured
// by the coder as it codes: every cost is the exact −log2 p of the decisions coded, in
// 1/CostUnit bit. Encoder and decoder measure the same figures.
type SensorBlockStats struct {
	Block     int
	FirstRow  int // the block's first row, counting from 0 after the header row
	Rows      int
	RawBytes  int // bytes of the log the block holds
	Bytes     int // size of the block's chunk payload
	Columns   []SensorColumnCost
	Structure uint64 // field counts and line ends of the rows
	// ByteModel marks a bytes block (coded whole by the byte model, docs/FORMAT.md): its
	// surprise is not measured, and Columns and Structure are empty.
	ByteModel bool
	// Windows splits the block's costs into runs of SensorWindowRows rows (the last one
	// shorter), so that a report can draw how the cost changes within a block.
	Windows []SensorWindow
}

// SensorWindowRows is the number of rows of a SensorWindow.
const SensorWindowRows = 256

// SensorWindow is the cost of a run of rows of a block, in 1/CostUnit bit.
type SensorWindow struct {
	Rows      int
	Columns   []uint64 // each column's cost (SensorColumnCost.Total)
	Structure uint64
}

// SensorColumnCost is what one column's cells cost. Cells beyond predict.MaxSensorColumns
// count in the last column.
type SensorColumnCost struct {
	Cells, Numbers, Texts, Repeats int
	// Value: the numbers' values (lattice coordinates, sign and decade, digits).
	Value uint64
	// Notation: each cell's kind and whether it repeats the cell above, and the numbers'
	// notation and precision.
	Notation uint64
	// Text: the bytes of text cells.
	Text uint64
}

// Total returns all the column's cost.
func (c *SensorColumnCost) Total() uint64 { return c.Value + c.Notation + c.Text }

// columnsCost is the block's cost in its columns (Structure left out).
func (st *SensorBlockStats) columnsCost() (n uint64) {
	for i := range st.Columns {
		n += st.Columns[i].Total()
	}
	return n
}

func (c *SensorColumnCost) add(o *SensorColumnCost) {
	c.Cells += o.Cells
	c.Numbers += o.Numbers
	c.Texts += o.Texts
	c.Repeats += o.Repeats
	c.Value += o.Value
	c.Notation += o.Notation
	c.Text += o.Text
}

func (c *SensorColumnCost) count(cell *sensorCell) {
	c.Cells++
	switch {
	case cell.rep:
		c.Repeats++
	case cell.kind == predict.CellNumber:
		c.Numbers++
	case cell.kind == predict.CellText:
		c.Texts++
	}
}

// col returns the costs of column slot c, growing the slice.
func (b *SensorBlockStats) col(c int) *SensorColumnCost {
	for len(b.Columns) <= c {
		b.Columns = append(b.Columns, SensorColumnCost{})
	}
	return &b.Columns[c]
}

// Cost returns the block's whole cost.
func (b *SensorBlockStats) Cost() uint64 {
	t := b.Structure
	for i := range b.Columns {
		t += b.Columns[i].Total()
	}
	return t
}

// SensorSummary totals a sensor stream's statistics; the encoder writes it into the file (a
// summary chunk) so that `vidlm info` shows it without decoding.
type SensorSummary struct {
	Rows      int64 // data rows (the header row not counted)
	Blocks    int64
	Structure uint64
	Columns   []SensorColumnCost
}

func (s *SensorSummary) addBlock(b *SensorBlockStats) {
	s.Rows += int64(b.Rows)
	s.Blocks++
	s.Structure += b.Structure
	for i := range b.Columns {
		for len(s.Columns) <= i {
			s.Columns = append(s.Columns, SensorColumnCost{})
		}
		s.Columns[i].add(&b.Columns[i])
	}
}

// ChunkSummary holds a sensor stream's SensorSummary; it follows the last block.
const ChunkSummary ChunkType = 'S'

func (s *SensorSummary) marshal() []byte {
	b := binary.AppendUvarint(nil, uint64(s.Rows))
	b = binary.AppendUvarint(b, uint64(s.Blocks))
	b = binary.AppendUvarint(b, s.Structure)
	b = binary.AppendUvarint(b, uint64(len(s.Columns)))
	for _, c := range s.Columns {
		for _, v := range []uint64{uint64(c.Cells), uint64(c.Numbers), uint64(c.Texts), uint64(c.Repeats), c.Value, c.Notation, c.Text} {
			b = binary.AppendUvarint(b, v)
		}
	}
	return b
}

func unmarshalSensorSummary(b []byte) (*SensorSummary, error) {
	f := &fieldReader{b: b}
	s := &SensorSummary{Rows: int64(f.uvarint()), Blocks: int64(f.uvarint()), Structure: f.uvarint()}
	n := f.count(predict.MaxSensorColumns, "column count")
	for i := 0; i < n && f.err == nil; i++ {
		var c SensorColumnCost
		c.Cells, c.Numbers, c.Texts, c.Repeats = int(f.uvarint()), int(f.uvarint()), int(f.uvarint()), int(f.uvarint())
		c.Value, c.Notation, c.Text = f.uvarint(), f.uvarint(), f.uvarint()
		s.Columns = append(s.Columns, c)
	}
	if f.err == nil && len(f.b) != 0 {
		f.err = fmt.Errorf("%d stray bytes", len(f.b))
	}
	return s, f.err
}
