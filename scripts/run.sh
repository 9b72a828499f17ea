#!/usr/bin/env bash
# The README's run command (via `make run`): migrate, load the demo, start the background worker for
# optimisation runs, and serve the portal. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
$BIN/byvekst migrate --no-input
$BIN/byvekst demo
$BIN/byvekst worker &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo "Byvekst on http://$HOST:$PORT/ (worker pid $WORKER)"
$BIN/byvekst runserver "$HOST:$PORT"
