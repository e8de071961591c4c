// Command vidlm-batch encodes, verifies and decodes whole archives of y4m clips and sensor
// logs with vidlm on Apache Beam: on Prism inside the process by default (nothing to start),
// on Flink, Spark or another portable runner with --runner and --endpoint.
//
//	vidlm-batch encode ARCHIVE/ -o OUT.d/ [--preset default] [--split-bytes N]
//	vidlm-batch verify OUT.d/
//	vidlm-batch decode OUT.d/ -o RESTORED/
//	vidlm-batch experiment CONFIG... [--set key=a..b] -o SWEEP/
//
// See batch/README.md.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	beamlog "github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/flink"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/spark"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"

	"github.com/vidlm/vidlm/batch"
	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/experiment"
)

const usage = `usage:
  vidlm-batch encode ARCHIVE/ -o OUT.d/ [flags]   every .y4m, .csv and .tsv under ARCHIVE (and .avi, .mp4,
                                                  .mkv, .mov, .m4v, .webm where the vidlm command is there)
  vidlm-batch verify OUT.d/ [flags]               decode every .vlm of the manifest, check every SHA-256
  vidlm-batch decode OUT.d/ -o RESTORED/ [flags]  restore every input of the manifest
  vidlm-batch experiment CONFIG... -o SWEEP/ [--set key=v1,v2,... | --set key=a..b]
                                                  one run of vidlm experiment per config and grid point

flags (before or after the arguments):
`

type usageError struct{ error }

var initOnce sync.Once

