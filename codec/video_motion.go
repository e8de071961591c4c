package codec

import (
	"errors"

	"github.com/vidlm/vidlm/internal/predict"
)

// motionCoder codes a band's motion field ahead of its samples: per block, whether the vector
// equals the median of its neighbours', and if not each component's difference from it
// (zero flag, sign, Elias-gamma magnitude), every decision under an adaptive counter.
type motionCoder struct {
	same     [4]predict.Counter     // by how many of left and above were "same" (+1 at the band's edge)
	zero     [2][3]predict.Counter  // component × context
	sign     [2]predict.Counter     //
	exp      [2][16]predict.Counter // unary exponent bits
	mant     [2][16]predict.Counter // mantissa bits by exponent
	filt     [3]predict.Counter     // the interpolation filter, bilinear or cubic, by the predicted vector's
	h264     [3]predict.Counter     // model.h264_filter: H.264's filter or not, by the predicted vector's
	useH264  bool                   // the stream codes the H.264 flag (model.h264_filter)
	split    [3]predict.Counter     // split fields: is the parent block split? by how many of left and above are
	gate     [2]predict.Counter     // the split gate (model.split_gate): is the band's field split? by the band's last gate
	lastGate int
	prevSame []bool
	// parentCost, when not nil, receives the cost of each parent block of a split field
	// coded (the split gate's trials, video_splittrial.go)
	parentCost []int64
	// hint, when not nil, is a vector per block from outside the video (multi_gyro.go) that
	// the prediction starts from (fields of 16x16 blocks; a split field goes without)
	hint []predict.MotionVector
	// refs is how many past frames this frame's blocks may point into (model.block_refs,
	// within the segment; 1: none coded); refIdx codes each block's index after its vector,
	// [its left block's index][its above block's index (3 in the band's first row)][bit]
	refs   int
	refIdx [3][4][2]predict.Counter
}

func newMotionCoder(cfg *predict.VideoConfig) *motionCoder {
	c := &motionCoder{useH264: cfg.H264Filter && cfg.SubSample == 4}
	c.reset()
	return c
}

func (c *motionCoder) reset() {
	freshCounters(c.same[:])
	for i := 0; i < 2; i++ {
		freshCounters(c.zero[i][:])
		freshCounters(c.exp[i][:])
		freshCounters(c.mant[i][:])
	}
	freshCounters(c.sign[:])
	freshCounters(c.filt[:])
	freshCounters(c.h264[:])
	freshCounters(c.split[:])
	freshCounters(c.gate[:])
	for i := range c.refIdx {
		for j := range c.refIdx[i] {
			freshCounters(c.refIdx[i][j][:])
		}
	}
	c.lastGate = 0
}

// codeGate codes the band's split gate (model.split_gate; decoding returns it): 1 where the
// band's field is split, 0 where it is plain; its counter chosen by the band's last gate.
func (c *motionCoder) codeGate(bc *BitCoder, bit int) int {
	const limit = 255
	bit = bc.Code(bit, c.gate[c.lastGate].P())
	c.gate[c.lastGate].Update(bit, limit)
	c.lastGate = bit
	return bit
}

var errBadVector = errors.New("motion vector out of range")

// code codes field f (decoding fills it); rng2 bounds each component, in quarter samples.
// A split field (f.Split set) is coded parent block by parent block (codeSplit).
func (c *motionCoder) code(bc *BitCoder, f *predict.MotionField, rng2 int) error {
	if cap(c.prevSame) < len(f.V) {
		c.prevSame = make([]bool, len(f.V))
	}
	same := c.prevSame[:len(f.V)]
	if f.Split != nil {
		return c.codeSplit(bc, f, same, rng2)
	}
	if c.refs > 1 {
		if len(f.Ref) != len(f.V) { // decoding (or an encoder that chose none): all t−1 so far
			f.Ref = append(f.Ref[:0], make([]uint8, len(f.V))...)
		}
	} else {
		f.Ref = nil
	}
	for by := 0; by < f.Rows; by++ {
		for bx := 0; bx < f.Cols; bx++ {
			if c.refs > 1 {
				// the block's reference index first, then its vector against its neighbours'
				// scaled to that reference's distance
				c.codeRef(bc, f, bx, by)
				if err := c.codeVector(bc, f, same, bx, by, f.PredictedRef(bx, by, f.Ref[by*f.Cols+bx]), rng2); err != nil {
					return err
				}
				continue
			}
			if err := c.codeVector(bc, f, same, bx, by, f.PredictedHint(bx, by, c.hint), rng2); err != nil {
				return err
			}
		}
	}
	return nil
}

// codeRef codes block (bx, by)'s reference index (model.block_refs): "not t−1", then with
// three frames "t−3, not t−2", under counters chosen by the left and above blocks' indices.
func (c *motionCoder) codeRef(bc *BitCoder, f *predict.MotionField, bx, by int) {
	const limit = 255
	i := by*f.Cols + bx
	l, a := 0, 3
	if bx > 0 {
		l = int(f.Ref[i-1])
	}
	if by > 0 {
		a = int(f.Ref[i-f.Cols])
	}
	ctx := &c.refIdx[l][a]
	r := int(f.Ref[i])
	b := 0
	if r > 0 {
		b = 1
	}
	b = bc.Code(b, ctx[0].P())
	ctx[0].Update(b, limit)
	r = b
	if b == 1 && c.refs > 2 {
		b2 := 0
		if f.Ref[i] == 2 {
			b2 = 1
		}
		b2 = bc.Code(b2, ctx[1].P())
		ctx[1].Update(b2, limit)
		r += b2
	}
	f.Ref[i] = uint8(r)
}

