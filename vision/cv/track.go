package cv

import (
	"fmt"

	"gocv.io/x/gocv"

	"github.com/vidlm/vidlm/vision"
)

// TrackBright finds a bright body in each gray 8-bit frame: the pixels above threshold
// (OpenCV's binary threshold) and the centroid of that mask from its image moments. The
// positions are in pixels, x right and y down, with the top-left pixel's centre at (0.5, 0.5).
// A frame without any pixel above the threshold is an error.
func TrackBright(frames []*vision.Frame, threshold float32) ([][2]float64, error) {
	out := make([][2]float64, 0, len(frames))
	for i, f := range frames {
		if f.Format != vision.FormatGray || f.Depth != 8 {
			return nil, fmt.Errorf("frame %d: track wants gray 8-bit, not %s %d-bit", i, f.Format, f.Depth)
		}
		buf := make([]byte, len(f.Planes[0]))
		for k, v := range f.Planes[0] {
			buf[k] = byte(v)
		}
		src, err := gocv.NewMatFromBytes(f.Height, f.Width, gocv.MatTypeCV8U, buf)
		if err != nil {
			return nil, fmt.Errorf("frame %d: %v", i, err)
		}
		mask := gocv.NewMat()
		gocv.Threshold(src, &mask, threshold, 255, gocv.ThresholdBinary)
		m := gocv.Moments(mask, true)
		src.Close()
		mask.Close()
		if m["m00"] == 0 {
			return nil, fmt.Errorf("frame %d: nothing above %g", i, threshold)
		}
		out = append(out, [2]float64{m["m10"]/m["m00"] + 0.5, m["m01"]/m["m00"] + 0.5})
	}
	return out, nil
}
