package codec

import (
	"errors"

	"github.com/vidlm/vidlm/internal/predict"
)

// lsCoder codes, per band of the first coded plane (model.ls_pred), the least-squares
// sub-predictor's coefficients (predict/video_ls.go) after the band's warps and before the
// plane's rows: a flag (is it on?) under a counter by the band's last flag, then each
// coefficient as the difference from the band's last coded coefficient (zero before the
// first), zero flag, sign, Elias-gamma magnitude, every decision under an adaptive counter
// of its own tap.
type lsCoder struct {
	on   [2]predict.Counter
	zero [lsTapsMax]predict.Counter
	sign [lsTapsMax]predict.Counter
	exp  [lsTapsMax][16]predict.Counter
	mant [lsTapsMax][16]predict.Counter
	last [lsTapsMax]int32
	was  int
	cur  []int32
	// lastOK: last holds coded coefficients (a band coded them since the reset)
	lastOK bool
}

// lsTapsMax bounds the taps sets' sizes (predict.LSTaps).
const lsTapsMax = 23

func newLSCoder() *lsCoder {
	c := &lsCoder{}
	c.reset()
	return c
}

func (c *lsCoder) reset() {
	freshCounters(c.on[:])
	freshCounters(c.zero[:])
	freshCounters(c.sign[:])
	for k := range c.exp {
		freshCounters(c.exp[k][:])
		freshCounters(c.mant[k][:])
	}
	c.last, c.was, c.lastOK = [lsTapsMax]int32{}, 0, false
}

// lastCoefs returns the band's last coded coefficients (nil before the first).
func (c *lsCoder) lastCoefs(n int) []int32 {
	if !c.lastOK {
		return nil
	}
	return c.last[:n]
}

var errBadLS = errors.New("least-squares coefficient out of range")

// lsMinGain: the encoder turns the least-squares sub-predictor on in a band where its sum of
// absolute errors is below lsMinGain/64 of P + MED(dW, dN, dNW)'s (measured, 30 frames: 64
// and 66 alike; 58 and below cost the hand-held clip).
const lsMinGain = 64

// code codes the band's flag and n coefficients (encoding: q, nil for off; decoding: q is
// ignored) and returns the coefficients (nil: off).
func (c *lsCoder) code(bc *BitCoder, q []int32, n int) ([]int32, error) {
	on := 0
	if q != nil {
		on = 1
	}
	on = bc.Code(on, c.on[c.was].P())
	c.on[c.was].Update(on, 255)
	c.was = on
	if on == 0 {
		return nil, nil
	}
	if cap(c.cur) < n {
		c.cur = make([]int32, n)
	}
	c.cur = c.cur[:n]
	for k := 0; k < n; k++ {
		var d int32
		if q != nil {
			d = q[k] - c.last[k]
		}
		d = int32(codeSigned(bc, int(d), &c.zero[k], &c.sign[k], &c.exp[k], &c.mant[k], 255))
		v := c.last[k] + d
		if v < -predict.LSCoefMax || v > predict.LSCoefMax {
			return nil, errBadLS
		}
		c.cur[k], c.last[k] = v, v
	}
	c.lastOK = true
	return c.cur, nil
}
