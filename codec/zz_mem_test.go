package codec

import (
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
)

func TestZZDecAlloc(t *testing.T) {
	f, err := os.Open(os.Getenv("ZZVLM"))
	if err != nil {
		t.Skip()
	}
	defer f.Close()
	runtime.MemProfileRate = 16 << 10
	d, err := NewDecoder(f, WithThreads(2))
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, d)
	runtime.GC()
	pf, _ := os.Create("/tmp/zzalloc.prof")
	pprof.Lookup("allocs").WriteTo(pf, 0)
	pf.Close()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("n=%d err=%v total alloc %d MB", n, err, ms.TotalAlloc>>20)
}
