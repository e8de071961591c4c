#!/usr/bin/env bash
# The figures of batch/README.md: a generated archive of 34 files (16 clips, 16 logs, a cut of
# vtest.avi coded through the vidlm command, one damaged clip) encoded by vidlm-batch and by a shell loop of `vidlm encode` with the same
# settings and file identifiers (the outputs compared), resumed after kill -9, verified,
# decoded; then a long clip split into segments and compared with the one-machine encode.
# Usage: batch/demo.sh [WORKDIR]   (needs vidlm's OpenCV build for `vidlm samples`)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
work=${1:-$(mktemp -d)}
mkdir -p "$work/bin"
go build -o "$work/bin/vidlm" ./cmd/vidlm
(cd batch && go build -o "$work/bin/vidlm-batch" ./cmd/vidlm-batch)
V=$work/bin/vidlm B=$work/bin/vidlm-batch
cd "$work"
rm -rf archive out.d loop kill.d restored long long.d
mkdir -p archive/clips archive/logs archive/cams long loop
ffmpeg -v error -i /usr/share/doc/opencv-doc/examples/data/vtest.avi -frames:v 30 -c copy archive/cams/vtest30.avi
for size in 160x120 192x144 240x180 320x240; do
  for fr in 8 12 16 24; do $V samples pan -q --size $size --frames $fr -o archive/clips/pan_${size}_${fr}f.y4m; done
done
python3 - "$OLDPWD/testdata" <<'PY'
import sys
src = sys.argv[1]
lines = open(src + '/imu_fusion.csv', 'rb').read().split(b'\n')
head, body = lines[0], lines[1:]
n = len(body)
for k in range(14):
    a = k * n // 14
    b = a + (n // 14) // (1 + k % 3)
    open(f'archive/logs/imu_part{k:02d}.csv', 'wb').write(head + b'\n' + b'\n'.join(body[a:b]) + b'\n')
PY
cp "$OLDPWD/testdata/co2_mauna_loa.csv" "$OLDPWD/testdata/sensor_awkward.csv" archive/logs/
head -c 40000 archive/clips/pan_320x240_8f.y4m > archive/clips/damaged_cut.y4m
echo "== archive: $(find archive -type f | wc -l) files, $(du -sb archive | cut -f1) bytes"

echo "== vidlm-batch encode"
s=$(date +%s.%N); $B encode archive -o out.d -q || true; e=$(date +%s.%N)
echo "batch wall: $(echo "$e - $s" | bc) s"
python3 -c "
import json
for l in open('out.d/manifest.jsonl'):
    r = json.loads(l)
    if r['status'] != 'failed': print(r['input'], r['file_id'], r['kind'])" > ids.txt

echo "== shell loop of vidlm encode, same settings and identifiers"
s=$(date +%s.%N)
while read -r f id k; do
  mkdir -p "loop/$(dirname "$f")"
  if [ "$k" = video ] || [ "$k" = opencv ]; then $V encode "archive/$f" -o "loop/$f.vlm" -q --file-id "$id" --preset default
  else $V encode "archive/$f" -o "loop/$f.vlm" -q --file-id "$id"; fi
done < ids.txt
$V encode archive/clips/damaged_cut.y4m -o loop/damaged.vlm -q 2>/dev/null || true
e=$(date +%s.%N); echo "loop wall: $(echo "$e - $s" | bc) s"
n=0; while read -r f id k; do cmp "loop/$f.vlm" "out.d/$f.vlm" && n=$((n+1)); done < ids.txt
echo "identical to vidlm encode: $n of $(wc -l < ids.txt)"

echo "== rerun: everything skipped (verified)"
$B encode archive -o out.d -q | grep "files:" || true

echo "== kill -9 after 6 s, then rerun"
$B encode archive -o kill.d -q >/dev/null 2>&1 & p=$!; sleep 6; kill -9 $p; wait $p 2>/dev/null || true
echo "records kept: $(find kill.d/.vidlm-batch/records -name '*.json' | wc -l)"
$B encode archive -o kill.d -q | grep "files:" || true
n=0; while read -r f id k; do cmp "loop/$f.vlm" "kill.d/$f.vlm" && n=$((n+1)); done < ids.txt
echo "identical to vidlm encode after the resume: $n of $(wc -l < ids.txt)"

echo "== verify, decode"
$B verify out.d
$B decode out.d -o restored
n=0; m=0; while read -r f id k; do
  if [ "$k" = opencv ]; then [ -s "restored/$f.ffv1.mkv" ] && m=$((m+1)); else cmp "archive/$f" "restored/$f" && n=$((n+1)); fi
done < ids.txt
echo "restored identical: $n of $(grep -vc ' opencv$' ids.txt); OpenCV inputs restored as FFV1 (frames read back by vidlm decode): $m"

echo "== a long clip split into 4 segments of 50 frames"
$V samples pan -q --frames 200 -o long/pan200.y4m
s=$(date +%s.%N); $B encode long -o long.d --segment 50 --split-bytes 64000000 -q; e=$(date +%s.%N)
echo "batch (split) wall: $(echo "$e - $s" | bc) s"
id=$(python3 -c "import json; print(json.loads(open('long.d/manifest.jsonl').readline())['file_id'])")
s=$(date +%s.%N); $V encode long/pan200.y4m -o one.vlm --force -q --preset default --segment 50 --file-id "$id"; e=$(date +%s.%N)
echo "vidlm encode wall: $(echo "$e - $s" | bc) s"
sha256sum one.vlm long.d/pan200.y4m.vlm
