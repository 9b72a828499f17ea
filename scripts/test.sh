#!/usr/bin/env bash
# The README's test command (via `make test`): lint, type-check, architecture contract, then the whole suite
# on SQLite and on PostgreSQL. Installs Debian's chromium for the browser tests and starts PostgreSQL if down.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/byvekst}

apt_install() {
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "== installing Debian's chromium for the browser tests"
    apt_install chromium
  fi
}

ensure_libreoffice() {
  if [ ! -x /usr/bin/soffice ] || [ ! -x /usr/bin/pdftotext ]; then
    echo "== installing LibreOffice (Writer) and poppler for the document tests"
    apt_install --no-install-recommends libreoffice-writer-nogui poppler-utils
  fi
}

ensure_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "== starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
}

echo "== ruff"
$BIN/ruff check .
echo "== mypy"
$BIN/mypy
echo "== import contract (engine free of Django)"
$BIN/lint-imports
echo "== migrations match the models"
$BIN/byvekst makemigrations --check --dry-run >/dev/null
echo "== translations compile"
(cd src/byvekst && ../../$BIN/byvekst compilemessages -v0)
[ "${1:-}" = "--lint-only" ] && exit 0

echo "== pip install . in an empty virtualenv gives a working byvekst"
PKG=$(mktemp -d)
trap 'rm -rf "$PKG" build' EXIT
python3 -m venv "$PKG/venv"
"$PKG/venv/bin/pip" install --quiet .
BYVEKST_HOME="$PKG" DATABASE_URL="sqlite:///$PKG/db.sqlite3" "$PKG/venv/bin/byvekst" migrate -v0
BYVEKST_HOME="$PKG" DATABASE_URL="sqlite:///$PKG/db.sqlite3" "$PKG/venv/bin/byvekst" check

ensure_chromium
ensure_libreoffice
ensure_postgres
WORKERS=${PYTEST_WORKERS:-2}
echo "== tests on SQLite"
$BIN/pytest -n "$WORKERS" tests
echo "== tests on PostgreSQL ($PG_URL)"
DATABASE_URL=$PG_URL $BIN/pytest -n "$WORKERS" tests
