#!/usr/bin/env bash
# Install svodka into .venv (created if missing) and run the main job on the bundled example articles.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q -e .
exec svodka analyze examples/ "$@"
