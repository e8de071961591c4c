//go:build !nocv

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/vision"
	"github.com/vidlm/vidlm/vision/cv"
)

// openCamera opens camera n; tests replace it with a simulated camera.
var openCamera = func(ctx context.Context, n int) (vision.FrameSource, error) { return cv.OpenCamera(ctx, n) }

// openCVInput opens a video file, a camera (cam:N), an image sequence (a printf pattern) or
// a single image through OpenCV. Cancelling ctx ends a camera recording.
func openCVInput(ctx context.Context, spec string) (*videoInput, error) {
	switch {
	case strings.HasPrefix(spec, "cam:"):
		n, err := strconv.Atoi(spec[len("cam:"):])
		if err != nil || n < 0 {
			return nil, usageError{fmt.Errorf("%s: a camera is cam:N, N its index (cam:0)", spec)}
		}
		c, err := openCamera(ctx, n)
		if err != nil {
			return nil, err
		}
		return &videoInput{FrameSource: c, name: spec, source: codec.SourceCamera, live: true}, nil
	case cv.IsPattern(spec):
		s, err := cv.OpenImages(spec)
		if err != nil {
			return nil, err
		}
		return &videoInput{FrameSource: s, name: spec, source: codec.SourceImages, total: s.Total()}, nil
	case cv.IsImageFile(spec):
		s, err := cv.OpenImage(spec)
		if err != nil {
			return nil, err
		}
		return &videoInput{FrameSource: s, name: spec, source: codec.SourceImages, total: 1}, nil
	}
	c, err := cv.OpenVideo(spec)
	if err != nil {
		if looksLikeText(spec) {
			// A log under a name vidlm does not know (.tm2, .nmea, no extension): say how.
			return nil, fmt.Errorf("%w; if it is a text log, add --kind sensor", err)
		}
		return nil, err
	}
	return &videoInput{FrameSource: c, name: spec, source: codec.SourceOpenCV, total: c.Total(), stated: statesFrameCount(spec)}, nil
}

// openCVSink opens a PNG sequence or an FFV1 .mkv/.avi output. Gray and BGR 8-bit streams go
// through OpenCV's VideoWriter; the others (YUV, more than 8 bits), which it cannot hold
// losslessly, through the ffmpeg binary.
// statesFrameCount reports whether the container of a video file states its frame count, so
// that OpenCV's CAP_PROP_FRAME_COUNT is that count (AVI's header, MP4's and QuickTime's sample
// tables); for other containers (Matroska, WebM, MPEG streams) OpenCV estimates it from the
// duration, and a shortfall would be no evidence of damage.
func statesFrameCount(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".avi", ".mp4", ".mov", ".m4v":
		return true
	}
	return false
}

func openCVSink(outs *outputs, output string, p *codec.VideoParams) (vision.FrameSink, error) {
	switch ext := strings.ToLower(filepath.Ext(output)); ext {
	case ".mkv", ".avi":
		tmp, err := outs.reserve(output)
		if err != nil {
			return nil, err
		}
		var sink vision.FrameSink
		if cv.CanWriteFFV1(p.Layout) {
			sink, err = cv.NewVideoWriter(tmp, cv.FFV1, p.Layout, p.FrameRate)
		} else {
			sink, err = cv.NewFFmpegWriter(tmp, p.Layout, p.FrameRate)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", output, strings.TrimPrefix(err.Error(), tmp+": "))
		}
		return sink, nil
	case ".png":
		return cv.NewPNGWriter(output, p.Layout, outs.put)
	default:
		return nil, usageError{fmt.Errorf("%s: image sequences are written as PNG (a pattern such as frames/%%05d.png)", output)}
	}
}

// looksLikeText reports whether the file at path starts like a text log: lines, and no NUL or
// other control byte but tab and line ends in its first 4 KiB.
func looksLikeText(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, 4096)
	n, _ := io.ReadFull(f, b)
	b = b[:n]
	if !bytes.Contains(b, []byte{'\n'}) {
		return false
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return false
		}
	}
	return true
}

// trackBright finds the experiment videos' bright body in every frame, through OpenCV.
func trackBright(f []*vision.Frame) ([][2]float64, error) { return cv.TrackBright(f, trackThreshold) }
