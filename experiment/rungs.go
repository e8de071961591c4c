package experiment

import (
	"bytes"
	"fmt"
	"time"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/samples"
)

// A model codes the rows of a stream one at a time: codeRow codes row t (encoding: rows[t] is
// the data; decoding: rows[t] is filled with the decoded values), with rows[:t] already known.
// The same loop serves the encoder and the decoder, so they cannot drift apart.
type model interface {
	codeRow(bc *codec.BitCoder, rows [][]int32, t int)
}

// RungNames are the rungs of the ladder, in order of understanding.
var RungNames = []string{"order0", "hold", "linear", "quadratic", "vidlm", "law"}

// newModel returns a fresh model for a rung ("vidlm" is not a model here: it runs the codec).
func newModel(rung string, w *samples.World, lc LawConfig) (model, error) {
	nd := len(w.Dims)
	switch rung {
	case "order0":
		m := &order0Model{}
		for range nd {
			m.h = append(m.h, newOrder0(int(w.Params["adc_bits"])))
		}
		return m, nil
	case "hold", "linear", "quadratic":
		order := map[string]int{"hold": 0, "linear": 1, "quadratic": 2}[rung]
		m := &fixedModel{order: order, max: int64(w.Max)}
		for range nd {
			m.res = append(m.res, newResidualCoder())
		}
		return m, nil
	case "law":
		return newLawModel(w, lc), nil
	case "oracle":
		return &oracleModel{w: w}, nil
	}
	return nil, fmt.Errorf("unknown rung %q (have %v)", rung, RungNames)
}

type order0Model struct{ h []*order0 }

func (m *order0Model) codeRow(bc *codec.BitCoder, rows [][]int32, t int) {
	for d, h := range m.h {
		rows[t][d] = h.code(bc, rows[t][d])
	}
}

// fixedModel predicts with a fixed polynomial extrapolation of the previous values (order 0:
// hold, 1: constant velocity, 2: constant acceleration) and codes the residual under an
// adaptive binarisation.
type fixedModel struct {
	order int
	max   int64
	res   []*residualCoder
}

func (m *fixedModel) codeRow(bc *codec.BitCoder, rows [][]int32, t int) {
	for d, rc := range m.res {
		var p int64
		switch o := min(m.order, t-1); {
		case t == 0:
			p = (m.max + 1) / 2
		case o == 0:
			p = int64(rows[t-1][d])
		case o == 1:
			p = 2*int64(rows[t-1][d]) - int64(rows[t-2][d])
		default:
			p = 3*int64(rows[t-1][d]) - 3*int64(rows[t-2][d]) + int64(rows[t-3][d])
		}
		p = min(max(p, 0), m.max)
		v := rc.code(bc, int64(rows[t][d])-p)
		rows[t][d] = int32(p + v)
	}
}

// oracleModel is given the true noiseless signal and the noise: it codes each value under its
// exact distribution. Its code length is the empirical floor (not a rung: the models do not
// know the truth).
type oracleModel struct{ w *samples.World }

func (m *oracleModel) codeRow(bc *codec.BitCoder, rows [][]int32, t int) {
	for d := range rows[t] {
		g := gaussDist{mu: m.w.Truth[t][d], s: m.w.Sigma, max: int64(m.w.Max)}
		rows[t][d] = g.code(bc, rows[t][d])
	}
}

// RungResult is what one rung did with one stream.
type RungResult struct {
	Rung          string    `json:"rung"`
	Bytes         int       `json:"bytes"`
	Bits          float64   `json:"bits"`
	BitsPerSample float64   `json:"bits_per_sample"` // per value (row × coordinate)
	RatioToFloor  float64   `json:"ratio_to_floor"`
	EncodeSeconds float64   `json:"encode_seconds"`
	DecodeSeconds float64   `json:"decode_seconds"`
	RoundTrip     bool      `json:"round_trip"`
	Cumulative    []float64 `json:"-"` // surprise in bits after each row
	Note          string    `json:"note,omitempty"`
	Law           *LawFit   `json:"law,omitempty"`
	Data          []byte    `json:"-"` // the coded bytes
}

// runModel encodes the world's observations with a fresh model, decodes them with another and
// compares.
func runModel(rung string, w *samples.World, lc LawConfig) (*RungResult, error) {
	enc, err := newModel(rung, w, lc)
	if err != nil {
		return nil, err
	}
	r := &RungResult{Rung: rung}
	start := time.Now()
	bc := codec.NewBitEncoder(nil)
	r.Cumulative = make([]float64, len(w.Obs))
	for t := range w.Obs {
		enc.codeRow(bc, w.Obs, t)
		r.Cumulative[t] = float64(bc.Cost) / codec.CostUnit
	}
	data := bytes.Clone(bc.Finish())
	r.EncodeSeconds = time.Since(start).Seconds()
	r.Bytes, r.Data = len(data), data
	r.Bits = float64(8 * len(data))
	start = time.Now()
	dec, _ := newModel(rung, w, lc)
	bd := codec.NewBitDecoder(data)
	out := make([][]int32, len(w.Obs))
	r.RoundTrip = true
	for t := range out {
		out[t] = make([]int32, len(w.Dims))
		dec.codeRow(bd, out, t)
		for d := range out[t] {
			if out[t][d] != w.Obs[t][d] {
				r.RoundTrip = false
			}
		}
	}
	r.DecodeSeconds = time.Since(start).Seconds()
	if !r.RoundTrip || bd.Overrun() {
		return r, fmt.Errorf("%s: the decoded values differ from the original", rung)
	}
	if lm, ok := enc.(*lawModel); ok {
		r.Law = lm.fit()
	}
	return r, nil
}
