package samples

import (
	"fmt"
	"runtime"
	"strconv"
	"sync"

	"github.com/vidlm/vidlm/vision"
)

// IMUPan films a still with a camera that turns (pans, tilts, rolls and pauses along a smooth
// path) and records what an IMU strapped to the camera reads along the same path: a 3-axis
// gyroscope and a 3-axis accelerometer on an ADC lattice, with noise and a slowly drifting
// bias. Everything is integer arithmetic: frame i and IMU row j depend only on the still,
// the size, the seed and i (j), on any machine.
//
// Angles are in micro-radians. The camera's focal length is IMUPanFocal output pixels per
// radian: a yaw of a rad moves the picture by about IMUPanFocal·a pixels.
type IMUPan struct {
	still         *Still
	width, height int
	scale         int64 // source pixels per output pixel, 1/65536 units
	cx, cy        int64 // the still's centre, 1/65536 source pixels
	weights       [1 << phaseBits][4]int32
	Seed          uint64
}

// IMU sample and frame timing.
const (
	IMUPanFrameRate = 30  // frames per second
	IMUPanIMURate   = 200 // IMU rows per second
	// IMUPanFocal is the focal length in output pixels of a 320-pixel-wide frame; it scales
	// with the width.
	IMUPanFocal = 300
	// IMUPanEpochNS is the IMU clock's time (ns) at the first frame.
	IMUPanEpochNS = 1_700_000_000_000_000_000
	// GyroLSB and AccelLSB are the ADC steps in 1e-9 rad/s and 1e-9 m/s² (an MPU-style IMU at
	// ±2000 °/s and ±8 g).
	GyroLSB  = 1_065_264
	AccelLSB = 2_394_202
	gravity  = 9_806_650_000 // 1e-9 m/s²
)

// pathSegment is a stretch of the path: over Dur milliseconds the camera turns by Yaw, Pitch
// and Roll micro-radians along a smoothstep (rate zero at both ends); all zero is a pause.
type pathSegment struct {
	Dur              int64
	Yaw, Pitch, Roll int64
}

// imuPath is one cycle of the camera's path (8.2 s); it returns to where it started, and
// repeats.
var imuPath = []pathSegment{
	{500, 0, 0, 0},
	{1500, 250_000, 0, 0},
	{400, 0, 0, 0},
	{1200, 0, 150_000, 0},
	{1000, -100_000, 0, 80_000},
	{300, 0, 0, 0},
	{1500, -300_000, -200_000, 0},
	{800, 0, 0, -80_000},
	{1000, 150_000, 50_000, 0},
}

func imuCycleMS() int64 {
	var t int64
	for _, s := range imuPath {
		t += s.Dur
	}
	return t
}

// Pose is the camera's orientation (micro-radians) and angular rate (micro-radians per
// second) at one instant.
type Pose struct {
	Yaw, Pitch, Roll    int64
	RYaw, RPitch, RRoll int64
}

// PoseAt returns the camera's pose t nanoseconds after the first frame.
func PoseAt(t int64) Pose {
	cycle := imuCycleMS() * 1_000_000
	t %= cycle
	var p Pose
	for _, s := range imuPath {
		d := s.Dur * 1_000_000
		if t >= d {
			p.Yaw, p.Pitch, p.Roll = p.Yaw+s.Yaw, p.Pitch+s.Pitch, p.Roll+s.Roll
			t -= d
			continue
		}
		u := t * 65536 / d // 0..65535
		u2 := u * u >> 16
		u3 := u2 * u >> 16
		sm := 3*u2 - 2*u3 // smoothstep, 1/65536
		// d/dt of smoothstep: 6u(1-u)/D, D in seconds = s.Dur/1000.
		ds := 6 * u * (65536 - u) >> 16 // 1/65536, per unit of u
		ang := func(a int64) int64 { return a * sm >> 16 }
		rate := func(a int64) int64 { return a * ds / 65536 * 1000 / s.Dur }
		p.Yaw, p.Pitch, p.Roll = p.Yaw+ang(s.Yaw), p.Pitch+ang(s.Pitch), p.Roll+ang(s.Roll)
		p.RYaw, p.RPitch, p.RRoll = rate(s.Yaw), rate(s.Pitch), rate(s.Roll)
		break
	}
	return p
}

