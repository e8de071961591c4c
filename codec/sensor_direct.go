package codec

// Sensor model 4: how each column's digits use the value contexts. The encoder chooses, per
// block, among its candidate columns (predict.ValueCandidate) those whose residuals learn
// from the value contexts too, and those whose digits are coded directly, from the bottom of
// their decade instead of as residuals from the column's prediction (docs/FORMAT.md §12.5).

// valueTrialRows bounds the rows of the block on which the encoder tries the modes.
const (
	valueTrialRows  = 4096
	valueTrialShare = 8        // and to this share of them
	valueTrialMin   = 256      // a block shorter than this share of it has no value modes
	valueGain       = 100      // a mode must save 1/valueGain of the column's cost to be taken,
	valueGainMin    = 32 << 16 // and 32 bits
)

// chooseValues returns the value modes of the candidate columns cand (direct[i]: cand[i] may
// be direct): the block's first rows (up to valueTrialRows) are coded by a fresh model with
// every candidate in each mode (none, value contexts, direct where allowed), and each column
// takes the mode in which it cost least (none on a tie).
func (e *SensorEncoder) chooseValues(h *sensorBlockHead, cand []int, direct []bool) []colValue {
	if len(cand) == 0 {
		return nil
	}
	rows := min(len(e.ends)/valueTrialShare, valueTrialRows)
	if rows < valueTrialMin {
		return nil
	}
	cost := func(mode uint8) []SensorColumnCost {
		var vs []colValue
		for i, c := range cand {
			switch {
			case mode == valueDirect && direct[i]:
				vs = append(vs, colValue{c, valueDirect})
			case mode != valueNone:
				vs = append(vs, colValue{c, valueContexts})
			}
		}
		t := newSensorCoder()
		t.setParams(&e.params)
		th := *h
		th.values = vs
		t.startBlock(&th)
		st := &SensorBlockStats{}
		t.beginStats(st)
		t.bc = NewBitEncoder(nil)
		for r := 0; r < rows; r++ {
			row := e.cells[e.starts[r]:e.starts[r+1]]
			t.codeRow(&row, len(row), e.ends[r])
		}
		return st.Columns
	}
	var costs [3][]SensorColumnCost
	costs[valueNone], costs[valueContexts] = cost(valueNone), cost(valueContexts)
	anyDirect := false
	for _, d := range direct {
		anyDirect = anyDirect || d
	}
	if anyDirect {
		costs[valueDirect] = cost(valueDirect)
	}
	var out []colValue
	for i, c := range cand {
		best, mode := uint64(0), uint8(valueNone)
		for m := valueNone; m <= valueDirect; m++ {
			if c >= len(costs[m]) || m == valueDirect && !direct[i] {
				continue
			}
			t := costs[m][c].Total()
			if m != valueNone {
				t += t/valueGain + valueGainMin
			}
			if m == valueNone || t < best {
				best, mode = t, uint8(m)
			}
		}
		if mode != valueNone {
			out = append(out, colValue{c, mode})
		}
	}
	return out
}
