package codec

import (
	"bytes"
	"errors"
	"math/bits"
	"slices"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// The walk over a sensor stream's rows that joins the model (predict.SensorColumn, Lattice,
// TextModel) to the coder. It runs the same in both directions: BitCoder.Code writes a
// decision when encoding and returns the decoded one when decoding, so every function here
// takes the encoder's value and returns the value both sides agree on.
//
// A row is coded in two passes. First its shape (field count, line end), then for every cell
// whether it repeats the cell above and, if not, its kind (empty, number, text). Then the
// contents: for each group of columns on a lattice whose cells are all numbers, the lattice
// coordinates; then for each cell its number (sign and decade, notation, precision, digits)
// or text.

// sensorCell is one cell as the coder sees it.
type sensorCell struct {
	kind int8
	rep  bool // repeats the cell above
	dict bool // repeats a cell of the column seen lately (see recentSet)
	num  vision.Number
	x    int64 // a number's value in column units
	ulp  int64 // model 2, a repr'd float: its offset from num's float in units in the last place
	// model 2: a number of a float column that its printing does not restore, written as
	// it was read
	plain bool
	b     []byte // the cell's bytes
}

// errSensorCorrupt is what a decoder meets when the coded data contradicts itself.
var errSensorCorrupt = errors.New("coded data inconsistent")

const sensorCounterLimit = 255

// sensorCoder is the state shared by the encoder and the decoder of a sensor stream.
type sensorCoder struct {
	bc      *BitCoder
	cols    []*predict.SensorColumn
	slab    *predict.MixedSlab   // the columns' models' slabs (a decoder's), or nil
	free    *predict.TrialModels // without a slab: its encoder's models given back, or nil (senc10)
	st      *predict.SensorStructure
	groups  []*predict.Lattice
	groupAt []int // column → index of the lattice it starts, or −1
	groupOf []int // column → index of the lattice it belongs to, or −1
	text    *predict.TextModel
	last    []sensorCell           // the cells of the last row, per column slot
	lastN   int                    // fields of the last row
	lastTxt [][]byte               // each column's last text cell
	tmy     tmy16State             // model 16: the repeat flags' partners (sensor_tmy16.go)
	compat  compatMemo             // compatible's answers in this block (sensor_match_ssp5.go)
	recent  []*recentSet           // each column's recent distinct cells
	err     error                  // first decoding inconsistency
	cross   *sensorCross           // cross-modal input (recordings, sensor_cross.go); nil: none
	law     *sensorLaw             // the law stage (sensor_law.go); nil: none
	vctx    *predict.ValueContexts // model 4: the value contexts' table (made on first use)
	vkey    uint64                 // model 4: what the value contexts know of the digits (decade, sign)
	vmode   []uint8                // model 4: per column slot, how its digits use the value contexts (valueNone...)
	ranks   []*rankCol             // model 8: per column slot, a rank column's dictionary (sensor_rank.go)
	order   []int                  // model 5: the block's coding order of the row's first fields; nil: field order
	done    []int                  // model 5 with an order: the fields of the row coded so far, in coding order
	rels    []colRel               // model 10: the block's relations (sensor_comb.go)
	relAt   []int32                // model 10: per field, the index of its relation in rels, or −1
	joint   jointState             // model 12: the block's joints (sensor_joint.go)
	// model 12: whether the block has joints, and (jointOn) the partner bins of the
	// residual about to be coded
	jointAny, jointOn bool
	jFine, jCoarse    uint64
	rel               rel13State // model 13: the block's related columns (sensor_rel13.go)
	grid14            []grid14   // model 14: each column slot's last place (sensor_wx14.go)
	// model 18: each column slot's match model (sensor_smatch18.go), and whether the row's
	// repeat flag was coded for it
	smatch []*predict.SeriesMatch
	smPend []*predict.SeriesMatch // pushes begun in the row's learnRow (smatchPush)
	smRep  []bool
	smCtr  []predict.Counter // the flag's counters, shared by the columns

	// Per-row scratch.
	rowCross int64 // the change of the last number coded in the row (cross-channel input)
	// Model 3: the changes of the numbers coded so far in the row (0 for a number whose
	// column's last cell was not one).
	rowDeltas []int64
	rowValues []int64 // and their values
	rowExps   []int32 // model 9: and the power of ten of their columns' units
	relEc     int     // model 9: the power of ten of the digits mixedResidual4 codes, relOn: of a number
	relOn     bool
	relNeg    bool
	rowCells  []sensorCell // model 3: the row being coded, and the field of the number coded
	field     int
	latCross  int64 // the change of the last lattice coordinate coded in the row
	latOn     []bool
	kvec      [][predict.MaxLatticeDim]int64
	xvec      [][predict.MaxLatticeDim]int64
	stats     *SensorBlockStats

	// Model 2 (docs/FORMAT.md §12.3).
	model   int
	m15     bool                 // the block's residuals take model 15's additions (sensor_bio15.go)
	x16     bool                 // model 16: the block's residuals take the shared exact input (sensor_exact16.go)
	xtab    *predict.ExactTable  // model 16: the exact input's table (made on first use)
	trial   bool                 // an encoder's trial coder (model 16: without the exact input)
	periods []int                // each column's period in the current block (0: none)
	decimal byte                 // decimal separator of numbers
	layouts []vision.DateLayout  // per column slot: its date/time layout, or nil
	leftB   []byte               // the bytes of the cell left of the text cell being coded
	floats  []vision.FloatFormat // per column slot: the printing of its binary floats, or zero
	affixes []*colAffix          // per column slot: the bytes around its numbers, or nil
	// The current window of stats (SensorBlockStats.Windows): rows coded in it, and the
	// block's costs when it began.
	winRows   int
	winCols   []uint64
	winStruct uint64
}

// numPred is a number's prediction: in column units, and, from a lattice, in finer
// fixed point.
type numPred struct {
	x   int64
	lat bool
	rel bool           // model 13: from a relation (sensor_rel13.go)
	p   predict.Int128 // 2^-fb column units
	fb  uint
}

func newSensorCoder() *sensorCoder {
	return &sensorCoder{st: predict.NewSensorStructure(), model: sensorModelV1, decimal: '.'}
}

// setParams takes the stream's model version and notation from its parameters.
func (s *sensorCoder) setParams(p *SensorParams) {
	s.model, s.decimal = p.Model, p.Decimal
	if p.Law {
		s.law = newSensorLaw()
	}
	if s.decimal == 0 {
		s.decimal = '.'
	}
}

// format appends number x of column slot c as the log writes it: a date under the column's
// layout, else a number with the stream's decimal separator.
func (s *sensorCoder) format(dst []byte, c int, x vision.Number, ulp int64, plain bool) []byte {
	if f := s.floats[c]; f.Fmt != 0 && !plain {
		dst, ok := f.AppendUlp(dst, x, ulp)
		if !ok {
			s.fail()
		}
		return dst
	}
	if a := s.affixes[c]; a != nil && !plain {
		dst = append(dst, a.prefix...)
		dst = vision.AppendNumberSep(dst, x, s.decimal)
		return append(dst, a.suffix...)
	}
	l := s.layouts[c]
	if l == nil || plain {
		return vision.AppendNumberSep(dst, x, s.decimal)
	}
	sh := int(x.Exp - l.Exp())
	if sh < 0 || sh > 18 || x.Digits > uint64(1<<62)/vision.Pow10(sh) {
		s.fail()
		return dst
	}
	v := int64(x.Digits * vision.Pow10(sh))
	if x.Neg {
		v = -v
	}
	dst, ok := vision.AppendDate(dst, l, v)
	if !ok {
		s.fail()
	}
	return dst
}

// dateNumber returns the number a date of value v (in layout l's unit) is coded as.
func dateNumber(l vision.DateLayout, v int64) vision.Number {
	return vision.Number{Digits: absU64(v), Exp: l.Exp(), Neg: v < 0}
}

// seriesOrder is the LMS order of the model's series.
func (s *sensorCoder) seriesOrder() int {
	if s.model >= sensorModelV3 {
		return predict.SeriesOrder3
	}
	return predict.SeriesOrder
}

// slot returns the model slot of field i.
func slot(i int) int { return min(i, predict.MaxSensorColumns-1) }

// column returns the state of column slot c, creating it.
func (s *sensorCoder) column(c int) *predict.SensorColumn {
	for len(s.cols) <= c {
		col := predict.NewSensorColumn()
		col.Series.SetLevel(s.model >= sensorModelV2)
		col.Series.SetOrder(s.seriesOrder())
		col.Series.SetUnitCross(s.model >= sensorModelV3)
		col.Series.SetStage2(s.model >= sensorModelV11)
		col.Mix2 = s.model >= sensorModelV8
		col.Fast2 = s.model >= sensorModelV9
		col.SetModel15(s.m15)
		col.Slab, col.Free = s.slab, s.free
		s.cols = append(s.cols, col)
		s.last = append(s.last, sensorCell{})
		s.lastTxt = append(s.lastTxt, nil)
		s.groupAt = append(s.groupAt, -1)
		s.groupOf = append(s.groupOf, -1)
		s.recent = append(s.recent, nil)
		s.layouts = append(s.layouts, nil)
		s.floats = append(s.floats, vision.FloatFormat{})
		s.affixes = append(s.affixes, nil)
	}
	return s.cols[c]
}

// startBlock applies a block's side information: column units and lattices. A lattice the
// last block used too keeps its state.
func (s *sensorCoder) startBlock(h *sensorBlockHead) {
	s.startModel15(h)
	s.startExact16(h)
	for c := range h.ec {
		col := s.column(c)
		if h.hasEc[c] && (!col.HasEc || col.Ec != h.ec[c]) {
			col.Ec, col.HasEc = h.ec[c], true
			col.ResetNumbers()
			s.last[c].kind = -1 // its value is in the old unit: no repeat
		}
	}
	if h.model >= sensorModelV2 {
		var lay []vision.DateLayout
		for _, l := range h.layouts {
			s.column(l.col)
			for len(lay) <= l.col {
				lay = append(lay, nil)
			}
			lay[l.col] = l.layout
		}
		per := make([]int, len(s.cols))
		for _, p := range h.periods {
			s.column(p.col)
			per = append(per, make([]int, len(s.cols)-len(per))...)
			per[p.col] = p.period
		}
		for c, col := range s.cols {
			col.Series.SetPeriod(per[c])
		}
		s.periods = per
		fl := make([]vision.FloatFormat, len(s.cols))
		for _, f := range h.floats {
			s.column(f.col)
			fl = append(fl, make([]vision.FloatFormat, len(s.cols)-len(fl))...)
			fl[f.col] = f.f
		}
		af := make([]*colAffix, len(s.cols))
		for i := range h.affixes {
			a := &h.affixes[i]
			s.column(a.col)
			af = append(af, make([]*colAffix, len(s.cols)-len(af))...)
			af[a.col] = a
		}
		for c := range s.affixes {
			o, n := s.affixes[c], af[c]
			if (o == nil) != (n == nil) || o != nil && (!bytes.Equal(o.prefix, n.prefix) || !bytes.Equal(o.suffix, n.suffix)) {
				s.cols[c].ResetNumbers()
				s.last[c].kind = -1
			}
			s.affixes[c] = n
		}
		for c := range s.floats {
			if fl[c] != s.floats[c] {
				s.floats[c] = fl[c]
				s.cols[c].ResetNumbers()
				s.last[c].kind = -1
			}
		}
		for c := range s.layouts {
			var l vision.DateLayout
			if c < len(lay) {
				l = lay[c]
			}
			if !bytes.Equal(l, s.layouts[c]) || (l == nil) != (s.layouts[c] == nil) {
				s.layouts[c] = l
				s.cols[c].ResetNumbers()
				s.last[c].kind = -1 // numbers mean something else now: no repeat
			}
		}
	}
	var groups []*predict.Lattice
	for _, p := range h.groups {
		s.column(p.Col + p.G - 1)
		var l *predict.Lattice
		for _, old := range s.groups {
			if old.Same(&p) {
				l = old
			}
		}
		if l == nil {
			l = predict.NewLattice(p)
			for a := range l.Series[:l.G] {
				l.Series[a].SetLevel(s.model >= sensorModelV2)
				l.Series[a].SetOrder(s.seriesOrder())
				l.Series[a].SetUnitCross(s.model >= sensorModelV3)
				l.Series[a].SetStage2(s.model >= sensorModelV11)
			}
		}
		groups = append(groups, l)
	}
	s.groups = groups
	if h.model >= sensorModelV12 {
		// Model 12: a column (a lattice's axis a: column Col+a) not named plain this block
		// takes model 11's stage.
		for _, c := range h.plain {
			s.column(c)
		}
		s.eachSeries(func(c int, se *predict.Series) { se.SetStage2Plain(slices.Contains(h.plain, c)) })
	}
	if h.model >= sensorModelV13 {
		s.startCascade(h)
	}
	if h.model >= sensorModelV14 {
		s.startLPC(h)
	}
	if h.model >= sensorModelV4 {
		s.vmode = make([]uint8, len(s.cols))
		for _, v := range h.values {
			s.column(v.col)
			s.vmode = append(s.vmode, make([]uint8, len(s.cols)-len(s.vmode))...)
			s.vmode[v.col] = v.mode
		}
	}
	s.rels, s.relAt = nil, s.relAt[:0]
	if h.model >= sensorModelV10 {
		// Model 10: relations; a column without one this block takes none.
		for _, col := range s.cols {
			col.Series.SetRel(0, false)
		}
		if len(h.rels) > 0 {
			s.rels = h.rels
			for i, r := range h.rels {
				s.column(r.col)
				for len(s.relAt) <= r.col {
					s.relAt = append(s.relAt, -1)
				}
				s.relAt[r.col] = int32(i)
			}
		}
	}
	s.jointAny = false
	if h.model >= sensorModelV12 {
		s.startJoints(h)
	}
	s.rel.on = false
	if h.model >= sensorModelV13 {
		s.startRel13(h)
	}
	s.grid14 = s.grid14[:0]
	s.order = nil
	if h.model >= sensorModelV5 && len(h.order) > 0 {
		s.order = h.order
		for _, c := range h.order {
			s.column(c)
		}
	}
	if h.model >= sensorModelV3 {
		// Model 3: a one-dimensional lattice's coordinate follows its column's period.
		for _, l := range groups {
			p := 0
			if l.G == 1 && l.Col < len(s.periods) {
				p = s.periods[l.Col]
			}
			l.Series[0].SetPeriod(p)
		}
	}
	for c := range s.groupAt {
		s.groupAt[c], s.groupOf[c] = -1, -1
	}
	for i, l := range groups {
		s.groupAt[l.Col] = i
		for a := 0; a < l.G; a++ {
			s.groupOf[l.Col+a] = i
		}
	}
	s.latOn = make([]bool, len(groups))
	s.kvec = make([][predict.MaxLatticeDim]int64, len(groups))
	s.xvec = make([][predict.MaxLatticeDim]int64, len(groups))
	s.compat.reset() // (the columns' units, printings, affixes and layouts may have changed)
}

// valueContexts gives, under model 4, the residual model m of column slot c (kind: 0 lattice
// coordinate, 1 value by its series, 2 value by its lattice) its value contexts.
func (s *sensorCoder) valueContexts(m *predict.MixedResidual, c, kind int) {
	if m.HasValueContexts() {
		return
	}
	if s.vctx == nil {
		s.vctx = s.free.NewValueContexts()
	}
	m.SetValueContexts(s.vctx, uint64(c)*4+uint64(kind))
}

// bit codes one decision under an adaptive counter.
func (s *sensorCoder) bit(b int, c *predict.Counter) int {
	b = s.bc.Code(b, c.P())
	c.Update(b, sensorCounterLimit)
	return b
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// residual codes a signed integer under a ResidualModel in context ctx.
func (s *sensorCoder) residual(r int64, m *predict.ResidualModel, ctx int) int64 {
	if s.bit(b2i(r == 0), &m.Zero[ctx]) == 1 {
		return 0
	}
	neg := s.bit(b2i(r < 0), &m.Sign[ctx])
	a := absU64(r)
	e := bits.Len64(a) - 1
	// The exponent in unary: most residuals are small, so this takes few decisions.
	de := 0
	for de < 62 && s.bit(b2i(e > de), &m.Exp[ctx][de]) == 1 {
		de++
	}
	mag := uint64(1)
	for i := de - 1; i >= 0; i-- {
		b := int(a>>i) & 1
		if k := de - 1 - i; k < len(m.Mant[de]) {
			b = s.bit(b, &m.Mant[de][k])
		} else {
			b = s.bc.Code(b, 1<<15)
		}
		mag = mag<<1 | uint64(b)
	}
	if neg == 1 {
		return -int64(mag)
	}
	return int64(mag)
}

// mixedBit codes decision node of a MixedResidual.
// An encoder, and a decoder that accounts no cost, code it in one call (P, the coder's step,
// the cost and Update, in assembly where it applies): the same as Code under P, then Update.
func (s *sensorCoder) mixedBit(b int, m *predict.MixedResidual, node int) int {
	limit := sensorCounterLimit
	if s.m15 {
		limit = mixedCounterLimit15 // slower counters (sensor_bio15.go)
	}
	if !s.bc.decoding {
		m.EncodeMix(&s.bc.enc, &s.bc.Cost, !s.bc.costOnly, b, node, limit)
		return b
	}
	if s.bc.noCost {
		return m.DecodeMix(&s.bc.dec, node, limit)
	}
	b = s.bc.Code(b, m.PMix(node)) // (P and Update, in assembly where it applies)
	m.UpdateMix(b, limit)
	return b
}

// mixedResidual codes a signed integer under a MixedResidual (sensor model 3) whose expected
// magnitude is avg16 (×16, in the residual's units).
func (s *sensorCoder) mixedResidual(r int64, m *predict.MixedResidual, avg16 uint64, pred, last int64) int64 {
	m.Begin(avg16, pred, last)
	if s.mixedBit(b2i(r == 0), m, predict.NodeZero) == 1 {
		m.Learn(0)
		return 0
	}
	neg := s.mixedBit(b2i(r < 0), m, predict.NodeSign)
	a := absU64(r)
	e := bits.Len64(a) - 1
	de := 0
	for de < 62 {
		var b int
		if c := m.ExpCounter(predict.NodeExp + de); c != nil {
			b = s.bit(b2i(e > de), c) // a node of one counter, not mixed
		} else {
			b = s.mixedBit(b2i(e > de), m, predict.NodeExp+de)
		}
		if b == 0 {
			break
		}
		de++
	}
	mag := uint64(1)
	for i := de - 1; i >= 0; i-- {
		b := int(a>>i) & 1
		switch k := de - 1 - i; {
		case de <= 3:
			b = s.mixedBit(b, m, predict.NodeMant+8*(de-1)+int(mag))
		case k < len(m.Mant[de]):
			b = s.bit(b, &m.Mant[de][k])
		default:
			b = s.bc.Code(b, 1<<15)
		}
		mag = mag<<1 | uint64(b)
	}
	v := int64(mag)
	if neg == 1 {
		v = -v
	}
	m.Learn(v)
	return v
}

// mixedBit4 codes a decision of a MixedResidual under model 4 (see predict.MixedResidual.P4).
func (s *sensorCoder) mixedBit4(b int, m *predict.MixedResidual, node int, at int64, w uint, neg, de, mant int) int {
	b = s.bc.Code(b, m.P4(node, at, w, neg, de, mant))
	m.Update4(b, sensorCounterLimit)
	return b
}

// mixedResidual4 is mixedResidual under sensor model 4: every decision also learns from the
// point in value space (pred plus the residual's part known so far) where it splits the
// possible values, alone and given the series' last value and the row's values to the left
// (predict.ValueContexts).
func (s *sensorCoder) mixedResidual4(r int64, m *predict.MixedResidual, avg16 uint64, pred, last int64) int64 {
	m.Begin(avg16, pred, last)
	// The last two numbers coded before this one in the row.
	var left, left2 int64
	nl := min(len(s.rowValues), 2)
	if nl >= 1 {
		left = s.rowValues[len(s.rowValues)-1]
	}
	if nl >= 2 {
		left2 = s.rowValues[len(s.rowValues)-2]
	}
	m.BeginValues(last, left, left2, nl, s.vkey)
	s.vkey = 0
	if s.relOn {
		s.beginRel(m)
		s.relOn = false
	}
	if s.jointOn {
		m.BeginJoint(s.jFine, s.jCoarse) // model 12
		s.jointOn = false
	}
	q := m.Q()
	if s.mixedBit4(b2i(r == 0), m, predict.NodeZero, pred, q, 0, 0, -1) == 1 {
		m.Learn(0)
		return 0
	}
	neg := s.mixedBit4(b2i(r < 0), m, predict.NodeSign, pred, q, 0, 0, -1)
	sg := int64(1 - 2*neg)
	a := absU64(r)
	e := bits.Len64(a) - 1
	de := 0
	for de < 62 {
		at := pred
		if de < 61 {
			at = pred + sg*int64(1)<<de
		}
		if s.mixedBit4(b2i(e > de), m, predict.NodeExp+de, at, uint(min(de, 62)), neg, 0, -1) == 0 {
			break
		}
		de++
	}
	mag := uint64(1)
	for i := de - 1; i >= 0; i-- {
		b := int(a>>i) & 1
		switch k := de - 1 - i; {
		case de <= 3:
			b = s.mixedBit4(b, m, predict.NodeMant+8*(de-1)+int(mag), pred+sg*int64(mag<<(i+1)), uint(i+1), neg, 0, -1)
		case k < predict.MantMixed4 && i+1 < 62:
			b = s.mixedBit4(b, m, predict.NodeMant+24+k, pred+sg*int64(mag<<(i+1)), uint(i+1), neg, de, k)
		case k < len(m.Mant[de]):
			b = s.bit(b, &m.Mant[de][k])
		default:
			b = s.bc.Code(b, 1<<15)
		}
		mag = mag<<1 | uint64(b)
	}
	v := int64(mag)
	if neg == 1 {
		v = -v
	}
	m.Learn(v)
	return v
}

// uvarBits codes a small unsigned integer (below 2^31): its bit length through a tree of
// counters (ctr, 32 entries), then the bits below the leading one at even odds.
func (s *sensorCoder) uvarBits(v uint64, ctr []predict.Counter) uint64 {
	n := bits.Len64(v)
	node, dn := 1, 0
	for i := 4; i >= 0; i-- {
		b := s.bit(n>>i&1, &ctr[node])
		node = node*2 + b
		dn = dn*2 + b
	}
	if dn == 0 {
		return 0
	}
	if dn > 31 {
		s.fail()
		dn = 31
	}
	r := uint64(1)
	for i := dn - 2; i >= 0; i-- {
		r = r<<1 | uint64(s.bc.Code(int(v>>i)&1, 1<<15))
	}
	return r
}

func (s *sensorCoder) fail() {
	if s.err == nil {
		s.err = errSensorCorrupt
	}
}

func absU64(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// codeRow codes one row: its nf cells (filled when encoding, filled in when decoding, the
// slice grown as needed) and its line end, and returns the field count and line end. Its
// phases: the row's shape, each cell's repeat flag and kind, the lattice coordinates, the
// cells' contents, and what the next row learns from this one.
func (s *sensorCoder) codeRow(row *[]sensorCell, nf int, end vision.LineEnd) (int, vision.LineEnd) {
	start := s.bc.Cost
	if len(s.smPend) > 0 {
		s.smatchFinish() // the last row's match pushes (sensor_smatch18.go)
	}
	if s.cross != nil {
		s.cross.beginRow(s)
	}
	nf, end = s.codeShape(nf, end)
	s.stats.Structure += s.bc.Cost - start
	if len(*row) < nf {
		*row = append(*row, make([]sensorCell, nf-len(*row))...)
	}
	cells := (*row)[:nf]
	s.codeKinds(cells)
	s.codeLattices(cells)
	s.codeContents(cells)
	s.learnRow(cells)
	s.lastN = nf
	s.endRow()
	return nf, end
}

// codeShape codes the row's field count and line end.
func (s *sensorCoder) codeShape(nf int, end vision.LineEnd) (int, vision.LineEnd) {
	st := s.st
	if s.bit(b2i(nf == st.Fields), st.SameNFCtx()) == 1 {
		nf = st.Fields
	} else {
		nf = int(s.uvarBits(uint64(nf), st.NFBits[:32]))
		if nf > maxSensorRecord+1 || nf == 0 {
			s.fail()
			nf = 1
		}
	}
	if s.bit(b2i(end == st.End), st.SameEndCtx()) == 1 {
		end = st.End
	} else {
		e := int(end)
		b1 := s.bit(e>>1, st.EndCtx(-1))
		b0 := s.bit(e&1, st.EndCtx(b1))
		end = vision.LineEnd(b1<<1 | b0)
	}
	st.Learn(nf, end)
	return nf, end
}

// codeKinds codes, for every cell, whether it repeats the column's last cell and, if not,
// its kind (empty, number, text) and whether the column's recent cells hold it.
func (s *sensorCoder) codeKinds(cells []sensorCell) {
	nf := len(cells)
	left := 0
	textLeft := 0 // model 7: the row's last cell below a text cell so far (RepeatCtx7)
	m16 := s.model >= sensorModelV16
	if m16 {
		s.tmy.begin(min(nf, predict.MaxSensorColumns))
	}
	for i := 0; i < nf; i++ {
		c := slot(i)
		col := s.column(c)
		cell := &cells[i]
		before := s.bc.Cost
		rep := false
		textAbove := s.last[c].kind == predict.CellText
		// Model 2: a noisy numeric column (repeats rare) leaves repeats to the value's residual.
		noFlag := s.model >= sensorModelV2 && s.last[c].kind == predict.CellNumber && col.Kind == predict.CellNumber &&
			col.RepRate < predict.RepeatFlagMin
		if noFlag {
			cell.rep = false
		}
		if c < len(s.smRep) {
			s.smRep[c] = i < s.lastN && !noFlag
		}
		if i < s.lastN && !noFlag {
			if !s.bc.decoding {
				l := &s.last[c]
				cell.rep = l.kind == cell.kind && bytes.Equal(l.b, cell.b)
			}
			ctx := col.RepeatCtx(left)
			if s.model >= sensorModelV7 {
				ctx = col.RepeatCtx7(left, textLeft)
			}
			// Model 16: under a text cell, the flag of the column's partner (sensor_tmy16.go).
			tmy := m16 && i < predict.MaxSensorColumns
			if tmy {
				if j, pf := s.tmy.partner(i); pf != 0 && j != i-1 {
					ctx = s.tmy.ctx(i, col.Run, left, pf)
				}
			}
			rep = s.bit(b2i(cell.rep), ctx) == 1
			if textAbove {
				textLeft = 2 - b2i(rep)
			}
			if tmy {
				s.tmy.learn(i, rep)
			}
		}
		cell.rep = rep
		if rep {
			cell.kind = s.last[c].kind
			col.Run++
			left = 2
		} else {
			k := int(cell.kind)
			if s.bit(b2i(k == col.Kind), col.KindCtx(0)) == 1 {
				k = col.Kind
			} else {
				// One of the two other kinds.
				o1 := (col.Kind + 1) % predict.NumCellKind
				o2 := (col.Kind + 2) % predict.NumCellKind
				if s.bit(b2i(k == o2), col.KindCtx(1)) == 1 {
					k = o2
				} else {
					k = o1
				}
			}
			cell.kind = int8(k)
			col.Kind = k
			col.Run = 0
			left = 1
		}
		s.stats.col(c).Notation += s.bc.Cost - before
		cell.dict = false
		if !rep && cell.kind != predict.CellEmpty {
			before = s.bc.Cost
			s.codeRecent(c, col, cell)
			s.stats.col(c).Value += s.bc.Cost - before
		}
	}

}

// codeLattices codes the lattice coordinates of the groups whose cells are all numbers.
func (s *sensorCoder) codeLattices(cells []sensorCell) {
	nf := len(cells)
	s.rowCross, s.latCross = 0, 0
	s.rowDeltas, s.rowValues, s.rowExps = s.rowDeltas[:0], s.rowValues[:0], s.rowExps[:0]
	for gi, l := range s.groups {
		s.latOn[gi] = false
		if l.Col+l.G > nf {
			continue
		}
		all, moved := true, false
		for a := 0; a < l.G; a++ {
			cell := &cells[l.Col+a]
			all = all && cell.kind == predict.CellNumber
			moved = moved || !cell.rep
		}
		if !all || !moved {
			continue
		}
		s.latOn[gi] = true
		s.codeLattice(gi, l, cells)
	}

}

// codeContents codes the cells' contents. A record is at most maxSensorRecord bytes: a
// decoder that finds more has met corrupt data and stops there.
func (s *sensorCoder) codeContents(cells []sensorCell) {
	nf := len(cells)
	size := nf - 1
	no := len(s.order)
	s.done = s.done[:0]
	s.joint.row++
	s.rel.row++
	prev := -1 // the field coded last
	m16 := s.model >= sensorModelV16
	if m16 {
		s.tmy.beginContents(min(nf, predict.MaxSensorColumns))
	}
	for pos := 0; pos < max(nf, no); pos++ {
		// Model 5: the block's order first (fields the row has), then the rest in field order.
		i := pos
		if pos < no {
			if i = s.order[pos]; i >= nf {
				continue
			}
		}
		if no > 0 && prev >= 0 {
			s.done = append(s.done, prev)
		}
		left := prev
		prev = i
		if m16 && left >= 0 {
			s.tmy.coded(left)
		}
		c := slot(i)
		cell := &cells[i]
		if size > maxSensorRecord {
			s.fail()
			cell.kind, cell.rep, cell.b = predict.CellEmpty, false, cell.b[:0]
			continue
		}
		if cell.rep {
			if s.bc.decoding {
				above := &s.last[c]
				cell.num, cell.x = above.num, above.x
				cell.b = append(cell.b[:0], above.b...)
			}
			if s.jointAny && cell.kind == predict.CellNumber {
				s.jointSeen(c, cell.x)
			}
			if s.rel.on {
				s.rel13Seen(c, cell)
			}
			size += len(cell.b)
			continue
		}
		if cell.dict {
			if s.jointAny && cell.kind == predict.CellNumber {
				s.jointSeen(c, cell.x)
			}
			if s.rel.on {
				s.rel13Seen(c, cell)
			}
			size += len(cell.b) // decoded in pass 1
			continue
		}
		switch cell.kind {
		case predict.CellEmpty:
			cell.b = cell.b[:0]
		case predict.CellText:
			s.leftB = nil
			if left >= 0 {
				s.leftB = cells[left].b
			}
			if m16 {
				// Model 16: the partner's cell, if coded before in the row (sensor_tmy16.go).
				if j := s.tmy.textPartner(i); j >= 0 {
					s.leftB = cells[j].b
				}
			}
			s.codeText(c, cell)
		case predict.CellNumber:
			s.rowCells, s.field = cells, i
			s.codeNumber(c, cell)
		}
		if s.jointAny && cell.kind == predict.CellNumber {
			s.jointSeen(c, cell.x)
		}
		if s.rel.on {
			s.rel13Seen(c, cell)
		}
		size += len(cell.b)
	}
	if s.rel.on {
		s.rel13EndRow()
	}

}

// learnRow lets the lattices see the row's values and the next row see this one.
func (s *sensorCoder) learnRow(cells []sensorCell) {
	nf := len(cells)
	for gi, l := range s.groups {
		if !s.latOn[gi] {
			continue
		}
		x := &s.xvec[gi]
		for a := 0; a < l.G; a++ {
			x[a] = cells[l.Col+a].x
		}
		l.Observe(&s.kvec[gi], x)
	}
	for i := 0; i < nf; i++ {
		c := slot(i)
		// Misses join the ring, if their column may use it soon (keeps cheap columns fast).
		if cl := &cells[i]; !cl.rep && !cl.dict && s.recent[c] != nil && (cl.kind == predict.CellText ||
			cl.kind == predict.CellNumber && s.cols[c].ResBits >= (recentMinBits-4)<<4) {
			s.recent[c].insert(cl)
		}
		s.stats.col(c).count(&cells[i])
		if s.model >= sensorModelV18 && i < smatchCols {
			s.smatchPush(c, &cells[i])
		}
		if s.model >= sensorModelV2 && cells[i].kind == predict.CellNumber {
			col := s.cols[c]
			eq := int32(0)
			if l := &s.last[c]; l.kind == predict.CellNumber && bytes.Equal(l.b, cells[i].b) {
				eq = 1 << 16
			}
			col.RepRate += (eq - col.RepRate) >> 5
		}
		if s.model >= sensorModelV16 && i+1 < nf && cells[i+1].kind == predict.CellText {
			// Model 16: what the next row's trend flag needs (only beside a text cell).
			s.learnTrend(i, &cells[i])
		}
		if i < predict.MaxSensorColumns-1 || i == nf-1 {
			l := &s.last[c]
			l.kind, l.num, l.x = cells[i].kind, cells[i].num, cells[i].x
			l.b = append(l.b[:0], cells[i].b...)
		}
	}
}

// beginStats makes st the statistics of the block about to be coded.
func (s *sensorCoder) beginStats(st *SensorBlockStats) {
	s.stats = st
	s.winRows, s.winCols, s.winStruct = 0, s.winCols[:0], 0
}

// endRow counts a coded row into the current window, closing it when it is full.
func (s *sensorCoder) endRow() {
	if s.winRows++; s.winRows == SensorWindowRows {
		s.closeWindow()
	}
}

// closeWindow appends the current window, if it holds rows, to the block's statistics.
func (s *sensorCoder) closeWindow() {
	if s.winRows == 0 {
		return
	}
	st := s.stats
	st.Windows = append(st.Windows, s.openWindow())
	s.winCols = s.winCols[:0]
	for c := range st.Columns {
		s.winCols = append(s.winCols, st.Columns[c].Total())
	}
	s.winRows, s.winStruct = 0, st.Structure
}

// openWindow returns the costs of the window still open (its rows since the last closeWindow),
// as closeWindow would append them.
func (s *sensorCoder) openWindow() SensorWindow {
	st := s.stats
	w := SensorWindow{Rows: s.winRows, Columns: make([]uint64, len(st.Columns)), Structure: st.Structure - s.winStruct}
	for c := range st.Columns {
		w.Columns[c] = st.Columns[c].Total()
		if c < len(s.winCols) {
			w.Columns[c] -= s.winCols[c]
		}
	}
	return w
}

// codeLattice codes the coordinates of lattice l for the row and sets the predictions of its
// cells.
func (s *sensorCoder) codeLattice(gi int, l *predict.Lattice, cells []sensorCell) {
	k := &s.kvec[gi]
	if !s.bc.decoding {
		var x [predict.MaxLatticeDim]int64
		for a := 0; a < l.G; a++ {
			x[a] = cells[l.Col+a].x
		}
		*k = l.Solve(&x)
	}
	for a := 0; a < l.G; a++ {
		before := s.bc.Cost
		col := s.cols[l.Col+a]
		ser := &l.Series[a]
		kp := ser.PredictCross(s.latCross)
		if s.cross != nil {
			kp = s.cross.predict(l.Col+a, kp)
		}
		var r int64
		if s.model >= sensorModelV3 {
			col.LatKMixed().SetFrac(ser.FracBin()) // 0 (none) below model 11
			s.exact16(col.LatKMixed(), l.Col+a, 0) // model 16 (sensor_exact16.go)
			if s.model >= sensorModelV12 {
				col.LatKMixed().SetAlt(ser.AltLMS()) // the LMS's second opinion
			}
			r = s.mixedResidual(k[a]-kp, col.LatKMixed(), uint64(ser.AvgErr), kp, ser.Last())
		} else {
			r = s.residual(k[a]-kp, col.LatK(), predict.MagnitudeContext(uint64(ser.AvgErr)))
		}
		k[a] = kp + r
		ser.Update(k[a])
		if s.cross != nil {
			s.cross.update(l.Col+a, k[a])
		}
		s.latCross = k[a] - l.K[a]
		s.stats.col(l.Col + a).Value += s.bc.Cost - before
	}
}

// prediction returns the prediction of the number in column c.
func (s *sensorCoder) prediction(c int) numPred {
	// A cell of an active lattice group?
	if gi := s.groupOf[c]; gi >= 0 && s.latOn[gi] {
		l := s.groups[gi]
		p := l.Predict(c-l.Col, &s.kvec[gi])
		return numPred{x: p.Shr(l.FB).Int64(1 << 62), lat: true, p: p, fb: l.FB}
	}
	var x int64
	if s.model >= sensorModelV3 {
		col := s.cols[c]
		if s.field < len(s.relAt) && s.relAt[s.field] >= 0 {
			col.Series.SetRel(relValue(&s.rels[s.relAt[s.field]], s.rowCells, col.Series.Last()))
		}
		x = col.Series.PredictRow(s.rowCross, col.Row.Predict(s.rowDeltas), col.RowLvl.Predict(s.rowValues))
	} else {
		x = s.cols[c].Series.PredictCross(s.rowCross)
	}
	if s.cross != nil {
		x = s.cross.predict(c, x)
	}
	if s.law != nil {
		x = s.law.predict(c, x)
	}
	if s.rel.on {
		if p, ok := s.rel13Predict(c); ok {
			return numPred{x: p, rel: true}
		}
	}
	return numPred{x: x}
}

// at returns the prediction rounded to units of 10^sc column units (sc may be negative).
func (p *numPred) at(sc int) int64 {
	if p.lat {
		v := p.p
		for ; sc < 0; sc++ {
			v = v.Shl(3).Add(v.Shl(1)) // ×10, saturating below
			if v.Hi > 1<<40 || v.Hi < -1<<40 {
				break
			}
		}
		if sc <= 0 {
			if p.fb == 0 {
				return v.Int64(1 << 62)
			}
			return v.Add(predict.I128(1).Shl(p.fb - 1)).Shr(p.fb).Int64(1 << 62)
		}
		if sc < 19 {
			return v.Shr(p.fb).DivRound(vision.Pow10(sc), 1<<62)
		}
		return 0
	}
	x := p.x
	if sc <= 0 {
		for ; sc < 0; sc++ {
			if x > 1<<58 || x < -1<<58 {
				return x
			}
			x *= 10
		}
		return x
	}
	if sc >= 19 {
		return 0
	}
	d := int64(vision.Pow10(sc))
	if x >= 0 {
		return (x + d/2) / d
	}
	return -((-x + d/2) / d)
}

// Resolution modes of a number: how the power of ten of its last digit is coded.
const (
	modeStrip    = 0 // the column's nominal significant digits, trailing zeros stripped
	modeSame     = 1 // the same as the last number's
	modeExplicit = 2
)

// numberCoding carries one number through the phases of codeNumber.
type numberCoding struct {
	c     int
	col   *predict.SensorColumn
	cs    *SensorColumnCost
	cell  *sensorCell
	x     *vision.Number
	p     numPred
	avg   int64 // the prediction's running error (×16)
	zero  bool
	neg   bool
	h     int // decade of the value in column units
	hAbs  int // power of ten of its leading digit
	mode  int // resolution mode (modeStrip, modeSame, modeExplicit)
	limit int // stripping stops at this power of ten
	// matched: written as another cell (codeMatch, model 3): no magnitude or precision coded
	matched bool
}

// learnWritten ends the coding of a number written as another (a match, model 16's trend, a
// rank): its cost since before goes to the column's value cost, no magnitude or precision
// was coded, and both sides learn it.
func (s *sensorCoder) learnWritten(n *numberCoding, before uint64) {
	n.cs.Value += s.bc.Cost - before
	n.mode, n.matched = modeExplicit, true
	n.zero = n.x.Digits == 0
	s.learnNumber(n)
}

// codeNumber codes the number in cells, column slot c: whether it is plain (model 2), its
// magnitude (zero, sign, decade), its notation, its precision, its digits, a repr's offset;
// then the decoder rebuilds the cell and both sides learn.
func (s *sensorCoder) codeNumber(c int, cell *sensorCell) {
	n := numberCoding{c: c, col: s.cols[c], cs: s.stats.col(c), cell: cell, x: &cell.num, p: s.prediction(c)}
	n.avg = n.col.Series.AvgErr
	if n.p.lat || n.p.rel {
		n.avg = n.col.LatErr
	}
	before := s.bc.Cost
	if s.model >= sensorModelV18 && s.codeSeriesMatch(&n) {
		s.learnWritten(&n, before)
		return
	}
	if s.model >= sensorModelV3 && n.col.ResBits >= matchMinBits<<4 && s.codeMatch(s.rowCells, s.field, c, cell) {
		s.learnWritten(&n, before)
		return
	}
	if s.model >= sensorModelV16 && s.codeTrend(s.field, c, cell) {
		n.col.ResBits += (int32(bits.Len64(absU64(cell.x-n.p.x)))<<4 - n.col.ResBits) >> 3
		s.learnWritten(&n, before)
		return
	}
	rank := s.model >= sensorModelV8 && !n.p.lat && !n.p.rel && c < len(s.vmode) && s.vmode[c] == valueRank
	if rank && s.codeRank(c, cell, n.p.x) {
		// The bit length of the miss in column units keeps the column's ResBits (the rule
		// for cells written as another) as the digits' residual would.
		n.col.ResBits += (int32(bits.Len64(absU64(cell.x-n.p.x)))<<4 - n.col.ResBits) >> 3
		s.learnWritten(&n, before)
		return
	}
	s.codePlain(&n)
	if s.jointAny && s.model >= sensorModelV12 {
		s.jointMagnitude(c)
	}
	s.codeMagnitude(&n)
	s.joint.mag = false
	notationStart := s.bc.Cost
	n.cs.Value += notationStart - before
	decade := min(n.h, predict.NumDecades-2)
	if n.zero {
		decade = predict.DecadeZero
	}
	s.codeNotation(n.col, n.x, decade)
	note := n.x.Note
	ec := s.codePrecision(&n)
	digitsStart := s.bc.Cost
	n.cs.Notation += digitsStart - notationStart
	s.codeDigits(&n, ec)
	n.x.Note = note
	if s.model >= sensorModelV19 {
		s.codeUlp19(&n)
	} else {
		s.codeUlp(&n)
	}
	if s.bc.decoding {
		s.rebuildNumber(&n)
	}
	n.cs.Value += s.bc.Cost - digitsStart
	s.learnNumber(&n)
	if rank {
		s.learnRank(c, cell)
	}
}

// codePlain codes, in a column with a float printing or affixes (model 2), whether the number
// is written plain instead.
func (s *sensorCoder) codePlain(n *numberCoding) {
	col, cell := n.col, n.cell
	if s.floats[n.c].Fmt != 0 || s.affixes[n.c] != nil {
		cell.plain = s.bit(b2i(cell.plain), col.PlainCtx()) == 1
		col.LastPlain = cell.plain
	} else {
		cell.plain = false
	}
}

// codeMagnitude codes whether the number is zero, its sign and its decade (in column units)
// against the prediction's.
func (s *sensorCoder) codeMagnitude(n *numberCoding) {
	col, x, p := n.col, n.x, n.p
	gap := predict.MagnitudeGap(p.x, n.avg)
	n.zero = s.bit(b2i(x.Digits == 0), col.ZeroCtx(gap)) == 1
	if n.zero {
		n.neg = s.bit(b2i(x.Neg), &col.NegZeroP) == 1
		n.hAbs = int(col.Ec)
		return
	}
	ps := 0
	if p.x > 0 {
		ps = 1
	} else if p.x < 0 {
		ps = 2
	}
	neg := s.jbit(b2i(x.Neg), col.NegCtx(gap, ps), 0) == 1
	n.neg = neg
	hp, lead := -1, 0
	if ap := absU64(p.x); ap != 0 && (p.x < 0) == neg {
		hp = vision.DecimalDigits(ap) - 1
		top := ap / vision.Pow10(hp)
		switch {
		case top == 1:
			lead = 0
		case top == 9:
			lead = 2
		default:
			lead = 1
		}
	}
	var H int
	if !s.bc.decoding {
		H = vision.DecimalDigits(x.Digits) - 1 + int(x.Exp-col.Ec)
	}
	dk := uint64(hp+2)<<8 | uint64(b2i(neg))<<7
	if s.jbit(b2i(H == hp), col.DecadeCtx(gap, lead, hp < 0), dk|1) == 1 {
		H = hp
	} else {
		up := s.jbit(b2i(H > hp), col.DecadeUpCtx(hp), dk|2)
		d := 0
		if up == 1 {
			d = H - hp - 1
		} else {
			d = hp - H - 1
		}
		k := 0
		for ; k < 40; k++ {
			if s.jbit(b2i(k < d), col.DecadeStepCtx(k), dk|uint64(up)<<6|uint64(3+min(k, 40))) == 0 {
				break
			}
		}
		if up == 1 {
			H = hp + 1 + k
		} else {
			H = hp - 1 - k
		}
	}
	if H < 0 || H > 18 {
		s.fail()
		H = max(0, min(H, 18))
	}
	n.h, n.hAbs = H, H+int(col.Ec)
}

// codePrecision codes the power of ten of the number's last digit (its resolution mode, and
// in explicit mode the power itself) and returns the power of ten of the digits to code.
func (s *sensorCoder) codePrecision(n *numberCoding) int {
	col, x, zero := n.col, n.x, n.zero
	note := x.Note
	mode := modeExplicit
	eNom := n.hAbs - int(col.NSD) + 1
	canStrip := col.NSD > 0
	if s.model >= sensorModelV4 && col.StripEN[predict.StripClass(n.hAbs)] > 0 {
		// Model 4: the column's most frequent last place has lately stripped more numbers
		// of this magnitude than NSD's nominal.
		eNom, canStrip = int(col.ENom), col.HasENom
	}
	n.limit = 0
	if note.Sci() != 0 {
		n.limit = n.hAbs - note.SciIntDigits() + 1
	}
	v2 := s.model >= sensorModelV2
	if !s.bc.decoding {
		e := int(x.Exp)
		strip := !zero && canStrip && stripOK(x.Digits, e, eNom, n.limit)
		fixed := v2 && col.ZeroTail > 0
		switch {
		case fixed && e == int(col.EPrev): // model 2: a fixed precision first
			mode = modeSame
		case strip:
			mode = modeStrip
		case e == int(col.EPrev):
			mode = modeSame
		}
	}
	fixed := v2 && col.ZeroTail > 0
	switch {
	case fixed && s.bit(b2i(mode == modeSame), col.FixedModeCtx(0)) == 1:
		mode = modeSame
	case fixed && !zero && canStrip && s.bit(b2i(mode == modeStrip), col.FixedModeCtx(1)) == 1:
		mode = modeStrip
	case fixed:
		mode = modeExplicit
	case !zero && canStrip && s.bit(b2i(mode == modeStrip), col.ModeCtx(0)) == 1:
		mode = modeStrip
	case s.bit(b2i(mode == modeSame), col.ModeCtx(1)) == 1:
		mode = modeSame
	default:
		mode = modeExplicit
	}
	n.mode = mode
	var ec int // power of ten of the coded digits
	switch mode {
	case modeStrip:
		ec = eNom
	case modeSame:
		ec = int(col.EPrev)
	default:
		ref := int(col.EPrev)
		if !zero {
			ref = eNom
		}
		d := s.uvarBits(zigzag(int64(int(x.Exp)-ref)), col.ResExpP[:])
		ec = ref + int(unzigzag(d))
	}
	if ec < -vision.MaxNumberExp || ec > vision.MaxNumberExp {
		s.fail()
		ec = 0
	}
	return ec
}

// codeDigits codes the number's digits at power of ten ec as a residual from the prediction,
// and sets x's digits, power of ten and sign.
func (s *sensorCoder) codeDigits(n *numberCoding, ec int) {
	col, x, neg := n.col, n.x, n.neg
	if n.zero {
		x.Digits, x.Exp, x.Neg = 0, int32(ec), neg
		return
	}
	span := n.hAbs - ec // digits of the coded magnitude − 1
	if span < 0 || span > 18 {
		s.fail()
		span = max(0, min(span, 18))
	}
	lo := vision.Pow10(span)
	hi := uint64(1<<63 - 1)
	if span+1 < 20 {
		hi = vision.Pow10(span + 1)
	}
	var m uint64
	if !s.bc.decoding {
		m = x.Digits * vision.Pow10(int(x.Exp)-ec)
	}
	// Model 14: a column whose numbers end in k zeros at ec codes them in units of 10^k
	// (sensor_wx14.go).
	k, pk := 0, uint64(1)
	if s.model >= sensorModelV14 {
		k = s.codeGrid14(n.c, ec, span, m)
	}
	if k > 0 {
		pk = vision.Pow10(k)
		m /= pk
		lo, hi = lo/pk, (hi-1)/pk+1
	}
	sc := ec + k - int(col.Ec)
	q := n.p.at(sc)
	var mp uint64
	if (q < 0) == neg && q != 0 {
		mp = absU64(q)
	}
	vmode := uint8(0)
	if s.model >= sensorModelV4 && n.c < len(s.vmode) && !n.p.lat && !n.p.rel {
		vmode = s.vmode[n.c]
	}
	if vmode == valueRank {
		vmode = valueContexts // model 8: a number not in the rank dictionary
	}
	if vmode == valueDirect {
		mp = 0 // model 4: a direct column codes its digits from the bottom of their decade
	}
	mp = max(lo, min(mp, hi-1))
	ctx := predict.ResidualCtx(n.avg, sc)
	model := col.Value()
	if n.p.lat || n.p.rel {
		model = col.LatValue()
	}
	var r int64
	if s.model >= sensorModelV3 {
		mm, kind := col.ValueMixed(), 1
		if n.p.lat || n.p.rel {
			mm, kind = col.LatValueMixed(), 2
		}
		last := numPred{x: col.Series.Last()}
		if s.model >= sensorModelV11 && !n.p.lat && !n.p.rel { // the prediction's fraction of a coded unit
			switch {
			case sc == 0:
				mm.SetFrac(col.Series.FracBin())
				if s.model >= sensorModelV12 {
					mm.SetAlt(col.Series.AltLMS()) // the LMS's second opinion
				}
			case sc > 0 && sc < 19:
				mm.SetFrac(predict.FracBin(n.p.x, q, int64(vision.Pow10(sc))))
			}
		}
		if vmode != valueNone {
			s.valueContexts(mm, n.c, 1)
			s.vkey = uint64(span)<<1 | uint64(b2i(neg))
			if s.model >= sensorModelV12 {
				s.jFine, s.jCoarse, s.jointOn = s.jointKeys(n.c)
				s.jointOn = s.jointOn && int(s.joint.src[n.c]) != n.c
			}
			if s.model >= sensorModelV9 {
				s.relOn, s.relEc, s.relNeg = true, ec+k, neg
			}
			r = s.mixedResidual4(int64(m)-int64(mp), mm, predict.ScaledAvg(n.avg, sc), int64(mp), last.at(sc))
		} else {
			s.exact16(mm, n.c, kind) // model 16 (sensor_exact16.go)
			r = s.mixedResidual(int64(m)-int64(mp), mm, predict.ScaledAvg(n.avg, sc), int64(mp), last.at(sc))
		}
	} else {
		r = s.residual(int64(m)-int64(mp), model, ctx)
	}
	col.ResBits += (int32(bits.Len64(absU64(r)))<<4 - col.ResBits) >> 3
	m = uint64(int64(mp) + r)
	if m < lo || m >= hi {
		s.fail()
		m = lo
	}
	m *= pk
	if s.model >= sensorModelV14 {
		s.learnGrid14(n.c, ec, m)
	}
	e := ec
	if n.mode == modeStrip {
		for m%10 == 0 && e < n.limit {
			m /= 10
			e++
		}
	}
	x.Digits, x.Exp, x.Neg = m, int32(e), neg
}

// codeUlp codes a repr'd float's offset from its decimal's float (model 2).
func (s *sensorCoder) codeUlp(n *numberCoding) {
	col, cell := n.col, n.cell
	if s.floats[n.c].Fmt == 'r' && !cell.plain {
		u := s.residual(cell.ulp, col.Ulp(), b2i(col.LastUlp))
		if u > vision.MaxUlp || u < -vision.MaxUlp {
			s.fail()
			u = 0
		}
		cell.ulp, col.LastUlp = u, u != 0
	} else {
		cell.ulp = 0
	}
}

// rebuildNumber makes, decoding, the cell's value in column units and its text.
func (s *sensorCoder) rebuildNumber(n *numberCoding) {
	col, x, cell := n.col, n.x, n.cell
	sh := int(x.Exp - col.Ec)
	if sh < 0 || sh > 18 || x.Digits > uint64(1<<62)/vision.Pow10(sh) {
		s.fail()
		sh = 0
	}
	v := int64(x.Digits * vision.Pow10(sh))
	if n.neg {
		v = -v
	}
	cell.x = v
	cell.b = s.format(cell.b[:0], n.c, *x, cell.ulp, cell.plain)
}

// learnNumber updates the column's predictors and notation state with the coded number.
func (s *sensorCoder) learnNumber(n *numberCoding) {
	col, x, cell, c := n.col, n.x, n.cell, n.c
	if l := &s.last[c]; l.kind == predict.CellNumber {
		s.rowCross = cell.x - l.x
		if s.model >= sensorModelV3 && !n.p.lat {
			col.Row.Update(s.rowCross)
		}
	} else {
		s.rowCross = 0
	}
	if s.model >= sensorModelV3 {
		if !n.p.lat {
			col.RowLvl.Update(cell.x)
		}
		s.rowDeltas = append(s.rowDeltas, s.rowCross)
		s.rowValues = append(s.rowValues, cell.x)
		s.rowExps = append(s.rowExps, col.Ec)
	}
	err := cell.x - n.p.x
	if n.p.lat || n.p.rel {
		col.LatErr += (int64(min(absU64(err), 1<<40))<<4 - col.LatErr) >> 3
	}
	if !n.p.lat {
		col.Series.Update(cell.x)
		if s.cross != nil {
			s.cross.update(c, cell.x)
		}
		if s.law != nil {
			s.law.update(c, cell.x)
		}
	}
	col.LastZero = n.zero
	if x.Exp <= 0 && x.Digits%10 == 0 && !n.zero {
		col.ZeroTail = predict.FixedSpan
	} else if col.ZeroTail > 0 {
		col.ZeroTail--
	}
	if s.model >= sensorModelV4 && !n.zero && !n.matched {
		// Model 4: which nominal would have stripped this number, NSD's or ENom? Where both
		// would, ENom wins if it is a whole unit or coarser and pads fewer digits (NSD's
		// nominal would pad an integer with decimals).
		e := int(x.Exp)
		nomA, nomB := n.hAbs-int(col.NSD)+1, int(col.ENom)
		a := col.NSD > 0 && stripOK(x.Digits, e, nomA, n.limit)
		b := col.HasENom && stripOK(x.Digits, e, nomB, n.limit)
		d := int32(0)
		switch {
		case b && !a:
			d = 1
		case a && !b:
			d = -1
		case a && b && nomB >= 0 && nomB > nomA:
			d = 1
		}
		k := predict.StripClass(n.hAbs)
		col.StripEN[k] = max(-16, min(col.StripEN[k]+d, 16))
	}
	if s.model >= sensorModelV4 && !n.zero {
		col.LearnExp(x.Exp)
	}
	col.EPrev = x.Exp
	col.ModePrv = n.mode
	if n.mode != modeStrip && !n.zero {
		col.NSD = max(col.NSD, int32(vision.DecimalDigits(x.Digits)))
	}
}

// stripOK reports whether strip mode, padding to power of ten nom, restores digits d with
// last digit at 10^e.
func stripOK(d uint64, e, nom, limit int) bool {
	return e >= nom && e-nom <= 2 && nom >= -vision.MaxNumberExp && stripsTo(d, e, nom, limit)
}

// stripsTo reports whether digits d with last digit at 10^e, padded with zeros down to 10^nom
// and stripped of trailing zeros again up to 10^limit at most, come back as they are.
func stripsTo(d uint64, e, nom, limit int) bool {
	if e < nom || vision.DecimalDigits(d)+e-nom > 19 {
		return false
	}
	m, k := d*vision.Pow10(e-nom), nom
	for m%10 == 0 && k < limit && m != 0 {
		m /= 10
		k++
	}
	return m == d && k == e
}

// codeNotation codes a number's notation, predicted from the notation the column last used
// for numbers of the same decade, then its last notation, then its recent ones.
func (s *sensorCoder) codeNotation(col *predict.SensorColumn, x *vision.Number, decade int) {
	pred, src := col.Note, 0
	if col.HasDec[decade] {
		pred, src = col.ByDec[decade], 1
	}
	n := x.Note
	if s.bit(b2i(n == pred), &col.NoteP[src]) == 1 {
		n = pred
	} else {
		// An index into the recent notations, 7 for a literal.
		idx := predict.NoteMRU - 1
		for i := 0; i < predict.NoteMRU-1; i++ {
			if col.MRU[i] == n {
				idx = i
				break
			}
		}
		node := 1
		for i := 2; i >= 0; i-- {
			node = node*2 + s.bit(idx>>i&1, &col.NoteIdxP[node])
		}
		if idx = node - predict.NoteMRU; idx < predict.NoteMRU-1 {
			n = col.MRU[idx]
		} else {
			var v uint32
			for i := 25; i >= 0; i-- {
				v = v<<1 | uint32(s.bc.Code(int(n>>i)&1, 1<<15))
			}
			n = vision.Notation(v)
		}
	}
	x.Note = n
	col.ByDec[decade], col.HasDec[decade] = n, true
	col.PushNote(n)
}

// codeText codes a text cell: its length, then its bytes under the text model.
func (s *sensorCoder) codeText(c int, cell *sensorCell) {
	before := s.bc.Cost
	col := s.cols[c]
	if s.text == nil {
		if s.model >= sensorModelV2 {
			s.text = predict.NewTextModel2()
		} else {
			s.text = predict.NewTextModel()
		}
	}
	n := int(s.uvarBits(uint64(len(cell.b)), col.TextLenCtx()))
	if n > maxSensorRecord {
		s.fail()
		n = 0
	}
	above := s.lastTxt[c]
	m := s.text
	if s.model >= sensorModelV2 {
		m.SetLeft(s.leftB)
	}
	if s.bc.decoding {
		cell.b = cell.b[:0]
	}
	for i := 0; i < n; i++ {
		var a byte
		if i < len(above) {
			a = above[i]
		}
		m.StartByte(c, i, a)
		var v byte
		if !s.bc.decoding {
			v = cell.b[i]
		}
		c0 := uint32(1)
		for k := 7; k >= 0; k-- {
			b := s.bc.Code(int(v>>k)&1, m.P(c0))
			m.Update(b)
			c0 = c0<<1 | uint32(b)
		}
		v = byte(c0)
		if s.bc.decoding {
			cell.b = append(cell.b, v)
		}
		m.EndByte(v)
	}
	m.EndCell()
	col.TextLen = n
	s.lastTxt[c] = append(s.lastTxt[c][:0], cell.b...)
	s.stats.col(c).Text += s.bc.Cost - before
}

// Recent cells: tables of values (and text) often repeat a value seen some rows before, not
// just the one above. Each column keeps its last recentSize distinct cells; a cell equal to
// one of them is coded as its distance back in that ring.
const (
	recentMinBits = 16 // the residual bits (running mean) from which numbers may use it
	recentSize    = 64
)

// recentSet is a column's ring of recent distinct cells.
type recentSet struct {
	ring [recentSize]sensorCell
	head int // the next slot written
	n    int // slots filled
}

// find returns the distance back (0: the latest) of a cell equal to cell, or −1. It is only
// asked about cells that cost many bits, so a scan is cheap enough.
func (r *recentSet) find(cell *sensorCell) int {
	for d := 0; d < r.n; d++ {
		e := &r.ring[(r.head-1-d+recentSize)%recentSize]
		if e.kind == cell.kind && bytes.Equal(e.b, cell.b) {
			return d
		}
	}
	return -1
}

// insert adds a cell that was not found.
func (r *recentSet) insert(cell *sensorCell) {
	e := &r.ring[r.head]
	e.kind, e.num, e.x = cell.kind, cell.num, cell.x
	e.b = append(e.b[:0], cell.b...)
	r.head = (r.head + 1) % recentSize
	r.n = min(r.n+1, recentSize)
}

// codeRecent codes whether a cell repeats one of its column's recent cells, and which.
func (s *sensorCoder) codeRecent(c int, col *predict.SensorColumn, cell *sensorCell) {
	r := s.recent[c]
	if r == nil {
		r = &recentSet{}
		s.recent[c] = r
	}
	// Only where a cell costs many bits anyway (numbers far from their prediction, longer
	// text): elsewhere the flag would cost more than it saves.
	if r.n == 0 || cell.kind == predict.CellNumber && col.ResBits < recentMinBits<<4 ||
		cell.kind == predict.CellText && col.TextLen < 4 {
		return
	}
	d := -1
	if !s.bc.decoding {
		d = r.find(cell)
	}
	ctx := col.RecentCtx(int(cell.kind))
	hit := s.bit(b2i(d >= 0), ctx) == 1
	col.RecentHit = hit
	if !hit {
		return
	}
	idx := col.RecentIdxP[:]
	if s.model >= sensorModelV3 {
		// Model 3: in the context of the last hit's distance (interleaved series cycle).
		idx = col.RecentIdx3[col.LastRecent][:]
	}
	node := 1
	for i := 5; i >= 0; i-- {
		node = node*2 + s.bit(d>>i&1, &idx[node])
	}
	d = node - recentSize
	col.LastRecent = min(d, len(col.RecentIdx3)-1)
	if d >= r.n {
		s.fail()
		d = 0
	}
	e := &r.ring[(r.head-1-d+2*recentSize)%recentSize]
	if e.kind != cell.kind {
		s.fail()
	}
	cell.dict = true
	cell.num, cell.x = e.num, e.x
	if s.bc.decoding {
		cell.b = append(cell.b[:0], e.b...)
	}
}