// codeSplit codes a split field: per parent block a split flag, then the parent's one vector
// (predicted as its top-left block's) or its four blocks' own.
func (c *motionCoder) codeSplit(bc *BitCoder, f *predict.MotionField, same []bool, rng2 int) error {
	const limit = 255
	last, before := -1, bc.Cost
	defer func() {
		if c.parentCost != nil && last >= 0 {
			c.parentCost[last] += int64(bc.Cost - before)
		}
	}()
	for py := 0; py < f.PRows; py++ {
		for px := 0; px < f.PCols; px++ {
			p := py*f.PCols + px
			if c.parentCost != nil {
				if last >= 0 {
					c.parentCost[last] += int64(bc.Cost - before)
				}
				last, before = p, bc.Cost
			}
			ctx := 0
			if px > 0 {
				ctx += int(f.Split[p-1])
			}
			if py > 0 {
				ctx += int(f.Split[p-f.PCols])
			}
			bit := bc.Code(int(f.Split[p]), c.split[ctx].P())
			c.split[ctx].Update(bit, limit)
			f.Split[p] = uint8(bit)
			bx0, by0 := 2*px, 2*py
			if bit == 0 {
				if err := c.codeVector(bc, f, same, bx0, by0, f.PredictedParent(px, py), rng2); err != nil {
					return err
				}
				i0 := by0*f.Cols + bx0
				for k := 1; k < 4; k++ {
					bx, by := bx0+k&1, by0+k>>1
					if bx < f.Cols && by < f.Rows {
						f.V[by*f.Cols+bx] = f.V[i0]
						same[by*f.Cols+bx] = same[i0]
					}
				}
				continue
			}
			for k := 0; k < 4; k++ {
				bx, by := bx0+k&1, by0+k>>1
				if bx < f.Cols && by < f.Rows {
					if err := c.codeVector(bc, f, same, bx, by, f.PredictedSplit(bx, by), rng2); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// codeVector codes the vector of block (bx, by) against its prediction pred: a "same" flag
// (context: how many of the left and above blocks were the same), else each component's
// difference and, for a fractional vector, the filter.
func (c *motionCoder) codeVector(bc *BitCoder, f *predict.MotionField, same []bool, bx, by int, pred predict.MotionVector, rng2 int) error {
	const limit = 255
	i := by*f.Cols + bx
	ctx := 0
	if bx > 0 && same[i-1] {
		ctx++
	}
	if by > 0 && same[i-f.Cols] {
		ctx++
	}
	if by == 0 {
		ctx = 3
	}
	v := f.V[i]
	bit := 0
	if v == pred {
		bit = 1
	}
	bit = bc.Code(bit, c.same[ctx].P())
	c.same[ctx].Update(bit, limit)
	same[i] = bit == 1
	if bit == 1 {
		f.V[i] = pred
		return nil
	}
	d := [2]int{int(v.X) - int(pred.X), int(v.Y) - int(pred.Y)}
	for k := 0; k < 2; k++ {
		zc := 0
		if k == 1 {
			zc = 1
			if d[0] == 0 {
				zc = 2
			}
		}
		d[k] = c.codeComponent(bc, d[k], k, zc, limit)
	}
	x, y := int(pred.X)+d[0], int(pred.Y)+d[1]
	if x < -rng2 || x > rng2 || y < -rng2 || y > rng2 {
		return errBadVector
	}
	nv := predict.MotionVector{X: int16(x), Y: int16(y)}
	if x&3 != 0 || y&3 != 0 {
		fc := int(pred.Filter)
		if c.useH264 {
			// model.h264_filter: H.264's filter or not first
			hb := 0
			if v.Filter == predict.FilterH264 {
				hb = 1
			}
			hb = bc.Code(hb, c.h264[fc].P())
			c.h264[fc].Update(hb, limit)
			if hb == 1 {
				nv.Filter = predict.FilterH264
				f.V[i] = nv
				return nil
			}
		}
		bit := int(v.Filter)
		bit = bc.Code(bit, c.filt[fc].P())
		c.filt[fc].Update(bit, limit)
		nv.Filter = uint8(bit)
	}
	f.V[i] = nv
	return nil
}

// codeComponent codes one component difference d (decoding returns it).
func (c *motionCoder) codeComponent(bc *BitCoder, d, k, zc, limit int) int {
	return codeSigned(bc, d, &c.zero[k][zc], &c.sign[k], &c.exp[k], &c.mant[k], limit)
}

// codeSigned codes d (decoding returns it) as a zero flag, a sign and an Elias-gamma
// magnitude: the exponent in unary (at most 15 bits, each under its own counter), then the
// bits below the leading one under a counter by exponent. Motion vectors and global warps
// share it.
func codeSigned(bc *BitCoder, d int, zero, sign *predict.Counter, exp, mant *[16]predict.Counter, limit int) int {
	z := 0
	if d == 0 {
		z = 1
	}
	z = bc.Code(z, zero.P())
	zero.Update(z, limit)
	if z == 1 {
		return 0
	}
	neg := 0
	if d < 0 {
		neg, d = 1, -d
	}
	neg = bc.Code(neg, sign.P())
	sign.Update(neg, limit)
	e := 0
	if !bc.decoding {
		for d>>(e+1) != 0 {
			e++
		}
	}
	n := 0
	for ; n < 15; n++ {
		bit := 0
		if e > n {
			bit = 1
		}
		bit = bc.Code(bit, exp[n].P())
		exp[n].Update(bit, limit)
		if bit == 0 {
			break
		}
	}
	e = n
	mag := 1
	for b := e - 1; b >= 0; b-- {
		bit := (d >> b) & 1
		bit = bc.Code(bit, mant[e].P())
		mant[e].Update(bit, limit)
		mag = mag<<1 | bit
	}
	if neg == 1 {
		return -mag
	}
	return mag
}
