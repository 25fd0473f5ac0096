"""The guided tour: the story as a sequence of steps, one per event, in time order by day.

An event's optional ``tour.order`` puts it earlier or later within its day; undated
background features (the islands) come after the dated events of the first day in which
nothing else explains them, i.e. at the end of the tour, so the tour follows the article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd


@dataclass(frozen=True)
class TourStep:
    """One step: which event, on which day, and how close the map goes (None: by precision)."""

    number: int  # from 1
    event_id: str
    day: dt.date
    zoom: int | None


def tour_steps(events: gpd.GeoDataFrame, days: list[dt.date]) -> list[TourStep]:
    """The tour's steps: dated events by day, then time, then ``tour.order``, then story order.

    Undated features come last, shown on the last day.
    """
    rows = []
    for _, row in events.iterrows():
        dated = row["start"] is not None and not pd.isna(row["start"])
        day = row["start"] if dated else days[-1]
        order = row["tour_order"] if row["tour_order"] == row["tour_order"] and row["tour_order"] is not None else 10**9
        time = row["time"] if isinstance(row["time"], str) else ""
        rows.append((0 if dated else 1, day, order, time, row["order"], row["id"], row["tour_zoom"]))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3], r[4]))
    return [
        TourStep(n, event_id, day, int(zoom) if zoom == zoom and zoom is not None else None)
        for n, (_, day, _, _, _, event_id, zoom) in enumerate(rows, start=1)
    ]
