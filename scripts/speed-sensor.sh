#!/usr/bin/env bash
# Two vidlm binaries side by side on sensor logs: RUNS times (default 3), each file is encoded
# and decoded by binary A, then by binary B, alternately, so that both see the same load.
# Prints per file the elapsed and user+sys CPU seconds of each, and checks that both wrote the
# same .vlm (same --file-id) and that it decodes to the log byte for byte.
#
#   nice -n 10 scripts/speed-sensor.sh A B RUNS FILE...
set -euo pipefail
a=$1 b=$2 runs=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
t() { /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.2f %.2f", $1, $2+$3}'; }
for f in "$@"; do
	n=$(stat -c %s "$f")
	for r in $(seq "$runs"); do
		ea=$(t "$a" encode -q --kind sensor --file-id 1 "$f" -o "$work/a.vlm" --force)
		eb=$(t "$b" encode -q --kind sensor --file-id 1 "$f" -o "$work/b.vlm" --force)
		da=$(t "$a" decode -q "$work/a.vlm" -o "$work/a.out" --force)
		db=$(t "$b" decode -q "$work/b.vlm" -o "$work/b.out" --force)
		cmp -s "$work/a.vlm" "$work/b.vlm" || { echo "$f: the two .vlm differ" >&2; exit 1; }
		cmp -s "$work/a.out" "$f" && cmp -s "$work/b.out" "$f" || { echo "$f: round trip failed" >&2; exit 1; }
		echo "$(basename "$f") $n run $r: encode A $ea B $eb; decode A $da B $db (elapsed s, cpu s)"
	done
done | awk '{print} {
	k=$1; n[k]=$2; ea[k]+=$7; ca[k]+=$8; eb[k]+=$10; cb[k]+=$11; da[k]+=$14; xa[k]+=$15; db[k]+=$17; xb[k]+=$18; r[k]++
} END {
	for (k in r) printf "%s: encode elapsed B/A %.3f (A %.2f MB/s, B %.2f MB/s), cpu B/A %.3f (A %.2f s, B %.2f s); decode elapsed B/A %.3f (A %.2f MB/s, B %.2f MB/s), cpu B/A %.3f (A %.2f s, B %.2f s)\n", k,
		eb[k]/ea[k], n[k]*r[k]/ea[k]/1e6, n[k]*r[k]/eb[k]/1e6, cb[k]/ca[k], ca[k]/r[k], cb[k]/r[k],
		db[k]/da[k], n[k]*r[k]/da[k]/1e6, n[k]*r[k]/db[k]/1e6, xb[k]/xa[k], xa[k]/r[k], xb[k]/r[k]
}'
