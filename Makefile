# Two commands matter: `make run` (the till on a demo store, embedded SQLite) and `make test`.
# Each makes its own virtual environment from requirements.lock.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
DB     ?= var/demo.sqlite

.PHONY: run test bench screenshots venv clean-demo chain phone-demo

$(VENV)/.installed: requirements.lock pyproject.toml
	@bash scripts/debian-deps.sh venv
	bash scripts/make-venv.sh $(PYTHON) $(VENV)
	@touch $@

venv: $(VENV)/.installed

$(DB): | $(VENV)/.installed
	@mkdir -p $(dir $(DB))
	$(PY) main.py init --demo --db $(DB)

run: venv $(DB)
	@bash scripts/debian-deps.sh window
	$(PY) main.py till --db $(DB)

test: venv
	@bash scripts/debian-deps.sh test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: venv
	@bash scripts/debian-deps.sh bench
	$(PY) -m bench

screenshots: venv $(DB)
	@bash scripts/debian-deps.sh window
	@bash scripts/debian-deps.sh screenshots
	bash scripts/screenshots.sh $(DB)

# A member joins from a phone at a till that serves its own join page (see docs/decisions.md).
phone-demo: venv $(DB)
	@bash scripts/debian-deps.sh window
	@bash scripts/debian-deps.sh test
	bash scripts/phone_demo.sh $(DB)

clean-demo:
	rm -rf $(DB) $(DB)-wal $(DB)-shm $(DB).keys $(DB).seen.json

chain: venv
	@bash scripts/debian-deps.sh window
	bash scripts/chain.sh
