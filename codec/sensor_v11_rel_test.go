package codec

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// ohlcLog is a synthetic table of daily market prices after the exports of Yahoo Finance:
// Date, Open, High, Low, Close, Adj Close, Volume, the prices in cents printed %.6f from
// float32 (1455.219971). index: the open is the close before and the adjusted close the
// close (an index); else the open moves overnight and the adjusted close is the close times
// a factor that steps down at a dividend now and then. Integer arithmetic and exact
// conversions only (the same bytes on every architecture).
func ohlcLog(rows int, index bool, seed uint64) []byte {
	var log bytes.Buffer
	log.WriteString("Date,Open,High,Low,Close,Adj Close,Volume\n")
	lcg := testlog.LCG(seed)
	rnd := lcg.IntN
	f32 := func(cents int64) string {
		v, _ := strconv.ParseFloat(fmt.Sprintf("%d.%02d", cents/100, cents%100), 32)
		return strconv.FormatFloat(float64(float32(v)), 'f', 6, 64)
	}
	close, vol, factor := int64(145522), int64(931800000), int64(1000000)
	y, m, d := 2000, 1, 3
	for r := 0; r < rows; r++ {
		open := close
		if !index {
			open = close + rnd(201) - 100
		}
		sd := close/150 + 1
		c := max(open+rnd(2*sd+1)-sd, 100)
		hi := max(open, c) + rnd(sd/2+1)
		lo := max(min(open, c)-rnd(sd/2+1), 50)
		if !index && rnd(63) == 0 {
			factor -= factor * (5 + rnd(10)) / 1000
		}
		adj := c
		if !index {
			adj = (c*factor + 500000) / 1000000
		}
		vol = max(vol+(rnd(2001)-1000)*vol/8000, 1000000)
		v := vol
		if index {
			v = v / 100000 * 100000
		}
		fmt.Fprintf(&log, "%04d-%02d-%02d,%s,%s,%s,%s,%s,%d\n", y, m, d, f32(open), f32(hi), f32(lo), f32(c), f32(adj), v)
		close = c
		if d++; d > 28 {
			d = 1
			if m++; m > 12 {
				m, y = 1, y+1
			}
		}
	}
	return log.Bytes()
}

// TestSensorModel11Relations: model 11 keeps a block's relation only where its target column
// costs less with it (checkRelations). On the index table model 10's one relation (the
// adjusted close a copy of the close, which the cells already code as a copy) costs more
// than it gives and model 11 drops it; the solar and pose logs keep what model 10 gained
// there. Every log round-trips byte for byte under both models; sizes are no larger than
// their anchors (measured on the merged model 11) and than model 10's plus 0.5 %: model 11's
// Series stage (series11, rounding to the nearest unit) costs these synthetic tables 0.1 to
// 0.3 % (on rel11's choices alone, before that merge, the index table took 23,650 bytes
// against model 10's 23,659, the others model 10's sizes).
func TestSensorModel11Relations(t *testing.T) {
	for _, c := range []struct {
		name   string
		log    []byte
		anchor int
	}{
		{"ohlc index", ohlcLog(5000, true, 7), 23704},
		{"ohlc stock", ohlcLog(5000, false, 11), 47156},
		{"solar", solarLog(6000), 18839},
		{"quaternion", quatLog(4000), 34554},
	} {
		v11, enc := encodeSensorModel(t, c.log, 1<<16, sensorModelV11)
		v10, _ := encodeSensorModel(t, c.log, 1<<16, sensorModelV10)
		if enc.bytesN != 0 {
			t.Fatalf("%s: %d bytes blocks", c.name, enc.bytesN)
		}
		for name, vlm := range map[string][]byte{"11": v11, "10": v10} {
			if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, c.log) {
				t.Fatalf("%s: model %s round trip differs", c.name, name)
			}
		}
		t.Logf("%s: model 11 %d bytes, model 10 %d (log %d)", c.name, len(v11), len(v10), len(c.log))
		if len(v11) > len(v10)+len(v10)/200 {
			t.Errorf("%s: model 11 %d bytes against model 10's %d", c.name, len(v11), len(v10))
		}
		if len(v11) > c.anchor {
			t.Errorf("%s: model 11 %d bytes, above its anchor %d", c.name, len(v11), c.anchor)
		}
	}
}

// adjLog is a synthetic table of daily prices with their split-adjusted copies, after
// Quandl's WIKI exports (plotly's dash-stock-ticker-demo): Date, Open, High, Low, Close,
// Volume, then each price times an adjustment factor that steps down at a dividend now and
// then, computed and printed as binary doubles (shortest digits, Python's repr).
func adjLog(rows int, seed uint64) []byte {
	var log bytes.Buffer
	log.WriteString("Date,Open,High,Low,Close,Volume,AdjOpen,AdjHigh,AdjLow,AdjClose\n")
	lcg := testlog.LCG(seed)
	rnd := lcg.IntN
	price := func(cents int64) float64 {
		v, _ := strconv.ParseFloat(fmt.Sprintf("%d.%02d", cents/100, cents%100), 64)
		return v
	}
	repr := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	close, vol, f := int64(17052), int64(25643711), 1.0
	for r := 0; r < rows; r++ {
		open := max(close+rnd(201)-100, 100)
		sd := close/60 + 1
		c := max(open+rnd(2*sd+1)-sd, 100)
		hi := max(open, c) + rnd(sd/2+1)
		lo := max(min(open, c)-rnd(sd/2+1), 50)
		if rnd(63) == 0 {
			f *= 1 - float64(5+rnd(10))/1000
		}
		vol = max(vol+(rnd(2001)-1000)*vol/8000, 10000)
		o, h, l, cl := price(open), price(hi), price(lo), price(c)
		fmt.Fprintf(&log, "%d-%02d-%02d,%s,%s,%s,%s,%d,%s,%s,%s,%s\n", 2017-r/250, 12-r/21%12, 28-r%21, repr(o), repr(h), repr(l), repr(cl), vol, repr(o*f), repr(h*f), repr(l*f), repr(cl*f))
		close = c
	}
	return log.Bytes()
}

// TestSensorModel11ScaleRatio: model 11's ratio search also tries pairs of columns whose
// ratio is a scale (scalePairs) and tests ratios to the values' own precision, so that the
// adjusted prices of adjLog are found as AdjOpen·price/Open: the log round-trips and codes
// 20 % smaller than under model 10 (54,520 bytes against 76,432 when model 11 was made),
// within its anchor (0.5 % of slack).
func TestSensorModel11ScaleRatio(t *testing.T) {
	log := adjLog(4000, 17)
	v11, _ := encodeSensorModel(t, log, 1<<16, sensorModelV11)
	v10, _ := encodeSensorModel(t, log, 1<<16, sensorModelV10)
	if got, _ := decodeSensor(t, v11); !bytes.Equal(got, log) {
		t.Fatal("model 11 round trip differs")
	}
	t.Logf("adjusted prices: model 11 %d bytes, model 10 %d (log %d)", len(v11), len(v10), len(log))
	if len(v11)*100 > len(v10)*80 {
		t.Errorf("model 11 %d bytes, model 10 %d: not 20 %% smaller", len(v11), len(v10))
	}
	if anchor := 54520; len(v11)*1000 > anchor*1005 {
		t.Errorf("model 11 %d bytes, above its anchor %d", len(v11), anchor)
	}
}
