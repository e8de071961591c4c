package samples

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/vidlm/vidlm/vision"
)

// Camera positions and scales are fixed point with 16 fractional bits (1/65536 of a source
// pixel); interpolation uses the top 8 of them (1/256 pixel phases) and 14-bit weights.
const (
	fixBits    = 16
	fixOne     = 1 << fixBits
	phaseBits  = 8
	weightBits = 14
	// margin keeps every interpolation tap inside the still, in source pixels.
	margin = 4
)

// Path of the camera. The velocities are deliberately not simple fractions, so that the
// sub-pixel phase of the motion keeps changing from frame to frame.
const (
	// PanVelocityX and PanVelocityY are the pan's speed in 1/65536 source pixel per frame
	// (about 0.42 and 0.29 pixel).
	PanVelocityX = 27611
	PanVelocityY = 18947
	// ZoomFrames is the number of frames of one zoom in (the next ZoomFrames zoom back out):
	// the scale goes from its widest to 5/8 of it.
	ZoomFrames = 150
	// FrameRate is the clip's nominal rate.
	FrameRate = 25
)

// Camera is where the camera looks in one frame, in 1/65536 source pixel: the point of the
// still under the centre of the picture, and the source pixels per output pixel.
type Camera struct {
	X, Y  int64
	Scale int64
}

// Pan films a still with a camera that pans along a zigzag and zooms in and out, every step
// a fraction of a pixel, rendered by bicubic (Catmull-Rom) interpolation in fixed point.
// Frame i depends only on the still, the output size and i, so a shorter clip is a prefix
// of a longer one.
type Pan struct {
	still         *Still
	width, height int
	scale0, step  int64 // widest scale and its change per frame
	cx, cy        int64 // centre of the pan
	ampX, ampY    int64 // how far the pan goes either side
	weights       [1 << phaseBits][4]int32
}

// NewPan prepares a camera of width×height pixels over the still. At its widest the view
// covers 90% of the still (on the tighter axis).
func NewPan(s *Still, width, height int) (*Pan, error) {
	if width < 1 || height < 1 || width > vision.MaxDimension || height > vision.MaxDimension || width*height > vision.MaxFramePixels {
		return nil, fmt.Errorf("samples: frame size %dx%d is out of range", width, height)
	}
	if s.Width <= 4*margin || s.Height <= 4*margin {
		return nil, fmt.Errorf("samples: still of %dx%d is too small", s.Width, s.Height)
	}
	p := &Pan{still: s, width: width, height: height}
	uw, uh := int64(s.Width-2*margin), int64(s.Height-2*margin)
	p.scale0 = min(uw*9*fixOne/(10*int64(width)), uh*9*fixOne/(10*int64(height)))
	if p.scale0 < 1<<phaseBits {
		return nil, fmt.Errorf("samples: %dx%d is too large for a still of %dx%d", width, height, s.Width, s.Height)
	}
	p.step = p.scale0 * 3 / (8 * ZoomFrames)
	// Half the span the output pixels' centres cover at the widest scale.
	hx, hy := int64(width-1)*p.scale0/2, int64(height-1)*p.scale0/2
	p.cx, p.cy = int64(s.Width)*fixOne/2, int64(s.Height)*fixOne/2
	p.ampX = max(0, (uw*fixOne-2*hx)/2-fixOne)
	p.ampY = max(0, (uh*fixOne-2*hy)/2-fixOne)
	p.weights = catmullRom()
	return p, nil
}

// catmullRom returns the four taps' weights for every phase, summing to 1<<weightBits.
// The cubic's coefficients are exact integers over 2·T³ (T the number of phases), so the
// table is the same everywhere.
func catmullRom() (w [1 << phaseBits][4]int32) {
	const T = 1 << phaseBits
	const shift = 1 + 3*phaseBits - weightBits // from 2·T³ down to 1<<weightBits
	for k := int64(0); k < T; k++ {
		n := [4]int64{
			-k*k*k + 2*k*k*T - k*T*T,
			3*k*k*k - 5*k*k*T + 2*T*T*T,
			-3*k*k*k + 4*k*k*T + k*T*T,
			k*k*k - k*k*T,
		}
		for i := range n {
			w[k][i] = int32((n[i] + 1<<(shift-1)) >> shift)
		}
		w[k][1] = 1<<weightBits - w[k][0] - w[k][2] - w[k][3]
	}
	return w
}

