package report

import (
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/vision"
)

// The files of a report.
const (
	MetricsFile = "metrics.json"
	FramesFile  = "frames.csv"
	CurveFile   = "learning_curve.png"
)

// HeatmapFile names the heatmap figure of frame i.
func HeatmapFile(i int) string { return fmt.Sprintf("heatmap_%05d.png", i) }

// VideoOpener opens the heatmap video at path for 8-bit BGR pictures of layout l at the given
// frame rate (cv.NewVideoWriter is one).
type VideoOpener func(path string, l vision.Layout, rate vision.Rational) (vision.FrameSink, error)

// VideoOptions says what a video report holds.
type VideoOptions struct {
	Input string // the .vlm (or the encoded input), as metrics.json names it
	// Frames lists the frames to draw heatmaps of; Every draws frames 0, Every, 2·Every...
	// With neither, the report picks the first frame, the second (the first predicted from
	// the past), the frame whose cost jumped most above the mean of the 10 frames before it,
	// and the last.
	Frames []int
	Every  int
	// Scale is the top of the heatmaps' colour scale in bits per pixel (higher values show
	// as the top colour); 0 picks two thirds of the raw size (8 for 8-bit 4:2:0, 16 for BGR).
	Scale float64
	// OpenVideo, when set, writes the heatmap of every frame beside the frame as a video
	// named VideoName in the report.
	OpenVideo VideoOpener
	VideoName string
}

// frameRecord is what the report keeps of every frame.
type frameRecord struct {
	frame        int
	segmentStart bool
	bytes, coded int
	planeCost    []uint64
	motionCost   uint64
}

func (r *frameRecord) cost() uint64 {
	c := r.motionCost
	for _, v := range r.planeCost {
		c += v
	}
	return c
}

// snapshot is a frame kept to be drawn at the end: copies of its samples and their costs
// (cheaper to copy than the map and picture drawn from them).
type snapshot struct {
	rec    frameRecord
	frame  *vision.Frame
	costs  [][]uint32
	reason string
	valid  bool
}

// spikeWindow is how many frames before a frame its cost is compared with.
const spikeWindow = 10

// Video builds the report of a video stream, frame by frame: AddFrame for every frame coded
// or decoded, then Finish.
type Video struct {
	dir    *Dir
	p      codec.VideoParams
	o      VideoOptions
	names  []string
	sizes  []vision.PlaneSize
	shift  [][2]uint
	pixels int
	heat   *heatmapper

	records  []frameRecord
	want     map[int]bool
	heatmaps []HeatmapEntry

	// Scratch buffers for the frame being drawn.
	pic    *image.RGBA
	heatV  []float32
	video  vision.FrameSink
	videoF *vision.Frame // frame and heatmap side by side
	row    []byte

	// With the default choice of frames: the last frame, and the one whose cost jumped most.
	last, spike, spare *snapshot
	spikeRatio         float64
	recent             []uint64 // costs of the last frames of the current segment
	err                error
}

// HeatmapEntry lists a heatmap figure in metrics.json.
type HeatmapEntry struct {
	Frame        int     `json:"frame"`
	File         string  `json:"file"`
	Reason       string  `json:"reason"`
	BitsPerPixel float64 `json:"surprise_bits_per_pixel"`
}

