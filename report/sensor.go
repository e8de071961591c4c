package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/vidlm/vidlm/codec"
)

// Files of a sensor report (besides metrics.json and learning_curve.png).
const (
	ColumnsPlotFile  = "columns.png"
	ColumnsTableFile = "columns.csv"
	BlocksFile       = "blocks.csv"
)

// SensorBlock is the surprise on one block of a sensor stream's rows, as the sensor codec
// accounts it after coding (or decoding) the block. It is all a sensor report needs to know
// of the codec.
type SensorBlock struct {
	Rows       int // rows of the log in the block
	Bytes      int // the block's chunk payload
	CoderBytes int // the part of Bytes the arithmetic coder wrote (0: not known, taken as Bytes)
	RawBytes   int // bytes of the original log the block holds (0: not known)
	// ColumnCost is the surprise spent on each column's values, in 1/codec.CostUnit bit;
	// OtherCost what is not tied to one column (row layout, notations, text, the header).
	ColumnCost []uint64
	OtherCost  uint64
	// Unmeasured marks a block whose surprise is not measured (a bytes block, coded whole
	// by the byte model): its costs are zero, and the totals say how much of the stream
	// such blocks hold.
	Unmeasured bool
	// Windows, if given, split the block into runs of rows (as codec.SensorBlockStats does),
	// their costs summing to the block's: the curves are then drawn per window.
	Windows []SensorWindow
}

// SensorWindow is the cost of a run of rows within a block, as SensorBlock counts it.
type SensorWindow struct {
	Rows       int
	ColumnCost []uint64
	OtherCost  uint64
}

func (b *SensorBlock) cost() uint64 {
	c := b.OtherCost
	for _, v := range b.ColumnCost {
		c += v
	}
	return c
}

// SensorOptions says what a sensor report holds.
type SensorOptions struct {
	Input string // the .vlm (or the encoded log), as metrics.json names it
}

// Sensor builds the report of a sensor stream block by block: AddBlock for every block
// coded or decoded, then Finish.
type Sensor struct {
	dir     *Dir
	columns []string
	o       SensorOptions
	blocks  []SensorBlock
	err     error
}

// NewSensor starts the report of a sensor stream into dir; columns names its columns (from
// the log's header row; it may be empty).
func NewSensor(dir *Dir, columns []string, o SensorOptions) *Sensor {
	return &Sensor{dir: dir, columns: slices.Clone(columns), o: o}
}

// AddBlock takes the statistics of the next block; b is not kept. A block may cost fewer
// columns than the stream names (the others cost nothing in it) or more (rows with more
// cells than the header): those are added as "column N", counting from 1.
func (s *Sensor) AddBlock(b *SensorBlock) error {
	if s.err != nil {
		return s.err
	}
	if b.Rows < 0 || b.Bytes < 0 || b.CoderBytes < 0 || b.RawBytes < 0 {
		s.err = fmt.Errorf("report: block %d has negative sizes", len(s.blocks))
		return s.err
	}
	if len(b.ColumnCost) > maxSensorColumns {
		s.err = fmt.Errorf("report: block %d has %d columns, more than %d", len(s.blocks), len(b.ColumnCost), maxSensorColumns)
		return s.err
	}
	for len(s.columns) < len(b.ColumnCost) {
		s.columns = append(s.columns, fmt.Sprintf("column %d", len(s.columns)+1))
	}
	rows := 0
	for _, w := range b.Windows {
		rows += w.Rows
	}
	if len(b.Windows) > 0 && rows != b.Rows {
		s.err = fmt.Errorf("report: block %d has %d rows, its windows %d", len(s.blocks), b.Rows, rows)
		return s.err
	}
	c := *b
	c.ColumnCost = slices.Clone(b.ColumnCost)
	c.Windows = nil
	for _, w := range b.Windows {
		c.Windows = append(c.Windows, SensorWindow{Rows: w.Rows, ColumnCost: slices.Clone(w.ColumnCost), OtherCost: w.OtherCost})
	}
	if c.CoderBytes == 0 {
		c.CoderBytes = c.Bytes
	}
	s.blocks = append(s.blocks, c)
	return nil
}

