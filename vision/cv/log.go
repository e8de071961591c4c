package cv

/*
#cgo !windows pkg-config: opencv4
#cgo CXXFLAGS: --std=c++11
#cgo LDFLAGS: -ldl
#include "log.h"
*/
import "C"

import "os"

// OpenCV logs to stderr on its own: every backend that fails to open a file prints warnings,
// and an unknown file gives several lines. vidlm reports each failure as one line of its
// own, so OpenCV is silenced unless the user asks for its log (OPENCV_LOG_LEVEL=INFO, ...).
// Setting the variable from Go would come too late: OpenCV has read it before main runs.
//
// FFmpeg, inside OpenCV's video backend, logs on its own too ("[matroska,webm @ 0x...] EBML
// header parsing failed" for a damaged file). OpenCV sets FFmpeg's level when it registers
// its FFmpeg backend (from OPENCV_FFMPEG_LOGLEVEL, else AV_LOG_ERROR), which may be before or
// after this init: so vidlm both sets the variable to AV_LOG_QUIET (-8) and sets FFmpeg's
// level directly, unless the user set OPENCV_FFMPEG_LOGLEVEL or OPENCV_FFMPEG_DEBUG to see
// FFmpeg's messages.
func init() {
	if _, ok := os.LookupEnv("OPENCV_LOG_LEVEL"); !ok {
		C.vidlm_cv_silence()
	}
	_, level := os.LookupEnv("OPENCV_FFMPEG_LOGLEVEL")
	_, debug := os.LookupEnv("OPENCV_FFMPEG_DEBUG")
	if !level && !debug {
		os.Setenv("OPENCV_FFMPEG_LOGLEVEL", "-8")
		C.vidlm_ffmpeg_quiet()
	}
}
