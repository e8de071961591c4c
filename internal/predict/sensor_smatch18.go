package predict

import (
	"math/bits"
	"unsafe"

	"github.com/vidlm/vidlm/vision"
)

// Sensor model 18 (branch smatch, docs/FORMAT.md 12.8.13): a match model on a column's exact
// values, the PAQ way. A column's last 2^SeriesMatchRingBits values are kept in a ring; a
// table of as many entries maps a hash of the last SeriesMatchK values to the position that
// followed them when they last occurred. When the hash finds an earlier occurrence whose K
// values are the same (the ring's fingerprints compared), the match's next value is the
// value that followed then; the match extends while its prediction comes true and is dropped
// on the first miss. Integer only: the same on every machine. Memory is bounded (at most
// about 0.7 MB a column, less while the column has seen fewer than 2^14 values), whatever
// the log's length.

const (
	// SeriesMatchK is how many values the hash covers.
	SeriesMatchK = 8
	// SeriesMatchRingBits: the ring keeps the column's last 2^bits values (a match reaches
	// no further back); the table has as many entries.
	SeriesMatchRingBits = 14
	seriesMatchRing     = 1 << SeriesMatchRingBits
	seriesMatchMask     = seriesMatchRing - 1
	seriesMatchM        = 0x9E3779B97F4A7C15
	seriesMatchMK       = 0x9E3779B97F4A7C15 * 0x9E3779B97F4A7C15 * 0x9E3779B97F4A7C15 * 0x9E3779B97F4A7C15 * 0x9E3779B97F4A7C15 * 0x9E3779B97F4A7C15 * 0x9E3779B97F4A7C15 * 0x9E3779B97F4A7C15 & (1<<64 - 1)
	// SeriesMatchCtx is the number of contexts of the match flag (SeriesMatch.Ctx).
	SeriesMatchCtx = 8 * 4 * 3
)

// SeriesMatchValue is one value of the ring: a number as parsed and its value in column units;
// F is its fingerprint (SeriesMatchFingerprint), 0 for a cell that is no number.
type SeriesMatchValue struct {
	F   uint64
	Num vision.Number
	X   int64
	h   uint64 // the window's hash ending here (the last K values to this one), 0 if any is no number
}

// SeriesMatch is one column's match model.
type SeriesMatch struct {
	ring  []SeriesMatchValue
	tab   []uint32 // hash → the position after the K values (0: none)
	n     uint64   // values seen
	ptr   uint64   // with Len > 0: the position of the predicted value
	Len   int      // 0: no match; else 1 + the values it predicted right so far
	hist  int      // the flag's last two outcomes
	h     uint64   // Σ_{j=1..K} F_j·M^j of the last K values' fingerprints (F_1 the last)
	zeros int      // how many of the last K positions hold no number (or no value yet)
	// Bits is the running mean bit length (×16) of the column's misses from its own
	// prediction, pred (the coder's: SetPrediction) for the value about to be pushed.
	Bits    int32
	pred    int64
	hasPred bool
	Resets  int // the column's ResetNumbers count when the model was made (the coder's use)
	// A Push begun (PushBegin): 1 before PushMid, 2 before PushEnd, 0 none; the table's
	// entry and, after PushMid, what it held.
	stage int
	slot  uint32
	cand  uint32
}

// seriesMatchRingStart is the ring's first length. The ring doubles as values arrive (Push)
// up to its 2^SeriesMatchRingBits entries, so that a model that sees few values, such as a
// trial coder's on a block's first rows, holds few: until the ring is full, position n is at
// index n either way, so the model reads and writes the same entries as a full-size ring.
const seriesMatchRingStart = 256

// NewSeriesMatch returns an empty match model.
func NewSeriesMatch() *SeriesMatch {
	return &SeriesMatch{ring: make([]SeriesMatchValue, seriesMatchRingStart), tab: make([]uint32, seriesMatchRing), zeros: SeriesMatchK}
}

// grow doubles the ring (up to its full length) so that it holds index n; only while the
// ring is not full (n < 2^SeriesMatchRingBits), where every index read is below n.
func (m *SeriesMatch) grow() {
	ring := make([]SeriesMatchValue, min(2*len(m.ring), seriesMatchRing))
	copy(ring, m.ring)
	m.ring = ring
}

// SeriesMatchFingerprint returns the fingerprint of number x (never 0).
func SeriesMatchFingerprint(x vision.Number) uint64 {
	h := x.Digits*0x9E3779B97F4A7C15 ^ uint64(uint32(x.Exp))<<8 ^ uint64(x.Note)<<1
	if x.Neg {
		h ^= 0xD6E8FEB86659FD93
	}
	h ^= h >> 29
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 32
	return h | 1
}

// Predicted returns the match's predicted value, if a match is active and its value a number.
func (m *SeriesMatch) Predicted() (*SeriesMatchValue, bool) {
	if m.stage != 0 {
		m.PushMid()
		m.PushEnd()
	}
	if m.Len == 0 || m.n-m.ptr >= seriesMatchRing {
		return nil, false
	}
	v := &m.ring[m.ptr&seriesMatchMask]
	return v, v.F != 0
}

