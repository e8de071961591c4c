package predict

import (
	"math/bits"

	"github.com/vidlm/vidlm/vision"
)

// The sensor model: what a sensor stream's coder learns about each column. The coder
// (codec/sensor_*.go) walks the cells of each row and codes every decision under one of the
// adaptive counters here; this file holds the state and the contexts, not the walk.

// Cell kinds.
const (
	CellEmpty   = 0
	CellNumber  = 1
	CellText    = 2
	NumCellKind = 3
)

// Residual coding contexts.
const (
	ResidualContexts = 24 // expected magnitude buckets
	residualExpNodes = 63 // unary code of the exponent 0..62
	residualMantCtx  = 2  // mantissa bits below the leading one with their own counters
)

// ResidualModel codes a signed integer residual: a zero flag, a sign, the exponent (bit
// length − 1) of the magnitude in unary, and the bits below the leading one, the first two of
// them modelled. ctx is the expected magnitude (0: about 1, each step doubling).
type ResidualModel struct {
	Zero [ResidualContexts]Counter
	Sign [ResidualContexts]Counter
	Exp  [ResidualContexts][residualExpNodes]Counter
	Mant [64][residualMantCtx]Counter // by exponent
}

// NewResidualModel returns a model with every counter at 1/2.
func NewResidualModel() *ResidualModel {
	m := &ResidualModel{}
	initCounters(m.Zero[:])
	initCounters(m.Sign[:])
	for i := range m.Exp {
		initCounters(m.Exp[i][:])
	}
	for i := range m.Mant {
		initCounters(m.Mant[i][:])
	}
	return m
}

func initCounters(c []Counter) {
	if len(c) == 0 {
		return
	}
	c[0] = NewCounter()
	for n := 1; n < len(c); n *= 2 { // (copies run several counters an instruction)
		copy(c[n:], c[:n])
	}
}

// MagnitudeContext returns the residual context for an expected magnitude (in the residual's
// units, ×16 as Series.AvgErr holds it).
func MagnitudeContext(avg16 uint64) int {
	return min(bits.Len64(avg16>>3), ResidualContexts-1)
}

// Notation and decade bookkeeping.
const (
	NumDecades = 64             // decades of a value in column units (0: the unit) tracked
	DecadeZero = NumDecades - 1 // the slot of a zero value
	NoteMRU    = 8              // notations remembered per column
)

// Contexts of the cell-level decisions.
const (
	repeatRuns   = 16
	magnitudeGap = 12
)

