package codec

// Sensor encoder, fifteenth round (issue 12, branch `senc8`): the encoder's searches read
// fewer rows, for a bounded cost in bytes (docs/ARCHITECTURE.md, "Sensor encoder, fifteenth
// round"). Only the encoder's choices move; the decoder reads them from the block's head as
// before, so the format and the decoder are unchanged.
//
//   - The relations' first check (checkRelations, a block of a table no check has seen yet)
//     codes a relFirstShare share of the block's first rows, at least relCheckLater, where it
//     coded the whole block up to relCheckRows.
//   - applyRel13's trial of what model 13/14's relation search found codes a rel13CheckDiv
//     share of its rows, at least rel13CheckMin. (The search itself on half its rows was
//     tried and left out: TestSensorModel13Related's grid 1.3 % larger, surfrad_slv 3.7 %.)
//   - A later block with as many columns as the block before it (its head the last one
//     coded, e.lastHead) runs its value and lattice trials and model 13's search on a
//     laterDiv share of the rows a first block's would read, at least each one's minimum:
//     the blocks of one table are alike, and the first block's trials saw the table already.
//
// These are variables, not constants, so that a test can set the code before this round back
// and compare (sensor_senc8_test.go).
var (
	relFirstShare = 4
	rel13CheckDiv = 2
	laterDiv      = 4
)

// laterBlock reports whether block head h is of a later block of as many columns as the
// block before it (and the encoder carries choices: noCarry, tests).
func (e *SensorEncoder) laterBlock(h *sensorBlockHead) bool {
	return !e.noCarry && e.lastHead != nil && len(e.lastHead.ec) == len(h.ec)
}

// searchRows returns the rows a value or lattice trial codes for block head h: rows, the
// count before this round, or a laterDiv share of it in a later block (laterBlock), at least
// least.
func (e *SensorEncoder) searchRows(h *sensorBlockHead, rows, least int) int {
	if e.laterBlock(h) && laterDiv > 1 {
		e.laterTrials++
		return max(least, rows/laterDiv)
	}
	return rows
}
