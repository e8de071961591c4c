package batch

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/iocount"
	"github.com/vidlm/vidlm/vision"
)

// A long y4m is coded one segment per work item: each worker codes its segment with
// codec.EncodeSegment into a part file under OUT/.vidlm-batch/parts/ (so nothing large
// travels through the pipeline), and one worker joins the parts in order with
// codec.JoinSegments into the .vlm, byte for byte what the one-machine encode writes.
// A part already coded by an interrupted run (its description matches the input's SHA-256,
// the settings and the segment) is not coded again.

// SegmentJob is one segment of a split input.
type SegmentJob struct {
	Plan    PlanWire `json:"plan"`
	Segment int      `json:"segment"`
}

// PlanWire is a Plan as it travels between workers.
type PlanWire struct {
	Input    Input  `json:"input"`
	SHA256   string `json:"sha256"`
	Kind     string `json:"kind"`
	Settings string `json:"settings"`
	FileID   uint64 `json:"file_id"`
	Segments int    `json:"segments"`
}

func (pl *Plan) wire() PlanWire {
	return PlanWire{Input: pl.Input, SHA256: hex.EncodeToString(pl.SHA256[:]), Kind: pl.Kind, Settings: pl.Settings, FileID: pl.FileID, Segments: pl.Segments}
}

func (w *PlanWire) plan() (*Plan, error) {
	pl := &Plan{Input: w.Input, Kind: w.Kind, Settings: w.Settings, FileID: w.FileID, Segments: w.Segments}
	b, err := hex.DecodeString(w.SHA256)
	if err != nil || len(b) != 32 {
		return nil, fmt.Errorf("bad SHA-256 %q", w.SHA256)
	}
	copy(pl.SHA256[:], b)
	return pl, nil
}

// PartResult is what a segment's worker reports: the part's description, or its error.
type PartResult struct {
	Plan    PlanWire           `json:"plan"`
	Part    *codec.SegmentPart `json:"part,omitempty"`
	Seconds float64            `json:"seconds"`
	Error   string             `json:"error,omitempty"`
}

// partDesc is kept beside a part file.
type partDesc struct {
	InputSHA256 string            `json:"input_sha256"`
	Settings    string            `json:"settings"`
	Size        int64             `json:"size"`
	Part        codec.SegmentPart `json:"part"`
}

func (c *Config) partPath(rel string, k int) string {
	return filepath.Join(c.Out, stateDir, "parts", filepath.FromSlash(rel)+fmt.Sprintf(".%06d.part", k))
}

// openFrames opens the y4m file of an input for access by frame.
func (c *Config) openFrames(rel string) (*os.File, *vision.Y4MFrames, codec.VideoParams, error) {
	var p codec.VideoParams
	f, err := os.Open(filepath.Join(c.In, filepath.FromSlash(rel)))
	if err != nil {
		return nil, nil, p, err
	}
	st, err := f.Stat()
	if err == nil {
		var y *vision.Y4MFrames
		if y, err = vision.OpenY4MFrames(f, st.Size()); err == nil {
			if p, err = c.videoParams(y.Header); err == nil {
				return f, y, p, nil
			}
		}
	}
	f.Close()
	return nil, nil, p, err
}

// EncodeSegmentJob codes one segment of a split input into its part file.
func (c *Config) EncodeSegmentJob(ctx context.Context, job SegmentJob) PartResult {
	start := time.Now()
	res := PartResult{Plan: job.Plan}
	part, err := c.encodePart(ctx, job)
	res.Part, res.Seconds = part, time.Since(start).Seconds()
	if err != nil {
		res.Error = oneLine(fmt.Errorf("%s: segment %d: %w", job.Plan.Input.Rel, job.Segment, err))
	}
	return res
}

