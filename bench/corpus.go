package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vidlm/vidlm/internal/tmpfile"
)

// A corpus benchmark (vidlm bench --corpus DIR): every log of a directory, one row each, with
// vidlm's size and speeds beside those of xz -9e, zstd -19 and paq8px -8, and geometric means
// of the ratios over all files and over the files the model was not tuned on.

// CorpusEntry is one file of a corpus manifest.
type CorpusEntry struct {
	File    string // name in the corpus directory
	Kind    string // what the log records ("" if the manifest does not say)
	Licence string
	Tuned   string // "yes", "no", or "" when the manifest does not say
	SHA256  string // hex, "" when not given
}

// ReadManifest reads a tab-separated manifest whose header line (starting with "#") names
// its columns; it needs "file" and may have "kind", "licence", "tuned_on" and "sha256"
// (bench/corpus/sensor.tsv is one).
func ReadManifest(r io.Reader) ([]CorpusEntry, error) {
	sc := bufio.NewScanner(r)
	col := map[string]int{}
	var out []CorpusEntry
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if strings.HasPrefix(line, "#") {
			if len(col) == 0 {
				f[0] = strings.TrimSpace(strings.TrimPrefix(f[0], "#"))
				for i, name := range f {
					col[strings.TrimSpace(name)] = i
				}
			}
			continue
		}
		if _, ok := col["file"]; !ok {
			return nil, errors.New("manifest: no header line naming a \"file\" column")
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(f) {
				return strings.TrimSpace(f[i])
			}
			return ""
		}
		e := CorpusEntry{File: get("file"), Kind: get("kind"), Licence: get("licence"), Tuned: get("tuned_on"), SHA256: get("sha256")}
		if e.File == "" || strings.ContainsAny(e.File, "/\\") {
			return nil, fmt.Errorf("manifest: bad file name %q", e.File)
		}
		out = append(out, e)
	}
	return out, sc.Err()
}

// CorpusRow is one file's results. A size of 0 means not measured (the tool is missing).
type CorpusRow struct {
	CorpusEntry
	Bytes     int64     `json:"bytes"`
	Vidlm     int64     `json:"vidlm_bytes"`
	Xz        int64     `json:"xz_bytes,omitempty"`
	Zstd      int64     `json:"zstd_bytes,omitempty"`
	Paq8px    int64     `json:"paq8px_bytes,omitempty"`
	PaqCached bool      `json:"paq8px_cached,omitempty"` // Paq8px came from the cache
	EncodeMBs float64   `json:"encode_mb_s"`
	DecodeMBs float64   `json:"decode_mb_s"`
	RoundTrip RoundTrip `json:"round_trip"`
	Note      string    `json:"note,omitempty"`
}

// CorpusReport is the whole table.
type CorpusReport struct {
	Dir string `json:"dir"`
	// Timing says what the speeds cover ("codec calls in-process" or "whole processes").
	Timing string      `json:"timing"`
	Rows   []CorpusRow `json:"rows"`
	// Geometric means of vidlm / tool over the files with both sizes: "all" and "not tuned on".
	Means map[string]map[string]GeoMean `json:"geometric_means"`
}

// GeoMean is a geometric mean and how many files it is over.
type GeoMean struct {
	Value float64 `json:"value"`
	Files int     `json:"files"`
}

// Finish computes the geometric means.
func (r *CorpusReport) Finish() {
	r.Means = map[string]map[string]GeoMean{}
	for _, tool := range []string{"xz", "zstd", "paq8px"} {
		m := map[string]GeoMean{}
		for _, set := range []string{"all", "not tuned on"} {
			var sum float64
			n := 0
			for _, row := range r.Rows {
				o := row.size(tool)
				if o <= 0 || row.Vidlm <= 0 || set == "not tuned on" && row.Tuned != "no" {
					continue
				}
				sum += math.Log(float64(row.Vidlm) / float64(o))
				n++
			}
			if n > 0 {
				m[set] = GeoMean{Value: math.Exp(sum / float64(n)), Files: n}
			}
		}
		r.Means[tool] = m
	}
}

func (row *CorpusRow) size(tool string) int64 {
	switch tool {
	case "xz":
		return row.Xz
	case "zstd":
		return row.Zstd
	case "paq8px":
		return row.Paq8px
	}
	return 0
}

// Failures lists the rows whose vidlm round trip failed.
func (r *CorpusReport) Failures() []CorpusRow {
	var bad []CorpusRow
	for _, row := range r.Rows {
		if row.RoundTrip != RoundTripOK {
			bad = append(bad, row)
		}
	}
	return bad
}

