"""Deep links: parsing never fails, bad values fall back with a note, and links round-trip."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.timeline.view_state import ViewState, parse_query, showing_the_event, to_query

DAYS = [dt.date(2016, 12, 15), dt.date(2016, 12, 16)]
LAYERS = ["talks", "agreements", "islands"]
EVENTS = ["talks-begin-nagato", "island-kunashir"]


def parse(params, **kwargs):
    return parse_query(params, days=DAYS, layers=LAYERS, events=EVENTS, **kwargs)


def test_defaults():
    state = parse({})
    assert state == ViewState(DAYS[0], "vi", "day", tuple(LAYERS), None, None, False)
    assert state.notes == ()
    assert parse({}, default_lang="en").lang == "en"


def test_a_good_link():
    state = parse({"day": "2016-12-16", "lang": "en", "mode": "cumulative", "layers": "islands,talks",
                   "event": "island-kunashir", "step": "3", "present": "1"})
    assert state == ViewState(DAYS[1], "en", "cumulative", ("talks", "islands"), "island-kunashir", 3, True)
    assert state.notes == ()


def test_list_values_take_the_last():
    assert parse({"lang": ["vi", "en"], "day": []}).lang == "en"


@pytest.mark.parametrize("raw", ["2016-13-45", "yesterday", "16/12/2016", "2016-02-30"])
def test_bad_day_falls_back_to_the_first_day(raw):
    state = parse({"day": raw})
    assert state.day == DAYS[0]
    assert any("is not a date" in n for n in state.notes)


def test_day_without_events_goes_to_the_nearest_day():
    state = parse({"day": "2016-12-20"})
    assert state.day == DAYS[1]
    assert state.notes == ("day 2016-12-20 has no events; showing 2016-12-16",)


def test_unknown_language_and_mode():
    state = parse({"lang": "fr", "mode": "weekly"})
    assert (state.lang, state.mode) == ("vi", "day")
    assert "language 'fr' is not available" in state.notes
    assert "mode 'weekly' is unknown" in state.notes


def test_unknown_layers_are_ignored():
    state = parse({"layers": "talks,volcanoes,,<script>"})
    assert state.layers == ("talks",)
    assert "unknown layers ignored: volcanoes, <script>" in state.notes


def test_unknown_event_is_dropped():
    state = parse({"event": "no-such-event"})
    assert state.event is None
    assert "event 'no-such-event' is not in this story" in state.notes


@pytest.mark.parametrize(("raw", "step"), [("2", 2), ("-1", None), ("x", None), ("1.5", None)])
def test_step(raw, step):
    assert parse({"step": raw}).step == step


@pytest.mark.parametrize(("raw", "present"), [("1", True), ("true", True), ("yes", True), ("0", False), ("no", False)])
def test_present(raw, present):
    assert parse({"present": raw}).present is present


def test_to_query_leaves_out_defaults():
    state = ViewState(DAYS[0], layers=tuple(LAYERS))
    assert to_query(state, LAYERS) == {"day": "2016-12-15", "lang": "vi", "mode": "day"}


def test_all_layers_switched_off_round_trips():
    """A shared link of a view with every layer switched off must open with no layers, not all."""
    state = ViewState(DAYS[0], layers=())
    assert parse(to_query(state, LAYERS)).layers == ()


@settings(max_examples=100, deadline=None)
@given(
    day=st.sampled_from(DAYS), lang=st.sampled_from(["vi", "en"]), mode=st.sampled_from(["day", "cumulative"]),
    # min_size=1: no layers at all is test_all_layers_switched_off_round_trips
    layers=st.lists(st.sampled_from(LAYERS), unique=True, min_size=1).map(lambda xs: tuple(x for x in LAYERS if x in xs)),
    event=st.none() | st.sampled_from(EVENTS), step=st.none() | st.integers(0, 50), present=st.booleans(),
)
def test_round_trip(day, lang, mode, layers, event, step, present):
    state = ViewState(day, lang, mode, layers, event, step, present)
    back = parse(to_query(state, LAYERS))
    assert back == state
    assert back.notes == ()


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["day", "lang", "mode", "layers", "event", "step", "present", "x"]),
                       st.text() | st.lists(st.text(), max_size=3)))
def test_parsing_never_fails(params):
    state = parse(params)
    assert state.day in DAYS and state.lang in ("vi", "en") and state.mode in ("day", "cumulative")
    assert set(state.layers) <= set(LAYERS)
    assert state.event is None or state.event in EVENTS


LAYERS = ["talks", "agreements", "islands", "joint-activity", "context"]
DAY1, DAY2 = dt.date(2016, 12, 15), dt.date(2016, 12, 16)


@pytest.fixture(scope="module")
def shipped_events(shipped):
    from geo.places.geocode import geocode_story

    return geocode_story(shipped)


def test_a_link_to_an_event_of_another_day_shows_that_day(shipped_events):
    """``?day=2016-12-16&event=talks-one-on-one-nagato`` showed the 15th's event beside the 16th's
    map (in the list's place, with no popup): the view goes to the event's day, and says so."""
    state = ViewState(DAY2, layers=tuple(LAYERS), event="talks-one-on-one-nagato")
    shown = showing_the_event(state, shipped_events, LAYERS)
    assert (shown.day, shown.event, shown.layers) == (DAY1, "talks-one-on-one-nagato", tuple(LAYERS))
    assert shown.notes == ("event 'talks-one-on-one-nagato' is not shown on 2016-12-16; showing 2016-12-15",)


def test_a_link_to_an_event_in_a_layer_switched_off_turns_it_on(shipped_events):
    state = ViewState(DAY2, layers=("talks", "context"), event="easier-visas")
    shown = showing_the_event(state, shipped_events, LAYERS)
    assert (shown.day, shown.layers) == (DAY2, ("talks", "agreements", "context"))
    state = ViewState(DAY1, layers=("talks",), event="island-iturup")  # undated: shown every day
    assert showing_the_event(state, shipped_events, LAYERS).layers == ("talks", "islands")


@pytest.mark.parametrize(("day", "mode", "event"), [
    (DAY1, "day", "talks-one-on-one-nagato"),
    (DAY2, "cumulative", "talks-one-on-one-nagato"),  # an earlier day's event stays in sight
    (DAY1, "day", "island-kunashir"),
    (DAY1, "day", None),
])
def test_a_view_whose_event_is_in_sight_is_left_as_it_is(shipped_events, day, mode, event):
    state = ViewState(day, mode=mode, layers=tuple(LAYERS), event=event)
    assert showing_the_event(state, shipped_events, LAYERS) is state
