#!/usr/bin/env bash
# Build the real recording of bench/corpus/recording-gopro.tsv outside the repository: the
# 362 frames of GoPro's samples/karma.mp4 (a Hero 5 on a Karma drone, 854x480, 29.97 fps) as
# DIR/karma.y4m and the camera's own gyroscope and accelerometer (its GPMF metadata track) as
# DIR/gyro.csv and DIR/accl.csv, each checked against the manifest's SHA-256. Needs ffmpeg,
# ffprobe and python3.
#
#   scripts/recording-gopro.sh DIR MIRROR    MIRROR: the bare git directory of gopro/gpmf-parser
#                                            (as the fetch tool leaves it, .../repo, or a plain
#                                            bare clone of github.com/gopro/gpmf-parser)
#
# Then, for example:
#   vidlm encode DIR/karma.y4m DIR/gyro.csv DIR/accl.csv -o rec.vlm              # gyroscope → video
#   vidlm encode DIR/karma.y4m DIR/gyro.csv DIR/accl.csv --no-gyro -o rec.vlm    # video → logs
#   vidlm encode DIR/karma.y4m DIR/gyro.csv DIR/accl.csv --no-cross -o rec.vlm   # neither
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
manifest=$here/bench/corpus/recording-gopro.tsv
dir=${1:?usage: recording-gopro.sh DIR MIRROR}
git=${2:?usage: recording-gopro.sh DIR MIRROR}
[ -d "$git/repo" ] && git=$git/repo
field() { grep -v '^#' "$manifest" | awk -F'\t' -v f="$1" -v c="$2" '$1 == f { print $c }'; }
mkdir -p "$dir"
cd "$dir"
git --git-dir="$git" show "$(field karma.mp4 4):$(field karma.mp4 5)" >karma.mp4
check() {
	got=$(sha256sum "$1" | cut -d' ' -f1)
	if [ "$got" != "$(field "$1" 7)" ]; then
		echo "$1: SHA-256 $got, manifest says $(field "$1" 7)" >&2
		exit 1
	fi
	echo "ok $dir/$1 ($(stat -c %s "$1") bytes)"
}
check karma.mp4
ffmpeg -v error -y -i karma.mp4 -map 0:0 -f yuv4mpegpipe -strict -1 karma.y4m
# The GPMF track: stream 3 (handler "GoPro MET"), its payloads and their times.
ffmpeg -v error -y -i karma.mp4 -map 0:3 -c copy -f data gpmd.bin
ffprobe -v error -select_streams 3 -show_entries packet=pts_time,duration_time,size -of csv=p=0 karma.mp4 >gpmd.csv
python3 "$here/scripts/gpmf-imu.py" gpmd.bin gpmd.csv .
rm -f gpmd.bin gpmd.csv
for f in karma.y4m gyro.csv accl.csv; do check "$f"; done
