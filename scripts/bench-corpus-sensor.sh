#!/bin/bash
# The sensor corpus table (issue 12): vidlm bench --corpus over the files of
# bench/corpus/sensor.tsv found in DIR, timing whole vidlm processes (--exec), every round trip
# checked byte for byte, with xz -9e, zstd -19 and paq8px -8 (run where installed; its sizes
# are cached by SHA-256 in vidlm's paq8px cache, so each file is compressed once).
#
#   scripts/bench-corpus-sensor.sh [-v VIDLM] [-p PAQSIZES] [-c CACHE] DIR [vidlm bench flags]
#
# PAQSIZES holds lines "file<TAB>bytes" of paq8px -8 sizes measured before (lines whose size is
# not a number are skipped); they are added to CACHE (default: vidlm's) under the manifest's
# SHA-256 of each file. Exit status 1 if a round trip fails.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
manifest=$here/bench/corpus/sensor.tsv
vidlm=vidlm paqsizes= cache=${XDG_CACHE_HOME:-$HOME/.cache}/vidlm/paq8px.tsv
while getopts v:p:c: o; do
	case $o in
	v) vidlm=$OPTARG ;;
	p) paqsizes=$OPTARG ;;
	c) cache=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
dir=${1:?usage: bench-corpus-sensor.sh [-v VIDLM] [-p PAQSIZES] [-c CACHE] DIR}
shift
if [ -n "$paqsizes" ]; then
	mkdir -p "$(dirname "$cache")"
	touch "$cache"
	grep -v '^#' "$manifest" | while IFS='	' read -r name kind repo commit path licence tuned size sum; do
		n=$(awk -F'\t' -v n="$name" '$1==n && $2 ~ /^[0-9]+$/ {s=$2} END{print s}' "$paqsizes")
		if [ -n "$n" ] && ! grep -q "^$sum	" "$cache"; then
			printf '%s\t%s\t%s\n' "$sum" "$n" "$name" >>"$cache"
		fi
	done
fi
exec "$vidlm" bench --corpus "$dir" --manifest "$manifest" --exec --paq8px-cache "$cache" "$@"
