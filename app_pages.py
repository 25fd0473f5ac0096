"""The app's script (served by ``app.py``): its pages, named in the reader's language.

The map is the default page (webapp/map_page.py); the others live in pages/.
"""

from __future__ import annotations

import streamlit as st

from webapp import warm_up

warm_up.wait()  # the pages' imports after the server's own, never alongside (see webapp/warm_up.py)

from geo.render.i18n import t  # noqa: E402

lang = st.session_state.get("lang") or st.query_params.get("lang")
lang = lang if lang in ("vi", "en") else "vi"
st.set_page_config(page_title=t("app_title", lang), page_icon="🗺️", layout="wide")  # each page names its tab
MAP_PAGE = st.Page("webapp/map_page.py", title=t("page_map", lang), icon=":material/map:", default=True)
st.navigation([
    MAP_PAGE,
    st.Page("pages/1_Article.py", title=t("page_article", lang), icon=":material/article:", url_path="Article"),
    st.Page("pages/2_Chronology.py", title=t("chronology_page", lang), icon=":material/calendar_month:", url_path="Chronology"),
    st.Page("pages/3_About.py", title=t("page_about", lang), icon=":material/info:", url_path="About"),
    st.Page("pages/4_Your_story.py", title=t("your_story_page", lang), icon=":material/upload_file:", url_path="Your_story"),
    st.Page("pages/5_Write.py", title=t("page_write", lang), icon=":material/edit_note:", url_path="Write"),
]).run()
