// Command vidlm is a lossless compressor for video and sensor streams whose model learns
// while it codes. See README.md for a tour and docs/ for the format and the model.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// exitError carries a process exit status through cobra.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	handOff(os.Args) // the nocv build: commands that need OpenCV run in vidlm-opencv
	// A closed pipe on stdout or stderr (vidlm info x.vlm | head -c1) makes the write fail
	// with EPIPE instead of killing the process: a result that did not reach stdout is an
	// error (exit 1, see run), and a closed stderr costs only the messages, never an output
	// half-written or a success reported as a signal.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line and returns the exit status: 0 on success, 1 on any error
// (printed as one line on stderr), 2 on a usage error.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := &checkedWriter{w: stdout}
	a := &app{ctx: ctx, stdin: stdin, stdout: out, rawStdout: stdout, stderr: stderr}
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(out)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil && out.err != nil {
		// What the command printed (a table, JSON, help) did not reach its reader: a full
		// disk, a closed pipe. That is a failure, whatever the command itself did.
		err = fmt.Errorf("standard output: %w", out.err)
	}
	// After a failed command too (PersistentPostRunE runs only on success); the command's
	// own error comes first.
	if perr := a.stopProfile(); err == nil {
		err = perr
	}
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	var ue usageError
	if errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command ") {
		fmt.Fprintf(stderr, "vidlm: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "vidlm: %v\n", err)
	return 1
}

// checkedWriter is standard output as the commands see it: it keeps the first write error,
// so that a command whose results could not be written (stdout on a full disk) exits 1 even
// where the command does not check each print.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// usageError is a mistake in the command line itself.
type usageError struct{ error }

// app is the environment the commands run in.
type app struct {
	ctx            context.Context // cancelled by SIGINT/SIGTERM
	stdin          io.Reader
	stdout, stderr io.Writer
	rawStdout      io.Writer // stdout as given (a child process inherits it: vidlm batch)
	quiet          bool
	cpuProfile     string   // --cpuprofile: write a CPU profile of the command here
	profile        *outputs // the profile being written
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "vidlm",
		Short: "Lossless compressor for video and sensor streams whose model learns while it codes",
		Long: `vidlm compresses video (y4m, any file or camera OpenCV can open, image sequences) and
sensor logs (CSV) losslessly. For every sample its model predicts a distribution, an arithmetic
coder stores the true value under it, and encoder and decoder both learn from that value: the
file is the model's accumulated surprise.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().BoolVarP(&a.quiet, "quiet", "q", false, "no progress or summary on stderr")
	root.PersistentFlags().StringVar(&a.cpuProfile, "cpuprofile", "", "write a CPU profile of the command to this file (for go tool pprof)")
	root.PersistentPreRunE = func(*cobra.Command, []string) error { return a.startProfile() }
	root.PersistentPostRunE = func(*cobra.Command, []string) error { return a.stopProfile() }
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newEncodeCmd(a), newDecodeCmd(a), newInfoCmd(a), newVerifyCmd(a), newBenchCmd(a), newSamplesCmd(a), newReportCmd(a), newExperimentCmd(a), newBatchCmd(a))
	// A wrong number of arguments is a usage error (exit status 2), as a wrong flag is.
	for _, c := range root.Commands() {
		if args := c.Args; args != nil {
			c.Args = func(cmd *cobra.Command, a []string) error {
				if err := args(cmd, a); err != nil {
					return usageError{fmt.Errorf("%s: %v (see vidlm %s --help)", cmd.Name(), err, cmd.Name())}
				}
				return nil
			}
		}
	}
	return root
}

// startProfile starts the CPU profile --cpuprofile asked for. It is written under a
// temporary name and put in place by stopProfile once complete.
func (a *app) startProfile() error {
	if a.cpuProfile == "" || a.profile != nil {
		return nil
	}
	outs := newOutputs(a, true)
	f, err := outs.create(a.cpuProfile)
	if err != nil {
		return err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		outs.abort()
		return fmt.Errorf("%s: %w", a.cpuProfile, err)
	}
	a.profile = outs
	return nil
}

// stopProfile ends the CPU profile, if one runs, and puts its file in place. pprof ignores
// its writer's errors; the buffered output keeps the first (a full disk, say), and it is
// returned here, naming the file, with nothing left at its name.
func (a *app) stopProfile() error {
	if a.profile == nil {
		return nil
	}
	pprof.StopCPUProfile()
	err := a.profile.commit()
	a.profile = nil
	return err
}
