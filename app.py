"""The app's entry point: ``streamlit run app.py`` (locally, and on Streamlit Community Cloud).

Streamlit finds the ``st.App`` below and serves its script, ``app_pages.py`` (the pages, named
in the reader's language). The App's lifespan starts ``webapp.warm_up`` with the server, so the
imports and the default story are ready, or nearly, by the time the first browser has booted
Streamlit's page.
"""

from __future__ import annotations

import streamlit as st

# The fast YAML reader must be imported by the server's main thread, which outlives every script
# run's thread: see geo.yaml_source._import_fast_reader (imported elsewhere, it is left unused).
import geo.yaml_source  # noqa: F401
from webapp.warm_up import lifespan

app = st.App("app_pages.py", lifespan=lifespan)
