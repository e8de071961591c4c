#!/usr/bin/env bash
# Speed of a recording against its streams coded separately, side by side in one run:
# `vidlm samples imu-pan` (240 frames 320x240 + a 200 Hz IMU log), then RUNS times (default 3)
# the video and the log encoded (decoded) each alone, and the two as one recording. Single
# thread, so that the figures compare the work done; prints elapsed and user+sys CPU seconds.
#
#   nice -n 10 scripts/speed-recording.sh [RUNS] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
runs=${1:-3}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
V="$work/vidlm"
go build -o "$V" ./cmd/vidlm
cd "$work"
[ -f s/imu.csv ] || "$V" samples imu-pan -o s >/dev/null
t() { /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.2f s, cpu %.2f s", $1, $2+$3}'; }
for r in $(seq "$runs"); do
	a=$(t "$V" encode -q --threads 1 s/imu-pan.y4m -o v.vlm --force --file-id 1)
	b=$(t "$V" encode -q --threads 1 s/imu.csv -o i.vlm --force --file-id 1)
	c=$(t "$V" encode -q --threads 1 s/imu-pan.y4m s/imu.csv -o rec.vlm --force --file-id 1)
	echo "encode run $r: video [$a] + log [$b] separately; recording [$c]"
	a=$(t "$V" decode -q --threads 1 v.vlm -o dv.y4m --force)
	b=$(t "$V" decode -q --threads 1 i.vlm -o di.csv --force)
	rm -rf dr
	c=$(t "$V" decode -q --threads 1 rec.vlm -o dr/)
	echo "decode run $r: video [$a] + log [$b] separately; recording [$c]"
done
ls -l v.vlm i.vlm rec.vlm
cmp dr/imu-pan.y4m s/imu-pan.y4m && cmp dr/imu.csv s/imu.csv && cmp dv.y4m s/imu-pan.y4m && cmp di.csv s/imu.csv && echo "every output byte-identical"
