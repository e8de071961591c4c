package report

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/vision"
)

// heatmapper turns per-sample costs into a per-pixel map of bits and colours it.
type heatmapper struct {
	top  float64 // bits per pixel at the top of the colour scale
	cmap palette.ColorMap
	lut  [256]color.RGBA
}

func newHeatmapper(top float64) *heatmapper {
	h := &heatmapper{top: top, cmap: moreland.ExtendedBlackBody()}
	h.cmap.SetMin(0)
	h.cmap.SetMax(top)
	for i := range h.lut {
		c, err := h.cmap.At(top * float64(i) / float64(len(h.lut)-1))
		if err != nil {
			panic(err) // inside [0, top] by construction
		}
		h.lut[i] = color.RGBAModel.Convert(c).(color.RGBA)
	}
	return h
}

// accumulate sets heat to the bits spent on each pixel of a width × height frame: the costs
// of all planes, a subsampled plane's sample shared equally among the pixels it covers, so
// that the map sums to the frame's cost (motion vectors excepted).
func (h *heatmapper) accumulate(heat []float32, costs [][]uint32, sizes []vision.PlaneSize, shift [][2]uint, width, height int) {
	clear(heat)
	for p, pc := range costs {
		sx, sy := shift[p][0], shift[p][1]
		scale := 1 / float32(uint64(codec.CostUnit)<<(sx+sy))
		pw := sizes[p].Width
		for y := 0; y < height; y++ {
			src := pc[(y>>sy)*pw : (y>>sy+1)*pw]
			dst := heat[y*width : (y+1)*width]
			if sx == 0 {
				for x, c := range src {
					dst[x] += float32(c) * scale
				}
				continue
			}
			for x := range dst {
				dst[x] += float32(src[x>>sx]) * scale
			}
		}
	}
}

// colourRow colours one row of heat into RGBA pixels.
func (h *heatmapper) colourRow(dst []byte, heat []float32) {
	k := float32(len(h.lut)-1) / float32(h.top)
	for x, v := range heat {
		i := int(v*k + 0.5)
		if i > len(h.lut)-1 {
			i = len(h.lut) - 1
		}
		c := h.lut[i]
		dst[4*x], dst[4*x+1], dst[4*x+2], dst[4*x+3] = c.R, c.G, c.B, 255
	}
}

// picture draws frame f into dst as a person would see it: BGR in colour, YUV as its luma.
func picture(dst *image.RGBA, f *vision.Frame) {
	shift := uint(0)
	if f.Depth > 8 {
		shift = uint(f.Depth - 8)
	}
	w := f.Width
	for y := 0; y < f.Height; y++ {
		row := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		if f.Format == vision.FormatBGR {
			b, g, r := f.Planes[0][y*w:], f.Planes[1][y*w:], f.Planes[2][y*w:]
			for x := 0; x < w; x++ {
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = byte(r[x]>>shift), byte(g[x]>>shift), byte(b[x]>>shift), 255
			}
			continue
		}
		l := f.Planes[0][y*w:]
		for x := 0; x < w; x++ {
			v := byte(l[x] >> shift)
			row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = v, v, v, 255
		}
	}
}

// Figure geometry, in pixels (the canvas is drawn at 72 dpi: one point is one pixel).
const (
	figPad     = 12
	figGap     = 12
	figTitle   = 54
	figCaption = 26
	figBar     = 110
	figMinSide = 400 // small frames are enlarged (by whole factors) to about this width
)

func textStyle(size vg.Length, align text.XAlignment) text.Style {
	return text.Style{Color: color.Black, Font: font.From(plot.DefaultFont, size), Handler: plot.DefaultTextHandler,
		XAlign: align, YAlign: draw.YCenter}
}

// figure writes a PNG of the frame picture beside its heatmap and a colour scale, titled.
func (h *heatmapper) figure(w io.Writer, pic *image.RGBA, heat []float32, title, subtitle, caption string) error {
	fw, fh := pic.Rect.Dx(), pic.Rect.Dy()
	k := 1
	for k < 8 && fw*k < figMinSide {
		k++
	}
	dw, dh := fw*k, fh*k
	width := figPad + dw + figGap + dw + figBar + figPad
	height := figTitle + dh + figCaption + figPad
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(width), vg.Length(height)), vgimg.UseDPI(72))
	dc := draw.New(c)
	// vg's origin is the bottom left corner.
	dc.FillText(textStyle(15, draw.XCenter), vg.Point{X: vg.Length(width) / 2, Y: vg.Length(height - 18)}, title)
	dc.FillText(textStyle(12, draw.XCenter), vg.Point{X: vg.Length(width) / 2, Y: vg.Length(height - 40)}, subtitle)
	capY := vg.Length(figPad + figCaption/2)
	dc.FillText(textStyle(12, draw.XCenter), vg.Point{X: vg.Length(figPad + dw/2), Y: capY}, caption)
	dc.FillText(textStyle(12, draw.XCenter), vg.Point{X: vg.Length(figPad + dw + figGap + dw/2), Y: capY},
		fmt.Sprintf("bits spent on each pixel, all planes (≥ %g shown as %g)", h.top, h.top))

	bar := plot.New()
	bar.HideX()
	bar.Y.Label.Text = "bits per pixel"
	bar.Add(&plotter.ColorBar{ColorMap: h.cmap, Vertical: true})
	x0 := vg.Length(figPad + 2*dw + figGap + 8)
	bar.Draw(draw.Crop(dc, x0, vg.Length(-figPad), vg.Length(figPad+figCaption), vg.Length(-figTitle)))

	img := c.Image().(*image.RGBA)
	blit(img, pic, figPad, figTitle, k)
	hm := image.NewRGBA(pic.Rect)
	for y := 0; y < fh; y++ {
		h.colourRow(hm.Pix[y*hm.Stride:], heat[y*fw:(y+1)*fw])
	}
	blit(img, hm, figPad+dw+figGap, figTitle, k)
	return png.Encode(w, img)
}

// blit copies src into dst at (x0, y0), each pixel enlarged to k × k.
func blit(dst, src *image.RGBA, x0, y0, k int) {
	b := src.Rect
	for y := 0; y < b.Dy(); y++ {
		s := src.Pix[y*src.Stride : y*src.Stride+4*b.Dx()]
		for r := 0; r < k; r++ {
			d := dst.Pix[(y0+y*k+r)*dst.Stride+4*x0:]
			for x := 0; x < b.Dx(); x++ {
				for j := 0; j < k; j++ {
					copy(d[4*(x*k+j):4*(x*k+j)+4], s[4*x:4*x+4])
				}
			}
		}
	}
}
