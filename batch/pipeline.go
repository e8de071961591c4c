package batch

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// The pipelines. Elements are JSON strings (inputs, records, segment jobs, part results),
// which every runner codes without a custom coder; the large data (the files and the coded
// segments) stays on the file system every worker shares, and only paths and descriptions
// travel.
//
// encode:
//
//	inputs ─Reshuffle─> plan+encode ─┬─ records ─────────────────────────────────┬─> manifest
//	                                 └─ segment jobs ─Reshuffle─> segment ─GBK─> join ─┘
//
// A worker holds one file (or one segment) at a time: its memory is that of one vidlm coder
// (about 100 bytes per sample of a frame, or a sensor block of 1 MiB), whatever the size of
// the archive or of the file. The manifest writer holds the records (a few hundred bytes per
// input) to sort them.

func init() {
	register.DoFn4x0[context.Context, string, func(string), func(string)](&planFn{})
	register.DoFn3x0[context.Context, string, func(string, string)](&segmentFn{})
	register.DoFn4x0[context.Context, string, func(*string) bool, func(string)](&joinFn{})
	register.DoFn3x1[context.Context, int, func(*string) bool, error](&manifestFn{})
	register.DoFn3x0[context.Context, string, func(string)](&checkFn{})
	register.DoFn3x1[context.Context, int, func(*string) bool, error](&checkReportFn{})
	register.Emitter1[string]()
	register.Emitter2[string, string]()
	register.Iter1[string]()
}

var (
	filesDone = beam.NewCounter("vidlm", "files_done")
	bytesDone = beam.NewCounter("vidlm", "input_bytes_done")
	failures  = beam.NewCounter("vidlm", "files_failed")
)

func count(ctx context.Context, r *Record) {
	filesDone.Inc(ctx, 1)
	bytesDone.Inc(ctx, r.InputSize)
	if r.Status == StatusFailed {
		failures.Inc(ctx, 1)
	}
}

func emitRecord(ctx context.Context, r *Record, emit func(string)) {
	count(ctx, r)
	b, _ := json.Marshal(r)
	emit(string(b))
}

// planFn hashes an input, and either finds it done (skipped), encodes it whole, or emits
// its segments' jobs.
type planFn struct {
	Cfg Config `json:"cfg"`
}

func (f *planFn) ProcessElement(ctx context.Context, in string, records func(string), jobs func(string)) {
	var input Input
	if err := json.Unmarshal([]byte(in), &input); err != nil {
		panic(err) // written by the driver: a bug, not an input's fault
	}
	release, err := acquire(ctx, f.Cfg.parallel())
	if err != nil {
		emitRecord(ctx, f.Cfg.failed(input, inputKind(input.Rel), time.Now(), err), records)
		return
	}
	defer release()
	pl := f.Cfg.PlanInput(ctx, input)
	switch {
	case pl.Done != nil:
		emitRecord(ctx, pl.Done, records)
	case pl.Segments > 1:
		w := pl.wire()
		for k := range pl.Segments {
			b, _ := json.Marshal(SegmentJob{Plan: w, Segment: k})
			jobs(string(b))
		}
	default:
		emitRecord(ctx, f.Cfg.EncodeWhole(ctx, pl), records)
	}
}

// segmentFn codes one segment of a split input; it emits (input, part result).
type segmentFn struct {
	Cfg Config `json:"cfg"`
}

func (f *segmentFn) ProcessElement(ctx context.Context, in string, emit func(string, string)) {
	var job SegmentJob
	if err := json.Unmarshal([]byte(in), &job); err != nil {
		panic(err)
	}
	var res PartResult
	if release, err := acquire(ctx, f.Cfg.parallel()); err != nil {
		res = PartResult{Plan: job.Plan, Error: oneLine(err)}
	} else {
		res = f.Cfg.EncodeSegmentJob(ctx, job)
		release()
	}
	b, _ := json.Marshal(res)
	emit(job.Plan.Input.Rel, string(b))
}

// joinFn joins the segments of one split input into its .vlm.
type joinFn struct {
	Cfg Config `json:"cfg"`
}

func (f *joinFn) ProcessElement(ctx context.Context, rel string, parts func(*string) bool, records func(string)) {
	var results []PartResult
	var s string
	for parts(&s) {
		var r PartResult
		if err := json.Unmarshal([]byte(s), &r); err != nil {
			panic(err)
		}
		results = append(results, r)
	}
	sort.Slice(results, func(i, j int) bool { return partSegment(results[i]) < partSegment(results[j]) })
	release, err := acquire(ctx, f.Cfg.parallel())
	if err != nil {
		emitRecord(ctx, f.Cfg.failed(results[0].Plan.Input, "video", time.Now(), err), records)
		return
	}
	defer release()
	emitRecord(ctx, f.Cfg.JoinParts(ctx, results), records)
}

func partSegment(r PartResult) int {
	if r.Part == nil {
		return -1
	}
	return r.Part.Segment
}

