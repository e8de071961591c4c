package codec

// Sensor model 12 (branch bio12): per column and block, the encoder's choice between model
// 11's second stage of the Series (the selection refined by its fraction and a sign-sign
// LMS, rounded to nearest: predict.Series.SetStage2) and the selection left as it is (the
// stage "plain", predict.Series.SetStage2Plain: model 10's prediction, its fraction above
// the floor still a context of the residual). The block's first rows are coded twice, side
// by side with fresh coders as the other trials: with every candidate column plain and with
// none; a column is plain where it cost less so by plainGain. A lattice's axis a counts as
// column Col+a. The choice of the first block that tried carries on to later blocks with as
// many columns (docs/FORMAT.md §12.8.7).

const (
	plainTrialRows  = 2048 // the trial codes at most this many rows of the block,
	plainTrialShare = 16   // and this share of them
	plainTrialMin   = 64   // a block shorter than this has no plain column
	plainGain       = 100  // a plain column must save 1/plainGain of its cost
)

// plainCandidates returns the columns of head h that may be plain: those holding numbers.
func plainCandidates(h *sensorBlockHead) []int {
	var cand []int
	for c := range h.ec {
		if h.hasEc[c] {
			cand = append(cand, c)
		}
	}
	return cand
}

// choosePlain returns the plain columns of head h (increasing).
func (e *SensorEncoder) choosePlain(h *sensorBlockHead) []int {
	cand := plainCandidates(h)
	if len(cand) == 0 {
		return nil
	}
	if e.plainTried && e.plainCols == len(h.ec) {
		return e.plain
	}
	rows := min(len(e.ends)/plainTrialShare, plainTrialRows)
	if rows < plainTrialMin {
		return nil
	}
	with, without := *h, *h
	with.plain, without.plain = cand, nil
	stWith, stWithout := e.trialPair(&with, &without, rows)
	var out []int
	for _, c := range cand {
		if c >= len(stWith.Columns) || c >= len(stWithout.Columns) {
			continue
		}
		if a, b := stWith.Columns[c].Total(), stWithout.Columns[c].Total(); a+a/plainGain < b {
			out = append(out, c)
		}
	}
	e.plainTried, e.plainCols, e.plain = true, len(h.ec), out
	return out
}
