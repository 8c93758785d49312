#!/usr/bin/env bash
# Install svodka into .venv (created if missing), ingest the bundled example articles into a SQLite archive
# (svodka.db in the current directory, or $SVODKA_DB) and show what the archive answers.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q -e .
# svodka's bytecode, written once: an editable install leaves it to the first import, which writes none where
# PYTHONDONTWRITEBYTECODE is set, and every command then compiled svodka again (0.15 s of each start)
python -m compileall -q src/svodka >/dev/null
export SVODKA_DB="${SVODKA_DB:-svodka.db}"
svodka ingest examples/ "$@"
echo; echo '$ svodka entities --top 8'
svodka entities --top 8
echo; echo '$ svodka quotes --speaker "Путин"'
svodka quotes --speaker "Путин"
echo; echo '$ svodka search "переговоры"'
svodka search "переговоры" --limit 5
echo; echo '$ svodka figures --about "товарооборот"'
svodka figures --about "товарооборот"
echo
echo "The archive is $SVODKA_DB. Try: . .venv/bin/activate && svodka entity \"Песков\""
# Last, the archive in a browser: the server prints its address and runs until Ctrl+C. Another
# `svodka ingest … --db "$SVODKA_DB"` while it runs shows up on the next page load. SVODKA_DEMO_NO_SERVE=1
# stops here instead (for scripts).
if [ -z "${SVODKA_DEMO_NO_SERVE:-}" ]; then
  echo
  exec svodka serve --db "$SVODKA_DB" --port "${SVODKA_PORT:-8000}"
fi
