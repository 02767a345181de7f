# `make run` and `make test` set everything up on first use (system packages, .venv).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SYSSTAMP := $(VENV)/.system-deps

PKGSTAMP := $(VENV)/.installed-package

.PHONY: run test setup demo lint bench clean screenshots package package-test \
	reliability fuzz

run: setup
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || [ "$$(uname -s)" != "Linux" ]; then \
		$(BIN)/callcoach; \
	else \
		echo "No display found, so the window cannot open. Running the headless demo instead."; \
		$(BIN)/callcoach demo; \
	fi

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

# Crash safety in full: 200 SIGKILL cycles (CLI, core and the desktop app offscreen), then
# restart and check nothing was lost. `make test` runs a seeded 24; CALLCOACH_SEED repeats.
reliability: setup
	CALLCOACH_CRASH_CYCLES=200 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q \
		-p no:cacheprovider tests/reliability/test_crash.py tests/reliability/test_crash_app.py

# Bad input in full: more than 10,000 hypothesis cases (`make test` runs a short profile).
fuzz: setup
	CALLCOACH_FUZZ=full QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q \
		-p no:cacheprovider tests/reliability/test_fuzz.py

setup: $(SYSSTAMP) $(STAMP)

$(SYSSTAMP): tools/system-deps.sh
	@bash tools/system-deps.sh
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ needed"'
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	@touch $@

$(STAMP): pyproject.toml $(SYSSTAMP)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	@touch $@

demo: setup
	$(BIN)/callcoach demo

lint: setup
	$(BIN)/ruff check coach ui scripts_library tests bench

# Accuracy and speed on the shared dev takes and on our own held-out takes (bench/README.md).
bench: setup
	@bash tools/system-deps.sh bench
	$(BIN)/python -m pip install -q -e ".[dev,bench]"
	$(BIN)/python bench/synth/make_set.py bench/out/heldout
	$(BIN)/python bench/synth/make_set.py bench/out/fresh --voices fresh --seed 113
	$(BIN)/python bench/eval_dev.py
	$(BIN)/python bench/eval_dev.py bench/out/heldout
	$(BIN)/python bench/eval_dev.py bench/out/fresh
	$(BIN)/python bench/eval_dev.py --human

# Every screen, light and dark, with a sample application and take, for the README.
screenshots: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/callcoach gui --screenshots docs/screenshots

# Linux installer: the bundle (dist/call-coach/) and dist/call-coach_<version>_<arch>.deb,
# then the smoke test (bundle offscreen and under Xvfb; as root also apt-get install,
# upgrade with user data, purge). See packaging/README.md. Not part of `make test`: it
# takes about 5 minutes.
package: setup $(PKGSTAMP)
	bash packaging/linux/build.sh
	bash packaging/linux/smoke.sh

# The smoke test on what `make package` built (builds first if there is no .deb).
package-test: setup $(PKGSTAMP)
	@ls dist/call-coach_*.deb >/dev/null 2>&1 || bash packaging/linux/build.sh
	bash packaging/linux/smoke.sh

$(PKGSTAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install -q -e ".[package]"
	@touch $@

clean:
	rm -rf $(VENV) build dist *.egg-info
