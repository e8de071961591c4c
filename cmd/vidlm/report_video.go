package main

import (
	"fmt"
	"image"
	"os"

	"gocv.io/x/gocv"

	"github.com/vidlm/vidlm/report"
)

// heatmapVideo says how the report's heatmap video is written: OpenCV's fourcc and the file
// name. Debian 12's OpenCV 4.6 writes both and reads both back (checked by the tests).
var heatmapVideos = map[string]struct{ fourcc, file string }{
	"mjpg": {"MJPG", "heatmap.avi"}, // small; JPEG blurs single-pixel detail a little
	"ffv1": {"FFV1", "heatmap.mkv"}, // lossless, several times larger
}

// heatmapVideoOpener returns the opener for kind ("mjpg", "ffv1") and the video's file name;
// "none" gives a nil opener.
func heatmapVideoOpener(kind string) (report.VideoOpener, string, error) {
	if kind == "none" {
		return nil, "", nil
	}
	v, ok := heatmapVideos[kind]
	if !ok {
		return nil, "", usageError{fmt.Errorf("unknown heatmap video %q (mjpg, ffv1 or none)", kind)}
	}
	return func(path string, w, h int, fps float64) (report.FrameWriter, error) {
		vw, err := gocv.VideoWriterFile(path, v.fourcc, fps, w, h, true)
		if err != nil {
			return nil, err
		}
		if !vw.IsOpened() {
			vw.Close()
			return nil, fmt.Errorf("OpenCV cannot write %s video", v.fourcc)
		}
		return &cvFrameWriter{vw: vw, path: path, buf: make([]byte, 3*w*h)}, nil
	}, v.file, nil
}

// cvFrameWriter hands RGBA pictures to an OpenCV VideoWriter as BGR.
type cvFrameWriter struct {
	vw     *gocv.VideoWriter
	path   string
	buf    []byte
	frames int
}

func (c *cvFrameWriter) WriteFrame(img *image.RGBA) error {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if 3*w*h != len(c.buf) {
		return fmt.Errorf("picture of %dx%d in a video of another size", w, h)
	}
	for y := 0; y < h; y++ {
		src := img.Pix[y*img.Stride : y*img.Stride+4*w]
		dst := c.buf[3*w*y : 3*w*(y+1)]
		for x := 0; x < w; x++ {
			dst[3*x], dst[3*x+1], dst[3*x+2] = src[4*x+2], src[4*x+1], src[4*x]
		}
	}
	m, err := gocv.NewMatFromBytes(h, w, gocv.MatTypeCV8UC3, c.buf)
	if err != nil {
		return err
	}
	defer m.Close()
	c.frames++
	return c.vw.Write(m)
}

// Close finishes the file; OpenCV reports no write errors, so an empty file is taken as one.
func (c *cvFrameWriter) Close() error {
	if err := c.vw.Close(); err != nil {
		return err
	}
	if st, err := os.Stat(c.path); c.frames > 0 && (err != nil || st.Size() == 0) {
		return fmt.Errorf("OpenCV wrote no video")
	}
	return nil
}
