package codec

import (
	"slices"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// The sensor encoder's pipeline (issue 12, branch spar13): with two threads or more, a log of
// its own (not a stream of a recording) codes block k on a goroutine (finishBlock: the final
// pass, the bytes trial's choice, the chunk) while Write goes on reading the log and, once the
// next block is there, splits and classifies block k+1 (its trials on the threads as before).
// The file is the one the blocks one after the other write:
//
//   - classify reads nothing that the coding of the block before writes, except the cell
//     coder's column units, dates and float formats (classify's candidates), which
//     startBlock set before the coding and which the coding leaves alone, unless the block
//     becomes a bytes block (takeBytes gives the cell model a fresh state). So a block that
//     has no bytes trial lets the next be classified beside it as it is; beside one that has,
//     the next block is classified on the guess that it stays a cell block, after its state
//     was saved (classifyState); if it became a bytes block, the state is put back and the
//     next block is split and classified again, after it, as one thread would;
//   - the block in flight keeps its rows (blockJob) and its bytes at the start of e.pending
//     (held): the next block is split after them into the other row buffers (spare), and
//     e.pending is moved to a new array when the block is done (the next block's cells point
//     into the old one);
//   - everything that comes after classify in one thread's order (the next block's bytes
//     trial, which reads the last one's outcome; its startBlock; its statistics) comes after
//     the block in flight is done (join).
//
// At most one block is in flight beside the one classified: memory grows by a block's rows
// and what the trials hold beside the final pass (the byte model of a wide table is still
// dropped after its trial, bytesDropCols).

// pipeWideSerial: a wide table's block with a bytes trial is coded before the next block is
// classified (false: beside it too; tests).
var pipeWideSerial = true

// rowBufs are a block's rows as splitRows leaves them.
type rowBufs struct {
	cells  []sensorCell
	starts []int
	ends   []vision.LineEnd
	offs   []int
}

// swapRows gives the encoder's row buffers the spare ones and keeps its own as the spare:
// those of the block in flight, which the next block's split (into the encoder's) leaves
// alone.
func (e *SensorEncoder) swapRows() {
	e.spare, e.cells, e.starts, e.ends, e.offs = rowBufs{e.cells, e.starts, e.ends, e.offs}, e.spare.cells, e.spare.starts, e.spare.ends, e.spare.offs
}

// codeBlockPiped is codeBlock with the block's coding on a goroutine: it classifies the next
// block beside the block in flight, waits for that one, and sets the new one going.
func (e *SensorEncoder) codeBlockPiped(atEOF bool) error {
	if e.intr.interrupted() {
		e.join()
		return ErrInterrupted
	}
	f := e.fly
	if f != nil && f.trial && f.wide && pipeWideSerial {
		// A wide table's byte model (about 110 MB) would share the heap with the next
		// block's trials (bytesDropCols): the blocks one after the other.
		if err := e.join(); err != nil {
			return err
		}
		e.swapRows() // (its rows are free: split into them, not into a second set)
		f = nil
	}
	var saved *savedClassify
	if f != nil && f.trial {
		saved = e.saveClassify()
	}
	size, h := e.nextBlock(atEOF)
	if f != nil {
		if h != nil {
			e.piped++
		}
		if err := e.join(); err != nil {
			return err
		}
		if f.bytes && h != nil {
			// The cell model was reset after h was classified: classify again from the
			// state before, as one thread would have.
			e.restoreClassify(saved)
			e.redone++
			size, h = e.nextBlock(atEOF)
		}
	}
	if h == nil {
		return nil
	}
	if e.intr.interrupted() { // (a trial of classify stopped short)
		return ErrInterrupted
	}
	j := e.launchBlock(size, h)
	e.swapRows() // (the next block is split into the other buffers: j holds these)
	j.done = make(chan struct{})
	e.fly, e.held = j, size
	go func() {
		defer close(j.done)
		j.err = e.finishBlock(j)
	}()
	return nil
}

// join waits for the block in flight, if any, and takes its bytes off e.pending (into a new
// array: the next block's cells, if it was classified, point into the old one). It returns
// the block's error.
func (e *SensorEncoder) join() error {
	f := e.fly
	if f == nil {
		return nil
	}
	<-f.done
	e.fly = nil
	rest := e.pending[e.held:]
	e.pending = append(make([]byte, 0, max(cap(e.pending), len(rest)+sensorBlockBytes)), rest...)
	e.held = 0
	return f.err
}

// classifyState is what classify reads and writes of the encoder beyond the block's rows: the
// choices carried from block to block and the tests' counters. It is embedded in
// SensorEncoder (its fields are the encoder's), so the pipeline saves and restores it whole: a
// field classify carries is added here, and saved with the rest. Slices and maps in it are
// replaced, never written in place, by classify, except the lattice columns (lat), which are
// copied (saveClassify).
type classifyState struct {
	groups []predict.LatticeParams
	lat    []predict.LatticeColumn

	lastHead *sensorBlockHead // the side information of the last block coded (tests)
	// Model 4: the candidates of the last block whose value modes were tried, and the modes
	// (sensor_direct.go).
	valueTried bool
	valueCand  []int
	values     []colValue
	// Model 5: whether a coding order was tried, and the order taken (sensor_order.go).
	orderTried bool
	order      []int
	// Model 12: whether the plain columns were tried, for how many columns, and those taken
	// (sensor_plain12.go).
	plainTried bool
	plainCols  int
	plain      []int
	// Model 13 (sensor_casc13.go): the block is a one-column signal's; the cascade's trial.
	oneCol               bool
	cascTried, cascChose bool
	// Model 14 (sensor_lpc14.go): the fitted predictor's trial and its choice.
	lpcTried bool
	lpcChose *lpcHead
	// and the Series' records of the cascade's trial (cascadePairRecord), until tryLPC
	lpcRecs, lpcErrs [][]int64

	// The lattice trial's and the relations check's last outcomes, carried to the next
	// blocks (sensor_carry.go), and how many times one was (tests).
	latCarry latticeCarry
	relCarry relCarry
	carried  int
	// The lattice trial's costs of the lattices taken on the block's first latFirstRows rows
	// (nil if the block had no such trial): the value trial's costs with no value mode, when
	// it codes as many rows (tryValues; the same head, so the same costs).
	latFirst     *SensorBlockStats
	latFirstRows int

	laterTrials int // searches on a later block's share of rows (sensor_senc8.go; tests)
	earlyLat    int // lattice trials decided on their first stretch (sensor_strial.go; tests)
	earlyRel    int // relations checks decided on half their rows (sensor_strial.go; tests)
}

// savedClassify is the classify state saveClassify keeps, with the counters of classify's
// trials (atomic: the trials' goroutines add to them, so they are not copied with the rest).
type savedClassify struct {
	st                  classifyState
	trialRows, memoRows int64
}

// saveClassify returns the encoder's classify state; the encoder goes on with a copy of its
// lattice columns (classify leaves the rows it does not write as they were: the saved ones
// are those one thread would have).
func (e *SensorEncoder) saveClassify() *savedClassify {
	s := &savedClassify{st: e.classifyState, trialRows: e.trialRows.Load(), memoRows: e.memoRows.Load()}
	lat := make([]predict.LatticeColumn, len(e.lat))
	for c := range e.lat {
		lat[c].X, lat[c].Res = slices.Clone(e.lat[c].X), slices.Clone(e.lat[c].Res)
	}
	e.lat = lat
	return s
}

// restoreClassify puts back the state saveClassify returned.
func (e *SensorEncoder) restoreClassify(s *savedClassify) {
	e.classifyState = s.st
	e.trialRows.Store(s.trialRows)
	e.memoRows.Store(s.memoRows)
}

// classifyThreads is how many goroutines classify's trials and searches run on: the
// encoder's threads, one fewer while the block before is still being coded beside them (its
// final pass holds a core; and a wide table's trials then share the heap with that block's
// coder and byte model, so fewer of them at once keep the peak near one thread's order).
// Their choices do not depend on it (runTrials, runStaged, predict.ParallelFor).
func (e *SensorEncoder) classifyThreads() int {
	if f := e.fly; f != nil && e.threads > 1 {
		select {
		case <-f.done:
		default:
			return e.threads - 1
		}
	}
	return e.threads
}
