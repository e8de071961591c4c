package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
	"github.com/vidlm/vidlm/report"
)

// TestReportBytesBlocks: the report of a log coded as bytes blocks says that their surprise
// is not measured (it was shown as 0 bits, as if the log cost nothing), in its summary line
// and metrics.json; vidlm info says so too.
func TestReportBytesBlocks(t *testing.T) {
	dir := t.TempDir()
	in, vlm, rep := filepath.Join(dir, "gnss.log"), filepath.Join(dir, "gnss.vlm"), filepath.Join(dir, "rep")
	write(t, in, testlog.ReceiverLog(48<<10))
	if code, _, stderr := vidlmRun(t, nil, "encode", "-q", "--kind", "sensor", in, "-o", vlm); code != 0 {
		t.Fatal(stderr)
	}
	code, _, stderr := vidlmRun(t, nil, "report", vlm, "-o", rep)
	if code != 0 || !strings.Contains(stderr, "1 of 1 blocks") || !strings.Contains(stderr, "surprise is not measured") {
		t.Fatalf("exit %d, %q; want the bytes block named as not measured", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(rep, report.MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	var m report.SensorMetrics
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Totals.UnmeasuredBlocks != 1 || m.Totals.UnmeasuredRows != m.Rows || m.Totals.UnmeasuredPayloadBytes == 0 || !m.Blocks[0].Unmeasured {
		t.Errorf("metrics: %+v, block %+v", m.Totals, m.Blocks[0])
	}
	code, stdout, stderr := vidlmRun(t, nil, "info", vlm)
	if code != 0 || !strings.Contains(stdout, "bits/value   not measured") {
		t.Errorf("info: exit %d, %s %s", code, stdout, stderr)
	}
	// a log of cell blocks has no such line
	vidlmRun(t, nil, "encode", "-q", "../../testdata/co2_mauna_loa.csv", "-o", filepath.Join(dir, "log.vlm"))
	code, _, stderr = vidlmRun(t, nil, "report", filepath.Join(dir, "log.vlm"), "-o", filepath.Join(dir, "rep2"))
	if code != 0 || strings.Contains(stderr, "not measured") || !strings.Contains(stderr, "bits/value") {
		t.Errorf("cell blocks: exit %d, %q", code, stderr)
	}
}
