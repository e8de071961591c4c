package vision

import "fmt"

// Crop returns a new frame holding the rectangle of f at (x, y), w×h pixels, with the frame's
// parameters. x, y, w and h must be multiples of the chroma subsampling (2 for yuv420, 4
// horizontally for yuv411), so that every plane is cut at whole samples.
func (f *Frame) Crop(x, y, w, h int) (*Frame, error) {
	l := f.Layout
	l.Width, l.Height = w, h
	if x < 0 || y < 0 || w <= 0 || h <= 0 || x+w > f.Width || y+h > f.Height {
		return nil, fmt.Errorf("crop %dx%d at (%d, %d) does not fit in %dx%d", w, h, x, y, f.Width, f.Height)
	}
	full := f.Layout.Planes()
	c := NewFrame(l)
	c.Params = f.Params
	for p, ps := range l.Planes() {
		sx, sy := f.Width/full[p].Width, f.Height/full[p].Height
		if x%sx != 0 || y%sy != 0 || w%sx != 0 || h%sy != 0 {
			return nil, fmt.Errorf("crop %dx%d at (%d, %d) splits the %s chroma samples", w, h, x, y, f.Format)
		}
		for r := 0; r < ps.Height; r++ {
			src := f.Planes[p][(y/sy+r)*full[p].Width+x/sx:]
			copy(c.Planes[p][r*ps.Width:(r+1)*ps.Width], src[:ps.Width])
		}
	}
	return c, nil
}
