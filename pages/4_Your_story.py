"""Your story: upload a story, or a table, GeoJSON or records file made one (its columns' roles shown
and changeable, a preview, the rows not on the map), see every problem located, review the geocoding,
and show it on the map for this browser session only (nothing is written to disk)."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from geo.story.errors import StoryError
from geo.places.geocode import resolutions
from geo.render.escaping import css_string
from geo.render.geocoding_review import review_table
from geo.render.i18n import t
from geo.render.import_words import w
from geo.story.import_file import SUFFIXES, read_file
from geo.story.yaml_reader import MAX_BYTES
from geo.story.yaml_writer import story_yaml_text
from webapp.import_view import make_story
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

# Streamlit names the box's button "Upload" in English only: the reader's language instead (before
# the box, so that the box never shows without it).
st.html("<style>[data-testid='stFileUploaderDropzone'] button[data-testid='stBaseButton-secondary'] > div "
        "{ display: none; } [data-testid='stFileUploaderDropzone'] button[data-testid='stBaseButton-secondary']"
        f"::after {{ content: {css_string(t('upload_button', lang))}; }}</style>")
upload = st.file_uploader(t("upload", lang), type=[s.lstrip(".") for s in SUFFIXES], key="upload_file",
                          max_upload_size=2)
if upload is not None:
    raw = upload.getvalue()
    candidate = None
    try:
        read = read_file(upload.name, raw, max_bytes=MAX_BYTES)
        if read.story is not None:
            candidate = geocoded(read.story)
        else:
            made = make_story(read.records, f"{upload.name}-{len(raw)}", lang)
            candidate = made[1] if made else None
    except StoryError as exc:
        st.error(t("upload_bad", lang))
        st.code(str(exc), language=None, wrap_lines=True)
    except Exception:  # a bug, not the author's fault: logged with its traceback, plain words here
        logging.getLogger(__name__).exception("upload %r failed", upload.name)
        st.error(t("upload_bad", lang))
    if candidate is not None:
        ss.uploaded = candidate
        st.success(t("upload_ok", lang, n=len(candidate.events)))
        left, right = st.columns(2)
        left.button(t("show_on_map", lang), on_click=show_uploaded, type="primary")
        right.download_button(w("download_yaml", lang), story_yaml_text(candidate.loaded.story),
                              file_name=f"{Path(upload.name).stem}.yaml", mime="application/x-yaml")
        st.subheader(t("review", lang))
        st.caption(t("review_help", lang))
        titles = {event.id: event.title.get(lang) for event in candidate.loaded.story.events}
        st.table(markdown_table(review_table(resolutions(candidate.loaded), lang, titles)))
if ss.get("uploaded") is not None and ss.get("story_key") == UPLOAD_KEY:
    st.button(t("back_to_shipped", lang), on_click=back_to_shipped)