func main() {
	flag.Usage = func() {
		fmt.Fprint(os.Stderr, usage)
		flag.PrintDefaults()
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

var (
	output     = flag.String("o", "", "output directory (encode: the .vlm files and the manifest; decode: the restored files)")
	preset     = flag.String("preset", "default", "model preset: fast, default, max, camera (as vidlm encode --preset)")
	tiles      = flag.Int("tiles", 0, "bands per frame (0: the preset's), as vidlm encode --tiles")
	segment    = flag.Int("segment", -1, "frames per segment (-1: the preset's; 0: one segment), as vidlm encode --segment")
	threads    = flag.Int("threads", 0, "threads per file (0: the worker's cores shared among --parallel files); never changes the bytes")
	parallel   = flag.Int("parallel", 0, "files (or segments) each worker process codes at once: bounds its memory (0: its cores)")
	splitBytes = flag.Int64("split-bytes", 256<<20, "code a y4m larger than this one segment per work item (0: never)")
	quiet      = flag.Bool("q", false, "no progress lines")
	verbose    = flag.Bool("v", false, "show the runner's own log lines (INFO and up)")
	sets       listFlag
)

func init() {
	flag.Var(&sets, "set", "experiment: override a config key (key=value); key=v1,v2,... or key=a..b (integers) sweeps it; repeatable")
}

// listFlag is a flag given any number of times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, " ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// parseArgs parses flags placed before, between or after the positional arguments.
func parseArgs(args []string) ([]string, error) {
	var pos []string
	for {
		if err := flag.CommandLine.Parse(args); err != nil {
			return nil, usageError{err}
		}
		args = flag.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	flag.CommandLine.SetOutput(stderr)
	if len(args) > 0 && strings.HasPrefix(args[0], "-") {
		// A worker started by a runner (--worker and the harness's flags): beam.Init runs
		// the harness and does not return.
		if err := flag.CommandLine.Parse(args); err != nil {
			return 2
		}
		beam.Init()
		flag.Usage()
		return 2
	}
	if len(args) == 0 {
		flag.Usage()
		return 2
	}
	cmd := args[0]
	pos, err := parseArgs(args[1:])
	if err == nil {
		initOnce.Do(func() {
			beam.Init()
			if !*verbose {
				// Prism logs every job's steps at INFO. Once per process: the runner's
				// goroutines read the logger (and tests call run more than once).
				beamlog.SetupLogging("warn", "text")
			}
		})
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		switch cmd {
		case "encode":
			err = encode(ctx, pos, stderr, stdout)
		case "verify", "decode":
			err = check(ctx, cmd, pos, stdout)
		case "experiment":
			err = experiments(ctx, pos, stderr, stdout)
		default:
			err = usageError{fmt.Errorf("unknown command %q", cmd)}
		}
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "vidlm-batch: %v\n", err)
		fmt.Fprint(stderr, "run vidlm-batch -h for help\n")
		return 2
	default:
		fmt.Fprintf(stderr, "vidlm-batch: %v\n", err)
		return 1
	}
}

func runner() string {
	if *runners.Runner == "" {
		return "prism"
	}
	return *runners.Runner
}

func encode(ctx context.Context, pos []string, stderr, stdout io.Writer) error {
	if len(pos) != 1 || *output == "" {
		return usageError{errors.New("encode: one ARCHIVE directory and -o OUT.d are required")}
	}
	in, err := filepath.Abs(pos[0])
	if err != nil {
		return err
	}
	out, err := filepath.Abs(*output)
	if err != nil {
		return err
	}
	if st, err := os.Stat(in); err != nil || !st.IsDir() {
		return usageError{fmt.Errorf("encode: %s is not a directory", pos[0])}
	}
	if out == in {
		return usageError{errors.New("encode: the output directory must not be the archive")}
	}
	if _, err := codec.ParsePreset(*preset); err != nil {
		return usageError{fmt.Errorf("encode: --preset: %v", err)}
	}
	if *tiles < 0 || *segment < -1 || *threads < 0 || *parallel < 0 || *splitBytes < 0 {
		return usageError{errors.New("encode: --tiles, --segment, --threads and --split-bytes take no negative values (--segment: -1 for the preset's)")}
	}
	inputs, err := batch.ListInputs(in, out)
	if err != nil {
		return err
	}
	if err := prepareOutput(out, stderr); err != nil {
		return err
	}
	cfg := batch.Config{In: in, Out: out, Preset: *preset, Tiles: *tiles, Segment: *segment, Threads: *threads, Parallel: *parallel,
		SplitBytes: *splitBytes, RunID: newRunID()}
	var total int64
	for _, x := range inputs {
		total += x.Size
	}
	fmt.Fprintf(stderr, "vidlm-batch: %d inputs, %.1f MB, on %s\n", len(inputs), float64(total)/1e6, runner())
	start := time.Now()
	if len(inputs) == 0 {
		err = batch.WriteManifest(out, nil)
	} else {
		stopProgress := progress(stderr, cfg.Out, cfg.RunID, len(inputs), total)
		_, err = beam.Run(ctx, runner(), batch.EncodePipeline(cfg, inputs))
		stopProgress()
	}
	if err != nil {
		return fmt.Errorf("the pipeline failed: %w (the inputs finished are kept; rerun to go on)", err)
	}
	recs, err := batch.ReadManifest(out)
	if err != nil {
		return err
	}
	batch.Summary(stdout, recs)
	fmt.Fprintf(stdout, "wall time %.1f s; manifest %s, summary %s\n", time.Since(start).Seconds(),
		filepath.Join(*output, batch.ManifestName), filepath.Join(*output, batch.SummaryName))
	failed := 0
	for _, r := range recs {
		if r.Status == batch.StatusFailed {
			failed++
		}
	}
	if failed > 0 || len(recs) != len(inputs) {
		return fmt.Errorf("%d of %d inputs failed (see the manifest)", failed+len(inputs)-len(recs), len(inputs))
	}
	return nil
}

// prepareOutput creates the output directory out, or removes from it the temporaries a
// killed run of this machine left.
func prepareOutput(out string, stderr io.Writer) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if n := batch.CleanOutput(out); n > 0 && !*quiet {
		fmt.Fprintf(stderr, "vidlm-batch: removed %d temporary files a killed run left in %s\n", n, *output)
	}
	return nil
}

func newRunID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return time.Now().UTC().Format("20060102T150405Z-") + hex.EncodeToString(b[:4])
}

// progress prints, every few seconds while it changes, the files and bytes this run has
// done: it reads the records the workers keep in the output directory (a shared file system
// on a cluster), so it counts the work of every worker.
func progress(w io.Writer, out, runID string, files int, bytes int64) (stop func()) {
	if *quiet {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	seen := map[string]bool{}
	var n, segs int
	var b int64
	start := time.Now().Add(-time.Second)
	poll := func() {
		root := filepath.Join(out, ".vidlm-batch")
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || seen[path] || !strings.HasSuffix(path, ".json") {
				return nil
			}
			if strings.HasSuffix(path, ".part.json") { // a segment of a split file
				if st, err := d.Info(); err == nil && st.ModTime().After(start) {
					seen[path] = true
					segs++
				}
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			var r batch.Record
			if json.Unmarshal(data, &r) == nil && r.Run == runID {
				seen[path] = true
				n++
				b += r.InputSize
			}
			return nil
		})
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(3 * time.Second)
		defer t.Stop()
		last := -1
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			poll()
			if n+segs != last {
				if bytes > 0 {
					fmt.Fprintf(w, "progress: %d/%d files, %.1f/%.1f MB", n, files, float64(b)/1e6, float64(bytes)/1e6)
				} else {
					fmt.Fprintf(w, "progress: %d/%d runs", n, files)
				}
				if segs > 0 {
					fmt.Fprintf(w, " (and %d segments of split files)", segs)
				}
				fmt.Fprintln(w)
				last = n + segs
			}
		}
	}()
	return func() { close(done); <-finished }
}

