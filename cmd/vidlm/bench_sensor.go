package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/vidlm/vidlm/bench"
	"github.com/vidlm/vidlm/codec"
)

func benchSensor(a *app, ctx context.Context, input, dir string, o *benchOpts) (*bench.Report, error) {
	name, path := input, input
	var data []byte
	var err error
	if input == "-" {
		name, path = "stdin", filepath.Join(dir, "log")
		if data, err = io.ReadAll(a.stdin); err == nil {
			err = os.WriteFile(path, data, 0o600)
		}
	} else {
		data, err = os.ReadFile(input)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	rep := &bench.Report{Input: name, Kind: bench.Sensor, RawBytes: int64(len(data)), RateUnit: "MB/s", Threads: o.threads}
	if o.wants("vidlm") {
		status(a, "running vidlm")
		row, err := benchVidlmSensor(ctx, data, o.threads)
		if err != nil {
			return nil, fmt.Errorf("%s: vidlm: %w", name, err)
		}
		rep.Rows = append(rep.Rows, row)
		rep.Reference = row.Tool
	}
	r := &bench.Runner{Original: path}
	if err := runJobs(a, ctx, r, bench.SensorJobs(path, dir), o, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// benchVidlmSensor compresses a sensor log with vidlm in memory, decodes it and compares the
// bytes. Until this vidlm has sensor streams, the row says so.
func benchVidlmSensor(ctx context.Context, data []byte, threads int) (bench.Row, error) {
	defer sensorGC()() // as vidlm encode and decode do
	row := bench.Row{Tool: "vidlm"}
	// The coders stop inside a block once ctx is cancelled (codec.ErrInterrupted).
	stop := codec.WithInterrupt(func() bool { return ctx.Err() != nil })
	var vlm bytes.Buffer
	var enc, dec stopwatch
	err := enc.time(func() error {
		e, err := codec.NewSensorEncoder(&vlm, codec.WithThreads(threads), stop)
		if err != nil {
			return err
		}
		// Write in pieces, as a stream arrives, and notice an interruption between them.
		for rest := data; len(rest) > 0; {
			if err := ctx.Err(); err != nil {
				return err
			}
			n := min(len(rest), 1<<20)
			if _, err := e.Write(rest[:n]); err != nil {
				return err
			}
			rest = rest[n:]
		}
		return e.Close()
	})
	if errors.Is(err, codec.ErrInterrupted) || ctx.Err() != nil {
		return row, errors.New("interrupted")
	}
	if err != nil {
		return row, err
	}
	row.Status, row.Bytes, row.EncodeSeconds = bench.StatusOK, int64(vlm.Len()), enc.seconds()

	v := bench.NewVerifier(bytes.NewReader(data))
	err = dec.time(func() error {
		d, err := codec.NewDecoder(bytes.NewReader(vlm.Bytes()), codec.WithThreads(threads), codec.WithoutCosts(), stop)
		if err != nil {
			return err
		}
		_, err = io.Copy(v, d)
		return err
	})
	if errors.Is(err, codec.ErrInterrupted) || ctx.Err() != nil {
		return row, errors.New("interrupted") // not a failed round trip
	}
	if err == nil {
		err = v.Check(0)
	}
	if err != nil {
		row.RoundTrip, row.Note = bench.RoundTripMismatch, err.Error()
		return row, nil
	}
	row.DecodeSeconds, row.RoundTrip = dec.seconds(), bench.RoundTripOK
	return row, nil
}
