package codec

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// SensorParams are a sensor stream's parameters in the file header (docs/FORMAT.md,
// "Sensor streams").
type SensorParams struct {
	Delimiter byte     // the field delimiter the encoder split the rows at
	Columns   int      // fields of the header row, or of the first row
	Header    []byte   // the header row's exact bytes, line end included; nil if none
	Names     []string // the column names the header gives (quotes removed)
}

// sensorModelVersion names the sensor model; a decoder refuses a model it does not know.
const sensorModelVersion = 1

// maxSensorRecord bounds a record (row): a longer line is cut into pieces of this size.
const maxSensorRecord = 1 << 20

func (p *SensorParams) marshal() []byte {
	l := NewParamList()
	l.SetInt("model", sensorModelVersion)
	l.SetInt("delimiter", int64(p.Delimiter))
	l.SetInt("columns", int64(p.Columns))
	if p.Header != nil {
		l.SetString("header", string(p.Header))
	}
	return l.Marshal()
}

func unmarshalSensorParams(b []byte) (*SensorParams, error) {
	l, err := UnmarshalParamList(b)
	if err != nil {
		return nil, err
	}
	g := newParamGetter(l)
	g.int("model", sensorModelVersion, sensorModelVersion)
	p := &SensorParams{
		Delimiter: byte(g.int("delimiter", 0, 255)),
		Columns:   int(g.int("columns", 0, maxSensorRecord+1)),
	}
	if h, ok := l.strs["header"]; ok {
		p.Header = []byte(g.str("header"))
		if len(h) > maxSensorRecord {
			return nil, fmt.Errorf("header row of %d bytes exceeds %d", len(h), maxSensorRecord)
		}
	}
	if err := g.finish(); err != nil {
		return nil, err
	}
	p.Names = columnNames(p.Header, p.Delimiter)
	return p, nil
}

// columnNames splits a header row into names, removing quotes.
func columnNames(header []byte, delim byte) []string {
	if header == nil {
		return nil
	}
	fields, _, _ := vision.SplitRecord(header, delim, true, len(header)+1, nil)
	names := make([]string, len(fields))
	for i, f := range fields {
		if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
			f = bytes.ReplaceAll(f[1:len(f)-1], []byte(`""`), []byte(`"`))
		}
		names[i] = string(f)
	}
	return names
}

// sensorBlockHead is the side information at the start of a block's chunk: its size, the
// unit of each column and the lattices the encoder found (docs/FORMAT.md).
type sensorBlockHead struct {
	rows   int
	raw    int
	ec     []int32 // per column: the power of ten of its unit
	hasEc  []bool  // whether the column has held a number yet
	groups []predict.LatticeParams
}

func zigzag(v int64) uint64 { return uint64(v<<1) ^ uint64(v>>63) }

func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

func (h *sensorBlockHead) append(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(h.rows))
	b = binary.AppendUvarint(b, uint64(h.raw))
	b = binary.AppendUvarint(b, uint64(len(h.ec)))
	for c, e := range h.ec {
		if !h.hasEc[c] {
			b = append(b, 0)
			continue
		}
		b = binary.AppendUvarint(b, zigzag(int64(e))+1)
	}
	b = binary.AppendUvarint(b, uint64(len(h.groups)))
	for _, g := range h.groups {
		b = binary.AppendUvarint(b, uint64(g.Col))
		b = binary.AppendUvarint(b, uint64(g.G))
		b = binary.AppendUvarint(b, uint64(g.FB))
		for a := 0; a < g.G; a++ {
			for k := 0; k < g.G; k++ {
				b = binary.AppendUvarint(b, zigzag(g.B[a][k]))
			}
		}
		for a := 0; a < g.G; a++ {
			b = binary.AppendUvarint(b, zigzag(g.Off[a]))
		}
	}
	return b
}

// parseSensorBlockHead reads a block's side information and returns the coded bytes after it.
func parseSensorBlockHead(b []byte) (*sensorBlockHead, []byte, error) {
	f := &fieldReader{b: b}
	h := &sensorBlockHead{
		rows: f.count(maxSensorRows, "row count"),
		raw:  f.count(2*sensorBlockBytes+maxSensorRecord, "block size"),
	}
	n := f.count(predict.MaxSensorColumns, "column count")
	h.ec = make([]int32, n)
	h.hasEc = make([]bool, n)
	for c := 0; c < n && f.err == nil; c++ {
		v := f.uvarint()
		if v == 0 {
			continue
		}
		e := unzigzag(v - 1)
		if e < -vision.MaxNumberExp || e > vision.MaxNumberExp {
			return nil, nil, fmt.Errorf("column %d unit 1e%d out of range", c, e)
		}
		h.ec[c], h.hasEc[c] = int32(e), true
	}
	groups := f.count(predict.MaxSensorColumns, "lattice count")
	end := 0
	for i := 0; i < groups && f.err == nil; i++ {
		var g predict.LatticeParams
		g.Col = f.count(predict.MaxSensorColumns, "lattice column")
		g.G = f.count(predict.MaxLatticeDim, "lattice size")
		g.FB = uint(f.count(40, "lattice precision"))
		for a := 0; a < g.G; a++ {
			for k := 0; k < g.G; k++ {
				g.B[a][k] = unzigzag(f.uvarint())
			}
		}
		for a := 0; a < g.G; a++ {
			g.Off[a] = unzigzag(f.uvarint())
		}
		if f.err == nil && (!g.Valid() || g.Col < end || g.Col+g.G > n) {
			return nil, nil, fmt.Errorf("lattice %d invalid", i)
		}
		end = g.Col + g.G
		h.groups = append(h.groups, g)
	}
	if f.err != nil {
		return nil, nil, f.err
	}
	return h, f.b, nil
}

// maxSensorRows bounds the rows of one block.
const maxSensorRows = 1 << 20
