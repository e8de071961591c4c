package experiment

import (
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/viper"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/vidlm/vidlm/internal/htmlpage"
	"github.com/vidlm/vidlm/internal/tmpfile"
	"github.com/vidlm/vidlm/report"
)

// SweepResult is one run per value of the swept key.
type SweepResult struct {
	Sweep  Sweep     `json:"sweep"`
	Points []*Result `json:"points"`
}

// Version returns the vidlm module version and VCS commit this binary was built from.
func Version() (version, commit string) {
	version, commit = "devel", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				commit = s.Value
			}
			if s.Key == "vcs.modified" && s.Value == "true" {
				commit += "+modified"
			}
		}
	}
	return version, commit
}

// rungColours, one per rung.
var rungColours = map[string]color.Color{
	"order0": color.RGBA{150, 150, 150, 255}, "hold": color.RGBA{230, 159, 0, 255},
	"linear": color.RGBA{86, 180, 233, 255}, "quadratic": color.RGBA{0, 158, 115, 255},
	"vidlm": color.RGBA{204, 121, 167, 255}, "law": color.RGBA{213, 94, 0, 255},
}

// WriteDir writes a result (res) or a sweep (sw) into dir, which appears only when complete.
// On failure nothing is left: no part of dir, and no parent directory it created.
func WriteDir(dir string, force bool, res *Result, sw *SweepResult) (retErr error) {
	undo, err := tmpfile.MkdirAll(filepath.Dir(filepath.Clean(dir)), 0o755)
	if err != nil {
		return err
	}
	defer func() {
		if retErr != nil {
			undo()
		}
	}()
	d, err := report.CreateDir(dir, force)
	if err != nil {
		return err
	}
	defer d.Abort()
	var cfg *Config
	if res != nil {
		cfg = res.Config
	} else {
		cfg = sw.Points[0].Config
	}
	if err := writeConfig(d.Path("config.yaml"), cfg, sw); err != nil {
		// viper's message names the temporary directory: name the output instead.
		msg := err.Error()
		if i := strings.LastIndex(msg, ": "); i >= 0 && strings.Contains(msg, d.Path("")) {
			msg = msg[i+2:]
		}
		return fmt.Errorf("%s: %s", filepath.Join(dir, "config.yaml"), msg)
	}
	var files []string
	if res != nil {
		files = []string{"learning.png", "track.png"}
		if err := d.WriteFile("results.json", func(w io.Writer) error { return writeJSON(w, res) }); err != nil {
			return err
		}
		if err := d.WriteFile("results.md", func(w io.Writer) error { return writeMarkdown(w, res) }); err != nil {
			return err
		}
		if err := d.WriteFile("learning.png", func(w io.Writer) error { return learningPlot(w, res) }); err != nil {
			return err
		}
		if err := d.WriteFile("track.png", func(w io.Writer) error { return trackPlot(w, res) }); err != nil {
			return err
		}
		if res.Video != nil {
			if err := writeVideoFiles(d, res); err != nil {
				return err
			}
		}
	} else {
		files = []string{"sweep.png"}
		if err := d.WriteFile("results.json", func(w io.Writer) error { return writeJSON(w, sw) }); err != nil {
			return err
		}
		if err := d.WriteFile("results.md", func(w io.Writer) error { return writeSweepMarkdown(w, sw) }); err != nil {
			return err
		}
		if err := d.WriteFile("sweep.png", func(w io.Writer) error { return sweepPlot(w, sw) }); err != nil {
			return err
		}
	}
	if err := d.WriteFile("index.html", func(w io.Writer) error { return writeHTML(w, res, sw, files) }); err != nil {
		return err
	}
	return d.Commit()
}

func writeJSON(w io.Writer, v any) error {
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	return e.Encode(v)
}

