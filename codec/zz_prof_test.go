package codec

import (
	"bytes"
	"os"
	"testing"
)

func TestZZProf(t *testing.T) {
	p := os.Getenv("PROF_FILE")
	if p == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(p)
	var buf bytes.Buffer
	for i := 0; i < 4; i++ {
		buf.Reset()
		e, _ := NewSensorEncoder(&buf)
		e.Write(data)
		e.Close()
	}
	if os.Getenv("PROF_DEC") != "" {
		d, _ := NewDecoder(bytes.NewReader(buf.Bytes()))
		var out bytes.Buffer
		out.ReadFrom(d)
	}
}
