#!/usr/bin/env bash
# The demo: compress the first 300 frames of vtest.avi (Debian's opencv-doc) losslessly, as
# OpenCV decodes them (BGR) and as y4m (yuv420p), verify, decode, compare byte for byte, and
# put FFV1 beside it. DEMO_FRAMES=N changes the number of frames.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

vtest=/usr/share/doc/opencv-doc/examples/data/vtest.avi
n=${DEMO_FRAMES:-300}
dir=.cache/demo
mkdir -p "$dir"
vidlm=bin/vidlm

[ -f "$vtest" ] || { echo "demo: $vtest is missing (apt-get install opencv-doc)" >&2; exit 1; }

bits() { # size_bytes pixels
  awk -v s="$1" -v p="$2" 'BEGIN { printf "%.4f", s * 8 / p }'
}
pixels=$((n * 768 * 576))

echo "== y4m (yuv420p) of the first $n frames of vtest.avi"
ffmpeg -hide_banner -loglevel error -y -i "$vtest" -frames:v "$n" -f yuv4mpegpipe -pix_fmt yuv420p "$dir/vtest.y4m"
$vidlm encode "$dir/vtest.y4m" -o "$dir/vtest_y4m.vlm" --force
$vidlm verify "$dir/vtest_y4m.vlm"
start=$(date +%s.%N)
$vidlm decode "$dir/vtest_y4m.vlm" -o "$dir/vtest_decoded.y4m" --force
end=$(date +%s.%N)
in_sha=$(sha256sum < "$dir/vtest.y4m" | cut -d' ' -f1)
out_sha=$(sha256sum < "$dir/vtest_decoded.y4m" | cut -d' ' -f1)
echo "sha256 in  $in_sha"
echo "sha256 out $out_sha"
[ "$in_sha" = "$out_sha" ] || { echo "demo: ROUND TRIP FAILED" >&2; exit 1; }
awk -v p="$pixels" -v a="$start" -v b="$end" 'BEGIN { printf "decode: %.2f MPix/s\n", p / (b - a) / 1e6 }'
ffmpeg -hide_banner -loglevel error -y -i "$dir/vtest.y4m" -c:v ffv1 -level 3 -coder range_def -context 1 -g 1 "$dir/vtest_y4m_ffv1.mkv"
vs=$(stat -c %s "$dir/vtest_y4m.vlm"); fs=$(stat -c %s "$dir/vtest_y4m_ffv1.mkv")
echo "vidlm $vs bytes, $(bits "$vs" "$pixels") bits per luma pixel"
echo "FFV1  $fs bytes, $(bits "$fs" "$pixels") bits per luma pixel"
rm -f "$dir/vtest_decoded.y4m"
