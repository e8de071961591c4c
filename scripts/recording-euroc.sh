#!/usr/bin/env bash
# Build the real visual-inertial recording of bench/corpus/recording-euroc.tsv outside the
# repository: 95 frames of EuRoC V1_01_easy (752x480 gray, 20 Hz) as DIR/euroc.y4m and the
# IMU rows of the same 4.75 s (200 Hz) as DIR/imu.csv, taken from a snapshot of
# MIT-SPARK/Kimera-VIO, each checked against the manifest's SHA-256.
#
#   scripts/recording-euroc.sh DIR MIRROR     MIRROR: the bare git directory of Kimera-VIO
#                                             (as the fetch tool leaves it, .../repo, or a
#                                             plain bare clone of github.com/MIT-SPARK/Kimera-VIO)
#
# Then, for example:
#   vidlm encode DIR/euroc.y4m DIR/imu.csv -o rec.vlm              # gyroscope → video
#   vidlm encode DIR/euroc.y4m DIR/imu.csv --no-gyro -o rec.vlm    # video → log
#   vidlm encode DIR/euroc.y4m DIR/imu.csv --no-cross -o rec.vlm   # neither
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
manifest=$here/bench/corpus/recording-euroc.tsv
dir=${1:?usage: recording-euroc.sh DIR MIRROR}
git=${2:?usage: recording-euroc.sh DIR MIRROR}
[ -d "$git/repo" ] && git=$git/repo
field() { grep -v '^#' "$manifest" | awk -F'\t' -v f="$1" -v c="$2" '$1 == f { print $c }'; }
commit=$(field imu.csv 4)
p=tests/data/MicroEurocDataset/mav0
mkdir -p "$dir"
cd "$dir"
rm -rf cam0 seq && mkdir cam0 seq
i=0
for f in $(git --git-dir="$git" ls-tree --name-only "$commit" "$p/cam0/data/" | sort); do
	git --git-dir="$git" show "$commit:$f" >"cam0/$(basename "$f")"
	ln -s "../cam0/$(basename "$f")" "seq/$(printf %05d $i).png"
	i=$((i + 1))
done
got=$(cd cam0 && sha256sum *.png | sha256sum | cut -d' ' -f1)
[ "$got" = "$(field cam0.sha256sum 7)" ] || { echo "cam0: the PNGs' SHA-256 list hashes to $got, not as the manifest says" >&2; exit 1; }
# The IMU rows from the first frame's time to 50 ms after the last's.
git --git-dir="$git" show "$commit:$p/imu0/data.csv" |
	awk -F, 'NR == 1 || ($1 >= 1403715273262142976 && $1 < 1403715278012142976)' >imu.csv
# The frames as y4m: through vidlm's OpenCV input, then the y4m's frame rate set to EuRoC's 20 Hz.
(cd "$here" && go build -o "$dir/vidlm" ./cmd/vidlm)
./vidlm encode -q --force 'seq/%05d.png' -o seq.vlm
./vidlm decode -q --force seq.vlm -o seq.y4m
python3 -c "
import sys
d=open('seq.y4m','rb').read()
i=d.index(b'\n')
open('euroc.y4m','wb').write(d[:i].replace(b' F25:1 ',b' F20:1 ')+d[i:])
"
rm -f seq.vlm seq.y4m
for f in euroc.y4m imu.csv; do
	got=$(sha256sum "$f" | cut -d' ' -f1)
	if [ "$got" != "$(field "$f" 7)" ]; then
		echo "$f: SHA-256 $got, manifest says $(field "$f" 7)" >&2
		exit 1
	fi
	echo "ok $dir/$f ($(stat -c %s "$f") bytes)"
done
