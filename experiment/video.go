package experiment

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/report"
	"github.com/vidlm/vidlm/samples"
	"github.com/vidlm/vidlm/vision"
)

// Tracker recovers the body's centre (x, y in pixels, x right, y down, the top-left pixel's
// centre at (0.5, 0.5)) in each frame.
type Tracker func(frames []*vision.Frame) ([][2]float64, error)

// VideoResult is what the video measured.
type VideoResult struct {
	Frames       int     `json:"frames"`
	Size         int     `json:"size"`
	Pixels       int     `json:"pixels"`
	FloorBits    float64 `json:"floor_bits"`
	FloorPerPix  float64 `json:"floor_bits_per_pixel"`
	Y4MBytes     int     `json:"y4m_bytes"`
	VidlmBytes   int     `json:"vidlm_bytes,omitempty"`
	VidlmPerPix  float64 `json:"vidlm_bits_per_pixel,omitempty"`
	VidlmRatio   float64 `json:"vidlm_ratio_to_floor,omitempty"`
	VidlmSeconds float64 `json:"vidlm_encode_seconds,omitempty"`
	VidlmDecode  float64 `json:"vidlm_decode_seconds,omitempty"`
	RoundTrip    bool    `json:"vidlm_round_trip"`
	// The background rung: each pixel predicted by its running mean over the past frames (a
	// measure of what a static-background model would gain over vidlm's video model).
	BackgroundBytes  int     `json:"background_bytes"`
	BackgroundPerPix float64 `json:"background_bits_per_pixel"`
	BackgroundRatio  float64 `json:"background_ratio_to_floor"`
	BackgroundOK     bool    `json:"background_round_trip"`
	// The track recovered from the frames (GoCV), in the sensor's coordinates (LSB), and
	// its RMS error against the true centre of the disc, in pixels.
	Recovered [][2]float64 `json:"recovered,omitempty"`
	TrackRMS  float64      `json:"track_rms_pixels,omitempty"`
	Tracker   string       `json:"tracker,omitempty"`

	y4m []byte
}

func (v *VideoResult) files() []string { return []string{"video.y4m"} }

func (v *VideoResult) table() [][]string {
	rows := [][]string{{"video", "bits", "bits/pixel", "ratio to floor", "encode s", "decode s", "round trip"},
		{"floor (exact)", thousands(v.FloorBits), f4(v.FloorPerPix), "1.0000", "", "", ""},
		{"raw 8-bit", thousands(float64(8 * v.Pixels)), "8.0000", f4(float64(8*v.Pixels) / v.FloorBits), "", "", ""}}
	if v.VidlmBytes > 0 {
		rt := "ok"
		if !v.RoundTrip {
			rt = "FAILED"
		}
		rows = append(rows, []string{"vidlm (default video model)", thousands(float64(8 * v.VidlmBytes)), f4(v.VidlmPerPix), f4(v.VidlmRatio), f2(v.VidlmSeconds), f2(v.VidlmDecode), rt})
	}
	if v.BackgroundBytes > 0 {
		rt := "ok"
		if !v.BackgroundOK {
			rt = "FAILED"
		}
		rows = append(rows, []string{"background (each pixel's mean over the past frames)", thousands(float64(8 * v.BackgroundBytes)), f4(v.BackgroundPerPix), f4(v.BackgroundRatio), "", "", rt})
	}
	return rows
}

func writeVideoMarkdown(w io.Writer, r *Result) {
	v := r.Video
	fmt.Fprintf(w, "## Video\n\n%d frames of %dx%d gray (one every %d samples), disc of radius %g px, pixel noise σ = %g gray levels.\n\n",
		v.Frames, v.Size, v.Size, r.Config.Video.Every, r.Config.Video.Radius, r.Config.Video.Noise)
	mdTable(w, v.table())
	if v.Tracker != "" {
		fmt.Fprintf(w, "Track recovered from the frames by %s: RMS error %.3f px against the true centre.\n\n", v.Tracker, v.TrackRMS)
	}
}

func writeVideoFiles(d *report.Dir, r *Result) error {
	return d.WriteFile("video.y4m", func(w io.Writer) error {
		_, err := w.Write(r.Video.y4m)
		return err
	})
}