// SetPrediction gives the model the column's own prediction of the value about to be pushed
// (for Bits).
func (m *SeriesMatch) SetPrediction(p int64) { m.pred, m.hasPred = p, true }

// Ctx returns the flag's context (0 ≤ ctx < SeriesMatchCtx) under the match's length, the
// flag's last two outcomes and dc (0..2), the predicted value against the column's own
// prediction (the coder's).
func (m *SeriesMatch) Ctx(dc int) int {
	if m.stage != 0 {
		m.PushMid()
		m.PushEnd()
	}
	l := m.Len
	var lb int
	switch {
	case l <= 4:
		lb = l - 1
	case l < 8:
		lb = 4
	case l < 12:
		lb = 5
	case l < 16:
		lb = 6
	default:
		lb = 7
	}
	return (lb*4+m.hist)*3 + dc
}

// Outcome records the flag's outcome.
func (m *SeriesMatch) Outcome(hit bool) {
	m.hist = (m.hist<<1 | smB2i(hit)) & 3
}

// Push appends the column's next value (fingerprint f, number num, value x; f = 0 and num
// nil for a cell that is no number): the match extends or is dropped, then, without a
// match, the table is asked for one; the table learns where the last K values occurred. After
// 2^32 − 1 values the model stops (no match). Push is PushBegin, PushMid and PushEnd in a row.
func (m *SeriesMatch) Push(f uint64, num *vision.Number, x int64) {
	m.PushBegin(f, num, x)
	m.PushMid()
	m.PushEnd()
}

// PushBegin is Push up to the table's entry: the value enters the ring and the window's hash,
// and the entry's cache line is asked for (sdec13: the table and the ring are far larger
// than the cache, and their two loads were most of Push's time). PushMid reads the entry and
// asks for the candidate's ring entry; PushEnd finishes the push. Either may be left to the
// model: Predicted, Ctx and the next PushBegin finish a push begun first, so that the model
// reads and writes what Push in one go would. A coder that pushes a row's values into its
// columns' models begins them all, calls PushMid on them all, and leaves PushEnd to the next
// row's Predicted: the loads of one overlap the work of the others and of the next row.
func (m *SeriesMatch) PushBegin(f uint64, num *vision.Number, x int64) {
	if m.stage != 0 {
		m.PushMid()
		m.PushEnd()
	}
	if m.hasPred {
		d := x - m.pred
		if d < 0 {
			d = -d
		}
		if d < 0 {
			d = 1<<63 - 1
		}
		m.Bits += (int32(bits.Len64(uint64(d)))<<4 - m.Bits) >> 3
		m.hasPred = false
	}
	if m.Len > 0 {
		if p := &m.ring[m.ptr&seriesMatchMask]; p.F != 0 && p.F == f {
			m.Len++
			m.ptr++
		} else {
			m.Len = 0
		}
	}
	if m.n >= 1<<32-1 {
		m.Len = 0
		return
	}
	// The window's hash rolls: the value K back leaves it, v enters.
	if m.n >= SeriesMatchK {
		out := m.ring[(m.n-SeriesMatchK)&seriesMatchMask].F
		m.h -= out * seriesMatchMK
		m.zeros -= smB2i(out == 0)
	} else {
		m.zeros--
	}
	m.h = (m.h + f) * seriesMatchM
	if m.n >= uint64(len(m.ring)) && len(m.ring) < seriesMatchRing {
		m.grow()
	}
	e := &m.ring[m.n&seriesMatchMask]
	e.F, e.X = f, x
	if f == 0 {
		m.zeros++
	} else {
		e.Num = *num
	}
	m.n++
	if m.zeros > 0 {
		e.h = 0
		return
	}
	e.h = m.h | 1
	h := (m.h ^ m.h>>29) * 0xBF58476D1CE4E5B9
	m.slot = uint32(h >> (64 - SeriesMatchRingBits))
	m.stage = 1
	prefetch(unsafe.Pointer(&m.tab[m.slot]))
}

// PushMid reads the table's entry of the Push begun and, where it names a candidate, asks for
// the candidate's ring entry.
func (m *SeriesMatch) PushMid() {
	if m.stage != 1 {
		return
	}
	m.stage = 2
	m.cand = m.tab[m.slot]
	if q := uint64(m.cand); m.Len == 0 && q != 0 && q < m.n && m.n-q < seriesMatchRing-SeriesMatchK {
		prefetch(unsafe.Pointer(&m.ring[(q-1)&seriesMatchMask]))
	}
}

// PushEnd finishes the Push begun: a match found through the table's entry, and the entry
// set to the new position.
func (m *SeriesMatch) PushEnd() {
	if m.stage != 2 {
		return
	}
	m.stage = 0
	if m.Len == 0 && m.cand != 0 {
		// The candidate's K values must still be in the ring and the same as the last K
		// (their windows' hashes compared).
		if q := uint64(m.cand); q < m.n && m.n-q < seriesMatchRing-SeriesMatchK && m.ring[(q-1)&seriesMatchMask].h == m.ring[(m.n-1)&seriesMatchMask].h {
			m.ptr, m.Len = q, 1
		}
	}
	m.tab[m.slot] = uint32(m.n)
}

func smB2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
