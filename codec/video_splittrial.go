package codec

import "github.com/vidlm/vidlm/internal/predict"

// The split gate's trials (model.split_gate, encoder side only): the band's gate is decided
// without a second coding. Every splitTrialEvery-th frame past the share (splitGateShare) of
// a band, the first included, is a trial: its field is split (gate 1), but only every other
// parent block the search split (in raster order; which half begins alternates from trial
// to trial) keeps its four vectors, the others are coded with the parent's vector. The
// coder's own cost of each such parent block (its part of the field and of every plane's
// samples, BitCoder.Cost) per unit of its SAD at the parent's vector
// (MotionSearch.ParentSADs, + 256) is compared within pairs of consecutive blocks of the two
// halves (the split one's less the plain one's); the differences' sum and count are kept
// over the band's trials, halved at each, and the band is split until the next trial unless
// the mean difference is above zero (the split half costs more). Nothing of it is stored:
// the gate flag is.

// splitTrialEvery is how many frames past the share a trial decides for (hand-held clip,
// 150 frames: every 32 frames 6,535,727 bytes, every 16 6,541,978).
var splitTrialEvery = 32

// splitTrialBias is what the mean difference must exceed for the band to go plain (0; the
// tests move it to force either way).
var splitTrialBias = 0.0

// splitTrial is a band's state of trials.
type splitTrial struct {
	age    int  // frames past the share before the next trial
	on     bool // this frame is a trial
	parity int  // which half of the split blocks keeps its split in the next trial
	group  []int8
	cost   []int64    // each parent block's cost in a trial (1/65536 bit)
	d      [2]float64 // the pairs' differences (split less plain) and their count, decayed
}

// trialGate returns the band's gate for a frame past the share; for a trial it keeps half
// the split blocks of t.field (plain: the parent's vectors of search).
func (t *tileCoder) trialGate(search *predict.MotionSearch, mvc *motionCoder) int {
	tr := &t.trial
	if tr.age > 0 {
		tr.age--
		return t.probeSplit
	}
	f := t.field
	n := len(f.Split)
	if cap(tr.group) < n {
		tr.group, tr.cost = make([]int8, n), make([]int64, n)
	}
	tr.group, tr.cost = tr.group[:n], tr.cost[:n]
	clear(tr.cost)
	pv := search.Parent().V
	k := tr.parity
	tr.parity ^= 1
	for p, s := range f.Split {
		tr.group[p] = -1
		if s == 0 {
			continue
		}
		tr.group[p] = int8(k)
		if k == 1 { // kept plain
			f.Split[p] = 0
			px, py := p%f.PCols, p/f.PCols
			for j := 0; j < 4; j++ {
				bx, by := 2*px+j&1, 2*py+j>>1
				if bx < f.Cols && by < f.Rows {
					f.V[by*f.Cols+bx] = pv[p]
				}
			}
		}
		k ^= 1
	}
	tr.on = true
	mvc.parentCost = tr.cost
	return 1
}

// trialSamples adds the cost of samples x0..x1-1 of row y of plane r to their parent block.
func (t *tileCoder) trialSamples(r planeRole, x0, y int, c uint64) {
	f := t.field
	first := t.roles[0]
	sx, sy := r.frameShift[0]-first.frameShift[0], r.frameShift[1]-first.frameShift[1]
	pb := 2 * f.Block
	px, py := (x0<<sx)/pb, ((y<<sy)-f.Y0)/pb
	if px < f.PCols && py >= 0 && py < f.PRows {
		t.trial.cost[py*f.PCols+px] += int64(c)
	}
}

// endTrial ends a trial once the band is coded: the halves' costs and the gate.
func (t *tileCoder) endTrial(search *predict.MotionSearch, mvc *motionCoder) {
	tr := &t.trial
	if !tr.on {
		return
	}
	tr.on = false
	mvc.parentCost = nil
	for i := range tr.d {
		tr.d[i] /= 2
	}
	sads := search.ParentSADs
	last, lastX := int8(-1), 0.0
	for p, g := range tr.group {
		if g < 0 {
			continue
		}
		x := float64(tr.cost[p]) / (float64(sads[p]) + 256)
		if last < 0 || last == g {
			last, lastX = g, x
			continue
		}
		if g == 0 { // split after plain
			tr.d[0] += x - lastX
		} else {
			tr.d[0] += lastX - x
		}
		tr.d[1]++
		last = -1
	}
	split := 1
	if tr.d[1] > 0 && tr.d[0] > splitTrialBias*tr.d[1] {
		split = 0
	}
	t.probeSplit = split
	tr.age = splitTrialEvery - 1
}
