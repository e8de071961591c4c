package codec

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/vidlm/vidlm/internal/predict"
)

// Sensor model 12: joint columns (issue 12, branch `geo12`; docs/MODEL.md "Sensor model
// 12: joint columns", docs/FORMAT.md §12.12).
//
// A column whose digits use the value contexts (model 4) learns the histogram of its
// values alone and given the values to its left; a column whose values cluster jointly with
// another's (earthquakes' longitudes under their latitudes) is better foretold by the
// partner's value in coarse bins of a width chosen for it. The block head gives such a
// column a partner column and a bin width (a power of two of the partner's units); where
// the partner has been coded earlier in the row as a number, the column's residual decisions
// also learn under the partner's bin and under a bin eight times wider
// (predict.MixedResidual.BeginJoint). The encoder chooses the pairs from the block's first
// rows (chooseJoints); the decoder only reads them.

// colJoint gives column col the partner column src, binned by 2^shift of its units.
type colJoint struct {
	col, src int
	shift    uint8
}

const (
	jointMaxShift   = 62
	jointCoarse     = 3    // the coarse bin is 2^jointCoarse fine bins
	jointTrialRows  = 8192 // chooseJoints reads at most the block's first rows
	jointMinRows    = 256  // and needs this many rows where both columns hold numbers
	jointSrcs       = 4    // the partners tried: the columns coded last before the column
	jointTargetBins = 256  // the column's values in about this many bins (the estimate)
	jointPriorW     = 4    // the estimate's conditional counts back off to the column's own with this weight
	jointGainRow    = 0.05 // a pair must save this many bits a row in the estimate,
	jointGainMin    = 256  // and this many bits
)

// jointBins are the partner's bin counts over its range that chooseJoints tries.
var jointBins = [...]uint64{32, 128, 512}

// appendJoints appends a block head's joints (model 12).
func appendJoints(b []byte, js []colJoint) []byte {
	b = binary.AppendUvarint(b, uint64(len(js)))
	for _, j := range js {
		b = binary.AppendUvarint(b, uint64(j.col))
		b = binary.AppendUvarint(b, uint64(j.src))
		b = binary.AppendUvarint(b, uint64(j.shift))
	}
	return b
}

// parseJoints reads a block head's joints: columns increasing, each partner another column.
func parseJoints(f *fieldReader, n int) ([]colJoint, error) {
	cnt := f.count(uint64(n), "joint count")
	var js []colJoint
	last := -1
	if cnt == 0 {
		return nil, fmt.Errorf("no joints where the head says they follow")
	}
	for i := 0; i < cnt && f.err == nil; i++ {
		var j colJoint
		j.col = f.count(uint64(n-1), "joint column")
		j.src = f.count(uint64(n-1), "joint partner")
		j.shift = uint8(f.count(jointMaxShift, "joint shift"))
		if f.err != nil {
			break
		}
		if j.col <= last || j.col >= predict.MaxSensorColumns-1 || j.src >= predict.MaxSensorColumns-1 {
			return nil, fmt.Errorf("joint %d invalid", i)
		}
		js = append(js, j)
		last = j.col
	}
	return js, f.err
}

// jointState is the coder's side of the block's joints.
type jointState struct {
	src   []int32  // per column slot: its partner, or −1
	shift []uint8  // and the partner's bin width
	x     []int64  // per column slot: its value in the row being coded,
	at    []uint32 // if at is the row's number (row)
	row   uint32
	// The magnitude's joint contexts (jointMagnitude, jbit): on for the number being coded
	// (mag) of column slot c, its partner's bins' keys, and each column slot's mixer.
	mag            bool
	c              int
	kFine, kCoarse uint64
	kSelf          uint64
	mix            []*predict.Mixer
}

// startJoints takes the block head's joints.
func (s *sensorCoder) startJoints(h *sensorBlockHead) {
	j := &s.joint
	for i := range j.src {
		j.src[i] = -1
	}
	for _, jc := range h.joints {
		for len(j.src) <= max(jc.col, jc.src) {
			j.src = append(j.src, -1)
			j.shift = append(j.shift, 0)
			j.x = append(j.x, 0)
			j.at = append(j.at, 0)
		}
		j.src[jc.col], j.shift[jc.col] = int32(jc.src), jc.shift
	}
	s.jointAny = len(h.joints) > 0
}

