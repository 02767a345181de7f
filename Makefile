# `make run` and `make test` set everything up on first use (system packages, .venv).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SYSSTAMP := $(VENV)/.system-deps

.PHONY: run test setup demo lint bench clean

run: setup
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || [ "$$(uname -s)" != "Linux" ]; then \
		$(BIN)/callcoach; \
	else \
		echo "No display found, so the window cannot open. Running the headless demo instead."; \
		$(BIN)/callcoach demo; \
	fi

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

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

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info
