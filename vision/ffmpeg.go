package vision

import "fmt"

// FFmpegPixFmt returns the pixel format ffmpeg knows frames of layout l by, laid out as
// AppendFFmpegRaw lays them out, or an error when there is none. It is one FFV1 stores as it
// is: packed bgr24 for 8-bit BGR (FFV1 keeps it as bgr0), planar gbrp above 8 bits, the y4m
// planes for gray and YUV. Depths ffmpeg or FFV1 lack (11, 13, 15; 14 for gray, 12 and 14
// for yuva444) take the next larger one: the samples are kept, only the declared depth grows.
func FFmpegPixFmt(l Layout) (string, error) {
	type entry struct {
		base   string
		depths []int // supported depths above 8, ascending
	}
	e, ok := map[PixelFormat]entry{
		FormatGray:    {"gray", []int{9, 10, 12, 16}},
		FormatBGR:     {"gbrp", []int{9, 10, 12, 14, 16}},
		FormatYUV420:  {"yuv420p", []int{9, 10, 12, 14, 16}},
		FormatYUV422:  {"yuv422p", []int{9, 10, 12, 14, 16}},
		FormatYUV444:  {"yuv444p", []int{9, 10, 12, 14, 16}},
		FormatYUV411:  {"yuv411p", nil},
		FormatYUVA444: {"yuva444p", []int{9, 10, 16}},
	}[l.Format]
	if !ok {
		return "", fmt.Errorf("no ffmpeg pixel format for %s", l.Format)
	}
	if l.Depth <= 8 {
		if l.Format == FormatBGR {
			return "bgr24", nil
		}
		return e.base, nil
	}
	for _, d := range e.depths {
		if d >= l.Depth {
			return fmt.Sprintf("%s%dle", e.base, d), nil
		}
	}
	return "", fmt.Errorf("no ffmpeg pixel format for %d-bit %s", l.Depth, l.Format)
}

// AppendFFmpegRaw appends a frame in the raw layout of its FFmpegPixFmt: packed B, G, R at
// 8 bits, planes G, B, R (gbrp) above; planes in order (AppendRaw) for gray and YUV; two
// little-endian bytes per sample above 8 bits.
func AppendFFmpegRaw(buf []byte, f *Frame) []byte {
	if f.Format != FormatBGR {
		return f.AppendRaw(buf)
	}
	if f.Depth <= 8 {
		return AppendInterleaved(buf, f)
	}
	g := *f
	g.Planes = [][]uint16{f.Planes[1], f.Planes[0], f.Planes[2]}
	return g.AppendRaw(buf)
}

// SetFFmpegRaw fills the frame from raw bytes laid out as AppendFFmpegRaw writes them; raw
// must hold exactly FrameBytes bytes.
func (f *Frame) SetFFmpegRaw(raw []byte) {
	switch {
	case f.Format != FormatBGR:
		f.SetRaw(raw)
	case f.Depth <= 8:
		f.SetInterleaved(raw)
	default:
		g := *f
		g.Planes = [][]uint16{f.Planes[1], f.Planes[0], f.Planes[2]}
		g.SetRaw(raw)
	}
}
