#!/usr/bin/env bash
# Runs vidlm's fuzz targets one after the other, each for a while, gently (nice, one worker):
#
#   scripts/fuzz.sh [DURATION] [TARGET...]     e.g. scripts/fuzz.sh 10m FuzzDecoder
#
# DURATION defaults to 10m; without targets every Fuzz* function of every package is run.
# Minimising a new interesting input is capped at 5 s (VIDLM_FUZZ_MINIMIZE): with go's default
# of 60 s, FuzzSensorRoundTrip (a whole encode and decode per input) spent most of its time
# minimising and ran 4,116 inputs in 10 minutes; with 2 s it ran 65,739.
# A crasher is saved by `go test` under PACKAGE/testdata/fuzz/TARGET/ and from then on runs as a
# regression test in `go test ./...`: keep it there once the bug is fixed. The last lines of
# each run (execs, duration) are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

duration=${1:-10m}
shift || true
wanted=" $* "

for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    if [ "$wanted" != "  " ] && [[ "$wanted" != *" $target "* ]]; then
      continue
    fi
    echo "== $pkg $target for $duration"
    start=$(date +%s)
    status=0
    (cd "$dir" && GOMAXPROCS=1 nice -n 10 go test -run '^$' -fuzz "^$target\$" -fuzztime "$duration" -fuzzminimizetime "${VIDLM_FUZZ_MINIMIZE:-5s}" -parallel 1 -timeout 0) \
      >"/tmp/vidlm-fuzz-$target.log" 2>&1 || status=$?
    grep 'execs:' "/tmp/vidlm-fuzz-$target.log" | tail -1 || true
    tail -3 "/tmp/vidlm-fuzz-$target.log"
    echo "$target: $(( $(date +%s) - start )) s, exit $status"
  done
done
