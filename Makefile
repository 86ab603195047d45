# The two commands of the README: `make run` and `make test`.
# Both create .venv on first use and install the project into it.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test unit venv demo bench lint clean

$(STAMP): pyproject.toml
	@echo "Installing the Python packages of pyproject.toml into $(VENV)/ (about 300 MB; nothing outside this folder)"
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# The Debian packages (LibreOffice, fonts, poppler): it says which and why, then asks, installs or
# only prints the command, per DOSSIER_INSTALL_PACKAGES=ask|yes|no (.ci/system-packages).
run: $(STAMP)
	-bash .ci/system-packages
	$(BIN)/dossier run-demo $(DEMO_ARGS)

demo: $(STAMP)
	$(BIN)/dossier demo

# The suite runs on two workers per core, at most 8 (pytest-xdist): its tests wait on servers,
# LibreOffice and browsers more than they compute (one worker per core kept ~1 core busy).
# TEST_WORKERS=0 runs it in this one process. A module's tests that share one costly fixture are
# kept on one worker (xdist_group, --dist loadgroup); slow tests start first (tests/conftest.py).
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); echo $$(( n * 2 > 8 ? 8 : n * 2 )))
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check dossier workflows web tests bench

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis test-artifacts
