"""Dates with precision (geo/story/dates.py, date_parts.py, date_words.py, table_dates.py)."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

import numpy as np
import pandas as pd
import pytest

from geo.story.dates import combine_date_parts, join_spans, parse_date, parse_dates, parse_times
from geo.story.date_parts import month_number
from geo.story.date_words import fold_date_text
from geo.story.table_dates import table_dates

D = date


@pytest.mark.parametrize("raw, start, end, precision", [
    ("2016-12-15", D(2016, 12, 15), D(2016, 12, 15), "day"),
    ("December 7, 1941", D(1941, 12, 7), D(1941, 12, 7), "day"),
    ("7 December 1941", D(1941, 12, 7), D(1941, 12, 7), "day"),
    ("28 December 2022", D(2022, 12, 28), D(2022, 12, 28), "day"),
    ("11-Mar-15", D(2015, 3, 11), D(2015, 3, 11), "day"),
    ("Mar 11, 2015", D(2015, 3, 11), D(2015, 3, 11), "day"),
    ("15/12/2016", D(2016, 12, 15), D(2016, 12, 15), "day"),
    ("12/15/2016", D(2016, 12, 15), D(2016, 12, 15), "day"),
    ("15.12.2016", D(2016, 12, 15), D(2016, 12, 15), "day"),
    ("15-12-2016", D(2016, 12, 15), D(2016, 12, 15), "day"),
    ("2016/12/15", D(2016, 12, 15), D(2016, 12, 15), "day"),
    ("ngày 15 tháng 12 năm 2016", D(2016, 12, 15), D(2016, 12, 15), "day"),
    ("Ngày 7 Tháng 12 Năm 1941", D(1941, 12, 7), D(1941, 12, 7), "day"),
    ("ngay 15 thang 12 nam 2016", D(2016, 12, 15), D(2016, 12, 15), "day"),
    ("tháng 12/2016", D(2016, 12, 1), D(2016, 12, 31), "month"),
    ("Tháng 12 năm 2016", D(2016, 12, 1), D(2016, 12, 31), "month"),
    ("tháng Mười Hai 2016", D(2016, 12, 1), D(2016, 12, 31), "month"),
    ("thg 2/2016", D(2016, 2, 1), D(2016, 2, 29), "month"),
    ("April 1945", D(1945, 4, 1), D(1945, 4, 30), "month"),
    ("04/1945", D(1945, 4, 1), D(1945, 4, 30), "month"),
    ("2016-12", D(2016, 12, 1), D(2016, 12, 31), "month"),
    ("Dec. 2016", D(2016, 12, 1), D(2016, 12, 31), "month"),
    ("1945", D(1945, 1, 1), D(1945, 12, 31), "year"),
    ("năm 1945", D(1945, 1, 1), D(1945, 12, 31), "year"),
    ("April-May 1945", D(1945, 4, 1), D(1945, 5, 31), "month"),
    ("1941-1945", D(1941, 1, 1), D(1945, 12, 31), "year"),
    ("1941 – 1945", D(1941, 1, 1), D(1945, 12, 31), "year"),
    ("from 1941 to 1945", D(1941, 1, 1), D(1945, 12, 31), "year"),
    ("từ 1941 đến 1945", D(1941, 1, 1), D(1945, 12, 31), "year"),
    ("15-16/12/2016", D(2016, 12, 15), D(2016, 12, 16), "day"),
    ("December 15–16, 2016", D(2016, 12, 15), D(2016, 12, 16), "day"),
    ("15–16 December 2016", D(2016, 12, 15), D(2016, 12, 16), "day"),
    ("July 17 – August 2, 1945", D(1945, 7, 17), D(1945, 8, 2), "day"),
    ("tháng 4 đến tháng 5 năm 1945", D(1945, 4, 1), D(1945, 5, 31), "month"),
    ("2016-12-15/2016-12-16", D(2016, 12, 15), D(2016, 12, 16), "day"),
    (1945, D(1945, 1, 1), D(1945, 12, 31), "year"),
    (1945.0, D(1945, 1, 1), D(1945, 12, 31), "year"),
    (20161215, D(2016, 12, 15), D(2016, 12, 15), "day"),
    (1482796800, D(2016, 12, 27), D(2016, 12, 27), "day"),
    (1482796800000, D(2016, 12, 27), D(2016, 12, 27), "day"),
    ("1482796800000", D(2016, 12, 27), D(2016, 12, 27), "day"),
    (np.int64(1481804580000), D(2016, 12, 15), D(2016, 12, 15), "day"),
    (datetime(2016, 12, 15), D(2016, 12, 15), D(2016, 12, 15), "day"),
    (pd.Timestamp("2016-12-15"), D(2016, 12, 15), D(2016, 12, 15), "day"),
    (np.datetime64("2016-12-15"), D(2016, 12, 15), D(2016, 12, 15), "day"),
    (D(2016, 12, 15), D(2016, 12, 15), D(2016, 12, 15), "day"),
])
def test_one_value(raw, start, end, precision):
    parsed = parse_date(raw)
    assert (parsed.start, parsed.end, parsed.precision, parsed.problem) == (start, end, precision, None)


@pytest.mark.parametrize("raw, expected", [
    ("2016-12-15T18:10:00Z", time(18, 10, tzinfo=timezone.utc)),
    ("2016-12-15 18:10", time(18, 10)),
    ("15/12/2016 18:10", time(18, 10)),
    (pd.Timestamp("2016-12-15 18:10"), time(18, 10)),
    (1481804580000, time(12, 23, tzinfo=timezone.utc)),
    ("2016-12-15", None),
])
def test_the_time_of_day_comes_along(raw, expected):
    assert parse_date(raw).time == expected


@pytest.mark.parametrize("raw, lang, message", [
    ("abc", "en", "'abc' is not a date this app can read (try 2016-12-15 or 15 December 2016)"),
    ("abc", "vi", "'abc' không phải là ngày tháng đọc được (hãy viết 2016-12-15 hoặc 15/12/2016)"),
    ("Dec 15", "en", "'Dec 15' has no year: write it with the year, e.g. 15 December 2016"),
    ("15 tháng 12", "vi", "'15 tháng 12' thiếu năm: hãy ghi cả năm, ví dụ 15/12/2016"),
    ("1945-1941", "en", "the end 1941-12-31 is before the start 1945-01-01"),
    (-44, "en", "years before 1 AD cannot be shown (-44)"),
    (1e15, "en", "1e+15 is too large or too small for a timestamp in seconds or milliseconds"),
    ("31/02/2016", "en", "'31/02/2016' is not a date this app can read (try 2016-12-15 or 15 December 2016)"),
    ("03/04/2016", "en", "'03/04/2016' can be read as 2016-04-03 (day first) or 2016-03-04 (month first): "
                         "say which order the column uses"),
])
def test_problems_are_plain_and_in_the_reader_s_language(raw, lang, message):
    parsed = parse_date(raw, lang=lang)
    assert not parsed.ok and not parsed.empty
    assert parsed.problem == message


@pytest.mark.parametrize("raw", [None, "", "   ", float("nan"), pd.NaT, np.nan])
def test_empty_cells_are_empty_not_problems(raw):
    assert parse_date(raw).empty


@pytest.mark.parametrize("values, dayfirst", [
    (["15/12/2016", "05/09/2016"], True),  # 15 can only be a day: the column is day first
    (["12/15/2016", "05/09/2016"], False),
    (["25.12.2016", "05.09.2016"], True),
    (["15-16/12/2016", "05/09/2016"], True),  # the range's right end shows it
])
def test_the_column_decides_day_or_month_first(values, dayfirst):
    column = parse_dates(values)
    assert column.dayfirst is dayfirst and not column.ambiguous
    first = column.values[-1].start
    assert first == (D(2016, 9, 5) if dayfirst else D(2016, 5, 9))
    assert column.notes and ("day first" if dayfirst else "month first") in column.notes[0]


@pytest.mark.parametrize("lang, words", [("vi", "ngày trước"), ("en", "day first")])
def test_an_ambiguous_column_is_reported_not_guessed(lang, words):
    column = parse_dates(["05/09/2016", "03/12/2016", "07/07/2016", "2016-12-15", None], lang=lang)
    assert column.ambiguous and column.dayfirst is None
    assert [v.start for v in column.readings[0][:3]] == [D(2016, 9, 5), D(2016, 12, 3), D(2016, 7, 7)]
    assert [v.start for v in column.readings[1][:3]] == [D(2016, 5, 9), D(2016, 3, 12), D(2016, 7, 7)]
    values = column.values
    assert values[0].start is None and words in values[0].problem and "2016-09-05" in values[0].problem
    assert values[2].start == D(2016, 7, 7)  # the same either way
    assert values[3].start == D(2016, 12, 15) and values[4].empty


@pytest.mark.parametrize("dayfirst, expected", [(True, D(2016, 9, 5)), (False, D(2016, 5, 9))])
def test_dayfirst_forces_the_order(dayfirst, expected):
    column = parse_dates(["05/09/2016"], dayfirst=dayfirst, lang="vi")
    assert not column.ambiguous and column.values[0].start == expected


def test_a_value_against_the_column_s_order_is_a_problem():
    column = parse_dates(["25/12/2016", "26/12/2016", "12/27/2016"])
    assert column.dayfirst is True
    assert column.values[2].problem == "'12/27/2016' does not fit the column's dd/mm order"


@pytest.mark.parametrize("values, kind, expected", [
    ([42719, 42720.75], "excel_serial", [(D(2016, 12, 15), None), (D(2016, 12, 16), time(18, 0))]),
    (["42719", "42720"], "excel_serial", [(D(2016, 12, 15), None), (D(2016, 12, 16), None)]),
    ([1945, 42719], "mixed", [(D(1945, 1, 1), None), (D(2016, 12, 15), None)]),  # 42719: a cell left unformatted
    ([1482796800000, 1481804580000], "epoch", [(D(2016, 12, 27), time(0, 0, tzinfo=timezone.utc)),
                                               (D(2016, 12, 15), time(12, 23, tzinfo=timezone.utc))]),
])
def test_numbers_columns(values, kind, expected):
    column = parse_dates(values)
    got = [(v.start, v.time) for v in column.values]
    assert got == expected
    if kind == "excel_serial":
        assert column.kind == "excel_serial" and "Excel day numbers" in column.notes[0]


def test_excel_serials_can_be_forced_or_forbidden():
    assert parse_dates([3000], excel_serial=True).values[0].start == D(1908, 3, 18)
    assert parse_dates([42719], excel_serial=False).values[0].problem.startswith("'42719' is not a date")
    assert parse_dates(["15/12/2016", 42720]).values[1].start == D(2016, 12, 16)  # by default: a day number


def test_a_few_day_numbers_among_written_dates_are_read_with_a_note():
    """A spreadsheet cell typed before the column was formatted as dates keeps Excel's day number."""
    column = parse_dates(["15/12/2016", "42720", 1945], lang="vi")
    assert [v.start for v in column.values] == [D(2016, 12, 15), D(2016, 12, 16), D(1945, 1, 1)]
    assert column.notes[0].startswith("1 giá trị là số ngày kiểu Excel (ví dụ 42720 là 2016-12-16)")


