package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

func TestVerifier(t *testing.T) {
	orig := bytes.Repeat([]byte("0123456789"), 1000) // 10 "frames" of 1000 bytes
	cases := []struct {
		name string
		copy []byte
		want string // "" for equal
	}{
		{"equal", orig, ""},
		{"changed", func() []byte { b := bytes.Clone(orig); b[3456] ^= 1; return b }(), "differs from frame 3"},
		{"shorter", orig[:9999], "differs from frame 9"},
		{"longer", append(bytes.Clone(orig), 'x'), "differs from frame 10"},
		{"empty", nil, "differs from frame 0"},
	}
	for _, c := range cases {
		v := NewVerifier(bytes.NewReader(orig))
		// Write in uneven pieces, as a pipe delivers them.
		for rest := c.copy; len(rest) > 0; {
			n := min(len(rest), 777)
			if k, err := v.Write(rest[:n]); k != n || err != nil {
				t.Fatalf("%s: Write = %d, %v", c.name, k, err)
			}
			rest = rest[n:]
		}
		err := v.Check(1000)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || err.Error() != c.want):
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	v := NewVerifier(bytes.NewReader(orig))
	v.Write(orig[:10])
	v.Write([]byte("X"))
	if err := v.Check(0); err == nil || err.Error() != "differs from byte 10" {
		t.Errorf("byte offset: got %v", err)
	}
}

// TestVideoJobsBGR runs every reference video tool on real BGR frames (as OpenCV decodes
// vtest.avi) and checks that each restores them exactly.
func TestVideoJobsBGR(t *testing.T) {
	if testing.Short() {
		t.Skip("slow end-to-end test; runs without -short")
	}
	l := vision.Layout{Width: 160, Height: 120, Format: vision.FormatBGR, Depth: 8}
	all, err := os.ReadFile(filepath.Join("..", "testdata", "vtest_crop.bgr"))
	if err != nil {
		t.Fatal(err)
	}
	const frames = 3 // x265 is slow to start; three frames still exercise inter coding
	dir := t.TempDir()
	src := filepath.Join(dir, "frames.bgr")
	if err := os.WriteFile(src, all[:frames*l.FrameBytes()], 0o600); err != nil {
		t.Fatal(err)
	}
	rv := RawVideo{Path: src, Width: l.Width, Height: l.Height, Frames: frames, FrameBytes: l.FrameBytes(), Layout: l, Threads: 1}
	r := &Runner{Original: src, Unit: int64(l.FrameBytes())}
	jobs := VideoJobs(rv, dir)
	if len(jobs) != 7 { // FFV1, x264 veryslow and medium, x265 medium and slow, PNG, zstd
		t.Fatalf("%d jobs, want 7", len(jobs))
	}
	for _, j := range jobs {
		row, err := r.Run(context.Background(), j)
		if err != nil {
			t.Fatal(err)
		}
		if row.Status != StatusOK || row.RoundTrip != RoundTripOK {
			t.Errorf("%s: %s %s (%s)", j.Tool, row.Status, row.RoundTrip, row.Note)
			continue
		}
		if raw := int64(frames * l.FrameBytes()); row.Bytes >= raw {
			t.Errorf("%s: %d bytes for %d raw bytes", j.Tool, row.Bytes, raw)
		}
	}
}

