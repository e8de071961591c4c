package samples

import (
	"fmt"
	"math"

	"github.com/vidlm/vidlm/vision"
)

// VideoSpec says how a world is filmed: gray 8-bit frames of Size×Size pixels, one every
// Every samples, an anti-aliased disc of Radius pixels over a fixed textured background, and
// Gaussian noise of σ = Noise gray levels added to every pixel before rounding.
type VideoSpec struct {
	Frames, Every, Size int
	Radius, Noise       float64
	Seed                uint64
}

// Video is a filmed world.
type Video struct {
	Layout vision.Layout
	Frames []*vision.Frame
	// Clean[i][p] is pixel p of frame i before noise and rounding, in 1/16 gray level.
	Clean [][]uint16
	// Centers[i] is the true centre of the disc in frame i (pixels, x right, y down).
	Centers [][2]float64
	Sigma   int64 // noise σ in gray levels, Q16
}

const (
	discLevel = 230 // gray level of the body
	subPix    = 4   // anti-aliasing: 4×4 samples per pixel
)

// Background returns the fixed texture at (x, y): 8-pixel checks of 70 and 100 gray levels
// with a hashed grain of 0..15 on top (at most 115, well below the body's 230).
func Background(x, y int) int {
	v := 70
	if (x/8+y/8)&1 == 1 {
		v = 100
	}
	h := uint32(x)*0x9E3779B1 ^ uint32(y)*0x85EBCA77
	h ^= h >> 15
	h *= 0x2C1B3C6D
	h ^= h >> 12
	return v + int(h&15)
}

// PixelOf maps a world position to the frame: for worlds of two or more coordinates the first
// two (x right, y up) scaled from the ADC range to the frame; for the pendulum the bob at the
// end of a rod of 0.4 × Size from the centre, at the angle the encoder reads. Positions are in
// 1/256 pixel, computed with explicit rounding (the same on every machine).
func (w *World) PixelOf(truth []int64, size int) (x, y int64) {
	if len(truth) == 1 {
		theta := float64(float64(float64(truth[0])/65536-w.Origin) * w.Params["adc_step"])
		r := float64(0.4 * float64(size))
		c := float64(size) / 2
		x = int64(math.Round(float64(256 * float64(c+float64(r*Sin(theta))))))
		y = int64(math.Round(float64(256 * float64(c+float64(r*Sin(float64(theta+math.Pi/2)))))))
		return x, y
	}
	scale := float64(float64(size) / float64(w.Max+1))
	x = int64(math.Round(float64(256 * float64(float64(truth[0])/65536*scale))))
	y = int64(math.Round(float64(256 * float64(float64(float64(w.Max)-float64(truth[1])/65536)*scale))))
	return x, y
}

// RenderVideo films the world. Everything is integer but the disc's centre (PixelOf).
func RenderVideo(w *World, s VideoSpec) (*Video, error) {
	if s.Frames <= 0 || s.Every <= 0 || s.Size < 16 || s.Radius <= 0 || s.Noise <= 0 {
		return nil, fmt.Errorf("video: impossible spec %+v", s)
	}
	if (s.Frames-1)*s.Every >= len(w.Truth) {
		return nil, fmt.Errorf("video: %d frames every %d samples need more than %d samples", s.Frames, s.Every, len(w.Truth))
	}
	l := vision.Layout{Width: s.Size, Height: s.Size, Format: vision.FormatGray, Depth: 8}
	v := &Video{Layout: l, Sigma: int64(math.Round(s.Noise * 65536))}
	rng := NewRNG(s.Seed ^ 0x5649444f) // "VIDO": not the sensor's noise
	r := int64(math.Round(s.Radius * 256))
	r2 := r * r
	bg := make([]uint16, s.Size*s.Size)
	for y := range s.Size {
		for x := range s.Size {
			bg[y*s.Size+x] = uint16(Background(x, y) * 16)
		}
	}
	for i := range s.Frames {
		cx, cy := w.PixelOf(w.Truth[i*s.Every], s.Size)
		v.Centers = append(v.Centers, [2]float64{float64(cx) / 256, float64(cy) / 256})
		clean := append([]uint16(nil), bg...)
		x0, x1 := max((cx-r)>>8-1, 0), min((cx+r)>>8+1, int64(s.Size-1))
		y0, y1 := max((cy-r)>>8-1, 0), min((cy+r)>>8+1, int64(s.Size-1))
		for py := y0; py <= y1; py++ {
			for px := x0; px <= x1; px++ {
				cov := 0
				for sy := range int64(subPix) {
					dy := py<<8 + (2*sy+1)*128/subPix - cy
					for sx := range int64(subPix) {
						dx := px<<8 + (2*sx+1)*128/subPix - cx
						if dx*dx+dy*dy <= r2 {
							cov++
						}
					}
				}
				k := py*int64(s.Size) + px
				clean[k] = uint16((int(clean[k])*(16-cov) + discLevel*16*cov) / 16)
			}
		}
		f := vision.NewFrame(l)
		for k, c := range clean {
			f.Planes[0][k] = uint16(rng.Observe(int64(c)<<12, v.Sigma, 255))
		}
		v.Frames = append(v.Frames, f)
		v.Clean = append(v.Clean, clean)
	}
	return v, nil
}
