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
	// Model is the sensor model's version: 1, 2 or 3 (docs/FORMAT.md §3.2). Version 2 adds
	// date/time columns, periodic columns and the decimal comma, version 3 periods of lattice
	// columns and residual sign contexts; an encoder writes 3 unless told otherwise
	// (SensorEncoder.SetModel).
	Model int
	// Decimal is the decimal separator of numbers: '.' or, under model 2, ',' (a log that
	// writes 1,25 between ; delimiters).
	Decimal byte
	// Law: the sensor model mixes in the law stage (sensor_law.go; model 2 only). Files
	// without the parameter code without it.
	Law bool
	// Split says how a row is cut into cells (model 6, sensor_split.go): 0 at the delimiter,
	// 1 at runs of spaces, 2 at fixed widths (Widths).
	Split  int
	Widths []int
}

// Sensor model versions: a decoder refuses a model it does not know.
const (
	sensorModelV1      = 1
	sensorModelV2      = 2
	sensorModelV3      = 3
	sensorModelV4      = 4
	sensorModelV5      = 5
	sensorModelV6      = 6
	sensorModelV7      = 7
	sensorModelV8      = 8
	sensorModelV9      = 9
	sensorModelV10     = 10
	sensorModelV11     = 11
	sensorModelV12     = 12
	sensorModelV13     = 13
	sensorModelV14     = 14
	sensorModelV15     = 15
	sensorModelV16     = 16
	sensorModelV17     = 17
	sensorModelV18     = 18
	sensorModelV19     = 19
	sensorModelV20     = 20
	sensorModelVersion = sensorModelV20 // what an encoder writes by default
	// sensorModelRecording is what the streams of a recording are coded with.
	sensorModelRecording = sensorModelV4
)

// maxSensorRecord bounds a record (row): a longer line is cut into pieces of this size.
const maxSensorRecord = 1 << 20

