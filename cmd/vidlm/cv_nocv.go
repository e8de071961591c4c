//go:build nocv

package main

import (
	"context"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/vision"
)

// This build (-tags nocv, CGO_ENABLED=0) links no OpenCV: main hands every command that needs
// it to vidlm-opencv before starting (handoff_nocv.go). These stubs are the safety net behind
// that decision: an error, before anything is written.

// openCVInput is the stub of the OpenCV inputs (video files, cameras, images).
func openCVInput(_ context.Context, spec string) (*videoInput, error) {
	return nil, needsOpenCVError{videoInputNeedsOpenCV(spec)}
}

// openCVSink is the stub of the OpenCV outputs (.mkv, .avi, PNG).
func openCVSink(_ *outputs, output string, _ *codec.VideoParams) (vision.FrameSink, error) {
	return nil, needsOpenCVError{output + ": writing " + outputKind(output)}
}

// trackBright is the stub of the experiments' tracker.
func trackBright([]*vision.Frame) ([][2]float64, error) {
	return nil, needsOpenCVError{"experiment (it tracks the body in the video)"}
}
