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

// PacketLog is a synthetic flight-computer log of n bytes: binary packets of four types, each
// a type byte and fields at fixed offsets, interleaved at different rates: an IMU packet ('I':
// a 32-bit little-endian timestamp stepping by about 1000, six 16-bit little-endian readings
// that walk), a barometer packet every second step ('B': the timestamp, a 24-bit pressure
// and a 16-bit temperature), a magnetometer packet every fifth ('M': three 16-bit readings)
// and, every tenth, a big-endian packet framed as SiRF's (A0 A2, a 16-bit length, an id, a
// 32-bit counter, two 32-bit positions that walk, a checksum, B0 B3). Integers only, so that
// every machine makes the same bytes. Sensor model 7's record view (FORMAT.md 12.6.3) is for
// such logs.
func PacketLog(n int) []byte {
	rng := rand.New(rand.NewPCG(11, 12))
	var log []byte
	ts := uint32(1 << 20)
	var imu [6]int32
	var mag [3]int32
	press, temp := int32(101325), int32(2150)
	pos := [2]int32{-1234567, 7654321}
	walk := func(v *int32, step int) { *v += int32(rng.IntN(2*step+1) - step) }
	for e := 0; len(log) < n; e++ {
		ts += 1000 + uint32(rng.IntN(4))
		log = append(log, 'I')
		log = binary.LittleEndian.AppendUint32(log, ts)
		for i := range imu {
			walk(&imu[i], 40)
			log = binary.LittleEndian.AppendUint16(log, uint16(int16(imu[i])))
		}
		if e%2 == 0 {
			walk(&press, 6)
			walk(&temp, 1)
			log = append(log, 'B')
			log = binary.LittleEndian.AppendUint32(log, ts+7)
			log = append(log, byte(press), byte(press>>8), byte(press>>16))
			log = binary.LittleEndian.AppendUint16(log, uint16(temp))
		}
		if e%5 == 0 {
			log = append(log, 'M')
			for i := range mag {
				walk(&mag[i], 3)
				log = binary.LittleEndian.AppendUint16(log, uint16(int16(mag[i])))
			}
		}
		if e%10 == 0 {
			walk(&pos[0], 300)
			walk(&pos[1], 300)
			body := []byte{0x29}
			body = binary.BigEndian.AppendUint32(body, uint32(e/10))
			body = binary.BigEndian.AppendUint32(body, uint32(pos[0]))
			body = binary.BigEndian.AppendUint32(body, uint32(pos[1]))
			sum := 0
			for _, b := range body {
				sum += int(b)
			}
			log = append(log, 0xA0, 0xA2)
			log = binary.BigEndian.AppendUint16(log, uint16(len(body)))
			log = append(log, body...)
			log = binary.BigEndian.AppendUint16(log, uint16(sum&0x7FFF))
			log = append(log, 0xB0, 0xB3)
		}
	}
	return log[:n]
}

// FloatLog is n bytes of a synthetic binary log of float32 fields as a flight computer's
// (FIRM's) raw log interleaves its sensors: three sensors at their own periods with jitter
// ('A': three accelerations, 'B': a pressure and a temperature, 'G': three rates), each
// packet its type, a little-endian 32-bit timestamp (ticks of the one clock, so that a
// packet's timestamp follows the last packet's of any type) and little-endian float32 fields
// that walk. The floats are integers over 256 (exact), so that every machine makes the same
// bytes. Sensor model 10's learned records (FORMAT.md 12.6.6) are for such logs.
func FloatLog(n int) []byte {
	rng := rand.New(rand.NewPCG(13, 14))
	var log []byte
	type sensor struct {
		typ    byte
		period uint32
		next   uint32
		v      []int32
		step   int
	}
	ss := []*sensor{
		{typ: 'A', period: 1000, v: []int32{120, -340, 2510}, step: 9},
		{typ: 'B', period: 2500, v: []int32{25_000_000, 5400}, step: 40},
		{typ: 'G', period: 7000, v: []int32{3, -7, 11}, step: 3},
	}
	clock := uint32(0x12345678)
	for len(log) < n {
		s := ss[0]
		for _, o := range ss[1:] {
			if o.next < s.next {
				s = o
			}
		}
		ts := clock + s.next*16 + uint32(rng.IntN(64))
		s.next += s.period + uint32(rng.IntN(32))
		log = append(log, s.typ)
		log = binary.LittleEndian.AppendUint32(log, ts)
		for i := range s.v {
			s.v[i] += int32(rng.IntN(2*s.step+1) - s.step)
			log = binary.LittleEndian.AppendUint32(log, math.Float32bits(float32(s.v[i])*(1.0/256)))
		}
	}
	return log[:n]
}

