#!/usr/bin/env bash
# Memory of a recording through pipes: `vidlm samples pan` writes FRAMES of 640x480 at 25 fps
# (or FPS: the y4m header's F25:1 rewritten) to a pipe, python3 a 1 kHz log (t_ns,gx,gy,gz:
# its gyroscope columns make it the log coded in parts before the frames) to a FIFO, `vidlm encode - log.csv -o -` codes both, and
# `vidlm decode - -o out/` decodes that pipe (verifying every stream's SHA-256). Every 5 s it
# prints the RSS of the encoder and of the decoder (/proc/PID/status) and the bytes decoded so
# far (video and log, under out/), then /usr/bin/time's peak RSS of each.
#
#   nice -n 10 scripts/memtest-recording.sh FRAMES [PRESET] [WORKDIR] [FPS]
#
# FPS is 25 by default; a fraction N:D is taken as the y4m's F field (1:2 is 0.5 fps, so
# 1800 frames and 3.6 M log rows make one hour). Long: on two shared cores about 1.5 s per
# frame with the fast preset (0.6 s with 640x480 at 1 fps, 3,600 frames in 36 min, on
# 2026-12-02 under a load average of 18).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
n=${1:?usage: memtest-recording.sh FRAMES [PRESET] [WORKDIR] [FPS]}
preset=${2:-fast}
work=${3:-$(mktemp -d)}
fps=${4:-25}
case $fps in *:*) ;; *) fps=$fps:1 ;; esac
mkdir -p "$work"
bin="$work/vidlm"
go build -o "$bin" ./cmd/vidlm
cd "$work"
rm -rf out log.csv && mkfifo log.csv
python3 -c "
import sys
num,den=map(int,'$fps'.split(':'))
n=$n*1000*den//num
w=sys.stdout.write
w('t_ns,gx,gy,gz\n')
for j in range(n):
    w('%d,%.6f,%.6f,%.6f\n'%(1700000000000000000+j*1000000,((j*7)%13-6)*0.001065,((j*j)%17-8)*0.001065,(j%29-14)*0.001065))
" >log.csv &
("$bin" samples pan -q -o - --size 640x480 --frames "$n" |
	python3 -c "
import sys,shutil
i,o=sys.stdin.buffer,sys.stdout.buffer
o.write(i.readline().replace(b' F25:1 ',b' F$fps '))
shutil.copyfileobj(i,o,1<<20)
" |
	/usr/bin/time -f "encode %e s, peak RSS %M KiB" "$bin" encode -q --preset "$preset" - log.csv -o - --file-id 9 2>enc.time |
	/usr/bin/time -f "decode %e s, peak RSS %M KiB" "$bin" decode -q - -o out/ 2>dec.time) &
job=$!
sleep 2
start=$(date +%s)
while kill -0 "$job" 2>/dev/null; do
	e=$(pgrep -n -f "$bin encode -q --preset" || true)
	d=$(pgrep -n -f "$bin decode -q - -o out/" || true)
	er=$([ -n "$e" ] && awk '/VmRSS/{print $2}' "/proc/$e/status" 2>/dev/null || echo -)
	dr=$([ -n "$d" ] && awk '/VmRSS/{print $2}' "/proc/$d/status" 2>/dev/null || echo -)
	ob=$(du -sb out 2>/dev/null | cut -f1 || true)
	echo "$(($(date +%s) - start)) s: encoder RSS ${er:--} KiB, decoder RSS ${dr:--} KiB, decoded ${ob:-0} bytes"
	sleep 5
done
wait "$job"
cat enc.time dec.time
ls -l out/
rm -rf out
