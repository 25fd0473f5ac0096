"""Where the step buttons lead, and their views computed ahead of a click (geo.timeline.step_targets)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.places.geocode import geocode_story
from geo.render.map_data import PREFETCH_DETAILS, PREFETCH_EVENTS, prepare_features, view_message
from geo.timeline.step_targets import (PageHolds, Target, button_targets, day_target, listed_ids, rerun_views, step_target,
                              views_ahead)
from geo.timeline.days import select, story_days
from geo.timeline.tour import tour_steps


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


@pytest.fixture(scope="module")
def big_story(tmp_path_factory):
    """A synthetic story above PREFETCH_EVENTS (its page never holds every marker) and PREFETCH_DETAILS."""
    from benchmarks.synthetic import write_story
    from geo.story.load import load_story

    loaded = load_story(write_story(2_500, tmp_path_factory.mktemp("big")), max_bytes=8 * 1024 * 1024)
    events = geocode_story(loaded)
    days = story_days(events)
    return loaded.story, events, days, tour_steps(events, days)


@pytest.mark.parametrize("present", [False, True])
def test_the_page_holds_every_marker_a_view_ahead_needs_before_its_click(big_story, present):
    """Walking a story too big to send whole, day by day or step by step as the page would: each
    rerun's message brings the markers of the views ahead (and the tour's next popup texts), so a
    click is drawn from what the page holds; the first view does not carry the whole story."""
    story, events, days, steps = big_story
    assert len(events) > PREFETCH_EVENTS and len(events) > PREFETCH_DETAILS
    prepared = prepare_features(events, story, "en")
    held, texts = set(), set()
    positions = [(s.day, s.number, s.event_id) for s in steps][:12] if present else \
        [(day, None, None) for day in days[:12]]
    for day, number, selected in positions:
        targets = button_targets(days, steps, day=day, step=number, present=present)
        visible = select(events, day, "day", None)
        message, ahead = rerun_views(events, story, prepared, visible, targets, day=day, selected=selected,
                                     mode="day", layers=None, holds=PageHolds(held, texts))
        assert not held.intersection(message["features"]), "a marker the page holds is not sent again"
        held.update(message["features"])
        texts.update(message["details"])
        assert ahead, (day, number)
        assert set(listed_ids(ahead)) <= held, (day, number)
        assert {item[0] for item in message["items"]} <= held
        if present:
            assert {targets[b].event for b in ahead} <= texts, "the tour's next popups open without waiting"
    assert len(held) < len(events) / 2


def test_a_story_past_ahead_events_waits_for_the_server(story, monkeypatch):
    shipped, events, days, steps = story
    targets = button_targets(days, steps, day=days[0], step=None, present=False)
    visible = select(events, days[0], "day", None)
    prepared = prepare_features(events, shipped, "vi")

    def views() -> tuple[dict, dict]:
        return rerun_views(events, shipped, prepared, visible, targets, day=days[0], selected=None, mode="day",
                           layers=None, holds=PageHolds())

    message, ahead = views()
    assert set(ahead) == {"next"} and len(message["features"]) == len(events), "small: whole, with its view ahead"
    monkeypatch.setattr("geo.timeline.step_targets.AHEAD_EVENTS", len(events) - 1)
    assert views()[1] == {}