// NewVideo starts the report of a video stream with parameters p into dir.
func NewVideo(dir *Dir, p *codec.VideoParams, o VideoOptions) (*Video, error) {
	if o.Every < 0 {
		return nil, errors.New("report: --every must be positive")
	}
	for _, f := range o.Frames {
		if f < 0 {
			return nil, fmt.Errorf("report: frame %d: frames count from 0", f)
		}
	}
	v := &Video{dir: dir, p: *p, o: o, names: PlaneNames(p), sizes: p.Layout.Planes()}
	l := p.Layout
	v.pixels = l.Width * l.Height
	for _, s := range v.sizes {
		v.shift = append(v.shift, vision.Subsampling(s, vision.PlaneSize{Width: l.Width, Height: l.Height}))
	}
	if o.Scale <= 0 {
		v.o.Scale = float64(l.Depth*l.Samples()) / float64(v.pixels) * 2 / 3
	}
	v.heat = newHeatmapper(v.o.Scale)
	if len(o.Frames) > 0 {
		v.want = make(map[int]bool, len(o.Frames))
		for _, f := range o.Frames {
			v.want[f] = true
		}
	}
	v.pic = image.NewRGBA(image.Rect(0, 0, l.Width, l.Height))
	v.heatV = make([]float32, v.pixels)
	if o.OpenVideo != nil {
		if v.o.VideoName == "" {
			return nil, errors.New("report: a heatmap video needs a file name")
		}
		rate := p.FrameRate
		if rate.Float() <= 0 || rate.Float() > 1000 {
			rate = vision.Rational{Num: 25, Den: 1}
		}
		vl := vision.Layout{Width: 2 * l.Width, Height: l.Height, Format: vision.FormatBGR, Depth: 8}
		w, err := o.OpenVideo(dir.Path(v.o.VideoName), vl, rate)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", v.videoPath(), err)
		}
		v.video = w
		v.videoF = vision.NewFrame(vl)
		v.row = make([]byte, 4*l.Width)
	}
	if v.defaultFrames() {
		v.last, v.spike, v.spare = v.newSnapshot(), v.newSnapshot(), v.newSnapshot()
	}
	return v, nil
}

func (v *Video) defaultFrames() bool { return len(v.o.Frames) == 0 && v.o.Every == 0 }

func (v *Video) newSnapshot() *snapshot {
	s := &snapshot{frame: vision.NewFrame(v.p.Layout)}
	for _, ps := range v.sizes {
		s.costs = append(s.costs, make([]uint32, ps.Width*ps.Height))
	}
	return s
}

// keep copies the frame being added into snapshot s.
func (v *Video) keep(s *snapshot, r *frameRecord, st *codec.FrameStats, f *vision.Frame, reason string) {
	s.rec, s.reason, s.valid = *r, reason, true
	for p := range s.costs {
		copy(s.costs[p], st.PixelCost[p])
		copy(s.frame.Planes[p], f.Planes[p])
	}
}

// AddFrame takes the statistics of the next frame (which must have been coded with
// codec.WithPixelCosts when heatmaps are drawn) and the frame itself. Neither is kept.
func (v *Video) AddFrame(s *codec.FrameStats, f *vision.Frame) error {
	if v.err != nil {
		return v.err
	}
	v.err = v.addFrame(s, f)
	return v.err
}

