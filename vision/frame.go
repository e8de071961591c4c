// Package vision holds vidlm's pure-Go view of pictures and streams: the Frame type, the y4m
// reader and writer, reversible colour transforms and the sensor (CSV) readers and writers.
// It never imports OpenCV; the gocv adapters live in vision/cv.
package vision

import (
	"fmt"
	"slices"
)

// PixelFormat says which planes a frame has and how its chroma is subsampled.
type PixelFormat uint8

// Pixel formats. BGR is three full-size planes in the order B, G, R (OpenCV's channel order);
// the YUV formats keep y4m's planes (Y, Cb, Cr[, A]) as they come.
const (
	FormatGray PixelFormat = iota + 1
	FormatBGR
	FormatYUV420
	FormatYUV422
	FormatYUV444
	FormatYUV411
	FormatYUVA444
)

var formatNames = map[PixelFormat]string{
	FormatGray: "gray", FormatBGR: "bgr", FormatYUV420: "yuv420", FormatYUV422: "yuv422",
	FormatYUV444: "yuv444", FormatYUV411: "yuv411", FormatYUVA444: "yuva444",
}

func (f PixelFormat) String() string {
	if s, ok := formatNames[f]; ok {
		return s
	}
	return fmt.Sprintf("PixelFormat(%d)", uint8(f))
}

// Valid reports whether f is a known pixel format.
func (f PixelFormat) Valid() bool { _, ok := formatNames[f]; return ok }

// Limits on what a stream may claim, checked before anything is allocated.
const (
	MaxDimension   = 1 << 15 // width or height
	MaxFramePixels = 1 << 27 // width × height (134 MPix, e.g. 16384x8192)
	MinDepth       = 1
	MaxDepth       = 16
)

// Layout is the shape shared by every frame of a stream.
type Layout struct {
	Width, Height int
	Format        PixelFormat
	Depth         int // bits per sample, 1..16
}

// PlaneSize is the geometry of one plane.
type PlaneSize struct{ Width, Height int }

// Validate checks the layout against the limits above.
func (l Layout) Validate() error {
	switch {
	case !l.Format.Valid():
		return fmt.Errorf("unknown pixel format %d", l.Format)
	case l.Width <= 0 || l.Height <= 0:
		return fmt.Errorf("frame size %dx%d is empty", l.Width, l.Height)
	case l.Width > MaxDimension || l.Height > MaxDimension || l.Width*l.Height > MaxFramePixels:
		return fmt.Errorf("frame size %dx%d exceeds the limit (%d per side, %d pixels)", l.Width, l.Height, MaxDimension, MaxFramePixels)
	case l.Depth < MinDepth || l.Depth > MaxDepth:
		return fmt.Errorf("bit depth %d is outside %d..%d", l.Depth, MinDepth, MaxDepth)
	}
	return nil
}

// Planes returns the geometry of each plane in order.
func (l Layout) Planes() []PlaneSize {
	full := PlaneSize{l.Width, l.Height}
	sub := func(sx, sy int) PlaneSize {
		return PlaneSize{(l.Width + (1<<sx - 1)) >> sx, (l.Height + (1<<sy - 1)) >> sy}
	}
	switch l.Format {
	case FormatGray:
		return []PlaneSize{full}
	case FormatBGR, FormatYUV444:
		return []PlaneSize{full, full, full}
	case FormatYUVA444:
		return []PlaneSize{full, full, full, full}
	case FormatYUV420:
		c := sub(1, 1)
		return []PlaneSize{full, c, c}
	case FormatYUV422:
		c := sub(1, 0)
		return []PlaneSize{full, c, c}
	case FormatYUV411:
		c := sub(2, 0)
		return []PlaneSize{full, c, c}
	}
	return nil
}

// Samples returns the number of samples in one frame.
func (l Layout) Samples() int {
	n := 0
	for _, p := range l.Planes() {
		n += p.Width * p.Height
	}
	return n
}

// BytesPerSample is 1 for depths up to 8 and 2 above.
func (l Layout) BytesPerSample() int {
	if l.Depth > 8 {
		return 2
	}
	return 1
}

