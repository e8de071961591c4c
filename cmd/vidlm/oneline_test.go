package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/vision/cv"
)

// TestMain lets a test run this binary as vidlm itself (VIDLM_TEST_AS_MAIN=1), so that what
// reaches the process's real stderr (file descriptor 2, where FFmpeg and OpenCV write on
// their own) can be checked, not only what vidlm writes through its writer.
func TestMain(m *testing.M) {
	if os.Getenv("VIDLM_TEST_AS_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// vidlmProcess runs vidlm as a separate process and returns its exit status and stderr.
func vidlmProcess(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "VIDLM_TEST_AS_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), stderr.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, stderr.String()
}

// TestCLIOneLine: every failure is one line from vidlm on the process's stderr, with the exit
// status it calls for: nothing from FFmpeg for garbage video files, a word from vidlm for a
// truncated .avi (whose header states more frames than OpenCV decodes), "is a directory" for a
// directory, usage errors (a missing argument too) with status 2.
func TestCLIOneLine(t *testing.T) {
	dir := t.TempDir()
	garbage := []byte("\x1a\x45\xdf\xa3\x01\x00\x00\x00\x00\x00\x00\x1fB\x86\x81\x01garbage, not Matroska")
	for _, ext := range []string{".mkv", ".webm", ".mp4", ".mov"} {
		os.WriteFile(filepath.Join(dir, "bad"+ext), garbage, 0o644)
	}
	avi, err := os.ReadFile(vtestAVI)
	if err != nil {
		t.Fatal(err)
	}
	trunc := filepath.Join(dir, "trunc.avi")
	os.WriteFile(trunc, avi[:400000], 0o644)
	os.Mkdir(filepath.Join(dir, "adir"), 0o755)
	out := func(name string) string { return filepath.Join(dir, name) }
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"encode", out("bad.mkv"), "-o", out("a.vlm")}, 1, "bad.mkv: OpenCV cannot open it"},
		{[]string{"encode", out("bad.webm"), "-o", out("a.vlm")}, 1, "bad.webm: OpenCV cannot open it"},
		{[]string{"encode", out("bad.mp4"), "-o", out("a.vlm")}, 1, "bad.mp4: OpenCV cannot open it"},
		{[]string{"encode", out("bad.mov"), "-o", out("a.vlm")}, 1, "bad.mov: OpenCV cannot open it"},
		{[]string{"encode", trunc, "-o", out("t.vlm"), "-q"}, 1, "states 795 frames but only"},
		{[]string{"decode", out("adir"), "-o", out("x.y4m")}, 1, "adir: is a directory"},
		{[]string{"info", out("adir")}, 1, "adir: is a directory"},
		{[]string{"encode"}, 2, "accepts 1 arg(s), received 0"},
		{[]string{"decode", "-o", out("x.y4m")}, 2, "accepts 1 arg(s), received 0"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"encode", trunc, "--frobnicate"}, 2, "unknown flag"},
	} {
		code, stderr := vidlmProcess(t, c.args...)
		if code != c.code || !oneLine(stderr) || !strings.HasPrefix(stderr, "vidlm: ") || !strings.Contains(stderr, c.want) {
			t.Errorf("vidlm %s: exit %d, stderr %q; want exit %d and one line about %q", strings.Join(c.args, " "), code, stderr, c.code, c.want)
		}
	}
	// The truncated .avi: the frames read were encoded; --frames within them is no error.
	c, err := cv.OpenVideo(trunc)
	read := readAll(t, c, err)
	back, err := os.ReadFile(out("t.vlm"))
	if err != nil || len(read) == 0 {
		t.Fatalf("the frames of the truncated .avi were not kept: %v", err)
	}
	if code, stderr := vidlm(t, "decode", out("t.vlm"), "-o", out("t.raw"), "-q"); code != 0 {
		t.Fatal(stderr)
	}
	if raw, _ := os.ReadFile(out("t.raw")); !bytes.Equal(raw, interleaved(read)) || len(back) == 0 {
		t.Errorf("t.vlm does not hold the %d frames OpenCV decodes from the truncated .avi", len(read))
	}
	if code, stderr := vidlmProcess(t, "encode", trunc, "-o", out("t5.vlm"), "-q", "--frames", "5"); code != 0 || stderr != "" {
		t.Errorf("--frames 5 of a truncated .avi holding more: exit %d, %q", code, stderr)
	}
	// A real .mkv whose EBML header is damaged (FFmpeg logs two lines of its own about it).
	if code, stderr := vidlm(t, "decode", out("t5.vlm"), "-o", out("good.mkv"), "-q"); code != 0 {
		t.Fatal(stderr)
	}
	mkv, _ := os.ReadFile(out("good.mkv"))
	copy(mkv[4:12], bytes.Repeat([]byte{0xff}, 8))
	os.WriteFile(out("bad2.mkv"), mkv, 0o644)
	if code, stderr := vidlmProcess(t, "encode", out("bad2.mkv"), "-o", out("b.vlm")); code != 1 || !oneLine(stderr) {
		t.Errorf("a .mkv with a damaged header: exit %d, stderr %q; want one line from vidlm", code, stderr)
	}
}

// TestSensorErrorNamesBlock: damage in a sensor log's .vlm is named by block (and row),
// not by video terms.
func TestSensorErrorNamesBlock(t *testing.T) {
	dir := t.TempDir()
	log, err := os.ReadFile("../../testdata/co2_mauna_loa.csv")
	if err != nil {
		t.Fatal(err)
	}
	in, vlm := filepath.Join(dir, "co2.csv"), filepath.Join(dir, "co2.vlm")
	os.WriteFile(in, log, 0o644)
	if code, _, stderr := cli(t, context.Background(), nil, "encode", in, "-o", vlm, "-q"); code != 0 {
		t.Fatal(stderr)
	}
	data, _ := os.ReadFile(vlm)
	at := bytes.Index(data, []byte("VCB")) + 40 // inside the first block's payload
	data[at] ^= 0x10
	os.WriteFile(vlm, data, 0o644)
	code, _, stderr := cli(t, context.Background(), nil, "decode", vlm, "-o", filepath.Join(dir, "out.csv"))
	if code != 1 || !oneLine(stderr) || !strings.Contains(stderr, "block 0") || strings.Contains(stderr, "frame") || strings.Contains(stderr, "segment") {
		t.Errorf("damaged sensor block: exit %d, %q; want one line naming block 0", code, stderr)
	}
}
