package cv

import (
	"fmt"

	"gocv.io/x/gocv"

	"github.com/vidlm/vidlm/vision"
)

// matLayout returns the vision layout of an OpenCV picture: one channel is gray, three are
// BGR, at 8 or 16 bits unsigned. Anything else (alpha, signed or floating-point samples) is
// refused with a reason.
func matLayout(m *gocv.Mat) (vision.Layout, error) {
	t := m.Type()
	l := vision.Layout{Width: m.Cols(), Height: m.Rows()}
	switch t & 7 {
	case gocv.MatTypeCV8U:
		l.Depth = 8
	case gocv.MatTypeCV16U:
		l.Depth = 16
	default:
		return l, fmt.Errorf("%s samples are not supported (8 or 16-bit unsigned only)", depthName(t))
	}
	switch ch := m.Channels(); ch {
	case 1:
		l.Format = vision.FormatGray
	case 3:
		l.Format = vision.FormatBGR
	case 4:
		return l, fmt.Errorf("4 channels (BGRA): alpha is not supported; drop it first (e.g. ffmpeg -pix_fmt bgr24 or rgb48be)")
	default:
		return l, fmt.Errorf("%d channels are not supported (gray or BGR only)", ch)
	}
	if err := l.Validate(); err != nil {
		return l, err
	}
	return l, nil
}

func depthName(t gocv.MatType) string {
	switch t & 7 {
	case gocv.MatTypeCV8U:
		return "8-bit unsigned"
	case gocv.MatTypeCV8S:
		return "8-bit signed"
	case gocv.MatTypeCV16U:
		return "16-bit unsigned"
	case gocv.MatTypeCV16S:
		return "16-bit signed"
	case gocv.MatTypeCV32S:
		return "32-bit integer"
	case gocv.MatTypeCV32F:
		return "32-bit float"
	case gocv.MatTypeCV64F:
		return "64-bit float"
	}
	return "16-bit float"
}

// matType is the OpenCV type holding frames of layout l (gray or BGR, 8 or 16 bits).
func matType(l vision.Layout) (gocv.MatType, error) {
	var t gocv.MatType
	switch l.Format {
	case vision.FormatGray:
		t = gocv.MatChannels1
	case vision.FormatBGR:
		t = gocv.MatChannels3
	default:
		return 0, fmt.Errorf("OpenCV holds gray or BGR frames, not %s", l.Format)
	}
	if l.Depth > 8 {
		return t + gocv.MatTypeCV16U, nil
	}
	return t + gocv.MatTypeCV8U, nil
}

// describe names a layout for messages: "768x576 bgr 8-bit".
func describe(l vision.Layout) string {
	return fmt.Sprintf("%dx%d %s %d-bit", l.Width, l.Height, l.Format, l.Depth)
}

// matToFrame copies an OpenCV picture of layout l into a new frame: interleaved channels
// become planes (B, G, R), 16-bit samples are read in the machine's order, as OpenCV holds them.
func matToFrame(m *gocv.Mat, l vision.Layout) (*vision.Frame, error) {
	f := vision.NewFrame(l)
	if !m.IsContinuous() {
		// OpenCV's decoders return continuous pictures; a view into a larger one is not.
		c := m.Clone()
		defer c.Close()
		m = &c
	}
	if l.Depth <= 8 {
		b, err := m.DataPtrUint8()
		if err != nil {
			return nil, err
		}
		if len(b) != l.FrameBytes() {
			return nil, fmt.Errorf("picture holds %d bytes, want %d", len(b), l.FrameBytes())
		}
		f.SetInterleaved(b)
		return f, nil
	}
	s, err := m.DataPtrUint16()
	if err != nil {
		return nil, err
	}
	c := len(f.Planes)
	if len(s) != l.Width*l.Height*c {
		return nil, fmt.Errorf("picture holds %d samples, want %d", len(s), l.Width*l.Height*c)
	}
	deinterleave16(f.Planes, s)
	return f, nil
}

// deinterleave16 splits interleaved samples into planes.
func deinterleave16(planes [][]uint16, s []uint16) {
	c := len(planes)
	if c == 1 {
		copy(planes[0], s)
		return
	}
	for k, p := range planes {
		for i := range p {
			p[i] = s[i*c+k]
		}
	}
}

// frameToMat copies frame f into m, which must have been made with matType(f.Layout) and
// f's size: planes become interleaved channels.
func frameToMat(f *vision.Frame, m *gocv.Mat) error {
	c := len(f.Planes)
	if f.Depth <= 8 {
		b, err := m.DataPtrUint8()
		if err != nil {
			return err
		}
		if len(b) != f.Width*f.Height*c {
			return fmt.Errorf("picture holds %d bytes, want %d", len(b), f.Width*f.Height*c)
		}
		if c == 1 {
			for i, v := range f.Planes[0] {
				b[i] = byte(v)
			}
			return nil
		}
		for k, p := range f.Planes {
			for i, v := range p {
				b[i*c+k] = byte(v)
			}
		}
		return nil
	}
	s, err := m.DataPtrUint16()
	if err != nil {
		return err
	}
	if len(s) != f.Width*f.Height*c {
		return fmt.Errorf("picture holds %d samples, want %d", len(s), f.Width*f.Height*c)
	}
	for k, p := range f.Planes {
		for i, v := range p {
			s[i*c+k] = v
		}
	}
	return nil
}