@pytest.mark.parametrize("raw, expected", [
    ("Thứ sáu 16/12/2016", (D(2016, 12, 16), D(2016, 12, 16))), ("Thứ 6, 16/12/2016", (D(2016, 12, 16),) * 2),
    ("T6 16/12/2016", (D(2016, 12, 16),) * 2), ("Chủ nhật, 18/12/2016", (D(2016, 12, 18),) * 2),
    ("CN 18/12/2016", (D(2016, 12, 18),) * 2), ("Friday, 16 December 2016", (D(2016, 12, 16),) * 2),
    ("Thu 2/12/2016", (D(2016, 12, 2),) * 2),  # Thursday, not "Thứ 2"
    ("Thu 5 Dec 2016", (D(2016, 12, 5),) * 2), ("Thứ Sáu, 16 tháng 12 năm 2016", (D(2016, 12, 16),) * 2),
    ("T7/2016", (D(2016, 7, 1), D(2016, 7, 31))), ("T3 năm 2016", (D(2016, 3, 1), D(2016, 3, 31))),  # T: tháng
    ("Q4 2016", (D(2016, 10, 1), D(2016, 12, 31))), ("quý IV/2016", (D(2016, 10, 1), D(2016, 12, 31))),
    ("Quý 1 năm 2017", (D(2017, 1, 1), D(2017, 3, 31))), ("2016-Q3", (D(2016, 7, 1), D(2016, 9, 30))),
])
def test_days_of_the_week_and_quarters(raw, expected):
    parsed = parse_date(raw, dayfirst=True)
    assert (parsed.start, parsed.end) == expected, parsed.problem


