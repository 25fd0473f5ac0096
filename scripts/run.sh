#!/usr/bin/env bash
# The README's run command: set up the runtime packages and serve the app on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh run
exec .venv/bin/streamlit run app.py "$@"
