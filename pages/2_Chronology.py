"""Chronology: all events by day as an accessible table, with filters and downloads."""

from __future__ import annotations

import streamlit as st

from geo.timeline.chronology import chronology_table
from geo.render.export import csv_text, geojson_text
from geo.render.handout import handout_available, handout_pdf
from geo.render.standalone import standalone_html
from geo.render.i18n import t
from webapp.session import markdown_table, start_page
from webapp.story_cache import shown_story

shown = shown_story()
story, events = shown.loaded.story, shown.events
lang = start_page("Chronology", story.story.default_language)

st.header(t("chronology_page", lang))
layer_ids = [layer.id for layer in story.layers]
left, right = st.columns([2, 3])
chosen = left.multiselect(t("layers", lang), layer_ids, default=layer_ids, key="chrono_layers",
                          format_func=lambda i: story.layer(i).name.get(lang))
search = right.text_input(t("search", lang), key="chrono_search")
table = chronology_table(events, story, lang, layers=chosen, search=search)
st.markdown(t("shown_of", lang, n=len(table), total=len(events)))
# a real HTML table, the map's text alternative (st.table renders Markdown: cells are escaped)
st.table(markdown_table(table.drop(columns=["id"]).set_index(t("date", lang))))

story_id = story.story.id
c1, c2, c3, c4 = st.columns(4)
c1.download_button(t("download_csv", lang), csv_text(events), file_name=f"{story_id}.csv", mime="text/csv",
                   use_container_width=True)
c2.download_button(t("download_geojson", lang), geojson_text(events), file_name=f"{story_id}.geojson",
                   mime="application/geo+json", use_container_width=True)
c3.download_button(t("download_html", lang), lambda: standalone_html(shown.loaded, events, lang=lang),
                   file_name=f"{story_id}.html", mime="text/html", use_container_width=True,
                   help=t("download_html_help", lang))
if handout_available():  # needs Chromium on the server (not on Streamlit Community Cloud)
    c4.download_button(t("download_pdf", lang), lambda: handout_pdf(shown.loaded, events, lang=lang),
                       file_name=f"{story_id}-handout.pdf", mime="application/pdf", use_container_width=True)
