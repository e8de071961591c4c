// Command campaign damages real .vlm files in many ways and checks how a vidlm binary takes
// each one: every damage must be detected (exit status 1, one line on stderr, no output left
// behind), never silent, never a panic or a hang; salvage must never deliver a frame that is
// not the original's. It prints a table per kind of damage.
//
//	go run ./scripts/campaign -vidlm bin/vidlm -n 1200
package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// file is an original .vlm and what it decodes to.
type file struct {
	name   string
	vlm    []byte
	orig   []byte // the decoded output (y4m or csv)
	ext    string // of the decoded output
	chunks [][2]int
	frame  int // bytes per frame in orig (video), 0 for sensor logs
	head   int // bytes before the first frame in orig
}

// result is what vidlm did with one damaged file.
type result struct {
	kind                                string
	detected, silent, panic, hang, left int
	oneLine, identical                  int
	salvageForeign                      int
	n                                   int
}

func main() {
	bin := flag.String("vidlm", "bin/vidlm", "the vidlm binary to test")
	n := flag.Int("n", 1200, "damaged files in all")
	seed := flag.Int64("seed", 1, "random seed")
	workers := flag.Int("j", 2, "files checked at once")
	flag.Parse()
	work, err := os.MkdirTemp("", "campaign")
	check(err)
	defer os.RemoveAll(work)

	files := originals(*bin, work)
	rng := rand.New(rand.NewSource(*seed))
	type job struct {
		kind string
		f    *file
		data []byte
	}
	var jobs []job
	kinds := []string{"bit flip", "overwrite", "truncation", "insertion", "deletion", "chunk swap", "chunk drop", "chunk duplicate", "concatenation", "transplant"}
	for len(jobs) < *n {
		for _, kind := range kinds {
			for _, f := range files {
				if kind == "transplant" && f.frame == 0 {
					continue
				}
				if d := damage(kind, f, files, rng); d != nil {
					jobs = append(jobs, job{kind, f, d})
				}
			}
		}
	}
	results := map[string]*result{}
	var mu sync.Mutex
	ch := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < *workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := range ch {
				j := jobs[i]
				r := try(*bin, filepath.Join(work, fmt.Sprintf("w%d", w)), j.f, j.data, j.kind == "transplant")
				mu.Lock()
				t := results[j.kind]
				if t == nil {
					t = &result{kind: j.kind}
					results[j.kind] = t
				}
				t.add(r)
				mu.Unlock()
			}
		}(w)
	}
	for i := range jobs {
		ch <- i
	}
	close(ch)
	wg.Wait()

	fmt.Printf("%d damaged files from %d originals (%s)\n\n", len(jobs), len(files), names(files))
	fmt.Println("| damage | files | detected | one-line errors | silent | panic | hang | output left behind | decoded identically | salvage gave a foreign frame |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	var total result
	total.kind = "**all**"
	for _, k := range kinds {
		if r := results[k]; r != nil {
			r.print()
			total.add(*r)
		}
	}
	total.print()
	if total.silent+total.panic+total.hang+total.left+total.salvageForeign > 0 || total.oneLine != total.detected {
		os.Exit(1)
	}
}

func (r *result) add(o result) {
	r.n += max(o.n, 1)
	r.detected += o.detected
	r.silent += o.silent
	r.panic += o.panic
	r.hang += o.hang
	r.left += o.left
	r.oneLine += o.oneLine
	r.identical += o.identical
	r.salvageForeign += o.salvageForeign
}

func (r *result) print() {
	fmt.Printf("| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d |\n", r.kind, r.n, r.detected, r.oneLine, r.silent, r.panic, r.hang, r.left, r.identical, r.salvageForeign)
}

func names(files []*file) string {
	var s []string
	for _, f := range files {
		s = append(s, f.name)
	}
	return strings.Join(s, ", ")
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "campaign:", err)
		os.Exit(2)
	}
}

// originals encodes the real test clips and logs of testdata (several segments and tiles) and
// decodes them once.
func originals(bin, work string) []*file {
	crop := filepath.Join(work, "crop.y4m")
	y4m, err := os.ReadFile("testdata/vtest_crop.y4m")
	check(err)
	check(os.WriteFile(crop, y4m, 0o644))
	specs := []struct {
		name, in, ext string
		args          []string
	}{
		{"y4m seg3 tiles2", crop, ".y4m", []string{"--segment", "3", "--tiles", "2", "--file-id", "a1"}},
		{"y4m one segment", crop, ".y4m", []string{"--segment", "0", "--tiles", "1", "--file-id", "a2", "--preset", "fast"}},
		{"co2 csv", "testdata/co2_mauna_loa.csv", ".csv", []string{"--file-id", "a3"}},
		{"awkward csv", "testdata/sensor_awkward.csv", ".csv", []string{"--file-id", "a4"}},
	}
	var files []*file
	for _, s := range specs {
		out := filepath.Join(work, strings.ReplaceAll(s.name, " ", "_")+".vlm")
		run(bin, append([]string{"encode", s.in, "-o", out, "-q"}, s.args...)...)
		vlm, err := os.ReadFile(out)
		check(err)
		dec := out + s.ext
		run(bin, "decode", out, "-o", dec, "-q")
		orig, err := os.ReadFile(dec)
		check(err)
		f := &file{name: s.name, vlm: vlm, orig: orig, ext: s.ext, chunks: chunkSpans(vlm)}
		if s.ext == ".y4m" {
			f.head = bytes.IndexByte(orig, '\n') + 1
			f.frame = (len(orig) - f.head) / (len(f.chunks) - 1) // the last chunk is the index
		}
		files = append(files, f)
	}
	// A donor for transplants: the same clip under another identifier (same parameters).
	donor := filepath.Join(work, "donor.vlm")
	run(bin, "encode", crop, "-o", donor, "-q", "--segment", "3", "--tiles", "2", "--file-id", "b1")
	d, err := os.ReadFile(donor)
	check(err)
	donors = append(donors, d)
	return files
}

