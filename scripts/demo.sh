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

echo
echo "== OpenCV BGR (as VideoCapture decodes it) of the first $n frames of vtest.avi"
start=$(date +%s.%N)
$vidlm encode "$vtest" --frames "$n" -o "$dir/vtest_bgr.vlm" --force
end=$(date +%s.%N)
awk -v p="$pixels" -v a="$start" -v b="$end" 'BEGIN { printf "encode: %.2f MPix/s\n", p / (b - a) / 1e6 }'
$vidlm verify "$dir/vtest_bgr.vlm"
start=$(date +%s.%N)
$vidlm decode "$dir/vtest_bgr.vlm" -o "$dir/vtest_bgr.raw" --force
end=$(date +%s.%N)
awk -v p="$pixels" -v a="$start" -v b="$end" 'BEGIN { printf "decode: %.2f MPix/s\n", p / (b - a) / 1e6 }'
in_sha=$(ffmpeg -hide_banner -loglevel error -i "$vtest" -frames:v "$n" -f rawvideo -pix_fmt bgr24 - | sha256sum | cut -d' ' -f1)
out_sha=$(sha256sum < "$dir/vtest_bgr.raw" | cut -d' ' -f1)
echo "sha256 in  $in_sha (ffmpeg -pix_fmt bgr24)"
echo "sha256 out $out_sha"
[ "$in_sha" = "$out_sha" ] || { echo "demo: ROUND TRIP FAILED" >&2; exit 1; }
# FFV1 on exactly these frames: the decoded raw BGR, stored as FFV1's bgr0 (lossless).
start=$(date +%s.%N)
ffmpeg -hide_banner -loglevel error -y -f rawvideo -pix_fmt bgr24 -s 768x576 -framerate 10 -i "$dir/vtest_bgr.raw" \
  -c:v ffv1 -level 3 -coder range_def -context 1 -g 1 -pix_fmt bgr0 "$dir/vtest_bgr_ffv1.mkv"
end=$(date +%s.%N)
vs=$(stat -c %s "$dir/vtest_bgr.vlm"); fs=$(stat -c %s "$dir/vtest_bgr_ffv1.mkv")
echo "vidlm $vs bytes, $(bits "$vs" "$pixels") bits per pixel"
awk -v s="$fs" -v p="$pixels" -v a="$start" -v b="$end" 'BEGIN { printf "FFV1  %d bytes, %.4f bits per pixel, %.2f MPix/s\n", s, s * 8 / p, p / (b - a) / 1e6 }'
rm -f "$dir/vtest_bgr.raw"
