package codec

// Sensor model 11: relations that pay in their column (issue 12, `rel11`).
//
// Model 10 keeps every relation that misses by less than half of its target's change from
// the row before (findRelations), and the relation's value becomes one more predictor of the
// target's Series, chosen by running error. On a table of daily market prices that is not
// enough: a weak linear fit of a price from the row's other prices is chosen where it erred
// least lately, and the column's residuals grow. Model 11 codes the block's first rows
// twice, with the relations and without them (side by side, fresh coders, as the other
// trials), and keeps a relation only where its target column costs less with it.

// relCheckRows bounds the rows of checkRelations' trials (a block's first rows; the whole
// block when it is shorter).
const relCheckRows = 8192

// checkRelations returns the relations of head h whose target columns cost less with them
// than without, over the block's first relCheckRows rows (model 11).
func (e *SensorEncoder) checkRelations(h *sensorBlockHead) []colRel {
	if len(h.rels) == 0 {
		return nil
	}
	rows := min(len(e.ends), relCheckRows)
	with, without := *h, *h
	without.rels = nil
	var stWith, stWithout *SensorBlockStats
	e.runTrials(
		func() { stWith = e.trialStats(&with, rows) },
		func() { stWithout = e.trialStats(&without, rows) },
	)
	cost := func(st *SensorBlockStats, c int) uint64 {
		if c < len(st.Columns) {
			return st.Columns[c].Total()
		}
		return 0
	}
	var keep []colRel
	for _, r := range h.rels {
		if cost(stWith, r.col) < cost(stWithout, r.col) {
			keep = append(keep, r)
		}
	}
	return keep
}
