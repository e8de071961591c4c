# vidlm: `make demo` runs the demo, `make test` the whole test suite (what CI runs).
# Both first install what they need through scripts/setup.sh (idempotent).
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin

.PHONY: all setup build batch demo test clean science

all: build

setup:
	@scripts/setup.sh

# bin/vidlm is built without cgo (-tags nocv): it starts in a few milliseconds, links no
# OpenCV, and hands the commands that need OpenCV (video files, cameras, images, .mkv/.avi/PNG
# output, heatmap videos, experiments) to bin/vidlm-opencv, the full build, beside it.
build: setup
	CGO_ENABLED=0 go build -tags nocv -o bin/vidlm ./cmd/vidlm
	go build -o bin/vidlm-opencv ./cmd/vidlm

# vidlm-batch (archives on Apache Beam): a module of its own, batch/, so that `build` never
# pulls Beam; its first build takes minutes.
batch:
	cd batch && go build -o ../bin/vidlm-batch ./cmd/vidlm-batch

demo: build
	@scripts/demo.sh

test: setup
	@scripts/test.sh

# The README's Science tables and learning plot, from one run of the five worlds.
science: setup
	@scripts/science.sh

clean:
	rm -rf bin .cache
