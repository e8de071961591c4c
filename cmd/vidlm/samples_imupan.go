package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/vidlm/vidlm/internal/tmpfile"
	"github.com/vidlm/vidlm/samples"
	"github.com/vidlm/vidlm/vision"
)

type imuPanOpts struct {
	output, size, image string
	frames              int
	force               bool
}

func newSamplesIMUPanCmd(a *app) *cobra.Command {
	var o imuPanOpts
	cmd := &cobra.Command{
		Use:   "imu-pan -o DIR",
		Short: "A camera turning over a still, with the IMU log recorded along the same path",
		Long: `Film a still picture (graf1.png from opencv-doc by default) with a camera that pans, tilts,
rolls and pauses along a smooth 8.2-second path (repeated when longer), at 30 frames per
second with sensor noise on the frames, and write what an IMU on the camera reads along the
same path: 200 rows per second of gyroscope (gx pitch, gy yaw, gz roll rate, rad/s) and
accelerometer (m/s²) on an ADC lattice, with white noise and a slowly drifting bias, and a
nanosecond time column t_ns (the first row at the first frame).

Writes DIR/imu-pan.y4m (4:2:0) and DIR/imu.csv; the IMU log covers the frames' whole span.
Everything is integer arithmetic: the same arguments give the same bytes on any machine.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSamplesIMUPan(a, cmd, &o) },
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "output directory (required; created if missing)")
	f.IntVar(&o.frames, "frames", 240, "number of frames")
	f.StringVar(&o.size, "size", "320x240", "frame size WxH")
	f.StringVar(&o.image, "image", samples.DefaultStill, "the still to film (PNG)")
	f.BoolVar(&o.force, "force", false, "overwrite existing output files")
	return cmd
}

func runSamplesIMUPan(a *app, cmd *cobra.Command, o *imuPanOpts) error {
	if o.output == "" {
		return usageError{errors.New("samples imu-pan: -o DIR is required")}
	}
	if o.frames < 1 {
		return usageError{errors.New("samples imu-pan: --frames must be at least 1")}
	}
	w, h, err := parseSize("samples imu-pan", o.size)
	if err != nil {
		return err
	}
	if w%2 != 0 || h%2 != 0 {
		return usageError{fmt.Errorf("samples imu-pan: --size %s: width and height must be even", o.size)}
	}
	still, err := samples.LoadStill(o.image)
	if err != nil {
		return err
	}
	pan, err := samples.NewIMUPan(still, w, h)
	if err != nil {
		return usageError{err}
	}
	undoDir, err := tmpfile.MkdirAll(o.output, 0o755)
	if err != nil {
		return err
	}
	// On any failure below, the directory goes too if this command created it and it is
	// still empty.
	committed := false
	defer func() {
		if !committed {
			undoDir()
		}
	}()
	outs := newOutputs(a, o.force, o.image)
	clipPath, logPath := filepath.Join(o.output, "imu-pan.y4m"), filepath.Join(o.output, "imu.csv")
	clip, err := outs.create(clipPath)
	if err != nil {
		return err
	}
	logf, err := outs.create(logPath)
	if err != nil {
		outs.abort()
		return err
	}
	clipSum, logSum := sha256.New(), sha256.New()
	rows, err := writeIMUPan(cmd, pan, o.frames, io.MultiWriter(clip, clipSum), io.MultiWriter(logf, logSum))
	if err != nil {
		outs.abort()
		return err
	}
	if err := outs.commit(); err != nil {
		return err
	}
	committed = true
	if !a.quiet {
		fmt.Fprintf(a.stderr, "%s: %d frames %dx%d yuv420 at %d fps, sha256 %s\n", clipPath, o.frames, w, h, samples.IMUPanFrameRate, hex.EncodeToString(clipSum.Sum(nil)))
		fmt.Fprintf(a.stderr, "%s: %d rows at %d Hz (gyro, accel, t_ns), sha256 %s\n", logPath, rows, samples.IMUPanIMURate, hex.EncodeToString(logSum.Sum(nil)))
	}
	return nil
}

// writeIMUPan renders the frames into clip and the IMU rows up to the last frame's time
// (and one frame interval past it) into log; it returns the number of rows.
func writeIMUPan(cmd *cobra.Command, pan *samples.IMUPan, frames int, clip, log io.Writer) (int, error) {
	l := pan.Layout()
	l.Format = vision.FormatYUV420
	header, err := vision.Y4MHeaderLine(l, vision.Rational{Num: samples.IMUPanFrameRate, Den: 1})
	if err != nil {
		return 0, err
	}
	y4m := vision.NewY4MWriter(clip, header)
	frame := vision.NewFrame(pan.Layout())
	for i := 0; i < frames; i++ {
		if err := cmd.Context().Err(); err != nil {
			return 0, fmt.Errorf("samples imu-pan: interrupted at frame %d", i)
		}
		pan.Render(i, frame)
		if err := y4m.WriteFrame(samples.ToYUV420(frame)); err != nil {
			return 0, err
		}
	}
	if err := y4m.Close(); err != nil {
		return 0, err
	}
	imu := samples.NewIMULog(pan.Seed)
	b := []byte(samples.IMUHeader)
	end := samples.FrameTimeNS(frames)
	rows := 0
	for samples.IMURowTimeNS(rows) < end {
		b = imu.AppendRow(b)
		rows++
		if len(b) > 1<<16 {
			if _, err := log.Write(b); err != nil {
				return 0, err
			}
			b = b[:0]
		}
	}
	_, err = log.Write(b)
	return rows, err
}
