"""The chronology: every event as a row of a table, the map's text alternative."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.render.i18n import t
from geo.render.map_data import event_date_text
from geo.story.schema import Story


def chronology_table(events: gpd.GeoDataFrame, story: Story, lang: str, *, layers: list[str] | None = None,
                     search: str = "") -> pd.DataFrame:
    """Events by day and time (undated last), filtered by layer and by a text search in both languages.

    The time column is left out when no event of the story has a time (the filters aside, so the
    column does not come and go as the reader filters): a column of blanks says nothing."""
    timed = bool(events["time"].notna().any())  # a time is "HH:MM" or None (geo.story.schema.Event)
    rows = events if layers is None else events[events["layer"].isin(layers)]
    if search.strip():
        needle = search.strip().casefold()
        texts = rows[["title_vi", "title_en", "summary_vi", "summary_en", "place_vi", "place_en"]].fillna("")
        haystack = texts.agg(" ".join, axis=1).str.casefold()  # a summary is optional
        rows = rows[haystack.str.contains(needle, regex=False)]
    rows = rows.assign(_undated=rows["start"].isna()).sort_values(["_undated", "start", "time", "order"],
                                                                  na_position="last")
    columns = {t("date", lang): [event_date_text(row, lang) for _, row in rows.iterrows()]}
    if timed:
        columns[t("time", lang)] = rows["time"].fillna("").tolist()
    return pd.DataFrame({
        **columns,
        t("place", lang): rows[f"place_{lang}"].tolist(),
        t("layer", lang): [story.layer(layer).name.get(lang) for layer in rows["layer"]],
        t("title", lang): rows[f"title_{lang}"].tolist(),
        "id": rows["id"].tolist(),
    })
