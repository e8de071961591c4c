package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// buildNocv builds the nocv vidlm (-tags nocv, CGO_ENABLED=0) into dir; a second or two when
// the build cache holds its packages.
func buildNocv(t *testing.T, dir string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(dir, "vidlm")
	build := exec.Command(goBin, "build", "-tags", "nocv", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -tags nocv: %v\n%s", err, out)
	}
	return bin
}

// runBin runs bin with args and the environment env (added to this process's), and returns
// its exit status, stdout and stderr.
func runBin(t *testing.T, env []string, bin string, args ...string) (int, []byte, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), stdout.Bytes(), stderr.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, stdout.Bytes(), stderr.String()
}

// TestNocvHandOff builds the nocv vidlm and checks, as separate processes, that (a) sensor
// logs and y4m round-trip through it alone (no vidlm-opencv anywhere), to the bytes the full
// build writes; (b) with vidlm-opencv beside it (this test binary, which runs as the full
// vidlm), an .avi input, a PNG output and a PNG input are handed off and round-trip, and the
// exit status comes back; (c) without vidlm-opencv, a command that needs it fails with one
// line naming it and status 1, and leaves nothing behind.
func TestNocvHandOff(t *testing.T) {
	if _, err := os.Stat(vtestAVI); err != nil {
		t.Fatalf("%v (apt-get install opencv-doc)", err)
	}
	alone := t.TempDir() // the nocv vidlm and no vidlm-opencv
	nocv := buildNocv(t, alone)
	noPath := []string{"PATH=" + filepath.Join(alone, "no-such-dir")}
	work := t.TempDir()
	w := func(name string) string { return filepath.Join(work, name) }

	t.Run("sensor and y4m without vidlm-opencv", func(t *testing.T) {
		for _, c := range []struct{ in, ext string }{
			{"../../testdata/co2_mauna_loa.csv", ".csv"},
			{"../../testdata/vtest_crop.y4m", ".y4m"},
		} {
			vlm, out := w("a"+c.ext+".vlm"), w("a.out"+c.ext)
			if code, _, msg := runBin(t, noPath, nocv, "encode", c.in, "-o", vlm, "--file-id", "1", "-q"); code != 0 {
				t.Fatalf("nocv encode %s: exit %d: %s", c.in, code, msg)
			}
			if code, _, msg := runBin(t, noPath, nocv, "decode", vlm, "-o", out); code != 0 {
				t.Fatalf("nocv decode %s: exit %d: %s", vlm, code, msg)
			}
			want, _ := os.ReadFile(c.in)
			if got, _ := os.ReadFile(out); len(want) == 0 || !bytes.Equal(got, want) {
				t.Errorf("%s: the round trip through the nocv vidlm differs (%d bytes, want %d)", c.in, len(got), len(want))
			}
			full := w("full" + c.ext + ".vlm")
			mustVidlm(t, "encode", c.in, "-o", full, "--file-id", "1", "-q")
			a, _ := os.ReadFile(vlm)
			b, _ := os.ReadFile(full)
			if !bytes.Equal(a, b) {
				t.Errorf("%s: the nocv vidlm writes %d bytes, the full build %d different ones", c.in, len(a), len(b))
			}
		}
	})

	t.Run("missing vidlm-opencv", func(t *testing.T) {
		for _, args := range [][]string{
			{"encode", vtestAVI, "--frames", "1", "-o", w("lost.vlm")},
			{"decode", w("a.y4m.vlm"), "-o", w("lost.mkv")},
			{"decode", w("a.y4m.vlm"), "-o", w("lost_%03d.png")},
		} {
			code, stdout, msg := runBin(t, noPath, nocv, args...)
			if code != 1 || !strings.Contains(msg, "no vidlm-opencv in "+alone+" or on PATH") ||
				!strings.Contains(msg, "make build") || !oneLine(msg) || len(stdout) != 0 {
				t.Errorf("nocv %q without vidlm-opencv: exit %d, stderr %q, %d bytes on stdout", args, code, msg, len(stdout))
			}
		}
		for _, e := range dirEntries(t, work) {
			if strings.HasPrefix(e, "lost") {
				t.Errorf("%s was left behind", e)
			}
		}
	})

	t.Run("handed off to vidlm-opencv", func(t *testing.T) {
		bin := t.TempDir()
		exe, err := os.ReadFile(nocv)
		if err != nil {
			t.Fatal(err)
		}
		nocv := filepath.Join(bin, "vidlm") // a copy of the nocv vidlm, beside vidlm-opencv
		if err := os.WriteFile(nocv, exe, 0o755); err != nil {
			t.Fatal(err)
		}
		self, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(self, filepath.Join(bin, "vidlm-opencv")); err != nil {
			t.Fatal(err)
		}
		env := append(noPath, "VIDLM_TEST_AS_MAIN=1") // vidlm-opencv is this test binary run as vidlm
		if code, _, msg := runBin(t, env, nocv, "encode", vtestAVI, "--frames", "2", "-o", w("avi.vlm"), "-q"); code != 0 {
			t.Fatalf("nocv encode vtest.avi: exit %d: %s", code, msg)
		}
		if err := os.Mkdir(w("png"), 0o755); err != nil {
			t.Fatal(err)
		}
		if code, _, msg := runBin(t, env, nocv, "decode", w("avi.vlm"), "-o", w("png/%03d.png"), "-q"); code != 0 {
			t.Fatalf("nocv decode to PNG: exit %d: %s", code, msg)
		}
		if code, _, msg := runBin(t, env, nocv, "encode", w("png/%03d.png"), "-o", w("png.vlm"), "-q"); code != 0 {
			t.Fatalf("nocv encode PNG: exit %d: %s", code, msg)
		}
		// raw BGR of both, decoded by the nocv vidlm itself
		if code, _, msg := runBin(t, noPath, nocv, "decode", w("avi.vlm"), "-o", w("avi.raw")); code != 0 {
			t.Fatalf("nocv decode to raw: exit %d: %s", code, msg)
		}
		if code, _, msg := runBin(t, noPath, nocv, "decode", w("png.vlm"), "-o", w("png.raw")); code != 0 {
			t.Fatalf("nocv decode to raw: exit %d: %s", code, msg)
		}
		a, _ := os.ReadFile(w("avi.raw"))
		b, _ := os.ReadFile(w("png.raw"))
		if len(a) != 2*768*576*3 || !bytes.Equal(a, b) {
			t.Errorf("vtest.avi → .vlm → PNG → .vlm: %d and %d raw bytes, want the same %d", len(a), len(b), 2*768*576*3)
		}
		// stdout and stdin pass through the hand-off: the .vlm on stdout is the file's bytes,
		// and a .vlm on stdin decodes to an FFV1 .mkv.
		code, stdout, msg := runBin(t, env, nocv, "encode", vtestAVI, "--frames", "1", "--file-id", "1", "-o", "-", "-q")
		mustVidlm(t, "encode", vtestAVI, "--frames", "1", "--file-id", "1", "-o", w("ref.vlm"), "-q")
		if ref, _ := os.ReadFile(w("ref.vlm")); code != 0 || len(ref) == 0 || !bytes.Equal(stdout, ref) {
			t.Fatalf("nocv encode vtest.avi -o -: exit %d (%s), %d bytes on stdout, want the %d of the full build", code, msg, len(stdout), len(ref))
		}
		dec := exec.Command(nocv, "decode", "-", "-o", w("stdin.mkv"), "-q")
		dec.Env = append(os.Environ(), env...)
		dec.Stdin = bytes.NewReader(stdout)
		if out, err := dec.CombinedOutput(); err != nil {
			t.Fatalf("nocv decode - -o stdin.mkv: %v: %s", err, out)
		}
		if st, err := os.Stat(w("stdin.mkv")); err != nil || st.Size() == 0 {
			t.Errorf("stdin.mkv: %v", err)
		}
		// The exit status and stderr come back from vidlm-opencv.
		code, _, msg = runBin(t, env, nocv, "decode", w("missing.vlm"), "-o", w("x.mkv"))
		if code != 1 || !strings.Contains(msg, "missing.vlm") || strings.Contains(msg, "OpenCV") {
			t.Errorf("vidlm-opencv's failure: exit %d, stderr %q", code, msg)
		}
	})
}
