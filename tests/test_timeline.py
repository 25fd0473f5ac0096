"""The timeline: story days, what is visible on a day in each mode, day labels."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.geocode import geocode_story
from geo.story import load_story
from geo.timeline import day_label, day_number, long_date, nearest_day, select, story_days, visible_on

D15, D16, D17 = dt.date(2016, 12, 15), dt.date(2016, 12, 16), dt.date(2016, 12, 17)


@pytest.fixture(scope="module")
def events(mini_story_path):
    return geocode_story(load_story(mini_story_path))


def _status(frame):
    return dict(zip(frame["id"], frame["status"]))


def test_story_days_include_every_day_of_a_span(events):
    assert story_days(events) == [D15, D16, D17]


def test_shipped_story_has_two_days(shipped):
    assert story_days(geocode_story(shipped)) == [D15, D16]


@pytest.mark.parametrize(
    ("day", "mode", "expected"),
    [
        (D15, "day", {"meet-nagato": "new", "span": "new", "kunashir": "background"}),
        (D15, "cumulative", {"meet-nagato": "new", "span": "new", "kunashir": "background"}),
        (D16, "day", {"tokyo": "new", "move": "new", "span": "active", "kunashir": "background"}),
        (D16, "cumulative", {"meet-nagato": "earlier", "tokyo": "new", "move": "new", "span": "active",
                             "kunashir": "background"}),
        (D17, "day", {"span": "active", "kunashir": "background"}),
        (D17, "cumulative", {"meet-nagato": "earlier", "tokyo": "earlier", "move": "earlier", "span": "active",
                             "kunashir": "background"}),
        (dt.date(2016, 12, 14), "day", {"kunashir": "background"}),
        (dt.date(2016, 12, 14), "cumulative", {"kunashir": "background"}),
        (dt.date(2016, 12, 18), "cumulative", {"meet-nagato": "earlier", "tokyo": "earlier", "move": "earlier",
                                               "span": "earlier", "kunashir": "background"}),
    ],
)
def test_visible_on(events, day, mode, expected):
    visible = visible_on(events, day, mode)
    assert _status(visible) == expected
    assert list(visible["id"]) == [i for i in events["id"] if i in expected]  # story order kept


def test_span_is_visible_on_each_of_its_days(events):
    for day in (D15, D16, D17):
        assert "span" in set(visible_on(events, day, "day")["id"])


def test_background_is_always_visible(events):
    for offset in range(-3, 6):
        for mode in ("day", "cumulative"):
            visible = visible_on(events, D15 + dt.timedelta(days=offset), mode)
            assert _status(visible).get("kunashir") == "background"


def test_unknown_mode_is_refused(events):
    with pytest.raises(ValueError, match="mode must be one of"):
        visible_on(events, D15, "weekly")


def test_select_by_layer(events):
    assert set(select(events, D16, "day", ["islands"])["id"]) == {"kunashir"}
    assert set(select(events, D16, "day", [])["id"]) == set()
    assert set(select(events, D16, "day", None)["id"]) == {"tokyo", "move", "span", "kunashir"}


def test_day_labels(events):
    days = story_days(events)
    assert day_label(D15, days, "vi") == "15/12/2016 · Ngày 1"
    assert day_label(D15, days, "en") == "15 Dec 2016 · Day 1"
    assert day_label(D17, days, "vi") == "17/12/2016 · Ngày 3"
    assert day_label(D16, days, "en") == "16 Dec 2016 · Day 2"
    assert day_number(D17, days) == 3


def test_long_dates():
    assert long_date(D15, "vi") == "15 tháng 12, 2016"
    assert long_date(D15, "en") == "15 December 2016"


@pytest.mark.parametrize(
    ("asked", "expected"),
    [(D16, D16), (dt.date(2016, 1, 1), D15), (dt.date(2030, 1, 1), D17), (dt.date(2016, 12, 14), D15)],
)
def test_nearest_day(asked, expected):
    assert nearest_day(asked, [D15, D16, D17]) == expected


def test_nearest_day_breaks_ties_towards_the_earlier_day():
    assert nearest_day(D16, [D15, D17]) == D15
