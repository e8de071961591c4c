//go:build unix

package codec

import (
	"syscall"
	"time"
)

// cpuTime is the process's CPU time so far (user and system): on a shared machine the
// benchmarks' wall-clock figures follow the other users' load, their CPU time much less.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