// videoFloor is the entropy of the noisy frames given the clean ones.
func videoFloor(v *samples.Video) float64 {
	memo := map[uint16]float64{}
	sigma := float64(v.Sigma) / 65536
	var total float64
	for _, clean := range v.Clean {
		for _, c := range clean {
			h, ok := memo[c]
			if !ok {
				s := float64(c) / 16
				cdf := func(k int) float64 {
					if k < 0 {
						return 0
					}
					if k >= 255 {
						return 1
					}
					x := (float64(k) + 0.5 - s) / sigma
					return float64(samples.GaussCDF(int64(math.Round(x*65536)))) / samples.GaussOne
				}
				prev := 0.0
				for k := 0; k <= 255; k++ {
					cur := cdf(k)
					if p := cur - prev; p > 0 {
						h -= p * math.Log2(p)
					}
					prev = cur
				}
				memo[c] = h
			}
			total += h
		}
	}
	return total
}

func runVideo(w *samples.World, c *Config, o Options) (*VideoResult, error) {
	vid, err := samples.RenderVideo(w, samples.VideoSpec{Frames: c.Video.Frames, Every: c.Video.Every, Size: c.Video.Size,
		Radius: c.Video.Radius, Noise: c.Video.Noise, Seed: c.Seed})
	if err != nil {
		return nil, &ConfigError{File: c.File, Key: "video", Reason: err.Error()}
	}
	res := &VideoResult{Frames: len(vid.Frames), Size: c.Video.Size, Pixels: len(vid.Frames) * c.Video.Size * c.Video.Size}
	res.FloorBits = videoFloor(vid)
	res.FloorPerPix = res.FloorBits / float64(res.Pixels)
	rate := vision.Rational{Num: int(math.Round(1 / (w.Params["dt"] * float64(c.Video.Every)))), Den: 1}
	rate.Num = max(rate.Num, 1)
	header, err := vision.Y4MHeaderLine(vid.Layout, rate)
	if err != nil {
		return nil, err
	}
	var y4m bytes.Buffer
	yw := vision.NewY4MWriter(&y4m, header)
	for _, f := range vid.Frames {
		if err := yw.WriteFrame(f); err != nil {
			return nil, err
		}
	}
	if err := yw.Close(); err != nil {
		return nil, err
	}
	res.y4m = y4m.Bytes()
	res.Y4MBytes = y4m.Len()
	data := backgroundCode(vid, nil)
	res.BackgroundBytes = len(data)
	res.BackgroundPerPix = float64(8*len(data)) / float64(res.Pixels)
	res.BackgroundRatio = float64(8*len(data)) / res.FloorBits
	res.BackgroundOK = backgroundCode(vid, data) != nil
	if !res.BackgroundOK {
		return nil, fmt.Errorf("background rung: the decoded frames differ from the original")
	}
	if o.Video != nil {
		if err := vidlmVideo(res, vid, *o.Video, header, rate, o.Threads); err != nil {
			return nil, err
		}
	}
	if o.Tracker != nil {
		got, err := o.Tracker(vid.Frames)
		if err != nil {
			return nil, fmt.Errorf("tracker: %w", err)
		}
		res.Tracker = "GoCV (threshold, moments)"
		var se float64
		for i, g := range got {
			dx, dy := g[0]-vid.Centers[i][0], g[1]-vid.Centers[i][1]
			se += dx*dx + dy*dy
			res.Recovered = append(res.Recovered, toSensor(w, g, c.Video.Size))
		}
		res.TrackRMS = math.Sqrt(se / float64(len(got)))
	}
	return res, nil
}

// toSensor maps a position in the frame back to the sensor's coordinates (LSB): the inverse of
// World.PixelOf (for the pendulum, the angle of the bob in the first coordinate).
func toSensor(w *samples.World, p [2]float64, size int) [2]float64 {
	if len(w.Dims) == 1 {
		c := float64(size) / 2
		theta := math.Atan2(p[0]-c, p[1]-c)
		return [2]float64{w.Origin + theta/w.Params["adc_step"], 0}
	}
	scale := float64(size) / float64(w.Max+1)
	return [2]float64{p[0] / scale, float64(w.Max) - p[1]/scale}
}

