"""The article as published (Vietnamese) with its English translation, sentence by sentence.

Each sentence an event rests on links to that event on the map; place names are marked.
"""

from __future__ import annotations

import streamlit as st

from geo.render.article_view import annotate_article
from geo.render.i18n import t
from geo.render.escaping import escape_markdown
from geo.timeline.days import day_label, story_days
from webapp.session import open_on_map, start_page
from webapp.story_cache import shown_story

shown = shown_story()
story, events = shown.loaded.story, shown.events
lang = start_page("Article", story.story.default_language)

st.header(t("article_page", lang))
st.markdown(escape_markdown(story.story.title.get(lang)))
days = story_days(events)
annotated = annotate_article(shown.loaded, events, lang)
if not annotated:
    st.info(t("no_article", lang))
for item in annotated:
    with st.container(border=True):
        left, right = st.columns(2)
        marked = "".join(f"**{escape_markdown(text)}**" if is_place else escape_markdown(text)
                         for text, is_place in item.segments)
        left.markdown(f"`{item.number}` {marked}", help=t("places_marked", lang))
        if item.english:
            right.markdown(f"*{escape_markdown(item.english)}*")
        for link in item.links:
            label = f"{escape_markdown(link.title)} · {day_label(link.day, days, lang) if link.dated else t('background', lang)}"
            st.button(label, key=f"open-{item.number}-{link.event_id}", on_click=open_on_map, icon=":material/map:",
                      args=(link.day, link.event_id))
