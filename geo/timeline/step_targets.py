"""Where each step button leads from the current view, and those views ready in advance.

The map page's Previous/Next (by day) and the presenter's tour buttons use the same targets,
so a view computed here ahead of a click is the view the server computes after it: the page
draws it at the click, and the server's answer confirms it (see webapp/map_driver.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd

from geo.render.map_data import PREFETCH_DETAILS, PREFETCH_EVENTS, view_message, view_of
from geo.story.schema import Story
from geo.timeline.days import Mode, select
from geo.timeline.tour import TourStep


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


# Up to this many events a rerun works out where the step buttons lead (a selection each, about
# 10 ms at 10,000 events); a step of a larger story waits for the server's view.
AHEAD_EVENTS = 20_000
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
    """Each button's view (:func:`geo.render.map_data.view_of`), as the server will compute it after the click,
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


def listed_ids(views: dict[str, dict[str, Any]]) -> list[str]:
    """The events the views list, each once: their markers must be in the page before a click."""
    return list(dict.fromkeys(item[0] for view in views.values() for item in view["items"]))


@dataclass(slots=True)
class PageHolds:
    """What the page holds for one map (``webapp.map_driver`` keeps one per map in the session): the
    markers and popup texts sent, and the popups it asked the texts of since."""

    features: set[str] = field(default_factory=set)
    details: set[str] = field(default_factory=set)
    asked: list[str] = field(default_factory=list)


def rerun_views(
    events: gpd.GeoDataFrame,
    story: Story,
    prepared: dict[str, dict[str, Any]],
    visible: gpd.GeoDataFrame,
    targets: dict[str, Target],
    *,
    day: dt.date,
    selected: str | None,
    mode: Mode,
    layers: list[str] | None,
    holds: PageHolds,
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """What a rerun of the map page sends the drawn map: the view (:func:`geo.render.map_data.view_message`)
    and the step buttons' views ahead (:func:`views_ahead`, up to :data:`AHEAD_EVENTS` events).

    The view carries the markers the page lacks for itself and for the views ahead: a story up to
    ``PREFETCH_EVENTS`` sends every marker with its first view; a larger one sends the markers of
    the next day (say) a step early, so any step the page knows of is drawn at the click. Popup
    texts go with the markers up to ``PREFETCH_DETAILS`` events; above, those of the views ahead's
    chosen events (the tour's next popups) and of popups the page asked for.
    """
    ahead = views_ahead(events, story, targets, mode=mode, layers=layers) if len(events) <= AHEAD_EVENTS else {}
    upcoming_popups = [target.event for button, target in targets.items() if button in ahead and target.event]
    whole = not holds.features and len(events) <= PREFETCH_EVENTS
    message = view_message(visible, story, prepared, day=day.isoformat(), selected=selected,
                           known=holds.features, known_details=holds.details,
                           prefetch=list(events["id"]) if whole else listed_ids(ahead),
                           details_for=[*holds.asked, *upcoming_popups],
                           details_with_markers=len(events) <= PREFETCH_DETAILS)
    return message, ahead
