package codec

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
	"github.com/vidlm/vidlm/vision"
)

// hourlyLog is a synthetic table of hourly weather (after NREL's TMY3 files): a date
// MM/DD/YYYY and a time of day HH:MM whose day ends at 24:00, an extraterrestrial
// irradiance that follows the hour and the season, a global irradiance under a cloud cover
// that wanders, with its source flag and uncertainty, the cloud cover, a temperature in
// tenths with a daily swing and its source flag, which changes with the irradiance's. Integer
// arithmetic only (the same bytes on
// every architecture).
func hourlyLog(days int) []byte {
	var log bytes.Buffer
	log.WriteString("Date (MM/DD/YYYY),Time (HH:MM),ETR (W/m^2),GHI (W/m^2),GHI source,GHI uncert (%),TotCld (tenths),Dry-bulb (C),Dry-bulb source\n")
	seed := testlog.LCG(12)
	rnd := seed.IntN
	// sin(π(h−6)/12)·1000 for h = 0..24, clipped at 0: the sun's height through a day.
	shape := [25]int64{0, 0, 0, 0, 0, 0, 0, 259, 500, 707, 866, 966, 1000, 966, 866, 707, 500, 259, 0, 0, 0, 0, 0, 0, 0}
	month, day := 1, 1
	mdays := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	cloud, temp, src := int64(5), int64(50), "A"
	for d := 0; d < days; d++ {
		season := 700 + 300*int64(min(d, 365-d))/182 // 700 in winter .. 1000 at midsummer
		for h := 1; h <= 24; h++ {
			etr := 1367 * shape[h] * season / 1000000
			cloud = min(max(cloud+rnd(3)-1, 0), 10)
			ghi := etr * (12 - cloud) / 12
			if ghi > 0 {
				ghi += rnd(21) - 10
				ghi = max(ghi, 0)
			}
			unc := 0
			if ghi > 0 {
				unc = 25
			}
			temp += rnd(5) - 2 + (shape[h]-shape[h-1])/200
			if rnd(200) == 0 {
				src = map[string]string{"A": "E", "E": "A"}[src]
			}
			fmt.Fprintf(&log, "%02d/%02d/1997,%02d:00,%d,%d,%s,%d,%d,%d.%d,%s\n", month, day, h, etr, ghi, src, unc, cloud,
				temp/10, abs64(temp%10), src)
		}
		if day++; day > mdays[month] {
			month, day = month%12+1, 1
		}
	}
	return log.Bytes()
}

// hourlyDays: the days of hourlyLog the tests code (more than the lattice trial's minimum).
const hourlyDays = 150

// TestSensorModel7Hourly: model 7 reads the times 01:00 .. 24:00 as a time of day (a
// DateHour24 layout), round-trips the table byte for byte, codes it smaller than model 6
// (which leaves every 24:00 as text, and codes the second source flag's repeats without the
// first's), within its anchor.
func TestSensorModel7Hourly(t *testing.T) {
	log := hourlyLog(hourlyDays)
	v7, enc := encodeSensorModel(t, log, 1<<16, sensorModelV7)
	v6, enc6 := encodeSensorModel(t, log, 1<<16, sensorModelV6)
	c6, _ := encodeSensorModelBytes(t, log, 1<<16, sensorModelV6, false)
	for name, vlm := range map[string][]byte{"7": v7, "6": v6, "6 (cells)": c6} {
		if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
			t.Fatalf("model %s round trip differs", name)
		}
	}
	has24 := func(h *sensorBlockHead) bool {
		for _, l := range h.layouts {
			if l.col == 1 && vision.DateLayout(l.layout).Hour24() {
				return true
			}
		}
		return false
	}
	if !has24(enc.lastHead) || has24(enc6.lastHead) {
		t.Errorf("time layouts: model 7 %v, model 6 %v", enc.lastHead.layouts, enc6.lastHead.layouts)
	}
	// Model 6 codes it as a bytes block (6,274 bytes when measured) or, as cells, in 7,787;
	// model 7's cells are smaller than either. Anchor (measured when model 7 was made): 0.5 %
	// of slack.
	const anchor7 = 6272
	t.Logf("model 7 %d bytes, model 6 %d, as cells %d (log %d)", len(v7), len(v6), len(c6), len(log))
	if len(v7) > len(v6) || len(v7)*100 > len(c6)*85 {
		t.Errorf("model 7 %d bytes, model 6 %d, as cells %d: not smaller than both, by 15 %% than the cells", len(v7), len(v6), len(c6))
	}
	if len(v7)*1000 > anchor7*1005 {
		t.Errorf("model 7 %d bytes, above its anchor %d", len(v7), anchor7)
	}
}
