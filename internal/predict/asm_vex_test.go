package predict

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// legacySSE matches an instruction without a VEX encoding that names an X register: MOVQ AX,
// X1 or MOVQ X0, AX, PXOR X0, X0, MOVOU (SI), X1...
var legacySSE = regexp.MustCompile(`^\s*([A-Z][A-Z0-9]*)\s.*\bX\d+\b`)

// TestAsmNoLegacySSEBesideAVX holds every assembly file that uses the 256-bit Y registers to
// VEX-encoded instructions on the X registers too. A legacy SSE instruction (MOVQ AX, X1)
// executed while a Y register's upper half is dirty costs a state transition: measured on
// this project's 2-core Xeon host, 125 ns per call instead of 3 (the video model's four
// per-sample kernels made the default preset 4 times slower than it is).
func TestAsmNoLegacySSEBesideAVX(t *testing.T) {
	files, err := filepath.Glob("*_amd64.s")
	if err != nil || len(files) == 0 {
		t.Fatalf("no assembly files: %v", err)
	}
	headers, err := filepath.Glob("*_amd64.h") // the macros the assembly files include
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, headers...)
	checked := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`\bY\d+\b`).Match(data) {
			continue // SSE only (casc16_amd64.s): no upper halves to dirty
		}
		checked++
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		for n := 1; sc.Scan(); n++ {
			line, _, _ := strings.Cut(sc.Text(), "//")
			line = strings.TrimSuffix(strings.TrimSpace(line), `\`)
			m := legacySSE.FindStringSubmatch(line)
			if m == nil || strings.HasPrefix(m[1], "V") {
				continue
			}
			t.Errorf("%s:%d: %q is legacy SSE on an X register in a file with AVX (use the V form)", name, n, strings.TrimSpace(line))
		}
	}
	if checked == 0 {
		t.Fatal("no assembly file with Y registers was checked")
	}
}
