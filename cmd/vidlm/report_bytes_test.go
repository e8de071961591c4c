package main

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/report"
)

// ubxLog is a GNSS receiver's log of binary UBX records, each followed by an NMEA line: the
// sensor encoder codes its blocks as bytes blocks (the byte model).
func ubxLog(n int) []byte {
	rng := rand.New(rand.NewPCG(3, 4))
	var log []byte
	rangeM := make([]float64, 12)
	for i := range rangeM {
		rangeM[i] = 2e7 + float64(i)*1e6
	}
	for e := 0; len(log) < n; e++ {
		sats := 6 + rng.IntN(6)
		rec := []byte{0xb5, 0x62, 0x02, 0x15}
		rec = binary.LittleEndian.AppendUint16(rec, uint16(16+32*sats))
		rec = binary.LittleEndian.AppendUint64(rec, math.Float64bits(1000+float64(e)*0.2))
		rec = append(rec, byte(sats), 1, 0, 0, 0, 0, 0, 0)
		for s := 0; s < sats; s++ {
			rangeM[s] += 150 + rng.Float64()*3
			rec = binary.LittleEndian.AppendUint64(rec, math.Float64bits(rangeM[s]))
			rec = binary.LittleEndian.AppendUint64(rec, math.Float64bits(rangeM[s]*5.25+rng.Float64()))
			rec = binary.LittleEndian.AppendUint32(rec, math.Float32bits(float32(-1200+rng.IntN(50))))
			rec = append(rec, 0, byte(s+3), 0, 0, byte(30+rng.IntN(20)), 0, 7, 7, 2, 3, 15, 0)
		}
		log = append(log, rec...)
		log = fmt.Appendf(log, "$GNGGA,%06d.00,4552.%05d,S,17030.%05d,E,1,%02d,0.71,%.1f,M,5.3,M,,*%02X\n",
			e%240000, 65000+rng.IntN(100), 12000+rng.IntN(100), sats, 80+rng.Float64(), rng.IntN(256))
	}
	return log
}

// TestReportBytesBlocks: the report of a log coded as bytes blocks says that their surprise
// is not measured (it was shown as 0 bits, as if the log cost nothing), in its summary line
// and metrics.json; vidlm info says so too.
func TestReportBytesBlocks(t *testing.T) {
	dir := t.TempDir()
	in, vlm, rep := filepath.Join(dir, "gnss.log"), filepath.Join(dir, "gnss.vlm"), filepath.Join(dir, "rep")
	write(t, in, ubxLog(48<<10))
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