// jointSeen records, under joints, column slot c's number x in the row being coded.
func (s *sensorCoder) jointSeen(c int, x int64) {
	if j := &s.joint; c < len(j.x) {
		j.x[c], j.at[c] = x, j.row
	}
}

// jointKeys returns column slot c's partner bins in the row (fine, coarse), and whether c
// has a partner. A partner not coded as a number yet in the row has bins of its own.
func (s *sensorCoder) jointKeys(c int) (uint64, uint64, bool) {
	j := &s.joint
	if !s.jointAny || c >= len(j.src) || j.src[c] < 0 {
		return 0, 0, false
	}
	p := j.src[c]
	if int(p) == c {
		return 0, 0, true // a joint of its own: the magnitude's contexts only
	}
	if j.at[p] != j.row {
		return 1, 1, true
	}
	v := j.x[p] >> j.shift[c]
	return uint64(v) << 1, uint64(v>>jointCoarse) << 1, true
}

// chooseJoints returns the block's joints (model 12): for each column with a value mode,
// the partner among the jointSrcs columns coded last before it in the row, and the bin
// width, that an estimate on the block's first rows finds best, if it gains enough. The
// estimate codes each column's values, cut into about jointTargetBins bins of its range, by
// adaptive counts alone and given the partner's bin (backing off to the counts alone), and
// sums the difference; it stands for the joint contexts of the coder without running it.
func (e *SensorEncoder) chooseJoints(h *sensorBlockHead, lat []predict.LatticeColumn) []colJoint {
	if len(h.values) == 0 {
		return nil
	}
	cols := len(lat)
	pos := h.codingPositions(cols)
	rows := min(len(e.ends), jointTrialRows)
	var out []colJoint
	for _, v := range h.values {
		c := v.col
		if c >= cols || c >= predict.MaxSensorColumns-1 {
			continue
		}
		var srcs []int
		for s := range cols {
			if s != c && s < predict.MaxSensorColumns-1 && pos[s] < pos[c] {
				srcs = append(srcs, s)
			}
		}
		slices.SortFunc(srcs, func(a, b int) int { return pos[b] - pos[a] })
		srcs = srcs[:min(len(srcs), jointSrcs)]
		best, bestGain := colJoint{}, 0.0
		for _, s := range srcs {
			for _, nb := range jointBins {
				sh, gain := jointGain(lat[c], lat[s], rows, nb)
				if gain > bestGain {
					best, bestGain = colJoint{c, s, sh}, gain
				}
			}
		}
		switch {
		case bestGain >= jointGainMin && bestGain >= jointGainRow*float64(rows):
			out = append(out, best)
		case jointSelf(v.mode):
			out = append(out, colJoint{c, c, 0})
		}
	}
	return out
}