func (v *Video) addFrame(s *codec.FrameStats, f *vision.Frame) error {
	i := len(v.records)
	if s.Frame != i {
		return fmt.Errorf("report: frame %d given where frame %d belongs", s.Frame, i)
	}
	if len(s.PlaneCost) != len(v.sizes) {
		return fmt.Errorf("report: frame %d has %d planes, the stream %d", i, len(s.PlaneCost), len(v.sizes))
	}
	n := v.p.SegmentFrames
	rec := frameRecord{frame: i, segmentStart: i == 0 || n > 0 && i%n == 0, bytes: s.Bytes, coded: s.CoderBytes,
		planeCost: slices.Clone(s.PlaneCost), motionCost: s.MotionCost}
	v.records = append(v.records, rec)

	draw, reason := v.want[i], "asked for"
	if v.o.Every > 0 && i%v.o.Every == 0 {
		draw, reason = true, fmt.Sprintf("every %d frames", v.o.Every)
	}
	var spikeRatio float64
	if v.defaultFrames() {
		switch i {
		case 0:
			draw, reason = true, "first frame"
		case 1:
			draw, reason = true, "second frame: the first predicted from the past"
		}
		spikeRatio = v.spikeOf(&rec)
	}
	keepSpike := spikeRatio > v.spikeRatio && !draw
	if !draw && v.video == nil && v.last == nil {
		return nil
	}
	if s.PixelCost == nil {
		return errors.New("report: heatmaps need per-pixel costs (codec.WithPixelCosts)")
	}
	if len(f.Planes) != len(v.sizes) || len(s.PixelCost) != len(v.sizes) {
		return fmt.Errorf("report: frame %d does not have the stream's planes", i)
	}
	for p, ps := range v.sizes {
		if n := ps.Width * ps.Height; len(f.Planes[p]) != n || len(s.PixelCost[p]) != n {
			return fmt.Errorf("report: frame %d plane %d has the wrong size", i, p)
		}
	}
	if draw {
		if err := v.drawHeatmap(&rec, s.PixelCost, f, reason); err != nil {
			return err
		}
	}
	if v.video != nil {
		if err := v.writeVideoFrame(s.PixelCost, f); err != nil {
			return fmt.Errorf("%s: frame %d: %w", v.videoPath(), i, err)
		}
	}
	if keepSpike {
		v.spikeRatio = spikeRatio
		v.keep(v.spike, &rec, s, f, fmt.Sprintf("largest jump: %.2f× the mean of the %d frames before", spikeRatio, spikeWindow))
	}
	if v.last != nil {
		v.keep(v.spare, &rec, s, f, "last frame")
		v.spare.valid = !draw
		v.last, v.spare = v.spare, v.last
	}
	return nil
}

// spikeOf returns how far the frame's cost rose above the mean of the spikeWindow frames
// before it in its segment (0 when there are not that many yet), and remembers its cost.
func (v *Video) spikeOf(r *frameRecord) float64 {
	if r.segmentStart {
		v.recent = v.recent[:0] // a fresh model learns again: compare within the segment only
	}
	c := r.cost()
	var ratio float64
	if len(v.recent) == spikeWindow {
		var sum uint64
		for _, x := range v.recent {
			sum += x
		}
		if sum > 0 {
			ratio = float64(c) * spikeWindow / float64(sum)
		}
		v.recent = v.recent[1:]
	}
	v.recent = append(v.recent, c)
	return ratio
}

// mapFrame draws the frame's picture and heat map into the scratch buffers.
func (v *Video) mapFrame(costs [][]uint32, f *vision.Frame) {
	v.heat.accumulate(v.heatV, costs, v.sizes, v.shift, v.p.Layout.Width, v.p.Layout.Height)
	picture(v.pic, f)
}

func (v *Video) drawHeatmap(r *frameRecord, costs [][]uint32, f *vision.Frame, reason string) error {
	v.mapFrame(costs, f)
	pic, heat := v.pic, v.heatV
	name := HeatmapFile(r.frame)
	bpp := bits(r.cost()) / float64(v.pixels)
	title := fmt.Sprintf("frame %d: %.3f bits/pixel (%s)", r.frame, bpp, v.breakdown(r))
	if err := v.dir.WriteFile(name, func(w io.Writer) error {
		return v.heat.figure(w, pic, heat, title, reason, v.frameCaption())
	}); err != nil {
		return err
	}
	v.heatmaps = append(v.heatmaps, HeatmapEntry{Frame: r.frame, File: name, Reason: reason, BitsPerPixel: bpp})
	return nil
}

// breakdown lists a frame's bits per pixel by plane and motion.
func (v *Video) breakdown(r *frameRecord) string {
	s := ""
	for p, c := range r.planeCost {
		s += fmt.Sprintf("%s %.3f, ", v.names[p], bits(c)/float64(v.pixels))
	}
	return s + fmt.Sprintf("motion %.3f", bits(r.motionCost)/float64(v.pixels))
}

func (v *Video) frameCaption() string {
	switch v.p.Layout.Format {
	case vision.FormatBGR:
		return "decoded frame"
	case vision.FormatGray:
		return "decoded frame"
	}
	return "decoded frame (luma)"
}

