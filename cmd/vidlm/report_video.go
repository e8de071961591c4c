//go:build !nocv

package main

import (
	"fmt"

	"github.com/vidlm/vidlm/report"
	"github.com/vidlm/vidlm/vision"
	"github.com/vidlm/vidlm/vision/cv"
)

// heatmapVideoOpener returns the opener of the report's heatmap video of the given kind and
// its file name: "mjpg" (heatmap.avi, small; JPEG blurs single-pixel detail a little), "ffv1"
// (heatmap.mkv, lossless through vision/cv, several times larger) or "none" (a nil opener).
// Debian 12's OpenCV 4.6 writes both and reads both back (the tests check it).
func heatmapVideoOpener(kind string) (report.VideoOpener, string, error) {
	switch kind {
	case "none":
		return nil, "", nil
	case "ffv1":
		return cvWriter(cv.FFV1), "heatmap.mkv", nil
	case "mjpg":
		return cvWriter(cv.MJPG), "heatmap.avi", nil
	}
	return nil, "", usageError{fmt.Errorf("unknown heatmap video %q (mjpg, ffv1 or none)", kind)}
}

// cvWriter opens OpenCV's VideoWriter with codec.
func cvWriter(codec cv.Codec) report.VideoOpener {
	return func(path string, l vision.Layout, rate vision.Rational) (vision.FrameSink, error) {
		return cv.NewVideoWriter(path, codec, l, rate)
	}
}
