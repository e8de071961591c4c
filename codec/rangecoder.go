package codec

import "github.com/vidlm/vidlm/internal/arith"

// The binary arithmetic coder is internal/arith's range coder (a range coder in the style of
// LZMA's, 16-bit probabilities): its state lives there so that the video sample loop
// (internal/predict/video_code.go) can run the coding step inline next to the model.

const rangeTop = arith.Top

type (
	rangeEncoder = arith.Encoder
	rangeDecoder = arith.Decoder
)