@pytest.mark.parametrize("raw, expected, precision", [
    ("Q4 2016 – Q1 2017", (D(2016, 10, 1), D(2017, 3, 31)), "month"),
    ("quý IV/2016 – quý I/2017", (D(2016, 10, 1), D(2017, 3, 31)), "month"),
    ("quý III – IV/2016", (D(2016, 7, 1), D(2016, 12, 31)), "month"),
    # a part of a month or a year is read as the whole of it, which holds it
    ("early December 2016", (D(2016, 12, 1), D(2016, 12, 31)), "month"),
    ("mid-December 2016", (D(2016, 12, 1), D(2016, 12, 31)), "month"),
    ("đầu tháng 12/2016", (D(2016, 12, 1), D(2016, 12, 31)), "month"),
    ("Thượng tuần tháng 12/2016", (D(2016, 12, 1), D(2016, 12, 31)), "month"),
    ("cuối năm 2016", (D(2016, 1, 1), D(2016, 12, 31)), "year"),
    ("1990s", (D(1990, 1, 1), D(1999, 12, 31)), "year"), ("thập niên 1990", (D(1990, 1, 1), D(1999, 12, 31)), "year"),
    ("những năm 1960", (D(1960, 1, 1), D(1969, 12, 31)), "year"),
    ("thế kỷ XIX", (D(1801, 1, 1), D(1900, 12, 31)), "year"), ("20th century", (D(1901, 1, 1), D(2000, 12, 31)), "year"),
    ("cuối thế kỷ 19", (D(1801, 1, 1), D(1900, 12, 31)), "year"),
    # found by a review: the textbook spelling, two-digit decades, English centuries in "00s"
    ("Thế kỉ XIX", (D(1801, 1, 1), D(1900, 12, 31)), "year"), ("thế kỷ thứ XIX", (D(1801, 1, 1), D(1900, 12, 31)), "year"),
    ("thập niên 90", (D(1990, 1, 1), D(1999, 12, 31)), "year"), ("những năm 90", (D(1990, 1, 1), D(1999, 12, 31)), "year"),
    ("the '90s", (D(1990, 1, 1), D(1999, 12, 31)), "year"), ("the 1800s", (D(1800, 1, 1), D(1899, 12, 31)), "year"),
    ("2000s", (D(2000, 1, 1), D(2009, 12, 31)), "year"), ("19th-century", (D(1801, 1, 1), D(1900, 12, 31)), "year"),
    ("end of December 2016", (D(2016, 12, 1), D(2016, 12, 31)), "month"),
    ("beginning of 2016", (D(2016, 1, 1), D(2016, 12, 31)), "year"),
])
def test_quarter_spans_parts_of_months_decades_and_centuries(raw, expected, precision):
    parsed = parse_date(raw, dayfirst=True)
    assert (parsed.start, parsed.end, parsed.precision) == (*expected, precision), parsed.problem


