# vidlm: `make demo` runs the demo, `make test` the whole test suite (what CI runs).
# Both first install what they need through scripts/setup.sh (idempotent).
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin

.PHONY: all setup build demo test bench clean

all: build

setup:
	@scripts/setup.sh

build: setup
	go build -o bin/vidlm ./cmd/vidlm

demo: build
	@scripts/demo.sh

test: setup
	@scripts/test.sh

clean:
	rm -rf bin .cache
