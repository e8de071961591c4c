package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/vidlm/vidlm/experiment"
)

// Experiment sweeps: every grid point of every config (a config with one key swept over
// several values, or a config alone) is one work item, run by `experiment.Run` on some worker,
// which writes the point's result directory (results.md, results.json, config.yaml,
// learning.png, track.png, index.html, as `vidlm experiment` writes them) and its record. The
// driver then writes, per swept config, the sweep's table and plot from the points' results,
// and the manifest and summary of the whole run.
//
//	jobs ─Reshuffle─> run point ─> records ─GBK─> manifest
//
// A batch experiment codes the sensor logs only (as a sweep of `vidlm experiment` does): the
// video rungs need OpenCV's tracker, which the workers are built without.

func init() {
	register.DoFn3x0[context.Context, string, func(string)](&experimentFn{})
	register.DoFn3x1[context.Context, int, func(*string) bool, error](&experimentManifestFn{})
}

// ExperimentJob is one run: a config, whose text travels with the job so that a worker needs
// no copy of the config files, with the swept key set to one value.
type ExperimentJob struct {
	File  string   `json:"file"` // the config's name in messages
	Data  []byte   `json:"data"` // its YAML text
	Sets  []string `json:"sets"` // the --set overrides; the swept key has its one value
	Name  string   `json:"name"` // the config's name
	Key   string   `json:"key,omitempty"`
	Value string   `json:"value,omitempty"`
	Dir   string   `json:"dir"` // the result directory, relative to the output, with slashes
}

// RungBits is one rung's code length in a record.
type RungBits struct {
	Rung         string  `json:"rung"`
	Bits         float64 `json:"bits"`
	RatioToFloor float64 `json:"ratio_to_floor"`
}

// ExperimentRecord is one line of an experiment batch's manifest: what became of one run.
type ExperimentRecord struct {
	Config       string     `json:"config"`
	Key          string     `json:"key,omitempty"`
	Value        string     `json:"value,omitempty"`
	Dir          string     `json:"dir"`
	ConfigSHA256 string     `json:"config_sha256"` // of the resolved config: a rerun of the same skips
	DataSHA256   string     `json:"data_sha256,omitempty"`
	Samples      int        `json:"samples,omitempty"`
	FloorBits    float64    `json:"floor_bits,omitempty"`
	Rungs        []RungBits `json:"rungs,omitempty"`
	Seconds      float64    `json:"seconds"`
	Status       string     `json:"status"` // ok, skipped (done by an earlier run), failed
	Error        string     `json:"error,omitempty"`
	Run          string     `json:"run"`
}

// ExperimentConfig is how an experiment batch runs.
type ExperimentConfig struct {
	Out      string // the output directory
	Threads  int    // per run; 0: the worker's cores shared among Parallel runs
	Parallel int    // runs one worker process does at once (0: its cores)
	RunID    string
}

func (c ExperimentConfig) coders() *Config {
	return &Config{Threads: c.Threads, Parallel: c.Parallel}
}

// ExperimentJobs expands the configs (file names or shipped names, as `vidlm experiment`
// takes them) and the --set overrides into one job per grid point. Every config and every
// value is checked here, so that a typo fails the batch before any work starts.
func ExperimentJobs(args, sets []string) ([]ExperimentJob, error) {
	var jobs []ExperimentJob
	names := map[string]string{}
	sets = append(slices.Clip(sets), "video.frames=0") // sensor logs only (see above)
	for _, arg := range args {
		file, data, err := experiment.ConfigText(arg)
		if err != nil {
			return nil, err
		}
		if data == nil {
			if data, err = os.ReadFile(file); err != nil {
				return nil, err
			}
		}
		c, sw, err := experiment.LoadConfig(file, data, sets)
		if err != nil {
			return nil, err
		}
		if other, dup := names[c.Name]; dup {
			return nil, fmt.Errorf("%s and %s are both named %q: their results would meet in one directory", other, file, c.Name)
		}
		names[c.Name] = file
		if sw == nil {
			jobs = append(jobs, ExperimentJob{File: file, Data: data, Sets: sets, Name: c.Name, Dir: c.Name})
			continue
		}
		for _, v := range sw.Values {
			pointSets := fixSweep(sets, sw.Key, v)
			jobs = append(jobs, ExperimentJob{File: file, Data: data, Sets: pointSets, Name: c.Name, Key: sw.Key, Value: v,
				Dir: c.Name + "/" + pointDirName(sw.Key, v)})
		}
	}
	return jobs, nil
}

