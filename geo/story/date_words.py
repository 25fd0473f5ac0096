"""The words of dates: month names (English and Vietnamese), Vietnamese date phrases, messages.

:mod:`geo.story.dates` folds a raw value with :func:`fold_date_text` before handing it to
``dateutil``: accents off, lower case, Vietnamese phrases (``ngày 15 tháng 12 năm 2016``,
``tháng Mười Hai``, ``thg 12``) turned into the English words that :class:`DateWords` knows.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from dateutil import parser as dateutil_parser

MONTHS_EN = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december"]

# Vietnamese months are "tháng" + a number, written in digits or in words; Giêng and Chạp are
# the traditional names of the first and last month. Longest first, so "muoi hai" wins over "muoi".
_VI_MONTH_WORDS = {"muoi mot": 11, "muoi hai": 12, "muoi": 10, "mot": 1, "gieng": 1, "hai": 2, "ba": 3,
                   "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "chap": 12}
_VI_MONTH_WORD = "|".join(sorted(_VI_MONTH_WORDS, key=len, reverse=True)).replace(" ", r"\s+")

# Vietnamese days of the week before a date: "Thứ sáu", "Thứ 6", "T6", "Chủ nhật", "CN" (folded).
# Only before a whole date: "T7/2016" is July (T for tháng), "Thu 5 Dec 2016" a Thursday.
_VI_WEEKDAY = re.compile(r"^(?:thu\s*(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s*nhat|cn|t[2-7])\b[\s,.\-]*"
                         r"(?=(?:ngay\s*)?\d{1,2}\s*(?:[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}|thang\b))")
# Quarters: "Q4 2016", "quý IV/2016" (folded: "quy iv 2016"), "2016-Q4".
_QUARTERS = {"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER = re.compile(r"(?:q|quy|quarter)\s*(?P<q>[1-4]|iv|i{1,3})\s*[/,.\-]?\s*(?P<y>\d{4})")
_QUARTER_AFTER = re.compile(r"(?P<y>\d{4})\s*[/,.\-]?\s*q(?P<q>[1-4])")
# "Q4 2016 – Q1 2017", "quý III – IV/2016": from the first quarter's first month to the last one's last.
_QUARTER_SPAN = re.compile(r"(?:q|quy|quarter)\s*(?P<q1>[1-4]|iv|i{1,3})(?:\s*[/,.\-]?\s*(?P<y1>\d{4}))?"
                           r"\s*(?:-|\u2013|\u2014|to|den|toi)\s*(?:(?:q|quy|quarter)\s*)?(?P<q2>[1-4]|iv|i{1,3})"
                           r"\s*[/,.\-]?\s*(?P<y2>\d{4})")
# Decades and centuries: "1990s", "the '90s", "thập niên 1990", "những năm 90"; "the 1800s" (a century),
# "20th century", "thế kỷ XX", "thế kỉ thứ XIX".
_DECADE = re.compile(r"(?:the\s+)?'?(?P<y>\d{3}0|\d0)'?s|(?:thap\s+nien|thap\s+ky|nhung)\s+(?P<vi>\d{3}0|\d0)")
_CENTURY = re.compile(r"(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[\s\-]+century|"
                      r"the\s+k[yi]\s+(?:thu\s+)?(?P<vi>\d{1,2}|[ivxl]+)")
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
# Words for a part of a month, a year or a decade ("early December 2016", "cuối năm 2016", "thượng tuần
# tháng 12"): the date is read as the whole month, year or decade, which holds it.
_PART_OF = re.compile(r"^(?:early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of|(?:in\s+)?the\s+(?:early|mid|late)|"
                      r"dau|giua|cuoi|thuong\s+tuan|trung\s+tuan|ha\s+tuan)\b[\s\-]*(?=[a-z0-9])")

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "unreadable": "'{value}' is not a date this app can read (try 2016-12-15 or 15 December 2016)",
        "no_year": "'{value}' has no year: write it with the year, e.g. 15 December 2016",
        "ambiguous": "'{value}' can be read as {dayfirst} (day first) or {monthfirst} (month first): "
                     "say which order the column uses",
        "against_order": "'{value}' does not fit the column's {order} order",
        "end_before_start": "the end {end} is before the start {start}",
        "bad_epoch": "{value} is too large or too small for a timestamp in seconds or milliseconds",
        "not_a_time": "'{value}' is not a time of day (try 18:10 or 6:10 PM)",
        "bad_part": "'{value}' is not a valid {part}",
        "before_year_1": "years before 1 AD cannot be shown ({value})",
        "day_first": "day first", "month_first": "month first",
        "decided": "the column reads {order}: '{value}' shows it",
        "serial": "the column holds Excel day numbers (every value between 10000 and 110000); "
                  "read as dates counted from 1899-12-30",
        "two_digit_year": "years written with two digits are read as past years: '{value}' is {year}",
        "maybe_swapped": "{count} cell(s) hold dates the spreadsheet read itself (e.g. {day}) while the column's "
                         "text is written {order}: a spreadsheet set to the other order swaps day and month as "
                         "they are typed; check them",
        "stray_serial": "{count} value(s) are Excel day numbers (e.g. {value} is {day}): a cell not formatted as a "
                        "date; read as dates counted from 1899-12-30",
    },
    "vi": {
        "unreadable": "'{value}' không phải là ngày tháng đọc được (hãy viết 2016-12-15 hoặc 15/12/2016)",
        "no_year": "'{value}' thiếu năm: hãy ghi cả năm, ví dụ 15/12/2016",
        "ambiguous": "'{value}' có thể là {dayfirst} (ngày trước) hoặc {monthfirst} (tháng trước): "
                     "hãy chọn thứ tự của cột",
        "against_order": "'{value}' không khớp thứ tự {order} của cột",
        "end_before_start": "ngày kết thúc {end} trước ngày bắt đầu {start}",
        "bad_epoch": "{value} quá lớn hoặc quá nhỏ để là dấu thời gian tính bằng giây hay mili giây",
        "not_a_time": "'{value}' không phải là giờ trong ngày (hãy viết 18:10)",
        "bad_part": "'{value}' không phải là {part} hợp lệ",
        "before_year_1": "không hiển thị được năm trước Công nguyên ({value})",
        "day_first": "ngày trước", "month_first": "tháng trước",
        "decided": "cột ghi {order}: '{value}' cho thấy điều đó",
        "serial": "cột chứa số ngày kiểu Excel (mọi giá trị từ 10000 đến 110000); "
                  "đọc thành ngày tính từ 1899-12-30",
        "two_digit_year": "năm ghi hai chữ số được đọc là năm đã qua: '{value}' là năm {year}",
        "maybe_swapped": "{count} ô chứa ngày do bảng tính tự đọc (ví dụ {day}) trong khi chữ của cột ghi {order}: "
                         "bảng tính đặt thứ tự ngược lại sẽ đổi chỗ ngày và tháng khi gõ vào; hãy kiểm tra",
        "stray_serial": "{count} giá trị là số ngày kiểu Excel (ví dụ {value} là {day}): ô chưa được định dạng "
                        "ngày; đọc thành ngày tính từ 1899-12-30",
    },
}
PART_NAMES = {"en": {"year": "year", "month": "month", "day": "day"},
              "vi": {"year": "năm", "month": "tháng", "day": "ngày"}}


def message(lang: str, key: str, **values: object) -> str:
    """The message ``key`` in ``lang`` ('vi' or 'en'; anything else reads English)."""
    return MESSAGES.get(lang, MESSAGES["en"])[key].format(**values)


def fold(text: str) -> str:
    """Lower case without accents (``Tháng Mười Hai`` → ``thang muoi hai``); đ becomes d."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _month_name(number: int) -> str:
    return MONTHS_EN[number - 1] if 1 <= number <= 12 else str(number)


