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

# Every 30 s, the RSS of the vidlm process working on $vlm, to show that it stays flat:
# seconds since start, step, RSS in KiB, bytes of .vlm written (encode) or read (decode) so far.
rsslog="$work/rss-$secs.log"
: >"$rsslog"
(
  start=$(date +%s)
  while sleep 30; do
    for pid in $(pgrep -x vidlm || true); do
      cmd=$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null || true) # it may just have ended
      if [[ "$cmd" == *"$vlm"* ]]; then
        step=$(awk '{print $2}' <<<"$cmd")
        rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        field=rchar
        if [ "$step" = encode ]; then field=wchar; fi # the .vlm is a temporary file until the end
        done_bytes=$(awk -v f="$field:" '$1 == f {print $2}' "/proc/$pid/io" 2>/dev/null || echo 0)
        echo "$(( $(date +%s) - start )) $step $rss $done_bytes" >>"$rsslog"
      fi
    done
  done
) &
sampler=$!
trap 'kill $sampler 2>/dev/null; rm -f "$vlm"' EXIT

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
echo "RSS samples (s, step, KiB, bytes done) in $rsslog: $(wc -l <"$rsslog") lines"
for step in encode decode; do
  awk -v s="$step" '$2 == s {n++; if (n == 1 || $3 < lo) lo = $3; if ($3 > hi) hi = $3; first = (n == 1 ? $3 : first); last = $3}
    END {if (n) printf "%s RSS over %d samples: first %d KiB, last %d KiB, min %d, max %d\n", s, n, first, last, lo, hi}' "$rsslog"
done
gen=$(cat "$work/gen-$secs.sha256")
dec=$(cat "$work/dec-$secs.sha256")
echo "generator sha256 $gen"
echo "decoded   sha256 $dec"
if [ "$gen" != "$dec" ]; then
  echo "memtest: decoded stream differs from the generator's" >&2
  exit 1
fi
