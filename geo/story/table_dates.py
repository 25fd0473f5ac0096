"""Each row's dates from the columns :func:`geo.story.columns.map_columns` chose: a date column
(with an end date and a time, when there are those), or year/month/day columns (TimelineJS)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

import pandas as pd

from geo.story.date_parts import ParsedDate
from geo.story.dates import DateColumn, combine_date_parts, join_spans, parse_dates, parse_times


def table_dates(frame: pd.DataFrame, roles: dict[str, str], *, dayfirst: bool | None = None,
                lang: str = "en") -> DateColumn:
    """The dates of a table's rows, one :class:`ParsedDate` per row in the frame's order.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (e.g. ``read_table(...).frame``).
    roles : dict
        Role → column (``ColumnMapping.roles``). Uses ``date``/``end_date``/``time``, or else
        ``year``/``month``/``day``/``end_year``/``end_month``/``end_day``/``time``.
    dayfirst : bool, optional
        Force the order of d/m/y values (the start and end columns share it).
    lang : {'en', 'vi'}
        Language of the problems and notes.

    Returns
    -------
    DateColumn
        ``values`` are the rows' spans; ``ambiguous``/``readings`` are the start column's.
        With neither a date nor a year role, every value is empty.

    Examples
    --------
    >>> frame = pd.DataFrame({"Year": [1945, 2016], "Month": ["April", "12"], "Day": [None, 15],
    ...                       "End Year": [1945, None], "End Month": [6, None]})
    >>> roles = {"year": "Year", "month": "Month", "day": "Day", "end_year": "End Year", "end_month": "End Month"}
    >>> [(str(v.start), str(v.end), v.precision) for v in table_dates(frame, roles).values]
    [('1945-04-01', '1945-06-30', 'month'), ('2016-12-15', '2016-12-15', 'day')]
    """
    def column(role: str) -> list | None:
        name = roles.get(role)
        return frame[name].tolist() if name in frame.columns else None

    if column("date") is not None:
        starts = parse_dates(column("date"), dayfirst=dayfirst, lang=lang)
        values = starts.values
        if column("end_date") is not None:
            ends = parse_dates(column("end_date"), dayfirst=starts.dayfirst if dayfirst is None else dayfirst,
                               lang=lang)
            values = join_spans(values, ends.values, lang=lang)
    elif column("year") is not None:
        starts = DateColumn(combine_date_parts(column("year"), column("month"), column("day"), lang=lang),
                            "parts")
        values = starts.values
        if column("end_year") is not None:
            ends = combine_date_parts(column("end_year"), column("end_month"), column("end_day"), lang=lang)
            values = join_spans(values, ends, lang=lang)
    else:
        return DateColumn([ParsedDate(None) for _ in range(len(frame))], "empty")
    if column("time") is not None:
        values = [_with_time(v, t) for v, t in zip(values, parse_times(column("time"), lang=lang))]
    values, zone, moved = in_one_zone(values)
    return replace(starts, values=values, timezone=zone, moved=moved)


def in_one_zone(values: list[ParsedDate]) -> tuple[list[ParsedDate], str | None, int]:
    """Times written with a UTC offset (``2016-12-15T23:30:00-05:00``) put in one zone: the offset
    most of them give, so that each lands on its day there. A time at another offset is moved into
    that zone, its day with it; a time without an offset is taken as that zone's. The zone is an
    IANA name (``Etc/GMT-9`` is UTC+09:00); an offset of a part hour has none, so then all go to UTC.

    Returns the values, the zone (None when no value gave an offset) and how many were moved.

    Examples
    --------
    >>> from geo.story.dates import parse_dates
    >>> column = parse_dates(["2016-12-15T10:00+09:00", "2016-12-16T14:00+09:00", "2016-12-15T23:30-05:00"])
    >>> values, zone, moved = in_one_zone(column.values)
    >>> zone, moved, [(str(v.start), v.time.isoformat()) for v in values]
    ('Etc/GMT-9', 1, [('2016-12-15', '10:00:00'), ('2016-12-16', '14:00:00'), ('2016-12-16', '13:30:00')])
    """
    offsets = Counter(v.time.utcoffset() for v in values if v.ok and v.time is not None and v.time.tzinfo)
    if not offsets:
        return values, None, 0
    offset = offsets.most_common(1)[0][0]
    hours, part = divmod(offset.total_seconds(), 3600)
    if part:
        offset, hours = dt.timedelta(0), 0
    zone = "UTC" if not hours else f"Etc/GMT{-int(hours):+d}"
    target = dt.timezone(offset)
    out, moved = [], 0
    for v in values:
        if not (v.ok and v.time is not None and v.time.tzinfo):
            out.append(v)
            continue
        moment = dt.datetime.combine(v.start, v.time).astimezone(target)
        shift = moment.date() - v.start
        moved += v.time.utcoffset() != offset
        out.append(replace(v, start=moment.date(), end=v.end + shift if v.end else v.end,
                           time=moment.time().replace(tzinfo=None)))
    return out, zone, moved


def zone_name(zone: str) -> str:
    """An IANA zone as readers say it: ``Etc/GMT-9`` is ``UTC+09:00`` (the Etc names count the other
    way); any other name as it is.

    >>> zone_name("Etc/GMT-9"), zone_name("Etc/GMT+5"), zone_name("Asia/Tokyo")
    ('UTC+09:00', 'UTC-05:00', 'Asia/Tokyo')
    """
    if zone.startswith("Etc/GMT") and zone[7:].lstrip("+-").isdigit():
        return f"UTC{-int(zone[7:]):+03d}:00"
    return zone


def zone_note(dates: DateColumn) -> dict[str, str] | None:
    """What :func:`in_one_zone` decided, in words (vi and en), or None."""
    if dates.timezone is None:
        return None
    name = zone_name(dates.timezone)
    moved_vi = f"; {dates.moved} giờ ghi theo múi giờ khác được đổi sang múi giờ này" if dates.moved else ""
    moved_en = f"; {dates.moved} time(s) written at another offset were moved into it" if dates.moved else ""
    return {"vi": f"Giờ trong tệp có ghi múi giờ: câu chuyện dùng múi giờ {name}{moved_vi}.",
            "en": f"The file's times carry a UTC offset: the story uses {name}{moved_en}."}


def _with_time(value: ParsedDate, clock: ParsedDate) -> ParsedDate:
    """A date with the time of day from the time column (a problem there is the row's problem)."""
    if not value.ok or (clock.time is None and clock.problem is None):
        return value
    if clock.problem:
        return ParsedDate(value.raw, problem=clock.problem)
    return replace(value, time=clock.time)
