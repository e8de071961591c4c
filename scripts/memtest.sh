#!/usr/bin/env bash
# Peak memory of encoding and decoding a long stream that never exists on disk as y4m:
# ffmpeg generates SECONDS of 640x480 30 fps video (testsrc2), which is piped into
# `vidlm encode -` under /usr/bin/time -v; the .vlm is then decoded to a pipe, and the
# SHA-256 of the decoded y4m is compared with that of the generator's output.
#
#   scripts/memtest.sh SECONDS [WORKDIR] [extra encode flags...]
#
# Prints the peak RSS (KiB) of each step and exits 1 if the round trip differs. The .vlm is
# deleted at the end. Long: about one minute per 10 s of video on two cores. Not part of
# `make test`; run it with nice, e.g. `nice -n 10 scripts/memtest.sh 300`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

secs=${1:?usage: memtest.sh SECONDS [WORKDIR] [encode flags...]}
work=${2:-$(mktemp -d)}
shift $(( $# >= 2 ? 2 : 1 ))
mkdir -p "$work"
bin="$work/vidlm"
go build -o "$bin" ./cmd/vidlm

vlm="$work/mem-$secs.vlm"
trap 'rm -f "$vlm"' EXIT

ffmpeg -v error -f lavfi -i "testsrc2=size=640x480:rate=30" -t "$secs" -pix_fmt yuv420p -f yuv4mpegpipe - |
  tee >(sha256sum | cut -d' ' -f1 >"$work/gen-$secs.sha256") |
  /usr/bin/time -v -o "$work/enc-$secs.time" "$bin" encode - -o "$vlm" --force -q "$@"
/usr/bin/time -v -o "$work/dec-$secs.time" "$bin" decode "$vlm" -o - -q | sha256sum | cut -d' ' -f1 >"$work/dec-$secs.sha256"
sleep 1 # let the tee's sha256sum finish

size=$(stat -c %s "$vlm")
for step in enc dec; do
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$step-$secs.time")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$step-$secs.time")
  echo "$step ${secs}s: peak RSS ${rss} KiB ($((rss / 1024)) MiB), wall $wall"
done
echo "vlm: $size bytes for $((secs * 30)) frames"
gen=$(cat "$work/gen-$secs.sha256")
dec=$(cat "$work/dec-$secs.sha256")
echo "generator sha256 $gen"
echo "decoded   sha256 $dec"
if [ "$gen" != "$dec" ]; then
  echo "memtest: decoded stream differs from the generator's" >&2
  exit 1
fi