def fold_date_text(text: str) -> str:
    """A raw date folded for ``dateutil``: Vietnamese phrases become English words.

    Examples
    --------
    >>> fold_date_text("ngày 15 tháng 12 năm 2016")
    '15 december 2016'
    >>> fold_date_text("Tháng Mười Hai/2016")
    'december 2016'
    >>> fold_date_text("Thứ sáu, 16/12/2016"), fold_date_text("Quý IV/2016")
    ('16/12/2016', 'october 2016 to december 2016')
    """
    s = fold(text).strip()
    s = _VI_WEEKDAY.sub("", s)  # "Thứ sáu 16/12/2016": the day of the week adds nothing to the date
    s = re.sub(r"\bthg\.?\s*", "thang ", s)
    s = re.sub(rf"\bthang\s+({_VI_MONTH_WORD})\b",
               lambda m: _month_name(_VI_MONTH_WORDS[re.sub(r"\s+", " ", m.group(1))]), s)
    s = re.sub(r"\bthang\s*(\d{1,2})\b", lambda m: _month_name(int(m.group(1))), s)
    # "ngày", "năm", "lúc" (at), "vào" (on), "khoảng" (about) carry no date of their own.
    s = re.sub(r"\b(ngay|nam|luc|vao|khoang)\b", " ", s)
    s = re.sub(r"(?<=[a-z])[/.](?=\s*\d)", " ", s)  # "december/2016", "dec.2016"
    s = re.sub(r"\s+", " ", s).strip(" ,")
    whole = _PART_OF.sub("", s)  # "early March" without a year stays unread: one row, not the whole column
    if re.search(r"\d{3,4}", s) or _CENTURY.fullmatch(whole) or _DECADE.fullmatch(whole):
        s = whole
    quarter = _QUARTER.fullmatch(s) or _QUARTER_AFTER.fullmatch(s)
    if quarter:  # a quarter is the span of its three months
        q = _QUARTERS[quarter.group("q")]
        return f"{MONTHS_EN[3 * q - 3]} {quarter.group('y')} to {MONTHS_EN[3 * q - 1]} {quarter.group('y')}"
    if span := _QUARTER_SPAN.fullmatch(s):
        first, last = _QUARTERS[span.group("q1")], _QUARTERS[span.group("q2")]
        return (f"{MONTHS_EN[3 * first - 3]} {span.group('y1') or span.group('y2')} to "
                f"{MONTHS_EN[3 * last - 1]} {span.group('y2')}")
    if decade := _DECADE.fullmatch(s):
        year = int(decade.group("y") or decade.group("vi"))
        year += 1900 if year < 100 else 0  # "the '90s", "thập niên 90"
        century = year % 100 == 0 and year < 2000  # "the 1800s" is a century; "the 2000s" a decade
        return f"{year} to {year + (99 if century else 9)}"
    if century := _CENTURY.fullmatch(s):
        n = int(century.group("n")) if century.group("n") else _number(century.group("vi"))
        if n:
            return f"{100 * n - 99} to {100 * n}"
    return s


