#!/usr/bin/env bash
# The test command (README): Swift unit, storage (SQLite and PostgreSQL) and HTTP tests, then the browser
# checks in headless Chromium. Installs what they need (Debian's postgresql-15 and chromium, Playwright,
# schemathesis and validata-table from PyPI) when it is missing, and starts and stops its own PostgreSQL on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests

# The contract suite fails, rather than leaving PostgreSQL out, if the server below does not come up.
export TERRITOIRES_TEST_REQUIRE_PG=1
source scripts/postgres.sh
trap stop_test_postgres EXIT

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

# Schemathesis (PyPI, pinned) for e2e/test_schemathesis.py: the API against its own OpenAPI document.
if ! python3 -c "import importlib.metadata as m, sys; sys.exit(m.version('schemathesis') != '4.32.5')" >/dev/null 2>&1; then
  echo "Installation de schemathesis (PyPI)…"
  python3 -m pip install -q "schemathesis==4.32.5"
fi

# Validata (validata-table from PyPI, pinned) for e2e/test_validata.py: the reference validator of the SCDL standards
# as the oracle of ours. A test tool only, in its own venv (.validata-venv): frictionless is pinned to 5.18, as 5.21
# crashes on a file whose header shares no column with the schema.
if ! .validata-venv/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('validata-table') != '0.12.5' or not m.version('frictionless').startswith('5.18.'))" >/dev/null 2>&1; then
  echo "Installation de validata-table (PyPI, venv .validata-venv)…"
  python3 -m venv .validata-venv
  .validata-venv/bin/python -m pip install -q "validata-table==0.12.5" "frictionless==5.18.*"
fi

TERRITOIRES_BIN="$(swift build --show-bin-path)/territoires" python3 -m pytest e2e -q -p no:cacheprovider
