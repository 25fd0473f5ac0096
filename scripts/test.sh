#!/usr/bin/env bash
# The README's test command: set up (scripts/setup.sh) and run every test, browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
exec .venv/bin/python -m pytest "$@"