func writeConfig(path string, c *Config, sw *SweepResult) error {
	v := viper.New()
	for k, x := range c.settings() {
		v.Set(k, x)
	}
	version, commit := Version()
	v.Set("vidlm.version", version)
	v.Set("vidlm.commit", commit)
	v.Set("vidlm.source", c.File)
	if commit == "unknown" {
		// A binary built without VCS stamping (-buildvcs=false): record the commit of the
		// checkout the config came from, when there is one.
		dir := filepath.Dir(c.File)
		if _, err := os.Stat(dir); err != nil {
			dir = "."
		}
		if out, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output(); err == nil {
			v.Set("vidlm.source_commit", strings.TrimSpace(string(out)))
		}
	}
	if sw != nil {
		v.Set("vidlm.sweep", sw.Sweep.Key+"="+strings.Join(sw.Sweep.Values, ","))
	}
	if err := v.WriteConfigAs(path); err != nil {
		return err
	}
	// A note for the reader on top.
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	head := "# The configuration this result was made with (every default filled in); the vidlm keys\n" +
		"# record the vidlm that made it. Rerun: vidlm experiment config.yaml -o DIR\n" +
		"# (a sweep: add --set with the vidlm.sweep value).\n"
	return os.WriteFile(path, append([]byte(head), b...), 0o644)
}

