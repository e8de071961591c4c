package codec_test

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/vision"
)

// frames returns n frames of a small moving gradient.
func frames(l vision.Layout, n int) []*vision.Frame {
	var out []*vision.Frame
	for i := range n {
		f := vision.NewFrame(l)
		for p, plane := range f.Planes {
			w := l.Planes()[p].Width
			for j := range plane {
				plane[j] = uint16((j%w + j/w + 2*i) & 255)
			}
		}
		out = append(out, f)
	}
	return out
}

func ExampleNewVideoEncoder() {
	l := vision.Layout{Width: 64, Height: 48, Format: vision.FormatYUV420, Depth: 8}
	var vlm bytes.Buffer
	enc, err := codec.NewVideoEncoder(&vlm, codec.DefaultVideoParams(l), codec.WithThreads(2))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range frames(l, 10) {
		if err := enc.WriteFrame(f); err != nil {
			log.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		log.Fatal(err)
	}
	raw := 10 * l.Samples()
	fmt.Printf("%d frames, %d samples in %d bytes\n", enc.Frames(), raw, vlm.Len())
	// Output: 10 frames, 46080 samples in 1258 bytes
}

func ExampleNewSensorEncoder() {
	var csv strings.Builder
	csv.WriteString("t,x,y\n")
	for i := range 1000 {
		fmt.Fprintf(&csv, "%.2f,%d,%.3f\n", float64(i)*0.01, i*i%97, float64(i%50)*0.125)
	}
	var vlm bytes.Buffer
	enc, err := codec.NewSensorEncoder(&vlm)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := io.Copy(enc, strings.NewReader(csv.String())); err != nil {
		log.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("columns %q: %d bytes in %d\n", enc.Params().Names, csv.Len(), vlm.Len())
	// Output: columns ["t" "x" "y"]: 13849 bytes in 534
}

func ExampleNewDecoder() {
	l := vision.Layout{Width: 64, Height: 48, Format: vision.FormatGray, Depth: 8}
	var vlm bytes.Buffer
	enc, err := codec.NewVideoEncoder(&vlm, codec.VideoParams{Layout: l}) // the default preset
	if err != nil {
		log.Fatal(err)
	}
	in := frames(l, 3)
	for _, f := range in {
		if err := enc.WriteFrame(f); err != nil {
			log.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		log.Fatal(err)
	}

	dec, err := codec.NewDecoder(&vlm)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("kind:", dec.Kind(), "tiles:", dec.Video().Tiles)
	for i := 0; ; i++ {
		f, err := dec.ReadFrame()
		if err == io.EOF {
			break // every chunk's CRC and the stream's SHA-256 checked
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("frame %d: %dx%d, identical: %v\n", i, f.Width, f.Height, bytes.Equal(f.AppendRaw(nil), in[i].AppendRaw(nil)))
	}
	// Output:
	// kind: video tiles: 4
	// frame 0: 64x48, identical: true
	// frame 1: 64x48, identical: true
	// frame 2: 64x48, identical: true
}

// A Decoder of a sensor stream is an io.Reader of the log's bytes.
func ExampleDecoder_Read() {
	log0 := "time;temp\r\n0;21.5\r\n60;21.75\r\n120;\r\n180;22\r\n"
	var vlm bytes.Buffer
	enc, err := codec.NewSensorEncoder(&vlm)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := io.WriteString(enc, log0); err != nil {
		log.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		log.Fatal(err)
	}

	dec, err := codec.NewDecoder(&vlm)
	if err != nil {
		log.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := io.Copy(&out, dec); err != nil { // io.EOF (not returned by Copy) after the checksums
		log.Fatal(err)
	}
	fmt.Println(dec.Kind(), dec.Sensor().Names, out.String() == log0)
	// Output: sensor [time temp] true
}
