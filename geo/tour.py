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
    columns = (events[name] for name in ("start", "tour_order", "time", "order", "id", "tour_zoom"))
    for start, order, time, position, event_id, zoom in zip(*columns):  # not iterrows: 50x faster
        dated = start is not None and not pd.isna(start)
        day = start if dated else days[-1]
        order = order if order == order and order is not None else 10**9
        rows.append((0 if dated else 1, day, order, time if isinstance(time, str) else "", position, event_id, zoom))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3], r[4]))
    return [
        TourStep(n, event_id, day, int(zoom) if zoom == zoom and zoom is not None else None)
        for n, (_, day, _, _, _, event_id, zoom) in enumerate(rows, start=1)
    ]
