"""The *Your story* page's import step: a file's columns given roles (changeable), the dates' order
asked when the file leaves it open, a preview of the rows and their dots on an offline map, and the
rows that are not on the map with the reason."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import streamlit as st

from geo.render.escaping import escape_markdown
from geo.render.import_words import ROLES, w
from geo.render.preview_map import land_within, preview_dots, preview_extent
from geo.story.columns import map_columns
from geo.story.errors import StoryError
from geo.story.import_file import Imported, record_unit, story_from_records
from geo.story.records import Records, own_columns
from webapp.session import markdown_table
from webapp.story_cache import ShownStory, geocoded

PREVIEW_ROWS = 8
UNDATED_SHOWN = 6
NO_YEAR = re.compile(r"has no year|không có năm|thiếu năm")


def make_story(records: Records, key: str, lang: str) -> tuple[Imported, ShownStory] | None:
    """The reader's choices for ``records`` (widgets keyed by ``key``, one upload), and the story they
    make, previewed; None while it cannot be made (the problems are shown)."""
    frame = records.frame
    columns = own_columns(frame)
    st.caption(w("read_as", lang, file=records.file, kind=records.kind, rows=len(frame)))
    automatic = map_columns(columns, frame)
    overrides = _role_choices(columns, automatic.roles, key, lang)
    mapping = map_columns(columns, frame, overrides=overrides) if overrides else automatic
    if mapping.place_parts and not st.checkbox(
            w("parts_together", lang, columns=", ".join(mapping.place_parts)), value=True,
            help=w("parts_help", lang), key=f"parts-{key}"):
        mapping = map_columns(columns, frame, overrides=overrides, join_places=False)
    for text in mapping.explain(lang):
        st.caption(escape_markdown(text))
    notes = [note[lang] for note in records.notes if note.get(lang)]
    if notes:
        with st.expander(w("notes", lang)):
            for note in notes:
                st.markdown("- " + escape_markdown(note))
    dayfirst = _order_choice(key, lang)
    year = st.session_state.get(f"year-value-{key}")
    try:
        imported = story_from_records(records, mapping, dayfirst=dayfirst, year=year, messages=lang)
        shown = geocoded(imported.loaded)
    except StoryError as exc:
        if any("(ngày trước)" in p.message or "(day first)" in p.message for p in exc.problems):
            st.warning(w("order_ask", lang))
        if year is not None or any(NO_YEAR.search(p.message) for p in exc.problems):
            _year_input(key, lang)
        st.error(w("problems", lang))
        st.code(str(exc), language=None, wrap_lines=True)
        _first_rows(frame, lang)
        return None
    if year is not None:
        _year_input(key, lang)  # still there, to change it
    for note in imported.made.notes if imported.made else []:  # what making the story decided (a time zone)
        st.caption(escape_markdown(note[lang]))
    _undated(imported, lang)
    _preview(frame, shown, lang)
    if imported.unplaced:
        st.subheader(w("unplaced", lang, n=len(imported.unplaced)))
        unit = (record_unit(imported.kind, lang) or w("line", lang)).capitalize()
        st.table(markdown_table(pd.DataFrame(  # the row's line (or record) heads it, as in the file
            [{w("title", lang): u.title, w("reason", lang): u.reason[lang]} for u in imported.unplaced],
            index=pd.Index([u.line for u in imported.unplaced], name=unit))))
    return imported, shown


def _undated(imported: Imported, lang: str) -> None:
    """Rows without a date are drawn on every day: say which, or that no row has a date."""
    events = imported.loaded.story.events
    undated = [e.title.get(lang) for e in events if e.start is None]
    if undated and len(undated) == len(events):
        st.warning(w("no_days", lang))
    elif undated:
        more = f", … (+{len(undated) - UNDATED_SHOWN})" if len(undated) > UNDATED_SHOWN else ""
        st.info(escape_markdown(w("undated", lang, n=len(undated),
                                  titles=", ".join(f"«{t}»" for t in undated[:UNDATED_SHOWN]) + more)))


def _role_choices(columns: list[str], roles: dict[str, str], key: str, lang: str) -> dict[str, str | None]:
    """A selectbox per role, preset to the automatic choice; the roles the reader changed."""
    st.subheader(w("columns", lang))
    st.caption(w("columns_help", lang))
    changed: dict[str, str | None] = {}
    boxes = st.columns(4)
    options: list[str | None] = [None, *columns]
    for i, (role, names) in enumerate(ROLES.items()):
        automatic = roles.get(role)
        choice = boxes[i % 4].selectbox(names["en" if lang == "en" else "vi"], options,
                                        index=options.index(automatic) if automatic in options else 0,
                                        format_func=lambda c: w("none", lang) if c is None else c,
                                        key=f"role-{role}-{key}")
        if choice != automatic:
            changed[role] = choice
    return changed


def _year_input(key: str, lang: str) -> None:
    """The year of dates written without one, kept apart from the widget (which is not drawn on every run)."""
    def keep() -> None:
        st.session_state[f"year-value-{key}"] = st.session_state[f"year-{key}"]

    st.number_input(w("year_ask", lang), min_value=1, max_value=9999, step=1, key=f"year-{key}",
                    value=st.session_state.get(f"year-value-{key}"), on_change=keep)


def _order_choice(key: str, lang: str) -> bool | None:
    order = st.radio(w("order", lang), ["auto", "day", "month"], horizontal=True, key=f"order-{key}",
                     format_func=lambda o: w(f"order_{o}", lang))
    return {"auto": None, "day": True, "month": False}[order]


def _first_rows(frame: pd.DataFrame, lang: str) -> None:
    st.caption(w("first_rows", lang))
    shown = frame[own_columns(frame)].head(PREVIEW_ROWS).astype("string").fillna("")  # an empty cell, not "None"
    shown = shown.rename_axis(w("line", lang))  # the file's own line (or record) numbers
    st.dataframe(shown, hide_index=False)


def _preview(frame: pd.DataFrame, shown: ShownStory, lang: str) -> None:
    st.subheader(w("preview", lang))
    left, right = st.columns([3, 2])
    with left:
        _first_rows(frame, lang)
    with right:
        dots = preview_dots(shown.events, lang)
        st.caption(w("dots", lang, n=len(dots)))
        if dots:
            st.altair_chart(dot_map(dots), width="stretch")


def dot_map(dots: list[dict]) -> alt.LayerChart:
    """The dots on the land around them (vega-lite, drawn in the page: no tiles, no network)."""
    area = land_within(*preview_extent(dots))
    land = alt.Chart(alt.Data(values=area["features"])).mark_geoshape(stroke="#8a8a8a", strokeWidth=0.4).encode(
        color=alt.Color("properties.sea:N", scale=alt.Scale(domain=[True, False], range=["#dbe7ef", "#e8e4d8"]),
                        legend=None))
    points = alt.Chart(pd.DataFrame(dots)).mark_circle(size=70, color="#0072B2", opacity=0.9).encode(
        longitude="lon:Q", latitude="lat:Q", tooltip=alt.Tooltip("title:N", title=""))
    return (land + points).project(type="equirectangular").properties(height=300)
