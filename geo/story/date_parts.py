"""The pieces dates are made of: one value's fields, its span, and dates built from separate
year, month and day columns (TimelineJS's Year/Month/Day, End Year/End Month/End Day)."""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any, Sequence

import numpy as np
import pandas as pd

from geo.story.date_words import MONTHS_EN, PART_NAMES, fold_date_text, message

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@dataclass(frozen=True)
class ParsedDate:
    """One value read as a date: its first and last day, or the problem with it.

    Attributes
    ----------
    raw : object
        The value as it was in the file.
    start, end : datetime.date or None
        First and last day covered, both inclusive (equal for a single day).
    precision : {'day', 'month', 'year'} or None
        What the value names: a day, a whole month or a whole year.
    time : datetime.time or None
        The time of day when the value gave one (with its UTC offset when it gave that).
    problem : str or None
        Why the value could not be read; ``None`` with ``start`` None means the cell was empty.
    problem_key : str or None
        Which of :mod:`geo.story.date_words`' messages ``problem`` is, when the whole column's
        choice can mend it (``ambiguous``: the order of d/m/y; ``no_year``: the year); else None.
    """

    raw: Any
    start: date | None = None
    end: date | None = None
    precision: str | None = None
    time: time | None = None
    problem: str | None = None
    problem_key: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the value was read as a date."""
        return self.start is not None

    @property
    def empty(self) -> bool:
        """Whether the cell was empty (not a problem: the reader decides if a date is required)."""
        return self.start is None and self.time is None and self.problem is None




class Unreadable(ValueError):
    """A value that is not a date; ``key`` names its message in :mod:`geo.story.date_words`."""

    def __init__(self, key: str, **extra: object):
        super().__init__(key)
        self.key, self.extra = key, extra


@dataclass
class Fields:
    """The parts a value wrote down; None for a part it left out."""

    year: int | None
    month: int | None
    day: int | None
    time: time | None = None

    @property
    def precision(self) -> str:
        """'day', 'month' or 'year': the finest part written."""
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    def filled_from(self, other: Fields) -> Fields:
        """These fields with the year (and month, when a day is written) taken from ``other``."""
        month = self.month if self.month is not None or self.day is None else other.month
        return replace(self, year=self.year if self.year is not None else other.year, month=month)

    def require_year(self) -> None:
        """Raise when no year was written (dates.py turns it into a 'no year' problem)."""
        if self.year is None:
            raise Unreadable("no_year")


def span_of(fields: Fields) -> tuple[date, date]:
    """First and last day of the day, month or year that ``fields`` name."""
    year = fields.year
    if fields.month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if fields.day is None:
        return date(year, fields.month, 1), date(year, fields.month, calendar.monthrange(year, fields.month)[1])
    day = date(year, fields.month, fields.day)
    return day, day


def is_blank(value: Any) -> bool:
    """Whether a cell is empty: None, NaN, NaT or only spaces."""
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def number_of(value: Any) -> float | None:
    """A cell's number (int, float or text of digits, with a decimal point or comma), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        return float(value.strip().replace(",", "."))
    return None


def timestamp_parts(value: Any) -> tuple[date, time | None] | None:
    """(day, time of day or None at midnight) of a datetime-like cell, else None."""
    if isinstance(value, (datetime, pd.Timestamp, np.datetime64)):
        stamp = pd.Timestamp(value)
        if stamp is pd.NaT:
            return None
        moment = stamp.timetz()
        return stamp.date(), None if (moment.hour, moment.minute, moment.second) == (0, 0, 0) else moment
    if isinstance(value, date):
        return value, None
    return None


def month_number(value: Any) -> int | None:
    """A month written as a number (12, '12', 12.0) or a name ('December', 'Dec', 'Tháng 12',
    'tháng Mười Hai'), else None.

    Examples
    --------
    >>> [month_number(v) for v in ["December", "dec", "12", 12.0, "Tháng 12", "tháng Mười Hai", "13"]]
    [12, 12, 12, 12, 12, 12, None]
    """
    number = number_of(value)
    if number is not None:
        return int(number) if number == int(number) and 1 <= number <= 12 else None
    if not isinstance(value, str):
        return None
    word = fold_date_text(value).strip(". ")
    for i, name in enumerate(MONTHS_EN, start=1):
        if len(word) >= 3 and name.startswith(word) or word == name:
            return i
    return None


def combine_date_parts(years: Sequence[Any], months: Sequence[Any] | None = None,
                       days: Sequence[Any] | None = None, *, lang: str = "en") -> list[ParsedDate]:
    """Dates from separate year, month and day columns; the precision is the finest part given.

    Parameters
    ----------
    years : sequence
        Whole numbers (1945, '1945', 1945.0); years before 1 AD are reported as a problem.
    months, days : sequence, optional
        Months as numbers or names (English or Vietnamese); days as numbers. Same length as years.
    lang : {'en', 'vi'}
        Language of the problems.

    Returns
    -------
    list of ParsedDate

    Examples
    --------
    >>> r = combine_date_parts([1945, "1945", 2016], ["April", None, "Tháng 12"], [None, None, "15"])
    >>> [(str(d.start), str(d.end), d.precision) for d in r]
    [('1945-04-01', '1945-04-30', 'month'), ('1945-01-01', '1945-12-31', 'year'), ('2016-12-15', '2016-12-15', 'day')]
    """
    months = months if months is not None else [None] * len(years)
    days = days if days is not None else [None] * len(years)
    out = []
    for year, month, day in zip(years, months, days):
        raw = " ".join(str(v) for v in (year, month, day) if not is_blank(v))
        if is_blank(year):
            out.append(ParsedDate(raw, problem=None if not raw else message(lang, "no_year", value=raw)))
            continue
        parts = _parts(year, month, day, lang)
        if isinstance(parts, str):
            out.append(ParsedDate(raw, problem=parts))
            continue
        start, end = span_of(parts)
        out.append(ParsedDate(raw, start, end, parts.precision))
    return out


def _parts(year: Any, month: Any, day: Any, lang: str) -> Fields | str:
    """The fields of one row of year/month/day cells, or the problem with them."""
    names = PART_NAMES.get(lang, PART_NAMES["en"])
    y = number_of(year)
    if y is None or y != int(y):
        return message(lang, "bad_part", value=year, part=names["year"])
    if y < 1:
        return message(lang, "before_year_1", value=int(y))
    if y > 9999:
        return message(lang, "bad_part", value=year, part=names["year"])
    m = None
    if not is_blank(month):
        m = month_number(month)
        if m is None:
            return message(lang, "bad_part", value=month, part=names["month"])
    d = None
    if not is_blank(day):
        d_number = number_of(day)
        if m is None or d_number is None or d_number != int(d_number) or not \
                1 <= d_number <= calendar.monthrange(int(y), m)[1]:
            return message(lang, "bad_part", value=day, part=names["day"])
        d = int(d_number)
    return Fields(int(y), m, d)
