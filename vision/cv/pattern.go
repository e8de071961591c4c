package cv

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Pattern names the files of an image sequence the way ffmpeg and OpenCV do: a file name
// with one printf integer verb, %d, %5d or %05d (frames/%05d.png → frames/00001.png);
// %% stands for a literal %.
type Pattern struct {
	spec string
}

// IsPattern reports whether a name is meant as a pattern rather than one file.
func IsPattern(s string) bool { return strings.Contains(s, "%") }

// ParsePattern checks that s holds exactly one integer verb.
func ParsePattern(s string) (Pattern, error) {
	verbs := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		j := i + 1
		if j < len(s) && s[j] == '%' {
			i = j
			continue
		}
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j >= len(s) || s[j] != 'd' || j-i > 3 {
			return Pattern{}, fmt.Errorf("%s: a pattern holds one %%d, %%5d or %%05d verb (e.g. frames/%%05d.png)", s)
		}
		verbs++
		i = j
	}
	if verbs != 1 {
		return Pattern{}, fmt.Errorf("%s: a pattern holds exactly one %%d, %%5d or %%05d verb (e.g. frames/%%05d.png), not %d", s, verbs)
	}
	return Pattern{spec: s}, nil
}

// Name returns the file name of index i. Go's fmt pads %05d and %5d as C's printf does.
func (p Pattern) Name(i int) string { return fmt.Sprintf(p.spec, i) }

// Ext is the pattern's file extension, lower case.
func (p Pattern) Ext() string { return strings.ToLower(filepath.Ext(p.spec)) }

func (p Pattern) String() string { return p.spec }

// imageExts are the extensions OpenCV's imread decodes (Debian's build).
var imageExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".jpe": true, ".tif": true, ".tiff": true,
	".bmp": true, ".dib": true, ".pgm": true, ".ppm": true, ".pbm": true, ".pnm": true,
	".pam": true, ".pxm": true, ".webp": true, ".jp2": true, ".exr": true, ".hdr": true,
	".pic": true, ".pfm": true, ".sr": true, ".ras": true,
}

// IsImageFile reports whether path names a still image by its extension.
func IsImageFile(path string) bool { return imageExts[strings.ToLower(filepath.Ext(path))] }
