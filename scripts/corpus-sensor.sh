#!/bin/sh
# Assemble or check the sensor corpus (bench/corpus/sensor.tsv) outside the repository.
#
#   scripts/corpus-sensor.sh DIR              check DIR's files against the manifest's SHA-256
#   scripts/corpus-sensor.sh DIR MIRRORS      first extract each file from the bare git
#                                             snapshots under MIRRORS (MIRRORS/owner+name/repo,
#                                             as the fetch tool leaves them, or
#                                             MIRRORS/owner+name as a plain bare clone) at the
#                                             manifest's commit, then check
#
# Exit status 1 if a file is missing or its SHA-256 differs.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
manifest=$here/bench/corpus/sensor.tsv
dir=${1:?usage: corpus-sensor.sh DIR [MIRRORS]}
mirrors=${2:-}
mkdir -p "$dir"
bad=0
grep -v '^#' "$manifest" | while IFS='	' read -r name kind repo commit path licence tuned size sum; do
	if [ -n "$mirrors" ]; then
		g=$mirrors/$(echo "$repo" | tr / +)
		[ -d "$g/repo" ] && g=$g/repo
		if ! git --git-dir="$g" show "$commit:$path" >"$dir/$name.tmp" 2>/dev/null; then
			echo "$name: cannot read $repo $commit:$path from $g" >&2
			rm -f "$dir/$name.tmp"
			exit 1
		fi
		mv "$dir/$name.tmp" "$dir/$name"
	fi
	if [ ! -f "$dir/$name" ]; then
		echo "$name: missing (git clone https://github.com/$repo; git show $commit:$path)" >&2
		exit 1
	fi
	got=$(sha256sum "$dir/$name" | cut -d' ' -f1)
	if [ "$got" != "$sum" ]; then
		echo "$name: SHA-256 $got, manifest says $sum" >&2
		exit 1
	fi
	echo "ok $name ($size bytes, $kind, $licence, tuned on: $tuned)"
done || bad=1
exit $bad
