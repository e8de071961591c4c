#!/usr/bin/env bash
# Two vidlm binaries must write the same bytes: every log given (default: every file of
# /work/corpus/sensor) is encoded by OLD and by NEW with the same --file-id, the two .vlm
# files are compared with cmp, and NEW's file is decoded by NEW and compared with the log.
# Prints "same FILE SIZE" or "DIFF FILE" per log; exit status 1 if any differs.
#
#   nice -n 10 scripts/cmp-sensor.sh bin/vidlm-old bin/vidlm [FILE...]
set -uo pipefail
old=$1 new=$2
shift 2
files=("$@")
[ ${#files[@]} -eq 0 ] && files=(/work/corpus/sensor/*)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bad=0
for f in "${files[@]}"; do
	b=$(basename "$f")
	"$old" encode -q --kind sensor --file-id 1 "$f" -o "$work/o.vlm" --force
	"$new" encode -q --kind sensor --file-id 1 "$f" -o "$work/n.vlm" --force
	"$new" decode -q "$work/n.vlm" -o "$work/n.out" --force
	if cmp -s "$work/o.vlm" "$work/n.vlm" && cmp -s "$work/n.out" "$f"; then
		echo "same $b $(stat -c %s "$work/n.vlm")"
	else
		echo "DIFF $b"
		bad=1
	fi
done
exit $bad
