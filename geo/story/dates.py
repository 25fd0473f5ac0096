"""Dates with their precision, read from a column of raw values (text, numbers, datetimes).

A value is a day, a month or a year (``precision``), or a span of them: ``1945`` is the whole year
1945, ``April 1945`` the whole of April, ``15-16/12/2016`` two days. Each result carries its first
and last day (both inclusive) so a reader can turn it into an event's ``start`` and ``end``.

Rules the whole column decides, not each value alone:

* **Day or month first.** ``03/04/2016`` is 3 April or 4 March. A value whose first number is over
  12 (``15/12/2016``) shows day first; one whose second number is over 12 shows month first. With no
  such value the column is *ambiguous*: :func:`parse_dates` does not guess (in any language,
  Vietnamese included) but returns both readings so the page can ask; ``dayfirst=`` forces one.
* **Timestamps.** Numbers from 1e8 to 1e11 are Unix seconds (1973–5138), from 1e11 to 1e14
  milliseconds (earthquake feeds): the two ranges do not overlap, so the magnitude decides.
* **Excel day numbers** (days since 1899-12-30) are numbers from 10000 to 110000 (1927–2201): a year
  such as 1945, eight digits or a timestamp can never be taken for one. A column made wholly of them
  is a column of day numbers (``excel_serial`` forces or forbids it); a few among dates written
  otherwise are cells a spreadsheet did not format as dates, read so, with a note.
* Whole numbers up to 9999 are years; eight digits that make a date (``20161215``) are that day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any, Iterable

import pandas as pd
from dateutil import parser as dateutil_parser

from geo.story.date_words import DATE_WORDS, MONTHS_EN, fold_date_text, message
from geo.story.date_parts import Fields, ParsedDate, Unreadable as _Unreadable, combine_date_parts, is_blank, \
    number_of, span_of, timestamp_parts

__all__ = ["DateColumn", "ParsedDate", "column_notes", "combine_date_parts", "join_spans", "parse_date",
           "parse_dates", "parse_times"]

PRECISIONS = ("day", "month", "year")
# Problems a choice for the whole column mends (the order of d/m/y, the year of dates written
# without one): the reader is asked; a value's other problems are that row's alone.
COLUMN_MENDS = ("ambiguous", "no_year")

# Two defaults that differ in every field: a field that comes out the same from both was written.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2001, 2, 2, 1, 1, 1)
# d/m/y or m/d/y with the same separator twice; ISO's y-m-d cannot match (its first part has 4 digits).
_TRIPLE = re.compile(r"(?<!\d)(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.\-])")
_YEAR_FIRST = re.compile(r"\d{4}[-/.]\d{1,2}(?!\d)")
_RANGES = [
    re.compile(r"^(?P<a>\d{4}-\d{2}(?:-\d{2})?)\s*/\s*(?P<b>\d{4}-\d{2}(?:-\d{2})?)$"),  # ISO interval
    re.compile(r"^(?P<a>\d{3,4})\s*[-/]\s*(?P<b>\d{3,4})$"),  # 1941-1945
    re.compile(r"^(?P<a>.+?)\s*[\u2013\u2014]\s*(?P<b>.+)$"),  # en or em dash
    re.compile(r"^(?P<a>.+?)\s+(?:-|to|until|till|through|den|toi)\s+(?P<b>.+)$"),
    re.compile(r"^(?P<a>[a-z]+)-(?P<b>[a-z]+\b.*)$"),  # april-may 1945
    re.compile(r"^(?P<a>\d{1,2})-(?P<b>\d{1,2}[/.\s,].*)$"),  # 15-16/12/2016, 15-16 december 2016
    re.compile(r"^(?P<a>[a-z]+\s+\d{1,2})-(?P<b>\d{1,2}\b.*)$"),  # december 15-16, 2016
]


@dataclass(frozen=True)
class DateColumn:
    """A column of values read as dates, with what the whole column decided.

    Attributes
    ----------
    values : list of ParsedDate
        One result per value, in order. When ``ambiguous``, a value whose two readings differ
        has no date but a problem that shows both.
    kind : {'text', 'epoch', 'excel_serial', 'datetime', 'mixed', 'empty'}
        What the column holds.
    dayfirst : bool or None
        The order used for d/m/y values: True day first, False month first, None when the column
        had no such value or is ambiguous.
    ambiguous : bool
        True when d/m/y values could be read either way and nothing in the column decides.
    readings : tuple of two lists of ParsedDate, or None
        When ambiguous: every value read day first, and every value read month first.
    notes : list of str
        What the column decided and why, for the user.
    timezone : str or None
        The IANA zone the values' times are in once their UTC offsets were applied
        (:func:`geo.story.table_dates.table_dates`); None when no value gave an offset.
    moved : int
        How many values were moved into that zone from another offset.
    """

    values: list[ParsedDate]
    kind: str
    dayfirst: bool | None = None
    ambiguous: bool = False
    readings: tuple[list[ParsedDate], list[ParsedDate]] | None = None
    notes: list[str] = field(default_factory=list)
    timezone: str | None = None
    moved: int = 0


def parse_dates(values: Iterable[Any], *, dayfirst: bool | None = None, lang: str = "en",
                excel_serial: bool | None = None) -> DateColumn:
    """Read a column of raw date values, deciding day/month order from the whole column.

    Parameters
    ----------
    values : iterable
        Strings, numbers, ``datetime``/``date``/``pandas.Timestamp`` or empty cells (None, NaN, '').
    dayfirst : bool, optional
        Force the order of d/m/y values; by default the column decides, or is reported ambiguous.
    lang : {'en', 'vi'}
        Language of the problems and notes.
    excel_serial : bool, optional
        Force (True) or forbid (False) reading numbers as Excel day numbers; by default a column
        made wholly of numbers from 10000 to 110000 is read so, and elsewhere such a number is one
        (nothing else it could be), with a note.

    Returns
    -------
    DateColumn

    Examples
    --------
    >>> col = parse_dates(["15/12/2016", "03/01/2017", "1945", "April 1945"])
    >>> col.dayfirst, [(str(v.start), str(v.end), v.precision) for v in col.values][1:]
    (True, [('2017-01-03', '2017-01-03', 'day'), ('1945-01-01', '1945-12-31', 'year'), ('1945-04-01', '1945-04-30', 'month')])
    >>> parse_dates(["03/04/2016"]).ambiguous
    True
    """
    raw = list(values)
    filled = [v for v in raw if not is_blank(v)]
    kind = _kind(filled)
    serial, dayfirst, ambiguous, notes = _decide(filled, dayfirst, lang, excel_serial)
    if serial:
        kind = "excel_serial"
    if not ambiguous:
        return DateColumn(_parse_all(raw, dayfirst, lang, serial), kind, dayfirst, notes=notes)
    first, second = _parse_all(raw, True, lang, serial), _parse_all(raw, False, lang, serial)
    merged = [a if (a.start, a.end) == (b.start, b.end) else ParsedDate(a.raw, problem=message(
        lang, "ambiguous", value=a.raw, dayfirst=a.start, monthfirst=b.start), problem_key="ambiguous") for a, b in zip(first, second)]
    return DateColumn(merged, kind, None, True, (first, second), notes)


def column_notes(values: Iterable[Any], *, dayfirst: bool | None = None, lang: str = "en",
                 excel_serial: bool | None = None) -> list[str]:
    """What :func:`parse_dates` decides for a column and tells the reader (``DateColumn.notes``),
    without reading every value: the same notes in another language.

    >>> column_notes(["15/12/2016", "16/12/2016"], lang="vi")
    ["cột ghi ngày trước: '15/12/2016' cho thấy điều đó"]
    """
    return _decide([v for v in values if not is_blank(v)], dayfirst, lang, excel_serial)[3]


def _decide(filled: list[Any], dayfirst: bool | None, lang: str,
            excel_serial: bool | None) -> tuple[bool | None, bool | None, bool, list[str]]:
    """The column's rules (see the module): whether numbers are Excel day numbers, the order of
    d/m/y values, whether it is ambiguous, and the notes that say so."""
    whole = bool(filled) and all((n := number_of(v)) is not None and 10000 <= n < 110000 for v in filled)
    # True: every number is a day number; None: those from 10000 to 110000 are; False: none is.
    serial = excel_serial if excel_serial is not None else (True if whole else None)
    notes = [message(lang, "serial")] if serial and excel_serial is None else []
    if serial is None:
        strays = [n for v in filled if (n := number_of(v)) is not None and 10000 <= n < 110000]
        if strays:
            day = _from_number(strays[0], strays[0], True, lang).start
            notes.append(message(lang, "stray_serial", count=len(strays), value=f"{strays[0]:g}", day=day))
    if dayfirst is None:
        dayfirst, decided_by, ambiguous = _decide_order(filled)
        if decided_by is not None:
            order = message(lang, "day_first" if dayfirst else "month_first")
            notes.append(message(lang, "decided", order=order, value=decided_by))
    else:
        ambiguous = False
    if dayfirst is not None:
        notes += _swapped_by_the_spreadsheet(filled, dayfirst, lang)
    short = next((v.strip() for v in filled if isinstance(v, str) and (m := _TRIPLE.search(v)) and len(m.group(4)) == 2),
                 None)
    if short is not None:  # which century a two-digit year was put in, said (it moves with today's date)
        year = parse_date(short, dayfirst=True if dayfirst is None else dayfirst).start
        if year is not None:
            notes.append(message(lang, "two_digit_year", value=short, year=year.year))
    return serial, dayfirst, ambiguous, notes


def parse_date(value: Any, *, dayfirst: bool | None = None, lang: str = "en",
               excel_serial: bool | None = None) -> ParsedDate:
    """Read one raw value as a date (see the module's rules; ``dayfirst`` None reads a d/m/y value
    only when it is unambiguous on its own).

    Examples
    --------
    >>> d = parse_date("ngày 15 tháng 12 năm 2016")
    >>> d.start, d.precision
    (datetime.date(2016, 12, 15), 'day')
    >>> parse_date(1482796800000).start
    datetime.date(2016, 12, 27)
    """
    if is_blank(value):
        return ParsedDate(value)
    stamp = timestamp_parts(value)
    if stamp is not None:
        return ParsedDate(value, stamp[0], stamp[0], "day", stamp[1])
    number = number_of(value)
    if number is not None:
        return _from_number(value, number, excel_serial, lang)
    try:
        return _from_text(value, str(value), dayfirst, lang)
    except _Unreadable as err:
        return ParsedDate(value, problem=message(lang, err.key, value=str(value).strip(), **err.extra),
                          problem_key=err.key if err.key in COLUMN_MENDS else None)


def parse_times(values: Iterable[Any], *, lang: str = "en") -> list[ParsedDate]:
    """Read a column of times of day ("18:10", "6:10 PM", "18h10", "18 giờ 10", Excel fractions).

    Returns one :class:`ParsedDate` per value with only ``time`` set (or ``problem``).

    Examples
    --------
    >>> [str(t.time) for t in parse_times(["18:10", "6:10 PM", "18h10", 0.75])]
    ['18:10:00', '18:10:00', '18:10:00', '18:00:00']
    """
    out = []
    for value in values:
        if is_blank(value):
            out.append(ParsedDate(value))
        elif isinstance(value, time):
            out.append(ParsedDate(value, time=value))
        elif (stamp := timestamp_parts(value)) is not None:
            out.append(ParsedDate(value, time=stamp[1] or time(0, 0)))
        elif (number := number_of(value)) is not None and 0 <= number < 1:  # Excel: a fraction of a day
            seconds = round(number * 86400)
            out.append(ParsedDate(value, time=time(seconds // 3600, seconds // 60 % 60, seconds % 60)))
        else:
            out.append(_time_from_text(value, lang))
    return out


def join_spans(starts: list[ParsedDate], ends: list[ParsedDate], *, lang: str = "en") -> list[ParsedDate]:
    """Start and end columns joined: each start runs to the last day of its end, when there is one.

    Examples
    --------
    >>> s = join_spans([parse_date("1941")], [parse_date("May 1945")])[0]
    >>> str(s.start), str(s.end), s.precision
    ('1941-01-01', '1945-05-31', 'year')
    """
    out = []
    for start, end in zip(starts, ends):
        if not start.ok or end.empty:
            out.append(start)
        elif not end.ok:
            out.append(ParsedDate(start.raw, problem=end.problem, problem_key=end.problem_key))
        elif end.end < start.start:
            out.append(ParsedDate(start.raw, problem=message(lang, "end_before_start", start=start.start,
                                                             end=end.end)))
        else:
            out.append(ParsedDate(start.raw, start.start, end.end, start.precision, start.time))
    return out


def _kind(filled: list[Any]) -> str:
    """What a column's non-empty values are."""
    kinds = {"datetime" if timestamp_parts(v) is not None else "epoch" if (n := number_of(v)) is not None
             and abs(n) >= 1e8 else "text" for v in filled}
    return "empty" if not kinds else kinds.pop() if len(kinds) == 1 else "mixed"