// CANLog is n bytes of a synthetic candump log: `(seconds.micros) can0 ID#HEX` lines whose
// timestamps step by a few milliseconds with jitter, three CAN ids at different rates, a
// sequence counter and slowly moving values in the payload. The seed pair picks the draws
// (the tests of codec and predict each keep their own, and their anchors with it).
func CANLog(n int, seed1, seed2 uint64) []byte {
	rng := rand.New(rand.NewPCG(seed1, seed2))
	var log []byte
	ts := int64(1410714882622188)
	seq, v := 0, 5000
	for e := 0; len(log) < n; e++ {
		ts += 2500 + rng.Int64N(1000)
		id, data := "19FA0402", ""
		switch {
		case e%10 == 0:
			id = "09F80102"
			v += rng.IntN(21) - 10
			data = fmt.Sprintf("%04X9A16021AB80D", v&0xFFFF)
		case e%17 == 0:
			id = "0DF01002"
			data = fmt.Sprintf("D2F0%02X3F00E73A24", rng.IntN(4))
		default:
			seq = (seq + 1) & 0x1F
			data = fmt.Sprintf("%02X%04X%02X00F2168B", 0x40+seq, rng.IntN(1<<16), rng.IntN(4))
		}
		log = fmt.Appendf(log, "(%d.%06d) can0 %s#%s\n", ts/1000000, ts%1000000, id, data)
	}
	return log[:n]
}

// SiRFLog is n bytes of a synthetic SiRF-like binary receiver log: packets framed `A0 A2`,
// a big-endian 15-bit payload length, the payload (a message id, then big-endian fields), a
// big-endian 15-bit sum of the payload and `B0 B3`. Each second writes a tracker message (id 4:
// the week, a time of week ×100 that steps by 100, twelve channels of a satellite id, azimuth,
// elevation, a 16-bit state and ten C/N0 bytes), a navigation message (id 2: ECEF X, Y, Z as
// 32-bit integers that walk, three 16-bit velocities, the mode, the week, the time of week
// ×100) and a geodetic message (id 41: the time of week in ms stepping by 1000, latitude and
// longitude ×1e7 as 32-bit integers that walk, a 32-bit altitude, a 16-bit speed and course),
// and, every fifth second, a short clock message (id 7). Integers only, so that every machine
// makes the same bytes. Sensor model 11's framed packets (FORMAT.md 12.6.7) are for such logs.
func SiRFLog(n int) []byte {
	rng := rand.New(rand.NewPCG(15, 16))
	var log []byte
	walk := func(v *int32, step int) { *v += int32(rng.IntN(2*step+1) - step) }
	be16 := binary.BigEndian.AppendUint16
	be32 := binary.BigEndian.AppendUint32
	packet := func(body []byte) {
		sum := 0
		for _, b := range body {
			sum += int(b)
		}
		log = append(log, 0xA0, 0xA2)
		log = be16(log, uint16(len(body)))
		log = append(log, body...)
		log = be16(log, uint16(sum&0x7FFF))
		log = append(log, 0xB0, 0xB3)
	}
	week := uint16(2057)
	tow := uint32(345600)
	xyz := [3]int32{-2430123, -4702456, 3546789}
	lat, lon, alt := int32(440612345), int32(-1213145678), int32(112233)
	var svs [12]byte
	var cn0 [12]byte
	for i := range svs {
		svs[i] = byte(1 + rng.IntN(32))
		cn0[i] = byte(30 + rng.IntN(15))
	}
	for s := 0; len(log) < n; s++ {
		tow++
		body := []byte{4}
		body = be16(body, week)
		body = be32(body, tow*100)
		body = append(body, 12)
		for i := range svs {
			body = append(body, svs[i], byte(40+i*7+s/60), byte(20+i*3))
			body = be16(body, 0xBF)
			for k := 0; k < 10; k++ {
				body = append(body, cn0[i]+byte(rng.IntN(3)))
			}
		}
		packet(body)
		for i := range xyz {
			walk(&xyz[i], 30)
		}
		body = []byte{2}
		for _, v := range xyz {
			body = be32(body, uint32(v))
		}
		for i := 0; i < 3; i++ {
			body = be16(body, uint16(int16(rng.IntN(7)-3)))
		}
		body = append(body, 4, 0, 0)
		body = be16(body, week)
		body = be32(body, tow*100)
		body = append(body, 7, 0x3F, 0, 0)
		packet(body)
		walk(&lat, 40)
		walk(&lon, 40)
		walk(&alt, 10)
		body = []byte{41, 0, 0, 0, 4}
		body = be16(body, week)
		body = be32(body, tow*1000)
		body = be32(body, uint32(lat))
		body = be32(body, uint32(lon))
		body = be32(body, uint32(alt))
		body = be16(body, uint16(rng.IntN(20)))
		body = be16(body, uint16(rng.IntN(36000)))
		packet(body)
		if s%5 == 0 {
			body = []byte{7}
			body = be16(body, week)
			body = be32(body, tow*100)
			body = append(body, 8)
			body = be32(body, uint32(96000+rng.IntN(50)))
			packet(body)
		}
	}
	return log[:n]
}

