#!/bin/bash
# The sensor corpus table (issue 12): for each file of bench/corpus/sensor.tsv found in DIR,
# vidlm encode and decode end to end (wall clock of the whole process, the round trip checked
# byte for byte), xz -9e and zstd -19, and paq8px -8 from a sizes file when given (paq8px runs
# at about 7 KB/s, so it is run once: scripts/bench-corpus-sensor.sh --paq8px-run DIR PAQ SIZES).
#
#   scripts/bench-corpus-sensor.sh [-v VIDLM] [-p PAQSIZES] DIR
#
# PAQSIZES holds lines "file<TAB>bytes". Ratios are vidlm / other; the geometric means are
# over all files and over the files not tuned on. Exit status 1 if a round trip fails.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
manifest=$here/bench/corpus/sensor.tsv
if [ "${1:-}" = "--paq8px-run" ]; then
	dir=$2 paq=$3 out=$4
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	grep -v '^#' "$manifest" | cut -f1 | while read -r f; do
		grep -q "^$f	" "$out" 2>/dev/null && continue
		cp "$dir/$f" "$tmp/$f"
		( cd "$tmp" && nice "$paq" -8 "$f" "$f.paq8px" >/dev/null 2>&1 )
		printf '%s\t%s\n' "$f" "$(stat -c %s "$tmp/$f.paq8px")" >>"$out"
		rm -f "$tmp/$f" "$tmp/$f.paq8px"
	done
	exit 0
fi
vidlm=vidlm paqsizes=
while getopts v:p: o; do
	case $o in
	v) vidlm=$OPTARG ;;
	p) paqsizes=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
dir=${1:?usage: bench-corpus-sensor.sh [-v VIDLM] [-p PAQSIZES] DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
fail=0
printf '%-28s %-5s %10s %10s %10s %10s %10s %7s %7s %7s %7s %7s\n' file tuned bytes vidlm paq8px xz zstd v/paq v/xz v/zstd encMB/s decMB/s
grep -v '^#' "$manifest" | while IFS='	' read -r name kind repo commit path licence tuned size sum; do
	f=$dir/$name
	[ -f "$f" ] || { echo "$name: missing" >&2; continue; }
	t0=$(now)
	"$vidlm" encode --kind sensor "$f" -o "$tmp/v.vlm" --force >/dev/null 2>&1
	t1=$(now)
	"$vidlm" decode "$tmp/v.vlm" -o "$tmp/v.csv" --force >/dev/null 2>&1
	t2=$(now)
	rt=ok
	cmp -s "$f" "$tmp/v.csv" || { rt=MISMATCH; echo "$name: round trip differs" >&2; }
	v=$(stat -c %s "$tmp/v.vlm")
	x=$(xz -9e -c "$f" | wc -c)
	z=$(zstd -19 -q -c "$f" | wc -c)
	p=-
	[ -n "$paqsizes" ] && p=$(awk -F'\t' -v n="$name" '$1==n{print $2}' "$paqsizes")
	[ -z "$p" ] && p=-
	awk -v n="$name" -v t="$tuned" -v s="$size" -v v="$v" -v p="$p" -v x="$x" -v z="$z" \
		-v te="$(echo "$t1 - $t0" | bc)" -v td="$(echo "$t2 - $t1" | bc)" -v rt="$rt" 'BEGIN{
		r = (p == "-") ? "-" : sprintf("%.3f", v / p)
		printf "%-28s %-5s %10d %10d %10s %10d %10d %7s %7.3f %7.3f %7.2f %7.2f %s\n", n, t, s, v, p, x, z, r, v/x, v/z, s/te/1e6, s/td/1e6, rt
	}'
done | tee "$tmp/table"
awk '$3 ~ /^[0-9]+$/ && $8 != "-" { l = log($8); a += l; na++; if ($2 == "no") { b += l; nb++ } }
	$NF != "ok" { bad++ }
	END {
		if (na) printf "geometric mean vidlm/paq8px: all %d files %.3f, not tuned on %d files %.3f\n", na, exp(a/na), nb, exp(b/nb)
		if (bad) { print bad " round trips failed"; exit 1 }
	}' "$tmp/table"
