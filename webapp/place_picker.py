"""The Write page's map to pick a row's place by clicking it (offline), written as coordinates."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.places.gazetteer import Gazetteer
from geo.places.suggestions import coordinates_text, place_point
from geo.render.editor_words import w
from geo.render.pick_map import pick_map, picked_point
from webapp.editor import commit, current_rows


def set_place(index: int, text: str) -> None:
    """Row ``index``'s place becomes ``text`` (coordinates from a click)."""
    rows = current_rows()
    if 0 <= index < len(rows):
        rows.loc[index, "place"] = text
        commit(rows)


def pick_part(lang: str, rows: pd.DataFrame, gazetteer: Gazetteer) -> None:
    """Behind a switch (the map costs a frame and ~0.3 MB of land): the rows' places as dots, the
    chosen row's as a ring; a click offers its coordinates for that row."""
    ss = st.session_state
    if rows.empty or not st.toggle(w("pick_on_map", lang), key="draft_pick"):
        return
    index = ss.get("draft_row") or 0
    if not 0 <= index < len(rows):
        return
    points = [p for p in (place_point(cell, gazetteer) for cell in rows["place"]) if p is not None]
    chosen = place_point(rows.iloc[index]["place"], gazetteer)
    with st.container(key="draft-pick-map"):
        value = st_folium(pick_map(points, chosen, lang=lang), key=f"draft_pick_map_{index}", height=380,
                          use_container_width=True, returned_objects=["last_clicked"])
    point = picked_point((value or {}).get("last_clicked"))  # from the browser: checked there
    if point is None:
        st.caption(w("pick_hint", lang, n=index + 1))
        return
    text = coordinates_text(*point)
    st.button(w("use_point", lang, point=text, n=index + 1), key="draft_use_point", on_click=set_place,
              args=(index, text), icon=":material/add_location:", disabled=rows.iloc[index]["place"] == text)
