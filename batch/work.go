// Package batch encodes, verifies and decodes archives of y4m clips and sensor logs with vidlm,
// one file (or, for a long clip, one segment) per work item of an Apache Beam pipeline: on
// Prism inside the process by default, on Flink, Spark or any portable runner by flags.
//
// This file holds the work itself, free of Beam: what one worker does to one file.
package batch

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/iocount"
	"github.com/vidlm/vidlm/internal/tmpfile"
	"github.com/vidlm/vidlm/vision"
)

// Config is what every worker needs to know about a run. Its fields travel to the workers as
// JSON (a Beam DoFn's fields), so paths are absolute.
type Config struct {
	In, Out string // the archive and the output directory
	Preset  string // fast, default or max
	Tiles   int    // 0: the preset's
	Segment int    // frames per segment; -1: the preset's
	Threads int    // per file; 0: the worker's cores shared among Parallel files
	// Parallel is how many files (or segments) one worker process codes at once, whatever
	// the runner hands it: it bounds the worker's memory (0: as many as it has cores).
	Parallel int
	// SplitBytes: a y4m file larger than this, of more than one segment, is coded one
	// segment per work item and joined (0: never split).
	SplitBytes int64
	RunID      string // tells this run's records from earlier ones (progress)
}

// Record is one line of the manifest: what became of one input.
type Record struct {
	Input       string `json:"input"` // relative to the archive, with slashes
	InputSize   int64  `json:"input_size"`
	InputSHA256 string `json:"input_sha256"`
	// ContentSHA256 is, for an OpenCV input, the SHA-256 of its decoded frames (what the .vlm
	// restores; the file itself is not restored byte for byte); empty for y4m and CSV, whose
	// content is the file.
	ContentSHA256 string  `json:"content_sha256,omitempty"`
	Output        string  `json:"output,omitempty"` // relative to the output directory
	OutputSize    int64   `json:"output_size,omitempty"`
	Ratio         float64 `json:"ratio,omitempty"` // output size / input size
	Kind          string  `json:"kind"`            // video or sensor
	BitsPerPixel  float64 `json:"bits_per_pixel,omitempty"`
	BitsPerValue  float64 `json:"bits_per_value,omitempty"`
	Frames        int     `json:"frames,omitempty"`
	Values        int64   `json:"values,omitempty"` // sensor cells
	Segments      int     `json:"segments,omitempty"`
	Split         bool    `json:"split,omitempty"` // coded one segment per work item
	Settings      string  `json:"settings"`
	FileID        string  `json:"file_id,omitempty"`
	Command       string  `json:"command,omitempty"` // the vidlm encode that writes the same bytes
	Seconds       float64 `json:"seconds"`
	Status        string  `json:"status"` // ok, skipped (done by an earlier run, output verified), failed
	Error         string  `json:"error,omitempty"`
	Run           string  `json:"run"`

	pixels int // per frame, for BitsPerPixel
}

// Statuses of a Record.
const (
	StatusOK      = "ok"
	StatusSkipped = "skipped"
	StatusFailed  = "failed"
)

// stateDir is where the output directory keeps one record per input (written as each input
// is done, so an interrupted run keeps them) and the segments of split files.
const stateDir = ".vidlm-batch"

// ManifestName and SummaryName are the manifest and the summary table in the output directory.
const (
	ManifestName = "manifest.jsonl"
	SummaryName  = "summary.txt"
)

// inputKind returns "video" (y4m), "sensor" (CSV, TSV), "opencv" (a video file OpenCV reads,
// coded by the vidlm command on the worker: opencv.go) or "" (not an input) for a file name.
func inputKind(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".y4m":
		return "video"
	case ".csv", ".tsv":
		return "sensor"
	case ".avi", ".mp4", ".mkv", ".mov", ".m4v", ".webm":
		return "opencv"
	}
	return ""
}

// Input is a file of the archive.
type Input struct {
	Rel  string `json:"rel"`
	Size int64  `json:"size"`
}

// ListInputs returns the y4m and CSV/TSV files under dir, in name order, leaving out skip
// (the output directory, when it lies inside) and hidden directories.
func ListInputs(dir, skip string) ([]Input, error) {
	var ins []Input
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && (path == skip || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || inputKind(d.Name()) == "" {
			return nil
		}
		st, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		ins = append(ins, Input{Rel: filepath.ToSlash(rel), Size: st.Size()})
		return nil
	})
	sort.Slice(ins, func(i, j int) bool { return ins[i].Rel < ins[j].Rel })
	return ins, err
}