// jointGain estimates, on the first rows, what column t's values save (in bits) given
// column p's in about nb bins of p's range, and returns that bin width's shift.
func jointGain(t, p predict.LatticeColumn, rows int, nb uint64) (uint8, float64) {
	tlo, thi := int64(math.MaxInt64), int64(math.MinInt64)
	plo, phi := int64(math.MaxInt64), int64(math.MinInt64)
	n := 0
	for r := range rows {
		if t.Res[r] < 0 || p.Res[r] < 0 {
			continue
		}
		n++
		tlo, thi = min(tlo, t.X[r]), max(thi, t.X[r])
		plo, phi = min(plo, p.X[r]), max(phi, p.X[r])
	}
	if n < jointMinRows || thi-tlo > 1<<60 || phi-plo > 1<<60 {
		return 0, 0
	}
	ts := uint(bits.Len64(uint64(thi-tlo) / jointTargetBins))
	ps := uint(bits.Len64(uint64(phi-plo) / nb))
	if ps > jointMaxShift {
		return 0, 0
	}
	kt := float64(uint64(thi-tlo)>>ts + 1)
	marg := make(map[int64]int32)
	cond := make(map[[2]int64]int32)
	ctx := make(map[int64]int32)
	gain, m := 0.0, 0
	for r := range rows {
		if t.Res[r] < 0 || p.Res[r] < 0 {
			continue
		}
		tb := (t.X[r] - tlo) >> ts
		pb := p.X[r] >> ps
		// Each product is converted explicitly so that no compiler fuses it with the sum into
		// a multiply-add (arm64, GOAMD64=v3): the choice, and so the file, is the same on every
		// machine.
		pm := (float64(marg[tb]) + 0.5) / (float64(m) + float64(0.5*kt))
		k := [2]int64{pb, tb}
		pc := (float64(cond[k]) + float64(jointPriorW*pm)) / (float64(ctx[pb]) + jointPriorW)
		gain += math.Log2(pc / pm)
		marg[tb]++
		cond[k]++
		ctx[pb]++
		m++
	}
	return uint8(ps), gain
}

// jointMagnitude readies, for column slot c's number, the joint contexts of its sign and
// decade decisions (jbit) if c has a partner.
func (s *sensorCoder) jointMagnitude(c int) {
	j := &s.joint
	fine, coarse, ok := s.jointKeys(c)
	if !ok {
		return
	}
	if s.vctx == nil {
		s.vctx = s.free.NewValueContexts()
	}
	for len(j.mix) <= c {
		j.mix = append(j.mix, nil)
	}
	if j.mix[c] == nil {
		j.mix[c] = predict.NewMixer(jointMagInputs, jointMagSets, 1<<14, jointMagRate)
	}
	salt := predict.JointKey(0x4A4D4147, uint64(c))
	j.mag, j.c = true, c
	j.kFine, j.kCoarse = predict.JointKey(salt, fine), predict.JointKey(predict.JointKey(salt, 1), coarse)
	j.kSelf = predict.JointKey(salt, 2)
}

// The magnitude decisions' mixer (model 12): the column's counter, the partner's fine and
// coarse bins' counters and a bias; a weight set for the sign, and one for the decade's.
const (
	jointMagInputs = 5
	jointMagSets   = 2
	jointMagRate   = 12
)

// jbit codes a magnitude decision of the number being coded under counter ctr, mixed
// (model 12, a column with a partner) with the counters of its partner's bins for the
// decision dk.
func (s *sensorCoder) jbit(b int, ctr *predict.Counter, dk uint64) int {
	j := &s.joint
	if !j.mag {
		return s.bit(b, ctr)
	}
	cf := s.vctx.JointCounter(predict.JointKey(j.kFine, dk))
	cc := s.vctx.JointCounter(predict.JointKey(j.kCoarse, dk))
	cs := s.vctx.JointCounter(predict.JointKey(j.kSelf, dk))
	m := j.mix[j.c]
	m.AddP(ctr.P())
	m.AddP(cs.P())
	m.AddP(cf.P())
	m.AddP(cc.P())
	m.Add(256)
	p := m.Mix(min(int(dk), 1))
	b = s.bc.Code(b, max(32, min(p, 65535-32)))
	m.Update(b)
	ctr.Update(b, sensorCounterLimit)
	cf.Update(b, sensorCounterLimit)
	cc.Update(b, sensorCounterLimit)
	cs.Update(b, sensorCounterLimit)
	return b
}

// jointSelf tells whether a column of value mode m without a partner takes a joint of its
// own (its magnitude's contexts without the prediction's).
func jointSelf(m uint8) bool { return m == valueDirect }

// codingPositions returns each of the first cols columns' place in the row's coding order:
// the head's order first, then the rest in field order.
func (h *sensorBlockHead) codingPositions(cols int) []int {
	pos := make([]int, cols)
	for c := range pos {
		pos[c] = len(h.order) + c
	}
	for k, c := range h.order {
		if c < cols {
			pos[c] = k
		}
	}
	return pos
}