func vidlmVideo(res *VideoResult, vid *samples.Video, p codec.VideoParams, header string, rate vision.Rational, threads int) error {
	p.Layout, p.FrameRate, p.Source, p.Y4MHeader = vid.Layout, rate, codec.SourceY4M, header
	var vlm bytes.Buffer
	start := time.Now()
	e, err := codec.NewVideoEncoder(&vlm, p, codec.WithThreads(max(threads, 1)), codec.WithFileID(experimentFileID))
	if err != nil {
		return err
	}
	for _, f := range vid.Frames {
		if err := e.WriteFrame(f); err != nil {
			return err
		}
	}
	if err := e.Close(); err != nil {
		return err
	}
	res.VidlmSeconds = time.Since(start).Seconds()
	res.VidlmBytes = vlm.Len()
	res.VidlmPerPix = float64(8*vlm.Len()) / float64(res.Pixels)
	res.VidlmRatio = float64(8*vlm.Len()) / res.FloorBits
	start = time.Now()
	d, err := codec.NewDecoder(bytes.NewReader(vlm.Bytes()), codec.WithThreads(max(threads, 1)))
	if err != nil {
		return err
	}
	res.RoundTrip = true
	for i, want := range vid.Frames {
		f, err := d.ReadFrame()
		if err != nil {
			return fmt.Errorf("vidlm video: frame %d: %w", i, err)
		}
		for k := range want.Planes[0] {
			if f.Planes[0][k] != want.Planes[0][k] {
				res.RoundTrip = false
			}
		}
	}
	if _, err := d.ReadFrame(); err != io.EOF {
		return fmt.Errorf("vidlm video: more frames than coded (%v)", err)
	}
	res.VidlmDecode = time.Since(start).Seconds()
	if !res.RoundTrip {
		return fmt.Errorf("vidlm video: the decoded frames differ from the original")
	}
	return nil
}

// backgroundCode codes the frames (data == nil: encodes and returns the bytes) or decodes data
// and compares with the frames (returns non-nil when they agree). Each pixel is predicted by
// its running mean over the past frames, values more than 8 σ off (the body passing) left out
// of the mean; the first frame by the pixel to the left. σ is learned from the residuals of the
// frames before. Integer arithmetic throughout.
func backgroundCode(vid *samples.Video, data []byte) []byte {
	l := vid.Layout
	n := l.Width * l.Height
	sum, cnt := make([]int64, n), make([]int64, n)
	var bc *codec.BitCoder
	if data == nil {
		bc = codec.NewBitEncoder(nil)
	} else {
		bc = codec.NewBitDecoder(data)
	}
	var r2, nr int64 = 16 << 16, 1 // Σ residual² (Q16) and count: a prior of σ = 4
	for _, f := range vid.Frames {
		v2 := r2 / nr // σ² in Q16
		var fr2, fn int64
		for k := range n {
			var g gaussDist
			g.max = 255
			if cnt[k] == 0 {
				left := int64(128)
				if k%l.Width > 0 {
					left = int64(f.Planes[0][k-1])
				}
				g.mu, g.s = left<<16, 16<<16
			} else {
				g.mu = (sum[k] << 16) / cnt[k]
				g.s = isqrt((v2 + v2/cnt[k]) << 16) // Q16
			}
			y := int32(f.Planes[0][k])
			got := g.code(bc, y)
			if data != nil {
				if got != y {
					return nil
				}
			}
			d := int64(got)<<16 - g.mu
			if cnt[k] == 0 {
				sum[k], cnt[k] = int64(got), 1
				continue
			}
			if d*d>>16 > 64*v2 { // the body, not the background
				continue
			}
			sum[k] += int64(got)
			cnt[k]++
			fr2 += d * d >> 16
			fn++
		}
		r2, nr = r2+fr2, nr+fn
	}
	if data == nil {
		return bytes.Clone(bc.Finish())
	}
	if bc.Overrun() {
		return nil
	}
	return data
}

// isqrt returns ⌊√x⌋.
func isqrt(x int64) int64 {
	if x <= 0 {
		return 0
	}
	r := int64(math.Sqrt(float64(x))) // a start; corrected exactly below
	for r*r > x {
		r--
	}
	for (r+1)*(r+1) <= x {
		r++
	}
	return r
}
