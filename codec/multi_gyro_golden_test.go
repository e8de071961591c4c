package codec

import (
	"crypto/sha256"
	"fmt"
	"testing"
)

// The golden recording with a gyroscope (testdata/golden/v2/multi_gyro.vlm): 26 frames of
// 48x32 from gyroRecording and their IMU log in parts of 4 frames; hints are in use (the
// motion fields cost other than without; on so few frames, a little more). TestGoldenMulti
// decodes it with the others.
func TestGoldenMultiGyro(t *testing.T) {
	video, log, data, e := gyroRecordingSize(t, 48, 32, 26, 4, true)
	if with, without, ok := e.CrossCosts(0); !ok || with == without {
		t.Fatalf("motion fields: %d bits with the hint, %d without: no hint was used", with/CostUnit, without/CostUnit)
	}
	side := fmt.Sprintf("%x  pan.raw\n%x  imu.csv\n", sha256.Sum256(video), sha256.Sum256(log))
	checkGoldenRecording(t, "multi_gyro.vlm", data, side)
}

// The golden recording of a log in one long part (testdata/golden/v2/multi_gyro_long.vlm,
// stream.parts 2): 70 frames of 32x16 from gyroRecording and their IMU log in one part before
// the first frame, so that its rows reach past the 64 intervals of stream.parts 1: under that
// ring the same part gives other hints (the motion fields cost otherwise), so the file holds
// the 4,096-interval ring to its word.
func TestGoldenMultiGyroLong(t *testing.T) {
	video, log, data, e := gyroRecordingParts(t, 32, 16, 70, 0, true, true)
	with, without, ok := e.CrossCosts(0)
	if !ok || with == without {
		t.Fatalf("motion fields: %d bits with the hint, %d without: no hint was used", with/CostUnit, without/CostUnit)
	}
	_, _, _, ea := gyroRecordingParts(t, 32, 16, 70, 0, true, false)
	if aliased, _, _ := ea.CrossCosts(0); aliased == with {
		t.Fatalf("motion fields: %d bits with the long ring and with the short one", with)
	}
	side := fmt.Sprintf("%x  pan.raw\n%x  imu.csv\n", sha256.Sum256(video), sha256.Sum256(log))
	checkGoldenRecording(t, "multi_gyro_long.vlm", data, side)
}

// The golden recording with the gyroscope's hints in the video stream
// (testdata/golden/v2/multi_hint.vlm, stream.hint): 26 frames of 48x32 from gyroRecording and
// their IMU log in one long part before the first frame; hints are coded (their bits count)
// and used (the motion fields cost other than without).
func TestGoldenMultiHint(t *testing.T) {
	video, log, data, e := gyroRecordingModel(t, 48, 32, 26, 0, true, true, nil, func(s *StreamSpec) { s.HintInVideo = true })
	with, without, ok := e.CrossCosts(0)
	if hb, _ := e.HintBits(); !ok || with == without || hb == 0 {
		t.Fatalf("motion fields: %d bits with the hint (%d of hints), %d without: no hint was used", with/CostUnit, hb/CostUnit, without/CostUnit)
	}
	side := fmt.Sprintf("%x  pan.raw\n%x  imu.csv\n", sha256.Sum256(video), sha256.Sum256(log))
	checkGoldenRecording(t, "multi_hint.vlm", data, side)
}
