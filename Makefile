# One obvious command per task. The venv lives in .venv; uv is used when present.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | (sha1sum 2>/dev/null || shasum) | cut -c1-12)
UV     := $(shell command -v uv 2>/dev/null)
PORT   ?= 8866
CORPUS ?=

.PHONY: install test lint dashboard lab bench clean

$(STAMP): pyproject.toml
ifdef UV
	uv venv --quiet --allow-existing --python python3 $(VENV)
	# Bytecode now, as pip does: else the first dashboard compiles ~2,000 modules as it starts.
	uv pip install --quiet --compile-bytecode --python $(PY) -e '.[test]'
else
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
endif
	rm -f $(VENV)/.installed-*
	# Notebooks are committed without outputs: git strips them as it stages a notebook
	# (nbstripout, .gitattributes), so running one in JupyterLab never fails `make test`.
	-git rev-parse --git-dir >/dev/null 2>&1 \
	  && git config filter.nbstripout.clean '"$(abspath $(PY))" -m nbstripout --keep-id' \
	  && git config filter.nbstripout.smudge cat \
	  && git config diff.ipynb.textconv '"$(abspath $(PY))" -m nbstripout -t'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(VENV)/bin/ruff check kit tests benchmarks
	$(VENV)/bin/mypy kit
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check kit tests benchmarks
	$(VENV)/bin/ruff format --check kit tests benchmarks
	$(VENV)/bin/mypy kit

dashboard: $(STAMP)
	$(VENV)/bin/turnkit dashboard $(CORPUS) --port $(PORT)

lab: $(STAMP)
	# PORT only when given (make lab PORT=8899): else JupyterLab's own 8888, not the dashboard's.
	$(VENV)/bin/turnkit lab notebooks $(if $(filter file,$(origin PORT)),,--port $(PORT))

bench: $(STAMP)
	$(PY) benchmarks/bench_read.py
	$(PY) benchmarks/bench_phrases.py
	$(PY) benchmarks/bench_terms.py
	$(PY) benchmarks/bench_keyness.py
	$(PY) benchmarks/bench_dashboard.py
	$(PY) benchmarks/bench_load.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
