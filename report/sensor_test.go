package report

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/htmlpage/htmltest"
)

// fakeSensorCodec stands in for the sensor codec: it yields blocks whose per-column costs
// fall as its "model" learns (a timestamp that becomes nearly free, a noisy channel that
// stays costly, a slow one between) and whose bytes are what an arithmetic coder would write
// for that cost, plus a small header.
type fakeSensorCodec struct {
	columns []string
	blocks  []SensorBlock
	totals  codec.SurpriseTotals
}

func newFakeSensorCodec(nblocks, rows int) *fakeSensorCodec {
	f := &fakeSensorCodec{columns: []string{"time", "accel_x", "temp, °C"}}
	f.totals.Cost = make([]uint64, len(f.columns)+1)
	for i := 0; i < nblocks; i++ {
		learn := 1 / (1 + float64(i)) // costs fall as the model learns
		perValue := []float64{0.2 + 6*learn, 9 + 2*learn, 1 + 3*learn}
		b := SensorBlock{Rows: rows, RawBytes: rows * 30, OtherCost: uint64(rows) * codec.CostUnit / 10}
		var sum uint64
		for c, v := range perValue {
			cost := uint64(v * float64(rows) * codec.CostUnit)
			b.ColumnCost = append(b.ColumnCost, cost)
			f.totals.Cost[c] += cost
			sum += cost
		}
		f.totals.Cost[len(f.columns)] += b.OtherCost
		sum += b.OtherCost
		b.CoderBytes = int(sum/codec.CostUnit/8) + 5
		b.Bytes = b.CoderBytes + 4
		f.totals.PayloadBytes += uint64(b.Bytes)
		f.totals.CoderBytes += uint64(b.CoderBytes)
		f.blocks = append(f.blocks, b)
	}
	return f
}

func TestSensorReport(t *testing.T) {
	fake := newFakeSensorCodec(12, 4096)
	dir := filepath.Join(t.TempDir(), "rep")
	d, err := CreateDir(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	s := NewSensor(d, fake.columns, SensorOptions{Input: "fake.vlm"})
	for i := range fake.blocks {
		if err := s.AddBlock(&fake.blocks[i]); err != nil {
			t.Fatal(err)
		}
	}
	m, err := s.Finish(int64(fake.totals.PayloadBytes)+200, &fake.totals)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{CurveFile, ColumnsPlotFile} {
		decodePNG(t, filepath.Join(dir, name))
	}
	htmltest.Check(t, dir, 2)
	var mj SensorMetrics
	raw, _ := os.ReadFile(filepath.Join(dir, MetricsFile))
	if err := json.Unmarshal(raw, &mj); err != nil {
		t.Fatal(err)
	}
	if mj.Rows != 12*4096 || len(mj.Blocks) != 12 || len(mj.Columns) != 3 || mj.Trailer == nil || !mj.Trailer.Matches {
		t.Fatalf("metrics.json: %d rows, %d blocks, %d columns, trailer %+v", mj.Rows, len(mj.Blocks), len(mj.Columns), mj.Trailer)
	}
	if d := mj.Totals.PayloadOverSurprisePercent; d < 0 || d > 1 {
		t.Errorf("payload %+.3f%% off the surprise", d)
	}
	// The table: the timestamp learned most, the noisy channel holds most of the bits.
	time, accel := m.Columns[0], m.Columns[1]
	if time.FirstBlockBPV < 5 || time.LastBlockBPV > 1 || accel.SharePercent < 50 {
		t.Errorf("column table: %+v", m.Columns)
	}
	var share float64
	for _, c := range m.Columns {
		share += c.SharePercent
	}
	if other := 100 * mj.Totals.OtherBits / mj.Totals.SurpriseBits; math.Abs(share+other-100) > 1e-6 {
		t.Errorf("column shares add up to %.3f%% with %.3f%% other", share, other)
	}
	for name, want := range map[string]int{BlocksFile: 13, ColumnsTableFile: 5} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil || len(rows) != want {
			t.Errorf("%s: %d rows, want %d (%v)", name, len(rows), want, err)
		}
		if name == BlocksFile && rows[0][8] != "temp, °C_bits" {
			t.Errorf("blocks.csv header %q", rows[0])
		}
	}

	// Blocks with fewer or more columns than the header names (ragged rows) are reported,
	// the extra columns under names of their own.
	ragged := t.TempDir()
	d3, _ := CreateDir(filepath.Join(ragged, "r"), false)
	s3 := NewSensor(d3, []string{"a", "b"}, SensorOptions{})
	s3.AddBlock(&SensorBlock{Rows: 10, Bytes: 3, ColumnCost: []uint64{8 * codec.CostUnit}})
	s3.AddBlock(&SensorBlock{Rows: 10, Bytes: 5, ColumnCost: []uint64{8 * codec.CostUnit, 8 * codec.CostUnit, 8 * codec.CostUnit}})
	m3, err := s3.Finish(0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m3.Columns) != 3 || m3.Columns[2].Name != "column 3" || m3.Columns[1].Bits != 8 || m3.Totals.SurpriseBits != 32 {
		t.Errorf("ragged blocks: %+v, totals %+v", m3.Columns, m3.Totals)
	}

	// A block that makes no sense is refused, and nothing is left.
	dir2 := filepath.Join(t.TempDir(), "bad")
	d2, _ := CreateDir(dir2, false)
	s2 := NewSensor(d2, fake.columns, SensorOptions{})
	if err := s2.AddBlock(&SensorBlock{Rows: -1, ColumnCost: []uint64{1}}); err == nil {
		t.Error("a block with negative rows was accepted")
	}
	if _, err := s2.Finish(0, nil); err == nil {
		t.Error("Finish after a bad block succeeded")
	}
	if entries, _ := os.ReadDir(filepath.Dir(dir2)); len(entries) != 0 {
		t.Errorf("a failed report left %d entries", len(entries))
	}
}

