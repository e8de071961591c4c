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
