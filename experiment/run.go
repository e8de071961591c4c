package experiment

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/samples"
)

// Options are the parts of a run that are not in the config.
type Options struct {
	// Video is vidlm's video model (the default preset) for the vidlm rung of the video; nil
	// leaves the video's vidlm rung out.
	Video *codec.VideoParams
	// Tracker recovers the body's track from the frames (GoCV threshold and moments in the
	// vidlm command); nil leaves the recovered track out.
	Tracker Tracker
	Threads int
	Log     func(format string, a ...any)
}

// Result is what one experiment measured.
type Result struct {
	Name        string        `json:"name"`
	World       string        `json:"world"`
	Doc         string        `json:"doc"`
	Dims        []string      `json:"dims"`
	Samples     int           `json:"samples"`
	Values      int           `json:"values"` // samples × coordinates
	DataSHA256  string        `json:"data_sha256"`
	CSVBytes    int           `json:"csv_bytes"`
	FloorBits   float64       `json:"floor_bits"`
	FloorPerVal float64       `json:"floor_bits_per_value"`
	OracleBits  float64       `json:"oracle_bits"`
	Rungs       []*RungResult `json:"rungs"`
	Video       *VideoResult  `json:"video,omitempty"`
	Seconds     float64       `json:"seconds"`
	Config      *Config       `json:"config"`
	// SecondHalf is each rung's ratio to the floor over the second half of the samples only
	// (after learning).
	SecondHalf map[string]float64 `json:"ratio_second_half"`

	floor []float64 // per sample
	world *samples.World
}

// Run generates the config's world and codes it with every rung of its ladder.
func Run(c *Config, o Options) (*Result, error) {
	logf := o.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	start := time.Now()
	w, err := samples.Generate(c.WorldSpec())
	if err != nil {
		return nil, &ConfigError{File: c.File, Reason: err.Error()}
	}
	res := &Result{Name: c.Name, World: c.World, Doc: samples.WorldDoc(c.World), Dims: w.Dims, Samples: c.Samples,
		Values: c.Samples * len(w.Dims), DataSHA256: w.Hash(), Config: c, world: w, SecondHalf: map[string]float64{}}
	csv := w.CSV()
	res.CSVBytes = len(csv)
	res.floor = Floor(w)
	for _, h := range res.floor {
		res.FloorBits += h
	}
	res.FloorPerVal = res.FloorBits / float64(res.Values)
	or, err := runModel("oracle", w, c.Law)
	if err != nil {
		return nil, err
	}
	res.OracleBits = or.Bits
	half := c.Samples / 2
	var floorHalf float64
	for _, h := range res.floor[half:] {
		floorHalf += h
	}
	for _, rung := range c.Rungs {
		logf("%s: %s", c.Name, rung)
		var r *RungResult
		if rung == "vidlm" {
			r, err = runVidlmSensor(csv, len(w.Dims), c.Samples, o.Threads)
		} else {
			r, err = runModel(rung, w, c.Law)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
		r.BitsPerSample = r.Bits / float64(res.Values)
		r.RatioToFloor = r.Bits / res.FloorBits
		if half > 0 && len(r.Cumulative) == c.Samples {
			res.SecondHalf[rung] = (r.Cumulative[c.Samples-1] - r.Cumulative[half-1]) / floorHalf
		}
		res.Rungs = append(res.Rungs, r)
	}
	if c.Video.Frames > 0 {
		logf("%s: video", c.Name)
		v, err := runVideo(w, c, o)
		if err != nil {
			return nil, fmt.Errorf("%s: video: %w", c.Name, err)
		}
		res.Video = v
	}
	res.Seconds = time.Since(start).Seconds()
	return res, nil
}

// experimentFileID is the file identifier of the .vlm files the vidlm rungs write: fixed, so
// that a run gives the same bytes every time (an encoder would draw one at random).
const experimentFileID = 0x6578_7065_7269_6d74 // "experimt"

// runVidlmSensor codes the world's CSV with vidlm's sensor model, unchanged, through the
// codec's container, decodes it and compares. Its bits are the whole .vlm file: the header
// row, the t column and the container are included (they cost little beside the values).
func runVidlmSensor(csv []byte, dims, rows, threads int) (*RungResult, error) {
	r := &RungResult{Rung: "vidlm", Note: "whole .vlm file (container, header row and t column included)"}
	var vlm bytes.Buffer
	start := time.Now()
	e, err := codec.NewSensorEncoder(&vlm, codec.WithThreads(max(threads, 1)), codec.WithFileID(experimentFileID))
	if err != nil {
		return nil, err
	}
	if _, err := e.Write(csv); err != nil {
		return nil, err
	}
	if err := e.Close(); err != nil {
		return nil, err
	}
	r.EncodeSeconds = time.Since(start).Seconds()
	r.Bytes, r.Data = vlm.Len(), vlm.Bytes()
	r.Bits = float64(8 * vlm.Len())
	start = time.Now()
	d, err := codec.NewDecoder(bytes.NewReader(vlm.Bytes()))
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(d)
	if err != nil {
		return nil, err
	}
	r.DecodeSeconds = time.Since(start).Seconds()
	r.RoundTrip = bytes.Equal(out, csv)
	if !r.RoundTrip {
		return r, fmt.Errorf("vidlm: the decoded log differs from the original")
	}
	// The learning curve from the per-window costs (every 256 rows), spread evenly over the
	// rows of each window, scaled to the file's size.
	var total float64
	var win []float64
	for _, b := range e.Stats() {
		for _, wd := range b.Windows {
			c := float64(wd.Structure)
			for _, x := range wd.Columns {
				c += float64(x)
			}
			c /= codec.CostUnit
			for range wd.Rows {
				win = append(win, c/float64(wd.Rows))
			}
			total += c
		}
	}
	if len(win) == rows && total > 0 {
		r.Cumulative = make([]float64, rows)
		var s float64
		for i, x := range win {
			s += x * r.Bits / total
			r.Cumulative[i] = s
		}
	}
	return r, nil
}
