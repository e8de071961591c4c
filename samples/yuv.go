package samples

import "github.com/vidlm/vidlm/vision"

// ToYUV420 converts an 8-bit BGR frame to 8-bit 4:2:0 YCbCr by the usual integer BT.601
// approximation (studio range: Y 16..235, Cb and Cr 16..240), what ffmpeg calls yuv420p.
// Chroma is taken from the average of each 2×2 block (centred siting, y4m's 420jpeg); at an
// odd edge the last row or column stands in for the missing one.
func ToYUV420(f *vision.Frame) *vision.Frame {
	if f.Format != vision.FormatBGR || f.Depth != 8 {
		panic("samples: ToYUV420 takes 8-bit BGR frames")
	}
	w, h := f.Width, f.Height
	out := vision.NewFrame(vision.Layout{Width: w, Height: h, Format: vision.FormatYUV420, Depth: 8})
	b, g, r := f.Planes[0], f.Planes[1], f.Planes[2]
	y := out.Planes[0]
	for i := range y {
		y[i] = uint16((66*int(r[i])+129*int(g[i])+25*int(b[i])+128)>>8 + 16)
	}
	cw := (w + 1) / 2
	cb, cr := out.Planes[1], out.Planes[2]
	for cy := 0; cy < (h+1)/2; cy++ {
		y0, y1 := 2*cy, min(2*cy+1, h-1)
		for cx := 0; cx < cw; cx++ {
			x0, x1 := 2*cx, min(2*cx+1, w-1)
			var sb, sg, sr int
			for _, i := range [4]int{y0*w + x0, y0*w + x1, y1*w + x0, y1*w + x1} {
				sb += int(b[i])
				sg += int(g[i])
				sr += int(r[i])
			}
			// The sums are 4× the average: shift by 10 rather than 8.
			cb[cy*cw+cx] = uint16(clamp((-38*sr-74*sg+112*sb+512)>>10+128, 0, 255))
			cr[cy*cw+cx] = uint16(clamp((112*sr-94*sg-18*sb+512)>>10+128, 0, 255))
		}
	}
	return out
}
