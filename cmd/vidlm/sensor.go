package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/iocount"
)

// encodeSensor compresses a sensor log (a file, or - for stdin) into w.
// sensorGC lets the heap grow to five times the live data before the garbage collector runs,
// instead of twice, and returns the function that restores the setting. A sensor coder's live
// data is small (a block of about 1 MiB of log and its cells, tens of MB at most), so this
// costs little memory, and it saves 10 to 15 % of the time of a short log, which otherwise
// spends it collecting a heap still growing from nothing. Video keeps the default: its memory
// bound (a few frames) matters more there. A soft memory limit (sensorMemoryLimit) makes the
// collector run earlier when the heap nears it, so that a long log's peak stays flat well
// under 256 MiB instead of reaching six times the live data. A log whose model outgrows the
// limit (many columns: tmy3_greensboro.csv's 71 keep about 120 MB live) would have the
// collector run back to back, so a goroutine raises the limit to the live heap plus
// sensorHeadroom while that lasts (sensorLimitAdapt).
func sensorGC() (restore func()) {
	old := debug.SetGCPercent(500)
	oldLimit := debug.SetMemoryLimit(sensorMemoryLimit)
	stop := make(chan struct{})
	done := make(chan struct{})
	go sensorLimitAdapt(stop, done)
	return func() {
		close(stop)
		<-done
		debug.SetGCPercent(old)
		debug.SetMemoryLimit(oldLimit)
	}
}

// sensorMemoryLimit is the Go heap size from which the collector works harder on a sensor log.
const sensorMemoryLimit = 96 << 20

// sensorHeadroom is how far past the live heap the heap may grow before a collection once the
// live heap nears sensorMemoryLimit.
const sensorHeadroom = 48 << 20

// sensorLimitCap is the highest soft limit sensorLimit sets while the live heap leaves
// sensorHeadroomMin under it: a long log's peak RSS (the limit plus the runtime's own, about
// 10-20 MiB) then stays under issue 12's 256 MiB. scripts/memtest-sensor.sh 200 (stop 52,
// quiet machine): 264.8-270.2 MiB with the live heap plus 48 MiB, 241 MiB with plus 24 MiB,
// which cost tmy3_greensboro and rocket_launch4 10-20 % more CPU; the cap leaves those alone.
const sensorLimitCap = 232 << 20

// sensorHeadroomMin is the least headroom sensorLimit gives past the live heap.
const sensorHeadroomMin = 16 << 20

// sensorLimit is the soft memory limit for live bytes of live heap: sensorHeadroom past it,
// but not past sensorLimitCap unless the live heap is within sensorHeadroomMin of the cap,
// and never under sensorMemoryLimit.
func sensorLimit(live int64) int64 {
	l := live + sensorHeadroom
	if l > sensorLimitCap {
		l = max(sensorLimitCap, live+sensorHeadroomMin)
	}
	return max(sensorMemoryLimit, l)
}

// sensorLimitAdapt sets the soft memory limit to the larger of sensorMemoryLimit and the live
// heap (as the last collection left it) plus sensorHeadroom, every 10 ms until stop is closed.
// It changes when the collector runs, never what is coded. Measured on tmy3_greensboro.csv
// (encode, load ~15): CPU x0.71 with a fixed 160 MiB limit, peak RSS 220 -> 243 MB.
func sensorLimitAdapt(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	set := int64(sensorMemoryLimit)
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		metrics.Read(live)
		if live[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		if l := sensorLimit(int64(live[0].Value.Uint64())); l != set {
			debug.SetMemoryLimit(l)
			set = l
		}
	}
}

