//go:build nocv

package main

import (
	"fmt"

	"github.com/vidlm/vidlm/report"
)

// heatmapVideoOpener is the stub of the report's heatmap video: "none" works, "mjpg" and
// "ffv1" (written through OpenCV) fail before the report directory is created.
func heatmapVideoOpener(kind string) (report.VideoOpener, string, error) {
	switch kind {
	case "none":
		return nil, "", nil
	case "ffv1", "mjpg":
		return nil, "", needsOpenCVError{fmt.Sprintf("the report's heatmap video (%s)", kind)}
	}
	return nil, "", usageError{fmt.Errorf("unknown heatmap video %q (mjpg, ffv1 or none)", kind)}
}
