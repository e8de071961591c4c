package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vidlm/vidlm/bench"
	"github.com/vidlm/vidlm/configs"
)

type benchOpts struct {
	frames  int
	threads int
	presets []string
	tools   []string
	kind    string
	json    bool
	tmpDir  string
	corpus  corpusOpts
}

// defaultBenchPresets are the presets bench runs unless told otherwise.
const defaultBenchPresets = "fast,default,max"

// Tool keys --tools accepts, by kind of input.
var (
	videoToolKeys  = []string{"vidlm", "ffv1", "x264-veryslow", "x264-medium", "x265-medium", "x265-slow", "x265", "png", "zstd"}
	sensorToolKeys = []string{"vidlm", "gzip", "bzip2", "xz", "zstd"}
)

func newBenchCmd(a *app) *cobra.Command {
	var o benchOpts
	cmd := &cobra.Command{
		Use:   "bench INPUT | bench --corpus DIR",
		Short: "Compare vidlm with the usual lossless coders on the same data",
		Long: `Compress INPUT with vidlm (each preset asked for) and with the lossless coders people use,
on exactly the same data, check every round trip and print one table.

For a video (any INPUT vidlm encode takes) the frames are read once and written raw to a
scratch directory: interleaved BGR for OpenCV inputs, the y4m's own planar format for y4m.
vidlm runs in-process; FFV1, x264 (veryslow and medium), x265 (medium and slow: --tools x265
selects both), PNG per frame (all through
ffmpeg) and zstd -19 run on the raw frames where installed. A missing tool is a row saying so.
For a sensor log (.csv, .tsv or --kind sensor) the tools are gzip -9, bzip2 -9, xz -9e and
zstd -19.

vidlm's times cover its codec calls only (frames already read); an external tool's time is
its whole process. A vidlm row is named by its preset and by what was set over it (the
config file, VIDLM_* settings, setting flags such as --split-gate). A vidlm round trip that does not restore the input exits with status 1.

With --corpus DIR, every sensor log of DIR is measured, one row each: the files a manifest
names (--manifest, or DIR/manifest.tsv; a tab-separated file whose "#" header line names
its columns: file, and optionally kind, licence, tuned_on, sha256, as bench/corpus/sensor.tsv),
or else every file of DIR but notes (hidden files, *.md, LICENSE*, README*, COPYING*, NOTICE*). Each row has the size, whether the model was tuned on the file,
vidlm's size and its round trip (checked byte for byte), xz -9e, zstd -19 and paq8px -8 where
installed, vidlm's ratio to each and its encode and decode speeds; then the geometric means of
the ratios over all files and over the files not tuned on. paq8px runs at a few KB/s, so its
sizes are kept in a cache keyed by the SHA-256 of the file (--paq8px-cache) and never
recomputed; --paq8px none uses the cache alone. Speeds cover vidlm's codec calls, or with
--exec whole vidlm encode and decode processes (start-up included).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.corpus.dir != "" {
				if len(args) > 0 {
					return usageError{errNoCorpusArg}
				}
				if o.threads < 1 {
					return usageError{errors.New("bench: --threads must be at least 1")}
				}
				return runBenchCorpus(a, cmd.Context(), &o)
			}
			if len(args) != 1 {
				return usageError{errors.New("bench: give INPUT (or --corpus DIR)")}
			}
			return runBench(a, cmd, args[0], &o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.frames, "frames", 0, "use the first N frames (0: all)")
	f.IntVar(&o.threads, "threads", runtime.GOMAXPROCS(0), "threads for vidlm and the ffmpeg coders")
	f.StringSliceVar(&o.tools, "tools", nil, "run only these tools (video: "+strings.Join(videoToolKeys, ",")+
		"; sensor: "+strings.Join(sensorToolKeys, ",")+")")
	f.StringVar(&o.kind, "kind", "", "input kind when it cannot be told from the name: video or sensor")
	f.BoolVar(&o.json, "json", false, "print the report as JSON")
	f.StringVar(&o.tmpDir, "tmpdir", "", "where to put the scratch directory (default: the system's)")
	f.StringVar(&o.corpus.dir, "corpus", "", "measure every sensor log of this directory, one row each")
	f.StringVar(&o.corpus.manifest, "manifest", "", "with --corpus: the corpus manifest (default DIR/manifest.tsv if present)")
	f.StringVar(&o.corpus.paq8px, "paq8px", "paq8px", "with --corpus: the paq8px executable (none: sizes from the cache only)")
	f.StringVar(&o.corpus.paqCache, "paq8px-cache", defaultPaq8pxCache(), "with --corpus: file of paq8px -8 sizes by SHA-256")
	f.BoolVar(&o.corpus.exec, "exec", false, "with --corpus: time whole vidlm encode and decode processes")
	addModelFlags(cmd)
	// bench takes a list of presets.
	p := f.Lookup("preset")
	p.Usage = "presets to run, comma-separated (have " + strings.Join(configs.Names(), ", ") + ")"
	p.DefValue = defaultBenchPresets
	p.Value.Set(defaultBenchPresets)
	return cmd
}

func runBench(a *app, cmd *cobra.Command, input string, o *benchOpts) error {
	if o.frames < 0 {
		return usageError{errors.New("bench: --frames must be positive")}
	}
	if o.threads < 1 {
		return usageError{errors.New("bench: --threads must be at least 1")}
	}
	o.presets = splitList(cmd.Flags().Lookup("preset").Value.String())
	if len(o.presets) == 0 {
		return usageError{errors.New("bench: --preset names no preset")}
	}
	for _, name := range o.presets {
		if _, err := configs.Preset(name); err != nil {
			return usageError{fmt.Errorf("bench: %w", err)}
		}
	}
	sensor := false
	switch o.kind {
	case "sensor":
		sensor = true
	case "":
		sensor = isSensorInput(input)
	case "video":
	default:
		return usageError{fmt.Errorf("bench: unknown --kind %q (video or sensor)", o.kind)}
	}
	keys := videoToolKeys
	if sensor {
		keys = sensorToolKeys
	}
	for _, t := range o.tools {
		if !slices.Contains(keys, t) {
			return usageError{fmt.Errorf("bench: unknown tool %q (have %s)", t, strings.Join(keys, ", "))}
		}
	}
	dir, err := os.MkdirTemp(o.tmpDir, "vidlm-bench-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	var rep *bench.Report
	if sensor {
		rep, err = benchSensor(a, cmd.Context(), input, dir, o)
	} else {
		rep, err = benchVideo(a, cmd, input, dir, o)
	}
	if err != nil {
		return err
	}
	rep.Finish()
	if o.json {
		err = rep.WriteJSON(a.stdout)
	} else {
		err = rep.WriteTable(a.stdout)
	}
	if err != nil {
		return err
	}
	for _, row := range rep.Failures() {
		if strings.HasPrefix(row.Tool, "vidlm") {
			return fmt.Errorf("%s: round trip failed: %s %s", input, row.Tool, row.Note)
		}
	}
	return nil
}

// wants reports whether --tools selects the tool key.
func (o *benchOpts) wants(key string) bool {
	// "x265" selects both of its presets.
	return len(o.tools) == 0 || slices.Contains(o.tools, key) || strings.HasPrefix(key, "x265-") && slices.Contains(o.tools, "x265")
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// runJobs runs the selected external jobs and appends their rows.
func runJobs(a *app, ctx context.Context, r *bench.Runner, jobs []bench.Job, o *benchOpts, rep *bench.Report) error {
	for _, j := range jobs {
		if !o.wants(j.Key) {
			continue
		}
		status(a, "running %s", j.Tool)
		row, err := r.Run(ctx, j)
		if err != nil {
			return fmt.Errorf("bench: %s: %w", j.Tool, err)
		}
		rep.Rows = append(rep.Rows, row)
	}
	return nil
}

// status prints a progress line on stderr, unless -q.
func status(a *app, format string, args ...any) {
	if !a.quiet {
		fmt.Fprintf(a.stderr, "bench: "+format+"\n", args...)
	}
}

// stopwatch sums the time spent in timed calls.
type stopwatch struct{ total time.Duration }

// time runs fn and adds its duration.
func (s *stopwatch) time(fn func() error) error {
	t := time.Now()
	err := fn()
	s.total += time.Since(t)
	return err
}

func (s *stopwatch) seconds() float64 { return s.total.Seconds() }
