package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vidlm/vidlm/codec"
)

// openCVBinary is the name of the full vidlm (OpenCV linked in) that the nocv build hands
// the commands needing OpenCV to: next to the running executable, or else on PATH.
const openCVBinary = "vidlm-opencv"

// needsOpenCVError is what a part of vidlm that needs OpenCV returns in a build without it
// (-tags nocv). The nocv build hands such commands to vidlm-opencv before it starts (see
// needsOpenCV), so reaching one is a gap in that decision; it is an error, never a panic, and
// comes before anything is written.
type needsOpenCVError struct{ what string }

func (e needsOpenCVError) Error() string {
	return fmt.Sprintf("%s needs OpenCV, which this vidlm was built without; run %s (make build puts it in bin/)", e.what, openCVBinary)
}

// needsOpenCV decides, from the command line alone (and, for vidlm report, the .vlm's stream
// header), whether the command reads or writes anything through OpenCV: a video file, camera,
// image or image sequence as input; a .mkv, .avi or PNG output; a report's heatmap video; an
// experiment (its tracker). It returns what needs OpenCV, for messages, or "" when the
// command does not (help, usage errors and everything y4m, raw or sensor). It has no side
// effects: it neither reads stdin nor creates anything.
func needsOpenCV(args []string) string {
	a := &app{ctx: context.Background(), stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	root := newRootCmd(a)
	cmd, rest, err := root.Find(args)
	if err != nil || cmd == root {
		return ""
	}
	cmd.InitDefaultHelpFlag()
	if err := cmd.ParseFlags(rest); err != nil {
		return "" // the command itself reports the usage error
	}
	f := cmd.Flags()
	if help, _ := f.GetBool("help"); help {
		return ""
	}
	str := func(name string) string { s, _ := f.GetString(name); return s }
	pos := f.Args()
	switch cmd.Name() {
	case "encode":
		if len(pos) == 0 {
			return ""
		}
		kind := str("kind")
		if len(pos) > 1 { // a recording: one video and its logs
			for _, in := range pos {
				if kind == "" && isSensorInput(in) {
					continue
				}
				if what := videoInputNeedsOpenCV(in); what != "" {
					return what
				}
			}
			return ""
		}
		in := pos[0]
		if kind == "sensor" || kind == "" && isSensorInput(in) || kind != "" && kind != "video" {
			return ""
		}
		if what := videoInputNeedsOpenCV(in); what != "" {
			return what
		}
		if str("report") != "" && str("report-video") != "none" {
			return "the report's heatmap video (--report-video " + str("report-video") + ")"
		}
	case "decode":
		if out := str("output"); videoOutputNeedsOpenCV(out) {
			return out + ": writing " + outputKind(out)
		}
	case "report":
		if len(pos) != 1 || str("video") == "none" || str("output") == "" {
			return ""
		}
		if vlmIsVideo(pos[0]) {
			return "the report's heatmap video (--video " + str("video") + ")"
		}
	case "bench":
		if str("corpus") != "" || len(pos) != 1 {
			return ""
		}
		kind := str("kind")
		if kind == "sensor" || kind == "" && isSensorInput(pos[0]) || kind != "" && kind != "video" {
			return ""
		}
		return videoInputNeedsOpenCV(pos[0])
	case "experiment":
		if list, _ := f.GetBool("list"); list {
			return ""
		}
		return "experiment (it tracks the body in the video)"
	}
	return ""
}

// videoInputNeedsOpenCV says what needs OpenCV in reading the video input spec ("" for y4m,
// which vidlm reads itself).
func videoInputNeedsOpenCV(spec string) string {
	if spec == "-" || strings.EqualFold(filepath.Ext(spec), ".y4m") {
		return ""
	}
	if strings.HasPrefix(spec, "cam:") {
		return spec + ": reading a camera"
	}
	return spec + ": reading a video file, image or image sequence"
}

// videoOutputNeedsOpenCV reports whether a decoded video written to output goes through
// OpenCV (PNG sequences, .mkv, .avi; see openVideoSink).
func videoOutputNeedsOpenCV(output string) bool {
	switch strings.ToLower(filepath.Ext(output)) {
	case ".mkv", ".avi", ".png":
		return true
	}
	return strings.Contains(output, "%")
}

// outputKind names the kind of a video output for messages.
func outputKind(output string) string {
	switch strings.ToLower(filepath.Ext(output)) {
	case ".mkv", ".avi":
		return "an FFV1 video"
	}
	return "PNG images"
}

// vlmIsVideo reports whether the .vlm at path holds one video stream, the only kind whose
// report draws a heatmap video; - (stdin, which must not be read here) counts as video. A
// file that cannot be read or parsed counts as not video: the command itself reports why.
func vlmIsVideo(path string) bool {
	if path == "-" {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	d, err := codec.NewMultiDecoder(io.LimitReader(f, 1<<21))
	if err != nil {
		return false
	}
	return len(d.Streams()) == 1 && d.Video(0) != nil
}
