package vision

import (
	"bytes"
	"testing"
)

func TestFFmpegPixFmt(t *testing.T) {
	for _, tc := range []struct {
		l    Layout
		want string
	}{
		{Layout{Format: FormatYUV420, Depth: 8}, "yuv420p"},
		{Layout{Format: FormatYUV422, Depth: 12}, "yuv422p12le"},
		{Layout{Format: FormatYUV444, Depth: 11}, "yuv444p12le"},
		{Layout{Format: FormatYUVA444, Depth: 12}, "yuva444p16le"},
		{Layout{Format: FormatGray, Depth: 12}, "gray12le"},
		{Layout{Format: FormatGray, Depth: 14}, "gray16le"},
		{Layout{Format: FormatBGR, Depth: 8}, "bgr24"},
		{Layout{Format: FormatBGR, Depth: 10}, "gbrp10le"},
		{Layout{Format: FormatYUV411, Depth: 8}, "yuv411p"},
	} {
		if got, err := FFmpegPixFmt(tc.l); err != nil || got != tc.want {
			t.Errorf("FFmpegPixFmt(%s %d-bit) = %q, %v; want %q", tc.l.Format, tc.l.Depth, got, err, tc.want)
		}
	}
	if _, err := FFmpegPixFmt(Layout{Format: FormatYUV411, Depth: 10}); err == nil {
		t.Error("10-bit 4:1:1 accepted; ffmpeg has no such format")
	}
}

// TestFFmpegRaw: SetFFmpegRaw undoes AppendFFmpegRaw for BGR at 8 and 16 bits and for YUV.
func TestFFmpegRaw(t *testing.T) {
	for _, l := range []Layout{
		{Width: 5, Height: 3, Format: FormatBGR, Depth: 8},
		{Width: 5, Height: 3, Format: FormatBGR, Depth: 12},
		{Width: 6, Height: 4, Format: FormatYUV420, Depth: 10},
	} {
		f := NewFrame(l)
		for p, plane := range f.Planes {
			for i := range plane {
				plane[i] = uint16((i*31 + p*7) % (1 << l.Depth))
			}
		}
		raw := AppendFFmpegRaw(nil, f)
		if len(raw) != l.FrameBytes() {
			t.Fatalf("%s %d-bit: %d bytes, want %d", l.Format, l.Depth, len(raw), l.FrameBytes())
		}
		g := NewFrame(l)
		g.SetFFmpegRaw(raw)
		if !bytes.Equal(g.AppendRaw(nil), f.AppendRaw(nil)) {
			t.Errorf("%s %d-bit: the frame differs after the round trip", l.Format, l.Depth)
		}
	}
	// gbrp: G first.
	f := NewFrame(Layout{Width: 1, Height: 1, Format: FormatBGR, Depth: 16})
	f.Planes[0][0], f.Planes[1][0], f.Planes[2][0] = 1, 2, 3
	if got := AppendFFmpegRaw(nil, f); !bytes.Equal(got, []byte{2, 0, 1, 0, 3, 0}) {
		t.Errorf("16-bit BGR laid out as %v, want G, B, R", got)
	}
}
