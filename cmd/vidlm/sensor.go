package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/vidlm/vidlm/codec"
)

// encodeSensor compresses a sensor log.
func encodeSensor(a *app, cmd *cobra.Command, input string, w io.Writer, o *encodeOpts) error {
	return fmt.Errorf("%s: sensor streams are not supported yet", input)
}

// decodeSensor restores a sensor log.
func decodeSensor(a *app, d *codec.Decoder, name string, outs *outputs, output string) error {
	return fmt.Errorf("%s: sensor streams are not supported yet", name)
}

// drainSensor decodes a sensor stream without writing it.
func drainSensor(d *codec.Decoder) (int, error) {
	return 0, fmt.Errorf("sensor streams are not supported yet")
}
