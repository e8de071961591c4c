#!/usr/bin/env bash
# Regenerates the README's "Science" figures from one run of the five shipped worlds:
#   scripts/science.sh            (make science)
# runs `vidlm experiment --all` into .cache/science (timed), replaces the tables between the
# science markers of README.md with the run's summary.md, and copies kepler's learning plot to
# docs/science-kepler-learning.png. Everything it writes comes from that one run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
go build -o bin/vidlm-opencv ./cmd/vidlm # experiments track frames through OpenCV
out=.cache/science
rm -rf "$out"
mkdir -p .cache
start=$(date +%s.%N)
bin/vidlm-opencv experiment --all -o "$out" >.cache/science.log 2>&1 || { cat .cache/science.log >&2; exit 1; }
secs=$(echo "$(date +%s.%N) - $start" | bc)
cp "$out/kepler/learning.png" docs/science-kepler-learning.png
commit=$(git rev-parse --short HEAD)
{
  echo "<!-- science:begin (scripts/science.sh writes this part; do not edit by hand) -->"
  echo
  echo "From \`vidlm experiment --all\` at commit $commit ($(printf '%.0f' "$secs") s for the five worlds on this machine, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) at the end):"
  echo
  cat "$out/summary.md"
  echo
  echo "<!-- science:end -->"
} > "$out/readme-part.md"
grep -q '^<!-- science:begin' README.md || { echo "README.md has no science markers" >&2; exit 1; }
awk -v part="$out/readme-part.md" '
  /^<!-- science:begin/ { while ((getline line < part) > 0) print line; skip = 1; next }
  /^<!-- science:end -->/ { skip = 0; next }
  !skip { print }
' README.md > "$out/README.md"
mv "$out/README.md" README.md
echo "README.md and docs/science-kepler-learning.png regenerated from $out ($(printf '%.1f' "$secs") s)"
