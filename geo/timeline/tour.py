"""The guided tour: the story as a sequence of steps, one per event, in time order by day.

An event's optional ``tour.order`` puts it earlier or later within its day; undated
background features (the islands) come after the dated events of the first day in which
nothing else explains them, i.e. at the end of the tour, so the tour follows the article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import itemgetter

import geopandas as gpd

from geo.memory import paused_gc


@dataclass(frozen=True, slots=True)  # slots: a 100,000-event tour is 100,000 of them
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
    with paused_gc():  # a step per event, among a big story's millions of objects
        rows = []
        columns = [events[name].tolist() for name in ("start", "tour_order", "time", "order", "id", "tour_zoom")]
        undated = events["start"].isna().tolist()  # one pass, not pd.isna per event
        for start, order, time, position, event_id, zoom, no_date in zip(*columns, undated):
            day = days[-1] if no_date else start
            order = order if order == order and order is not None else 10**9
            rows.append((no_date, day, order, time if isinstance(time, str) else "", position, event_id, zoom))
        rows.sort(key=itemgetter(0, 1, 2, 3, 4))
        return [
            TourStep(n, event_id, day, int(zoom) if zoom == zoom and zoom is not None else None)
            for n, (_, day, _, _, _, event_id, zoom) in enumerate(rows, start=1)
        ]
