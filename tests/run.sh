#!/usr/bin/env bash
# Run the whole test suite on a fresh Debian machine: installs what the tests need
# (Chromium, Node and npm from Debian, the Python packages, the test LMS from npm), then runs
# pytest. Usage: bash tests/run.sh [pytest arguments]
# CHROMIUM=/path/to/chromium uses another Chromium build instead of Debian's /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests need: Chromium (unless CHROMIUM names another browser), Node and npm.
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
missing=()
if [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (Debian packages)..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The Python to use: an active virtual environment, else .venv (made by the README's set-up),
# else python3; a system Python that refuses pip (Debian's "externally managed") gets a .venv.
PYTHON=python3
if [ -z "${VIRTUAL_ENV:-}" ] && [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; fi
echo "Installing the builder and its test dependencies..."
if ! "$PYTHON" -m pip install -q --disable-pip-version-check -e ".[test]" 2>/tmp/coursesmith-pip.log; then
  if grep -q "externally-managed-environment" /tmp/coursesmith-pip.log; then
    echo "This Python is managed by the system: making a virtual environment in .venv..."
    python3 -m venv .venv 2>/dev/null || { $SUDO apt-get install -y -qq python3-venv >/dev/null && python3 -m venv .venv; }
    PYTHON=.venv/bin/python
    "$PYTHON" -m pip install -q --disable-pip-version-check -e ".[test]"
  else
    cat /tmp/coursesmith-pip.log >&2
    exit 1
  fi
fi

echo "Installing the test LMS (scorm-again, pinned by tests/host/package-lock.json)..."
(cd tests/host && npm ci --silent --no-audit --no-fund)

exec "$PYTHON" -m pytest "$@"
