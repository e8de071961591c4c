package report

import (
	"image/color"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// series is one line of a curve plot.
type series struct {
	name   string
	x, y   []float64
	colour color.Color
	width  vg.Length
	dashes []vg.Length
	plain  bool // a line without point markers
	zeros  bool // draw values ≤ 0 too (on a linear axis)
}

// Line colours: the planes (or columns) first, then the total and its mean in black.
var palette8 = []color.RGBA{
	{0x1f, 0x77, 0xb4, 255}, {0x2c, 0xa0, 0x2c, 255}, {0xd6, 0x27, 0x28, 255}, {0x94, 0x67, 0xbd, 255},
	{0xff, 0x7f, 0x0e, 255}, {0x8c, 0x56, 0x4b, 255}, {0xe3, 0x77, 0xc2, 255}, {0x17, 0xbe, 0xcf, 255},
}

func lineColour(i int) color.Color { return palette8[i%len(palette8)] }

// runningMean returns the mean of y[0..i] for every i.
func runningMean(y []float64) []float64 {
	m := make([]float64, len(y))
	sum := 0.0
	for i, v := range y {
		sum += v
		m[i] = sum / float64(i+1)
	}
	return m
}

// newLogPlot returns a plot whose y axis is logarithmic and spans every positive value of
// the series and the reference level ref (when positive).
func newLogPlot(title, xLabel, yLabel string, ss []series, ref float64) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = logTicks{}
	p.X.Tick.Marker = countTicks{}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range ss {
		for _, v := range s.y {
			if v > 0 {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if ref > 0 {
		lo, hi = math.Min(lo, ref), math.Max(hi, ref)
	}
	if math.IsInf(lo, 1) {
		lo, hi = 0.01, 1
	}
	p.Y.Min, p.Y.Max = lo/1.5, hi*1.5
	p.Legend.Top = true
	p.Legend.Left = false
	p.Add(plotter.NewGrid())
	for _, s := range ss {
		addSeries(p, s)
	}
	return p
}

// addSeries draws s, leaving gaps where it is not positive (a log axis cannot show those)
// unless s.zeros.
func addSeries(p *plot.Plot, s series) {
	var legend plot.Thumbnailer
	flush := func(pts plotter.XYs) {
		if len(pts) == 0 {
			return
		}
		var th plot.Thumbnailer
		if len(pts) == 1 || len(s.x) <= 40 && !s.plain {
			l, sc, err := plotter.NewLinePoints(pts)
			if err != nil {
				return
			}
			l.Color, l.Width, l.Dashes = s.colour, s.width, s.dashes
			sc.Color, sc.Radius, sc.Shape = s.colour, 2, draw.CircleGlyph{}
			p.Add(l, sc)
			th = l
		} else {
			l, err := plotter.NewLine(pts)
			if err != nil {
				return
			}
			l.Color, l.Width, l.Dashes = s.colour, s.width, s.dashes
			p.Add(l)
			th = l
		}
		if legend == nil {
			legend = th
		}
	}
	var pts plotter.XYs
	for i, v := range s.y {
		if (v > 0 || s.zeros) && !math.IsInf(v, 0) && !math.IsNaN(v) {
			pts = append(pts, plotter.XY{X: s.x[i], Y: v})
			continue
		}
		flush(pts)
		pts = nil
	}
	flush(pts)
	if legend != nil && s.name != "" {
		p.Legend.Add(s.name, legend)
	}
}

// logTicks labels 1, 2 and 5 times each power of ten, with unlabelled ticks between.
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	if min <= 0 || max <= min {
		return nil
	}
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		base := math.Pow(10, e)
		for m := 1; m <= 9; m++ {
			v := float64(m) * base
			if v < min || v > max {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = strconv.FormatFloat(v, 'g', 3, 64)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// countTicks labels whole numbers (frames, rows) at steps of 1, 2 or 5 times a power of ten,
// about eight of them.
type countTicks struct{}

func (countTicks) Ticks(min, max float64) []plot.Tick {
	if max <= min {
		return []plot.Tick{{Value: min, Label: strconv.FormatFloat(min, 'f', 0, 64)}}
	}
	step := 1.0
	for _, m := range []float64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000} {
		step = m
		if (max-min)/m <= 8 {
			break
		}
	}
	for (max-min)/step > 8 {
		step *= 10
	}
	var ticks []plot.Tick
	for v := math.Ceil(min/step) * step; v <= max; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	return ticks
}

// WritePlotPNG draws p into a PNG of width × height pixels (at 72 dpi: one point a pixel).
func WritePlotPNG(w io.Writer, p *plot.Plot, width, height int) error {
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(width), vg.Length(height)), vgimg.UseDPI(72))
	p.Draw(draw.New(c))
	_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return err
}

// hline is a horizontal reference line across xs.
func hline(name string, xs []float64, v float64) series {
	x := []float64{xs[0], xs[len(xs)-1]}
	if x[0] == x[1] {
		x[0], x[1] = x[0]-0.5, x[1]+0.5
	}
	return series{name: name, x: x, y: []float64{v, v}, colour: color.Gray{Y: 110}, width: 1.5, dashes: []vg.Length{2, 3}, plain: true}
}
