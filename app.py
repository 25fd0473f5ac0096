"""The app's entry point: ``streamlit run app.py`` (locally, and on Streamlit Community Cloud).

Streamlit finds the ``st.App`` below and serves its script, ``app_pages.py`` (the pages, named
in the reader's language). The App's lifespan starts ``webapp.warm_up`` with the server, so the
imports and the default story are ready, or nearly, by the time the first browser has booted
Streamlit's page.
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware
from streamlit.runtime.pages_manager import PagesManager

from webapp.asset_delivery import CompressedStatic
from webapp.warm_up import lifespan

# The pages are declared by st.navigation (app_pages.py). Left to itself, Streamlit sees the pages/
# folder beside that script and runs the first session after a start inside its folder-based
# navigation, whose labels ("app pages", "Article"…, in English) fill the sidebar and the tab's
# title until app_pages.py's navigation replaces them. st.navigation clears this flag itself, on
# that first run; cleared here, no visitor sees those labels.
PagesManager.uses_pages_directory = False

# Static files (Streamlit's page code, the map's assets) compressed once, cached (webapp/asset_delivery.py).
app = st.App("app_pages.py", lifespan=lifespan, middleware=[Middleware(CompressedStatic)])
