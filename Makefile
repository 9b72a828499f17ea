# Byvekst — the two commands of the README:
#   make run    set up, migrate, load the Miljøløftet configuration and demo data, start the worker, serve on :8000
#   make test   set up, lint, type-check, and run the whole suite on SQLite and on PostgreSQL
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup run test lint messages openapi clean

$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

setup: $(BIN)/.installed

run: setup
	HOST=$(HOST) PORT=$(PORT) scripts/run.sh

test: setup
	scripts/test.sh

lint: setup
	scripts/test.sh --lint-only

messages: setup
	cd src/byvekst && ../../$(BIN)/byvekst makemessages -l nb -l en --ignore "*/migrations/*" && ../../$(BIN)/byvekst compilemessages

clean:
	rm -rf $(VENV) var

openapi: setup
	$(BIN)/byvekst shell -c "import json; from byvekst.api import api; open('docs/openapi.json','w').write(json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True)+'\n')"
