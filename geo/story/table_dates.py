"""Each row's dates from the columns :func:`geo.story.columns.map_columns` chose: a date column
(with an end date and a time, when there are those), or year/month/day columns (TimelineJS)."""

from __future__ import annotations

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
    return replace(starts, values=values)


def _with_time(value: ParsedDate, clock: ParsedDate) -> ParsedDate:
    """A date with the time of day from the time column (a problem there is the row's problem)."""
    if not value.ok or (clock.time is None and clock.problem is None):
        return value
    if clock.problem:
        return ParsedDate(value.raw, problem=clock.problem)
    return replace(value, time=clock.time)
