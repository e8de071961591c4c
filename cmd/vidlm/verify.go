package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/vidlm/vidlm/codec"
)

func newVerifyCmd(a *app) *cobra.Command {
	var threads int
	cmd := &cobra.Command{
		Use:   "verify IN.vlm",
		Short: "Decode without writing and check every checksum",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, closer, name, err := openVLM(a, args[0])
			if err != nil {
				return err
			}
			defer closer.Close()
			var streams int
			if r, streams = peekStreams(r); streams > 1 {
				return verifyMulti(a, r, name, threads)
			}
			d, err := codec.NewDecoder(r, codec.WithThreads(threads), codec.WithoutCosts(), a.interruptOption())
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			n, err := drain(a, d)
			if errors.Is(err, codec.ErrInterrupted) {
				return fmt.Errorf("%s: interrupted", name)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			sum := d.SHA256()
			if !a.quiet {
				fmt.Fprintf(a.stdout, "%s: OK, %d %s, sha256 %s\n", name, n, unitName(d), hex.EncodeToString(sum[:]))
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&threads, "threads", runtime.GOMAXPROCS(0), "goroutines decoding at once")
	return cmd
}

func unitName(d *codec.Decoder) string {
	if d.Video() != nil {
		return "frames"
	}
	return "blocks"
}

// drain decodes the whole stream, discarding it, and returns the number of frames.
func drain(a *app, d *codec.Decoder) (int, error) {
	if d.Video() == nil {
		return drainSensor(d)
	}
	p := d.Video()
	prog := newProgress(a, "verifying", 0)
	defer prog.done()
	n := 0
	for {
		_, err := d.ReadFrame()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
		prog.frame(p.Layout.Width * p.Layout.Height)
	}
}

// verifyMulti decodes every stream of a recording and checks every checksum.
func verifyMulti(a *app, r io.Reader, name string, threads int) error {
	d, err := codec.NewMultiDecoder(r, codec.WithThreads(threads), a.interruptOption())
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	units := make([]int, len(d.Streams()))
	for {
		if a.ctx.Err() != nil {
			return fmt.Errorf("%s: interrupted", name)
		}
		u, err := d.Next()
		if err == io.EOF {
			break
		}
		if errors.Is(err, codec.ErrInterrupted) {
			return fmt.Errorf("%s: interrupted", name)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if u.Frame != nil || len(u.Log) > 0 {
			units[u.Stream]++
		}
	}
	if !a.quiet {
		fmt.Fprintf(a.stdout, "%s: OK, %d streams\n", name, len(units))
		for i, idx := range d.Index() {
			fmt.Fprintf(a.stdout, "  %s: %d bytes, sha256 %s\n", d.Meta(i).Name, idx.RawBytes, hex.EncodeToString(idx.SHA256[:]))
		}
	}
	return nil
}
