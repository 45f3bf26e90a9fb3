#!/usr/bin/env bash
# Set up a fresh machine: a virtual environment in .venv with dataguard installed (its
# scanning core compiled with mypyc when a C compiler is present, plain Python otherwise;
# DATAGUARD_PURE_PYTHON=1 skips compiling).
#   scripts/bootstrap.sh        runtime only (scan, validate, filter, report)
#   scripts/bootstrap.sh dev    plus everything the tests and benchmarks need
#                               (pytest, hypothesis, moto server, ruff, presidio, spaCy,
#                               and Debian's chromium for the HTML report test)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "${1:-}" = "dev" ]; then
  .venv/bin/python -m pip install -q -e '.[dev]'
  if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "bootstrap: could not install chromium; the HTML report screenshot test will fail" >&2
  fi
else
  .venv/bin/python -m pip install -q -e .
fi