def _number(text: str) -> int | None:
    """A number written in digits or in Roman numerals up to 89 ("xx" is 20), or None."""
    if text.isdigit():
        return int(text)
    values = [_ROMAN.get(c) for c in text]
    if None in values:
        return None
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


class DateWords(dateutil_parser.parserinfo):
    """``dateutil``'s words plus the Vietnamese ones left after :func:`fold_date_text`:
    SA/CH (sáng/chiều) and sang/chieu for the half of the day, ``gio`` (giờ) for the hour."""

    AMPM = [("am", "a", "sa", "sang"), ("pm", "p", "ch", "chieu")]
    JUMP = dateutil_parser.parserinfo.JUMP + ["gio", "phut", "luc", "vao"]

    def convertyear(self, year: int, century_specified: bool = False) -> int:
        """A two-digit year in the past: stories tell what happened, so "30/4/75" is 1975, not
        2075 (dateutil's window reaches 49 years ahead). "15/12/16" is still 2016.

        >>> DATE_WORDS.convertyear(75), DATE_WORDS.convertyear(16), DATE_WORDS.convertyear(1975)
        (1975, 2016, 1975)
        """
        if year >= 100 or century_specified:
            return year
        return 2000 + year if 2000 + year <= datetime.date.today().year else 1900 + year


DATE_WORDS = DateWords()
