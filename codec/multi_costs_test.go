package codec

import (
	"bytes"
	"testing"
)

// decodeMultiWith decodes every stream of data with opts into raw contents by stream.
func decodeMultiWith(data []byte, opts ...Option) (map[int][]byte, error) {
	d, err := NewMultiDecoder(bytes.NewReader(data), opts...)
	if err != nil {
		return nil, err
	}
	return readMulti(d)
}

// TestMultiWithoutCosts: WithoutCosts (no surprise accounting) changes nothing a
// MultiDecoder delivers: gyroscope recordings (the log in parts of 8 frames feeding the
// video, and in long parts with the hints in the video stream), a gated log and a log with
// the video's motion as input decode byte for byte as with the costs, and as encoded.
func TestMultiWithoutCosts(t *testing.T) {
	type rec struct {
		name       string
		file       []byte
		video, log []byte
	}
	var recs []rec
	video, log, file, _ := gyroRecordingParts(t, 64, 48, 24, 8, true, false)
	recs = append(recs, rec{"gyro in parts of 8 frames", file, video, log})
	video, log, file, _ = gyroRecordingParts(t, 64, 48, 24, 0, true, true)
	recs = append(recs, rec{"gyro in long parts, hints in the video", file, video, log})
	glog, gated, _ := crossRecording(t)
	recs = append(recs, rec{"gated log", gated, nil, glog})
	ulog, ungated, _ := crossRecordingOf(t, true, 1, StreamSpec{Cross: true, NoGate: true})
	recs = append(recs, rec{"log with the video's motion", ungated, nil, ulog})
	for _, r := range recs {
		with, err := decodeMultiWith(r.file)
		if err != nil {
			t.Fatalf("%s: with costs: %v", r.name, err)
		}
		without, err := decodeMultiWith(r.file, WithoutCosts())
		if err != nil {
			t.Fatalf("%s: without costs: %v", r.name, err)
		}
		for s := 0; s < 2; s++ {
			if !bytes.Equal(with[s], without[s]) {
				t.Errorf("%s: stream %d differs without costs (%d bytes, %d with)", r.name, s, len(without[s]), len(with[s]))
			}
		}
		if r.video != nil && !bytes.Equal(with[0], r.video) {
			t.Errorf("%s: the video does not round-trip", r.name)
		}
		if !bytes.Equal(with[1], r.log) {
			t.Errorf("%s: the log does not round-trip", r.name)
		}
	}
}
