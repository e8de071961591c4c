package batch

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/vidlm/vidlm/experiment"
)

// runExperiments runs jobs on Prism and returns the manifest's records by directory.
func runExperiments(t *testing.T, cfg ExperimentConfig, jobs []ExperimentJob) map[string]ExperimentRecord {
	t.Helper()
	if _, err := beam.Run(context.Background(), "prism", ExperimentPipeline(cfg, jobs)); err != nil {
		t.Fatal(err)
	}
	recs, err := ReadExperimentManifest(cfg.Out)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(jobs) {
		t.Fatalf("manifest of %d runs for %d jobs", len(recs), len(jobs))
	}
	byDir := map[string]ExperimentRecord{}
	for _, r := range recs {
		byDir[r.Dir] = r
	}
	return byDir
}

// A sweep over seeds (a range) and a config alone, each grid point a work item: every point's
// code lengths are those of experiment.Run on the same config; the sweep's table and plot are
// written; a rerun skips every point; a point that cannot run fails alone.
func TestExperimentSweep(t *testing.T) {
	sets := []string{"samples=600", "seed=1..3"}
	jobs, err := ExperimentJobs([]string{"drag", "lorentz"}, sets)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 6 || jobs[0].Dir != "drag/seed=1" || jobs[5].Dir != "lorentz/seed=3" {
		t.Fatalf("jobs: %d, %+v", len(jobs), jobs[0])
	}
	bad := jobs[1]
	bad.Dir, bad.Sets = "drag/broken", append(bad.Sets, "noise=-1") // refused by the worker
	jobs = append(jobs, bad)
	cfg := ExperimentConfig{Out: filepath.Join(t.TempDir(), "sweep"), Threads: 1, Parallel: 2, RunID: "test-1"}
	recs := runExperiments(t, cfg, jobs)
	for dir, r := range recs {
		if dir == "drag/broken" {
			if r.Status != StatusFailed || !strings.Contains(r.Error, "params.noise") {
				t.Errorf("broken point: %s %q", r.Status, r.Error)
			}
			continue
		}
		if r.Status != StatusOK {
			t.Fatalf("%s: %s %s", dir, r.Status, r.Error)
		}
	}

	// Each point codes exactly as a run of its config alone.
	c, _, err := experiment.LoadConfig("configs/experiments/lorentz.yaml", mustShipped(t, "lorentz"), []string{"samples=600", "seed=2", "video.frames=0"})
	if err != nil {
		t.Fatal(err)
	}
	want, err := experiment.Run(c, experiment.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := recs["lorentz/seed=2"]
	if got.DataSHA256 != want.DataSHA256 || len(got.Rungs) != len(want.Rungs) {
		t.Fatalf("lorentz seed 2: data %s, want %s", got.DataSHA256, want.DataSHA256)
	}
	for i, g := range want.Rungs {
		if got.Rungs[i].Rung != g.Rung || got.Rungs[i].Bits != g.Bits {
			t.Errorf("lorentz seed 2, %s: %v bits in the batch, %v alone", g.Rung, got.Rungs[i].Bits, g.Bits)
		}
	}
	if recs["drag/seed=1"].DataSHA256 == recs["drag/seed=2"].DataSHA256 {
		t.Error("two seeds gave the same data")
	}

	var all []ExperimentRecord
	for _, r := range recs {
		all = append(all, r)
	}
	if err := FinishExperiments(cfg.Out, jobs, all, nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"drag/sweep/sweep.png", "drag/sweep/index.html", "lorentz/sweep/results.md", "drag/seed=3/learning.png", "summary.md"} {
		if _, err := os.Stat(filepath.Join(cfg.Out, f)); err != nil {
			t.Error(err)
		}
	}
	sum, _ := os.ReadFile(filepath.Join(cfg.Out, "drag", "sweep", "results.md"))
	if n := strings.Count(string(sum), "\n| "); n != 3+1 { // header and three seeds
		t.Errorf("drag sweep table has %d rows:\n%s", n, sum)
	}

	results := filepath.Join(cfg.Out, "drag", "seed=2", "results.json")
	st, err := os.Stat(results)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RunID = "test-2"
	for dir, r := range runExperiments(t, cfg, jobs[:6]) {
		if r.Status != StatusSkipped {
			t.Errorf("rerun: %s %s, want skipped", dir, r.Status)
		}
	}
	if st2, _ := os.Stat(results); !st2.ModTime().Equal(st.ModTime()) {
		t.Error("rerun rewrote a point it skipped")
	}
	leftovers(t, cfg.Out)
}

func mustShipped(t *testing.T, name string) []byte {
	t.Helper()
	_, data, err := experiment.ConfigText(name)
	if err != nil || data == nil {
		t.Fatalf("%s: %v", name, err)
	}
	return data
}

// A config named twice, an unknown config and a bad --set fail before any work.
func TestExperimentJobsRefused(t *testing.T) {
	for _, c := range []struct {
		args, sets []string
		want       string
	}{
		{[]string{"drag", "drag"}, nil, "both named"},
		{[]string{"comet"}, nil, "no shipped experiment"},
		{[]string{"drag"}, []string{"seed=3..1"}, "seed"},
	} {
		if _, err := ExperimentJobs(c.args, c.sets); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v %v: %v, want an error saying %q", c.args, c.sets, err, c.want)
		}
	}
}
