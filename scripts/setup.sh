#!/usr/bin/env bash
# Set up a fresh machine: a virtual environment with the pinned packages, and (as root, when
# missing) Debian's Chromium for the browser tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-dev}"   # dev: tests too; run: only what the app needs
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
if [ "$want" = "run" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
else
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
  if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium fonts-noto-core >/dev/null
  fi
fi
