package codec

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
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
	path := filepath.Join(goldenDir(FormatVersion), "multi_gyro.vlm")
	if *updateGolden {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path+".sha256", []byte(side), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./codec -run TestGoldenMultiGyro -update creates it)", err)
	}
	if !bytes.Equal(golden, data) {
		t.Errorf("multi_gyro.vlm: encoding gives %d bytes that differ from the golden file's %d", len(data), len(golden))
	}
	sums, err := os.ReadFile(path + ".sha256")
	if err != nil || string(sums) != side {
		t.Errorf("multi_gyro.vlm.sha256: %v\n%s\nwant\n%s", err, sums, side)
	}
}
