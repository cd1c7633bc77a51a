# Entry points: `make serve` and `make test` (see README.md). Each installs what is missing,
# configures with CMake presets (Ninja) and builds each configuration once.
JOBS ?= $(shell nproc)
RELEASE := build/release
ASAN := build/asan-ubsan
DATA ?= ./data
LISTEN ?= 127.0.0.1:8080

.PHONY: setup build build-asan serve test unit format bench clean

setup:
	@scripts/setup.sh

$(RELEASE)/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset release >/dev/null

$(ASAN)/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset asan-ubsan >/dev/null

build: setup $(RELEASE)/build.ninja
	cmake --build $(RELEASE) -j $(JOBS)

# Only what runs under the sanitizers (unit tests, corpus replays).
build-asan: setup $(ASAN)/build.ninja
	cmake --build $(ASAN) -j $(JOBS) --target unit_tests

serve: build
	$(RELEASE)/modelhub serve --data $(DATA) --listen $(LISTEN) --seed-demo

# Everything under the release build (unit, style, integration, real clients), then the unit
# tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
test: build build-asan
	ctest --test-dir $(RELEASE) --output-on-failure -j $(JOBS)
	ctest --test-dir $(ASAN) --output-on-failure -j $(JOBS) -L 'unit|fuzz'

unit: build
	ctest --test-dir $(RELEASE) --output-on-failure -j $(JOBS) -L unit

format:
	git ls-files -co --exclude-standard -- '*.cpp' '*.h' | xargs clang-format -i

bench: build
	bench/run_all.sh

clean:
	rm -rf build
