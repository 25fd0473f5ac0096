"""Where each step button leads from the current view, and those views ready in advance.

The map page's Previous/Next (by day) and the presenter's tour buttons use the same targets,
so a view computed here ahead of a click is the view the server computes after it: the page
draws it at the click, and the server's answer confirms it (see webapp/map_driver.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd

from geo.map_data import view_of
from geo.models import Story
from geo.timeline import Mode, select
from geo.tour import TourStep


@dataclass(frozen=True, slots=True)
class Target:
    """A view a button leads to: the day, the chosen event (None: the whole day), the tour step."""

    day: dt.date
    event: str | None = None
    step: int | None = None


def day_target(days: Sequence[dt.date], day: dt.date, offset: int) -> Target:
    """``offset`` days from ``day`` (clamped to the story), no event chosen."""
    index = min(max(days.index(day) + offset, 0), len(days) - 1)
    return Target(days[index])


def step_target(steps: Sequence[TourStep], number: int) -> Target:
    """Tour step ``number`` (clamped): its day and its event."""
    number = min(max(number, 1), len(steps))
    step = steps[number - 1]
    return Target(step.day, step.event_id, number)


def button_targets(
    days: Sequence[dt.date], steps: Sequence[TourStep], *, day: dt.date, step: int | None, present: bool
) -> dict[str, Target]:
    """The step buttons enabled in this view (by their widget keys) and where each leads."""
    targets: dict[str, Target] = {}
    if present:
        if step is None or not steps:
            return targets
        if step > 1:
            targets["step_first"], targets["step_prev"] = step_target(steps, 1), step_target(steps, step - 1)
        if step < len(steps):
            targets["step_next"], targets["step_last"] = step_target(steps, step + 1), step_target(steps, len(steps))
        return targets
    if day not in days:
        return targets
    index = days.index(day)
    if index > 0:
        targets["prev"] = day_target(days, day, -1)
    if index < len(days) - 1:
        targets["next"] = day_target(days, day, 1)
    return targets


# Ids and statuses sent ahead per step at most (~25 bytes each): a cumulative view of a long story
# lists every event so far, and each step would carry several such lists.
MAX_ITEMS_AHEAD = 1000
# The most pressed first: Next, then Previous (the tour's ⏮/⏭ last).
_PRIORITY = ("next", "step_next", "prev", "step_prev", "step_first", "step_last")


def views_ahead(
    events: gpd.GeoDataFrame,
    story: Story,
    targets: dict[str, Target],
    *,
    mode: Mode,
    layers: list[str] | None,
    max_items: int = MAX_ITEMS_AHEAD,
) -> dict[str, dict[str, Any]]:
    """Each button's view (:func:`geo.map_data.view_of`), as the server will compute it after the click,
    the most pressed first, while they list ``max_items`` events in all (a button left out waits for
    the server's view)."""
    views: dict[str, dict[str, Any]] = {}
    for button in sorted(targets, key=lambda b: _PRIORITY.index(b) if b in _PRIORITY else len(_PRIORITY)):
        target = targets[button]
        visible = select(events, target.day, mode, layers)
        if len(visible) > max_items:
            continue
        max_items -= len(visible)
        views[button] = view_of(visible, story, day=target.day.isoformat(), selected=target.event)
    return views