// WriteTable prints the table and the geometric means.
func (r *CorpusReport) WriteTable(w io.Writer) error {
	head := []string{"file", "kind", "bytes", "tuned", "vidlm", "xz -9e", "zstd -19", "paq8px -8",
		"v/xz", "v/zstd", "v/paq8px", "enc MB/s", "dec MB/s", "round trip"}
	rows := [][]string{head}
	size := func(v int64) string {
		if v <= 0 {
			return "-"
		}
		return strconv.FormatInt(v, 10)
	}
	ratio := func(v, o int64) string {
		if v <= 0 || o <= 0 {
			return "-"
		}
		return fmt.Sprintf("%.3f", float64(v)/float64(o))
	}
	for _, row := range r.Rows {
		tuned := row.Tuned
		if tuned == "" {
			tuned = "?"
		}
		kind := row.Kind
		if kind == "" {
			kind = "-"
		}
		rt := string(row.RoundTrip)
		if row.RoundTrip != RoundTripOK {
			rt = "FAILED"
			if row.Note != "" {
				rt += " (" + row.Note + ")"
			}
		}
		paq := size(row.Paq8px)
		if row.PaqCached {
			paq += "*"
		}
		rows = append(rows, []string{row.File, kind, size(row.Bytes), tuned, size(row.Vidlm), size(row.Xz), size(row.Zstd), paq,
			ratio(row.Vidlm, row.Xz), ratio(row.Vidlm, row.Zstd), ratio(row.Vidlm, row.Paq8px),
			fmt.Sprintf("%.2f", row.EncodeMBs), fmt.Sprintf("%.2f", row.DecodeMBs), rt})
	}
	width := make([]int, len(head))
	for _, cells := range rows {
		for i, c := range cells {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d files; speeds: %s\n", r.Dir, len(r.Rows), r.Timing)
	writeAligned(&b, rows, width, func(i int, cells []string) bool { return i == len(cells)-1 },
		func(i int) bool { return i == 1 || i == 3 }) // kind and tuned-on are words
	for _, tool := range []string{"xz", "zstd", "paq8px"} {
		m := r.Means[tool]
		all, ok := m["all"]
		if !ok {
			fmt.Fprintf(&b, "geometric mean vidlm/%s: no file has both sizes\n", tool)
			continue
		}
		fmt.Fprintf(&b, "geometric mean vidlm/%s: %.3f over all %d files", tool, all.Value, all.Files)
		if nt, ok := m["not tuned on"]; ok {
			fmt.Fprintf(&b, ", %.3f over the %d not tuned on", nt.Value, nt.Files)
		}
		b.WriteString("\n")
	}
	if anyCached(r.Rows) {
		b.WriteString("* paq8px size from the cache (keyed by the file's SHA-256)\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func anyCached(rows []CorpusRow) bool {
	for _, r := range rows {
		if r.PaqCached {
			return true
		}
	}
	return false
}

// CompressedSize runs program args with stdin from file in and returns the number of bytes it
// writes on stdout (xz -9e -c, zstd -19 -c). A missing program gives 0 and no error.
func CompressedSize(ctx context.Context, in string, program string, args ...string) (int64, error) {
	if _, err := exec.LookPath(program); err != nil {
		return 0, nil
	}
	var n countWriter
	if err := runCommand(ctx, program, args, in, "", &n); err != nil {
		return 0, err
	}
	return int64(n), nil
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// Paq8pxCache holds paq8px -8 sizes by the SHA-256 of what was compressed: a file of lines
// "sha256<TAB>bytes<TAB>name" (the name is a reminder, not a key). paq8px runs at a few KB/s,
// so each file is compressed once.
type Paq8pxCache struct {
	Path  string
	sizes map[string]int64
}

// LoadPaq8pxCache reads the cache at path (a missing file is an empty cache).
func LoadPaq8pxCache(path string) (*Paq8pxCache, error) {
	c := &Paq8pxCache{Path: path, sizes: map[string]int64{}}
	if path == "" {
		return c, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) < 2 || len(p[0]) != 64 {
			continue
		}
		if n, err := strconv.ParseInt(p[1], 10, 64); err == nil && n > 0 {
			c.sizes[strings.ToLower(p[0])] = n
		}
	}
	return c, sc.Err()
}

// Get returns the cached size for a SHA-256 (hex), or 0.
func (c *Paq8pxCache) Get(sum string) int64 { return c.sizes[strings.ToLower(sum)] }

// Put records a size and appends it to the cache file.
func (c *Paq8pxCache) Put(sum string, n int64, name string) error {
	c.sizes[strings.ToLower(sum)] = n
	if c.Path == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(c.Path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(c.Path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	// A line cut short (a full disk) would be read back as another size ("…\t12" of
	// "…\t123456"): on a failed write the file is cut back to where the line began.
	var before int64 = -1
	if st, err := f.Stat(); err == nil {
		before = st.Size()
	}
	_, err = fmt.Fprintf(f, "%s\t%d\t%s\n", strings.ToLower(sum), n, name)
	if err == nil {
		err = f.Sync()
	}
	if err != nil && before >= 0 {
		f.Truncate(before)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", c.Path, tmpfile.Cause(err))
	}
	return nil
}

// Paq8pxSize compresses the file at path with paq8px -8 in scratch directory dir (under the
// file's base name, since paq8px stores the name in its archive) and returns the archive's
// size. program is the paq8px executable.
func Paq8pxSize(ctx context.Context, program, path, dir string) (int64, error) {
	name := filepath.Base(path)
	in := filepath.Join(dir, name)
	if err := os.Symlink(path, in); err != nil {
		return 0, err
	}
	defer os.Remove(in)
	out := in + ".paq8px"
	defer os.Remove(out)
	cmd := exec.CommandContext(ctx, program, "-8", name, name+".paq8px")
	cmd.Dir = dir
	var stderr tailBuffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("paq8px: %v %s", err, stderr.lastLine())
	}
	st, err := os.Stat(out)
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}