def _parse_all(raw: list[Any], dayfirst: bool | None, lang: str, serial: bool | None) -> list[ParsedDate]:
    """Every value parsed, each distinct one once: a column repeats its dates."""
    seen: dict[tuple[type, Any], ParsedDate] = {}
    out = []
    for value in raw:
        try:
            key = (type(value), value)
            parsed = seen.get(key)
        except TypeError:  # an unhashable cell
            key, parsed = None, None
        if parsed is None:
            parsed = parse_date(value, dayfirst=dayfirst, lang=lang, excel_serial=serial)
            if key is not None:
                seen[key] = parsed
        out.append(parsed if parsed.raw is value else replace(parsed, raw=value))
    return out


def _decide_order(filled: list[Any]) -> tuple[bool | None, str | None, bool]:
    """Day-first or not from the column's d/m/y values: (dayfirst, the value that shows it, ambiguous)."""
    first, second, either = [], [], False
    for value in filled:
        if not isinstance(value, str):
            continue
        for m in _TRIPLE.finditer(value):
            a, b = int(m.group(1)), int(m.group(3))
            if a > 12 >= b:
                first.append(value.strip())
            elif b > 12 >= a:
                second.append(value.strip())
            elif a != b and a <= 12 and b <= 12:
                either = True
    if first or second:  # the majority wins; the others are then reported as not fitting
        dayfirst = len(first) >= len(second)
        return dayfirst, (first if dayfirst else second)[0], False
    return None, None, either


