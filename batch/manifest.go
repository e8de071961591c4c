package batch

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// WriteManifest writes the manifest (one JSON line per record, sorted by input) and the
// summary table into the output directory out.
func WriteManifest(out string, recs []Record) error {
	sort.Slice(recs, func(i, j int) bool { return recs[i].Input < recs[j].Input })
	if err := writeFileAtomic(filepath.Join(out, ManifestName), jsonLines(recs)); err != nil {
		return err
	}
	var sum bytes.Buffer
	Summary(&sum, recs)
	return writeFileAtomic(filepath.Join(out, SummaryName), sum.Bytes())
}

// Summary writes the table of records: one row per input, then the totals by status.
func Summary(w io.Writer, recs []Record) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "input\tkind\tinput bytes\toutput bytes\tratio\tbits/px\tbits/value\tseconds\tstatus\t")
	var in, out int64
	var secs float64
	status := map[string]int{}
	var errs []string
	for _, r := range recs {
		status[r.Status]++
		secs += r.Seconds
		bpp, bpv, ratio := "", "", ""
		if r.Status != StatusFailed {
			in += r.InputSize
			out += r.OutputSize
			ratio = fmt.Sprintf("%.2f%%", 100*r.Ratio)
			if r.BitsPerPixel > 0 {
				bpp = fmt.Sprintf("%.4f", r.BitsPerPixel)
			}
			if r.BitsPerValue > 0 {
				bpv = fmt.Sprintf("%.3f", r.BitsPerValue)
			}
		} else {
			errs = append(errs, r.Error)
		}
		st := r.Status
		if r.Split {
			st += fmt.Sprintf(" (%d segments split)", r.Segments)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%s\t%.1f\t%s\t\n", r.Input, r.Kind, r.InputSize, r.OutputSize, ratio, bpp, bpv, r.Seconds, st)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d files: %d ok, %d skipped (done before, verified), %d failed; %d bytes → %d bytes (%.2f%%) for those done; %.1f s of work\n",
		len(recs), status[StatusOK], status[StatusSkipped], status[StatusFailed], in, out, 100*float64(out)/float64(max(in, 1)), secs)
	if len(errs) > 0 {
		fmt.Fprintf(w, "failed:\n  %s\n", strings.Join(errs, "\n  "))
	}
}
