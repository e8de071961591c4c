package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/tmpfile"
)

// peekStreams reads the header of the .vlm r starts with, without consuming it: it returns a
// reader of the whole file and the number of streams (0 when the header cannot be read: the
// single-stream path then reports why).
func peekStreams(r io.Reader) (io.Reader, int) {
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			d, err := codec.NewMultiDecoder(io.LimitReader(f, 1<<21))
			f.Seek(0, io.SeekStart)
			if err != nil {
				return f, 0
			}
			return f, len(d.Streams())
		}
	}
	br := bufio.NewReaderSize(r, 1<<20+64)
	head, _ := br.Peek(1<<20 + 64)
	d, err := codec.NewMultiDecoder(bytes.NewReader(head))
	if err != nil {
		return br, 0
	}
	return br, len(d.Streams())
}

// streamFileName is the name a stream is restored under: its name, without any directory;
// a video stream not from y4m gets .raw added (its raw content is samples, not the file).
func streamFileName(d *codec.MultiDecoder, s int) string {
	name := filepath.Base(filepath.Clean("/" + d.Meta(s).Name))
	if name == "/" || name == "." || name == "" {
		name = fmt.Sprintf("stream%d", s)
	}
	if p := d.Video(s); p != nil && p.Source != codec.SourceY4M && !strings.HasSuffix(name, ".raw") {
		name += ".raw"
	}
	return name
}

