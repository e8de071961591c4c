package main

import (
	"errors"
	"fmt"

	"github.com/vidlm/vidlm/codec"
)

// runSalvage is `vidlm decode --salvage`: it writes every frame still recoverable from a
// damaged .vlm and lists on stderr the frames lost. The output is kept even when frames were
// lost (that is its purpose), but the exit status is then 1.
func runSalvage(a *app, input string, o *decodeOpts) error {
	if input == "-" {
		return usageError{errors.New("decode --salvage reads a file, not stdin (it needs to search it)")}
	}
	f, err := openInput(input)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	s, err := codec.NewSalvager(f, st.Size(), codec.WithThreads(o.threads))
	if err != nil {
		return fmt.Errorf("%s: nothing can be salvaged: %w", input, err)
	}
	outs := newOutputs(a, o.force, input)
	if err := salvageTo(a, s, input, outs, o.output); err != nil {
		outs.abort()
		return err
	}
	if s.HashMismatch() {
		outs.abort()
		return fmt.Errorf("%s: every chunk is intact but the decoded stream's SHA-256 differs from the trailer's; nothing written", input)
	}
	lost := s.Lost()
	for _, r := range s.Damaged() {
		fmt.Fprintf(a.stderr, "vidlm: %s: bytes %d-%d damaged\n", input, r.Start, r.End-1)
	}
	for _, l := range lost {
		fmt.Fprintf(a.stderr, "vidlm: %s: lost %s\n", input, l)
	}
	if s.Written() == 0 && len(lost) > 0 {
		outs.abort()
		return fmt.Errorf("%s: no intact frame to salvage; nothing written", input)
	}
	if err := outs.commit(); err != nil {
		return err
	}
	total, known := s.Frames()
	if len(lost) == 0 {
		if !a.quiet {
			fmt.Fprintf(a.stderr, "vidlm: %s: all %d frames recovered, SHA-256 verified\n", input, total)
		}
		return nil
	}
	if known {
		fmt.Fprintf(a.stderr, "vidlm: %s: salvaged %d of %d frames to %s\n", input, s.Written(), total, o.output)
	} else {
		fmt.Fprintf(a.stderr, "vidlm: %s: salvaged %d frames to %s; the stream's length is unknown\n", input, s.Written(), o.output)
	}
	return exitError{1}
}

// salvageTo writes the recovered frames to output.
func salvageTo(a *app, s *codec.Salvager, input string, outs *outputs, output string) error {
	sink, err := openVideoSink(a, outs, output, s.Video())
	if err != nil {
		return err
	}
	if err := pumpFrames(a, s, sink, input, output, nil); err != nil {
		return err
	}
	if s.Written() == 0 && len(s.Lost()) > 0 {
		return nil // nothing to write, not even a y4m header on stdout
	}
	if err := sink.Close(); err != nil {
		return fmt.Errorf("%s: %w", output, err)
	}
	return nil
}
