package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/configs"
	"github.com/vidlm/vidlm/experiment"
	"github.com/vidlm/vidlm/internal/tmpfile"
)

// trackThreshold separates the body (gray 230) from the background (at most 115) and its
// noise in the experiment videos.
const trackThreshold = 172

func newExperimentCmd(a *app) *cobra.Command {
	var (
		out     string
		sets    []string
		list    bool
		all     bool
		force   bool
		threads int
	)
	cmd := &cobra.Command{
		Use:   "experiment CONFIG... -o DIR",
		Short: "Run research experiments: physical worlds coded by a ladder of models, against the exact entropy floor",
		Long: `experiment generates the world a config describes (configs/experiments/*.yaml: kepler,
lorentz, pendulum, bounce, drag), observes it as a noisy sensor log and as a video, codes the
log with every rung of the ladder (order0, hold, linear, quadratic, vidlm, law) on the same
arithmetic coder, decodes every rung and compares, and writes results.md, results.json,
config.yaml, learning.png, track.png, video.y4m and index.html into DIR.

CONFIG is a YAML file or the name of a shipped config (--list). With several configs (or --all)
each result goes to DIR/NAME and DIR/summary.md holds the table of all of them.
--set key=value overrides a key (a world parameter may be named alone: --set noise=1);
--set key=v1,v2,... (or an integer range a..b: --set seed=1..20) sweeps it: one run per value,
a table and sweep.png (no video).`,
		RunE: func(cmd *cobra.Command, args []string) (retErr error) {
			if list {
				for _, n := range configs.ExperimentNames() {
					fmt.Fprintf(a.stdout, "%s\tconfigs/experiments/%s.yaml\n", n, n)
				}
				return nil
			}
			if all {
				args = append(args, configs.ExperimentNames()...)
			}
			if len(args) == 0 {
				return usageError{fmt.Errorf("experiment wants a CONFIG (or --list, --all)")}
			}
			if out == "" {
				return usageError{fmt.Errorf("experiment wants -o DIR")}
			}
			if threads <= 0 {
				threads = runtime.NumCPU()
			}
			vp, err := defaultVideoParams()
			if err != nil {
				return err
			}
			opts := experiment.Options{Video: vp, Threads: threads, Tracker: trackBright}
			if !a.quiet {
				opts.Log = func(format string, x ...any) { fmt.Fprintf(a.stderr, "vidlm: "+format+"\n", x...) }
			}
			// Every config and --set is checked before the first run starts.
			type job struct {
				c  *experiment.Config
				sw *experiment.Sweep
			}
			jobs := make([]job, len(args))
			for i, arg := range args {
				c, sw, err := loadExperiment(arg, sets)
				if err != nil {
					return err
				}
				jobs[i] = job{c, sw}
			}
			var results []*experiment.Result
			if len(args) > 1 {
				// DIR holds a directory per config: a failed run leaves no DIR it created
				// while DIR is still empty.
				undo, err := tmpfile.MkdirAll(out, 0o755)
				if err != nil {
					return err
				}
				defer func() {
					if retErr != nil {
						undo()
					}
				}()
			}
			for _, j := range jobs {
				c, sw := j.c, j.sw
				dir := out
				if len(args) > 1 {
					dir = filepath.Join(out, c.Name)
				}
				if sw != nil {
					res := &experiment.SweepResult{Sweep: *sw}
					for _, val := range sw.Values {
						p, err := c.With(sw.Key, val)
						if err != nil {
							return err
						}
						p.Video.Frames = 0
						r, err := experiment.Run(p, opts)
						if err != nil {
							return err
						}
						res.Points = append(res.Points, r)
					}
					if err := experiment.WriteDir(dir, force, nil, res); err != nil {
						return err
					}
					if !a.quiet {
						experiment.WriteSweepTable(a.stdout, res)
					}
					continue
				}
				r, err := experiment.Run(c, opts)
				if err != nil {
					return err
				}
				if err := experiment.WriteDir(dir, force, r, nil); err != nil {
					return err
				}
				results = append(results, r)
				if !a.quiet {
					experiment.WriteTable(a.stdout, r)
					fmt.Fprintf(a.stdout, "wrote %s\n\n", dir)
				}
			}
			if len(args) > 1 && len(results) > 0 {
				return writeSummary(a, out, results)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&out, "output", "o", "", "result directory (appears only when complete)")
	f.StringArrayVar(&sets, "set", nil, "override a key: key=value; key=v1,v2,... or key=a..b (integers) sweeps it")
	f.BoolVar(&list, "list", false, "list the shipped experiment configs")
	f.BoolVar(&all, "all", false, "run every shipped config")
	f.BoolVar(&force, "force", false, "replace an existing result directory")
	f.IntVar(&threads, "threads", 0, "threads for vidlm's coders (default: all cores)")
	return cmd
}

// loadExperiment reads a config file, or a shipped config by name.
func loadExperiment(arg string, sets []string) (*experiment.Config, *experiment.Sweep, error) {
	file, data, err := experiment.ConfigText(arg)
	if err != nil {
		return nil, nil, usageError{err}
	}
	c, sw, err := experiment.LoadConfig(file, data, sets)
	var bad *experiment.ConfigError
	if errors.As(err, &bad) {
		return nil, nil, usageError{err} // the config's text or a --set: exit status 2
	}
	return c, sw, err
}

// defaultVideoParams is vidlm's default preset for the video rung (VIDLM_* variables apply).
func defaultVideoParams() (*codec.VideoParams, error) {
	c := &cobra.Command{}
	addModelFlags(c)
	v, err := loadSettings(c)
	if err != nil {
		return nil, err
	}
	p := &codec.VideoParams{}
	if err := videoSettings(v, p); err != nil {
		return nil, err
	}
	return p, nil
}

func writeSummary(a *app, out string, results []*experiment.Result) error {
	path := filepath.Join(out, "summary.md")
	// Both files appear only once both are written (a full disk leaves neither).
	outs := newOutputs(a, true)
	md, err := outs.create(path)
	if err != nil {
		return err
	}
	experiment.WriteSummary(md, results)
	js, err := outs.create(filepath.Join(out, "summary.json"))
	if err != nil {
		outs.abort()
		return err
	}
	e := json.NewEncoder(js)
	e.SetIndent("", "  ")
	if err := e.Encode(results); err != nil {
		outs.abort()
		if we := asOutputError(err); we != nil {
			return we
		}
		return err
	}
	if err := outs.commit(); err != nil {
		return err
	}
	if !a.quiet {
		experiment.WriteSummary(a.stdout, results)
		fmt.Fprintf(a.stdout, "wrote %s\n", path)
	}
	return nil
}
