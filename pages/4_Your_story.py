"""Your story: upload a story (YAML, JSON, CSV, GeoJSON), see every problem located, review the
geocoding, and show it on the map for this browser session only (nothing is written to disk)."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.story.errors import StoryError
from geo.places.geocode import resolutions
from geo.render.i18n import t
from geo.story.formats import load_upload
from geo.story.yaml_reader import MAX_BYTES
from webapp.session import forget_view, markdown_table, start_page
from webapp.story_cache import DEFAULT_KEY, UPLOAD_KEY, geocoded

ROOT = Path(__file__).resolve().parent.parent

lang = start_page("Your story")
ss = st.session_state


def show_uploaded() -> None:
    forget_view()
    ss.story_key = UPLOAD_KEY
    ss.pending_page = "map"


def back_to_shipped() -> None:
    forget_view()
    ss.story_key, ss.uploaded = DEFAULT_KEY, None


st.header(t("your_story_page", lang))
st.markdown(t("formats", lang))
st.download_button(t("template", lang), (ROOT / "docs" / "template-story.yaml").read_bytes(),
                   file_name="template-story.yaml", mime="application/x-yaml")

upload = st.file_uploader(t("upload", lang), type=["yaml", "yml", "csv", "geojson", "json"], key="upload_file",
                          max_upload_size=2)
if upload is not None:
    raw = upload.getvalue()
    try:
        candidate = geocoded(load_upload(upload.name, raw, max_bytes=MAX_BYTES))
    except StoryError as exc:
        st.error(t("upload_bad", lang))
        st.code(str(exc), language=None, wrap_lines=True)
        candidate = None
    except Exception:  # a bug, not the author's fault: logged with its traceback, plain words here
        logging.getLogger(__name__).exception("upload %r failed", upload.name)
        st.error(t("upload_bad", lang))
        candidate = None
    if candidate is not None:
        ss.uploaded = candidate
        st.success(t("upload_ok", lang, n=len(candidate.events)))
        st.button(t("show_on_map", lang), on_click=show_uploaded, type="primary")
        st.subheader(t("review", lang))
        table = pd.DataFrame([r.__dict__ for r in resolutions(candidate.loaded)])
        st.table(markdown_table(table).rename(columns={"event_id": "event", "name": "place name", "place_id": "gazetteer id",
                                       "method": "resolved by", "precision": "precision"}))
if ss.get("uploaded") is not None and ss.get("story_key") == UPLOAD_KEY:
    st.button(t("back_to_shipped", lang), on_click=back_to_shipped)
