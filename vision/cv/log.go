package cv

/*
#cgo !windows pkg-config: opencv4
#cgo CXXFLAGS: --std=c++11
#include "log.h"
*/
import "C"

import "os"

// OpenCV logs to stderr on its own: every backend that fails to open a file prints warnings,
// and an unknown file gives several lines. vidlm reports each failure as one line of its
// own, so OpenCV is silenced unless the user asks for its log (OPENCV_LOG_LEVEL=INFO, ...).
// Setting the variable from Go would come too late: OpenCV has read it before main runs.
func init() {
	if _, ok := os.LookupEnv("OPENCV_LOG_LEVEL"); !ok {
		C.vidlm_cv_silence()
	}
}
