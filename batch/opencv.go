package batch

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vidlm/vidlm/internal/execpath"
)

// OpenCV inputs (.avi, .mp4, .mkv, .mov, .m4v, .webm) are read by OpenCV, which vidlm-batch
// does not link: it is pure Go, so that it runs on workers without OpenCV. A worker codes
// such an input by running the vidlm command (built with OpenCV, or make build's bin/vidlm,
// which hands such inputs to bin/vidlm-opencv beside it), found beside vidlm-batch or on PATH:
// the bytes are then those of `vidlm encode` by construction. A worker without it
// records the input as failed, saying so; y4m and CSV inputs never need it.
//
// What such a .vlm restores is the file's frames (as OpenCV decodes them), not the file:
// the record keeps their SHA-256 (ContentSHA256, the .vlm trailer's), verify checks it in
// pure Go, and decode writes the frames to INPUT.ffv1.mkv (lossless FFV1, through `vidlm
// decode`, which reads the file back and compares every frame).

// vidlmCommand is the program that codes OpenCV inputs.
const vidlmCommand = "vidlm"

// findVidlm looks for the vidlm command beside the running program, then on PATH.
func findVidlm() (string, error) {
	if p, ok := execpath.Find(vidlmCommand); ok {
		return p, nil
	}
	return "", errors.New("an OpenCV input needs the vidlm command (built with OpenCV) on the worker, beside vidlm-batch or on PATH; convert it to y4m for workers without OpenCV")
}

// runVidlm runs the vidlm command with args, its standard output to stdout, and returns its
// last line of error output as the error when it fails.
func runVidlm(ctx context.Context, stdout io.Writer, args ...string) error {
	bin, err := findVidlm()
	if err != nil {
		return err
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
			msg = msg[i+1:]
		}
		if msg == "" {
			msg = err.Error()
		}
		return errors.New(strings.TrimPrefix(msg, "vidlm: "))
	}
	return nil
}

// encodeOpenCV codes the OpenCV input at path into w with `vidlm encode ... -o -`.
func (c *Config) encodeOpenCV(ctx context.Context, path string, w io.Writer, pl *Plan) error {
	args := append(c.encodeArgs(path, "-", pl.Kind, pl.FileID), "-q", "--threads", strconv.Itoa(c.threads()))
	if err := runVidlm(ctx, w, args...); err != nil {
		return err
	}
	_, sum, err := hashFile(path)
	if err != nil {
		return err
	}
	if sum != pl.SHA256 {
		return errors.New("the file changed while it was being encoded")
	}
	return nil
}

// describeOpenCV fills r's frames, pixels and content SHA-256 from the header and trailer of
// the .vlm just written at path.
func describeOpenCV(path string, r *Record) error {
	info, err := readInfo(path)
	if err != nil {
		return err
	}
	if info.Video == nil || len(info.Index) != 1 {
		return fmt.Errorf("%s: vidlm encode wrote no video stream", r.Output)
	}
	r.Frames = int(info.Index[0].Chunks)
	r.pixels = info.Video.Layout.Width * info.Video.Layout.Height
	r.Segments = info.Video.SegmentCount(r.Frames)
	r.ContentSHA256 = hex.EncodeToString(info.Index[0].SHA256[:])
	return nil
}

// restoredName is where decode puts an input, relative to the destination.
func restoredName(r *Record) string {
	if r.Kind == "opencv" {
		return r.Input + ".ffv1.mkv"
	}
	return r.Input
}

// decodeOpenCV verifies an OpenCV input's .vlm (in pure Go), then writes its frames to target
// with `vidlm decode` (which places the file only once it has read every frame back).
func decodeOpenCV(ctx context.Context, out, target string, r *Record, threads int) error {
	vlm := filepath.Join(out, filepath.FromSlash(r.Output))
	if _, err := VerifyOutput(ctx, vlm, r, threads); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	return runVidlm(ctx, io.Discard, "decode", vlm, "-o", target, "-q", "--threads", strconv.Itoa(max(threads, 1)))
}