// fixSweep returns the --set overrides with the swept key given the single value v (the sweep
// itself is always the last --set naming key that holds several values).
func fixSweep(sets []string, key, v string) []string {
	out := make([]string, 0, len(sets)+1)
	for _, s := range sets {
		k, val, _ := strings.Cut(s, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if (k == key || "params."+k == key) && (strings.Contains(val, ",") || strings.Contains(val, "..")) {
			continue
		}
		out = append(out, s)
	}
	return append(out, key+"="+v)
}

// pointDirName is a grid point's directory: the key without its "params." prefix, and the
// value, with anything a file name should not hold replaced.
func pointDirName(key, v string) string {
	name := strings.TrimPrefix(key, "params.") + "=" + v
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < ' ' {
			return '_'
		}
		return r
	}, name)
}

// experimentFn runs one job and emits its record.
type experimentFn struct {
	Cfg ExperimentConfig `json:"cfg"`
}

func (f *experimentFn) ProcessElement(ctx context.Context, in string, emit func(string)) {
	var job ExperimentJob
	if err := json.Unmarshal([]byte(in), &job); err != nil {
		panic(err) // written by the driver: a bug, not a config's fault
	}
	rec := RunExperiment(ctx, f.Cfg, job)
	b, _ := json.Marshal(rec)
	emit(string(b))
}

// RunExperiment runs one job, unless an earlier run with the same resolved config did it,
// writes its result directory and keeps its record.
func RunExperiment(ctx context.Context, cfg ExperimentConfig, job ExperimentJob) *ExperimentRecord {
	start := time.Now()
	rec := &ExperimentRecord{Config: job.File, Key: job.Key, Value: job.Value, Dir: job.Dir, Run: cfg.RunID}
	fail := func(err error) *ExperimentRecord {
		rec.Status, rec.Error, rec.Seconds = StatusFailed, oneLine(err), time.Since(start).Seconds()
		rec.Rungs = nil
		saveExperimentRecord(cfg, rec)
		return rec
	}
	release, err := acquire(ctx, cfg.coders().parallel())
	if err != nil {
		return fail(err)
	}
	defer release()
	c, _, err := experiment.LoadConfig(job.File, job.Data, job.Sets)
	if err != nil {
		return fail(err)
	}
	cj, _ := json.Marshal(c)
	sum := sha256.Sum256(cj)
	rec.ConfigSHA256 = hex.EncodeToString(sum[:])
	dir := filepath.Join(cfg.Out, filepath.FromSlash(job.Dir))
	if old := loadExperimentRecord(cfg, job.Dir); old != nil && old.Status != StatusFailed && old.ConfigSHA256 == rec.ConfigSHA256 {
		if r, err := readResult(dir); err == nil && r.DataSHA256 == old.DataSHA256 {
			done := *old
			done.Status, done.Run, done.Seconds, done.Error = StatusSkipped, cfg.RunID, time.Since(start).Seconds(), ""
			return &done
		}
	}
	res, err := experiment.Run(c, experiment.Options{Threads: cfg.coders().threads()})
	if err != nil {
		return fail(err)
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	if err := experiment.WriteDir(dir, true, res, nil); err != nil {
		return fail(err)
	}
	rec.DataSHA256, rec.Samples, rec.FloorBits = res.DataSHA256, res.Samples, res.FloorBits
	for _, g := range res.Rungs {
		rec.Rungs = append(rec.Rungs, RungBits{Rung: g.Rung, Bits: g.Bits, RatioToFloor: g.RatioToFloor})
	}
	rec.Status, rec.Seconds = StatusOK, time.Since(start).Seconds()
	if err := saveExperimentRecord(cfg, rec); err != nil {
		return fail(err)
	}
	return rec
}

func experimentRecordPath(cfg ExperimentConfig, dir string) string {
	return filepath.Join(cfg.Out, stateDir, "experiments", filepath.FromSlash(dir)+".json")
}

func saveExperimentRecord(cfg ExperimentConfig, r *ExperimentRecord) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return writeFileAtomic(experimentRecordPath(cfg, r.Dir), append(b, '\n'))
}

