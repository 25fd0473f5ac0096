"""The app's entry point (``streamlit run app.py``): its pages, named in the reader's language.

The map is the default page (webapp/map_page.py); the others live in pages/.
"""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from geo.i18n import t

# The 🗺️ favicon exactly as Streamlit's frontend draws an emoji icon (an SVG with the emoji as
# text), given as an ASCII data URL: passed the emoji itself, Streamlit first imports its
# 4,000-emoji catalogue to check it (streamlit.emojis, 50-150 ms on the first run of a process).
FAVICON = "data:image/svg+xml," + quote(
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 100'><text y='.9em' font-size='90'>🗺️</text></svg>", safe="")

st.set_page_config(page_title="Timeline map", page_icon=FAVICON, layout="wide")

lang = st.session_state.get("lang") or st.query_params.get("lang")
lang = lang if lang in ("vi", "en") else "vi"
MAP_PAGE = st.Page("webapp/map_page.py", title=t("page_map", lang), icon=":material/map:", default=True)
st.navigation([
    MAP_PAGE,
    st.Page("pages/1_Article.py", title=t("page_article", lang), icon=":material/article:", url_path="Article"),
    st.Page("pages/2_Chronology.py", title=t("chronology_page", lang), icon=":material/calendar_month:", url_path="Chronology"),
    st.Page("pages/3_About.py", title=t("page_about", lang), icon=":material/info:", url_path="About"),
    st.Page("pages/4_Your_story.py", title=t("your_story_page", lang), icon=":material/upload_file:", url_path="Your_story"),
]).run()