// SensorColumn is the learned state of one column.
type SensorColumn struct {
	// Slab, if set, makes the column's MixedResidual models (a decoder's); otherwise Free
	// does (an encoder's: its trial models given back, TrialModels; nil: fresh ones).
	Slab *MixedSlab
	Free *TrialModels
	// Numeric values.
	Ec     int32  // power of ten of the column unit
	HasEc  bool   // Ec was set by a block
	Series Series // the values in column units
	LatErr int64  // running mean |value − lattice prediction|, ×16, column units
	NSD    int32  // nominal significant digits (stripped-zero notations)
	// Model 4: the power of ten of the last digit most frequent in the column's last window
	// of numbers (ENom, once a window is full), and per magnitude class a score: above 0,
	// strip mode pads to ENom rather than to NSD digits.
	ENom     int32
	HasENom  bool
	StripEN  [StripClasses]int32
	eWin     [2*ENomRange + 1]uint16
	eWinN    int
	EPrev    int32 // power of ten of the last value's last digit
	ModePrv  int   // resolution mode of the last number
	Note     vision.Notation
	ByDec    [NumDecades]vision.Notation // the notation last used for each decade
	HasDec   [NumDecades]bool
	MRU      [NoteMRU]vision.Notation
	LastZero bool

	// The last cell, for repeats.
	Kind    int
	Run     int // rows the cell has stayed the same
	TextLen int

	RepeatP [repeatRuns * 3]Counter
	// Sensor model 7: the same flags also in the context of the row's last cell below a text
	// cell before this one (RepeatCtx7).
	RepeatP7 [repeatRuns * 3 * 3]Counter
	KindP    [NumCellKind * 2]Counter
	ZeroP    [magnitudeGap * 2]Counter
	NegP     [magnitudeGap * 3]Counter
	NegZeroP Counter
	DecP     [magnitudeGap * 3 * 2]Counter
	DecUpP   [4]Counter
	DecStepP [16]Counter
	NoteP    [4]Counter
	NoteIdxP [NoteMRU]Counter
	ModeP    [3 * 3]Counter
	// Model 2: a column that lately wrote a fraction ending in 0 (fixed decimals: %.3f, not
	// the shortest notation) is asked "same precision?" first, under ModeP2.
	ZeroTail   int32 // numbers left until the column is no longer taken for fixed-decimal
	ModeP2     [3 * 2]Counter
	ResExpP    [32]Counter
	RecentP    [NumCellKind * 2]Counter // the cell repeats one of the column's recent cells
	RecentIdxP [64]Counter              // which (its distance back, binary tree)
	// Model 3: the same tree in the context of the last hit's distance (up to 7).
	RecentIdx3 [8][64]Counter
	LastRecent int
	RecentHit  bool // the last cell did
	// Model 2: how often lately (×2^16) a number repeated the number above; below
	// RepeatFlagMin the repeat flag is not coded before a number that follows a number.
	RepRate int32
	ResBits int32 // running mean bit length of the digits' residuals, ×16
	// Model 3: mixed models of the same residuals.
	valueX, latValueX, latKX *MixedResidual
	// Mix2 (sensor model 8): the column's mixed residual models mix with a second weight
	// set (MixedResidual.SetMix2). Set it before the column codes its first number.
	Mix2 bool
	// Fast2 (sensor model 9): and that set starts fast (MixedResidual.SetFast2).
	Fast2 bool
	// model15 (sensor model 15, SetModel15): the column's mixed residual models take model
	// 15's additions (MixedResidual.SetModel15).
	model15 bool
	// Resets counts ResetNumbers: state kept of the column's numbers elsewhere (sensor model
	// 8's rank dictionary) is stale when it changes.
	Resets int
	// Model 3: the change of the column's value predicted from the row's other changes (one
	// more candidate of the column's Series, PredictRow).
	Row    RowRegression
	RowLvl RowLevel // and its value from the row's other values
	// Model 3: a number written as a cell to its left or in the row above (codec's match).
	MatchP    [2]Counter
	MatchIdxP [16]Counter
	MatchHit  bool           // the last number did
	valueM    *ResidualModel // residuals of values predicted by the column's series
	latValueM *ResidualModel // residuals of values predicted by a lattice
	latKM     *ResidualModel // residuals of lattice coordinates of this axis
	ulpM      *ResidualModel // model 2: offsets of repr'd floats from their decimals
	LastUlp   bool           // the last such offset was not 0
	// Model 19: the offset is the one a parser that scales the decimal's digits by powers of
	// ten (pandas' legacy xstrtod) leaves (codec's ulpGuess19), under [the last such flag missed].
	UlpHitP   [2]Counter
	LastUlpM  bool
	PlainP    [2]Counter // model 2: a number of a float column is not in its printing
	LastPlain bool
	TextLenP  [8 * 32]Counter
}

// NewSensorColumn returns a fresh column state.
func NewSensorColumn() *SensorColumn {
	c := &SensorColumn{}
	for _, s := range [][]Counter{c.RepeatP[:], c.RepeatP7[:], c.KindP[:], c.ZeroP[:], c.NegP[:], c.DecP[:], c.DecUpP[:],
		c.DecStepP[:], c.NoteP[:], c.NoteIdxP[:], c.ModeP[:], c.ModeP2[:], c.PlainP[:], c.ResExpP[:], c.TextLenP[:], c.RecentP[:], c.RecentIdxP[:], c.MatchP[:], c.MatchIdxP[:], c.UlpHitP[:]} {
		initCounters(s)
	}
	c.NegZeroP = NewCounter()
	for i := range c.RecentIdx3 {
		initCounters(c.RecentIdx3[i][:])
	}
	return c
}

