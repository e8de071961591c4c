package samples

import (
	"crypto/sha256"
	"math"
	"runtime"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

func loadGraf(t testing.TB) *Still {
	t.Helper()
	s, err := LoadStill(DefaultStill)
	if err != nil {
		t.Fatalf("%v (scripts/setup.sh installs opencv-doc)", err)
	}
	if s.Width != 800 || s.Height != 640 {
		t.Fatalf("graf1.png is %dx%d, want 800x640", s.Width, s.Height)
	}
	return s
}

// hashFrames renders the first n frames and hashes their samples.
func hashFrames(t *testing.T, p *Pan, n int, yuv bool) [32]byte {
	h := sha256.New()
	for i := 0; i < n; i++ {
		f := p.Frame(i)
		if yuv {
			f = ToYUV420(f)
		}
		h.Write(f.AppendRaw(nil))
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// TestPanDeterministic renders the same frames at several GOMAXPROCS, with a fresh Pan each
// time: every run must give the same bytes.
func TestPanDeterministic(t *testing.T) {
	s := loadGraf(t)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first [2][32]byte
	for run, procs := range []int{1, 4, 3, 1} {
		runtime.GOMAXPROCS(procs)
		p, err := NewPan(s, 161, 97) // odd sizes: uneven row shares, odd chroma edges
		if err != nil {
			t.Fatal(err)
		}
		for k, yuv := range []bool{false, true} {
			sum := hashFrames(t, p, 4, yuv)
			if run == 0 {
				first[k] = sum
			} else if sum != first[k] {
				t.Errorf("GOMAXPROCS=%d, yuv=%v: frames differ from the first run", procs, yuv)
			}
		}
	}
	// Frames after a full zoom cycle and far along the pan are still inside the still and
	// rendered the same way.
	p, _ := NewPan(s, 161, 97)
	if a, b := p.Frame(1234), p.Frame(1234); !equalFrames(a, b) {
		t.Error("frame 1234 differs between two renders")
	}
}

func equalFrames(a, b *vision.Frame) bool {
	return string(a.AppendRaw(nil)) == string(b.AppendRaw(nil))
}

// TestPanPath checks the camera: always inside the still with room for the taps, moving
// by a fraction of a pixel per frame with a sub-pixel phase that keeps changing.
func TestPanPath(t *testing.T) {
	s := loadGraf(t)
	p, err := NewPan(s, 640, 480)
	if err != nil {
		t.Fatal(err)
	}
	phases := map[int64]bool{}
	prev := p.Camera(0)
	for i := 1; i < 1000; i++ {
		c := p.Camera(i)
		hx, hy := int64(639)*c.Scale/2, int64(479)*c.Scale/2
		if c.X-hx < 2*fixOne || c.X+hx >= int64(s.Width-3)*fixOne || c.Y-hy < 2*fixOne || c.Y+hy >= int64(s.Height-3)*fixOne {
			t.Fatalf("frame %d: view %+v leaves the still", i, c)
		}
		dx, dy := c.X-prev.X, c.Y-prev.Y
		if dx == 0 && dy == 0 || abs(dx) >= fixOne || abs(dy) >= fixOne {
			t.Fatalf("frame %d: the camera moves by (%d, %d)/65536 pixel", i, dx, dy)
		}
		phases[c.X>>(fixBits-phaseBits)&(1<<phaseBits-1)] = true
		prev = c
	}
	if len(phases) < 200 {
		t.Errorf("only %d of 256 horizontal phases used in 1000 frames", len(phases))
	}
	if c := p.Camera(ZoomFrames); c.Scale*8 > p.Camera(0).Scale*5+8*ZoomFrames {
		t.Errorf("zoomed-in scale %d, widest %d: want about 5/8", c.Scale, p.Camera(0).Scale)
	}
}

// TestPanSubPixelMotion measures the motion between consecutive rendered frames at the
// centre, where the zoom hardly moves anything: it must be the camera's step, a fraction of
// a pixel, and no whole-pixel shift may explain it.
func TestPanSubPixelMotion(t *testing.T) {
	s := loadGraf(t)
	const w, h, r = 640, 480, 48
	p, err := NewPan(s, w, h)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 7, 60} {
		a, b := p.Frame(i), p.Frame(i+1)
		ca, cb := p.Camera(i), p.Camera(i+1)
		// Content moves against the camera: b(x) = a(x + v), v in output pixels.
		want := [2]float64{float64(cb.X-ca.X) / float64(ca.Scale), float64(cb.Y-ca.Y) / float64(ca.Scale)}
		got := measureShift(a.Planes[1], b.Planes[1], w, h, r, float64(cb.Scale)/float64(ca.Scale))
		t.Logf("frames %d→%d: measured motion (%.4f, %.4f) px, camera step (%.4f, %.4f)", i, i+1, got[0], got[1], want[0], want[1])
		for k := range got {
			if math.Abs(got[k]-want[k]) > 0.03 {
				t.Errorf("frames %d→%d: measured motion (%.3f, %.3f) px, camera step (%.3f, %.3f)", i, i+1, got[0], got[1], want[0], want[1])
				break
			}
		}
		for k, v := range want {
			if f := math.Abs(v - math.Round(v)); f < 0.1 {
				t.Errorf("frames %d→%d: step %.3f px along axis %d is (nearly) whole", i, i+1, v, k)
			}
		}
		// No whole-pixel shift reproduces the next frame's centre.
		for dy := -2; dy <= 2; dy++ {
			for dx := -2; dx <= 2; dx++ {
				same := true
				for y := h/2 - r; y < h/2+r && same; y++ {
					for x := w/2 - r; x < w/2+r; x++ {
						if b.Planes[1][y*w+x] != a.Planes[1][(y+dy)*w+x+dx] {
							same = false
							break
						}
					}
				}
				if same {
					t.Errorf("frames %d→%d: frame %d is frame %d shifted by (%d, %d)", i, i+1, i+1, i, dx, dy)
				}
			}
		}
	}
	// A camera step of exactly one output pixel is an exact one-pixel shift of the picture:
	// the sampling grid is consistent, so the fractional steps above are real sub-pixel motion.
	c := p.Camera(0)
	c2 := c
	c2.X += c.Scale
	a, b := renderAt(p, c), renderAt(p, c2)
	for y := 0; y < h; y++ {
		for x := 0; x+1 < w; x++ {
			if b[y*w+x] != a[y*w+x+1] {
				t.Fatalf("one-pixel camera step: (%d,%d) is %d, want %d", x, y, b[y*w+x], a[y*w+x+1])
			}
		}
	}
}

// renderAt renders the green plane as the camera c sees it.
func renderAt(p *Pan, c Camera) []uint16 {
	out := make([]uint16, p.width*p.height)
	xs, xph := taps(p.width, c.X, c.Scale)
	ys, yph := taps(p.height, c.Y, c.Scale)
	c0 := clamp(xs[0], 0, p.still.Width-1)
	tmp := make([]int32, clamp(xs[p.width-1]+3, 0, p.still.Width-1)-c0+1)
	for y := 0; y < p.height; y++ {
		p.renderRow(out[y*p.width:(y+1)*p.width], p.still.Planes[1], tmp, c0, ys[y], yph[y], xs, xph)
	}
	return out
}

// measureShift finds the displacement v for which b(x) ≈ a(c + (x-c)·zoom + v), c the
// picture's centre, over the central (2r)² window: Gauss-Newton on the squared difference,
// a resampled bicubically at each step (iterating on the warped image keeps the estimate
// free of the gradients' bias). The zoom is known; only the translation is measured.
func measureShift(a, b []uint16, w, h, r int, zoom float64) [2]float64 {
	at := func(x, y int) float64 { return float64(a[clamp(y, 0, h-1)*w+clamp(x, 0, w-1)]) }
	cubic := func(p0, p1, p2, p3, t float64) float64 {
		return p1 + 0.5*t*(p2-p0+t*(2*p0-5*p1+4*p2-p3+t*(3*(p1-p2)+p3-p0)))
	}
	sample := func(x, y float64) float64 {
		ix, iy := int(math.Floor(x)), int(math.Floor(y))
		fx, fy := x-float64(ix), y-float64(iy)
		var col [4]float64
		for k := range col {
			yy := iy - 1 + k
			col[k] = cubic(at(ix-1, yy), at(ix, yy), at(ix+1, yy), at(ix+2, yy), fx)
		}
		return cubic(col[0], col[1], col[2], col[3], fy)
	}
	var v [2]float64
	for iter := 0; iter < 30; iter++ {
		var sxx, sxy, syy, sxt, syt float64
		for y := h/2 - r; y < h/2+r; y++ {
			for x := w/2 - r; x < w/2+r; x++ {
				xc, yc := float64(w-1)/2, float64(h-1)/2
				fx, fy := xc+(float64(x)-xc)*zoom+v[0], yc+(float64(y)-yc)*zoom+v[1]
				ix := (sample(fx+0.5, fy) - sample(fx-0.5, fy))
				iy := (sample(fx, fy+0.5) - sample(fx, fy-0.5))
				it := float64(b[y*w+x]) - sample(fx, fy)
				sxx, sxy, syy = sxx+ix*ix, sxy+ix*iy, syy+iy*iy
				sxt, syt = sxt+ix*it, syt+iy*it
			}
		}
		det := sxx*syy - sxy*sxy
		d := [2]float64{(syy*sxt - sxy*syt) / det, (sxx*syt - sxy*sxt) / det}
		v[0], v[1] = v[0]+d[0], v[1]+d[1]
		if math.Abs(d[0])+math.Abs(d[1]) < 1e-4 {
			break
		}
	}
	return v
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func TestCatmullRom(t *testing.T) {
	w := catmullRom()
	if w[0] != [4]int32{0, 1 << weightBits, 0, 0} {
		t.Errorf("phase 0: %v, want the source pixel itself", w[0])
	}
	half := w[1<<(phaseBits-1)] // t = 1/2: (-1, 9, 9, -1)/16
	if half != [4]int32{-1024, 9216, 9216, -1024} {
		t.Errorf("phase 1/2: %v", half)
	}
	for k, ws := range w {
		if ws[0]+ws[1]+ws[2]+ws[3] != 1<<weightBits {
			t.Errorf("phase %d: weights %v do not sum to one", k, ws)
		}
		// Mirror symmetry of the kernel: phase k reversed is phase T-k.
		if k > 0 {
			m := w[len(w)-k]
			if d := ws[0] - m[3] + ws[3] - m[0]; d < -2 || d > 2 {
				t.Errorf("phase %d: %v is not the mirror of %v", k, ws, m)
			}
		}
	}
}

func TestToYUV420(t *testing.T) {
	l := vision.Layout{Width: 3, Height: 3, Format: vision.FormatBGR, Depth: 8}
	f := vision.NewFrame(l)
	// BT.601 studio range anchors: black, white, red, green, blue.
	for _, c := range []struct{ b, g, r, y, cb, cr uint16 }{
		{0, 0, 0, 16, 128, 128},
		{255, 255, 255, 235, 128, 128},
		{0, 0, 255, 82, 90, 240},
		{0, 255, 0, 144, 54, 34},
		{255, 0, 0, 41, 240, 110},
	} {
		for i := 0; i < 9; i++ {
			f.Planes[0][i], f.Planes[1][i], f.Planes[2][i] = c.b, c.g, c.r
		}
		y := ToYUV420(f)
		if len(y.Planes[1]) != 4 {
			t.Fatalf("chroma of a 3x3 frame has %d samples, want 2x2", len(y.Planes[1]))
		}
		if y.Planes[0][8] != c.y || y.Planes[1][3] != c.cb || y.Planes[2][3] != c.cr {
			t.Errorf("BGR (%d,%d,%d) → YCbCr (%d,%d,%d), want (%d,%d,%d)", c.b, c.g, c.r,
				y.Planes[0][8], y.Planes[1][3], y.Planes[2][3], c.y, c.cb, c.cr)
		}
	}
}
