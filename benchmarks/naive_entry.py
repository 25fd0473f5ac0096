"""The naive app's entry point, as ``app.py`` is ours: an ``st.App`` serving ``naive_app.py``.

Like ``app.py`` it imports the fast YAML reader in the server's main thread (yaml-rs must not be
imported first by a script run's thread: see ``geo.story.yaml_reader._import_fast_reader``), so both
apps read stories alike. Unlike ``app.py`` it starts no warm-up: the naive app imports and loads
when its first visitor's script runs.
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

import geo.story.yaml_reader  # noqa: E402,F401

app = st.App("naive_app.py")
