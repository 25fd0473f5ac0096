"""The timeline: story days, what is visible on a day in each mode, day labels."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.places.geocode import geocode_story
from geo.story.load import load_story
from geo.timeline.days import day_label, day_number, long_date, nearest_day, select, story_days, visible_on

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


def _reference_tour(events, days):
    """tour_steps as it was written first (row by row, pd.isna on each value): the reference."""
    import pandas as pd

    from geo.timeline.tour import TourStep

    rows = []
    for _, row in events.iterrows():
        start = row["start"]
        dated = start is not None and not pd.isna(start)
        day = start if dated else days[-1]
        order = row["tour_order"]
        order = order if order == order and order is not None else 10**9
        time = row["time"]
        rows.append((0 if dated else 1, day, order, time if isinstance(time, str) else "", row["order"], row["id"],
                     row["tour_zoom"]))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3], r[4]))
    return [TourStep(n, event_id, day, int(zoom) if zoom == zoom and zoom is not None else None)
            for n, (_, day, _, _, _, event_id, zoom) in enumerate(rows, start=1)]


def test_tour_steps_are_those_of_the_reference(events):
    import numpy as np
    import pandas as pd

    from benchmarks.synthetic import story_text
    from geo.story.load import parse_story
    from geo.timeline.tour import tour_steps

    big = geocode_story(parse_story(story_text(120), "s.yaml"))
    odd = pd.DataFrame({
        "id": ["a", "b", "c", "d", "e", "f"], "order": [5, 4, 3, 2, 1, 0],
        "start": [D16, None, D15, np.nan, D15, D16], "end": [None, None, D17, None, np.nan, None], "time": ["10:00", None, np.nan, "09:00", "10:00", ""],
        "tour_order": [2.0, np.nan, 1.0, None, 1.0, np.nan], "tour_zoom": [np.nan, 7.0, None, 3.0, 12.0, np.nan],
    })
    for frame in (events, big, odd):
        days = story_days(frame)
        assert tour_steps(frame, days) == _reference_tour(frame, days)


def test_visible_on_is_the_reference_on_odd_missing_values():
    """Statuses from whole-column isna equal pd.isna value by value (None, NaN, NaT)."""
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame({"id": list("abcdef"), "start": [D15, None, np.nan, D16, pd.NaT, D15],
                          "end": [None, None, D17, np.nan, None, D17]})

    def reference(day, mode):
        out = []
        for start, end in zip(frame["start"], frame["end"]):
            if start is None or pd.isna(start):
                out.append("background")
                continue
            last = end if end is not None and not pd.isna(end) else start
            out.append("new" if start == day else "active" if start < day <= last
                       else "earlier" if mode == "cumulative" and last < day else None)
        return [s for s in out if s is not None]

    for day in (D15, D16, D17, dt.date(2016, 12, 18)):
        for mode in ("day", "cumulative"):
            assert visible_on(frame, day, mode)["status"].tolist() == reference(day, mode)



def test_chronology_has_a_time_column_only_when_the_story_gives_times(events, mini_story_path, shipped):
    from geo.timeline.chronology import chronology_table

    mini = load_story(mini_story_path).story
    table = chronology_table(events, mini, "en")
    assert "17:00" in set(table["Time (local)"])
    # filtered down to an event without a time, the column stays: it does not come and go with the filters
    untimed = events[events["time"].fillna("") == ""].iloc[0]
    filtered = chronology_table(events, mini, "en", search=untimed["title_en"])
    assert "Time (local)" in filtered.columns and set(filtered["Time (local)"]) == {""}
    shipped_table = chronology_table(geocode_story(shipped), shipped.story, "en")
    assert "Time (local)" not in shipped_table.columns and len(shipped_table) == 29


def test_a_long_story_steps_from_change_to_change_and_labels_days_by_date():
    """A war in a table is not 400 steps of one day; each step is a day on which something begins or
    ends, labelled by its date. A span of whole months ("April–June 1945", "1956") steps on its first
    day only: its last is where the precision ends, not an event."""
    import geopandas as gpd

    frame = gpd.GeoDataFrame({"start": [dt.date(1945, 4, 1), dt.date(1956, 1, 1), dt.date(2016, 12, 15),
                                        dt.date(1941, 6, 22)],
                              "end": [dt.date(1945, 6, 30), dt.date(1956, 12, 31), None, dt.date(1945, 5, 9)]})
    days = story_days(frame)
    assert days == [dt.date(1941, 6, 22), dt.date(1945, 4, 1), dt.date(1945, 5, 9), dt.date(1956, 1, 1),
                    dt.date(2016, 12, 15)]
    assert day_label(days[2], days, "vi") == "09/05/1945" and day_label(days[2], days, "en") == "9 May 1945"
    assert visible_on(frame, dt.date(1945, 6, 30))["status"].tolist()[0] in ("active", "new")


def test_a_month_in_a_short_story_is_one_step_not_thirty():
    """A teacher's two days of talks and a row dated "December 2016": three steps, and the month's
    event is shown on each of its days."""
    import geopandas as gpd

    frame = gpd.GeoDataFrame({"start": [D15, D16, dt.date(2016, 12, 1)], "end": [None, None, dt.date(2016, 12, 31)]})
    assert story_days(frame) == [dt.date(2016, 12, 1), D15, D16]
    assert visible_on(frame, D16)["status"].tolist() == ["new", "active"]


@pytest.mark.parametrize("start, end, lang, text", [
    (dt.date(1948, 1, 1), dt.date(1948, 12, 31), "en", "1948"),
    (dt.date(1941, 1, 1), dt.date(1945, 12, 31), "vi", "1941 – 1945"),
    (dt.date(2016, 2, 1), dt.date(2016, 2, 29), "en", "February 2016"),
    (dt.date(2016, 10, 1), dt.date(2016, 12, 31), "vi", "tháng 10, 2016 – tháng 12, 2016"),
    (dt.date(2016, 12, 15), None, "vi", "15 tháng 12, 2016"),
    (dt.date(2016, 12, 1), dt.date(2016, 12, 30), "en", "1 December 2016 – 30 December 2016"),  # not the whole month
])
def test_a_date_is_written_as_precisely_as_it_was_given(start, end, lang, text):
    """A row dated "1948" reads 1948 in its card, not "1 January 1948 – 31 December 1948"."""
    from geo.timeline.days import span_text

    assert span_text(start, end, lang) == text
