package codec

import (
	"reflect"
	"slices"
	"sync"
)

// Sensor coder, twenty-sixth round (issue 12, branch `sspeed12`): trials that share rows
// under the same head. classify's trials each code the block's first rows with a fresh coder
// under a head and read what they cost; a trial's costs after n rows from row 0 depend only on
// the head (as written: its serialised form), the block's cells and the stream's parameters,
// none of which changes within one classify. Some trials ask for costs an earlier trial of the
// same block already had on its way: the plain-column trial's side without plain columns and
// model 13's side without relations are often the relations check's head (rocket_gw2's first
// block: 188 and 512 of its rows), the plain-column trial's side the coding-order trial's field
// order (air_quality: 591 rows), and tmy3's plain-column side a prefix of its relations check.
// trialMemo keeps, for the block being classified, each trial's costs at the row counts the
// later trials ask (and where it ended), and trialStatsAt takes them instead of coding the rows
// again. The costs are those the trial would have measured, to the bit: the choices, and so the
// bytes, are the same (TestSensorTrialMemo; trialMemoCheck codes every hit again and compares).

// trialMemoOff turns the memo off (tests: the same bytes with and without).
var trialMemoOff = false

// trialMemoCheck makes every memo hit code its trial all the same and panic if the costs
// differ (tests).
var trialMemoCheck = false

// trialMemo is one block's record of its trials' costs from row 0: by serialised head, the
// costs after each of a few row counts. Safe for concurrent use (trials run side by side).
type trialMemo struct {
	mu    sync.Mutex
	want  []int // the row counts whose costs are kept (besides where a trial ends)
	snaps map[string][]memoSnap
}

type memoSnap struct {
	rows int
	st   *SensorBlockStats
}

// newTrialMemo returns the memo for the block e is about to classify: it keeps the costs at
// the row counts of the trials that come late in classify (the plain-column trial, model 13's
// check, the coding-order trial; as they compute them).
func (e *SensorEncoder) newTrialMemo() *trialMemo {
	if trialMemoOff {
		return nil
	}
	n := len(e.ends)
	rel13 := min(n, rel13CheckRows, max(rel13CheckMin, n/16))
	rel13 = min(rel13, max(rel13CheckMin, rel13/rel13CheckDiv))
	want := []int{min(n/plainTrialShare, plainTrialRows), rel13, min(n/orderTrialPart, orderTrialRows)}
	slices.Sort(want)
	return &trialMemo{want: slices.Compact(want), snaps: make(map[string][]memoSnap)}
}

// wants reports whether the memo keeps the costs after r rows.
func (m *trialMemo) wants(r int) bool {
	return m != nil && slices.Contains(m.want, r)
}

// put records st as the costs of head key's first rows rows (st is not changed after).
func (m *trialMemo) put(key string, rows int, st *SensorBlockStats) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.snaps[key] {
		if s.rows == rows {
			return
		}
	}
	m.snaps[key] = append(m.snaps[key], memoSnap{rows, st})
}

// get returns a copy of the costs of head key's first rows rows, or nil.
func (m *trialMemo) get(key string, rows int) *SensorBlockStats {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.snaps[key] {
		if s.rows == rows {
			return cloneStats(s.st)
		}
	}
	return nil
}

// cloneStats returns a deep copy of st.
func cloneStats(st *SensorBlockStats) *SensorBlockStats {
	c := *st
	c.Columns = slices.Clone(st.Columns)
	c.Windows = slices.Clone(st.Windows)
	for i := range c.Windows {
		c.Windows[i].Columns = slices.Clone(c.Windows[i].Columns)
	}
	return &c
}

// statsNow returns what s's statistics would be if its window were closed now (closeWindow),
// leaving s as it is: a trial's costs had it stopped at this row.
func (s *sensorCoder) statsNow() *SensorBlockStats {
	st := cloneStats(s.stats)
	if s.winRows > 0 {
		st.Windows = append(st.Windows, s.openWindow())
	}
	return st
}

// memoKey returns the memo's key of head h: its serialised form.
func memoKey(h *sensorBlockHead) string { return string(h.append(nil)) }

// memoTrial returns the memo's costs of head h's first rows rows, or nil. With
// trialMemoCheck it codes them too and panics if they differ.
func (e *SensorEncoder) memoTrial(h *sensorBlockHead, rows int) *SensorBlockStats {
	m := e.memo
	if m == nil {
		return nil
	}
	st := m.get(memoKey(h), rows)
	if st == nil {
		return nil
	}
	if trialMemoCheck {
		tr := e.startTrial(h, 0)
		tr.key = "" // the check's coding does not write the memo
		e.codeTo(tr, rows, nil)
		ref := tr.end(e)
		if !reflect.DeepEqual(ref, st) {
			panic("codec: a trial's costs from the memo differ from its coding")
		}
	}
	e.memoRows.Add(int64(rows))
	return st
}
