#!/usr/bin/env bash
# Peak memory of encoding and decoding a long sensor log through pipes: awk generates MB
# megabytes of a synthetic IMU log (a nanosecond clock, an ISO 8601 time, six %.4f channels,
# a temperature, a state word), piped into `vidlm encode --kind sensor -` under
# /usr/bin/time -v; the .vlm is decoded to a pipe and the SHA-256 of the decoded log is
# compared with that of the generator's output (run again: it is deterministic).
#
#   scripts/memtest-sensor.sh [MB] [WORKDIR]          (default 200 MB)
#   VIDLM_BIN=bin/vidlm-nocv scripts/memtest-sensor.sh 20  (measure a binary already built,
#                                                           e.g. the nocv build, instead)
#
# Prints the peak RSS (KiB) of each step and exits 1 if the round trip differs. Long: a few
# minutes per 100 MB on two cores; run it with nice.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
mb=${1:-200}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
bin=${VIDLM_BIN:-}
if [ -z "$bin" ]; then
	bin="$work/vidlm"
	go build -o "$bin" ./cmd/vidlm
fi
vlm="$work/sensor-$mb.vlm"
gen() {
	awk -v limit=$((mb * 1000000)) 'BEGIN {
		srand(1); print "t_ns,time,ax,ay,az,gx,gy,gz,temp,state"
		n = 0; t = 1700000000000000000; s = 1700000000; tmp = 21.5
		for (i = 0; n < limit; i++) {
			ph = i / 200.0
			if (i % 1000 == 0) tmp += (rand() - 0.5) * 0.2
			st = (int(i / 50000) % 3 == 0) ? "IDLE" : (int(i / 50000) % 3 == 1 ? "MOVING" : "CALIB")
			sec = s + int(i / 100)
			line = sprintf("%d,%s.%02d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.2f,%s", t + i * 10000000,
				strftime("%Y-%m-%dT%H:%M:%S", sec, 1), i % 100,
				sin(ph) + (rand() - 0.5) * 0.01, cos(ph * 0.7) + (rand() - 0.5) * 0.01, 9.81 + (rand() - 0.5) * 0.02,
				sin(ph * 1.3) * 0.1, cos(ph * 0.9) * 0.1, (rand() - 0.5) * 0.001, tmp, st)
			print line; n += length(line) + 1
		}
	}'
}
want=$(gen | sha256sum | cut -d' ' -f1)
echo "generated $(gen | wc -c) bytes, sha256 $want"
gen | /usr/bin/time -v "$bin" encode -q --kind sensor - -o "$vlm" --force 2>"$work/enc.time"
enc_rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$work/enc.time")
enc_s=$(awk -F': ' '/Elapsed/ {print $2}' "$work/enc.time")
echo "encode: peak RSS $enc_rss KiB, wall $enc_s, $(stat -c %s "$vlm") bytes"
got=$( { /usr/bin/time -v "$bin" decode -q "$vlm" -o - 2>"$work/dec.time"; } | sha256sum | cut -d' ' -f1)
dec_rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$work/dec.time")
dec_s=$(awk -F': ' '/Elapsed/ {print $2}' "$work/dec.time")
echo "decode: peak RSS $dec_rss KiB, wall $dec_s"
rm -f "$vlm"
if [ "$got" != "$want" ]; then
	echo "round trip differs: $got" >&2
	exit 1
fi
echo "round trip ok"