@pytest.mark.parametrize("raw", ["midnight 2016", "Dau Tieng 2016", "thế kỷ ABC", "1995s",
                                 "early March"])  # no year: that row is left aside, not the whole column asked
def test_words_near_those_are_not_dates(raw):
    assert parse_date(raw, dayfirst=True).problem


@pytest.mark.parametrize("raw, expected", [
    ("18:10", time(18, 10)), ("6:10 PM", time(18, 10)), ("6:10 pm", time(18, 10)), ("6:10 AM", time(6, 10)),
    ("18h10", time(18, 10)), ("18 giờ 10", time(18, 10)), ("7g30", time(7, 30)), ("6:10 CH", time(18, 10)),
    ("18:10:30", time(18, 10, 30)), (0.75, time(18, 0)), (time(9, 5), time(9, 5)),
    (pd.Timestamp("1900-01-01 18:10"), time(18, 10)),
])
def test_times(raw, expected):
    (parsed,) = parse_times([raw])
    assert parsed.time == expected and parsed.problem is None


@pytest.mark.parametrize("raw, lang, message", [
    ("2016-12-15", "en", "'2016-12-15' is not a time of day (try 18:10 or 6:10 PM)"),
    ("noon-ish", "vi", "'noon-ish' không phải là giờ trong ngày (hãy viết 18:10)"),
])
def test_time_problems(raw, lang, message):
    assert parse_times([raw], lang=lang)[0].problem == message