// ReleaseMixed gives the column's model-3 residual models back to Free for reuse
// (TrialModels.ReleaseMixed); the column makes fresh ones if it is used again. Its owner
// calls it when it drops the column (an encoder's trial coder).
func (c *SensorColumn) ReleaseMixed() {
	c.Free.ReleaseMixed(c.valueX)
	c.Free.ReleaseMixed(c.latValueX)
	c.Free.ReleaseMixed(c.latKX)
	c.valueX, c.latValueX, c.latKX = nil, nil, nil
}

// Value returns the model of residuals of values predicted by the column's series.
func (c *SensorColumn) Value() *ResidualModel {
	if c.valueM == nil {
		c.valueM = NewResidualModel()
	}
	return c.valueM
}

// newMixed returns a new residual model from the column's Slab, or else from Free.
func (c *SensorColumn) newMixed() *MixedResidual {
	if c.Slab != nil {
		return c.Slab.New()
	}
	return c.Free.NewMixed()
}

// ValueMixed, LatValueMixed and LatKMixed are Value, LatValue and LatK under sensor model 3.
func (c *SensorColumn) ValueMixed() *MixedResidual {
	if c.valueX == nil {
		c.valueX = c.newMixed()
		c.valueX.SetMix2(c.Mix2)
		c.valueX.SetFast2(c.Fast2)
		c.valueX.SetModel15(c.model15)
	}
	return c.valueX
}

func (c *SensorColumn) LatValueMixed() *MixedResidual {
	if c.latValueX == nil {
		c.latValueX = c.newMixed()
		c.latValueX.SetMix2(c.Mix2)
		c.latValueX.SetFast2(c.Fast2)
		c.latValueX.SetModel15(c.model15)
	}
	return c.latValueX
}

func (c *SensorColumn) LatKMixed() *MixedResidual {
	if c.latKX == nil {
		c.latKX = c.newMixed()
		c.latKX.SetMix2(c.Mix2)
		c.latKX.SetFast2(c.Fast2)
		c.latKX.SetModel15(c.model15)
	}
	return c.latKX
}

// LatValue returns the model of residuals of values predicted by a lattice.
func (c *SensorColumn) LatValue() *ResidualModel {
	if c.latValueM == nil {
		c.latValueM = NewResidualModel()
	}
	return c.latValueM
}

// Ulp returns the model of the offsets, in units in the last place, of a repr'd float column.
func (c *SensorColumn) Ulp() *ResidualModel {
	if c.ulpM == nil {
		c.ulpM = NewResidualModel()
	}
	return c.ulpM
}

// LatK returns the model of residuals of the column's lattice coordinate.
func (c *SensorColumn) LatK() *ResidualModel {
	if c.latKM == nil {
		c.latKM = NewResidualModel()
	}
	return c.latKM
}

// RepeatFlagMin is the repeat rate (×2^16) from which a model-2 numeric column codes repeats
// with a flag of their own.
const RepeatFlagMin = 1 << 15

// FixedSpan is for how many numbers a fraction ending in 0 marks a column as fixed-decimal.
const FixedSpan = 64

// ResetNumbers forgets the numeric history (the column unit changed).
func (c *SensorColumn) ResetNumbers() {
	c.Series.Reset()
	c.LatErr = 0
	c.Resets++
}

// RepeatCtx returns the counter for "the cell repeats the one above" given whether the cell
// to its left repeated (0 none, 1 no, 2 yes).
func (c *SensorColumn) RepeatCtx(left int) *Counter {
	return &c.RepeatP[min(c.Run, repeatRuns-1)*3+left]
}