// FrameBytes is the size of one frame's raw samples (planar, little-endian above 8 bits).
func (l Layout) FrameBytes() int { return l.Samples() * l.BytesPerSample() }

// Frame is one picture: its planes' samples, row-major, one uint16 per sample whatever the
// depth.
type Frame struct {
	Layout
	Planes [][]uint16
	// Params holds per-frame parameters that must survive a round trip verbatim (the y4m
	// FRAME line's parameters); empty for most sources.
	Params string
}

// NewFrame allocates a zeroed frame of layout l.
func NewFrame(l Layout) *Frame {
	f := &Frame{Layout: l}
	for _, p := range l.Planes() {
		f.Planes = append(f.Planes, make([]uint16, p.Width*p.Height))
	}
	return f
}

// AppendRaw appends the frame's samples to buf in the stream's canonical raw layout: planes in
// order, row-major, one byte per sample up to 8 bits, two little-endian bytes above.
func (f *Frame) AppendRaw(buf []byte) []byte {
	wide := f.Depth > 8
	for _, p := range f.Planes {
		// Grown once and written by index: append per sample cost about eight instructions
		// a byte (the capacity check and the length's update), which every frame's hash and
		// every decoded frame's output paid.
		var out []byte
		if wide {
			buf, out = grow(buf, 2*len(p))
			for j, v := range p {
				o := out[2*j : 2*j+2 : 2*j+2]
				o[0], o[1] = byte(v), byte(v>>8)
			}
		} else {
			buf, out = grow(buf, len(p))
			out = out[:len(p)]
			for j, v := range p {
				out[j] = byte(v)
			}
		}
	}
	return buf
}

// grow extends buf by n bytes and returns it and the n new bytes, for writing by index.
func grow(buf []byte, n int) ([]byte, []byte) {
	l := len(buf)
	buf = slices.Grow(buf, n)[:l+n]
	return buf, buf[l:]
}

// SetRaw fills the frame's planes from raw bytes in the canonical layout (see AppendRaw);
// raw must hold exactly FrameBytes bytes.
func (f *Frame) SetRaw(raw []byte) {
	wide := f.Depth > 8
	i := 0
	for _, p := range f.Planes {
		if wide {
			r := raw[i : i+2*len(p)]
			for j := range p {
				p[j] = uint16(r[2*j]) | uint16(r[2*j+1])<<8
			}
			i += 2 * len(p)
		} else {
			r := raw[i : i+len(p)]
			r = r[:len(p)]
			for j := range p {
				p[j] = uint16(r[j])
			}
			i += len(p)
		}
	}
}

// MaxValue is the largest sample value at the frame's depth.
func (l Layout) MaxValue() int { return 1<<l.Depth - 1 }

// AppendInterleaved appends the frame's samples pixel by pixel, channels interleaved (B, G, R
// for FormatBGR, as OpenCV lays them out), two little-endian bytes per sample above 8 bits.
// Frames with subsampled planes are appended planar (see AppendRaw).
func AppendInterleaved(buf []byte, f *Frame) []byte {
	planes := f.Layout.Planes()
	for _, p := range planes {
		if p != planes[0] {
			return f.AppendRaw(buf)
		}
	}
	n := f.Width * f.Height
	c := len(f.Planes)
	if f.Depth <= 8 && c == 3 {
		// 8-bit BGR, every OpenCV video's frames: one pass, written by index (the hash and
		// the raw output of every such frame go through here)
		var out []byte
		buf, out = grow(buf, 3*n)
		p0, p1, p2 := f.Planes[0][:n], f.Planes[1][:n], f.Planes[2][:n]
		for i := range n {
			o := out[3*i : 3*i+3 : 3*i+3]
			o[0], o[1], o[2] = byte(p0[i]), byte(p1[i]), byte(p2[i])
		}
		return buf
	}
	bps := 1
	if f.Depth > 8 {
		bps = 2
	}
	var out []byte
	buf, out = grow(buf, n*c*bps)
	for k, p := range f.Planes {
		p = p[:n]
		if bps == 2 {
			for i, v := range p {
				j := 2 * (i*c + k)
				out[j], out[j+1] = byte(v), byte(v>>8)
			}
		} else {
			for i, v := range p {
				out[i*c+k] = byte(v)
			}
		}
	}
	return buf
}