// FrameTimeNS is the time of frame i after the first frame, in nanoseconds.
func FrameTimeNS(i int) int64 { return int64(i) * 1_000_000_000 / IMUPanFrameRate }

// NewIMUPan prepares a camera of width×height pixels over the still: the view covers 45% of
// the still's width, so that the path's turns stay inside it.
func NewIMUPan(s *Still, width, height int) (*IMUPan, error) {
	if width < 16 || height < 16 || width > vision.MaxDimension || height > vision.MaxDimension || width*height > vision.MaxFramePixels {
		return nil, fmt.Errorf("samples: frame size %dx%d is out of range", width, height)
	}
	if s.Width <= 8*margin || s.Height <= 8*margin {
		return nil, fmt.Errorf("samples: still of %dx%d is too small", s.Width, s.Height)
	}
	p := &IMUPan{still: s, width: width, height: height, Seed: 1}
	p.scale = int64(s.Width) * 45 * fixOne / (100 * int64(width))
	p.cx, p.cy = int64(s.Width)*fixOne/2, int64(s.Height)*fixOne/2
	p.weights = catmullRom()
	return p, nil
}

// Focal is the focal length in output pixels per radian.
func (p *IMUPan) Focal() int64 { return int64(IMUPanFocal) * int64(p.width) / 320 }

// Layout is the shape of the BGR frames Render makes.
func (p *IMUPan) Layout() vision.Layout {
	return vision.Layout{Width: p.width, Height: p.height, Format: vision.FormatBGR, Depth: 8}
}

// sinCos returns sin and cos of a (micro-radians, |a| < 0.5 rad) in 1/2^30 units, by their
// Taylor series in integer arithmetic.
func sinCos(a int64) (s, c int64) {
	const one = 1 << 30
	x := a * one / 1_000_000 // Q30
	x2 := x * x >> 30
	x3 := x2 * x >> 30
	x4 := x2 * x2 >> 30
	x5 := x4 * x >> 30
	x6 := x4 * x2 >> 30
	s = x - x3/6 + x5/120
	c = one - x2/2 + x4/24 - x6/720
	return s, c
}

// mix64 is SplitMix64's finaliser: a deterministic hash for the noise.
func mix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// gauss returns an approximately normal deviate with standard deviation 1024 from a hash
// (the sum of four uniforms, scaled).
func gauss(h uint64) int64 {
	var s int64
	for k := 0; k < 4; k++ {
		s += int64(h>>(16*k)) & 0xffff
	}
	// sum of 4 U(0,65535): mean 131070, sd 65536·sqrt(4/12) ≈ 37837.
	return (s - 131070) * 1024 / 37837
}

// Frame renders frame i as a new BGR frame.
func (p *IMUPan) Frame(i int) *vision.Frame {
	f := vision.NewFrame(p.Layout())
	p.Render(i, f)
	return f
}

// Render draws frame i into f: the view turned by the pose at FrameTimeNS(i), bicubic in
// both axes, plus sensor noise (standard deviation about one level).
func (p *IMUPan) Render(i int, f *vision.Frame) {
	if f.Layout != p.Layout() {
		panic("samples: Render into a frame of another layout")
	}
	pose := PoseAt(FrameTimeNS(i))
	focal := p.Focal()
	// Centre of the view in the still: a yaw moves it right, a pitch down.
	cx := p.cx + pose.Yaw*focal*p.scale/1_000_000
	cy := p.cy + pose.Pitch*focal*p.scale/1_000_000
	sn, cs := sinCos(pose.Roll)
	// Per output pixel step in the still, 1/65536 source pixel: the rotated axes.
	ux, uy := cs*p.scale>>30, sn*p.scale>>30  // along an output row
	vx, vy := -sn*p.scale>>30, cs*p.scale>>30 // down an output column
	hw, hh := int64(p.width-1), int64(p.height-1)
	// the still position of output (0,0): centre − (hw/2)·u − (hh/2)·v
	ox := cx - (hw*ux+hh*vx)/2
	oy := cy - (hw*uy+hh*vy)/2
	sw, sh := p.still.Width, p.still.Height
	workers := min(runtime.GOMAXPROCS(0), p.height)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for y := w; y < p.height; y += workers {
				for x := 0; x < p.width; x++ {
					sx := ox + int64(x)*ux + int64(y)*vx
					sy := oy + int64(x)*uy + int64(y)*vy
					x0, y0 := int(sx>>fixBits)-1, int(sy>>fixBits)-1
					wx := p.weights[uint8(sx>>(fixBits-phaseBits))]
					wy := p.weights[uint8(sy>>(fixBits-phaseBits))]
					var xs, ys [4]int
					for k := 0; k < 4; k++ {
						xs[k] = clamp(x0+k, 0, sw-1)
						ys[k] = clamp(y0+k, 0, sh-1)
					}
					o := y*p.width + x
					h := mix64(p.Seed<<40 ^ uint64(i)<<24 ^ uint64(o))
					for c := range f.Planes {
						src := p.still.Planes[c]
						var acc int64
						for r := 0; r < 4; r++ {
							row := src[ys[r]*sw:]
							t := int64(wx[0])*int64(row[xs[0]]) + int64(wx[1])*int64(row[xs[1]]) + int64(wx[2])*int64(row[xs[2]]) + int64(wx[3])*int64(row[xs[3]])
							acc += int64(wy[r]) * t
						}
						// noise: sd about 1 level (gauss gives 1024 per level)
						acc += gauss(mix64(h+uint64(c))) << (2*weightBits - 10)
						const round = 1 << (2*weightBits - 1)
						f.Planes[c][o] = uint16(clamp(int((acc+round)>>(2*weightBits)), 0, 255))
					}
				}
			}
		}()
	}
	wg.Wait()
}