// outputName is the .vlm of input rel: the input's name with .vlm appended (a.y4m.vlm), so
// that a.y4m and a.csv side by side do not meet.
func outputName(rel string) string { return rel + ".vlm" }

// settings returns the stream parameters for a y4m of header h under c, and their text.
func (c *Config) videoParams(h vision.Y4MHeader) (codec.VideoParams, error) {
	pr, err := codec.ParsePreset(c.Preset)
	if err != nil {
		return codec.VideoParams{}, err
	}
	p := pr.VideoParams(h.Layout)
	p.FrameRate, p.Source, p.Y4MHeader = h.FrameRate, codec.SourceY4M, h.Line
	if c.Tiles > 0 {
		p.Tiles = c.Tiles
	}
	if c.Segment >= 0 {
		p.SegmentFrames = c.Segment
	}
	return p, nil
}

// Settings returns the settings text of the run for an input of the kind: recorded in the
// manifest, hashed into the file identifier.
func (c *Config) Settings(kind string) string {
	if kind == "sensor" {
		return "sensor"
	}
	s := "preset=" + c.Preset
	if c.Tiles > 0 {
		s += fmt.Sprintf(" tiles=%d", c.Tiles)
	}
	if c.Segment >= 0 {
		s += fmt.Sprintf(" segment=%d", c.Segment)
	}
	return s
}

// command returns the vidlm encode that writes the same bytes as the batch for this input.
func (c *Config) command(rel, kind string, id uint64) string {
	args := c.encodeArgs(rel, outputName(rel), kind, id)
	for i, a := range args {
		args[i] = shellQuote(a)
	}
	return "vidlm " + strings.Join(args, " ")
}