func encodeSensor(a *app, cmd *cobra.Command, input string, w io.Writer, o *encodeOpts) error {
	defer sensorGC()()
	var r io.Reader = a.stdin
	name := "stdin"
	if input != "-" {
		f, err := openInput(input)
		if err != nil {
			return err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return fmt.Errorf("%s: is a directory", input)
		}
		r, name = f, input
	}
	cw := &iocount.Writer{W: w}
	enc, err := codec.NewSensorEncoder(cw, append(o.codecOptions(), codec.WithThreads(o.threads), a.interruptOption())...)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	start := time.Now()
	n, err := copyInterruptible(cmd.Context(), enc, r)
	if err != nil {
		var we writeError
		if errors.As(err, &we) {
			return fmt.Errorf("writing the output: %w", we.err)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := enc.Close(); err != nil {
		if errors.Is(err, codec.ErrInterrupted) {
			return fmt.Errorf("%s: %w", name, errInterrupted)
		}
		return err
	}
	if o.report != "" {
		if err := writeSensorReport(a, name, o.report, o.force, enc.Params().Names, enc.Stats(), cw.N, nil); err != nil {
			return err
		}
	}
	if !a.quiet {
		s := enc.Summary()
		cols := max(enc.Params().Columns, len(s.Columns))
		el := time.Since(start).Seconds()
		o.summary = fmt.Sprintf("%s: %d rows, %d columns, %d bytes → %d bytes, %.2f%% of the log, %.1f MB/s\n",
			name, s.Rows, cols, n, cw.N, 100*float64(cw.N)/float64(max(n, 1)), float64(n)/1e6/max(el, 1e-9))
		// printed once the output is in place (runEncode)
	}
	return nil
}

// writeError marks an error of the writer in copyInterruptible.
type writeError struct{ err error }

func (e writeError) Error() string { return e.err.Error() }

// errInterrupted is the error of a sensor encode or decode stopped by SIGINT or SIGTERM.
var errInterrupted = errors.New("interrupted; no output written")

// interruptOption returns the option that makes a sensor coder stop within a few milliseconds,
// even inside a block, once the command is interrupted (its error: codec.ErrInterrupted).
func (a *app) interruptOption() codec.Option {
	ctx := a.ctx
	if ctx == nil {
		return nil
	}
	return codec.WithInterrupt(func() bool { return ctx.Err() != nil })
}

// copyInterruptible copies r to w until EOF or until ctx (if any) is interrupted, between
// pieces or (codec.ErrInterrupted, from either side) inside one: either gives errInterrupted.
// Other errors of w come back as writeError.
func copyInterruptible(ctx context.Context, w io.Writer, r io.Reader) (int64, error) {
	buf := make([]byte, 1<<16)
	var n int64
	for {
		if ctx != nil && ctx.Err() != nil {
			return n, errInterrupted
		}
		k, err := r.Read(buf)
		if k > 0 {
			if _, werr := w.Write(buf[:k]); werr != nil {
				if errors.Is(werr, codec.ErrInterrupted) {
					return n, errInterrupted
				}
				return n, writeError{werr}
			}
			n += int64(k)
		}
		if err == io.EOF {
			return n, nil
		}
		if errors.Is(err, codec.ErrInterrupted) {
			return n, errInterrupted
		}
		if err != nil {
			return n, err
		}
	}
}

// decodeSensor restores a sensor log into output (a file, or - for stdout).
func decodeSensor(a *app, d *codec.Decoder, name string, outs *outputs, output string) error {
	defer sensorGC()()
	if d.Sensor() == nil {
		return fmt.Errorf("%s: the stream is neither video nor a sensor log", name)
	}
	switch strings.ToLower(filepath.Ext(output)) {
	case ".y4m", ".png", ".mkv", ".avi", ".raw":
		return usageError{fmt.Errorf("%s: holds a sensor log, not video; decode to a .csv (or other text) file or -", name)}
	}
	if strings.Contains(output, "%") {
		return usageError{fmt.Errorf("%s: holds a sensor log, not video; decode to a .csv (or other text) file or -", name)}
	}
	var w io.Writer = a.stdout
	if output != "-" {
		f, err := outs.create(output)
		if err != nil {
			return err
		}
		w = f
	}
	if _, err := copyInterruptible(a.ctx, w, d); err != nil {
		if oe := asOutputError(err); oe != nil {
			return oe
		}
		var we writeError
		if errors.As(err, &we) {
			return fmt.Errorf("%s: %w", output, we.err)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	if output == "-" {
		if f, ok := w.(flushWriter); ok {
			return f.Flush()
		}
	}
	return nil
}

// drainSensor decodes a sensor stream without writing it and returns the number of blocks.
func drainSensor(d *codec.Decoder) (int, error) {
	if _, err := io.Copy(io.Discard, d); err != nil {
		if errors.Is(err, codec.ErrInterrupted) {
			return 0, errors.New("interrupted")
		}
		return 0, err
	}
	return len(d.SensorStats()), nil
}