// RepeatCtx7 is RepeatCtx under sensor model 7, with textLeft: 0 if no cell to the left in
// the row has had its repeat flag coded under a text cell (the column's last cell), else
// whether the nearest such cell repeated it (1) or not (2). The source flags of a weather
// table's columns change in the same rows: one that changed tells the next.
func (c *SensorColumn) RepeatCtx7(left, textLeft int) *Counter {
	return &c.RepeatP7[(min(c.Run, repeatRuns-1)*3+left)*3+textLeft]
}

// MagnitudeGap buckets how far a prediction's magnitude lies above its expected error: a
// small gap makes zero and sign flips likely.
func MagnitudeGap(pred, avgErr16 int64) int {
	lp := bits.Len64(absU(pred))
	le := bits.Len64(uint64(avgErr16) >> 4)
	return min(max(lp-le+4, 0), magnitudeGap-1)
}

// PushNote records notation n as the most recent of the column.
func (c *SensorColumn) PushNote(n vision.Notation) {
	i := 0
	for i < NoteMRU-1 && c.MRU[i] != n {
		i++
	}
	copy(c.MRU[1:i+1], c.MRU[:i])
	c.MRU[0] = n
	c.Note = n
}

// MaxSensorColumns bounds the columns modelled separately; cells further right share the
// last column's model.
const MaxSensorColumns = 1024

// SensorStructure is the learned state of the row structure.
type SensorStructure struct {
	Fields  int // fields of the last row
	End     vision.LineEnd
	SameNF  [2]Counter
	NFBits  [64]Counter
	SameEnd [2]Counter
	EndP    [4]Counter
	sameNF  int
	sameEnd int
}

// NewSensorStructure returns a fresh structure state.
func NewSensorStructure() *SensorStructure {
	s := &SensorStructure{}
	initCounters(s.SameNF[:])
	initCounters(s.NFBits[:])
	initCounters(s.SameEnd[:])
	initCounters(s.EndP[:])
	return s
}

// SameNFCtx returns the counter for "this row has as many fields as the last".
func (s *SensorStructure) SameNFCtx() *Counter { return &s.SameNF[s.sameNF] }

// SameEndCtx returns the counter for "this row ends like the last".
func (s *SensorStructure) SameEndCtx() *Counter { return &s.SameEnd[s.sameEnd] }

// Learn records a row's shape.
func (s *SensorStructure) Learn(fields int, end vision.LineEnd) {
	s.sameNF, s.sameEnd = 0, 0
	if fields == s.Fields {
		s.sameNF = 1
	}
	if end == s.End {
		s.sameEnd = 1
	}
	s.Fields, s.End = fields, end
}

// Model 4's nominal power of ten: the window of numbers it is taken over, and the powers it
// counts (−ENomRange..ENomRange; others are not counted).
const (
	ENomWindow = 64
	ENomRange  = 20
)

// LearnExp counts the power of ten e of a number's last digit (model 4); at the end of each
// window of ENomWindow numbers ENom becomes the most frequent (the smallest on a tie).
func (c *SensorColumn) LearnExp(e int32) {
	if e >= -ENomRange && e <= ENomRange {
		c.eWin[e+ENomRange]++
	}
	if c.eWinN++; c.eWinN < ENomWindow {
		return
	}
	best := -1
	for i, n := range c.eWin {
		if n > 0 && (best < 0 || n > c.eWin[best]) {
			best = i
		}
	}
	if best >= 0 {
		c.ENom, c.HasENom = int32(best-ENomRange), true
	}
	c.eWin, c.eWinN = [2*ENomRange + 1]uint16{}, 0
}

// StripClasses is the number of magnitude classes of model 4's nominal score: the power of
// ten of a number's leading digit below −2, −2 .. 4, above 4.
const StripClasses = 9

// StripClass returns the class of a number whose leading digit is at 10^hAbs.
func StripClass(hAbs int) int { return max(0, min(hAbs+3, StripClasses-1)) }
