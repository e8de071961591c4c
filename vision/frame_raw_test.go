package vision

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// The raw layouts' reference definitions: the loops AppendRaw, SetRaw, AppendInterleaved and
// SetInterleaved were before they wrote by index (one append per byte).

func refAppendRaw(buf []byte, f *Frame) []byte {
	for _, p := range f.Planes {
		for _, v := range p {
			if f.Depth > 8 {
				buf = append(buf, byte(v), byte(v>>8))
			} else {
				buf = append(buf, byte(v))
			}
		}
	}
	return buf
}

func refAppendInterleaved(buf []byte, f *Frame) []byte {
	planes := f.Layout.Planes()
	for _, p := range planes {
		if p != planes[0] {
			return refAppendRaw(buf, f)
		}
	}
	for i := 0; i < f.Width*f.Height; i++ {
		for _, p := range f.Planes {
			if f.Depth > 8 {
				buf = append(buf, byte(p[i]), byte(p[i]>>8))
			} else {
				buf = append(buf, byte(p[i]))
			}
		}
	}
	return buf
}

func refSetInterleaved(f *Frame, raw []byte) {
	c := len(f.Planes)
	for i := 0; i < f.Width*f.Height; i++ {
		for k, p := range f.Planes {
			p[i] = uint16(raw[i*c+k])
		}
	}
}

func randomFrame(r *rand.Rand, l Layout) *Frame {
	f := NewFrame(l)
	for _, p := range f.Planes {
		for i := range p {
			p[i] = uint16(r.IntN(1 << l.Depth))
		}
	}
	return f
}

// TestRawLayoutsMatchDefinition holds the raw layouts to their definitions, appended after a
// prefix (with and without spare capacity) and read back, for every format at 8 and 16 bits
// and at odd sizes.
func TestRawLayoutsMatchDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	formats := []PixelFormat{FormatGray, FormatBGR, FormatYUV420, FormatYUV422, FormatYUV444, FormatYUV411, FormatYUVA444}
	for _, format := range formats {
		for _, depth := range []int{1, 8, 10, 16} {
			for _, size := range [][2]int{{1, 1}, {7, 5}, {33, 18}} {
				l := Layout{Width: size[0], Height: size[1], Format: format, Depth: depth}
				f := randomFrame(r, l)
				for _, prefix := range [][]byte{nil, []byte("FRAME\n"), make([]byte, 3, 1<<16)} {
					want := refAppendRaw(bytes.Clone(prefix), f)
					got := f.AppendRaw(bytes.Clone(prefix))
					if !bytes.Equal(got, want) {
						t.Fatalf("%v %d bits %dx%d: AppendRaw differs from its definition", format, depth, size[0], size[1])
					}
					want = refAppendInterleaved(bytes.Clone(prefix), f)
					got = AppendInterleaved(bytes.Clone(prefix), f)
					if !bytes.Equal(got, want) {
						t.Fatalf("%v %d bits %dx%d: AppendInterleaved differs from its definition", format, depth, size[0], size[1])
					}
				}
				g := NewFrame(l)
				g.SetRaw(f.AppendRaw(nil))
				if !bytes.Equal(refAppendRaw(nil, g), refAppendRaw(nil, f)) {
					t.Fatalf("%v %d bits %dx%d: SetRaw does not invert AppendRaw", format, depth, size[0], size[1])
				}
				g = NewFrame(l)
				g.SetInterleaved(refAppendInterleaved(nil, f))
				if !bytes.Equal(refAppendRaw(nil, g), refAppendRaw(nil, f)) {
					t.Fatalf("%v %d bits %dx%d: SetInterleaved does not invert AppendInterleaved", format, depth, size[0], size[1])
				}
			}
		}
	}
}

// BenchmarkRawLayouts measures what every BGR frame's hash and raw output cost (vtest.avi's
// 768x576), and the same by the loops before (ref*) for the ratio.
func BenchmarkRawLayouts(b *testing.B) {
	f := randomFrame(rand.New(rand.NewPCG(1, 2)), Layout{Width: 768, Height: 576, Format: FormatBGR, Depth: 8})
	buf := AppendInterleaved(nil, f)
	b.Run("AppendInterleaved", func(b *testing.B) {
		for b.Loop() {
			buf = AppendInterleaved(buf[:0], f)
		}
	})
	b.Run("SetInterleaved", func(b *testing.B) {
		for b.Loop() {
			f.SetInterleaved(buf)
		}
	})
	b.Run("AppendRaw", func(b *testing.B) {
		for b.Loop() {
			buf = f.AppendRaw(buf[:0])
		}
	})
	// the loops before (one append per byte; the planes looped per pixel), side by side
	b.Run("refAppendInterleaved", func(b *testing.B) {
		for b.Loop() {
			buf = refAppendInterleaved(buf[:0], f)
		}
	})
	b.Run("refSetInterleaved", func(b *testing.B) {
		for b.Loop() {
			refSetInterleaved(f, buf)
		}
	})
	b.Run("refAppendRaw", func(b *testing.B) {
		for b.Loop() {
			buf = refAppendRaw(buf[:0], f)
		}
	})
}

// TestPutRowsMakeTheRawLayouts writes frames band by band (PutRawRows, PutInterleavedRows)
// and compares them with AppendRaw and AppendInterleaved.
func TestPutRowsMakeTheRawLayouts(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	formats := []PixelFormat{FormatGray, FormatBGR, FormatYUV420, FormatYUV422, FormatYUV444, FormatYUV411, FormatYUVA444}
	for _, format := range formats {
		for _, depth := range []int{8, 12} {
			l := Layout{Width: 13, Height: 11, Format: format, Depth: depth}
			f := randomFrame(r, l)
			planar := make([]byte, l.FrameBytes())
			inter := make([]byte, l.FrameBytes())
			for _, cut := range [][]int{{0, 4, 11}, {0, 11}, {0, 1, 2, 10, 11}} {
				for k, p := range l.Planes() {
					for j := 0; j+1 < len(cut); j++ {
						sy := 0
						for p.Height<<sy < l.Height {
							sy++
						}
						y0, y1 := (cut[j]+1<<sy-1)>>sy, (cut[j+1]+1<<sy-1)>>sy
						f.PutRawRows(planar, k, y0, y1)
					}
				}
				if !bytes.Equal(planar, refAppendRaw(nil, f)) {
					t.Fatalf("%v %d bits, bands %v: PutRawRows differs from AppendRaw", format, depth, cut)
				}
				if l.Interleaved() {
					for j := 0; j+1 < len(cut); j++ {
						PutInterleavedRows(inter, f, cut[j], cut[j+1])
					}
					if !bytes.Equal(inter, refAppendInterleaved(nil, f)) {
						t.Fatalf("%v %d bits, bands %v: PutInterleavedRows differs from AppendInterleaved", format, depth, cut)
					}
				}
			}
		}
	}
}
