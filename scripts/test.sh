#!/usr/bin/env bash
# The test command (README): Swift unit and HTTP tests, then the browser checks in headless Chromium.
# Installs what the browser checks need (Debian's chromium, Playwright from PyPI) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
swift test --skip-build

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installation de chromium (paquet Debian)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! python3 -c "import playwright, pytest" >/dev/null 2>&1; then
  echo "Installation de Playwright (PyPI)…"
  python3 -m pip install -q "playwright==1.65.2" "pytest>=8"
fi

TERRITOIRES_BIN="$(swift build --show-bin-path)/territoires" python3 -m pytest e2e -q -p no:cacheprovider