// encodeArgs are the arguments of the vidlm encode of input (to output) under c.
func (c *Config) encodeArgs(input, output, kind string, id uint64) []string {
	args := []string{"encode", input, "-o", output, "--file-id", fmt.Sprintf("%016x", id)}
	if kind == "video" || kind == "opencv" {
		args = append(args, "--preset", c.Preset)
		if c.Tiles > 0 {
			args = append(args, "--tiles", strconv.Itoa(c.Tiles))
		}
		if c.Segment >= 0 {
			args = append(args, "--segment", strconv.Itoa(c.Segment))
		}
	}
	return args
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./+=:,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// FileID returns the file identifier the batch gives an input: the first 8 bytes (big-endian)
// of the SHA-256 of the input's SHA-256 (32 bytes), its path relative to the archive and the
// settings text, each followed by a zero byte. The same input under the same name and
// settings gets the same identifier, so reruns and `vidlm encode --file-id` give the same bytes.
func FileID(inputSHA [32]byte, rel, settings string) uint64 {
	h := sha256.New()
	h.Write(inputSHA[:])
	h.Write([]byte{0})
	h.Write([]byte(rel))
	h.Write([]byte{0})
	h.Write([]byte(settings))
	h.Write([]byte{0})
	return binary.BigEndian.Uint64(h.Sum(nil)[:8])
}

// hashFile returns the size and SHA-256 of a file.
func hashFile(path string) (int64, [32]byte, error) {
	var sum [32]byte
	f, err := os.Open(path)
	if err != nil {
		return 0, sum, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	copy(sum[:], h.Sum(nil))
	return n, sum, err
}

// oneLine makes an error message one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// recordPath is where the record of input rel is kept between runs.
func (c *Config) recordPath(rel string) string {
	return filepath.Join(c.Out, stateDir, "records", filepath.FromSlash(rel)+".json")
}

// writeFileAtomic writes data to path through a temporary file in the same directory,
// synced and renamed into place.
func writeFileAtomic(path string, data []byte) error {
	return writeAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomic creates path through a temporary file beside it that write fills, synced and
// renamed into place only when write succeeded; otherwise nothing is left.
func writeAtomic(path string, write func(w io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	// Named as vidlm's own temporaries (tmpfile.Pattern: the writing process and machine),
	// so that the next run on this machine removes what a killed worker left (CleanOutput).
	f, err := os.CreateTemp(filepath.Dir(path), tmpfile.Pattern(filepath.Base(path), ""))
	if err != nil {
		return err
	}
	tmp := f.Name()
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// CleanOutput removes, from every directory under out, the temporaries that workers of this
// machine left when they were killed, and returns how many. Temporaries of other machines
// (a shared file system) are left to their own next run: a process on another machine
// cannot be told dead from here.
func CleanOutput(out string) int {
	removed := 0
	filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			removed += tmpfile.CleanStale(path)
		}
		return nil
	})
	return removed
}

// saveRecord keeps r as the record of its input.
func (c *Config) saveRecord(r *Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return writeFileAtomic(c.recordPath(r.Input), append(b, '\n'))
}

// loadRecord returns the kept record of input rel, or nil.
func (c *Config) loadRecord(rel string) *Record {
	b, err := os.ReadFile(c.recordPath(rel))
	if err != nil {
		return nil
	}
	var r Record
	if json.Unmarshal(b, &r) != nil {
		return nil
	}
	return &r
}

func (c *Config) threads() int {
	if c.Threads > 0 {
		return c.Threads
	}
	return max(1, runtime.GOMAXPROCS(0)/c.parallel())
}

func (c *Config) parallel() int {
	if c.Parallel > 0 {
		return c.Parallel
	}
	return runtime.GOMAXPROCS(0)
}

// slots bounds the files (or segments) a worker process codes at once: runners such as
// Prism hand a process as many elements at once as they like.
var (
	slotsOnce sync.Once
	slots     chan struct{}
)

// acquire waits for one of the process's n slots (n of the first call) and returns its
// release.
func acquire(ctx context.Context, n int) (release func(), err error) {
	slotsOnce.Do(func() { slots = make(chan struct{}, n) })
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Plan is the first look at an input: its hash, and whether an earlier run did it already.
type Plan struct {
	Input    Input
	SHA256   [32]byte
	Kind     string
	Settings string
	FileID   uint64
	Done     *Record // set when the input needs no work: skipped, or failed before it began
	Segments int     // > 0: split into this many segments
}

// PlanInput hashes an input and decides what to do with it: nothing when the kept record
// matches its size, SHA-256 and settings and its output verifies; else encode it whole, or
// segment by segment when it is a y4m larger than SplitBytes with more than one segment.
func (c *Config) PlanInput(ctx context.Context, in Input) *Plan {
	start := time.Now()
	kind := inputKind(in.Rel)
	pl := &Plan{Input: in, Kind: kind, Settings: c.Settings(kind)}
	path := filepath.Join(c.In, filepath.FromSlash(in.Rel))
	size, sum, err := hashFile(path)
	if err != nil {
		pl.Done = c.failed(in, kind, start, err)
		return pl
	}
	pl.Input.Size, pl.SHA256 = size, sum
	pl.FileID = FileID(sum, in.Rel, pl.Settings)
	if old := c.loadRecord(in.Rel); old != nil && (old.Status == StatusOK || old.Status == StatusSkipped) &&
		old.InputSize == size && old.InputSHA256 == hex.EncodeToString(sum[:]) && old.Settings == pl.Settings {
		if _, err := VerifyOutput(ctx, filepath.Join(c.Out, filepath.FromSlash(old.Output)), old, c.threads()); err == nil {
			r := *old
			r.Status, r.Run, r.Seconds = StatusSkipped, c.RunID, time.Since(start).Seconds()
			pl.Done = &r
			return pl
		}
	}
	if kind == "video" && c.SplitBytes > 0 && size > c.SplitBytes {
		if n, err := c.countSegments(path); err == nil && n > 1 {
			pl.Segments = n
		}
	}
	return pl
}

// countSegments returns how many segments the y4m file at path has under c, if its frames
// can be found by index (otherwise it is coded whole, in order).
func (c *Config) countSegments(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	y, err := vision.OpenY4MFrames(f, st.Size())
	if err != nil {
		return 0, err
	}
	p, err := c.videoParams(y.Header)
	if err != nil {
		return 0, err
	}
	return p.SegmentCount(y.Frames()), nil
}

// failed returns the record of an input that failed, kept for the next run.
func (c *Config) failed(in Input, kind string, start time.Time, err error) *Record {
	r := &Record{Input: in.Rel, InputSize: in.Size, Kind: kind, Settings: c.Settings(kind), Seconds: time.Since(start).Seconds(),
		Status: StatusFailed, Error: oneLine(err), Run: c.RunID}
	c.saveRecord(r) // best effort: the manifest has it anyway
	return r
}

// EncodeWhole encodes a planned input into its .vlm and returns (and keeps) its record.
func (c *Config) EncodeWhole(ctx context.Context, pl *Plan) *Record {
	start := time.Now()
	r := c.baseRecord(pl)
	path := filepath.Join(c.In, filepath.FromSlash(pl.Input.Rel))
	out := filepath.Join(c.Out, filepath.FromSlash(r.Output))
	err := writeAtomic(out, func(w io.Writer) error {
		cw := &iocount.Writer{W: w}
		var err error
		switch pl.Kind {
		case "sensor":
			err = c.encodeSensor(path, cw, pl, r)
		case "opencv":
			err = c.encodeOpenCV(ctx, path, cw, pl)
		default:
			err = c.encodeVideo(ctx, path, cw, pl, r)
		}
		r.OutputSize = cw.N
		return err
	})
	if err == nil && pl.Kind == "opencv" {
		err = describeOpenCV(out, r)
	}
	return c.finish(r, pl, start, err)
}

func (c *Config) baseRecord(pl *Plan) *Record {
	return &Record{Input: pl.Input.Rel, InputSize: pl.Input.Size, InputSHA256: hex.EncodeToString(pl.SHA256[:]),
		Output: outputName(pl.Input.Rel), Kind: pl.Kind, Settings: pl.Settings, FileID: fmt.Sprintf("%016x", pl.FileID),
		Command: c.command(pl.Input.Rel, pl.Kind, pl.FileID), Run: c.RunID}
}

// finish completes r after its output was written (err nil) or not, and keeps it.
func (c *Config) finish(r *Record, pl *Plan, start time.Time, err error) *Record {
	r.Seconds = time.Since(start).Seconds()
	if err != nil {
		r.Status, r.Error = StatusFailed, oneLine(fmt.Errorf("%s: %w", pl.Input.Rel, err))
		r.Output, r.OutputSize, r.FileID, r.Command = "", 0, "", ""
		r.BitsPerPixel, r.BitsPerValue, r.Frames, r.Values, r.Segments = 0, 0, 0, 0, 0
	} else {
		r.Status = StatusOK
		r.Ratio = float64(r.OutputSize) / float64(max(r.InputSize, 1))
		bits := float64(r.OutputSize * 8)
		if r.Frames > 0 {
			r.BitsPerPixel = bits / float64(r.Frames) / float64(r.pixels)
		}
		if r.Values > 0 {
			r.BitsPerValue = bits / float64(r.Values)
		}
	}
	if serr := c.saveRecord(r); serr != nil && err == nil {
		r.Status, r.Error = StatusFailed, oneLine(fmt.Errorf("%s: keeping its record: %w", pl.Input.Rel, serr))
	}
	return r
}

func (c *Config) encodeSensor(path string, w io.Writer, pl *Plan, r *Record) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	enc, err := codec.NewSensorEncoder(w, codec.WithFileID(pl.FileID), codec.WithThreads(c.threads()))
	if err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.Copy(enc, io.TeeReader(f, h)); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	if !sameSum(h, pl.SHA256) {
		return errors.New("the file changed while it was being encoded")
	}
	for _, col := range enc.Summary().Columns {
		r.Values += int64(col.Cells)
	}
	return nil
}

func sameSum(h interface{ Sum([]byte) []byte }, want [32]byte) bool {
	return string(h.Sum(nil)) == string(want[:])
}

func (c *Config) encodeVideo(ctx context.Context, path string, w io.Writer, pl *Plan, r *Record) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	y, err := vision.NewY4MReader(io.TeeReader(f, h))
	if err != nil {
		return err
	}
	p, err := c.videoParams(y.Header)
	if err != nil {
		return err
	}
	enc, err := codec.NewVideoEncoder(w, p, codec.WithFileID(pl.FileID), codec.WithThreads(c.threads()))
	if err != nil {
		return err
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		fr, err := y.ReadFrame()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := enc.WriteFrame(fr); err != nil {
			return err
		}
	}
	if err := enc.Close(); err != nil {
		return err
	}
	if !sameSum(h, pl.SHA256) {
		return errors.New("the file changed while it was being encoded")
	}
	r.Frames, r.pixels = enc.Frames(), p.Layout.Width*p.Layout.Height
	r.Segments = p.SegmentCount(enc.Frames())
	return nil
}
