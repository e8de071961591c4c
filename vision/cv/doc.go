// Package cv adapts OpenCV (through gocv) to vidlm's vision.FrameSource and vision.FrameSink:
// video files and cameras through VideoCapture, image files and printf-pattern sequences
// through IMRead, FFV1 .mkv/.avi through VideoWriter (or the ffmpeg binary for what
// VideoWriter cannot hold losslessly), and PNG sequences through IMEncode.
//
// It is the only package besides cmd/vidlm that imports gocv, so that codec, predict and
// vision stay free of cgo. Nothing here is on the coded path: frames come out exactly as
// OpenCV delivers them and go in exactly as the decoder rebuilt them.
package cv
