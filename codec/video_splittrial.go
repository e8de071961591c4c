package codec

import "github.com/vidlm/vidlm/internal/predict"

// The split gate's trials (model.split_gate, encoder side only): the band's gate is decided
// without a second coding. Every splitTrialEvery frames past the share (splitGateShare) of
// a band, the first included, is a trial: its field is split (gate 1), but only every other
// parent block the search split (in raster order, alternately the first or the second) keeps
// its four vectors; the others are coded with the parent's vector. The coder's own cost of
// each such parent block (its part of the field and of every plane's samples) per unit of
// its SAD at the parent's vector (MotionSearch.ParentSADs) is summed for the two halves,
// each sum decayed by a half at each trial, and the band's gate until the next trial is
// split unless the split half's cost per unit of SAD is the larger by more than
// −splitTrialMargin/64. The frames between code
// the band as that decides. Nothing of it is stored: the gate flag is.

// splitTrialEvery is how many frames past the share a trial decides for; splitTrialMargin
// how much of the plain half's cost per unit of SAD (in 1/64) the split half may exceed and
// still split (hand-held clip, 150 frames: at 0 and −1 noise turns bands that pay plain,
// −2 to −64 code the same bytes; a trial every 32 frames 6,535,727 bytes, every 16
// 6,541,978).
var (
	splitTrialEvery  = 32
	splitTrialMargin = -2
)

// splitTrial is a band's state of trials.
type splitTrial struct {
	age    int  // frames past the share before the next trial
	on     bool // this frame is a trial
	parity int  // which half of the split blocks keeps its split in the next trial
	group  []int8
	cost   []int64       // each parent block's cost in a trial (1/65536 bit)
	sum    [2][2]float64 // per half (0 split, 1 not): cost, SAD, decayed
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
	for h := range tr.sum {
		tr.sum[h][0] /= 2
		tr.sum[h][1] /= 2
	}
	sads := search.ParentSADs
	for p, g := range tr.group {
		if g < 0 {
			continue
		}
		tr.sum[g][0] += float64(tr.cost[p])
		tr.sum[g][1] += float64(sads[p]) + 1
	}
	a, b := tr.sum[0], tr.sum[1]
	split := 0
	if a[1] > 0 && b[1] > 0 && a[0]*b[1]*64 < b[0]*a[1]*float64(64-splitTrialMargin) {
		split = 1
	}
	t.probeSplit = split
	tr.age = splitTrialEvery - 1
}
