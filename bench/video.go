package bench

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/vidlm/vidlm/vision"
)

// RawVideo is the file of raw frames every video tool compresses: frame after frame, each as
// vision.AppendFFmpegRaw lays it out (ffmpeg's vision.FFmpegPixFmt: bgr24, yuv420p, ...).
type RawVideo struct {
	Path          string
	Width, Height int
	Frames        int
	FrameBytes    int
	Layout        vision.Layout
	Rate          vision.Rational // frame rate given to the containers; 25 when unknown
	Threads       int             // -threads for ffmpeg's encoders and decoders
}

// Lossless formats each encoder takes as they are (ffmpeg 5/6 builds); other inputs are
// reported as unavailable rather than silently converted.
var (
	x264Formats = []string{"yuv420p", "yuv422p", "yuv444p", "yuv420p10le", "yuv422p10le", "yuv444p10le", "gray", "gray10le"}
	x265Formats = []string{"yuv420p", "yuv422p", "yuv444p", "yuv420p10le", "yuv422p10le", "yuv444p10le",
		"yuv420p12le", "yuv422p12le", "yuv444p12le", "gray", "gray10le", "gray12le"}
)

// VideoJobs returns the reference video tools, their outputs under dir:
// FFV1, x264 lossless (veryslow and medium), x265 lossless (medium and slow), PNG per frame
// and zstd -19.
func VideoJobs(v RawVideo, dir string) []Job {
	pix, err := vision.FFmpegPixFmt(v.Layout)
	threads := strconv.Itoa(max(v.Threads, 1))
	rate := v.Rate
	if rate.Num <= 0 || rate.Den <= 0 {
		rate = vision.Rational{Num: 25, Den: 1}
	}
	ffmpeg := []string{"-nostdin", "-hide_banner", "-loglevel", "error", "-y"}
	input := func(pixFmt string, w, h int) []string {
		return append(slices.Clone(ffmpeg), "-f", "rawvideo", "-pixel_format", pixFmt,
			"-video_size", fmt.Sprintf("%dx%d", w, h), "-framerate", fmt.Sprintf("%d/%d", rate.Num, rate.Den), "-i", v.Path)
	}
	decode := func(src, pixFmt string, pre ...string) []string {
		args := append(slices.Clone(ffmpeg), "-threads", threads)
		args = append(args, pre...)
		return append(args, "-i", src, "-f", "rawvideo", "-pix_fmt", pixFmt, "-")
	}
	out := func(name string) string { return filepath.Join(dir, name) }
	rgb := v.Layout.Format == vision.FormatBGR

	ffv1 := Job{Tool: "FFV1 (level 3, range coder)", Key: "ffv1", Program: "ffmpeg", FFmpegEncoder: "ffv1", Output: out("ffv1.mkv")}
	ffv1.Encode = append(input(pix, v.Width, v.Height), "-c:v", "ffv1", "-level", "3", "-coder", "range_def",
		"-context", "1", "-g", "1", "-threads", threads, ffv1.Output)
	ffv1.Decode = decode(ffv1.Output, pix)

	x264 := func(preset string) Job {
		j := Job{Tool: "x264 lossless " + preset, Key: "x264-" + preset, Program: "ffmpeg", Output: out("x264-" + preset + ".mkv")}
		enc, encPix := "libx264", pix
		switch {
		case rgb && pix == "bgr24":
			enc = "libx264rgb"
		case rgb || !slices.Contains(x264Formats, pix):
			j.Unavailable = "x264 cannot hold " + pix + " losslessly"
		}
		j.FFmpegEncoder = enc
		j.Encode = append(input(pix, v.Width, v.Height), "-c:v", enc, "-preset", preset, "-qp", "0",
			"-pix_fmt", encPix, "-threads", threads, j.Output)
		j.Decode = decode(j.Output, pix)
		return j
	}

	// x265 at its default preset and at slow, which a user after the smallest file would pick
	// (a few percent smaller, several times slower): each row names its preset.
	x265 := func(preset string) Job {
		j := Job{Tool: "x265 lossless " + preset, Key: "x265-" + preset, Program: "ffmpeg", FFmpegEncoder: "libx265", Output: out("x265-" + preset + ".mkv")}
		encPix := pix
		switch {
		case pix == "bgr24":
			encPix = "gbrp" // the same samples, planar
		case !slices.Contains(x265Formats, pix):
			j.Unavailable = "x265 cannot hold " + pix + " losslessly"
		}
		j.Encode = append(input(pix, v.Width, v.Height), "-c:v", "libx265", "-preset", preset,
			"-x265-params", "lossless=1:log-level=error:pools="+threads, "-pix_fmt", encPix, j.Output)
		j.Decode = decode(j.Output, pix)
		return j
	}

	// PNG holds RGB or gray pictures: planar YUV frames go in as one gray picture each, the
	// planes stacked (for 4:2:0, two chroma rows side by side in each picture row).
	png := Job{Tool: "PNG per frame", Key: "png", Program: "ffmpeg", FFmpegEncoder: "png", Output: out("png"), OutputDir: true}
	pngPix, pngH := pix, v.Height
	if !rgb && v.Layout.Format != vision.FormatGray {
		bps := v.Layout.BytesPerSample()
		pngPix = "gray"
		if bps == 2 {
			pngPix = "gray16le"
		}
		pngH = v.FrameBytes / (v.Width * bps)
		if pngH*v.Width*bps != v.FrameBytes {
			png.Unavailable = "planes do not stack into one picture at this size"
		}
	}
	pattern := filepath.Join(png.Output, "%06d.png")
	png.Encode = append(input(pngPix, v.Width, pngH), "-c:v", "png", "-pred", "mixed", "-threads", threads, "-f", "image2", pattern)
	png.Decode = decode(pattern, pngPix, "-f", "image2")

	zstd := Job{Tool: "zstd -19 (raw frames)", Key: "zstd", Program: "zstd", Output: out("raw.zst"),
		Encode: []string{"-19", "-q", "-c", v.Path}, Decode: []string{"-d", "-q", "-c", out("raw.zst")}}
	zstd.EncodeStdout = zstd.Output

	jobs := []Job{ffv1, x264("veryslow"), x264("medium"), x265("medium"), x265("slow"), png, zstd}
	if err != nil {
		for i := range jobs {
			if jobs[i].Program == "ffmpeg" {
				jobs[i].Unavailable = err.Error()
			}
		}
	}
	return jobs
}

// SensorJobs returns the general-purpose compressors a sensor log is measured against,
// run on the file path, outputs under dir.
func SensorJobs(path, dir string) []Job {
	mk := func(key, tool, program, ext string, level ...string) Job {
		o := filepath.Join(dir, "log"+ext)
		return Job{Tool: tool, Key: key, Program: program, Output: o, EncodeStdout: o,
			Encode: append(append(level, "-c"), path), Decode: []string{"-d", "-c", o}}
	}
	z := mk("zstd", "zstd -19", "zstd", ".zst", "-19", "-q")
	z.Decode = []string{"-d", "-q", "-c", z.Output}
	return []Job{
		mk("gzip", "gzip -9", "gzip", ".gz", "-9"),
		mk("bzip2", "bzip2 -9", "bzip2", ".bz2", "-9"),
		mk("xz", "xz -9e", "xz", ".xz", "-9e"),
		z,
	}
}
