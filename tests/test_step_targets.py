"""Where the step buttons lead, and their views computed ahead of a click (geo.step_targets)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.geocode import geocode_story
from geo.map_data import prepare_features, view_message
from geo.step_targets import Target, button_targets, day_target, step_target, views_ahead
from geo.timeline import select, story_days
from geo.tour import tour_steps


@pytest.fixture(scope="module")
def story(shipped):
    events = geocode_story(shipped)
    days = story_days(events)
    return shipped.story, events, days, tour_steps(events, days)


def test_day_buttons_lead_to_the_neighbouring_days(story):
    _, _, shipped_days, steps = story
    assert button_targets(shipped_days, steps, day=shipped_days[0], step=None, present=False) == {
        "next": Target(shipped_days[1])}
    days = [dt.date(2016, 12, d) for d in (1, 5, 9)]
    assert button_targets(days, steps, day=days[0], step=None, present=False) == {"next": Target(days[1])}
    assert button_targets(days, steps, day=days[-1], step=None, present=False) == {"prev": Target(days[-2])}
    middle = button_targets(days, steps, day=days[1], step=None, present=False)
    assert middle == {"prev": Target(days[0]), "next": Target(days[2])}
    assert day_target(days, days[0], -1) == Target(days[0]) and day_target(days, days[-1], 5) == Target(days[-1])
    assert button_targets(days, steps, day=dt.date(2000, 1, 1), step=None, present=False) == {}


def test_tour_buttons_lead_to_steps_with_their_events(story):
    _, _, days, steps = story
    first = button_targets(days, steps, day=steps[0].day, step=1, present=True)
    assert set(first) == {"step_next", "step_last"}  # ⏮ and Previous are disabled on step 1
    assert first["step_next"] == Target(steps[1].day, steps[1].event_id, 2)
    assert first["step_last"] == Target(steps[-1].day, steps[-1].event_id, len(steps))
    last = button_targets(days, steps, day=steps[-1].day, step=len(steps), present=True)
    assert set(last) == {"step_first", "step_prev"}
    assert last["step_prev"] == Target(steps[-2].day, steps[-2].event_id, len(steps) - 1)
    assert step_target(steps, 0) == step_target(steps, 1) and step_target(steps, 999).step == len(steps)
    assert button_targets(days, steps, day=days[0], step=None, present=True) == {}


@pytest.mark.parametrize("mode", ["day", "cumulative"])
def test_a_view_ahead_is_the_view_the_server_sends_after_the_click(story, mode):
    """Every day and every tour step: the view drawn at the click equals the server's next view,
    so the page keeps it (the driver compares them as JSON)."""
    shipped, events, days, steps = story
    layers = [layer.id for layer in shipped.layers][:-1]  # one layer switched off
    prepared = prepare_features(events, shipped, "vi")
    for present, positions in ((False, [(day, None) for day in days]), (True, [(s.day, s.number) for s in steps])):
        for day, number in positions:
            targets = button_targets(days, steps, day=day, step=number, present=present)
            assert targets
            for button, view in views_ahead(events, shipped, targets, mode=mode, layers=layers).items():
                target = targets[button]
                sent = view_message(select(events, target.day, mode, layers), shipped, prepared,
                                    day=target.day.isoformat(), selected=target.event)
                assert view == {"items": sent["items"], "focus": sent["focus"]}, (button, day, number)


def test_views_ahead_stop_at_a_size_the_most_pressed_first(story):
    shipped, events, days, steps = story
    targets = button_targets(days, steps, day=steps[1].day, step=2, present=True)
    sizes = {button: len(view["items"]) for button, view in
             views_ahead(events, shipped, targets, mode="cumulative", layers=None).items()}
    assert set(sizes) == {"step_first", "step_prev", "step_next", "step_last"}
    budget = sizes["step_next"] + sizes["step_prev"]  # room for the two most pressed only
    kept = views_ahead(events, shipped, targets, mode="cumulative", layers=None, max_items=budget)
    assert set(kept) == {"step_next", "step_prev"}
    assert views_ahead(events, shipped, targets, mode="cumulative", layers=None, max_items=0) == {}
