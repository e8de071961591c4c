package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestInfoMixedBlocks: `vidlm info` of a log of which some blocks are bytes blocks and some
// cell blocks says, on the bits/value line, that the figure covers the cell blocks only and
// how many bytes of the file the bytes blocks take (it printed the cell blocks' figure as if
// it were the whole log's); --json carries the same counts.
func TestInfoMixedBlocks(t *testing.T) {
	dir := t.TempDir()
	csv, err := os.ReadFile("../../testdata/imu_fusion.csv")
	if err != nil {
		t.Fatal(err)
	}
	// a cell block of the CSV's first MiB of rows (a block ends at the first row end past
	// 1 MiB of data rows), then a bytes block of a receiver log
	head := bytes.IndexByte(csv, '\n') + 1
	csv = csv[:head+1<<20+bytes.IndexByte(csv[head+1<<20:], '\n')+1]
	log := append(bytes.Clone(csv), testlog.ReceiverLog(64<<10)...)
	in, vlm := filepath.Join(dir, "mixed.log"), filepath.Join(dir, "mixed.vlm")
	write(t, in, log)
	if code, _, stderr := vidlmRun(t, nil, "encode", "-q", "--kind", "sensor", in, "-o", vlm); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := vidlmRun(t, nil, "info", vlm)
	if code != 0 {
		t.Fatal(stderr)
	}
	line := regexp.MustCompile(`(?m)^  bits/value .*$`).FindString(stdout)
	m := regexp.MustCompile(`^  bits/value   [0-9.]+ over the cell blocks only \(1 of 2 blocks\); the 1 bytes block \(([0-9]+) rows\) takes ([0-9]+) bytes of the file, coded by the byte model, its surprise not measured$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("info: bits/value line %q\n%s", line, stdout)
	}
	var rep infoReport
	code, js, _ := vidlmRun(t, nil, "info", "--json", vlm)
	if code != 0 || json.Unmarshal([]byte(js), &rep) != nil || len(rep.Streams) != 1 {
		t.Fatalf("info --json: exit %d %s", code, js)
	}
	s := rep.Streams[0]
	fileBytes, _ := strconv.ParseInt(m[2], 10, 64)
	rows, _ := strconv.ParseInt(m[1], 10, 64)
	if s.Blocks != 2 || s.BytesBlocks != 1 || s.BytesBlockFileBytes != fileBytes || s.BytesBlockRows != rows ||
		fileBytes < 5000 || fileBytes > rep.SizeBytes/2 || rows <= 0 || rows >= s.Rows || s.BitsPerValue <= 0 {
		t.Errorf("json: %d blocks, %d bytes blocks of %d rows, %d bytes (file %d, %d rows), %.3f bits/value; text %q",
			s.Blocks, s.BytesBlocks, s.BytesBlockRows, s.BytesBlockFileBytes, rep.SizeBytes, s.Rows, s.BitsPerValue, line)
	}
	// the cells counted are the CSV's alone
	cells := 0
	for _, c := range s.Columns {
		cells += c.Cells
	}
	if dataRows := strings.Count(string(csv), "\n") - 1; cells != 10*dataRows || s.Rows-rows != int64(dataRows) {
		t.Errorf("%d cells, %d rows besides the bytes block's, for the CSV's %d rows of 10 cells", cells, s.Rows-rows, dataRows)
	}
}
