# Tỉnh số — `make run` and `make test` on a fresh machine with python3, node/npm and the package registries.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMPS := var/stamps
PORT   ?= 8000
export PORT

.PHONY: setup run test check lint typecheck bench bench-quick lock messages clean-db help

help:
	@echo "make run          set up and start the platform on http://127.0.0.1:$(PORT) with demo data"
	@echo "make test         set up and run every check and test"
	@echo "make bench        all benchmarks (JSON lines); make bench-quick: a small version under 60 s"
	@echo "make lock         re-pin Python dependencies into requirements.lock"
	@echo "make messages     refresh the translation catalogues (needs GNU gettext)"

# --- set-up: each step re-runs only when its lock file changed (stamp files under var/stamps) ---
$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMPS)/pip: requirements.lock pyproject.toml | $(PY)
	@mkdir -p $(STAMPS)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(STAMPS)/npm: package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STAMPS)/assets: $(STAMPS)/npm tinhso/assets.py | $(STAMPS)/pip
	$(PY) -m tinhso.assets
	@touch $@

MO_FILES := $(patsubst %.po,%.mo,$(wildcard tinhso/locale/*/LC_MESSAGES/*.po))
tinhso/locale/%.mo: tinhso/locale/%.po | $(STAMPS)/pip
	$(PY) -m tinhso.i18n_compile $< $@

setup: $(STAMPS)/pip $(STAMPS)/assets $(MO_FILES)

run: setup
	$(VENV)/bin/tinhso run --port $(PORT)

test: setup
	bash scripts/test.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup
	$(VENV)/bin/mypy tinhso

bench: setup
	$(PY) -m benchmarks.run

bench-quick: setup
	$(PY) -m benchmarks.run --quick

messages: setup
	bash scripts/messages.sh

lock: | $(PY)
	bash scripts/lock.sh