@pytest.mark.parametrize("year, month, day, start, end, precision", [
    (1945, "December", 7, D(1945, 12, 7), D(1945, 12, 7), "day"),
    ("1945", "Dec", "7", D(1945, 12, 7), D(1945, 12, 7), "day"),
    (1945.0, 12.0, None, D(1945, 12, 1), D(1945, 12, 31), "month"),
    (2016, "Tháng 12", 15, D(2016, 12, 15), D(2016, 12, 15), "day"),
    (2016, "tháng Hai", None, D(2016, 2, 1), D(2016, 2, 29), "month"),
    (1945, None, None, D(1945, 1, 1), D(1945, 12, 31), "year"),
])
def test_year_month_day_columns(year, month, day, start, end, precision):
    (parsed,) = combine_date_parts([year], [month], [day])
    assert (parsed.start, parsed.end, parsed.precision) == (start, end, precision)


@pytest.mark.parametrize("year, month, day, lang, message", [
    (1945, "Smarch", None, "en", "'Smarch' is not a valid month"),
    (1945, 2, 30, "vi", "'30' không phải là ngày hợp lệ"),
    ("about 1945", None, None, "en", "'about 1945' is not a valid year"),
    (-500, None, None, "en", "years before 1 AD cannot be shown (-500)"),
    (None, 12, 7, "en", "'12 7' has no year: write it with the year, e.g. 15 December 2016"),
])
def test_year_month_day_problems(year, month, day, lang, message):
    assert combine_date_parts([year], [month], [day], lang=lang)[0].problem == message


def test_month_names():
    assert [month_number(v) for v in ["January", "jan", "Sept", "tháng 9", "Tháng Giêng", "Tháng Chạp", "13", ""]] \
        == [1, 1, 9, 9, 1, 12, None, None]


def test_spans_from_start_and_end_columns():
    starts = parse_dates(["1941", "15/12/2016", "1945", "2016-12-16"]).values
    ends = parse_dates(["1945", "", "1944", "garbage"]).values
    joined = join_spans(starts, ends)
    assert [(v.start, v.end) for v in joined[:2]] == [(D(1941, 1, 1), D(1945, 12, 31)),
                                                       (D(2016, 12, 15), D(2016, 12, 15))]
    assert joined[2].problem == "the end 1944-12-31 is before the start 1945-01-01"
    assert joined[3].problem.startswith("'garbage' is not a date")


def test_table_dates_from_a_start_end_and_time_column():
    frame = pd.DataFrame({"start": ["15/12/2016", "16/12/2016"], "end": ["16/12/2016", None],
                          "at": ["18:10", None]})
    column = table_dates(frame, {"date": "start", "end_date": "end", "time": "at"})
    assert [(v.start, v.end, v.time) for v in column.values] == [
        (D(2016, 12, 15), D(2016, 12, 16), time(18, 10)), (D(2016, 12, 16), D(2016, 12, 16), None)]
    assert table_dates(frame, {}).values[0].empty


