// Package report turns vidlm's surprise accounting into a report a person can read: the code
// length of every frame (or block of sensor rows) by plane (or column), learning curves and
// per-pixel heatmaps drawn with gonum/plot, and the same figures as metrics.json and CSV.
//
// The coder knows the exact cost, −log2 p, of every decision it codes (codec.FrameStats), and
// the decoder measures exactly what the encoder did, so a report can be made while encoding
// or later from the .vlm alone. The report package is pure Go; the heatmap video is written
// through a FrameWriter its caller supplies (the command line uses OpenCV).
package report

import (
	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// Agreement sets the surprise the model accounted beside the bytes the file spends: the
// summed surprise is the code length an ideal arithmetic coder would reach; the real coder
// adds a few bytes per substream (its flush) and its rounding, the container its chunk
// headers, index and trailer.
type Agreement struct {
	SurpriseBits  float64 `json:"surprise_bits"`
	SurpriseBytes float64 `json:"surprise_bytes"`
	// CoderBytes is what the arithmetic coder wrote (the chunks' payloads without their own
	// small headers), PayloadBytes the chunks' payloads, FileBytes the whole .vlm.
	CoderBytes   int64 `json:"coder_bytes"`
	PayloadBytes int64 `json:"payload_bytes"`
	FileBytes    int64 `json:"file_bytes,omitempty"`
	// CoderOverSurprisePercent is 100 × (8 × CoderBytes / SurpriseBits − 1); likewise for
	// the payload and the file.
	CoderOverSurprisePercent   float64 `json:"coder_over_surprise_percent"`
	PayloadOverSurprisePercent float64 `json:"payload_over_surprise_percent"`
	FileOverSurprisePercent    float64 `json:"file_over_surprise_percent,omitempty"`
}

// NewAgreement sets a total cost (in 1/codec.CostUnit bit) beside the coder's bytes, the
// payload and the file (0: unknown).
func NewAgreement(cost uint64, coder, payload, file int64) Agreement {
	bits := float64(cost) / codec.CostUnit
	a := Agreement{SurpriseBits: bits, SurpriseBytes: bits / 8, CoderBytes: coder, PayloadBytes: payload, FileBytes: file}
	over := func(n int64) float64 {
		if bits == 0 {
			return 0
		}
		return 100 * (float64(8*n)/bits - 1)
	}
	a.CoderOverSurprisePercent = over(coder)
	a.PayloadOverSurprisePercent = over(payload)
	if file > 0 {
		a.FileOverSurprisePercent = over(file)
	}
	return a
}

// PlaneNames names the planes of a video stream as its coder codes (and costs) them, in
// their order: y, co, cg for BGR under the YCoCg-R transform, b, g, r for BGR without it; y,
// cb, cr (and a) for YUV; y for gray.
func PlaneNames(p *codec.VideoParams) []string {
	switch p.Layout.Format {
	case vision.FormatGray:
		return []string{"y"}
	case vision.FormatBGR:
		if p.Model.Colour == predict.ColourYCoCgR {
			return []string{"y", "co", "cg"}
		}
		return []string{"b", "g", "r"}
	case vision.FormatYUVA444:
		return []string{"y", "cb", "cr", "a"}
	}
	return []string{"y", "cb", "cr"}
}

// bits converts a cost in 1/codec.CostUnit bit to bits.
func bits(cost uint64) float64 { return float64(cost) / codec.CostUnit }
