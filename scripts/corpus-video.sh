#!/bin/sh
# Assemble or check the real camera-motion video corpus (bench/corpus/video.tsv) outside
# the repository: each clip is an H.264 file from a public repository, decoded by ffmpeg
# to 4:2:0 y4m, 150 frames, with the manifest's filter (trim, and a scale to 640x360).
#
#   scripts/corpus-video.sh DIR              check DIR's y4m files against the manifest
#   scripts/corpus-video.sh DIR MIRRORS      first extract each source from the bare git
#                                            snapshots under MIRRORS (MIRRORS/owner+name/repo
#                                            or MIRRORS/owner+name) at the manifest's commit,
#                                            check its SHA-256, decode it, then check
#
# The source files' SHA-256 are the reference. The y4m SHA-256 in the manifest were made
# with ffmpeg 5.1 (Debian 12) and bit-exact scaling; another ffmpeg may scale differently,
# which the script reports. Exit status 1 if a file is missing or a SHA-256 differs.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
manifest=${MANIFEST:-$here/bench/corpus/video.tsv} # MANIFEST=bench/corpus/video-tune.tsv: the tuning clips
dir=${1:?usage: corpus-video.sh DIR [MIRRORS]}
mirrors=${2:-}
mkdir -p "$dir/src"
grep -v '^#' "$manifest" | while IFS='	' read -r name kind repo commit path srcsum licence tuned filter sum; do
	src=$dir/src/$(echo "$repo" | tr / +)+$(basename "$path")
	if [ -n "$mirrors" ]; then
		g=$mirrors/$(echo "$repo" | tr / +)
		[ -d "$g/repo" ] && g=$g/repo
		if ! git --git-dir="$g" show "$commit:$path" >"$src.tmp" 2>/dev/null; then
			echo "$name: cannot read $repo $commit:$path from $g" >&2
			rm -f "$src.tmp"
			exit 1
		fi
		mv "$src.tmp" "$src"
		got=$(sha256sum "$src" | cut -d' ' -f1)
		if [ "$got" != "$srcsum" ]; then
			echo "$name: source SHA-256 $got, manifest says $srcsum" >&2
			exit 1
		fi
		ffmpeg -nostdin -v error -y -i "$src" -an -vf "$filter" \
			-sws_flags lanczos+accurate_rnd+bitexact -pix_fmt yuv420p \
			-f yuv4mpegpipe "$dir/$name.tmp"
		mv "$dir/$name.tmp" "$dir/$name"
	fi
	if [ ! -f "$dir/$name" ]; then
		echo "$name: missing (git clone https://github.com/$repo; git show $commit:$path; rerun with MIRRORS)" >&2
		exit 1
	fi
	got=$(sha256sum "$dir/$name" | cut -d' ' -f1)
	if [ "$sum" != "-" ] && [ "$got" != "$sum" ]; then
		echo "$name: y4m SHA-256 $got, manifest says $sum (ffmpeg $(ffmpeg -version | head -1 | cut -d' ' -f3))" >&2
		exit 1
	fi
	echo "ok $name ($(wc -c <"$dir/$name") bytes, $kind, $licence, tuned on: $tuned)"
done
