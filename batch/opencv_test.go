package batch

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// vtestAVI is the real clip Debian's opencv-doc ships (scripts/setup.sh installs it).
const vtestAVI = "/usr/share/doc/opencv-doc/examples/data/vtest.avi"

// buildVidlm builds the vidlm command (with OpenCV: cgo) into dir.
func buildVidlm(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "vidlm")
	out, err := exec.Command("go", "build", "-C", "..", "-o", bin, "./cmd/vidlm").CombinedOutput()
	if err != nil {
		t.Fatalf("building vidlm: %v\n%s", err, out)
	}
	return bin
}

// An OpenCV input (a real .avi) is coded by the vidlm command on the worker: the same bytes as
// `vidlm encode` with the record's command, verified in pure Go against the frames' SHA-256,
// and decoded to an FFV1 .mkv of the same frames. Without the vidlm command it fails alone,
// saying what it needs.
func TestOpenCVInput(t *testing.T) {
	tools := t.TempDir()
	vidlm := buildVidlm(t, tools)
	in := t.TempDir()
	os.MkdirAll(filepath.Join(in, "cams"), 0o755)
	cut := filepath.Join(in, "cams", "vtest6.avi")
	if out, err := exec.Command("ffmpeg", "-v", "error", "-i", vtestAVI, "-frames:v", "6", "-c", "copy", cut).CombinedOutput(); err != nil {
		t.Fatalf("cutting %s: %v\n%s", vtestAVI, err, out)
	}
	y4m, err := os.ReadFile("../testdata/vtest_crop.y4m")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(in, "clip.y4m"), y4m, 0o644)

	t.Setenv("PATH", tools+string(os.PathListSeparator)+os.Getenv("PATH"))
	cfg := testConfig(in, filepath.Join(t.TempDir(), "out.d"))
	recs := runEncode(t, cfg)
	r := recs["cams/vtest6.avi"]
	if r.Status != StatusOK || r.Kind != "opencv" || r.Frames != 6 || r.BitsPerPixel <= 0 || len(r.ContentSHA256) != 64 {
		t.Fatalf("record %+v", r)
	}
	if recs["clip.y4m"].Status != StatusOK {
		t.Fatalf("clip.y4m: %+v", recs["clip.y4m"])
	}

	// The record's command, run by hand, writes the same bytes.
	ref := filepath.Join(t.TempDir(), "ref.vlm")
	args := strings.Fields(strings.TrimPrefix(r.Command, "vidlm "))
	args[1], args[3] = cut, ref // input and output, relative in the command
	if out, err := exec.Command(vidlm, append(args, "-q")...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", r.Command, err, out)
	}
	want, _ := os.ReadFile(ref)
	got, _ := os.ReadFile(filepath.Join(cfg.Out, "cams", "vtest6.avi.vlm"))
	if !bytes.Equal(got, want) || len(got) == 0 {
		t.Errorf("batch output (%d bytes) differs from %s (%d bytes)", len(got), r.Command, len(want))
	}

	if c := VerifyEntry(context.Background(), cfg.Out, &r, 1); c.Status != StatusOK || c.Units != 6 {
		t.Errorf("verify: %+v", c)
	}
	dest := t.TempDir()
	if c := DecodeEntry(context.Background(), cfg.Out, dest, &r, 1); c.Status != StatusOK {
		t.Fatalf("decode: %+v", c)
	}
	restored := filepath.Join(dest, "cams", "vtest6.avi.ffv1.mkv")
	// The restored frames code to the same content: vidlm verify of a re-encode says so.
	again := filepath.Join(t.TempDir(), "again.vlm")
	if out, err := exec.Command(vidlm, "encode", restored, "-o", again, "-q").CombinedOutput(); err != nil {
		t.Fatalf("re-encoding %s: %v\n%s", restored, err, out)
	}
	info, err := exec.Command(vidlm, "info", again).CombinedOutput()
	if err != nil || !strings.Contains(string(info), r.ContentSHA256[:16]) {
		t.Errorf("the restored .mkv does not hold the same frames (SHA-256 %.16s):\n%s", r.ContentSHA256, info)
	}

	// A worker without the vidlm command: the OpenCV input fails alone, saying why.
	t.Setenv("PATH", t.TempDir())
	cfg2 := testConfig(in, filepath.Join(t.TempDir(), "out2.d"))
	recs = runEncode(t, cfg2)
	if r := recs["cams/vtest6.avi"]; r.Status != StatusFailed || !strings.Contains(r.Error, "needs the vidlm command") {
		t.Errorf("without vidlm: %+v", r)
	}
	if r := recs["clip.y4m"]; r.Status != StatusOK {
		t.Errorf("without vidlm, clip.y4m: %+v", r)
	}
}