def test_fold_date_text():
    assert fold_date_text("Ngày 7 tháng Mười Một năm 1917") == "7 november 1917"
    assert fold_date_text("thg 12/2016") == "december 2016"


def test_times_with_utc_offsets_land_on_their_day_in_the_zone_most_of_them_give():
    """A time at another offset is moved into the story's zone, its day with it (23:30 in New York on the
    15th is 13:30 in Tokyo on the 16th); a time without an offset is taken as the zone's own."""
    import pandas as pd

    from geo.story.table_dates import table_dates, zone_note

    frame = pd.DataFrame({"when": ["2016-12-15T10:00:00+09:00", "2016-12-16T14:00+09:00",
                                   "2016-12-15T23:30:00-05:00", "2016-12-17 09:00"]})
    dates = table_dates(frame, {"date": "when"})
    assert [(str(v.start), v.time.isoformat()) for v in dates.values] == [
        ("2016-12-15", "10:00:00"), ("2016-12-16", "14:00:00"), ("2016-12-16", "13:30:00"), ("2016-12-17", "09:00:00")]
    assert dates.timezone == "Etc/GMT-9" and dates.moved == 1
    assert "UTC+09:00" in zone_note(dates)["en"] and "UTC+09:00" in zone_note(dates)["vi"]


def test_without_offsets_the_dates_and_the_zone_are_left_alone():
    import pandas as pd

    from geo.story.table_dates import table_dates, zone_note

    dates = table_dates(pd.DataFrame({"when": ["2016-12-15 23:30", "16/12/2016"]}), {"date": "when"})
    assert [str(v.start) for v in dates.values] == ["2016-12-15", "2016-12-16"]
    assert dates.timezone is None and zone_note(dates) is None


@pytest.mark.parametrize("raw, expected", [
    ("2024-09-07", D(2024, 9, 7)), ("2018-06-12T09:00+08:00", D(2018, 6, 12)), ("1941-12-07T07:48", D(1941, 12, 7)),
    ("2016/12/05", D(2016, 12, 5)),
])
@pytest.mark.parametrize("dayfirst", [True, False, None])
def test_a_date_that_starts_with_its_year_is_never_turned_round(raw, expected, dayfirst):
    """--dayfirst (or a column of dd/mm dates beside it) is about d/m/y dates: 2024-09-07 stays 7 September."""
    assert parse_date(raw, dayfirst=dayfirst).start == expected


def test_iso_dates_in_a_column_of_day_first_dates():
    column = parse_dates(["1941-12-07", "15/08/1945", "1941-12-07T07:48"])
    assert [v.start for v in column.values] == [D(1941, 12, 7), D(1945, 8, 15), D(1941, 12, 7)]


@pytest.mark.parametrize("raw, expected", [("30/4/75", D(1975, 4, 30)), ("15/12/16", D(2016, 12, 15)),
                                           ("April 30, 75", D(1975, 4, 30)), ("1/9/45", D(1945, 9, 1))])
def test_two_digit_years_are_in_the_past(raw, expected):
    """Stories tell what happened: "30/4/75" is 1975, not 2075."""
    assert parse_date(raw, dayfirst=True).start == expected


def test_spreadsheet_dates_beside_day_first_text_are_flagged():
    """Excel set to month-first turns "05/06/2016" into 6 May as it is typed, and leaves "15/12/2016" as
    text: the column's dates of both kinds get a note to check them."""
    from datetime import datetime

    column = parse_dates([datetime(2016, 5, 6), "15/12/2016", datetime(2016, 12, 16)], lang="en")
    assert column.notes[-1].startswith("1 cell(s) hold dates the spreadsheet read itself (e.g. 2016-05-06)")
    assert parse_dates([datetime(2016, 5, 6), datetime(2016, 12, 16)]).notes == []  # no text: nothing to compare


def test_a_two_digit_year_is_told_which_century_it_was_put_in():
    assert parse_dates(["30/4/75", "15/12/2016"]).notes[-1] == \
        "years written with two digits are read as past years: '30/4/75' is 1975"
    assert not any("two digits" in n for n in parse_dates(["30/04/1975"]).notes)
