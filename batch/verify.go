package batch

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/vidlm/vidlm/codec"
)

// VerifyOutput decodes the .vlm at path without keeping what it decodes: every chunk's CRC
// and the trailer's SHA-256 are checked by the decoder, and the SHA-256 of the content must
// be the record's input SHA-256. If to is not nil, the decoded content (the original file,
// byte for byte) is also written to it. It returns the number of frames or sensor blocks.
func VerifyOutput(ctx context.Context, path string, r *Record, threads int, to ...io.Writer) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if r.OutputSize > 0 {
		if st, err := f.Stat(); err != nil || st.Size() != r.OutputSize {
			return 0, fmt.Errorf("%s: %d bytes, the manifest says %d", r.Output, sizeOf(st), r.OutputSize)
		}
	}
	d, err := codec.NewDecoder(bufio.NewReaderSize(f, 1<<16), codec.WithThreads(threads))
	if err != nil {
		return 0, err
	}
	h := sha256.New()
	w := io.Writer(h)
	if len(to) > 0 && to[0] != nil {
		w = io.MultiWriter(h, to[0])
	}
	n := 0
	if p := d.Video(); p != nil {
		if _, err := w.Write(p.RawPrefix()); err != nil {
			return n, err
		}
		var buf []byte
		for {
			if err := ctx.Err(); err != nil {
				return n, err
			}
			fr, err := d.ReadFrame()
			if err == io.EOF {
				break
			}
			if err != nil {
				return n, err
			}
			buf = p.AppendRawContent(buf[:0], fr)
			if _, err := w.Write(buf); err != nil {
				return n, err
			}
			n++
		}
	} else {
		if _, err := io.Copy(w, d); err != nil {
			return n, err
		}
		n = len(d.SensorStats())
	}
	want := r.InputSHA256
	if r.ContentSHA256 != "" {
		want = r.ContentSHA256
	}
	return n, checkSum(h, want)
}

func sizeOf(st os.FileInfo) int64 {
	if st == nil {
		return -1
	}
	return st.Size()
}

func checkSum(h hash.Hash, want string) error {
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("decodes to content of SHA-256 %.16s..., the input's was %.16s...", got, want)
	}
	return nil
}

// Check is the result of verifying or decoding one manifest entry.
type Check struct {
	Input   string  `json:"input"`
	Output  string  `json:"output"`
	Units   int     `json:"units"` // frames or sensor blocks
	Seconds float64 `json:"seconds"`
	Status  string  `json:"status"` // ok, failed
	Error   string  `json:"error,omitempty"`
}

// VerifyEntry verifies the output of one manifest entry of the output directory out.
func VerifyEntry(ctx context.Context, out string, r *Record, threads int) Check {
	start := time.Now()
	c := Check{Input: r.Input, Output: r.Output, Status: StatusOK}
	n, err := VerifyOutput(ctx, filepath.Join(out, filepath.FromSlash(r.Output)), r, threads)
	c.Units, c.Seconds = n, time.Since(start).Seconds()
	if err != nil {
		c.Status, c.Error = StatusFailed, oneLine(fmt.Errorf("%s: %w", r.Output, err))
	}
	return c
}

// DecodeEntry decodes the output of one manifest entry into dest/INPUT (the input's relative
// path), through a temporary file renamed into place only once its SHA-256 is the input's;
// an OpenCV input's frames go to dest/INPUT.ffv1.mkv (restoredName). An existing file is not
// replaced.
func DecodeEntry(ctx context.Context, out, dest string, r *Record, threads int) Check {
	start := time.Now()
	c := Check{Input: r.Input, Output: r.Output, Status: StatusOK}
	target := filepath.Join(dest, filepath.FromSlash(restoredName(r)))
	err := func() error {
		if _, err := os.Lstat(target); err == nil {
			return errors.New("exists; not replaced")
		}
		if r.Kind == "opencv" {
			c.Units = r.Frames
			return decodeOpenCV(ctx, out, target, r, threads)
		}
		n := 0
		err := writeAtomic(target, func(w io.Writer) error {
			var err error
			n, err = VerifyOutput(ctx, filepath.Join(out, filepath.FromSlash(r.Output)), r, threads, w)
			return err
		})
		c.Units = n
		return err
	}()
	c.Seconds = time.Since(start).Seconds()
	if err != nil {
		c.Status, c.Error = StatusFailed, oneLine(fmt.Errorf("%s: %w", target, err))
	}
	return c
}