func (p *SensorParams) marshal() []byte {
	l := NewParamList()
	l.SetInt("model", int64(p.Model))
	l.SetInt("delimiter", int64(p.Delimiter))
	if p.Decimal == ',' {
		l.SetInt("decimal", int64(p.Decimal))
	}
	if p.Law {
		l.SetInt("law", 1)
	}
	l.SetInt("columns", int64(p.Columns))
	if p.Split != splitDelim {
		l.SetInt("split", int64(p.Split))
	}
	if p.Split == splitFixed {
		l.SetString("widths", formatWidths(p.Widths))
	}
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
	p := &SensorParams{
		Model:     int(g.int("model", sensorModelV1, sensorModelV20)),
		Delimiter: byte(g.int("delimiter", 0, 255)),
		Columns:   int(g.int("columns", 0, maxSensorRecord+1)),
		Decimal:   '.',
	}
	if p.Model >= sensorModelV2 {
		p.Decimal = byte(g.optInt("decimal", ',', '.', '.'))
		if p.Decimal != '.' && p.Decimal != ',' {
			return nil, fmt.Errorf("decimal separator %q is neither '.' nor ','", p.Decimal)
		}
		p.Law = g.optInt("law", 0, 1, 0) == 1
	}
	if p.Model >= sensorModelV6 {
		p.Split = int(g.optInt("split", splitDelim, splitFixed, splitDelim))
		if w, ok := l.strs["widths"]; ok && p.Split == splitFixed {
			g.str("widths")
			if p.Widths, err = parseWidths(w); err != nil {
				return nil, err
			}
		} else if p.Split == splitFixed {
			return nil, fmt.Errorf("split 2 without widths")
		}
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
	p.Names = columnNames(p.Header, p)
	return p, nil
}

// columnNames splits a header row into names, removing quotes (and, under split 1 or 2,
// the spaces around them).
func columnNames(header []byte, p *SensorParams) []string {
	if header == nil {
		return nil
	}
	// A UTF-8 byte order mark before the first name belongs to the file, not the name (the
	// header keeps it: the log is restored byte for byte).
	header = bytes.TrimPrefix(header, []byte("\xef\xbb\xbf"))
	fields, _, _ := p.splitRecord(header, true, len(header)+1, nil)
	names := make([]string, len(fields))
	for i, f := range fields {
		if p.Split != splitDelim {
			f = bytes.TrimSpace(f)
		}
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
	// Model 2 only: date/time columns and periodic columns.
	model   int
	layouts []colLayout
	periods []colPeriod
	floats  []colFloat
	affixes []colAffix
	// Model 4: the columns whose digits use the value contexts, increasing.
	values []colValue
	// Model 5: the order in which the row's first len(order) fields are coded (a
	// permutation of 0..len(order)−1); nil: field order.
	order []int
	// Model 10: columns predicted from other columns of their row (sensor_comb.go).
	rels []colRel
	// Model 12: the columns whose Series leave their selection as the prediction (the
	// second stage plain, sensor_plain12.go), increasing.
	plain []int
	// Model 12: columns whose value contexts learn under a partner column's bin
	// (sensor_joint.go), increasing.
	joints []colJoint
	// Model 13: columns predicted by a relation to other columns (sensor_rel13.go),
	// increasing.
	rel13 []colRel13
	// Model 13: the Series of a one-column signal run the cascade (sensor_casc13.go).
	casc bool
	// Model 14: a one-column signal's encoder-fitted predictor (sensor_lpc14.go; nil: none).
	lpc *lpcHead
	// Model 15: the residuals take model 15's additions (sensor_bio15.go).
	m15 bool
}

// maxSensorOrder bounds the fields a block's coding order permutes.
const maxSensorOrder = 256

// colValue gives how column col's digits use the value contexts (model 4): valueContexts or
// valueDirect.
type colValue struct {
	col  int
	mode uint8
}

// Value modes of a column (model 4).
const (
	valueNone     = 0 // residuals as model 3 codes them
	valueContexts = 1 // residuals that also learn from the value contexts
	valueDirect   = 2 // the digits from the bottom of their decade (no prediction), with the value contexts
	valueRank     = 3 // model 8: a number seen before as its rank among them (sensor_rank.go), else as valueContexts
)

// colAffix says that column col writes its numbers between prefix and suffix (model 2):
// "12", 12 V, 45%.
type colAffix struct {
	col            int
	prefix, suffix []byte
}

// maxAffix bounds an affix.
const maxAffix = 16

// colFloat says that column col prints binary floats under format f (model 2).
type colFloat struct {
	col int
	f   vision.FloatFormat
}

// colLayout says that column col writes dates and times in layout (model 2).
type colLayout struct {
	col    int
	layout vision.DateLayout
}

// colPeriod gives column col's dominant period in rows (model 2).
type colPeriod struct {
	col, period int
}

// maxSensorPeriod bounds a column's period.
const maxSensorPeriod = 4096

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
	if h.model >= sensorModelV2 {
		b = binary.AppendUvarint(b, uint64(len(h.layouts)))
		for _, l := range h.layouts {
			b = binary.AppendUvarint(b, uint64(l.col))
			b = binary.AppendUvarint(b, uint64(len(l.layout)))
			b = append(b, l.layout...)
		}
		b = binary.AppendUvarint(b, uint64(len(h.periods)))
		for _, p := range h.periods {
			b = binary.AppendUvarint(b, uint64(p.col))
			b = binary.AppendUvarint(b, uint64(p.period))
		}
		b = binary.AppendUvarint(b, uint64(len(h.floats)))
		for _, f := range h.floats {
			b = binary.AppendUvarint(b, uint64(f.col))
			b = append(b, f.f.Fmt, f.f.Prec, f.f.Bits)
		}
		na := uint64(len(h.affixes))
		if h.model >= sensorModelV4 {
			// Model 4: the count's lowest bit says whether the value modes follow.
			na = na<<1 | uint64(b2i(len(h.values) > 0))
		}
		b = binary.AppendUvarint(b, na)
		for _, a := range h.affixes {
			b = binary.AppendUvarint(b, uint64(a.col))
			b = binary.AppendUvarint(b, uint64(len(a.prefix)))
			b = append(b, a.prefix...)
			b = binary.AppendUvarint(b, uint64(len(a.suffix)))
			b = append(b, a.suffix...)
		}
	}
	if h.model >= sensorModelV4 && len(h.values) > 0 {
		b = binary.AppendUvarint(b, uint64(len(h.values)))
		for _, v := range h.values {
			b = binary.AppendUvarint(b, uint64(v.col))
			b = binary.AppendUvarint(b, uint64(v.mode))
		}
	}
	if h.model >= sensorModelV5 {
		no := uint64(len(h.order))
		if h.model >= sensorModelV10 {
			// Model 10: the length's lowest bit says whether relations follow.
			no = no<<1 | uint64(b2i(len(h.rels) > 0))
		}
		if h.model >= sensorModelV12 {
			// Model 12: and the next bit whether plain columns follow, the bit below it
			// whether joints follow.
			no = no<<1 | uint64(b2i(len(h.plain) > 0))
			no = no<<1 | uint64(b2i(len(h.joints) > 0))
		}
		if h.model >= sensorModelV13 {
			// Model 13: and the two bits below them whether related columns follow and
			// whether the cascade runs.
			no = no<<1 | uint64(b2i(len(h.rel13) > 0))
			no = no<<1 | uint64(b2i(h.casc))
		}
		if h.model >= sensorModelV14 {
			// Model 14: and the bit below them whether a fitted predictor follows.
			no = no<<1 | uint64(b2i(h.lpc != nil))
		}
		if h.model >= sensorModelV15 {
			// Model 15: and the lowest bit whether the residuals take model 15's
			// additions (sensor_bio15.go).
			no = no<<1 | uint64(b2i(h.m15))
		}
		b = binary.AppendUvarint(b, no)
		for _, c := range h.order {
			b = binary.AppendUvarint(b, uint64(c))
		}
	}
	if h.model >= sensorModelV10 && len(h.rels) > 0 {
		b = appendRels(b, h.rels)
	}
	if h.model >= sensorModelV12 && len(h.plain) > 0 {
		b = binary.AppendUvarint(b, uint64(len(h.plain)))
		last := -1
		for _, c := range h.plain {
			b = binary.AppendUvarint(b, uint64(c-last-1))
			last = c
		}
	}
	if h.model >= sensorModelV12 && len(h.joints) > 0 {
		b = appendJoints(b, h.joints)
	}
	if h.model >= sensorModelV13 && len(h.rel13) > 0 {
		b = appendRel13(b, h.rel13)
	}
	if h.model >= sensorModelV14 && h.lpc != nil {
		b = appendLPC(b, h.lpc)
	}
	return b
}

// parseSensorBlockHead reads a block's side information and returns the coded bytes after it.
func parseSensorBlockHead(b []byte, model int) (*sensorBlockHead, []byte, error) {
	f := &fieldReader{b: b}
	h := &sensorBlockHead{
		model: model,
		rows:  f.count(maxSensorRows, "row count"),
		raw:   f.count(2*sensorBlockBytes+maxSensorRecord, "block size"),
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
	values := false // model 4: value modes follow the affixes
	if model >= sensorModelV2 && f.err == nil {
		nl := f.count(uint64(n), "date column count")
		last := -1
		for i := 0; i < nl && f.err == nil; i++ {
			c := f.count(uint64(n), "date column")
			ln := f.count(vision.MaxDateLayout, "date layout size")
			l := vision.DateLayout(append([]byte{}, f.bytes(ln)...))
			if f.err != nil {
				break
			}
			if c >= n || c <= last {
				return nil, nil, fmt.Errorf("date column %d invalid", i)
			}
			if !l.Valid() || l.Hour24() && model < sensorModelV7 {
				return nil, nil, fmt.Errorf("date layout of column %d invalid", c)
			}
			h.layouts = append(h.layouts, colLayout{c, l})
			last = c
		}
		np := f.count(uint64(n), "periodic column count")
		last = -1
		for i := 0; i < np && f.err == nil; i++ {
			c := f.count(uint64(n), "periodic column")
			p := f.count(maxSensorPeriod, "period")
			if f.err == nil && (c >= n || c <= last || p < 2) {
				return nil, nil, fmt.Errorf("periodic column %d invalid", i)
			}
			h.periods = append(h.periods, colPeriod{c, p})
			last = c
		}
		nf := f.count(uint64(n), "float column count")
		last = -1
		for i := 0; i < nf && f.err == nil; i++ {
			c := f.count(uint64(n), "float column")
			b := f.bytes(3)
			if f.err != nil {
				break
			}
			ff := vision.FloatFormat{Fmt: b[0], Prec: b[1], Bits: b[2]}
			if c >= n || c <= last || !ff.Valid() {
				return nil, nil, fmt.Errorf("float column %d invalid", i)
			}
			for _, l := range h.layouts {
				if l.col == c {
					return nil, nil, fmt.Errorf("column %d both dates and floats", c)
				}
			}
			h.floats = append(h.floats, colFloat{c, ff})
			last = c
		}
		na := 0
		if model >= sensorModelV4 {
			v := f.count(2*uint64(n)+1, "affix column count")
			na, values = v>>1, v&1 == 1
		} else {
			na = f.count(uint64(n), "affix column count")
		}
		last = -1
		for i := 0; i < na && f.err == nil; i++ {
			c := f.count(uint64(n), "affix column")
			pre := append([]byte{}, f.bytes(f.count(maxAffix, "prefix size"))...)
			suf := append([]byte{}, f.bytes(f.count(maxAffix, "suffix size"))...)
			if f.err != nil {
				break
			}
			if c >= n || c <= last || len(pre)+len(suf) == 0 {
				return nil, nil, fmt.Errorf("affix column %d invalid", i)
			}
			for _, l := range h.layouts {
				if l.col == c {
					return nil, nil, fmt.Errorf("column %d both dates and affixes", c)
				}
			}
			for _, fl := range h.floats {
				if fl.col == c {
					return nil, nil, fmt.Errorf("column %d both floats and affixes", c)
				}
			}
			h.affixes = append(h.affixes, colAffix{c, pre, suf})
			last = c
		}
	}
	if values && f.err == nil {
		nv := f.count(uint64(n), "value column count")
		last := -1
		for i := 0; i < nv && f.err == nil; i++ {
			c := f.count(uint64(n), "value column")
			maxMode := uint64(valueDirect)
			if model >= sensorModelV8 {
				maxMode = valueRank
			}
			m := f.count(maxMode, "value mode")
			if f.err == nil && (c >= n || c <= last || m == valueNone) {
				return nil, nil, fmt.Errorf("value column %d invalid", i)
			}
			h.values = append(h.values, colValue{c, uint8(m)})
			last = c
		}
	}
	hasRels, hasPlain, hasJoints, hasRel13, hasLPC := false, false, false, false, false
	if model >= sensorModelV5 && f.err == nil {
		var no int
		switch {
		case model >= sensorModelV14:
			var v int
			if model >= sensorModelV15 {
				v = f.count(uint64(min(n, maxSensorOrder))<<7|127, "coding order length")
				h.m15, v = v&1 == 1, v>>1
			} else {
				v = f.count(uint64(min(n, maxSensorOrder))<<6|63, "coding order length")
			}
			hasLPC, v = v&1 == 1, v>>1
			h.casc, hasRel13, v = v&1 == 1, v&2 == 2, v>>2
			no, hasRels, hasPlain, hasJoints = v>>3, v&4 == 4, v&2 == 2, v&1 == 1
		case model >= sensorModelV13:
			v := f.count(uint64(min(n, maxSensorOrder))<<5|31, "coding order length")
			h.casc, hasRel13, v = v&1 == 1, v&2 == 2, v>>2
			no, hasRels, hasPlain, hasJoints = v>>3, v&4 == 4, v&2 == 2, v&1 == 1
		case model >= sensorModelV12:
			v := f.count(uint64(min(n, maxSensorOrder))<<3|7, "coding order length")
			no, hasRels, hasPlain, hasJoints = v>>3, v&4 == 4, v&2 == 2, v&1 == 1
		case model >= sensorModelV10:
			v := f.count(uint64(min(n, maxSensorOrder))<<1|1, "coding order length")
			no, hasRels = v>>1, v&1 == 1
		default:
			no = f.count(uint64(min(n, maxSensorOrder)), "coding order length")
		}
		seen := make([]bool, no)
		for i := 0; i < no && f.err == nil; i++ {
			c := f.count(uint64(no), "coding order field")
			if f.err == nil && (c >= no || seen[c]) {
				return nil, nil, fmt.Errorf("coding order field %d invalid", i)
			}
			if f.err == nil {
				seen[c] = true
				h.order = append(h.order, c)
			}
		}
		if f.err == nil && no == 1 {
			return nil, nil, fmt.Errorf("coding order of one field")
		}
	}
	if hasRels && f.err == nil {
		rels, err := parseRels(f, n, h.order, h.ec)
		if err != nil {
			return nil, nil, err
		}
		h.rels = rels
	}
	if hasPlain && f.err == nil {
		np := f.count(uint64(n), "plain column count")
		c := -1
		for i := 0; i < np && f.err == nil; i++ {
			c += 1 + f.count(uint64(n), "plain column")
			if f.err == nil && c >= n {
				return nil, nil, fmt.Errorf("plain column %d invalid", i)
			}
			h.plain = append(h.plain, c)
		}
		if f.err == nil && np == 0 {
			return nil, nil, fmt.Errorf("no plain column")
		}
	}
	if hasJoints && f.err == nil {
		js, err := parseJoints(f, n)
		if err != nil {
			return nil, nil, err
		}
		h.joints = js
	}
	if hasRel13 && f.err == nil {
		rs, err := parseRel13(f, n, model)
		if err != nil {
			return nil, nil, err
		}
		h.rel13 = rs
	}
	if hasLPC && f.err == nil {
		l, err := parseLPC(f, n)
		if err != nil {
			return nil, nil, err
		}
		h.lpc = l
	}
	if f.err != nil {
		return nil, nil, f.err
	}
	return h, f.b, nil
}

// maxSensorRows bounds the rows of one block.
const maxSensorRows = 1 << 20