func (v *Video) writeVideoFrame(costs [][]uint32, f *vision.Frame) error {
	v.mapFrame(costs, f)
	w, vw := v.p.Layout.Width, v.videoF.Width
	b, g, r := v.videoF.Planes[0], v.videoF.Planes[1], v.videoF.Planes[2]
	for y := 0; y < v.p.Layout.Height; y++ {
		pic := v.pic.Pix[y*v.pic.Stride:]
		v.heat.colourRow(v.row, v.heatV[y*w:(y+1)*w])
		o := y * vw
		for x := 0; x < w; x++ {
			r[o+x], g[o+x], b[o+x] = uint16(pic[4*x]), uint16(pic[4*x+1]), uint16(pic[4*x+2])
			r[o+w+x], g[o+w+x], b[o+w+x] = uint16(v.row[4*x]), uint16(v.row[4*x+1]), uint16(v.row[4*x+2])
		}
	}
	return v.video.WriteFrame(v.videoF)
}

// videoPath names the heatmap video in errors: where it will be once the report is committed
// (not the temporary directory it is written in).
func (v *Video) videoPath() string { return filepath.Join(v.dir.Final(), v.o.VideoName) }

// Abort stops the report and removes what it wrote.
func (v *Video) Abort() {
	if v.video != nil {
		v.video.Close()
		v.video = nil
	}
	v.dir.Abort()
}

// Finish draws what is left (the learning curve, the heatmaps kept for the end) and writes
// metrics.json and frames.csv; the caller then commits the directory (Dir.Commit). fileBytes
// is the size of the .vlm (0 if unknown); stored the totals its trailer holds (nil if none),
// which are compared with what the report measured. On error the directory is removed.
func (v *Video) Finish(fileBytes int64, stored *codec.SurpriseTotals) (*VideoMetrics, error) {
	m, err := v.finish(fileBytes, stored)
	if err != nil {
		v.Abort()
		return nil, err
	}
	return m, nil
}

func (v *Video) finish(fileBytes int64, stored *codec.SurpriseTotals) (*VideoMetrics, error) {
	if v.err != nil {
		return nil, v.err
	}
	if v.video != nil {
		err := v.video.Close()
		v.video = nil
		if err != nil {
			return nil, fmt.Errorf("%s: %w", v.videoPath(), err)
		}
	}
	if v.spike != nil && v.spike.valid && (!v.last.valid || v.spike.rec.frame != v.last.rec.frame) {
		if err := v.drawHeatmap(&v.spike.rec, v.spike.costs, v.spike.frame, v.spike.reason); err != nil {
			return nil, err
		}
	}
	if v.last != nil && v.last.valid {
		if err := v.drawHeatmap(&v.last.rec, v.last.costs, v.last.frame, v.last.reason); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(v.heatmaps, func(a, b HeatmapEntry) int { return a.Frame - b.Frame })
	m := v.metrics(fileBytes, stored)
	if err := v.dir.WriteFile(CurveFile, func(w io.Writer) error { return v.learningCurve(w) }); err != nil {
		return nil, err
	}
	if err := v.dir.WriteFile(MetricsFile, func(w io.Writer) error { return writeJSON(w, m) }); err != nil {
		return nil, err
	}
	if err := v.dir.WriteFile(FramesFile, func(w io.Writer) error { return v.writeCSV(w, m) }); err != nil {
		return nil, err
	}
	// The page links the heatmap video when it was written into the directory.
	_, statErr := os.Stat(v.dir.Path(m.HeatmapVideo))
	haveVideo := m.HeatmapVideo != "" && statErr == nil
	if err := v.dir.WriteFile(PageFile, func(w io.Writer) error { return writeVideoPage(w, m, haveVideo) }); err != nil {
		return nil, err
	}
	return m, nil
}
