"""About: sources, how dates and places were established, data provenance and licences."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.render.i18n import t
from geo.render.escaping import escape_markdown
from webapp.session import start_page
from webapp.story_cache import shown_story

ROOT = Path(__file__).resolve().parent.parent

shown = shown_story()
story = shown.loaded.story
lang = start_page("About", story.story.default_language)

st.header(t("about_page", lang))
st.markdown((ROOT / "docs" / f"about.{lang}.md").read_text(encoding="utf-8"))

st.subheader(t("sources", lang))
for record in story.story.sources:
    parts = [record.title, record.publisher or "", record.date.isoformat() if record.date else ""]
    line = " — ".join(escape_markdown(p) for p in parts if p)
    url = f"  \n{escape_markdown(record.url)}" if record.url else ""  # as text: never a live link
    st.markdown(f"- {line}{url}")

with st.expander("Natural Earth, world-atlas · geo/data/README.md"):
    st.markdown((ROOT / "geo" / "data" / "README.md").read_text(encoding="utf-8"))
with st.expander("Leaflet & plugins · static/vendor/LICENSES.md"):
    licences = (ROOT / "static" / "vendor" / "LICENSES.md").read_text(encoding="utf-8")
    st.markdown(licences.split("\n## ")[0])