// IMUHeader is the first line of the IMU log.
const IMUHeader = "t_ns,gx,gy,gz,ax,ay,az\n"

// IMULog writes the IMU's rows: the gyroscope reads the camera's angular rate (gx: pitch
// rate, gy: yaw rate, gz: roll rate), the accelerometer gravity as the camera's tilt and
// roll turn it; each axis quantised to its ADC step after adding white noise and a bias that
// wanders slowly (a random walk). Values are printed in rad/s and m/s² with 6 decimals.
type IMULog struct {
	seed uint64
	bias [6]int64 // 1e-9 units
	row  int
}

// NewIMULog starts the log (row 0 at the first frame's time).
func NewIMULog(seed uint64) *IMULog {
	l := &IMULog{seed: seed}
	for a := range l.bias {
		l.bias[a] = gauss(mix64(seed*977+uint64(a))) * 3 * GyroLSB / 1024
	}
	return l
}

// IMURowTimeNS is the time of IMU row j after the first frame.
func IMURowTimeNS(j int) int64 { return int64(j) * 1_000_000_000 / IMUPanIMURate }

// AppendRow appends the next row of the log to b.
func (l *IMULog) AppendRow(b []byte) []byte {
	j := l.row
	l.row++
	t := IMURowTimeNS(j)
	pose := PoseAt(t)
	var v [6]int64 // 1e-9 units
	v[0], v[1], v[2] = pose.RPitch*1000, pose.RYaw*1000, pose.RRoll*1000
	sr, cr := sinCos(pose.Roll)
	sp, cp := sinCos(pose.Pitch)
	v[3] = gravity * (sr >> 10) >> 20 * (cp >> 10) >> 20
	v[4] = -gravity * (cr >> 10) >> 20 * (cp >> 10) >> 20
	v[5] = gravity * (sp >> 10) >> 20
	b = strconv.AppendInt(b, IMUPanEpochNS+t, 10)
	for a := range v {
		h := mix64(l.seed<<32 ^ uint64(j)<<3 ^ uint64(a))
		lsb, noise := int64(GyroLSB), int64(3)
		if a >= 3 {
			lsb, noise = AccelLSB, 4
		}
		// the bias wanders by a tenth of a step per row, on average
		l.bias[a] += gauss(mix64(h^0x5555)) * lsb / 10240
		x := v[a] + l.bias[a] + gauss(h)*noise*lsb/1024
		count := (x + lsb/2) / lsb
		if x < 0 {
			count = -((-x + lsb/2) / lsb)
		}
		b = append(b, ',')
		b = appendMicro(b, count*lsb/1000) // 1e-6 units
	}
	return append(b, '\n')
}

// appendMicro prints v/1e6 with six decimals.
func appendMicro(b []byte, v int64) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/1_000_000, 10)
	b = append(b, '.')
	frac := strconv.AppendInt(nil, v%1_000_000, 10)
	for k := len(frac); k < 6; k++ {
		b = append(b, '0')
	}
	return append(b, frac...)
}