// SetInterleaved fills the frame from interleaved samples (the layout AppendInterleaved
// writes); raw must hold exactly FrameBytes bytes.
func (f *Frame) SetInterleaved(raw []byte) {
	planes := f.Layout.Planes()
	for _, p := range planes {
		if p != planes[0] {
			f.SetRaw(raw)
			return
		}
	}
	n := f.Width * f.Height
	c := len(f.Planes)
	if f.Depth <= 8 && c == 3 {
		p0, p1, p2 := f.Planes[0][:n], f.Planes[1][:n], f.Planes[2][:n]
		raw = raw[:3*n]
		for i := range n {
			r := raw[3*i : 3*i+3 : 3*i+3]
			p0[i], p1[i], p2[i] = uint16(r[0]), uint16(r[1]), uint16(r[2])
		}
		return
	}
	for k, p := range f.Planes {
		p = p[:n]
		if f.Depth > 8 {
			for i := range p {
				j := 2 * (i*c + k)
				p[i] = uint16(raw[j]) | uint16(raw[j+1])<<8
			}
		} else {
			for i := range p {
				p[i] = uint16(raw[i*c+k])
			}
		}
	}
}

// Subsampling returns the power-of-two factors (x, y) by which plane a is smaller than b.
func Subsampling(a, b PlaneSize) [2]uint {
	var s [2]uint
	for a.Width<<s[0] < b.Width {
		s[0]++
	}
	for a.Height<<s[1] < b.Height {
		s[1]++
	}
	return s
}

// Interleaved reports whether AppendInterleaved lays the frame's samples out pixel by pixel
// (every plane the same size), not planar.
func (l Layout) Interleaved() bool {
	planes := l.Planes()
	for _, p := range planes {
		if p != planes[0] {
			return false
		}
	}
	return true
}

// PutRawRows writes rows y0..y1-1 of plane k into raw, a frame's whole canonical raw layout
// (AppendRaw's, without anything appended before it), where AppendRaw puts them: bands of a
// frame written this way on several goroutines make AppendRaw's bytes.
func (f *Frame) PutRawRows(raw []byte, k, y0, y1 int) {
	planes := f.Layout.Planes()
	bps := f.Layout.BytesPerSample()
	off := 0
	for _, p := range planes[:k] {
		off += p.Width * p.Height * bps
	}
	w := planes[k].Width
	src := f.Planes[k][y0*w : y1*w]
	dst := raw[off+y0*w*bps : off+y1*w*bps]
	if bps == 2 {
		for j, v := range src {
			o := dst[2*j : 2*j+2 : 2*j+2]
			o[0], o[1] = byte(v), byte(v>>8)
		}
		return
	}
	dst = dst[:len(src)]
	for j, v := range src {
		dst[j] = byte(v)
	}
}

// PutInterleavedRows writes rows y0..y1-1 of every plane into raw, a frame's whole
// interleaved layout (AppendInterleaved's), where AppendInterleaved puts them. The frame's
// planes must all be the same size (Layout.Interleaved).
func PutInterleavedRows(raw []byte, f *Frame, y0, y1 int) {
	c, bps := len(f.Planes), f.Layout.BytesPerSample()
	a, b := y0*f.Width, y1*f.Width
	dst := raw[a*c*bps : b*c*bps]
	if bps == 1 && c == 3 {
		p0, p1, p2 := f.Planes[0][a:b], f.Planes[1][a:b], f.Planes[2][a:b]
		n := b - a
		p1, p2 = p1[:n], p2[:n]
		for i, v := range p0 {
			o := dst[3*i : 3*i+3 : 3*i+3]
			o[0], o[1], o[2] = byte(v), byte(p1[i]), byte(p2[i])
		}
		return
	}
	for k, p := range f.Planes {
		p = p[a:b]
		for i, v := range p {
			if bps == 2 {
				j := 2 * (i*c + k)
				dst[j], dst[j+1] = byte(v), byte(v>>8)
			} else {
				dst[i*c+k] = byte(v)
			}
		}
	}
}