// manifestFn writes the manifest (records sorted by input) and the summary table.
type manifestFn struct {
	Cfg Config `json:"cfg"`
}

func (f *manifestFn) ProcessElement(ctx context.Context, _ int, lines func(*string) bool) error {
	recs, err := collect[Record](lines)
	if err != nil {
		return err
	}
	return WriteManifest(f.Cfg.Out, recs)
}

// EncodePipeline builds the pipeline that encodes inputs (from ListInputs) under cfg.
func EncodePipeline(cfg Config, inputs []Input) *beam.Pipeline {
	p, s := beam.NewPipelineWithRoot()
	var elems []string
	for _, in := range inputs {
		b, _ := json.Marshal(in)
		elems = append(elems, string(b))
	}
	col := beam.Reshuffle(s, beam.CreateList(s, elems))
	records, jobs := beam.ParDo2(s, &planFn{Cfg: cfg}, col)
	parts := beam.ParDo(s.Scope("segment"), &segmentFn{Cfg: cfg}, beam.Reshuffle(s, jobs))
	joined := beam.ParDo(s.Scope("join"), &joinFn{Cfg: cfg}, beam.GroupByKey(s, parts))
	all := beam.Flatten(s, records, joined)
	beam.ParDo0(s.Scope("manifest"), &manifestFn{Cfg: cfg}, beam.GroupByKey(s, beam.AddFixedKey(s, all)))
	return p
}

// checkFn verifies (Dest empty) or decodes into Dest one manifest entry.
type checkFn struct {
	Out      string `json:"out"`
	Dest     string `json:"dest"`
	Threads  int    `json:"threads"`
	Parallel int    `json:"parallel"`
}

func (f *checkFn) ProcessElement(ctx context.Context, in string, emit func(string)) {
	var r Record
	if err := json.Unmarshal([]byte(in), &r); err != nil {
		panic(err)
	}
	cfg := Config{Threads: f.Threads, Parallel: f.Parallel}
	release, err := acquire(ctx, cfg.parallel())
	if err != nil {
		panic(err) // cancelled: the pipeline stops
	}
	defer release()
	var c Check
	if f.Dest == "" {
		c = VerifyEntry(ctx, f.Out, &r, cfg.threads())
	} else {
		c = DecodeEntry(ctx, f.Out, f.Dest, &r, cfg.threads())
	}
	filesDone.Inc(ctx, 1)
	bytesDone.Inc(ctx, r.InputSize)
	if c.Status != StatusOK {
		failures.Inc(ctx, 1)
	}
	b, _ := json.Marshal(c)
	emit(string(b))
}

// checkReportFn writes the checks, sorted by input, as JSON lines into Path.
type checkReportFn struct {
	Path string `json:"path"`
}

func (f *checkReportFn) ProcessElement(ctx context.Context, _ int, lines func(*string) bool) error {
	checks, err := collect[Check](lines)
	if err != nil {
		return err
	}
	sort.Slice(checks, func(i, j int) bool { return checks[i].Input < checks[j].Input })
	return writeFileAtomic(f.Path, jsonLines(checks))
}

// CheckPipeline builds the pipeline that verifies (dest "") or decodes into dest the
// outputs of the manifest entries recs of output directory out, writing the checks to report.
func CheckPipeline(out, dest, report string, recs []Record, threads, parallel int) *beam.Pipeline {
	p, s := beam.NewPipelineWithRoot()
	var elems []string
	for _, r := range recs {
		b, _ := json.Marshal(r)
		elems = append(elems, string(b))
	}
	col := beam.Reshuffle(s, beam.CreateList(s, elems))
	checks := beam.ParDo(s, &checkFn{Out: out, Dest: dest, Threads: threads, Parallel: parallel}, col)
	beam.ParDo0(s.Scope("report"), &checkReportFn{Path: report}, beam.GroupByKey(s, beam.AddFixedKey(s, checks)))
	return p
}

// ReadManifest reads the manifest of output directory out.
func ReadManifest(out string) ([]Record, error) {
	b, err := os.ReadFile(filepath.Join(out, ManifestName))
	if err != nil {
		return nil, err
	}
	return parseLines[Record](b, ManifestName)
}

// ReadChecks reads a report of CheckPipeline.
func ReadChecks(path string) ([]Check, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseLines[Check](b, filepath.Base(path))
}

// collect decodes the JSON elements an iterator of a grouped collection yields.
func collect[T any](lines func(*string) bool) ([]T, error) {
	var out []T
	var s string
	for lines(&s) {
		var x T
		if err := json.Unmarshal([]byte(s), &x); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// jsonLines writes xs as JSON lines.
func jsonLines[T any](xs []T) []byte {
	var b []byte
	for _, x := range xs {
		line, _ := json.Marshal(x) // plain structs of strings and numbers
		b = append(append(b, line...), '\n')
	}
	return b
}

func parseLines[T any](b []byte, name string) ([]T, error) {
	var out []T
	dec := json.NewDecoder(bytesReader(b))
	for dec.More() {
		var v T
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, v)
	}
	return out, nil
}
