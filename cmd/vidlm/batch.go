package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/spf13/cobra"

	"github.com/vidlm/vidlm/internal/execpath"
)

// batchBinary is the program `vidlm batch` runs. The Beam pipeline is a module of its own
// (batch/, see batch/README.md), so that vidlm and the codec library never link Beam: this
// command only finds that program and hands it the arguments.
const batchBinary = "vidlm-batch"

func newBatchCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "batch encode|verify|decode|experiment ARGS...",
		Short: "Archives and experiment sweeps on Apache Beam (runs vidlm-batch)",
		Long: `batch runs vidlm-batch, the Apache Beam pipeline of vidlm (its own Go module, batch/:
` + "`make batch`" + ` builds bin/vidlm-batch beside bin/vidlm), with the same arguments:

  vidlm batch encode ARCHIVE/ -o OUT.d/                   every .y4m, .csv, .tsv under ARCHIVE
  vidlm batch verify OUT.d/
  vidlm batch decode OUT.d/ -o RESTORED/
  vidlm batch experiment CONFIG... --set seed=1..20 -o SWEEP/

vidlm-batch is looked for beside this vidlm, then on PATH. See batch/README.md, or
vidlm batch -h for its flags.`,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			bin, err := findBatchBinary()
			if err != nil {
				return err
			}
			c := exec.CommandContext(a.ctx, bin, args...)
			c.Stdin, c.Stdout, c.Stderr = a.stdin, a.rawStdout, a.stderr
			c.Cancel = func() error { return c.Process.Signal(os.Interrupt) } // let it keep what it finished
			err = c.Run()
			var ee *exec.ExitError
			if errors.As(err, &ee) && ee.ExitCode() > 0 {
				return exitError{ee.ExitCode()} // it has said why
			}
			if err != nil {
				return fmt.Errorf("batch: %s: %w", bin, err)
			}
			return nil
		},
	}
}

// findBatchBinary looks for vidlm-batch beside the running vidlm, then on PATH.
func findBatchBinary() (string, error) {
	if p, ok := execpath.Find(batchBinary); ok {
		return p, nil
	}
	return "", errors.New("batch: " + batchBinary + " is not built (it is a module of its own, batch/): run `make batch`, which puts it in bin/ beside bin/vidlm, or put it on PATH")
}