func f2(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
func f4(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

func thousands(x float64) string {
	s := strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// tables returns the result's tables as rows of cells (header first), for Markdown and HTML.
func (r *Result) tables() (rungs [][]string, params [][]string) {
	rungs = [][]string{{"rung", "bits", "bits/value", "ratio to floor", "ratio, 2nd half", "encode s", "decode s", "round trip"}}
	rungs = append(rungs, []string{"floor (exact)", thousands(r.FloorBits), f4(r.FloorPerVal), "1.0000", "1.0000", "", "", ""})
	rungs = append(rungs, []string{"oracle coder (knows the truth)", thousands(r.OracleBits), f4(r.OracleBits / float64(r.Values)), f4(r.OracleBits / r.FloorBits), "", "", "", "ok"})
	for _, g := range r.Rungs {
		half := ""
		if h, ok := r.SecondHalf[g.Rung]; ok {
			half = f4(h)
		}
		rt := "ok"
		if !g.RoundTrip {
			rt = "FAILED"
		}
		name := g.Rung
		if g.Law != nil {
			name += " (" + g.Law.Law + ")"
		}
		rungs = append(rungs, []string{name, thousands(g.Bits), f4(g.BitsPerSample), f4(g.RatioToFloor), half, f2(g.EncodeSeconds), f2(g.DecodeSeconds), rt})
	}
	for _, g := range r.Rungs {
		if g.Law == nil {
			continue
		}
		params = [][]string{{"parameter", "learned", "true", "error"}}
		for _, p := range g.Law.Params {
			tr, er := "", ""
			if !math.IsNaN(p.True) {
				tr = strconv.FormatFloat(p.True, 'g', 6, 64)
			}
			if !math.IsNaN(p.RelError) {
				er = fmt.Sprintf("%+.3f %%", 100*p.RelError)
			}
			name := p.Name
			if p.Unit != "" {
				name += " (" + p.Unit + ")"
			}
			params = append(params, []string{name, strconv.FormatFloat(p.Learned, 'g', 6, 64), tr, er})
		}
	}
	return rungs, params
}

func mdTable(w io.Writer, rows [][]string) {
	for i, r := range rows {
		fmt.Fprintf(w, "| %s |\n", strings.Join(r, " | "))
		if i == 0 {
			seps := make([]string, len(r))
			for j := range seps {
				seps[j] = "---"
				if j > 0 {
					seps[j] = "---:"
				}
			}
			fmt.Fprintf(w, "|%s|\n", strings.Join(seps, "|"))
		}
	}
	fmt.Fprintln(w)
}

func writeMarkdown(w io.Writer, r *Result) error {
	fmt.Fprintf(w, "# %s: %s\n\n", r.Name, r.Doc)
	p := r.Config.Params
	fmt.Fprintf(w, "%d samples of %s every %g s, %d-bit ADC of step %g, Gaussian noise σ = %g LSB before rounding; data SHA-256 %s; CSV %s bytes. Run time %.1f s.\n\n",
		r.Samples, strings.Join(r.Dims, ", "), p["dt"], int(p["adc_bits"]), p["adc_step"], p["noise"], r.DataSHA256[:16], thousands(float64(r.CSVBytes)), r.Seconds)
	rungs, params := r.tables()
	fmt.Fprintf(w, "## Sensor log\n\n")
	fmt.Fprintf(w, "%s\n\n", measuredNote(r.Samples))
	mdTable(w, rungs)
	if params != nil {
		for _, g := range r.Rungs {
			if g.Law != nil {
				fmt.Fprintf(w, "The law rung chose **%s** (prequential MDL among %d candidate laws × gains). Learned parameters:\n\n", g.Law.Law, len(g.Law.Candidates))
			}
		}
		mdTable(w, params)
	}
	if r.Video != nil {
		writeVideoMarkdown(w, r)
	}
	fmt.Fprintf(w, "Figures: learning.png (cumulative excess over the floor), track.png.\n")
	return nil
}

func writeSweepMarkdown(w io.Writer, sw *SweepResult) error {
	p0 := sw.Points[0]
	fmt.Fprintf(w, "# %s: sweep of %s\n\n", p0.Name, sw.Sweep.Key)
	rows := [][]string{{sw.Sweep.Key, "floor bits"}}
	for _, g := range p0.Rungs {
		rows[0] = append(rows[0], g.Rung+" bits", g.Rung+" ratio")
	}
	for i, p := range sw.Points {
		row := []string{sw.Sweep.Values[i], thousands(p.FloorBits)}
		for _, g := range p.Rungs {
			row = append(row, thousands(g.Bits), f4(g.RatioToFloor))
		}
		rows = append(rows, row)
	}
	mdTable(w, rows)
	fmt.Fprintf(w, "Figure: sweep.png (ratio to the floor against %s).\n", sw.Sweep.Key)
	return nil
}

func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.Left = true
	return p
}

// learningPlot: cumulative bits above the floor against samples, one line per rung (log
// scale; a rung that has understood the world runs flat).
func learningPlot(w io.Writer, r *Result) error {
	p := newPlot(r.Name+": cumulative bits above the floor", "samples", "bits above the floor (log)")
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	floorCum := make([]float64, len(r.floor))
	var s float64
	for i, h := range r.floor {
		s += h
		floorCum[i] = s
	}
	step := max(1, len(floorCum)/1000)
	for _, g := range r.Rungs {
		if len(g.Cumulative) != len(floorCum) {
			continue
		}
		var pts plotter.XYs
		for i := step - 1; i < len(floorCum); i += step {
			pts = append(pts, plotter.XY{X: float64(i + 1), Y: max(g.Cumulative[i]-floorCum[i], 1)})
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		l.Color = rungColours[g.Rung]
		l.Width = vg.Points(2)
		p.Add(l)
		p.Legend.Add(g.Rung, l)
	}
	return report.WritePlotPNG(w, p, 800, 500)
}

// trackPlot: the true trajectory, the noisy samples and (with a video) the track GoCV
// recovered from the frames, in the sensor's coordinates.
func trackPlot(w io.Writer, r *Result) error {
	wd := r.world
	oneD := len(r.Dims) == 1
	xl, yl := r.Dims[0]+" (LSB)", ""
	if oneD {
		xl, yl = "sample", r.Dims[0]+" (LSB)"
	} else {
		yl = r.Dims[1] + " (LSB)"
	}
	p := newPlot(r.Name+": trajectory", xl, yl)
	var truth, obs plotter.XYs
	n := len(wd.Truth)
	stride := max(1, n/3000)
	for t := 0; t < n; t++ {
		var tp, op plotter.XY
		if oneD {
			tp = plotter.XY{X: float64(t), Y: float64(wd.Truth[t][0]) / 65536}
			op = plotter.XY{X: float64(t), Y: float64(wd.Obs[t][0])}
		} else {
			tp = plotter.XY{X: float64(wd.Truth[t][0]) / 65536, Y: float64(wd.Truth[t][1]) / 65536}
			op = plotter.XY{X: float64(wd.Obs[t][0]), Y: float64(wd.Obs[t][1])}
		}
		truth = append(truth, tp)
		if t%stride == 0 {
			obs = append(obs, op)
		}
	}
	sc, err := plotter.NewScatter(obs)
	if err != nil {
		return err
	}
	sc.GlyphStyle.Radius = vg.Points(1)
	sc.GlyphStyle.Color = color.RGBA{120, 120, 220, 255}
	p.Add(sc)
	p.Legend.Add("noisy samples", sc)
	l, err := plotter.NewLine(truth)
	if err != nil {
		return err
	}
	l.Color = color.Black
	l.Width = vg.Points(1)
	p.Add(l)
	p.Legend.Add("truth", l)
	if r.Video != nil && len(r.Video.Recovered) > 0 {
		var rec plotter.XYs
		for i, q := range r.Video.Recovered {
			if oneD {
				rec = append(rec, plotter.XY{X: float64(i * r.Config.Video.Every), Y: q[0]})
			} else {
				rec = append(rec, plotter.XY{X: q[0], Y: q[1]})
			}
		}
		rs, err := plotter.NewScatter(rec)
		if err != nil {
			return err
		}
		rs.GlyphStyle.Radius = vg.Points(2.5)
		rs.GlyphStyle.Color = color.RGBA{213, 94, 0, 255}
		rs.GlyphStyle.Shape = draw.CrossGlyph{}
		p.Add(rs)
		p.Legend.Add("recovered from the video (GoCV)", rs)
	}
	return report.WritePlotPNG(w, p, 700, 600)
}

func sweepPlot(w io.Writer, sw *SweepResult) error {
	p := newPlot(sw.Points[0].Name+": ratio to the floor", sw.Sweep.Key, "bits / floor")
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	xs := make([]float64, len(sw.Points))
	for i, v := range sw.Sweep.Values {
		xs[i], _ = strconv.ParseFloat(v, 64)
	}
	for k, g := range sw.Points[0].Rungs {
		var pts plotter.XYs
		for i, pt := range sw.Points {
			pts = append(pts, plotter.XY{X: xs[i], Y: pt.Rungs[k].RatioToFloor})
		}
		sort.Slice(pts, func(a, b int) bool { return pts[a].X < pts[b].X })
		l, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			return err
		}
		l.Color, sc.Color = rungColours[g.Rung], rungColours[g.Rung]
		l.Width = vg.Points(2)
		p.Add(l, sc)
		p.Legend.Add(g.Rung, l, sc)
	}
	return report.WritePlotPNG(w, p, 800, 500)
}

// writeHTML writes one static page (no scripts, no external assets) with the tables and
// every figure.
func writeHTML(w io.Writer, r *Result, sw *SweepResult, figures []string) error {
	title := ""
	if r != nil {
		title = r.Name + ": " + r.Doc
	} else {
		title = sw.Points[0].Name + ": sweep of " + sw.Sweep.Key
	}
	page := htmlpage.New(title)
	if r != nil {
		p := r.Config.Params
		page.Para("%d samples of %s every %g s, %d-bit ADC, noise σ = %g LSB. Run time %.1f s.",
			r.Samples, strings.Join(r.Dims, ", "), p["dt"], int(p["adc_bits"]), p["noise"], r.Seconds)
		rungs, params := r.tables()
		page.Heading(2, "Sensor log")
		page.Table(rungs)
		if params != nil {
			page.Heading(3, "Parameters the law rung learned")
			page.Table(params)
		}
		if r.Video != nil {
			page.Heading(2, "Video")
			page.Table(r.Video.table())
		}
	} else {
		var md strings.Builder
		writeSweepMarkdown(&md, sw)
		var rows [][]string
		for _, line := range strings.Split(md.String(), "\n") {
			if !strings.HasPrefix(line, "|") || strings.HasPrefix(line, "|---") {
				continue
			}
			var cells []string
			for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
				cells = append(cells, strings.TrimSpace(c))
			}
			rows = append(rows, cells)
		}
		page.Table(rows)
	}
	for _, f := range figures {
		page.Image(f)
	}
	links := []string{"results.md", "results.json", "config.yaml"}
	if r != nil && r.Video != nil {
		links = append(links, r.Video.files()...)
	}
	page.Links(links...)
	_, err := page.WriteTo(w)
	return err
}

// WriteTable prints the result's tables (as results.md has them).
func WriteTable(w io.Writer, r *Result) {
	rungs, params := r.tables()
	fmt.Fprintf(w, "%s: %s\n\n", r.Name, r.Doc)
	mdTable(w, rungs)
	if params != nil {
		mdTable(w, params)
	}
	if r.Video != nil {
		mdTable(w, r.Video.table())
		if r.Video.Tracker != "" {
			fmt.Fprintf(w, "track recovered by %s: RMS error %.3f px\n\n", r.Video.Tracker, r.Video.TrackRMS)
		}
	}
	fmt.Fprintf(w, "%.1f s\n", r.Seconds)
}

// WriteSweepTable prints a sweep's table.
func WriteSweepTable(w io.Writer, sw *SweepResult) { writeSweepMarkdown(w, sw) }

// ladderRungs are the rungs whose bits should fall as understanding grows.
var ladderRungs = []string{"order0", "hold", "linear", "law"}

// LadderOrdered says whether the rungs' bits fall in the order of understanding
// (order0 ≥ hold ≥ linear ≥ law): "yes", "no (a < b)" naming the first pair out of order, or
// "" when the ladder lacks one of them.
func (r *Result) LadderOrdered() string {
	bits := map[string]float64{}
	for _, g := range r.Rungs {
		bits[g.Rung] = g.Bits
	}
	for i, k := range ladderRungs {
		if _, ok := bits[k]; !ok {
			return ""
		}
		if i > 0 && bits[ladderRungs[i-1]] < bits[k] {
			return fmt.Sprintf("no (%s < %s)", ladderRungs[i-1], k)
		}
	}
	return "yes"
}

// measuredNote says what the figures of a table measure.
func measuredNote(n int) string {
	return fmt.Sprintf("Bits are the whole coded stream of the %s samples, learning included (every rung starts knowing nothing; the arithmetic coder's final bytes are counted); the ratio is those bits over the exact floor of the same %s samples. \"2nd half\" counts only the bits of samples %s to %s, against their floor: the rate once learned.",
		thousands(float64(n)), thousands(float64(n)), thousands(float64(n/2+1)), thousands(float64(n)))
}

// WriteSummary writes the table of several worlds: the floor, each rung's bits and ratio to
// the floor, the parameters the law learned, the video.
func WriteSummary(w io.Writer, rs []*Result) {
	head := []string{"world", "floor bits"}
	for _, g := range rs[0].Rungs {
		head = append(head, g.Rung)
	}
	head = append(head, "order0 ≥ hold ≥ linear ≥ law")
	rows := [][]string{head}
	for _, r := range rs {
		row := []string{r.Name, thousands(r.FloorBits)}
		for _, g := range r.Rungs {
			row = append(row, fmt.Sprintf("%s (%s)", thousands(g.Bits), f4(g.RatioToFloor)))
		}
		row = append(row, r.LadderOrdered())
		rows = append(rows, row)
	}
	fmt.Fprintf(w, "Bits of each rung on each world's sensor log (ratio to the floor in brackets). %s\n\n", measuredNote(rs[0].Samples))
	mdTable(w, rows)
	prow := [][]string{{"world", "law chosen", "law, 2nd half / floor", "parameter", "learned", "true", "error"}}
	for _, r := range rs {
		for _, g := range r.Rungs {
			if g.Law == nil {
				continue
			}
			for _, p := range g.Law.Params {
				tr, er := "", ""
				if !math.IsNaN(p.True) {
					tr = strconv.FormatFloat(p.True, 'g', 6, 64)
					er = fmt.Sprintf("%+.3f %%", 100*p.RelError)
				}
				prow = append(prow, []string{r.Name, g.Law.Law, f4(r.SecondHalf["law"]), p.Name, strconv.FormatFloat(p.Learned, 'g', 6, 64), tr, er})
			}
		}
	}
	if len(prow) > 1 {
		fmt.Fprintf(w, "Parameters the law rung learned:\n\n")
		mdTable(w, prow)
	}
	vrow := [][]string{{"world", "video floor bits/px", "vidlm bits/px", "vidlm / floor", "background bits/px", "background / floor", "GoCV track RMS (px)", "run time (s)"}}
	for _, r := range rs {
		if v := r.Video; v != nil {
			vrow = append(vrow, []string{r.Name, f4(v.FloorPerPix), f4(v.VidlmPerPix), f4(v.VidlmRatio), f4(v.BackgroundPerPix), f4(v.BackgroundRatio), f4(v.TrackRMS), f2(r.Seconds)})
		}
	}
	if len(vrow) > 1 {
		fmt.Fprintf(w, "Video:\n\n")
		mdTable(w, vrow)
	}
}
