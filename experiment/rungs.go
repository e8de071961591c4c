package experiment

import (
	"bytes"
	"fmt"
	"math"
	"time"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/predict"
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
		degree := map[string]int{"hold": 0, "linear": 1, "quadratic": 2}[rung]
		return newPolyModel(degree, nd, int64(w.Max)), nil
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

// polyModel is the rung of a polynomial motion of a fixed degree (0: hold, the body at rest;
// 1: linear, constant velocity; 2: quadratic, constant acceleration) whose coefficients are
// fitted, by least squares, to a window of the past samples and extrapolated one sample ahead.
// Taking the velocity from the last two samples only (the textbook 2y(t−1) − y(t−2)) is the
// same model fitted to a window of two: its prediction carries five times the noise's variance,
// so on a noisy log it loses to hold. A longer window averages the noise away but lags where
// the motion departs from the polynomial, so each coordinate uses, for each sample, the window
// (of a fixed set, the shortest being the textbook one) whose predictions have had the smallest
// recent squared error: decided from the past, so the decoder makes the same choice and the
// choice costs no bits. The residual is coded under an adaptive binarisation.
type polyModel struct {
	degree int
	max    int64
	wins   []polyWindow
	res    []*residualCoder
	score  [][]int64 // [d][window]: recent squared error, decaying by 1/32 per sample
}

// polyWindow is one window's extrapolation: the prediction is Σ c[i]·y(t−len(c)+i), c in Q16.
type polyWindow struct {
	c []int64
}

// polyWindows are the window lengths tried for each degree (the shortest: the textbook rung).
var polyWindows = [3][]int{{1, 2, 4, 8, 16}, {2, 4, 8, 16, 32, 64}, {3, 6, 12, 24, 48, 96}}

func newPolyModel(degree, dims int, max int64) *polyModel {
	m := &polyModel{degree: degree, max: max}
	for _, n := range polyWindows[degree] {
		m.wins = append(m.wins, polyWindow{c: polyExtrapolation(degree, n)})
	}
	for range dims {
		m.res = append(m.res, newResidualCoder())
		m.score = append(m.score, make([]int64, len(m.wins)))
	}
	return m
}

// polyExtrapolation returns the Q16 weights of the least-squares polynomial of the degree
// through n samples, extrapolated one sample (predict.PolyExtrapolation, shared with the
// sensor model's law stage).
func polyExtrapolation(degree, n int) []int64 { return predict.PolyExtrapolation(degree, n) }

func (m *polyModel) predict(rows [][]int32, t, d, w int) int64 {
	c := m.wins[w].c
	n := len(c)
	if n > t {
		return -1
	}
	var s int64
	for i, ci := range c {
		s += ci * int64(rows[t-n+i][d])
	}
	return min(max((s+1<<15)>>16, 0), m.max)
}

func (m *polyModel) codeRow(bc *codec.BitCoder, rows [][]int32, t int) {
	for d, rc := range m.res {
		var p int64
		if t == 0 {
			p = (m.max + 1) / 2
		} else {
			// the window with the smallest recent error among those the past is long enough for
			best := -1
			for w := range m.wins {
				if len(m.wins[w].c) > t {
					continue
				}
				if best < 0 || m.score[d][w] < m.score[d][best] {
					best = w
				}
			}
			if best < 0 { // fewer samples than the shortest window: hold
				p = int64(rows[t-1][d])
			} else {
				p = m.predict(rows, t, d, best)
			}
		}
		v := rc.code(bc, int64(rows[t][d])-p)
		rows[t][d] = int32(p + v)
		for w := range m.wins {
			if q := m.predict(rows, t, d, w); q >= 0 {
				e := min(max(int64(rows[t][d])-q, -1<<20), 1<<20)
				m.score[d][w] += e*e<<4 - m.score[d][w]>>5
			} else {
				m.score[d][w] = math.MaxInt64 >> 8 // not yet usable
			}
		}
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
