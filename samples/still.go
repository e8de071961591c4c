// Package samples renders test clips whose making is known exactly. Every generator is
// integer-only and deterministic: the same arguments give the same bytes on any machine, at
// any GOMAXPROCS, so anyone can rebuild a clip bit for bit instead of downloading it. The
// package is pure Go (no OpenCV).
package samples

import (
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
)

// DefaultStill is the picture the moving-camera clip is filmed over: graf1.png from Debian's
// opencv-doc package (OpenCV's sample data).
const DefaultStill = "/usr/share/doc/opencv-doc/examples/data/graf1.png"

// Still is an 8-bit picture as three planes in OpenCV's channel order.
type Still struct {
	Width, Height int
	Planes        [3][]uint8 // B, G, R, row-major
}

// ReadStill decodes a PNG into a Still. Pixels with alpha are taken as composed over black
// (the colour.RGBA values Go's image package returns).
func ReadStill(r io.Reader) (*Still, error) {
	img, err := png.Decode(r)
	if err != nil {
		return nil, err
	}
	return StillFromImage(img), nil
}

// LoadStill reads a PNG file.
func LoadStill(path string) (*Still, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := ReadStill(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// StillFromImage converts any image to a Still, 8 bits per channel (the high byte of Go's
// 16-bit colour values).
func StillFromImage(img image.Image) *Still {
	b := img.Bounds()
	s := &Still{Width: b.Dx(), Height: b.Dy()}
	for c := range s.Planes {
		s.Planes[c] = make([]uint8, s.Width*s.Height)
	}
	i := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			s.Planes[0][i], s.Planes[1][i], s.Planes[2][i] = uint8(bl>>8), uint8(g>>8), uint8(r>>8)
			i++
		}
	}
	return s
}
