"""The timeline: a story's days in its own time zone, and what is visible on a day.

Two modes: ``day`` shows what happens on the selected day; ``cumulative`` shows everything
up to it, earlier events muted. A span is visible on each of its days; undated background
features (the islands themselves) are visible throughout.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Literal

import geopandas as gpd
import pandas as pd
from babel.dates import format_date

Mode = Literal["day", "cumulative"]
MODES: tuple[Mode, ...] = ("day", "cumulative")

NEW, ACTIVE, EARLIER, BACKGROUND = "new", "active", "earlier", "background"


# A story up to two months long is told day by day; a longer one (a war, a century) steps from one
# day on which something begins or ends to the next: day by day, "April 1945" alone would be 30 steps.
DAY_BY_DAY = 62


def story_days(events: gpd.GeoDataFrame) -> list[dt.date]:
    """The days the timeline steps through, in order: every day on which some dated event happens
    (each day of a span counts), or, for a story longer than :data:`DAY_BY_DAY` days, each day on
    which an event begins or ends. A span of whole months ("December 2016", "Q4 2016", "1945") is
    a step on its first day only: it is shown on each of its days all the same, and a two-day story
    with "December 2016" in it has three steps, not 31.

    >>> import datetime as dt, geopandas as gpd
    >>> ev = gpd.GeoDataFrame({"start": [dt.date(2016, 12, 15), dt.date(2016, 12, 1)],
    ...                        "end": [dt.date(2016, 12, 16), dt.date(2016, 12, 31)]})
    >>> [str(d) for d in story_days(ev)]
    ['2016-12-01', '2016-12-15', '2016-12-16']
    """
    spans, months = set(), set()
    for start, end in set(zip(events["start"], events["end"])):  # each distinct span once
        if start is None or pd.isna(start):
            continue
        last = end if end is not None and not pd.isna(end) else start
        (months if _whole_months(start, last) else spans).add((start, last))
    if not spans and not months:
        return []
    firsts = {start for start, _ in months}
    if not spans or not _long(min(start for start, _ in spans), max(last for _, last in spans)):
        return sorted(firsts | {start + dt.timedelta(days=n) for start, last in spans
                                for n in range((last - start).days + 1)})
    return sorted(firsts | {day for span in spans for day in span})


def _whole_months(start: dt.date, last: dt.date) -> bool:
    """Whether a span runs from a month's first day to a month's last, over a month at least."""
    return start.day == 1 and (last + dt.timedelta(days=1)).day == 1 and (last - start).days >= 27


def _long(first: dt.date, last: dt.date) -> bool:
    return (last - first).days >= DAY_BY_DAY


def day_number(day: dt.date, days: list[dt.date]) -> int:
    """The day's number in the story, counting calendar days from the first (Day 1)."""
    return (day - days[0]).days + 1


def day_label(day: dt.date, days: list[dt.date], lang: str) -> str:
    """A slider label: ``15/12/2016 · Ngày 1`` in Vietnamese, ``15 Dec 2016 · Day 1`` in English; the
    date alone in a long story (where "Day 26,248" would say nothing)."""
    date = format_date(day, "dd/MM/yyyy", locale="vi") if lang == "vi" else format_date(day, "d MMM y", locale="en")
    if _long(days[0], days[-1]):
        return date
    return f"{date} · {'Ngày' if lang == 'vi' else 'Day'} {day_number(day, days)}"


@lru_cache(maxsize=4096)  # a story has few distinct days; babel's locale lookup costs ~0.2 ms a call
def long_date(day: dt.date, lang: str) -> str:
    """A date written out in full, e.g. ``15 tháng 12, 2016`` / ``15 December 2016``."""
    return format_date(day, "long", locale="vi" if lang == "vi" else "en_GB")


def span_text(start: dt.date, end: dt.date | None, lang: str) -> str:
    """A date or span written out as precisely as it was given: a day (``15 tháng 12, 2016``), whole
    months (``December 2016``, ``October – December 2016``) or whole years (``1948``, ``1941 – 1945``).

    >>> span_text(dt.date(2016, 12, 1), dt.date(2016, 12, 31), "en"), span_text(dt.date(1948, 1, 1), dt.date(1948, 12, 31), "vi")
    ('December 2016', '1948')
    >>> span_text(dt.date(2016, 12, 15), dt.date(2016, 12, 16), "vi")
    '15 tháng 12, 2016 – 16 tháng 12, 2016'
    """
    last = end if end is not None and not pd.isna(end) else start
    if _whole_months(start, last):
        if (start.month, last.month, last.day) == (1, 12, 31):
            return str(start.year) if start.year == last.year else f"{start.year} – {last.year}"
        first, final = _month_text(start, lang), _month_text(last, lang)
        return first if first == final else f"{first} – {final}"
    text = long_date(start, lang)
    return text if last == start else f"{text} – {long_date(last, lang)}"


def _month_text(day: dt.date, lang: str) -> str:
    return format_date(day, "MMMM, y", locale="vi") if lang == "vi" else format_date(day, "MMMM y", locale="en_GB")


def visible_on(events: gpd.GeoDataFrame, day: dt.date, mode: Mode = "day") -> gpd.GeoDataFrame:
    """The events visible on ``day``, with a ``status`` column.

    ``status`` is ``new`` (starts that day), ``active`` (a span that started earlier and
    still runs), ``earlier`` (cumulative mode: over before the day, drawn muted) or
    ``background`` (undated, always shown).

    Examples
    --------
    >>> import datetime as dt, geopandas as gpd
    >>> from shapely.geometry import Point
    >>> ev = gpd.GeoDataFrame({"start": [dt.date(2016, 12, 15), None], "end": [None, None]},
    ...                       geometry=[Point(0, 0), Point(1, 1)])
    >>> list(visible_on(ev, dt.date(2016, 12, 16), "cumulative")["status"])
    ['earlier', 'background']
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    statuses: list[str | None] = []
    # one isna pass per column, not pd.isna per value (a 100,000-event step is 100,000 of them)
    columns = (events["start"].tolist(), events["end"].tolist(), events["start"].isna().tolist(),
               events["end"].isna().tolist())
    for start, end, no_start, no_end in zip(*columns):
        if no_start:
            statuses.append(BACKGROUND)
            continue
        last = end if not no_end else start
        if start == day:
            statuses.append(NEW)
        elif start < day <= last:
            statuses.append(ACTIVE)
        elif mode == "cumulative" and last < day:
            statuses.append(EARLIER)
        else:
            statuses.append(None)
    out = events.assign(status=statuses)
    return out[out["status"].notna()]


def select(
    events: gpd.GeoDataFrame, day: dt.date, mode: Mode = "day", layers: list[str] | None = None
) -> gpd.GeoDataFrame:
    """The events to draw: visible on ``day`` in ``mode`` and in one of ``layers`` (all if None)."""
    visible = visible_on(events, day, mode)
    if layers is not None:
        visible = visible[visible["layer"].isin(layers)]
    return visible


def nearest_day(day: dt.date, days: list[dt.date]) -> dt.date:
    """The story day closest to ``day`` (for a deep link to a day without events)."""
    return min(days, key=lambda d: (abs((d - day).days), d))