// LCG is the 64-bit linear congruential generator (Knuth's MMIX multiplier and increment)
// that the synthetic logs of the tests draw from: one seed gives one sequence on every
// machine, so each test codes the same bytes.
type LCG uint64

// Next advances the generator and returns its new state.
func (g *LCG) Next() uint64 {
	*g = *g*6364136223846793005 + 1442695040888963407
	return uint64(*g)
}

// IntN returns a number in [0, n) taken from the new state's high 31 bits; n must be positive.
func (g *LCG) IntN(n int64) int64 { return int64(g.Next()>>33) % n }

// TableLog is n bytes of a synthetic fixed-width hourly table in the layout of an NREL TMY2
// file: 1-byte lead, glued fields of fixed widths and no delimiter, one line an hour. Each
// line holds the date and hour (YYMMDDHH), an extraterrestrial-like irradiance that follows
// the hour and the day, two irradiances that follow it with noise, each with a source letter
// and an uncertainty digit, a temperature and a dew point in tenths of a degree that walk,
// humidity, pressure, wind direction and speed, and a 10-digit weather code. Integers only
// (a table of the hour's sine), so that every machine makes the same bytes. Sensor model
// 12's line view (FORMAT.md 12.6.8) is for such tables.
func TableLog(n int) []byte {
	rng := rand.New(rand.NewPCG(21, 22))
	// 1000·max(0, sin(π·(h−6)/12)) for h = 0..23, by hand: no floating point.
	sun := [24]int{0, 0, 0, 0, 0, 0, 0, 259, 500, 707, 866, 966, 1000, 966, 866, 707, 500, 259, 0, 0, 0, 0, 0, 0}
	var log []byte
	temp, dew, rh, pres, wdir, wspd := 250, 180, 70, 1012, 120, 40
	flags := "ABEF"
	for i := 0; len(log) < n; i++ {
		day, hour := i/24, i%24
		month, dom := 1+day/30%12, 1+day%30
		season := 900 + (day%360-180)*(day%360-180)/300 // the sun's strength through the year
		etr := sun[hour] * season / 1000
		ghi := max(0, etr*(60+rng.IntN(40))/100)
		dni := max(0, ghi*(50+rng.IntN(50))/100)
		temp += rng.IntN(11) - 5 + (sun[hour]-345)/100 - (temp-250)/50
		dew += rng.IntN(7) - 3
		dew = min(dew, temp)
		rh = min(100, max(10, rh+rng.IntN(5)-2))
		pres = min(1040, max(990, pres+rng.IntN(3)-1))
		wdir = (wdir + rng.IntN(41) - 20 + 360) % 360
		wspd = min(200, max(0, wspd+rng.IntN(9)-4))
		src := func(v int) string {
			if v == 0 {
				return "?0"
			}
			return fmt.Sprintf("%c%d", flags[rng.IntN(2)], 7+rng.IntN(2))
		}
		log = fmt.Appendf(log, " %02d%2d%2d%2d%4d%4d%4d%s%4d%s%4dA7%4dA7%3dA7%4dA7%3dE8%3dE8%s\n",
			97, month, dom, hour+1, etr, etr*13/10, ghi, src(ghi), dni, src(dni), temp, dew, rh, pres, wdir, wspd, "0999999999")
	}
	return log[:n]
}
