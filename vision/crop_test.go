package vision

import "testing"

func TestCrop(t *testing.T) {
	f := NewFrame(Layout{Width: 6, Height: 4, Format: FormatYUV420, Depth: 8})
	for p := range f.Planes {
		for i := range f.Planes[p] {
			f.Planes[p][i] = uint16(p*100 + i)
		}
	}
	f.Params = " Ixyz"
	c, err := f.Crop(2, 2, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	// Luma rows 2..3, columns 2..5 of a 6-wide plane; chroma row 1, columns 1..2 of a 3-wide one.
	want := [][]uint16{{14, 15, 16, 17, 20, 21, 22, 23}, {104, 105}, {204, 205}}
	for p := range want {
		for i, v := range want[p] {
			if c.Planes[p][i] != v {
				t.Fatalf("plane %d: %v, want %v", p, c.Planes[p], want[p])
			}
		}
	}
	if c.Width != 4 || c.Height != 2 || c.Params != " Ixyz" {
		t.Fatalf("cropped frame %+v", c.Layout)
	}
	for _, r := range [][4]int{{1, 0, 2, 2}, {0, 0, 3, 2}, {4, 0, 4, 2}, {0, 0, 0, 2}} {
		if _, err := f.Crop(r[0], r[1], r[2], r[3]); err == nil {
			t.Errorf("crop %v accepted", r)
		}
	}
}
