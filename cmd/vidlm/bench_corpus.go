package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/vidlm/vidlm/bench"
)

// corpusOpts are bench's flags for --corpus.
type corpusOpts struct {
	dir      string
	manifest string
	paq8px   string // the paq8px executable; "" or "none": use the cache only
	paqCache string
	exec     bool // time whole vidlm processes (encode and decode through files)
}

// defaultPaq8pxCache is where paq8px sizes are kept between runs.
func defaultPaq8pxCache() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "vidlm", "paq8px.tsv")
}

// runBenchCorpus benchmarks every log of a directory (the files its manifest names, in the
// manifest's order, or else every regular file in name order) and prints one table.
func runBenchCorpus(a *app, ctx context.Context, o *benchOpts) error {
	c := &o.corpus
	entries, err := corpusEntries(c)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return fmt.Errorf("bench: %s: no files", c.dir)
	}
	cache, err := bench.LoadPaq8pxCache(c.paqCache)
	if err != nil {
		return fmt.Errorf("bench: paq8px cache: %w", err)
	}
	paq := ""
	if c.paq8px != "" && c.paq8px != "none" {
		if p, err := exec.LookPath(c.paq8px); err == nil {
			paq = p
		}
	}
	self := ""
	if c.exec {
		if self, err = os.Executable(); err != nil {
			return err
		}
	}
	tmp, err := os.MkdirTemp(o.tmpDir, "vidlm-bench-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	rep := &bench.CorpusReport{Dir: c.dir, Timing: "codec calls in-process (process start-up not included)"}
	if c.exec {
		rep.Timing = "whole vidlm encode and decode processes, through files"
	}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		path := filepath.Join(c.dir, e.File)
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		sum := sha256.Sum256(data)
		hexSum := hex.EncodeToString(sum[:])
		if e.SHA256 != "" && e.SHA256 != hexSum {
			return fmt.Errorf("bench: %s: SHA-256 %s, the manifest says %s", e.File, hexSum, e.SHA256)
		}
		row := bench.CorpusRow{CorpusEntry: e, Bytes: int64(len(data))}
		status(a, "%s: vidlm", e.File)
		if c.exec {
			err = execVidlmRow(ctx, self, path, tmp, data, &row)
		} else {
			var r bench.Row
			r, err = benchVidlmSensor(ctx, data, o.threads)
			row.Vidlm, row.RoundTrip, row.Note = r.Bytes, r.RoundTrip, r.Note
			if r.EncodeSeconds > 0 {
				row.EncodeMBs = float64(len(data)) / 1e6 / r.EncodeSeconds
			}
			if r.DecodeSeconds > 0 {
				row.DecodeMBs = float64(len(data)) / 1e6 / r.DecodeSeconds
			}
		}
		if err != nil {
			return fmt.Errorf("bench: %s: vidlm: %w", e.File, err)
		}
		status(a, "%s: xz, zstd", e.File)
		if row.Xz, err = bench.CompressedSize(ctx, path, "xz", "-9e", "-c"); err != nil {
			return fmt.Errorf("bench: %s: %w", e.File, err)
		}
		if row.Zstd, err = bench.CompressedSize(ctx, path, "zstd", "-19", "-q", "-c"); err != nil {
			return fmt.Errorf("bench: %s: %w", e.File, err)
		}
		if n := cache.Get(hexSum); n > 0 {
			row.Paq8px, row.PaqCached = n, true
		} else if paq != "" {
			status(a, "%s: paq8px -8 (slow: a few KB/s)", e.File)
			n, err := bench.Paq8pxSize(ctx, paq, path, tmp)
			if err != nil {
				return fmt.Errorf("bench: %s: %w", e.File, err)
			}
			row.Paq8px = n
			if err := cache.Put(hexSum, n, e.File); err != nil {
				return fmt.Errorf("bench: paq8px cache: %w", err)
			}
		}
		rep.Rows = append(rep.Rows, row)
	}
	rep.Finish()
	if o.json {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(rep)
	} else {
		err = rep.WriteTable(a.stdout)
	}
	if err != nil {
		return err
	}
	if bad := rep.Failures(); len(bad) > 0 {
		return fmt.Errorf("bench: round trip failed on %d files, the first %s: %s", len(bad), bad[0].File, bad[0].Note)
	}
	return nil
}

