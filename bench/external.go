package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Job is one run of an external compressor: an encode command whose result is a file (or a
// directory of files), and a decode command that writes the original bytes back to stdout.
type Job struct {
	Tool    string // row name, e.g. "x264 lossless veryslow"
	Key     string // short name to select it, e.g. "x264-veryslow"
	Program string // executable, looked up on PATH
	// FFmpegEncoder is the ffmpeg encoder the job needs ("" for none).
	FFmpegEncoder string
	// Unavailable, when set, says why the tool cannot take this input; the job is not run.
	Unavailable string
	Encode      []string
	// EncodeStdin and EncodeStdout name files connected to the encoder's stdin and stdout
	// ("" for none).
	EncodeStdin, EncodeStdout string
	// Output is the file, or the directory of files, whose size is the compressed size.
	Output    string
	OutputDir bool // Output is a directory, created before the encoder runs
	// Decode restores the original on stdout; nil when the output is not decoded.
	Decode []string
}

// Runner runs jobs in a scratch directory and compares their round trips with an original.
type Runner struct {
	// Original is the file every job compresses; decoded output is compared with it.
	Original string
	// Unit, when positive, is the size of one frame of Original, to name a mismatch by frame.
	Unit int64

	encoders map[string]bool // ffmpeg's encoders, listed once
	listed   bool
}

// Run runs one job and returns its row. A missing program is a row saying so, not an error;
// the returned error is only the context's (an interrupted benchmark).
func (r *Runner) Run(ctx context.Context, j Job) (Row, error) {
	row := Row{Tool: j.Tool}
	if _, err := exec.LookPath(j.Program); err != nil {
		row.Status, row.Note = StatusNotInstalled, j.Program+" not found on PATH"
		return row, nil
	}
	if j.FFmpegEncoder != "" && !r.hasEncoder(ctx, j.Program, j.FFmpegEncoder) {
		row.Status, row.Note = StatusNotInstalled, fmt.Sprintf("%s has no %s encoder", j.Program, j.FFmpegEncoder)
		return row, nil
	}
	if j.Unavailable != "" {
		row.Status, row.Note = StatusUnavailable, j.Unavailable
		return row, nil
	}
	if j.OutputDir {
		if err := os.MkdirAll(j.Output, 0o755); err != nil {
			return row, err
		}
	}
	start := time.Now()
	if err := runCommand(ctx, j.Program, j.Encode, j.EncodeStdin, j.EncodeStdout, nil); err != nil {
		if ctx.Err() != nil {
			return row, ctx.Err()
		}
		row.Status, row.Note = StatusFailed, "encode: "+err.Error()
		return row, nil
	}
	row.EncodeSeconds = time.Since(start).Seconds()
	size, err := treeSize(j.Output)
	if err != nil {
		row.Status, row.Note = StatusFailed, "encode: "+err.Error()
		return row, nil
	}
	row.Status, row.Bytes, row.RoundTrip = StatusOK, size, RoundTripNotChecked
	if j.Decode == nil {
		return row, nil
	}
	orig, err := os.Open(r.Original)
	if err != nil {
		return row, err
	}
	defer orig.Close()
	v := NewVerifier(orig)
	start = time.Now()
	if err := runCommand(ctx, j.Program, j.Decode, "", "", v); err != nil {
		if ctx.Err() != nil {
			return row, ctx.Err()
		}
		row.Note = "decode: " + err.Error()
		return row, nil
	}
	row.DecodeSeconds = time.Since(start).Seconds()
	if err := v.Check(r.Unit); err != nil {
		row.RoundTrip, row.Note = RoundTripMismatch, err.Error()
	} else {
		row.RoundTrip = RoundTripOK
	}
	return row, nil
}

// runCommand runs program with args, stdin from the file stdinPath, stdout to the file
// stdoutPath or to w. Its error carries the last line the program wrote on stderr.
func runCommand(ctx context.Context, program string, args []string, stdinPath, stdoutPath string, w io.Writer) error {
	cmd := exec.CommandContext(ctx, program, args...)
	cmd.WaitDelay = 5 * time.Second
	if stdinPath != "" {
		f, err := os.Open(stdinPath)
		if err != nil {
			return err
		}
		defer f.Close()
		cmd.Stdin = f
	}
	switch {
	case stdoutPath != "":
		f, err := os.Create(stdoutPath)
		if err != nil {
			return err
		}
		defer f.Close()
		cmd.Stdout = f
	case w != nil:
		cmd.Stdout = w
	}
	var stderr tailBuffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if msg := stderr.lastLine(); msg != "" {
			return fmt.Errorf("%s: %s", filepath.Base(program), msg)
		}
		return fmt.Errorf("%s: %w", filepath.Base(program), err)
	}
	return nil
}

// tailBuffer keeps the last few KB a program wrote on stderr.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 4096 {
		t.b = append(t.b[:0], t.b[len(t.b)-4096:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) lastLine() string {
	lines := strings.Split(strings.TrimSpace(string(t.b)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// hasEncoder reports whether ffmpeg lists the encoder.
func (r *Runner) hasEncoder(ctx context.Context, ffmpeg, name string) bool {
	if !r.listed {
		r.listed = true
		r.encoders = map[string]bool{}
		var out bytes.Buffer
		if err := runCommand(ctx, ffmpeg, []string{"-hide_banner", "-nostdin", "-encoders"}, "", "", &out); err == nil {
			for _, line := range strings.Split(out.String(), "\n") {
				// " V....D libx264   libx264 H.264 / AVC ..."
				f := strings.Fields(line)
				if len(f) >= 2 && len(f[0]) == 6 && strings.Trim(f[0], "VASFXBD.") == "" {
					r.encoders[f[1]] = true
				}
			}
		}
	}
	return r.encoders[name]
}

// treeSize is the size of a file, or the total size of the files in a directory.
func treeSize(path string) (int64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	if !st.IsDir() {
		return st.Size(), nil
	}
	var total int64
	entries, err := os.ReadDir(path)
	if err != nil {
		return 0, err
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			return 0, err
		}
		total += info.Size()
	}
	if len(entries) == 0 {
		return 0, errors.New("no output files")
	}
	return total, nil
}
