package predict

import (
	"math/bits"

	"github.com/vidlm/vidlm/vision"
)

// The contexts of a number's decisions: the sensor model forms them from its own state (as
// PlaneModel does for video), and the coder asks for the counter of each decision.

// PlainCtx is the counter of "the number is written plain, not in the column's float
// printing or between its affixes" (model 2), given the last number's answer.
func (c *SensorColumn) PlainCtx() *Counter { return &c.PlainP[b2i(c.LastPlain)] }

// ZeroCtx is the counter of "the number is zero" at magnitude gap gap (MagnitudeGap).
func (c *SensorColumn) ZeroCtx(gap int) *Counter { return &c.ZeroP[gap*2+b2i(c.LastZero)] }

// NegCtx is the counter of "the number is negative" at magnitude gap gap, given the
// prediction's sign (0 zero, 1 positive, 2 negative).
func (c *SensorColumn) NegCtx(gap, predSign int) *Counter { return &c.NegP[gap*3+predSign] }

// DecadeCtx is the counter of "the number's decade is the prediction's": at magnitude gap
// gap, the prediction's leading digit (0 a one, 2 a nine, 1 another) and whether there is a
// prediction of the number's sign at all.
func (c *SensorColumn) DecadeCtx(gap, lead int, noPred bool) *Counter {
	return &c.DecP[(gap*3+lead)*2+b2i(noPred)]
}

// DecadeUpCtx is the counter of "the decade is above the predicted decade hp" (−1: none).
func (c *SensorColumn) DecadeUpCtx(hp int) *Counter {
	return &c.DecUpP[b2i(hp < 0)*2+b2i(hp == 0)]
}

// DecadeStepCtx is the counter of the k-th step of the decade's distance, in unary.
func (c *SensorColumn) DecadeStepCtx(k int) *Counter { return &c.DecStepP[min(k, 15)] }

// ModeCtx is the counter of the resolution-mode decision q (0: strip trailing zeros, 1: the
// same precision as the last number) given the last number's mode.
func (c *SensorColumn) ModeCtx(q int) *Counter { return &c.ModeP[c.ModePrv*3+q] }

// FixedModeCtx is ModeCtx for a column of fixed precision (model 2), which asks q = 0 "the
// same precision?" first and q = 1 "strip?" then.
func (c *SensorColumn) FixedModeCtx(q int) *Counter { return &c.ModeP2[c.ModePrv*2+q] }

// RecentCtx is the counter of "the cell is one of the column's recent cells" for a cell of
// kind kind.
func (c *SensorColumn) RecentCtx(kind int) *Counter { return &c.RecentP[kind*2+b2i(c.RecentHit)] }

// TextLenCtx returns the 32 counters of a text cell's length (coded bit by bit), chosen by
// the length of the column's last text cell.
func (c *SensorColumn) TextLenCtx() []Counter {
	ctx := min(bits.Len(uint(c.TextLen))/3, 7) * 32
	return c.TextLenP[ctx : ctx+32]
}

// KindCtx is the counter of a cell's kind given the column's last: q = 0 "the same kind?",
// q = 1 "the second of the other two?".
func (c *SensorColumn) KindCtx(q int) *Counter { return &c.KindP[c.Kind*2+q] }

// ResidualCtx returns the context of a number's residual for an expected error avg (×16,
// column units) at a resolution of 10^sc column units.
func ResidualCtx(avg int64, sc int) int { return MagnitudeContext(ScaledAvg(avg, sc)) }

// ScaledAvg returns an expected error avg (×16, column units) in units of 10^sc column units.
func ScaledAvg(avg int64, sc int) uint64 {
	a := uint64(avg)
	switch {
	case sc > 0 && sc < 20:
		a /= vision.Pow10(sc)
	case sc >= 20:
		a = 0
	case sc < 0:
		for ; sc < 0 && a < 1<<56; sc++ {
			a *= 10
		}
	}
	return a
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// EndCtx is the counter of a line end's bits: b1 = −1 for its high bit, then the high bit's
// value for its low bit.
func (s *SensorStructure) EndCtx(b1 int) *Counter { return &s.EndP[1+b1] }

// MatchCtx is the counter of "the number is written as one of its match candidates" (sensor
// model 3), in the context of whether the column's last number was.
func (c *SensorColumn) MatchCtx() *Counter { return &c.MatchP[b2i(c.MatchHit)] }
