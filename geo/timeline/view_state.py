"""The view a user is looking at, and its deep link.

``?day=2016-12-16&lang=en&mode=cumulative&layers=talks,islands&event=<id>&step=N&present=1&story=<name>``
Parsing never fails: an unknown or malformed value falls back to the default, and the
notes say what was ignored, so a mistyped link still opens the story. A link's event that its
day does not show moves the view to the event's day (:func:`showing_the_event`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from geo.timeline.days import MODES, nearest_day, select

if TYPE_CHECKING:
    import geopandas as gpd


@dataclass(frozen=True)
class ViewState:
    """Day, language, mode, visible layers, chosen event, tour step, presenter mode."""

    day: dt.date
    lang: str = "vi"
    mode: str = "day"
    layers: tuple[str, ...] = ()
    event: str | None = None
    step: int | None = None
    present: bool = False
    story: str | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)

    def with_(self, **changes) -> ViewState:
        return replace(self, **changes)


def parse_query(
    params: Mapping[str, str | list[str]],
    *,
    days: list[dt.date],
    layers: list[str],
    events: list[str],
    default_lang: str = "vi",
) -> ViewState:
    """The view a deep link asks for, with defaults for whatever it leaves out or gets wrong."""

    def get(key: str) -> str | None:
        value = params.get(key)
        if isinstance(value, list):
            value = value[-1] if value else None
        return value.strip() if isinstance(value, str) and value.strip() else None

    notes: list[str] = []
    day = days[0]
    if (raw := get("day")) is not None:
        try:
            asked = dt.date.fromisoformat(raw)
            day = asked if asked in days else nearest_day(asked, days)
            if asked not in days:
                notes.append(f"day {raw} has no events; showing {day.isoformat()}")
        except ValueError:
            notes.append(f"day '{raw}' is not a date (YYYY-MM-DD); showing the first day")
    lang = get("lang") or default_lang
    if lang not in ("vi", "en"):
        notes.append(f"language '{lang}' is not available")
        lang = default_lang
    mode = get("mode") or "day"
    if mode not in MODES:
        notes.append(f"mode '{mode}' is unknown")
        mode = "day"
    chosen = tuple(layers)
    if "layers" in params:  # present but empty means every layer switched off
        raw = get("layers") or ""
        asked_layers = [x.strip() for x in raw.split(",") if x.strip()]
        chosen = tuple(x for x in layers if x in asked_layers)
        unknown = [x for x in asked_layers if x not in layers]
        if unknown:
            notes.append(f"unknown layers ignored: {', '.join(unknown)}")
    event = get("event")
    if event is not None and event not in events:
        notes.append(f"event '{event}' is not in this story")
        event = None
    step = None
    if (raw := get("step")) is not None:
        step = int(raw) if raw.isascii() and raw.isdigit() else None  # "¹" is a digit to isdigit()
    present = get("present") in ("1", "true", "yes")
    return ViewState(day, lang, mode, chosen, event, step, present, get("story"), tuple(notes))


def showing_the_event(state: ViewState, events: gpd.GeoDataFrame, all_layers: list[str]) -> ViewState:
    """The view with its chosen event in sight. A link whose ``event`` is not shown on its ``day``
    (in its mode and layers) would show the event's details beside another day's map: the view
    moves to the event's first day and turns its layer on, and a note says so."""
    if state.event is None or state.event in set(select(events, state.day, state.mode, list(state.layers))["id"]):
        return state
    row = events[events["id"] == state.event]
    if not len(row):
        return state
    start, layer = row["start"].iloc[0], row["layer"].iloc[0]
    day = start if start is not None and start == start else state.day  # undated: shown every day
    layers = tuple(x for x in all_layers if x in state.layers or x == layer)
    note = f"event '{state.event}' is not shown on {state.day.isoformat()}; showing {day.isoformat()}"
    return state.with_(day=day, layers=layers, notes=(*state.notes, note))


def to_query(state: ViewState, all_layers: list[str]) -> dict[str, str]:
    """The deep link's parameters for a view (layers only when not all are shown)."""
    query = {"day": state.day.isoformat(), "lang": state.lang, "mode": state.mode}
    if tuple(state.layers) != tuple(all_layers):
        query["layers"] = ",".join(state.layers)
    if state.event:
        query["event"] = state.event
    if state.step is not None:
        query["step"] = str(state.step)
    if state.present:
        query["present"] = "1"
    if state.story:
        query["story"] = state.story
    return query
