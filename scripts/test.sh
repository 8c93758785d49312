#!/usr/bin/env bash
# Install svodka with its test extras into .venv (created if missing) and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q -e ".[test]"

# tests/test_browser.py drives Debian's Chromium. If it cannot be installed, the test fails saying so: a
# skipped browser test would look like a pass.
if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium for the browser test" >&2
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null; then
    echo "could not install chromium (apt-get needs root and Debian's apt); tests/test_browser.py will fail" >&2
  fi
fi

exec python -m pytest -q "$@"
