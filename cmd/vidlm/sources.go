package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/vision"
)

// videoInput is an opened video input.
type videoInput struct {
	vision.FrameSource
	name      string // as the user wrote it, for messages
	source    string // codec.Source*
	y4mHeader string
	total     int  // frames, if known (0 otherwise)
	stated    bool // total is the count the container states, not an estimate
	live      bool // a camera: Ctrl-C ends the recording and keeps the file
	closer    io.Closer
}

func (in *videoInput) Close() error {
	err := in.FrameSource.Close()
	if in.closer != nil {
		if e := in.closer.Close(); err == nil {
			err = e
		}
	}
	return err
}

// isSensorInput reports whether a path names a sensor log rather than a video.
func isSensorInput(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv", ".txt", ".log", ".dat":
		return true
	}
	return false
}

// openVideoInput opens a video input:
//
//	name.y4m        a y4m file
//	- (a dash)      y4m on stdin
//	cam:N           camera N, through OpenCV
//	frames/%05d.png an image sequence, through OpenCV
//	anything else   a video file, through OpenCV
//
// Cancelling ctx ends a camera recording (see videoInput.live).
func openVideoInput(ctx context.Context, a *app, spec string) (*videoInput, error) {
	switch {
	case spec == "-":
		r, err := vision.NewY4MReader(a.stdin)
		if err != nil {
			return nil, fmt.Errorf("stdin: %w", err)
		}
		return &videoInput{FrameSource: r, name: "stdin", source: codec.SourceY4M, y4mHeader: r.Header.Line}, nil
	case strings.EqualFold(filepath.Ext(spec), ".y4m"):
		f, err := openInput(spec)
		if err != nil {
			return nil, err
		}
		r, err := vision.NewY4MReader(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", spec, err)
		}
		in := &videoInput{FrameSource: r, name: spec, source: codec.SourceY4M, y4mHeader: r.Header.Line, closer: f}
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			per := int64(len("FRAME\n") + r.Header.Layout.FrameBytes())
			in.total = int((st.Size() - int64(len(r.Header.Line)+1)) / per)
		}
		return in, nil
	}
	return openCVInput(ctx, spec)
}