// maxSensorColumns bounds the columns a report draws.
const maxSensorColumns = 1 << 12

// padColumns gives every block one cost per column.
func (s *Sensor) padColumns() {
	for i := range s.blocks {
		for len(s.blocks[i].ColumnCost) < len(s.columns) {
			s.blocks[i].ColumnCost = append(s.blocks[i].ColumnCost, 0)
		}
	}
}

// Abort removes what the report wrote.
func (s *Sensor) Abort() { s.dir.Abort() }

// SensorMetrics is metrics.json for a sensor stream.
type SensorMetrics struct {
	Report  string            `json:"report"`
	Input   string            `json:"input,omitempty"`
	Kind    string            `json:"kind"`
	Units   map[string]string `json:"units"`
	Rows    int               `json:"rows"`
	Columns []ColumnMetrics   `json:"columns"`
	Totals  SensorTotals      `json:"totals"`
	Trailer *TrailerCheck     `json:"trailer,omitempty"`
	Blocks  []BlockMetrics    `json:"blocks"`
}

// ColumnMetrics is one line of the column table.
type ColumnMetrics struct {
	Name          string  `json:"name"`
	Values        int     `json:"values"`
	Bits          float64 `json:"surprise_bits"`
	BitsPerValue  float64 `json:"surprise_bits_per_value"`
	SharePercent  float64 `json:"share_percent"`
	FirstBlockBPV float64 `json:"first_block_bits_per_value"`
	LastBlockBPV  float64 `json:"last_block_bits_per_value"`
}

// SensorTotals sums the whole stream.
type SensorTotals struct {
	Agreement
	OtherBits            float64 `json:"other_bits"`
	SurpriseBitsPerValue float64 `json:"surprise_bits_per_value"`
	RawBytes             int64   `json:"raw_bytes,omitempty"`
	RawBitsPerValue      float64 `json:"raw_bits_per_value,omitempty"`
	// The blocks whose surprise is not measured (bytes blocks): they count as 0 bits in the
	// surprise above, their payload in the payload.
	UnmeasuredBlocks       int   `json:"unmeasured_blocks,omitempty"`
	UnmeasuredRows         int   `json:"unmeasured_rows,omitempty"`
	UnmeasuredPayloadBytes int64 `json:"unmeasured_payload_bytes,omitempty"`
}

// BlockMetrics is one block's line.
type BlockMetrics struct {
	Block        int                `json:"block"`
	FirstRow     int                `json:"first_row"`
	Rows         int                `json:"rows"`
	PayloadBytes int                `json:"payload_bytes"`
	CoderBytes   int                `json:"coder_bytes"`
	RawBytes     int                `json:"raw_bytes,omitempty"`
	ColumnBits   map[string]float64 `json:"column_bits"`
	OtherBits    float64            `json:"other_bits"`
	SurpriseBits float64            `json:"surprise_bits"`
	BitsPerValue float64            `json:"surprise_bits_per_value"`
	Unmeasured   bool               `json:"surprise_not_measured,omitempty"` // a bytes block
}

// Finish writes learning_curve.png, columns.png, columns.csv, blocks.csv and metrics.json;
// the caller then commits the directory. fileBytes is the size of the .vlm (0 if unknown);
// stored the totals its trailer holds (nil if none: for a sensor stream one entry per column,
// then the cost not tied to a column). On error the directory is removed.
func (s *Sensor) Finish(fileBytes int64, stored *codec.SurpriseTotals) (*SensorMetrics, error) {
	m, err := s.finish(fileBytes, stored)
	if err != nil {
		s.Abort()
		return nil, err
	}
	return m, nil
}