// triangle folds a distance d ≥ 0 travelled back and forth over [-a, a].
func triangle(d, a int64) int64 {
	if a <= 0 {
		return 0
	}
	d %= 4 * a
	switch {
	case d < a:
		return d
	case d < 3*a:
		return 2*a - d
	}
	return d - 4*a
}

// Camera returns where the camera looks in frame i.
func (p *Pan) Camera(i int) Camera {
	n := int64(i)
	z := n % (2 * ZoomFrames)
	if z > ZoomFrames {
		z = 2*ZoomFrames - z
	}
	return Camera{
		X:     p.cx + triangle(n*PanVelocityX, p.ampX),
		Y:     p.cy + triangle(n*PanVelocityY, p.ampY),
		Scale: p.scale0 - z*p.step,
	}
}

// Layout is the shape of the BGR frames Render makes.
func (p *Pan) Layout() vision.Layout {
	return vision.Layout{Width: p.width, Height: p.height, Format: vision.FormatBGR, Depth: 8}
}

// Frame renders frame i as a new BGR frame.
func (p *Pan) Frame(i int) *vision.Frame {
	f := vision.NewFrame(p.Layout())
	p.Render(i, f)
	return f
}

// taps maps n output positions along one axis to the first of their four source taps and
// their phase.
func taps(n int, centre, scale int64) (first []int, phase []uint8) {
	first, phase = make([]int, n), make([]uint8, n)
	for x := 0; x < n; x++ {
		u := centre + (int64(2*x-(n-1))*scale)>>1
		first[x] = int(u>>fixBits) - 1
		phase[x] = uint8(u >> (fixBits - phaseBits))
	}
	return first, phase
}

// Render draws frame i into f, which must have p's layout. Rows are shared among
// GOMAXPROCS goroutines; each output sample depends only on i, so the result does not.
func (p *Pan) Render(i int, f *vision.Frame) {
	if f.Layout != p.Layout() {
		panic("samples: Render into a frame of another layout")
	}
	cam := p.Camera(i)
	xs, xph := taps(p.width, cam.X, cam.Scale)
	ys, yph := taps(p.height, cam.Y, cam.Scale)
	// The source columns any tap of this frame reads, clamped to the still.
	c0 := clamp(xs[0], 0, p.still.Width-1)
	c1 := clamp(xs[p.width-1]+3, 0, p.still.Width-1)
	workers := min(runtime.GOMAXPROCS(0), p.height)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tmp := make([]int32, c1-c0+1)
			for y := w; y < p.height; y += workers {
				for c := range f.Planes {
					p.renderRow(f.Planes[c][y*p.width:(y+1)*p.width], p.still.Planes[c], tmp, c0, ys[y], yph[y], xs, xph)
				}
			}
		}()
	}
	wg.Wait()
}

// renderRow interpolates one output row of one plane: vertically over the source columns
// c0.. into tmp (14 fractional bits kept), then horizontally.
func (p *Pan) renderRow(dst []uint16, src []uint8, tmp []int32, c0, y0 int, yph uint8, xs []int, xph []uint8) {
	sw, sh := p.still.Width, p.still.Height
	wy := p.weights[yph]
	var rows [4][]uint8
	for k := range rows {
		r := clamp(y0+k, 0, sh-1)
		rows[k] = src[r*sw : (r+1)*sw]
	}
	for j := range tmp {
		c := c0 + j
		tmp[j] = wy[0]*int32(rows[0][c]) + wy[1]*int32(rows[1][c]) + wy[2]*int32(rows[2][c]) + wy[3]*int32(rows[3][c])
	}
	const round = 1 << (2*weightBits - 1)
	for x := range dst {
		wx := p.weights[xph[x]]
		var acc int64
		for k := 0; k < 4; k++ {
			acc += int64(wx[k]) * int64(tmp[clamp(xs[x]+k, 0, sw-1)-c0])
		}
		dst[x] = uint16(clamp(int((acc+round)>>(2*weightBits)), 0, 255))
	}
}

func clamp(v, lo, hi int) int {
	return min(max(v, lo), hi)
}
