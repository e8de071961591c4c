package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// cliFile is a .vlm the CLI tests damage, and what decoding it must give.
type cliFile struct {
	name string
	vlm  []byte
	want []byte // decoded output: the y4m file, or the raw BGR content
	ext  string // output extension
}

func cliFiles(t *testing.T, dir string) []cliFile {
	t.Helper()
	y4m, bgr := testClips(t, dir, 6)
	code, _, stderr := cli(t, context.Background(), nil, "encode", filepath.Join(dir, "clip.y4m"), "-o", filepath.Join(dir, "clip.vlm"), "--segment", "2", "--tiles", "2", "-q")
	if code != 0 {
		t.Fatalf("encode: %d %s", code, stderr)
	}
	yv, err := os.ReadFile(filepath.Join(dir, "clip.vlm"))
	if err != nil {
		t.Fatal(err)
	}
	bv, braw := encodeBGR(t, bgr, 3)
	return []cliFile{{"y4m", yv, y4m, ".y4m"}, {"bgr", bv, braw, ".raw"}}
}

// TestCLICorruption damages real files at hundreds of random positions (bit flips and
// truncations) and decodes them through the command line: exit status 1, a one-line error
// naming the file and the damage as the library does, nothing left at the output (no
// temporary file either), and on stdout only a correct prefix of the stream. Salvage of the
// same files writes exactly what the library recovers and lists the rest.
func TestCLICorruption(t *testing.T) {
	if testing.Short() {
		t.Skip("slow end-to-end test; runs without -short")
	}
	src := t.TempDir()
	files := cliFiles(t, src)
	work := t.TempDir()
	rng := rand.New(rand.NewSource(9))
	ctx := context.Background()
	runs, salvages := 0, 0
	for _, f := range files {
		for i := 0; i < 80; i++ {
			var bad []byte
			var what string
			if i%3 == 2 {
				cut := rng.Intn(len(f.vlm))
				bad, what = f.vlm[:cut], fmt.Sprintf("%s truncated to %d bytes", f.name, cut)
			} else {
				pos := rng.Intn(len(f.vlm))
				bad = append([]byte(nil), f.vlm...)
				bad[pos] ^= 1 << rng.Intn(8)
				what = fmt.Sprintf("%s with a bit flipped at byte %d", f.name, pos)
			}
			in := filepath.Join(work, "bad.vlm")
			if err := os.WriteFile(in, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(work, "out"+f.ext)
			_, libErr := libraryDecode(bad)

			code, _, stderr := cli(t, ctx, nil, "decode", in, "-o", out, "-q")
			runs++
			if code != 1 || !oneLine(stderr) || !strings.HasPrefix(stderr, "vidlm: "+in+": ") {
				t.Fatalf("%s: exit %d, stderr %q; want status 1 and one line naming the file", what, code, stderr)
			}
			if libErr == nil || !strings.Contains(stderr, libErr.Error()) {
				t.Fatalf("%s: CLI says %q, the library %v", what, stderr, libErr)
			}
			if names := dirEntries(t, work); !reflect.DeepEqual(names, []string{"bad.vlm"}) {
				t.Fatalf("%s: failed decode left %v", what, names)
			}
			if f.ext == ".y4m" {
				code, stdout, _ := cli(t, ctx, nil, "decode", in, "-o", "-", "-q")
				runs++
				if code != 1 || !bytes.HasPrefix(f.want, stdout) {
					t.Fatalf("%s: decode to stdout: exit %d, %d bytes written, not a prefix of the stream", what, code, len(stdout))
				}
			}
			if i%4 != 0 {
				continue
			}
			// Salvage writes what the library recovers, and says what is lost.
			want, s, err := librarySalvage(bad)
			code, _, stderr = cli(t, ctx, nil, "decode", in, "-o", out, "--salvage", "-q")
			salvages++
			switch {
			case err != nil:
				if code != 1 || !strings.Contains(stderr, "nothing can be salvaged") {
					t.Fatalf("%s: salvage: exit %d, %q; the library: %v", what, code, stderr, err)
				}
			case len(s.Lost()) == 0:
				if code != 0 {
					t.Fatalf("%s: salvage lost nothing but exit %d: %s", what, code, stderr)
				}
			default:
				if code != 1 || !strings.Contains(stderr, "lost "+s.Lost()[0].String()) {
					t.Fatalf("%s: salvage: exit %d, stderr %q; want status 1 and %q", what, code, stderr, s.Lost()[0])
				}
			}
			got, rerr := os.ReadFile(out)
			if s != nil && s.Written() > 0 || s != nil && len(s.Lost()) == 0 {
				if rerr != nil || !bytes.Equal(got, want) {
					t.Fatalf("%s: salvaged output (%d bytes, %v) differs from the library's (%d bytes)", what, len(got), rerr, len(want))
				}
				os.Remove(out)
			} else if rerr == nil {
				t.Fatalf("%s: nothing salvaged, yet %s was written", what, out)
			}
			if names := dirEntries(t, work); !reflect.DeepEqual(names, []string{"bad.vlm"}) {
				t.Fatalf("%s: salvage left %v", what, names)
			}
		}
		// The intact file decodes to the original.
		in := filepath.Join(work, "good.vlm")
		os.WriteFile(in, f.vlm, 0o644)
		out := filepath.Join(work, "good"+f.ext)
		if code, _, stderr := cli(t, ctx, nil, "decode", in, "-o", out, "-q"); code != 0 {
			t.Fatalf("%s: %s", f.name, stderr)
		}
		if got, _ := os.ReadFile(out); !bytes.Equal(got, f.want) {
			t.Fatalf("%s: decoded output differs from the original", f.name)
		}
		os.Remove(in)
		os.Remove(out)
	}
	t.Logf("%d damaged decodes and %d salvages through the CLI", runs, salvages)
}

// TestCLISalvageReport checks the salvage report of a file with one damaged segment.
func TestCLISalvageReport(t *testing.T) {
	dir := t.TempDir()
	f := cliFiles(t, dir)[0] // 6 frames, segments of 2
	_, s0, _ := librarySalvage(f.vlm)
	if len(s0.Lost()) != 0 || !s0.Verified() {
		t.Fatal("intact file not verified by salvage")
	}
	// Find frame 3's chunk by damaging bytes until the library says frame 3.
	bad := append([]byte(nil), f.vlm...)
	for pos := len(bad) / 2; ; pos++ {
		b := append([]byte(nil), f.vlm...)
		b[pos] ^= 0x10
		if _, err := libraryDecode(b); err != nil && strings.Contains(err.Error(), "frame 3 ") {
			bad = b
			break
		}
	}
	in := filepath.Join(dir, "bad.vlm")
	os.WriteFile(in, bad, 0o644)
	out := filepath.Join(dir, "salvaged.y4m")
	code, _, stderr := cli(t, context.Background(), nil, "decode", in, "-o", out, "--salvage")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"lost segment 1: frame 3 (", "salvaged 5 of 6 frames to " + out} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	got, _ := os.ReadFile(out)
	// Frames 0-2 and 4-5 of the original: a y4m frame here is "FRAME\n" and 48*32*3/2 bytes.
	header := bytes.IndexByte(f.want, '\n') + 1
	size := 6 + 48*32*3/2
	var want []byte
	want = append(want, f.want[:header]...)
	for k := 0; k < 6; k++ {
		if k != 3 {
			want = append(want, f.want[header+k*size:header+(k+1)*size]...)
		}
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("salvaged %d bytes, want frames 0-2 and 4-5 (%d bytes)", len(got), len(want))
	}
	if code, _, stderr := cli(t, context.Background(), nil, "decode", "-", "-o", out, "--salvage"); code != 2 {
		t.Errorf("salvage from stdin: exit %d (%s), want a usage error", code, stderr)
	}
}