def _swapped_by_the_spreadsheet(filled: list[Any], dayfirst: bool, lang: str) -> list[str]:
    """A note when a column writes d/m/y text in one order and also holds dates the spreadsheet read
    itself whose day could be a month: a spreadsheet set to the other order turns 05/06/2016 into
    6 May as it is typed, and only the dates it could not read (15/12/2016) stay text."""
    if not any(isinstance(v, str) and _TRIPLE.search(v) for v in filled):
        return []
    doubtful = [stamp[0] for v in filled if (stamp := timestamp_parts(v)) is not None
                and stamp[0].day <= 12 and stamp[0].day != stamp[0].month]
    if not doubtful:
        return []
    return [message(lang, "maybe_swapped", count=len(doubtful), day=doubtful[0],
                    order=message(lang, "day_first" if dayfirst else "month_first"))]


def _from_number(value: Any, number: float, serial: bool | None, lang: str) -> ParsedDate:
    """A number: an Excel day number, a timestamp, yyyymmdd or a year (the module's rules)."""
    if serial:
        stamp = pd.Timestamp("1899-12-30") + pd.to_timedelta(number, unit="D")
        return ParsedDate(value, stamp.date(), stamp.date(), "day", stamp.time() if stamp.time() != time(0) else None)
    if abs(number) >= 1e8:
        if abs(number) >= 1e14:
            shown = value.strip() if isinstance(value, str) else f"{number:g}"
            return ParsedDate(value, problem=message(lang, "bad_epoch", value=shown))
        stamp = pd.to_datetime(number, unit="s" if abs(number) < 1e11 else "ms", utc=True)
        return ParsedDate(value, stamp.date(), stamp.date(), "day", stamp.timetz())
    if number == int(number) and 1e7 <= number < 1e8:
        try:
            day = datetime.strptime(str(int(number)), "%Y%m%d").date()
            return ParsedDate(value, day, day, "day")
        except ValueError:
            pass
    if number == int(number) and 1 <= number <= 9999:
        start, end = span_of(Fields(int(number), None, None))
        return ParsedDate(value, start, end, "year")
    if number == int(number) and number <= 0:
        return ParsedDate(value, problem=message(lang, "before_year_1", value=value))
    if serial is None and 10000 <= number < 110000:  # no year, yyyymmdd or timestamp: a cell Excel left unformatted
        return _from_number(value, number, True, lang)
    return ParsedDate(value, problem=message(lang, "unreadable", value=value))


