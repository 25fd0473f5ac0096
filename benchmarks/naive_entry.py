"""The naive app's entry point, as ``app.py`` is ours: an ``st.App`` serving ``naive_app.py``.

Unlike ``app.py`` it starts no warm-up: the naive app imports and loads when its first visitor's
script runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Copied into the naive app's folder (see benchmarks/browser.py): the repository is named by the
# folder's link to static/.
ROOT = (Path(__file__).parent / "static").resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

app = st.App("naive_app.py")
