#!/usr/bin/env bash
# Install svodka with its test extras into .venv (created if missing) and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q -e ".[test]"
exec python -m pytest -q "$@"