// TestSensorSpans: blocks with windows are drawn per window; windows that do not add up to
// their block's rows are refused.
func TestSensorSpans(t *testing.T) {
	d, _ := CreateDir(filepath.Join(t.TempDir(), "w"), false)
	s := NewSensor(d, []string{"a"}, SensorOptions{})
	w := []SensorWindow{{Rows: 256, ColumnCost: []uint64{1}}, {Rows: 44, ColumnCost: []uint64{2}, OtherCost: 3}}
	if err := s.AddBlock(&SensorBlock{Rows: 300, ColumnCost: []uint64{3}, OtherCost: 3, Windows: w}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddBlock(&SensorBlock{Rows: 50, ColumnCost: []uint64{5}}); err != nil {
		t.Fatal(err)
	}
	w[0].ColumnCost[0] = 99 // AddBlock keeps a copy
	spans := s.spans()
	if len(spans) != 3 || spans[0].first != 0 || spans[1].first != 256 || spans[1].rows != 44 || spans[2].first != 300 ||
		spans[0].col(0) != 1 || spans[1].other != 3 || spans[2].col(0) != 5 || spans[2].col(1) != 0 {
		t.Fatalf("spans %+v", spans)
	}
	bad := NewSensor(d, []string{"a"}, SensorOptions{})
	if err := bad.AddBlock(&SensorBlock{Rows: 10, Windows: []SensorWindow{{Rows: 9}}}); err == nil {
		t.Fatal("windows of 9 rows in a block of 10 accepted")
	}
	d.Abort()
}

// TestSensorPageUnmeasured: index.html of a stream with bytes blocks (coded whole by the byte
// model, their surprise not measured) says so where it gives the figures, as the text report
// does, instead of showing their 0 bits as a measured surprise: with every block a bytes
// block the bits per value and the surprise read "not measured"; with some, the page names
// them and gives the cell blocks' own figure.
func TestSensorPageUnmeasured(t *testing.T) {
	page := func(blocks []SensorBlock) string {
		t.Helper()
		dir := filepath.Join(t.TempDir(), "rep")
		d, err := CreateDir(dir, false)
		if err != nil {
			t.Fatal(err)
		}
		s := NewSensor(d, []string{"a", "b"}, SensorOptions{Input: "log.vlm"})
		for i := range blocks {
			if err := s.AddBlock(&blocks[i]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Finish(0, nil); err != nil {
			t.Fatal(err)
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		htmltest.Check(t, dir, 2)
		b, err := os.ReadFile(filepath.Join(dir, PageFile))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	bytesBlock := SensorBlock{Rows: 100, Bytes: 700, CoderBytes: 690, RawBytes: 4000, Unmeasured: true}
	cells := SensorBlock{Rows: 50, Bytes: 104, CoderBytes: 100, RawBytes: 1000, ColumnCost: []uint64{400 * codec.CostUnit, 400 * codec.CostUnit}}

	all := page([]SensorBlock{bytesBlock, bytesBlock})
	for _, want := range []string{
		"200 rows, 2 columns: bits per value not measured: every block (2, 200 rows, payloads 1400 bytes) is a bytes block",
		"<td>summed surprise (an ideal coder)</td><td class=\"n\">not measured</td>",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("every block a bytes block: the page lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "0.000") || strings.Contains(all, "bits per value (surprise)") {
		t.Errorf("every block a bytes block: the page shows a surprise figure:\n%s", all)
	}

	some := page([]SensorBlock{cells, bytesBlock, cells})
	for _, want := range []string{
		// 1600 bits over 200 rows of 2 columns; over the cell blocks' 100 rows: 8
		"200 rows, 2 columns: 4.000 bits per value (surprise) counting the bytes blocks as 0 bits; 8.000 over the cell blocks alone (100 rows).",
		"1 of 3 blocks (100 rows, payloads 700 bytes) are bytes blocks, coded whole by the byte model: their surprise is not measured",
		"<td>summed surprise (cell blocks only; bytes blocks not measured)</td>",
	} {
		if !strings.Contains(some, want) {
			t.Errorf("some bytes blocks: the page lacks %q:\n%s", want, some)
		}
	}

	none := page([]SensorBlock{cells})
	if strings.Contains(none, "not measured") || !strings.Contains(none, "50 rows, 2 columns: 8.000 bits per value (surprise).") {
		t.Errorf("cell blocks only:\n%s", none)
	}
}
