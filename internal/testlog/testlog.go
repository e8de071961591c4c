// Package testlog generates the synthetic sensor logs that the tests of several packages
// share, so that each codes the same bytes.
package testlog

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
)

// ReceiverLog is a synthetic receiver log of at least n bytes: binary records (a sync word, a length, records
// of 32 bytes holding slowly moving doubles and small ids, a checksum) between text lines, as
// a GPS receiver writes UBX and NMEA into one stream. The sensor encoder codes it as bytes
// blocks (the byte model); the same n gives the same bytes on every machine: each product
// is converted explicitly (float64(x*y)) so that no compiler fuses it with the sum into a
// multiply-add (arm64, GOAMD64=v3), which would change the log and the golden file made of it.
func ReceiverLog(n int) []byte {
	var log bytes.Buffer
	rng := rand.New(rand.NewPCG(3, 4))
	rangeM := make([]float64, 12)
	for i := range rangeM {
		rangeM[i] = 2e7 + float64(float64(i)*1e6)
	}
	for e := 0; log.Len() < n; e++ {
		sats := 6 + rng.IntN(6)
		rec := []byte{0xb5, 0x62, 0x02, 0x15}
		rec = binary.LittleEndian.AppendUint16(rec, uint16(16+32*sats))
		rec = binary.LittleEndian.AppendUint64(rec, math.Float64bits(1000+float64(float64(e)*0.2)))
		rec = append(rec, byte(sats), 1, 0, 0, 0, 0, 0, 0)
		for s := 0; s < sats; s++ {
			rangeM[s] += 150 + float64(rng.Float64()*3)
			rec = binary.LittleEndian.AppendUint64(rec, math.Float64bits(rangeM[s]))
			rec = binary.LittleEndian.AppendUint64(rec, math.Float64bits(float64(rangeM[s]*5.25)+rng.Float64()))
			rec = binary.LittleEndian.AppendUint32(rec, math.Float32bits(float32(-1200+rng.IntN(50))))
			rec = append(rec, 0, byte(s+3), 0, 0, byte(30+rng.IntN(20)), 0, 7, 7, 2, 3, 15, 0)
		}
		var a, b byte
		for _, x := range rec[2:] {
			a += x
			b += a
		}
		log.Write(append(rec, a, b))
		fmt.Fprintf(&log, "$GNGGA,%06d.00,4552.%05d,S,17030.%05d,E,1,%02d,0.71,%.1f,M,5.3,M,,*%02X\n",
			e%240000, 65000+rng.IntN(100), 12000+rng.IntN(100), sats, 80+rng.Float64(), rng.IntN(256))
	}
	return log.Bytes()
}
