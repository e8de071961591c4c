package codec

import "github.com/vidlm/vidlm/internal/predict"

// Sensor model 13 (branch bio13): the Series of a one-column signal (one number a line, a
// biosignal's ADC codes) run a cascade of long sign-error LMS filters in their second stage
// (predict.Series.SetCascade). The encoder says so per block (sensorBlockHead.casc, one bit
// of the coding order's length, FORMAT.md §12.8.8): when nearly every row of the block holds
// one field, a short number. Such a block skips the bytes trial (tryBytes): the byte model
// codes these signals at 1.01 to 1.1 of the cells and the trial cost emg.txt's encoder more
// than half its time.

const (
	// The block is one column when all but 1/cascOneShare of its rows hold one field, a
	// number of at most cascOneLen bytes.
	cascOneShare = 16
	cascOneLen   = 24
)

// oneColumn tells whether the block's rows hold one field, a short number (all but a few);
// after classify.
func (e *SensorEncoder) oneColumn() bool {
	n := len(e.ends)
	if n == 0 {
		return false
	}
	one := 0
	for r := range e.ends {
		if i := e.starts[r]; e.starts[r+1]-i == 1 && e.cells[i].kind == predict.CellNumber && len(e.cells[i].b) <= cascOneLen {
			one++
		}
	}
	return one >= n-n/cascOneShare
}

// The cascade's trial: the block's first rows coded with and without it, the choice of the
// first block that tried kept for later blocks (the cascade learns slowly: a trial on a
// later block's first rows would not see what it gains once it has learned).
const (
	cascTrialShare = 4     // the trial codes this share of the block's rows,
	cascTrialRows  = 16384 // at most this many,
	cascTrialMin   = 1024  // and a block with fewer rows than this has no cascade
)

// chooseCascade tells whether a one-column signal's block runs the cascade: the first
// block long enough to try codes its first rows with and without it and takes it if it
// costs less; later blocks keep that choice.
func (e *SensorEncoder) chooseCascade(h *sensorBlockHead) bool {
	if e.cascTried {
		return e.cascChose
	}
	rows := min(len(e.ends)/cascTrialShare, cascTrialRows)
	if rows < cascTrialMin {
		return false
	}
	with, without := *h, *h
	with.casc, without.casc = true, false
	var stWith, stWithout *SensorBlockStats
	if e.model >= sensorModelV14 {
		stWith, stWithout = e.cascadePairRecord(&with, &without, rows) // the same costs, and records
	} else {
		stWith, stWithout = e.trialPair(&with, &without, rows)
	}
	e.cascTried, e.cascChose = true, stWith.columnsCost() < stWithout.columnsCost()
	return e.cascChose
}

// startCascade turns the cascade on or off for every Series (columns and lattice axes) as
// block head h says.
func (s *sensorCoder) startCascade(h *sensorBlockHead) {
	s.eachSeries(func(_ int, se *predict.Series) { se.SetCascade(h.casc) })
}

// eachSeries calls f with every Series of the block and the column it predicts: the
// columns' own, then each lattice's axes (axis a of a lattice at Col: column Col+a).
func (s *sensorCoder) eachSeries(f func(col int, se *predict.Series)) {
	for c, col := range s.cols {
		f(c, &col.Series)
	}
	for _, l := range s.groups {
		for a := range l.Series[:l.G] {
			f(l.Col+a, &l.Series[a])
		}
	}
}