func check(ctx context.Context, cmd string, pos []string, stdout io.Writer) error {
	if len(pos) != 1 {
		return usageError{fmt.Errorf("%s: one OUT.d directory is required", cmd)}
	}
	out, err := filepath.Abs(pos[0])
	if err != nil {
		return err
	}
	dest := ""
	if cmd == "decode" {
		if *output == "" {
			return usageError{errors.New("decode: -o RESTORED is required")}
		}
		if dest, err = filepath.Abs(*output); err != nil {
			return err
		}
		batch.CleanOutput(dest)
	}
	recs, err := batch.ReadManifest(out)
	if err != nil {
		return err
	}
	var todo []batch.Record
	for _, r := range recs {
		if r.Status != batch.StatusFailed {
			todo = append(todo, r)
		}
	}
	report := filepath.Join(out, ".vidlm-batch", cmd+".jsonl")
	start := time.Now()
	if len(todo) > 0 {
		if _, err := beam.Run(ctx, runner(), batch.CheckPipeline(out, dest, report, todo, *threads, *parallel)); err != nil {
			return fmt.Errorf("the pipeline failed: %w", err)
		}
	}
	var checks []batch.Check
	if len(todo) > 0 {
		if checks, err = batch.ReadChecks(report); err != nil {
			return err
		}
	}
	bad := 0
	for _, c := range checks {
		if c.Status != batch.StatusOK {
			bad++
			fmt.Fprintf(stdout, "FAILED %s\n", c.Error)
		}
	}
	fmt.Fprintf(stdout, "%s: %d of %d outputs ok (%d inputs failed at encoding, not checked), %.1f s; report %s\n",
		cmd, len(checks)-bad, len(todo), len(recs)-len(todo), time.Since(start).Seconds(), report)
	if bad > 0 || len(checks) != len(todo) {
		return fmt.Errorf("%s: %d outputs failed", cmd, bad+len(todo)-len(checks))
	}
	return nil
}

// experiments runs every grid point of the configs as one work item each (see
// batch.ExperimentPipeline), then writes the sweeps' tables and the summary.
func experiments(ctx context.Context, pos []string, stderr, stdout io.Writer) error {
	if len(pos) == 0 || *output == "" {
		return usageError{errors.New("experiment: one or more CONFIGs and -o SWEEP are required")}
	}
	if *threads < 0 || *parallel < 0 {
		return usageError{errors.New("experiment: --threads and --parallel take no negative values")}
	}
	out, err := filepath.Abs(*output)
	if err != nil {
		return err
	}
	jobs, err := batch.ExperimentJobs(pos, sets)
	var unknown *experiment.UnknownConfigError
	var bad *experiment.ConfigError
	if errors.As(err, &unknown) || errors.As(err, &bad) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if err := prepareOutput(out, stderr); err != nil {
		return err
	}
	cfg := batch.ExperimentConfig{Out: out, Threads: *threads, Parallel: *parallel, RunID: newRunID()}
	fmt.Fprintf(stderr, "vidlm-batch: %d experiment runs from %d configs, on %s\n", len(jobs), len(pos), runner())
	start := time.Now()
	stopProgress := progress(stderr, out, cfg.RunID, len(jobs), 0)
	_, err = beam.Run(ctx, runner(), batch.ExperimentPipeline(cfg, jobs))
	stopProgress()
	if err != nil {
		return fmt.Errorf("the pipeline failed: %w (the runs finished are kept; rerun to go on)", err)
	}
	recs, err := batch.ReadExperimentManifest(out)
	if err != nil {
		return err
	}
	var table io.Writer = stdout
	if *quiet {
		table = nil
	}
	if err := batch.FinishExperiments(out, jobs, recs, table); err != nil {
		return err
	}
	failed, skipped := 0, 0
	for _, r := range recs {
		switch r.Status {
		case batch.StatusFailed:
			failed++
			fmt.Fprintf(stdout, "FAILED %s: %s\n", r.Dir, r.Error)
		case batch.StatusSkipped:
			skipped++
		}
	}
	fmt.Fprintf(stdout, "%d runs: %d ok, %d skipped (done before), %d failed; wall time %.1f s; manifest %s, summary %s\n",
		len(recs), len(recs)-failed-skipped, skipped, failed, time.Since(start).Seconds(),
		filepath.Join(*output, batch.ExperimentManifestName), filepath.Join(*output, "summary.md"))
	if failed > 0 || len(recs) != len(jobs) {
		return fmt.Errorf("%d of %d runs failed (see the manifest)", failed+len(jobs)-len(recs), len(jobs))
	}
	return nil
}
