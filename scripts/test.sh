#!/usr/bin/env bash
# The whole test suite: formatting, vet, unit and end-to-end tests on real data, and the
# golden files decoded on arm64 under qemu. `make test` and .ci/run call this.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change: $unformatted" >&2
  exit 1
fi

echo "== go vet"
go vet ./...
# make build's bin/vidlm (-tags nocv, no cgo) compiles files go vet ./... does not see.
echo "== go vet of the nocv build (bin/vidlm without OpenCV)"
(cd cmd/vidlm && CGO_ENABLED=0 go vet -tags nocv $(CGO_ENABLED=0 go list -tags nocv -f '{{join .GoFiles " "}}' .))

echo "== go test"
go test -count=1 -timeout 30m ./...

# The Apache Beam pipeline lives in its own module (batch/, its own go.mod) so that the main
# module never pulls Beam; its tests run the pipeline on Prism inside the test process (a few
# seconds once built; the first build of Beam's dependencies takes minutes).
echo "== batch module (vidlm-batch on Apache Beam)"
(cd batch && go vet ./... && go test -count=1 -timeout 10m ./...)

# The parallel paths (tiles on several threads, segments coded at once, lattice discovery on all cores) under the race
# detector: shared state written from two goroutines is a bug even when the bytes come out right.
echo "== race detector on the parallel coders"
go test -count=1 -race ./codec -run 'TestThreadsDoNotChangeBytes|TestSensorCoresSameBytes|TestSensorTrialsSameBytes|TestSegmentsSameBytes/.*/segment3/|TestEncodeSegmentsBadFrame'

# Determinism across machines: the golden files must decode, and re-encode to the same bytes,
# on arm64 (where Go fuses x*y+z into FMA) and with amd64 v1 and v3 (AVX2, FMA) code.
echo "== golden files and round trips on arm64"
if [ "$(uname -m)" = aarch64 ]; then
  go test -count=1 ./codec -run 'Golden|RoundTrip'
  go test -count=1 ./samples ./experiment -run Golden
else
  GOARCH=arm64 go test -count=1 -exec qemu-aarch64-static ./codec -run 'Golden|RoundTrip'
  GOARCH=arm64 go test -count=1 -exec qemu-aarch64-static ./samples ./experiment -run Golden
fi
if [ "$(go env GOHOSTARCH)" = amd64 ]; then
  echo "== golden files encoded under GOAMD64=v1 and GOAMD64=v3"
  # "go test ./..." above built codec under $(go env GOAMD64) and ran every golden test: when
  # that is v1 (Go's default), the v1 run here would be the same build running the same tests.
  if [ "$(go env GOAMD64)" = v1 ]; then
    echo "(GOAMD64=v1: the golden tests ran under it in the go test stage above)"
  else
    GOAMD64=v1 go test -count=1 ./codec -run Golden
  fi
  v3exec=""
  if ! { grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo && grep -qw bmi2 /proc/cpuinfo; }; then
    echo "(no AVX2/FMA/BMI2 here: running the v3 builds under qemu-x86_64-static -cpu max)"
    v3exec="qemu-x86_64-static -cpu max"
  fi
  GOAMD64=v3 go test -count=1 ${v3exec:+-exec "$v3exec"} ./codec -run Golden
  echo "== vidlm built for v1 and v3 encodes testdata/vtest_crop.y4m to the same bytes"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  GOAMD64=v1 go build -o "$tmp/vidlm-v1" ./cmd/vidlm
  GOAMD64=v3 go build -o "$tmp/vidlm-v3" ./cmd/vidlm
  "$tmp/vidlm-v1" encode testdata/vtest_crop.y4m -o "$tmp/v1.vlm" -q --file-id 1
  $v3exec "$tmp/vidlm-v3" encode testdata/vtest_crop.y4m -o "$tmp/v3.vlm" -q --file-id 1
  cmp "$tmp/v1.vlm" "$tmp/v3.vlm"
  echo "identical: $(sha256sum <"$tmp/v1.vlm" | cut -c1-16)... ($(stat -c %s "$tmp/v1.vlm") bytes)"
fi
