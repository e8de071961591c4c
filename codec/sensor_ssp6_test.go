package codec

import (
	"bytes"
	"testing"
)

// TestBytesPassSameAsWhole (ssp6): the bytes block the trial codes after its estimates, going
// on from where their pass stopped, is the block coded whole from a fresh byte model (the
// coding before ssp6), byte for byte, with checks inside and beyond the estimates' bytes,
// under both byte models; and the estimates are bytesCost's.
func TestBytesPassSameAsWhole(t *testing.T) {
	data := wideWalkLog(20, 96<<10)
	for _, v1 := range []bool{true, false} {
		e := &SensorEncoder{bytesV1: v1, model: sensorModelV17, threads: 1}
		e.freshBytes()
		whole := NewBitEncoder(nil)
		e.bytes.Reserve(len(data))
		scr := append([]byte{}, data...)
		codeBytes(whole, e.bytes, scr)
		want := whole.Finish()

		e.freshBytes()
		c0 := bytesCost(e.bytes, data[:bytesFirstBytes], nil)
		c2 := c0 + bytesCost(e.bytes, data[bytesFirstBytes:bytesTrialBytes], nil)

		e.freshBytes()
		tr := &bytesTrial{e: e, data: data, size: len(data), rows: 64, n0: bytesFirstBytes, n1: bytesTrialBytes / 4, n: bytesTrialBytes}
		// Checks every 6 KiB: five inside the estimates' 32 KiB, the others after.
		for k := 0; k < bytesChecks-1; k++ {
			tr.checkRow[k], tr.checkOff[k] = 4*(k+1), (6<<10)*(k+1)
			tr.checkAt[k].Store(1) // the cells at 0 bytes at every check: never given up
			tr.checks++
		}
		tr.final.Store(1 << 40)
		tr.computeE0()
		tr.computeE1()
		tr.computeE2()
		if tr.c0 != c0 || tr.e2 != c2/CostUnit/8*uint64(len(data))/bytesTrialBytes {
			t.Errorf("v1 %v: c0 %d, E2 %d: want %d and %d", v1, tr.c0, tr.e2, c0, c2/CostUnit/8*uint64(len(data))/bytesTrialBytes)
		}
		if !tr.computeCoded(false) || tr.lost {
			t.Fatalf("v1 %v: the block was given up", v1)
		}
		if !bytes.Equal(tr.coded, want) {
			t.Errorf("v1 %v: the block differs from its coding whole (%d bytes, want %d)", v1, len(tr.coded), len(want))
		}
	}
}
