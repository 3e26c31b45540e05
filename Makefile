# Thin wrappers over CMake presets; the README's two commands are `make run` and `make test`.
PRESET ?= release
BUILD  := build/$(PRESET)
VELUM  := $(BUILD)/src/cli/velum

.PHONY: run test build deps asan fuzz bench format tidy clean

deps:
	@if [ "$$(id -u)" = 0 ]; then scripts/install-deps; else sudo scripts/install-deps; fi

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET)

# ARGS go to velum serve: `make run ARGS=--lan` serves your phone too.
run: build
	@$(VELUM) serve $(ARGS)

test: build
	@ctest --preset $(PRESET)

asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan
	@ctest --preset asan

fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz --target routine_parser_fuzz
	@scripts/run-fuzz

bench: build
	@bench/run-all $(BUILD)

# clang-tidy over src/ with the build's compile commands; any finding fails.
tidy:
	@cmake --preset $(PRESET) >/dev/null
	@scripts/run-tidy $(BUILD)

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	@rm -rf build
