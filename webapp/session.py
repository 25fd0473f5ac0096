"""Session state that must survive moving between pages.

Streamlit forgets a widget's value when its page is not shown; re-assigning the keys at the
top of every page turns them into plain session state, so the map keeps its day, language
and layers while a student reads the article.
"""

from __future__ import annotations

import streamlit as st

from geo.render.i18n import LANG_NAMES, t

VIEW_KEYS = ("day", "lang", "mode", "layers", "event", "present", "speed", "step", "playing", "last_step", "story_key")


def keep_view_state() -> None:
    """Keep the map's view keys alive on this page."""
    for key in VIEW_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def page_language(default: str) -> str:
    """The language for a secondary page: the one chosen on the map, switchable in the sidebar."""
    ss = st.session_state
    if "lang" not in ss:
        asked = st.query_params.get("lang")
        ss.lang = asked if asked in ("vi", "en") else default
    with st.sidebar:
        st.radio(t("language", ss.lang), ["vi", "en"], key="lang", format_func=LANG_NAMES.get, horizontal=True)
    return ss.lang


def markdown_table(table):
    """A copy of a table whose text cells and headers show literally (st.table renders Markdown)."""
    import pandas as pd

    from geo.render.escaping import escape_markdown

    escaped = table.map(lambda v: escape_markdown(v) if isinstance(v, str) else v)
    escaped.columns = [escape_markdown(c) for c in escaped.columns]
    # keep the index's name: st.table shows it as the header of the row headers' column
    name = table.index.name
    escaped.index = pd.Index([escape_markdown(i) if isinstance(i, str) else i for i in escaped.index],
                             name=escape_markdown(name) if isinstance(name, str) else name)
    return escaped


def open_on_map(day, event_id: str | None) -> None:
    """Button callback: show this day and event on the map page."""
    ss = st.session_state
    ss.day, ss.event, ss.step, ss.present = day, event_id, None, ss.get("present", False)
    ss.pending_page = "map"


STORY_VIEW_KEYS = ("day", "layers", "event", "step", "playing", "search")


def forget_view() -> None:
    """Forget the view of the story shown until now (its day, layers, event): another story follows."""
    for key in STORY_VIEW_KEYS:
        st.session_state.pop(key, None)


PAGE_TITLES = {"Article": "page_article", "Chronology": "page_chronology", "About": "page_about",
               "Your story": "page_your_story", "Write": "page_write"}


def start_page(title: str, default_lang: str = "vi") -> str:
    """What every secondary page does first: title, kept state, style, language, and going to the
    map when a button asked for it (a callback cannot switch pages). Returns the language."""
    from webapp.presenter import use_app_style

    keep_view_state()
    use_app_style()
    lang = page_language(default_lang)
    key = PAGE_TITLES.get(title)  # the tab's title in the reader's language
    st.set_page_config(page_title=f"{t(key, lang) if key else title} · {t('app_title', lang)}", layout="wide")
    if st.session_state.pop("pending_page", None):
        st.switch_page("webapp/map_page.py")
    return lang
