package main

import (
	"fmt"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/vision"
)

// openCVInput opens a video file, a camera (cam:N) or an image sequence through OpenCV.
func openCVInput(spec string) (*videoInput, error) {
	return nil, fmt.Errorf("%s: OpenCV inputs are not built into this vidlm yet", spec)
}

// openCVSink opens a PNG sequence or an FFV1 .mkv/.avi output.
func openCVSink(outs *outputs, output string, p *codec.VideoParams) (vision.FrameSink, error) {
	return nil, fmt.Errorf("%s: OpenCV outputs are not built into this vidlm yet", output)
}