def _from_text(value: Any, text: str, dayfirst: bool | None, lang: str) -> ParsedDate:
    """A date, month, year or range written as text."""
    folded = fold_date_text(text)
    if not folded:
        raise _Unreadable("unreadable")
    folded = re.sub(r"^(?:from|between|tu)\s+", "", folded).replace(" and ", " to ")
    for i, pattern in enumerate(_RANGES):
        m = pattern.match(folded)
        if m and (i == 0 or not re.match(r"^\d{4}-\d{2}-\d{2}", folded)):  # ISO dates are ranges only as a/b
            return _range(value, m.group("a"), m.group("b"), dayfirst, lang)
    fields = _fields(folded, dayfirst)
    fields.require_year()
    start, end = span_of(fields)
    return ParsedDate(value, start, end, fields.precision, fields.time)


def _range(value: Any, left: str, right: str, dayfirst: bool | None, lang: str) -> ParsedDate:
    """Two ends of a span; each takes the year and month it lacks from the other."""
    try:
        b = _fields(right, dayfirst)
        a = _fields(left, dayfirst)
    except _Unreadable:  # "december 15–16, 2016": the right end lacks the left's month word
        a = _fields(left, dayfirst)
        if a.month is None:
            raise
        b = _fields(f"{MONTHS_EN[a.month - 1]} {right}", dayfirst)
    a, b = a.filled_from(b), b.filled_from(a)
    a.require_year()
    b.require_year()
    start, _ = span_of(a)
    _, end = span_of(b)
    if end < start:
        return ParsedDate(value, problem=message(lang, "end_before_start", start=start, end=end))
    coarser = max(a.precision, b.precision, key=PRECISIONS.index)
    return ParsedDate(value, start, end, coarser, a.time)


