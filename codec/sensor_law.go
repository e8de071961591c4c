package codec

import (
	"math/bits"

	"github.com/vidlm/vidlm/internal/predict"
)

// The law stage: the law rung of `vidlm experiment` as a sub-predictor of the sensor model
// (sensor model 2, signalled by the stream parameter "law", docs/FORMAT.md). Each numeric
// column outside a lattice group gets a predict.LawSeries, which predicts the column's next
// value by the one-axis laws of free motion and a constant force, fitted to the column's past.
// Like the cross-modal stage (sensor_cross.go) it is cascaded after the model's own
// prediction and used for a column only while its running cost (log2 of the error) beats
// the model's by 1/8 bit per value: where the law does not help, the stage stays out and the
// column codes as without it, but for the few values it takes to find that out.
type sensorLaw struct {
	cols []lawColumn
}

type lawColumn struct {
	ser     *predict.LawSeries
	base    int64 // the model's prediction
	law     int64 // the law's
	has     bool  // the law made a prediction
	on      bool  // a prediction is pending (update follows)
	errBase int64 // running mean of lawCost(error) of base
	errLaw  int64 // of the law's prediction
	n       int   // values compared
}

// The gate: the law is used while its running cost is below the model's by lawMargin (in
// 1/256 bit per value), after lawWarmup values compared; the costs decay by 2^-lawDecay per
// value.
const (
	lawMargin = 32
	lawDecay  = 6
	lawWarmup = 64
)

// lawCost is the bits an error of e costs, roughly: log2(1 + |e|), in 1/256 bit (its bit
// length and the next 8 bits below the leading one). A mean of |e| would let one outlier of
// the model's (a jump in a time column) open the gate for a predictor that is worse on
// every other value.
func lawCost(e int64) int64 {
	a := absU64(e) + 1
	n := bits.Len64(a) - 1
	var frac uint64
	if n >= 8 {
		frac = (a >> (n - 8)) & 255
	} else {
		frac = (a << (8 - n)) & 255
	}
	return int64(n)<<8 + int64(frac)
}

func newSensorLaw() *sensorLaw { return &sensorLaw{} }

func (x *sensorLaw) col(c int) *lawColumn {
	for len(x.cols) <= c {
		x.cols = append(x.cols, lawColumn{ser: predict.NewLawSeries()})
	}
	return &x.cols[c]
}

// predict returns column c's prediction given the model's, base.
func (x *sensorLaw) predict(c int, base int64) int64 {
	k := x.col(c)
	k.base, k.on = base, true
	k.law, k.has = k.ser.Predict()
	if k.has && k.n >= lawWarmup && k.errLaw+lawMargin < k.errBase {
		return k.law
	}
	return base
}

// update learns from column c's true value v.
func (x *sensorLaw) update(c int, v int64) {
	k := x.col(c)
	if k.on && k.has {
		k.n++
		k.errBase += (lawCost(v-k.base) - k.errBase) >> lawDecay
		k.errLaw += (lawCost(v-k.law) - k.errLaw) >> lawDecay
	}
	k.on, k.has = false, false
	k.ser.Update(v)
}
