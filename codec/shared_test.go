package codec

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// Files that several tests encode from the same log with the same options (the bytes-block
// tests' logs of more than one block: each costs seconds of the byte model and the cells)
// are encoded once per test binary and shared: the tests read them, never change them.

// sharedFile is one log's file under the default options and a number of threads.
type sharedFile struct {
	once sync.Once
	log  []byte
	vlm  []byte
	enc  *SensorEncoder
	err  error

	decOnce sync.Once
	out     []byte // what a Decoder of two threads gives back (sharedDecoded)
	stats   string // its SensorStats
	decErr  error
}

var (
	sharedMu    sync.Mutex
	sharedFiles = map[string]*sharedFile{}
)

// sharedSensorFile returns the file of the log that makeLog makes, coded by a SensorEncoder
// of the default options and the threads given (the file is the same for any threads:
// TestSensorBytesTrialThreads), and the encoder; name names the log and threads (one name,
// one log).
func sharedSensorFile(t testing.TB, name string, makeLog func() []byte, threads int) (log, vlm []byte, enc *SensorEncoder) {
	t.Helper()
	f := sharedEntry(name, threads)
	f.once.Do(func() {
		f.log = makeLog()
		var buf bytes.Buffer
		e, err := NewSensorEncoder(&buf, WithFileID(testFileID), WithThreads(threads))
		if err == nil {
			_, err = e.Write(f.log)
		}
		if err == nil {
			err = e.Close()
		}
		f.vlm, f.enc, f.err = buf.Bytes(), e, err
	})
	if f.err != nil {
		t.Fatalf("%s, %d threads: %v", name, threads, f.err)
	}
	return f.log, f.vlm, f.enc
}

// sharedDecoded returns what a Decoder of two threads gives back of the shared file of name
// and threads (sharedSensorFile, which must have made it), and its SensorStats printed.
func sharedDecoded(t testing.TB, name string, threads int) (out []byte, stats string) {
	t.Helper()
	f := sharedEntry(name, threads)
	if f.vlm == nil {
		t.Fatalf("%s, %d threads: no shared file", name, threads)
	}
	f.decOnce.Do(func() {
		d, err := NewDecoder(bytes.NewReader(f.vlm), WithThreads(2))
		if err == nil && d.Kind() != KindSensor {
			err = fmt.Errorf("kind %v", d.Kind())
		}
		if err == nil {
			f.out, err = io.ReadAll(d)
			f.stats = fmt.Sprint(d.SensorStats())
		}
		f.decErr = err
	})
	if f.decErr != nil {
		t.Fatalf("%s, %d threads: decoding: %v", name, threads, f.decErr)
	}
	return f.out, f.stats
}

func sharedEntry(name string, threads int) *sharedFile {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	key := fmt.Sprintf("%s/%d", name, threads)
	f := sharedFiles[key]
	if f == nil {
		f = &sharedFile{}
		sharedFiles[key] = f
	}
	return f
}

// mixedBytesLog is a log of three blocks: cells (a CSV), bytes (a receiver's binary and
// text), cells again (TestSensorBytesBlockMixed, TestSensorBytesTrialThreads,
// TestSensorBytesDecodeThreads).
func mixedBytesLog() []byte {
	csv := syntheticLog(30000)
	var log []byte
	for len(log) < 1<<20+1000 {
		log = append(log, csv...)
	}
	log = append(log, testlog.ReceiverLog(1<<20)...)
	return append(log, csv[bytes.IndexByte(csv, '\n')+1:]...)
}

// twoBytesBlocksLog is a receiver's log of two blocks, both bytes blocks
// (TestSensorBytesBlock, TestSensorBytesDecodeThreads).
func twoBytesBlocksLog() []byte { return testlog.ReceiverLog(1<<20 + 100<<10) }
