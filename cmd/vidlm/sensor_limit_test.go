package main

import "testing"

// TestSensorLimit: the soft memory limit is the live heap plus sensorHeadroom, at least
// sensorMemoryLimit, and no more than sensorLimitCap while the live heap leaves
// sensorHeadroomMin under the cap (memtest-sensor's 200 MB log under 256 MiB of RSS).
func TestSensorLimit(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct{ live, want int64 }{
		{0, 96 * mib},
		{40 * mib, 96 * mib},
		{100 * mib, 148 * mib},
		{184 * mib, 232 * mib},
		{200 * mib, 232 * mib},
		{216 * mib, 232 * mib},
		{230 * mib, 246 * mib},
		{400 * mib, 416 * mib},
	} {
		if got := sensorLimit(tc.live); got != tc.want {
			t.Errorf("live %d MiB: limit %d MiB, want %d", tc.live/mib, got/mib, tc.want/mib)
		}
	}
}