def _fields(text: str, dayfirst: bool | None) -> Fields:
    """The year, month, day and time written in ``text`` (already folded)."""
    m = _TRIPLE.fullmatch(text) or _TRIPLE.match(text)
    if m and (m.end() == len(text) or text[m.end()] in " t"):
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        y = DATE_WORDS.convertyear(y) if len(m.group(4)) == 2 else y
        if dayfirst is None and a != b and max(a, b) <= 12:  # parse_dates asks the whole column first
            raise _Unreadable("ambiguous", dayfirst=date(y, b, a), monthfirst=date(y, a, b))
        order_dayfirst = dayfirst if dayfirst is not None else a > 12
        day, month = (a, b) if order_dayfirst else (b, a)
        if month > 12 or day > calendar.monthrange(y, min(max(month, 1), 12))[1] or month < 1 or day < 1:
            raise _Unreadable("against_order", order="dd/mm" if order_dayfirst else "mm/dd") \
                if dayfirst is not None and max(a, b) <= 31 else _Unreadable("unreadable")
        rest = text[m.end():].strip(" t")
        return Fields(y, month, day, _time_of(rest) if rest else None)
    # A date that starts with its year (2016-12-15, 2016/12/15T10:00) is year, month, day whatever
    # the column's order of day and month: dateutil's dayfirst would read it year, day, month.
    first = {"dayfirst": False, "yearfirst": True} if _YEAR_FIRST.match(text) else {"dayfirst": bool(dayfirst)}
    try:
        one = dateutil_parser.parse(text, DATE_WORDS, default=_DEFAULT_A, **first)
        two = dateutil_parser.parse(text, DATE_WORDS, default=_DEFAULT_B, **first)
    except (ValueError, OverflowError):
        raise _Unreadable("unreadable") from None
    given = Fields(one.year if one.year == two.year else None, one.month if one.month == two.month else None,
                   one.day if one.day == two.day else None,
                   one.timetz() if one.hour == two.hour else None)
    if given.day is not None and given.month is None and given.year is not None:
        raise _Unreadable("unreadable")
    if given.year is None and given.month is None and given.day is None:
        raise _Unreadable("unreadable")
    return given


def _time_of(text: str) -> time:
    """A time of day written after a d/m/y date."""
    try:
        return dateutil_parser.parse(text, DATE_WORDS, default=_DEFAULT_A).timetz()
    except (ValueError, OverflowError):
        raise _Unreadable("unreadable") from None


def _time_from_text(value: Any, lang: str) -> ParsedDate:
    """A time of day written as text; a value that also names a day is not a time."""
    folded = fold_date_text(str(value))
    folded = re.sub(r"^(\d{1,2})\s*(?:gio|h|g)\s*(\d{1,2})?\s*(?:phut|p)?\s*", lambda m: f"{m.group(1)}:"
                    f"{m.group(2) or '00'} ", folded).strip()
    try:
        one = dateutil_parser.parse(folded, DATE_WORDS, default=_DEFAULT_A)
        two = dateutil_parser.parse(folded, DATE_WORDS, default=_DEFAULT_B)
    except (ValueError, OverflowError):
        one = two = None
    if one is None or one.hour != two.hour or one.date() != _DEFAULT_A.date() or two.date() != _DEFAULT_B.date():
        return ParsedDate(value, problem=message(lang, "not_a_time", value=str(value).strip()))
    return ParsedDate(value, time=one.timetz())