// decodeMulti decodes a file of several streams: every stream into the directory output, each
// under its name, or with --stream one stream into the file output (- for stdout). Damage
// costs only the streams it hits: the others are written, and the error names the rest.
func decodeMulti(a *app, r io.Reader, name, input string, o *decodeOpts) (retErr error) {
	d, err := codec.NewMultiDecoder(r, codec.WithThreads(o.threads), a.interruptOption())
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	n := len(d.Streams())
	targets := make([]string, n)
	if o.stream != "" {
		s := -1
		for i := 0; i < n; i++ {
			if d.Meta(i).Name == o.stream || filepath.Base(d.Meta(i).Name) == o.stream || streamFileName(d, i) == o.stream {
				s = i
			}
		}
		if s < 0 {
			var names []string
			for i := 0; i < n; i++ {
				names = append(names, d.Meta(i).Name)
			}
			return usageError{fmt.Errorf("decode: %s has no stream %q (it holds %s)", name, o.stream, strings.Join(names, ", "))}
		}
		if err := d.Select(s); err != nil {
			return err
		}
		targets[s] = o.output
	} else {
		if o.output == "-" {
			return usageError{fmt.Errorf("decode: %s holds %d streams: decode into a directory (-o DIR/), or one stream with --stream NAME", name, n)}
		}
		st, err := os.Stat(o.output)
		isDir := err == nil && st.IsDir()
		if !isDir && !strings.HasSuffix(o.output, "/") && !strings.HasSuffix(o.output, string(os.PathSeparator)) {
			return usageError{fmt.Errorf("decode: %s holds %d streams: -o %s must be a directory (an existing one, or end it with /), or decode one stream with --stream NAME", name, n, o.output)}
		}
		undo, err := tmpfile.MkdirAll(o.output, 0o755)
		if err != nil {
			return err
		}
		// A failed decode leaves no directory it created (undo removes it only if empty:
		// streams already in place stay, and so does it).
		defer func() {
			if retErr != nil {
				undo()
			}
		}()
		seen := map[string]bool{}
		for i := 0; i < n; i++ {
			t := streamFileName(d, i)
			if seen[t] {
				t = fmt.Sprintf("%d-%s", i, t)
			}
			seen[t] = true
			targets[i] = filepath.Join(o.output, t)
		}
	}
	// One set of outputs per stream, so that each appears or not on its own.
	outs := make([]*outputs, n)
	writers := make([]io.Writer, n)
	for i, t := range targets {
		if t == "" {
			continue
		}
		outs[i] = newOutputs(a, o.force, input)
		if t == "-" {
			writers[i] = a.stdout
			continue
		}
		f, err := outs[i].create(t)
		if err != nil {
			for _, x := range outs {
				if x != nil {
					x.abort()
				}
			}
			return err
		}
		writers[i] = f
	}
	abortAll := func() {
		for _, x := range outs {
			if x != nil {
				x.abort()
			}
		}
	}
	started := make([]bool, n)
	logBytes := make([]int64, n) // by stream: the log bytes written
	var buf []byte
	for {
		if a.ctx.Err() != nil {
			abortAll()
			return fmt.Errorf("%s: interrupted", name)
		}
		u, err := d.Next()
		if errors.Is(err, codec.ErrInterrupted) {
			abortAll()
			return fmt.Errorf("%s: interrupted", name)
		}
		if err != nil {
			if !d.Verified() {
				abortAll() // the file itself failed (truncated, trailer): nothing is verified
				return fmt.Errorf("%s: %w", name, err)
			}
			break
		}
		w := writers[u.Stream]
		if u.Frame != nil {
			p := d.Video(u.Stream)
			buf = buf[:0]
			if !started[u.Stream] {
				buf = append(buf, p.RawPrefix()...)
				started[u.Stream] = true
			}
			buf = p.AppendRawContent(buf, u.Frame)
			_, err = w.Write(buf)
		} else {
			_, err = w.Write(u.Log)
			logBytes[u.Stream] += int64(len(u.Log))
		}
		if err != nil {
			abortAll()
			if we := asOutputError(err); we != nil {
				return we
			}
			return fmt.Errorf("%s: %w", targets[u.Stream], err)
		}
	}
	// Commit every stream that verified (with --salvage, what was decoded of the others); name
	// those that did not verify.
	var failed, salvaged []string
	for i, x := range outs {
		if x == nil {
			continue
		}
		if err := d.Err(i); err != nil {
			lost := d.Lost(i)
			isVideo := d.Streams()[i].Kind == codec.KindVideo
			if !o.salvage || isVideo && !started[i] || !isVideo && !wroteLog(d, i, logBytes) {
				x.abort()
				failed = append(failed, fmt.Sprintf("%s: %v", d.Meta(i).Name, err))
				continue
			}
			// --salvage: what was decoded is written, the runs lost listed (not verified).
			unit := "chunks"
			if isVideo {
				unit = "frames"
			}
			for _, l := range lost {
				fmt.Fprintf(a.stderr, "vidlm: %s: %s: lost %s %d-%d (%s)\n", name, d.Meta(i).Name, unit, l.First, l.Last, l.Reason)
			}
			salvaged = append(salvaged, targets[i])
			failed = append(failed, fmt.Sprintf("%s: %v", d.Meta(i).Name, err))
		}
		if p := d.Video(i); p != nil && !started[i] {
			writers[i].Write(p.RawPrefix())
		}
		if targets[i] == "-" {
			if f, ok := writers[i].(flushWriter); ok {
				if err := f.Flush(); err != nil {
					return err
				}
			}
			continue
		}
		if err := x.commit(); err != nil {
			abortAll() // the streams not yet committed go too
			return err
		}
	}
	if len(failed) > 0 {
		var written []string
		for i, t := range targets {
			if t != "" && d.Err(i) == nil {
				written = append(written, t)
			}
		}
		msg := fmt.Sprintf("%s: %s", name, strings.Join(failed, "; "))
		if len(salvaged) > 0 {
			msg += fmt.Sprintf(" (salvaged, not verified: %s)", strings.Join(salvaged, ", "))
		}
		if len(written) > 0 {
			msg += fmt.Sprintf(" (written, intact and verified: %s)", strings.Join(written, ", "))
		}
		return errors.New(msg)
	}
	return nil
}

// wroteLog reports whether log stream i had any bytes besides its header row written.
func wroteLog(d *codec.MultiDecoder, i int, logBytes []int64) bool {
	h := 0
	if p := d.Sensor(i); p != nil {
		h = len(p.Header)
	}
	return logBytes[i] > int64(h)
}