func (s *Sensor) finish(fileBytes int64, stored *codec.SurpriseTotals) (*SensorMetrics, error) {
	if s.err != nil {
		return nil, s.err
	}
	if len(s.blocks) == 0 {
		return nil, errors.New("report: the stream holds no blocks")
	}
	s.padColumns()
	m := s.metrics(fileBytes, stored)
	if err := s.dir.WriteFile(CurveFile, func(w io.Writer) error { return s.learningCurve(w, m) }); err != nil {
		return nil, err
	}
	if err := s.dir.WriteFile(ColumnsPlotFile, func(w io.Writer) error { return s.columnsPlot(w, m) }); err != nil {
		return nil, err
	}
	if err := s.dir.WriteFile(ColumnsTableFile, func(w io.Writer) error { return s.columnsCSV(w, m) }); err != nil {
		return nil, err
	}
	if err := s.dir.WriteFile(BlocksFile, func(w io.Writer) error { return s.blocksCSV(w, m) }); err != nil {
		return nil, err
	}
	if err := s.dir.WriteFile(MetricsFile, func(w io.Writer) error { return writeJSON(w, m) }); err != nil {
		return nil, err
	}
	if err := s.dir.WriteFile(PageFile, func(w io.Writer) error { return writeSensorPage(w, m) }); err != nil {
		return nil, err
	}
	return m, nil
}

func (s *Sensor) metrics(fileBytes int64, stored *codec.SurpriseTotals) *SensorMetrics {
	m := &SensorMetrics{Report: ReportName, Input: s.o.Input, Kind: "sensor", Units: map[string]string{
		"*_bits":           "bit: surprise, the sum of −log2 p over the decisions coded",
		"*_bytes":          "byte",
		"*_bits_per_value": "bit per value: bits over the cells (rows × columns, or rows for one column)",
		"*_percent":        "percent",
		"rows, values":     "count",
	}}
	colCost := make([]uint64, len(s.columns))
	var other, total uint64
	var payload, coded, raw int64
	row := 0
	for i := range s.blocks {
		b := &s.blocks[i]
		bm := BlockMetrics{Block: i, FirstRow: row, Rows: b.Rows, PayloadBytes: b.Bytes, CoderBytes: b.CoderBytes, RawBytes: b.RawBytes,
			ColumnBits: map[string]float64{}, OtherBits: bits(b.OtherCost), SurpriseBits: bits(b.cost()), Unmeasured: b.Unmeasured}
		if b.Unmeasured {
			m.Totals.UnmeasuredBlocks++
			m.Totals.UnmeasuredRows += b.Rows
			m.Totals.UnmeasuredPayloadBytes += int64(b.Bytes)
		}
		for c, v := range b.ColumnCost {
			bm.ColumnBits[s.columns[c]] += bits(v)
			colCost[c] += v
		}
		if n := b.Rows * len(s.columns); n > 0 {
			bm.BitsPerValue = bm.SurpriseBits / float64(n)
		}
		m.Blocks = append(m.Blocks, bm)
		row += b.Rows
		other += b.OtherCost
		total += b.cost()
		payload += int64(b.Bytes)
		coded += int64(b.CoderBytes)
		raw += int64(b.RawBytes)
	}
	m.Rows = row
	for c, name := range s.columns {
		cm := ColumnMetrics{Name: name, Values: row, Bits: bits(colCost[c])}
		if row > 0 {
			cm.BitsPerValue = cm.Bits / float64(row)
		}
		if total > 0 {
			cm.SharePercent = 100 * float64(colCost[c]) / float64(total)
		}
		cm.FirstBlockBPV = s.columnBPV(0, c)
		cm.LastBlockBPV = s.columnBPV(len(s.blocks)-1, c)
		m.Columns = append(m.Columns, cm)
	}
	t := &m.Totals
	t.Agreement = NewAgreement(total, coded, payload, fileBytes)
	t.OtherBits = bits(other)
	values := float64(row * len(s.columns))
	if values > 0 {
		t.SurpriseBitsPerValue = t.SurpriseBits / values
	}
	if raw > 0 && values > 0 {
		t.RawBytes = raw
		t.RawBitsPerValue = float64(8*raw) / values
	}
	if stored != nil {
		m.Trailer = &TrailerCheck{SurpriseBits: stored.Bits(), PayloadBytes: stored.PayloadBytes, CoderBytes: stored.CoderBytes}
		m.Trailer.Matches = slices.Equal(stored.Cost, append(slices.Clone(colCost), other)) &&
			stored.PayloadBytes == uint64(payload) && stored.CoderBytes == uint64(coded)
	}
	return m
}

