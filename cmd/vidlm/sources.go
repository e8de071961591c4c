package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
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
