"""Write: from a pasted article to a story on the map, with no file to edit (issue 19).

Paste an article (or open the shipped or uploaded story), make its sentences events in a table,
take the places each sentence names, see the map and the problems by row as you go, then download
the story (YAML, one-file offline HTML, CSV) or show it on the map for this session. A thin shell
over :mod:`geo.story.draft`; the parts are in :mod:`webapp.editor` and :mod:`webapp.place_picker`. The
Help tab renders the authoring guide in the reader's language (the Markdown the repository keeps for authors).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.places.gazetteer import Gazetteer
from geo.render.editor_words import w
from geo.render.i18n import t
from webapp import editor, place_picker
from webapp.session import start_page
from webapp.story_cache import DEFAULT_STORY, load_cached

ROOT = Path(__file__).resolve().parent.parent
GUIDES = {"vi": "authoring.vi.md", "en": "authoring.md"}  # the same guide; tests/test_authoring_vi.py keeps them parallel


@st.cache_resource(show_spinner=False)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, shared (read-only: the draft's own places are not added to it)."""
    return Gazetteer.shipped()


lang = start_page("Write")
editor.keep_state()
ss = st.session_state

st.header(t("page_write", lang))
write_tab, help_tab = st.tabs([w("tab_write", lang), w("tab_help", lang)])
with help_tab:
    st.caption(w("help_intro", lang))
    st.markdown((ROOT / "docs" / GUIDES[lang]).read_text(encoding="utf-8"))
with write_tab:
    st.caption(w("intro", lang))
    editor.restore_offer(lang)
    uploaded = ss.get("uploaded")
    sentences = editor.article_part(lang, lambda: load_cached(DEFAULT_STORY), uploaded)
    rows = editor.events_part(lang, gazetteer())
    editor.row_tools(lang, rows, gazetteer())
    place_picker.pick_part(lang, rows, gazetteer())
    built = editor.built_story(rows, gazetteer())
    shown = editor.preview_story(built)
    left, right = st.columns([1, 1])
    with left:
        editor.suggestions_part(lang, sentences, rows, gazetteer())
    with right:
        editor.preview_part(lang, shown)
        editor.problems_part(lang, built)
    editor.keep_part(lang, built, shown)
    editor.keeper(rows)