// columnBPV is column c's bits per value in block i.
func (s *Sensor) columnBPV(i, c int) float64 {
	b := &s.blocks[i]
	if b.Rows == 0 {
		return 0
	}
	return bits(b.ColumnCost[c]) / float64(b.Rows)
}

// span is a run of rows the curves draw as one step: a block's window, or a whole block
// when it has no windows.
type span struct {
	first, rows int
	cols        []uint64
	other       uint64
}

// spans returns the runs of rows the curves are drawn with.
func (s *Sensor) spans() []span {
	var out []span
	row := 0
	for i := range s.blocks {
		b := &s.blocks[i]
		if len(b.Windows) == 0 {
			out = append(out, span{row, b.Rows, b.ColumnCost, b.OtherCost})
		}
		r := row
		for _, w := range b.Windows {
			out = append(out, span{r, w.Rows, w.ColumnCost, w.OtherCost})
			r += w.Rows
		}
		row += b.Rows
	}
	return out
}

// col is column c's cost in the span.
func (p *span) col(c int) uint64 {
	if c < len(p.cols) {
		return p.cols[c]
	}
	return 0
}

// steps draws per-span values as steps: each value held over its span's rows.
func steps(spans []span, vals []float64) (xs, ys []float64) {
	for i, p := range spans {
		xs = append(xs, float64(p.first), float64(p.first+p.rows))
		ys = append(ys, vals[i], vals[i])
	}
	return xs, ys
}

// learningCurve draws bits per value against row (a step per window of rows, or per block),
// with the running mean (weighted by rows) and the raw size for scale.
func (s *Sensor) learningCurve(w io.Writer, m *SensorMetrics) error {
	spans := s.spans()
	bpv := make([]float64, len(spans))
	mean := make([]float64, len(spans))
	var sumBits, sumValues float64
	for i := range spans {
		p := &spans[i]
		cost := p.other
		for c := range s.columns {
			cost += p.col(c)
		}
		values := float64(p.rows * len(s.columns))
		if values > 0 {
			bpv[i] = bits(cost) / values
		}
		sumBits += bits(cost)
		sumValues += values
		if sumValues > 0 {
			mean[i] = sumBits / sumValues
		}
	}
	xs, ys := steps(spans, bpv)
	mx, my := steps(spans, mean)
	what := "per block"
	if len(spans) > len(s.blocks) {
		what = fmt.Sprintf("per %d rows", spans[0].rows)
	}
	ss := []series{
		{name: "bits per value, all columns (" + what + ")", x: xs, y: ys, colour: color.Black, width: 2, plain: true},
		{name: "running mean", x: mx, y: my, colour: color.Black, width: 1.5, dashes: []vg.Length{6, 3}, plain: true},
	}
	raw := m.Totals.RawBitsPerValue
	if raw > 0 {
		ss = append(ss, hline(fmt.Sprintf("raw (the log's text): %.3g bits/value", raw), xs, raw))
	}
	title := fmt.Sprintf("Learning curve: %d rows × %d columns", m.Rows, len(s.columns))
	if s.o.Input != "" {
		title = s.o.Input + " — " + title
	}
	p := newLogPlot(title, "row", "bits per value, log scale", ss, raw)
	p.X.Min, p.X.Max = 0, float64(m.Rows)
	return WritePlotPNG(w, p, 1000, 560)
}

