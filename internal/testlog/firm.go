package testlog

// FIRMLog is n bytes of a synthetic binary flight-computer log in the layout of FIRM's (the
// AirbrakesV2 logs: docs/MODEL.md "Sensor model 10"): a 286-byte header, then packets of a
// type byte, a little-endian 32-bit clock timestamp and a payload ('B': two little-endian
// 24-bit values; 'I': six big-endian 16-bit integers and 3 noise bytes; 'M': 7 bytes). Each
// type is read at its own period with a little jitter; a read due while another is under
// way waits for it, so that its timestamp is late by up to a read's length and the next one
// of its type is on time again. Integers only, from one seed: every machine makes the same
// bytes.
func FIRMLog(n int) []byte {
	g := LCG(14)
	log := make([]byte, 0, n+32)
	log = append(log, "FIRM LOG v1.3\n"...)
	for len(log) < 286 {
		log = append(log, byte(g.IntN(256)))
	}
	types := [3]byte{'B', 'I', 'M'}
	period := [3]int64{339000, 210000, 758000}
	read := [3]int64{8000, 14500, 71000}
	due := [3]int64{4031720350, 4031734466, 4031712092}
	busy := int64(0)
	p0, p1 := int64(2135107), int64(6507491)
	var acc [6]int64
	mag := [7]int64{0x7a, 0xc8, 0x6b, 0xd3, 0x77, 0xe3, 0x84}
	for len(log) < n {
		t := 0
		for i := 1; i < 3; i++ {
			if due[i] < due[t] {
				t = i
			}
		}
		ts := max(due[t]+g.IntN(200)-100, busy)
		busy = ts + read[t]
		due[t] += period[t]
		log = append(log, types[t], byte(ts), byte(ts>>8), byte(ts>>16), byte(ts>>24))
		switch t {
		case 0:
			p0 += g.IntN(601) - 300
			p1 += g.IntN(61) - 30
			log = append(log, byte(p0), byte(p0>>8), byte(p0>>16), byte(p1), byte(p1>>8), byte(p1>>16))
		case 1:
			for i := range acc {
				acc[i] = acc[i]*7/8 + g.IntN(41) - 20
				v := uint16(acc[i] - 680*int64(1-i/3))
				log = append(log, byte(v>>8), byte(v))
			}
			log = append(log, byte(g.IntN(256)), byte(g.IntN(256)), byte(g.IntN(256)))
		default:
			for i := range mag {
				mag[i] = (mag[i] + g.IntN(5) - 2) & 0xFF
				log = append(log, byte(mag[i]))
			}
		}
	}
	return log[:n]
}