// corpusEntries returns the manifest's entries (--manifest, or DIR/manifest.tsv when it
// exists), else one entry per regular file of the directory.
func corpusEntries(c *corpusOpts) ([]bench.CorpusEntry, error) {
	m := c.manifest
	if m == "" {
		if p := filepath.Join(c.dir, "manifest.tsv"); fileExists(p) {
			m = p
		}
	}
	if m != "" {
		f, err := os.Open(m)
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		defer f.Close()
		e, err := bench.ReadManifest(f)
		if err != nil {
			return nil, fmt.Errorf("bench: %s: %w", m, err)
		}
		return e, nil
	}
	des, err := os.ReadDir(c.dir)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	var out []bench.CorpusEntry
	for _, d := range des {
		if d.Type().IsRegular() && !isCorpusNote(d.Name()) {
			out = append(out, bench.CorpusEntry{File: d.Name()})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out, nil
}

// isCorpusNote reports whether a file of a corpus directory without a manifest is a note
// about the logs rather than a log: hidden files, Markdown, and licence and read-me files.
func isCorpusNote(name string) bool {
	upper := strings.ToUpper(name)
	for _, p := range []string{"LICENSE", "LICENCE", "README", "COPYING", "NOTICE"} {
		if strings.HasPrefix(upper, p) {
			return true
		}
	}
	return strings.HasPrefix(name, ".") || strings.EqualFold(filepath.Ext(name), ".md")
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// execVidlmRow runs this vidlm's encode and decode as processes on the file, timing each
// whole process, and compares the decoded bytes with data. Each process writes into the
// scratch directory tmp: one that fails to write there (a full disk) is an error of the bench,
// naming the file, not a round trip that failed.
func execVidlmRow(ctx context.Context, self, path, tmp string, data []byte, row *bench.CorpusRow) error {
	vlm, out := filepath.Join(tmp, "log.vlm"), filepath.Join(tmp, "log.out")
	defer os.Remove(vlm)
	defer os.Remove(out)
	run := func(args ...string) (float64, error) {
		t := time.Now()
		cmd := exec.CommandContext(ctx, self, args...)
		if b, err := cmd.CombinedOutput(); err != nil {
			if ctx.Err() != nil {
				return 0, ctx.Err()
			}
			// the process's messages on one line, without its "vidlm: "
			msg := strings.Join(strings.Fields(strings.ReplaceAll(strings.TrimSpace(string(b)), "\n", "; ")), " ")
			return 0, fmt.Errorf("%s (%v): %s", args[0], err, strings.TrimPrefix(msg, "vidlm: "))
		}
		return time.Since(t).Seconds(), nil
	}
	te, err := run("encode", "-q", "--kind", "sensor", path, "-o", vlm, "--force")
	if err != nil {
		return err
	}
	td, err := run("decode", "-q", vlm, "-o", out, "--force")
	if err != nil {
		if ctx.Err() != nil || strings.Contains(err.Error(), out+":") {
			return err // interrupted, or its output could not be written: not the codec's failure
		}
		row.RoundTrip, row.Note = bench.RoundTripMismatch, err.Error()
		return nil
	}
	st, err := os.Stat(vlm)
	if err != nil {
		return err
	}
	got, err := os.ReadFile(out)
	if err != nil {
		return err
	}
	row.Vidlm = st.Size()
	row.EncodeMBs, row.DecodeMBs = float64(len(data))/1e6/te, float64(len(data))/1e6/td
	row.RoundTrip = bench.RoundTripOK
	if !bytesEqual(got, data) {
		row.RoundTrip, row.Note = bench.RoundTripMismatch, "decoded bytes differ"
	}
	return nil
}

func bytesEqual(a, b []byte) bool { return len(a) == len(b) && string(a) == string(b) }

var errNoCorpusArg = errors.New("bench: give INPUT or --corpus DIR, not both")
