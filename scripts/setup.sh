#!/usr/bin/env bash
# Installs what vidlm's build, demo and tests need on Debian 12, and nothing that is already
# there: OpenCV (for gocv), ffmpeg (reference codecs and test clips), opencv-doc (vtest.avi and
# still images), qemu-user-static (arm64 determinism tests), the reference compressors, and
# GNU time (memory measurements). Safe to run any number of times.
set -euo pipefail

packages=(libopencv-dev ffmpeg opencv-doc qemu-user-static zstd xz-utils bzip2 gzip time pkg-config)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null 2>&1; then
  export PATH="$PATH:/usr/local/go/bin"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "setup: Go 1.26 or newer is needed (https://go.dev/dl), not found on PATH or in /usr/local/go/bin" >&2
  exit 1
fi