// TestRunnerMismatch checks that a tool whose decoder does not give back the original is
// caught, and that a missing program is a row, not an error.
func TestRunnerMismatch(t *testing.T) {
	dir := t.TempDir()
	orig := filepath.Join(dir, "orig")
	if err := os.WriteFile(orig, bytes.Repeat([]byte("abcd"), 300), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	r := &Runner{Original: orig, Unit: 100}
	bad := Job{Tool: "lossy", Program: "sh", Output: out,
		Encode: []string{"-c", "cp " + orig + " " + out},
		Decode: []string{"-c", "head -c 750 " + orig + "; printf X; tail -c +752 " + orig}}
	row, err := r.Run(context.Background(), bad)
	if err != nil {
		t.Fatal(err)
	}
	if row.Status != StatusOK || row.Bytes != 1200 || row.RoundTrip != RoundTripMismatch || row.Note != "differs from frame 7" {
		t.Errorf("lossy tool: %+v", row)
	}
	good := bad
	good.Decode = []string{"-c", "cat " + out}
	if row, _ := r.Run(context.Background(), good); row.RoundTrip != RoundTripOK {
		t.Errorf("faithful tool: %+v", row)
	}
	failing := bad
	failing.Encode = []string{"-c", "echo 'no space left' >&2; exit 3"}
	if row, _ := r.Run(context.Background(), failing); row.Status != StatusFailed || !strings.Contains(row.Note, "no space left") {
		t.Errorf("failing tool: %+v", row)
	}
	missing := bad
	missing.Program = "vidlm-no-such-program"
	if row, err := r.Run(context.Background(), missing); err != nil || row.Status != StatusNotInstalled {
		t.Errorf("missing tool: %+v, %v", row, err)
	}
}

func TestReport(t *testing.T) {
	rep := &Report{Input: "clip.y4m", Kind: Video, Frames: 2, Width: 4, Height: 2, Format: "yuv420", Depth: 8,
		PixelUnit: "luma pixel", Pixels: 16, RawBytes: 24, RateUnit: "MPix/s", Threads: 1, Reference: "vidlm default",
		Rows: []Row{
			{Tool: "vidlm default", Status: StatusOK, Bytes: 4, EncodeSeconds: 1e-6, DecodeSeconds: 2e-6, RoundTrip: RoundTripOK},
			{Tool: "FFV1", Status: StatusOK, Bytes: 6, EncodeSeconds: 4e-6, RoundTrip: RoundTripNotChecked},
			{Tool: "x265 lossless", Status: StatusNotInstalled, Note: "ffmpeg has no libx265 encoder"},
		}}
	rep.Finish()
	r0, r1 := rep.Rows[0], rep.Rows[1]
	if r0.BitsPerPixel != 2 || r0.Ratio != 6 || r0.EncodeRate != 16 || r0.DecodeRate != 8 || r0.Relative != 1 {
		t.Errorf("vidlm row: %+v", r0)
	}
	if r1.BitsPerPixel != 3 || r1.Relative != 1.5 || r1.DecodeRate != 0 {
		t.Errorf("FFV1 row: %+v", r1)
	}
	var b bytes.Buffer
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	want := `clip.y4m: 2 frames, 4x2 yuv420 8-bit, 24 raw bytes, 1 threads; bits per luma pixel
tool           size (bytes)  bits/luma px  ratio  enc MPix/s  dec MPix/s  vs vidlm default  round trip
vidlm default             4        2.0000   6.00       16.00        8.00             1.000  ok
FFV1                      6        3.0000   4.00        4.00           -             1.500  not checked
x265 lossless  not installed: ffmpeg has no libx265 encoder
`
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Rows) != 3 || back.Rows[1].Relative != 1.5 || back.Rows[2].Status != StatusNotInstalled || back.Rows[2].Bytes != 0 {
		t.Errorf("JSON round trip: %+v", back)
	}
}

// TestReadManifest reads the sensor corpus' manifest: 13 files, a third of them at most tuned on.
func TestReadManifest(t *testing.T) {
	f, err := os.Open("corpus/sensor.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e, err := ReadManifest(f)
	if err != nil {
		t.Fatal(err)
	}
	tuned := 0
	for _, x := range e {
		if x.File == "" || len(x.SHA256) != 64 || x.Kind == "" || x.Licence == "" || x.Tuned != "yes" && x.Tuned != "no" {
			t.Errorf("entry %+v", x)
		}
		if x.Tuned == "yes" {
			tuned++
		}
	}
	if len(e) < 12 || 3*tuned > len(e) {
		t.Errorf("%d files, %d tuned on", len(e), tuned)
	}
	if _, err := ReadManifest(strings.NewReader("a\tb\n")); err == nil {
		t.Error("a manifest without a header line was read")
	}
}
