package cv

import (
	"math"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

func TestTrackBright(t *testing.T) {
	l := vision.Layout{Width: 40, Height: 30, Format: vision.FormatGray, Depth: 8}
	f := vision.NewFrame(l)
	for y := range 30 {
		for x := range 40 {
			f.Planes[0][y*40+x] = 50
			if dx, dy := float64(x)+0.5-12.5, float64(y)+0.5-20.5; dx*dx+dy*dy <= 9 {
				f.Planes[0][y*40+x] = 230
			}
		}
	}
	got, err := TrackBright([]*vision.Frame{f}, 180)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got[0][0]-12.5) > 0.01 || math.Abs(got[0][1]-20.5) > 0.01 {
		t.Fatalf("centre %v, want (12.5, 20.5)", got[0])
	}
	clear(f.Planes[0])
	if _, err := TrackBright([]*vision.Frame{f}, 180); err == nil {
		t.Fatal("an empty frame gave a track")
	}
}
