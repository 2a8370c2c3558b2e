#!/usr/bin/env bash
# Run the whole test suite on a fresh Debian machine: installs what the tests need
# (Chromium from Debian, the Python packages, scorm-again from npm), then runs pytest.
# Usage: bash tests/run.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium (Debian package)..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

echo "Installing the builder and its test dependencies..."
python3 -m pip install -q --disable-pip-version-check -e ".[test]"

echo "Installing the test LMS (scorm-again, pinned by tests/host/package-lock.json)..."
(cd tests/host && npm ci --silent --no-audit --no-fund)

exec python3 -m pytest "$@"