func loadExperimentRecord(cfg ExperimentConfig, dir string) *ExperimentRecord {
	b, err := os.ReadFile(experimentRecordPath(cfg, dir))
	if err != nil {
		return nil
	}
	var r ExperimentRecord
	if json.Unmarshal(b, &r) != nil {
		return nil
	}
	return &r
}

// readResult reads the results.json of a run's directory.
func readResult(dir string) (*experiment.Result, error) {
	b, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		return nil, err
	}
	var r experiment.Result
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "results.json"), err)
	}
	return &r, nil
}

// ExperimentManifestName is the manifest of an experiment batch (one JSON line per run).
const ExperimentManifestName = "manifest.jsonl"

type experimentManifestFn struct {
	Cfg ExperimentConfig `json:"cfg"`
}

func (f *experimentManifestFn) ProcessElement(ctx context.Context, _ int, lines func(*string) bool) error {
	recs, err := collect[ExperimentRecord](lines)
	if err != nil {
		return err
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].Dir < recs[j].Dir })
	return writeFileAtomic(filepath.Join(f.Cfg.Out, ExperimentManifestName), jsonLines(recs))
}

// ExperimentPipeline builds the pipeline that runs jobs (from ExperimentJobs) under cfg.
func ExperimentPipeline(cfg ExperimentConfig, jobs []ExperimentJob) *beam.Pipeline {
	p, s := beam.NewPipelineWithRoot()
	var elems []string
	for _, j := range jobs {
		b, _ := json.Marshal(j)
		elems = append(elems, string(b))
	}
	recs := beam.ParDo(s.Scope("experiment"), &experimentFn{Cfg: cfg}, beam.Reshuffle(s, beam.CreateList(s, elems)))
	beam.ParDo0(s.Scope("manifest"), &experimentManifestFn{Cfg: cfg}, beam.GroupByKey(s, beam.AddFixedKey(s, recs)))
	return p
}

// ReadExperimentManifest reads the manifest of an experiment batch.
func ReadExperimentManifest(out string) ([]ExperimentRecord, error) {
	b, err := os.ReadFile(filepath.Join(out, ExperimentManifestName))
	if err != nil {
		return nil, err
	}
	return parseLines[ExperimentRecord](b, ExperimentManifestName)
}

// FinishExperiments writes, for every swept config, DIR/NAME/sweep/ (the table, sweep.png and
// index.html of `vidlm experiment --set key=v1,v2,...`) from its points' results, and the
// batch's summary.md (every config's table) into out. A sweep with a failed point is written
// without it (its record says why).
func FinishExperiments(out string, jobs []ExperimentJob, recs []ExperimentRecord, summary io.Writer) error {
	status := map[string]string{}
	for _, r := range recs {
		status[r.Dir] = r.Status
	}
	var singles []*experiment.Result
	var sum strings.Builder
	var errs []error
	done := map[string]bool{}
	for _, j := range jobs {
		if done[j.Name] {
			continue
		}
		done[j.Name] = true
		points := &experiment.SweepResult{}
		for _, k := range jobs {
			if k.Name != j.Name || status[k.Dir] == StatusFailed || status[k.Dir] == "" {
				continue
			}
			r, err := readResult(filepath.Join(out, filepath.FromSlash(k.Dir)))
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if k.Key == "" {
				singles = append(singles, r)
				continue
			}
			points.Sweep.Key = k.Key
			points.Sweep.Values = append(points.Sweep.Values, k.Value)
			points.Points = append(points.Points, r)
		}
		if len(points.Points) == 0 {
			continue
		}
		dir := filepath.Join(out, j.Name, "sweep")
		if err := experiment.WriteDir(dir, true, nil, points); err != nil {
			errs = append(errs, err)
			continue
		}
		experiment.WriteSweepTable(&sum, points)
		fmt.Fprintf(&sum, "\n(%s)\n\n", filepath.ToSlash(filepath.Join(j.Name, "sweep")))
	}
	if len(singles) > 0 {
		experiment.WriteSummary(&sum, singles)
	}
	if err := writeFileAtomic(filepath.Join(out, "summary.md"), []byte(sum.String())); err != nil {
		errs = append(errs, err)
	}
	if summary != nil {
		io.WriteString(summary, sum.String())
	}
	return errors.Join(errs...)
}