var donors [][]byte

func run(bin string, args ...string) {
	cmd := exec.Command(bin, args...)
	cmd.Stderr = os.Stderr
	check(cmd.Run())
}

// chunkSpans returns [start, end) of every chunk (the index chunk too) of a .vlm.
func chunkSpans(b []byte) [][2]int {
	at := 8 + 2 + 4 + int(binary.LittleEndian.Uint32(b[10:])) + 4
	var spans [][2]int
	for at+21 <= len(b) && string(b[at:at+2]) == "VC" {
		end := at + 17 + int(binary.LittleEndian.Uint32(b[at+13:])) + 4
		spans = append(spans, [2]int{at, end})
		at = end
	}
	return spans
}

// damage returns f's file damaged one way.
func damage(kind string, f *file, all []*file, rng *rand.Rand) []byte {
	b := append([]byte(nil), f.vlm...)
	pos := rng.Intn(len(b))
	c := f.chunks
	if len(c) < 2 {
		check(fmt.Errorf("%s: %d chunks found", f.name, len(c)))
	}
	pick := func() [2]int { return c[rng.Intn(len(c)-1)] } // a data chunk, not the index
	switch kind {
	case "bit flip":
		b[pos] ^= 1 << rng.Intn(8)
	case "overwrite":
		for i := pos; i < min(len(b), pos+1+rng.Intn(16)); i++ {
			b[i] = byte(rng.Intn(256))
		}
		if bytes.Equal(b, f.vlm) {
			return nil
		}
	case "truncation":
		b = b[:pos]
	case "insertion":
		ins := make([]byte, 1+rng.Intn(8))
		rng.Read(ins)
		b = append(b[:pos:pos], append(ins, f.vlm[pos:]...)...)
	case "deletion":
		end := min(len(b), pos+1+rng.Intn(16))
		b = append(b[:pos:pos], f.vlm[end:]...)
	case "chunk swap":
		if len(c) < 3 {
			return nil
		}
		x, y := pick(), pick()
		if x == y || bytes.Equal(f.vlm[x[0]:x[1]], f.vlm[y[0]:y[1]]) {
			return nil
		}
		if x[0] > y[0] {
			x, y = y, x
		}
		b = concat(f.vlm[:x[0]], f.vlm[y[0]:y[1]], f.vlm[x[1]:y[0]], f.vlm[x[0]:x[1]], f.vlm[y[1]:])
	case "chunk drop":
		x := pick()
		b = concat(f.vlm[:x[0]], f.vlm[x[1]:])
	case "chunk duplicate":
		x := pick()
		b = concat(f.vlm[:x[1]], f.vlm[x[0]:x[1]], f.vlm[x[1]:])
	case "concatenation":
		o := all[rng.Intn(len(all))]
		b = concat(f.vlm, o.vlm)
	case "transplant":
		d := donors[0]
		ds := chunkSpans(d)
		if len(ds) != len(c) || !bytes.Equal(d[10:14], f.vlm[10:14]) {
			return nil // another geometry or parameters: not a same-parameters transplant
		}
		k := rng.Intn(len(c) - 1)
		b = concat(f.vlm[:c[k][0]], d[ds[k][0]:ds[k][1]], f.vlm[c[k][1]:])
	}
	return b
}

func concat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// try decodes one damaged file (and, for transplants, salvages it) and classifies the outcome.
func try(bin, dir string, f *file, data []byte, salvage bool) result {
	os.RemoveAll(dir)
	check(os.MkdirAll(filepath.Join(dir, "out"), 0o755))
	in := filepath.Join(dir, "bad.vlm")
	check(os.WriteFile(in, data, 0o644))
	out := filepath.Join(dir, "out", "x"+f.ext)
	code, stderr, hung := runTimed(bin, "decode", in, "-o", out, "-q")
	var r result
	switch {
	case hung:
		r.hang = 1
	case strings.Contains(stderr, "panic:") || strings.Contains(stderr, "goroutine "):
		r.panic = 1
	case code == 0:
		got, _ := os.ReadFile(out)
		if bytes.Equal(got, f.orig) {
			r.identical = 1 // the damage missed everything that matters (e.g. nothing at all)
		} else {
			r.silent = 1
		}
		os.Remove(out)
	default:
		r.detected = 1
		if strings.Count(stderr, "\n") == 1 && strings.HasPrefix(stderr, "vidlm: ") {
			r.oneLine = 1
		}
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "out")); len(ents) > 0 && code != 0 {
		r.left = 1
	}
	if salvage && f.frame > 0 {
		sout := filepath.Join(dir, "out", "s.y4m")
		runTimed(bin, "decode", "--salvage", in, "-o", sout, "-q")
		got, _ := os.ReadFile(sout)
		if len(got) > f.head {
			frames := f.orig[f.head:]
			for at := f.head; at+f.frame <= len(got); at += f.frame {
				fr := got[at : at+f.frame]
				found := false
				for k := 0; k+f.frame <= len(frames); k += f.frame {
					if bytes.Equal(fr, frames[k:k+f.frame]) {
						found = true
						break
					}
				}
				if !found {
					r.salvageForeign = 1
				}
			}
		}
	}
	return r
}

func runTimed(bin string, args ...string) (int, string, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return -1, stderr.String(), true
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), stderr.String(), false
	}
	return 0, stderr.String(), false
}