func (c *Config) encodePart(ctx context.Context, job SegmentJob) (*codec.SegmentPart, error) {
	path := c.partPath(job.Plan.Input.Rel, job.Segment)
	if b, err := os.ReadFile(path + ".json"); err == nil {
		var d partDesc
		if json.Unmarshal(b, &d) == nil && d.InputSHA256 == job.Plan.SHA256 && d.Settings == job.Plan.Settings && d.Part.Segment == job.Segment {
			if st, err := os.Stat(path); err == nil && st.Size() == d.Size {
				return &d.Part, nil // coded by an earlier run
			}
		}
	}
	f, y, p, err := c.openFrames(job.Plan.Input.Rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var part *codec.SegmentPart
	var size int64
	err = writeAtomic(path, func(w io.Writer) error {
		cw := &iocount.Writer{W: w}
		var err error
		part, err = codec.EncodeSegment(ctx, cw, p, y, job.Segment, codec.WithThreads(c.threads()))
		size = cw.N
		return err
	})
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(partDesc{InputSHA256: job.Plan.SHA256, Settings: job.Plan.Settings, Size: size, Part: *part})
	if err != nil {
		return nil, err
	}
	return part, writeFileAtomic(path+".json", b)
}

// JoinParts writes the .vlm of a split input from its segments' parts (in any order) and
// returns (and keeps) its record. The parts are removed once the .vlm is in place.
func (c *Config) JoinParts(ctx context.Context, results []PartResult) *Record {
	start := time.Now()
	pl, err := results[0].Plan.plan()
	if err != nil {
		return c.failed(results[0].Plan.Input, "video", start, err)
	}
	r := c.baseRecord(pl)
	r.Split = true
	parts := make([]codec.SegmentPart, pl.Segments)
	seen := make([]bool, pl.Segments)
	var coding float64
	for _, res := range results {
		if res.Error != "" { // "rel: segment k: reason"; finish names the input
			return c.finish(r, pl, start, errors.New(strings.TrimPrefix(res.Error, pl.Input.Rel+": ")))
		}
		k := res.Part.Segment
		if k < 0 || k >= len(parts) || seen[k] {
			return c.finish(r, pl, start, fmt.Errorf("segment %d reported twice or out of range", k))
		}
		parts[k], seen[k] = *res.Part, true
		coding += res.Seconds
	}
	if len(results) != pl.Segments {
		return c.finish(r, pl, start, fmt.Errorf("%d of %d segments coded", len(results), pl.Segments))
	}
	f, y, p, err := c.openFrames(pl.Input.Rel)
	if err != nil {
		return c.finish(r, pl, start, err)
	}
	defer f.Close()
	out := filepath.Join(c.Out, filepath.FromSlash(r.Output))
	err = writeAtomic(out, func(w io.Writer) error {
		cw := &iocount.Writer{W: w}
		open := func(k int) (io.ReadCloser, error) { return os.Open(c.partPath(pl.Input.Rel, k)) }
		res, err := codec.JoinSegments(ctx, cw, p, y, parts, open, codec.WithFileID(pl.FileID))
		if err == nil {
			r.Frames = res.Frames
		}
		r.OutputSize = cw.N
		return err
	})
	if err == nil {
		// The trailer holds the SHA-256 of the frames read now: it must be the input's.
		err = checkOutputSum(out, pl.SHA256)
	}
	r.pixels, r.Segments = p.Layout.Width*p.Layout.Height, pl.Segments
	rec := c.finish(r, pl, start, err)
	rec.Seconds += coding // the time of the whole file: its segments' and the join's
	if rec.Status == StatusOK {
		c.saveRecord(rec)
		for k := range parts {
			os.Remove(c.partPath(pl.Input.Rel, k))
			os.Remove(c.partPath(pl.Input.Rel, k) + ".json")
		}
	}
	return rec
}

// checkOutputSum checks that the .vlm at path records want as its stream's SHA-256.
func checkOutputSum(path string, want [32]byte) error {
	info, err := readInfo(path)
	if err != nil {
		return err
	}
	if len(info.Index) != 1 || info.Index[0].SHA256 != want {
		return fmt.Errorf("the file changed while it was being encoded")
	}
	return nil
}

// readInfo reads the header and trailer of the .vlm at path.
func readInfo(path string) (*codec.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return codec.ReadInfo(f)
}