// columnsPlot draws each column's bits per value against row (a step per window of rows, or
// per block), one small plot per column.
func (s *Sensor) columnsPlot(w io.Writer, m *SensorMetrics) error {
	spans := s.spans()
	const panelW, panelH, perRow = 330, 210, 4
	n := len(s.columns)
	cols := min(n, perRow)
	rows := (n + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
	}
	for c, name := range s.columns {
		y := make([]float64, len(spans))
		for i := range spans {
			if spans[i].rows > 0 {
				y[i] = bits(spans[i].col(c)) / float64(spans[i].rows)
			}
		}
		p := plot.New()
		p.Title.Text = fmt.Sprintf("%s: %.3g bits/value", name, m.Columns[c].BitsPerValue)
		p.Title.TextStyle.Font.Size = 11
		p.X.Label.Text = "row"
		p.Y.Label.Text = "bits/value"
		p.Y.Min = 0
		p.X.Min, p.X.Max = 0, float64(m.Rows)
		p.X.Tick.Marker = countTicks{}
		xs, ys := steps(spans, y)
		addSeries(p, series{x: xs, y: ys, colour: lineColour(c), width: 1.5, zeros: true, plain: true})
		plots[c/cols][c%cols] = p
	}
	img := vgimg.NewWith(vgimg.UseWH(vg.Length(cols*panelW), vg.Length(rows*panelH)), vgimg.UseDPI(72))
	dc := draw.New(img)
	canvases := plot.Align(plots, draw.Tiles{Rows: rows, Cols: cols, PadX: 8, PadY: 8, PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 8}, dc)
	for r := range plots {
		for c, p := range plots[r] {
			if p != nil {
				p.Draw(canvases[r][c])
			}
		}
	}
	_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}

// columnsCSV writes the column table.
func (s *Sensor) columnsCSV(w io.Writer, m *SensorMetrics) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"column", "values", "surprise_bits", "surprise_bits_per_value", "share_percent", "first_block_bits_per_value", "last_block_bits_per_value"})
	for _, c := range m.Columns {
		cw.Write([]string{c.Name, strconv.Itoa(c.Values), ftoa(c.Bits, 3), ftoa(c.BitsPerValue, 4), ftoa(c.SharePercent, 2),
			ftoa(c.FirstBlockBPV, 4), ftoa(c.LastBlockBPV, 4)})
	}
	cw.Write([]string{"(other)", "", ftoa(m.Totals.OtherBits, 3), "", "", "", ""})
	cw.Flush()
	return cw.Error()
}

// blocksCSV writes one row per block, units in the column names.
func (s *Sensor) blocksCSV(w io.Writer, m *SensorMetrics) error {
	cw := csv.NewWriter(w)
	head := []string{"block", "first_row", "rows", "payload_bytes", "coder_bytes", "raw_bytes"}
	for _, c := range s.columns {
		head = append(head, c+"_bits")
	}
	cw.Write(append(head, "other_bits", "surprise_bits", "surprise_bits_per_value"))
	for i, b := range m.Blocks {
		row := []string{strconv.Itoa(b.Block), strconv.Itoa(b.FirstRow), strconv.Itoa(b.Rows), strconv.Itoa(b.PayloadBytes),
			strconv.Itoa(b.CoderBytes), strconv.Itoa(b.RawBytes)}
		for c := range s.columns {
			row = append(row, ftoa(bits(s.blocks[i].ColumnCost[c]), 3))
		}
		cw.Write(append(row, ftoa(b.OtherBits, 3), ftoa(b.SurpriseBits, 3), ftoa(b.BitsPerValue, 5)))
	}
	cw.Flush()
	return cw.Error()
}
