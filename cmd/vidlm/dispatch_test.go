package main

import (
	"path/filepath"
	"testing"
)

// TestNeedsOpenCV: the nocv build's decision, from the command line, of which commands
// vidlm-opencv must run: every OpenCV input, output, heatmap video and experiment, and
// nothing else (sensor logs, y4m, raw, help, usage errors).
func TestNeedsOpenCV(t *testing.T) {
	dir := t.TempDir()
	sensorVLM := filepath.Join(dir, "co2.vlm")
	videoVLM := filepath.Join(dir, "crop.vlm")
	mustVidlm(t, "encode", "../../testdata/co2_mauna_loa.csv", "-o", sensorVLM, "-q")
	mustVidlm(t, "encode", "../../testdata/vtest_crop.y4m", "--frames", "1", "-o", videoVLM, "-q")
	for _, c := range []struct {
		args []string
		need bool
	}{
		{[]string{}, false},
		{[]string{"--help"}, false},
		{[]string{"help", "encode"}, false},
		{[]string{"nosuchcommand", "x.avi"}, false},
		{[]string{"encode", "x.csv", "-o", "x.vlm"}, false},
		{[]string{"encode", "x.avi", "--kind", "sensor", "-o", "x.vlm"}, false},
		{[]string{"encode", "clip.y4m", "-o", "x.vlm"}, false},
		{[]string{"encode", "CLIP.Y4M", "-o", "x.vlm"}, false},
		{[]string{"encode", "-", "-o", "-"}, false},
		{[]string{"encode", "x.avi", "--help"}, false},
		{[]string{"encode", "x.avi", "--no-such-flag"}, false}, // a usage error, reported by vidlm
		{[]string{"encode", "x.avi", "-o", "x.vlm"}, true},
		{[]string{"-q", "encode", "x.mkv", "-o", "x.vlm"}, true},
		{[]string{"--cpuprofile", "p.prof", "encode", "x.mkv", "-o", "x.vlm"}, true},
		{[]string{"--cpuprofile", "p.prof", "decode", "x.vlm", "-o", "x.y4m"}, false},
		{[]string{"encode", "-o", "x.vlm", "--frames", "3", "x.mp4"}, true},
		{[]string{"encode", "cam:0", "-o", "x.vlm"}, true},
		{[]string{"encode", "frames/%05d.png", "-o", "x.vlm"}, true},
		{[]string{"encode", "one.png", "-o", "x.vlm"}, true},
		{[]string{"encode", "log.dat", "--kind", "video", "-o", "x.vlm"}, true},
		{[]string{"encode", "clip.y4m", "--report", "r", "-o", "x.vlm"}, true}, // heatmap.avi
		{[]string{"encode", "clip.y4m", "--report", "r", "--report-video", "none", "-o", "x.vlm"}, false},
		{[]string{"encode", "x.csv", "--report", "r", "-o", "x.vlm"}, false},
		{[]string{"encode", "clip.y4m", "imu.csv", "gps.csv", "-o", "r.vlm"}, false},
		{[]string{"encode", "imu.csv", "clip.avi", "-o", "r.vlm"}, true},
		{[]string{"decode", "x.vlm", "-o", "x.y4m"}, false},
		{[]string{"decode", "x.vlm", "-o", "-"}, false},
		{[]string{"decode", "x.vlm", "-o", "x.raw"}, false},
		{[]string{"decode", "x.vlm", "-o", "x.csv"}, false},
		{[]string{"decode", "rec.vlm", "-o", "outdir/"}, false},
		{[]string{"decode", "x.vlm", "-o", "x.mkv"}, true},
		{[]string{"decode", "x.vlm", "-o", "x.AVI", "--force"}, true},
		{[]string{"decode", "-", "-o", "frames/%05d.png"}, true},
		{[]string{"decode", "--salvage", "x.vlm", "-o", "x.mkv"}, true},
		{[]string{"report", sensorVLM, "-o", "r"}, false},
		{[]string{"report", videoVLM, "-o", "r"}, true},
		{[]string{"report", videoVLM, "-o", "r", "--video", "ffv1"}, true},
		{[]string{"report", videoVLM, "-o", "r", "--video", "none"}, false},
		{[]string{"report", "-", "-o", "r"}, true}, // stdin is not read to find out
		{[]string{"report", filepath.Join(dir, "missing.vlm"), "-o", "r"}, false},
		{[]string{"bench", "x.csv"}, false},
		{[]string{"bench", "clip.y4m", "--tools", "vidlm"}, false},
		{[]string{"bench", "--corpus", dir}, false},
		{[]string{"bench", "x.avi"}, true},
		{[]string{"experiment", "kepler", "-o", "out"}, true},
		{[]string{"experiment", "--list"}, false},
		{[]string{"samples", "pan", "-o", "pan.y4m"}, false},
		{[]string{"info", "x.vlm"}, false},
		{[]string{"verify", "x.vlm"}, false},
	} {
		what := needsOpenCV(c.args)
		if (what != "") != c.need {
			t.Errorf("needsOpenCV(%q) = %q, want need=%v", c.args, what, c.need)
		}
	}
}
