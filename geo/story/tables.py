"""A table file (CSV, TSV, Excel .xlsx) read into a DataFrame whose index is each row's line.

Text files: the encoding is found (a BOM first, then UTF-8, then charset-normalizer among the code
pages spreadsheets write: Windows-1252, -1258 Vietnamese, -1250, -1251), line endings of any kind
(CR alone too) are accepted, the delimiter is sniffed among ``,`` ``;`` tab ``|``, and a decimal
comma (``35,6895``) is noticed. Excel, through openpyxl: the sheet named, else the first sheet that
holds a table (a cover sheet of instructions is passed over), a merged cell's value copied into
every cell of its range. In both, the header is the first row that looks like one (two or more
short names over the columns the rows below fill): a title line or two above it is skipped, and
rows keep their own line numbers. Nothing in a cell is ever evaluated: a CSV cell ``=1+2`` stays
that text, and from an .xlsx file only the value Excel saved with a formula is read.

Every problem a user can cause is a :class:`~geo.story.errors.StoryError` located at the line.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import pandas as pd

from geo.memory import paused_gc
from geo.story.errors import Problem, StoryError

MAX_BYTES = 10_000_000
MAX_ROWS = 50_000
DELIMITERS = ",;\t|"
# Code pages that Excel and older Windows tools write, in order of preference when they read alike.
CODE_PAGES = ["cp1252", "cp1258", "cp1250", "cp1251"]
CODE_PAGE_NAMES = {"cp1252": "Windows-1252 (Western)", "cp1258": "Windows-1258 (Vietnamese)",
                   "cp1250": "Windows-1250 (Central European)", "cp1251": "Windows-1251 (Cyrillic)",
                   "utf_8": "UTF-8", "utf_8_sig": "UTF-8 with BOM", "utf_16": "UTF-16"}
_BOMS = [(codecs.BOM_UTF8, "utf_8_sig"), (codecs.BOM_UTF32_LE, "utf_32"), (codecs.BOM_UTF32_BE, "utf_32"),
         (codecs.BOM_UTF16_LE, "utf_16"), (codecs.BOM_UTF16_BE, "utf_16")]
_TOO_MANY_PROBLEMS = 20
HEADER_SEARCH_ROWS = 10  # the header is looked for among the first non-blank rows
_NAME_LENGTH = 80  # a column name is a short text
_NAMES_SHOWN = 5  # sheets or merged ranges named in a note, then "…"


@dataclass
class Table:
    """A table read from a file.

    Attributes
    ----------
    file : str
        The file's name, for messages.
    frame : pandas.DataFrame
        One row per data row, index named ``line``: the row's first line in a text file, its row
        number in a sheet. CSV cells are ``str``; Excel cells keep their type (``str``, ``int``,
        ``float``, ``datetime``). Empty cells are None.
    encoding : str or None
        The text encoding used (None for Excel).
    delimiter : str or None
        The CSV delimiter used (None for Excel).
    decimal : str
        ``','`` when the numbers are written with a decimal comma, else ``'.'``.
    sheet : str or None
        The sheet read, for Excel.
    notes : list of dict
        What the reader decided that the user may want to know, in both languages (``{"vi": ..., "en": ...}``).
    """

    file: str
    frame: pd.DataFrame
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str = "."
    sheet: str | None = None
    notes: list[dict[str, str]] = field(default_factory=list)

    def numbers(self, column: str) -> pd.Series:
        """The column as floats (NaN where a cell is empty or not a number), read with the table's
        decimal mark: ``'35,6895'`` is 35.6895 in a decimal-comma table."""
        values = self.frame[column].map(lambda v: _number_text(v, self.decimal))
        return pd.to_numeric(values, errors="coerce").astype(float)

    def problem(self, line: int, column: str, message: str) -> Problem:
        """A problem located at a row and named by its column: ``file:line: column: message``."""
        return Problem(self.file, int(line), None, f"{column}: {message}")


def read_table(source: str | Path | bytes, name: str | None = None, *, max_bytes: int = MAX_BYTES,
               max_rows: int = MAX_ROWS, encoding: str | None = None, delimiter: str | None = None,
               sheet: str | None = None) -> Table:
    """Read a CSV, TSV or .xlsx table, checking the caller's size limits.

    Parameters
    ----------
    source : str, Path or bytes
        A path, or the file's bytes (an upload).
    name : str, optional
        The file's name (for messages and its suffix); by default the path's.
    max_bytes, max_rows : int
        Limits: a bigger file or more data rows is a StoryError.
    encoding, delimiter : str, optional
        Force the text encoding or the CSV delimiter instead of finding them.
    sheet : str, optional
        The Excel sheet to read; by default the first that holds a table (a header and a row below it).

    Returns
    -------
    Table

    Raises
    ------
    StoryError
        The file is too big, empty, not a table, in an unknown encoding, or has rows longer than
        its header (each located at its line).

    Examples
    --------
    >>> t = read_table(b"title;lat\\r\\nNagato;34,39\\r\\n", "events.csv")
    >>> t.delimiter, t.decimal, t.frame.index.tolist(), t.numbers("lat").tolist()
    (';', ',', [2], [34.39])
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        file = name or path.name
        try:
            size = path.stat().st_size
            _check_size(size, max_bytes, file)
            raw = path.read_bytes()
        except OSError as err:
            raise StoryError.single(file, f"the file cannot be read ({err.strerror or err})") from None
    else:
        raw, file = bytes(source), name or "upload"
    _check_size(len(raw), max_bytes, file)
    if not raw.strip():
        raise StoryError.single(file, "the file is empty")
    suffix = Path(file).suffix.lower()
    if raw.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".xls":
        raise StoryError.single(file, "this is an old Excel file (.xls): save it as .xlsx or as CSV and try again")
    if raw.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        return _read_excel(raw, file, max_rows, sheet)
    text, used = decode_table_text(raw, file, encoding)
    return _read_text(text, file, used, delimiter or ("\t" if suffix == ".tsv" else None), max_rows)


def decode_table_text(raw: bytes, file: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of a file and the encoding it was read with (NFC: Vietnamese from Windows-1258
    arrives as letters plus combining tone marks).

    Examples
    --------
    >>> decode_table_text("Hà Nội".encode("utf-16"), "a.csv")
    ('Hà Nội', 'utf_16')
    """
    try:
        if encoding:
            return unicodedata.normalize("NFC", raw.decode(encoding)), encoding
        for bom, codec in _BOMS:
            if raw.startswith(bom):
                return unicodedata.normalize("NFC", raw.decode(codec)), codec
        try:
            return unicodedata.normalize("NFC", raw.decode("utf_8")), "utf_8"
        except UnicodeDecodeError:
            pass
    except (UnicodeDecodeError, LookupError) as err:
        raise StoryError.single(file, f"the file cannot be read as {encoding or 'its marked encoding'}: {err}") from None
    return _guess_code_page(raw, file)


def _guess_code_page(raw: bytes, file: str) -> tuple[str, str]:
    """A file that is not UTF-8: the code page whose reading charset-normalizer finds least chaotic,
    Windows-1252 first among those that read the bytes alike (UTF-16 without a BOM is found too)."""
    results = list(charset_normalizer.from_bytes(raw, cp_isolation=CODE_PAGES + ["utf_16_le", "utf_16_be"]))
    if not results:
        raise StoryError.single(file, "the file's text encoding could not be recognised: save it as "
                                      "UTF-8 (in Excel: CSV UTF-8) and try again")
    best = min(results, key=lambda r: (round(r.chaos, 2), -round(r.coherence, 2),
                                       CODE_PAGES.index(r.encoding) if r.encoding in CODE_PAGES else 99))
    text = str(best)
    for page in CODE_PAGES:  # the same text read through an earlier code page: say that one
        try:
            if raw.decode(page) == text:
                return unicodedata.normalize("NFC", text), page
        except UnicodeDecodeError:
            continue
    return unicodedata.normalize("NFC", text), best.encoding


def _check_size(size: int, max_bytes: int, file: str) -> None:
    if size > max_bytes:
        raise StoryError.single(file, f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")


def _read_text(text: str, file: str, encoding: str, delimiter: str | None, max_rows: int) -> Table:
    """Rows of a CSV/TSV text, each with the line it starts on; a title line above the header skipped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # CR alone (old Mac, some exports) too
    hint = re.match(r"sep=(.)\n", text)  # Excel's first line naming the delimiter
    if hint:
        text = "\n" + text[hint.end():]  # a blank line in its place: the lines keep their numbers
        delimiter = delimiter or hint.group(1)
    delimiter = delimiter or _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    found: list[list[str]] = []  # every non-blank row, and the line it starts on
    starts: list[int] = []
    last_line = 0
    try:
        for cells in reader:
            first_line, last_line = last_line + 1, reader.line_num
            cells = [c.strip() for c in cells]
            if any(cells):
                found.append(cells)
                starts.append(first_line)
            if len(found) > max_rows + HEADER_SEARCH_ROWS:
                break
    except csv.Error as err:
        raise StoryError.single(file, f"the table cannot be read: {err}", reader.line_num) from None
    if not found:
        raise StoryError.single(file, "the file has no header row")
    at = _header_index(found)
    skipped = at is not None and at > 0
    at = at or 0
    header = _header(found[at])
    if len(found) - at - 1 > max_rows:
        line = starts[at + 1 + max_rows]
        raise StoryError.single(file, f"the table has more than {max_rows:,} rows; the limit is {max_rows:,}", line)
    rows, lines, problems, repeats = [], [], [], []
    for cells, first_line in zip(found[at + 1:], starts[at + 1:]):
        if cells == found[at]:  # the header again (two tables pasted one under the other)
            repeats.append(first_line)
            continue
        lines.append(first_line)
        if len(cells) > len(header) and any(cells[len(header):]):
            problems.append(Problem(file, first_line, None, f"this row has {len(cells)} cells but the "
                                    f"header has {len(header)}: is a value missing its quotes?"))
        rows.append([c or None for c in cells[:len(header)]] + [None] * (len(header) - len(cells)))
    if problems:
        raise StoryError(problems[:_TOO_MANY_PROBLEMS])
    frame = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line"), dtype=object)
    notes = [_skipped_note(starts[at], "dòng", "line")] if skipped else []
    if repeats:
        shown = ", ".join(str(n) for n in repeats[:5]) + (", …" if len(repeats) > 5 else "")
        notes.append({"vi": f"dòng {shown} lặp lại dòng tiêu đề: đã bỏ qua", "en": f"line(s) {shown} repeat the header: skipped"})
    if hint:
        notes.append({"vi": f"dòng 1 'sep={hint.group(1)}' (của Excel) cho biết dấu phân cách",
                      "en": f"line 1 'sep={hint.group(1)}' (Excel's) gives the delimiter"})
    notes += _formula_notes(frame)
    decimal = _decimal_mark(frame) if delimiter != "," else "."
    if decimal == ",":
        notes.append({"vi": "số được viết với dấu phẩy thập phân (35,6895)",
                      "en": "numbers are written with a decimal comma (35,6895)"})
    if encoding not in ("utf_8", "utf_8_sig"):
        notes.append({"vi": f"đọc theo bảng mã {CODE_PAGE_NAMES.get(encoding, encoding)}",
                      "en": f"read as {CODE_PAGE_NAMES.get(encoding, encoding)}"})
    return Table(file, frame, encoding, delimiter, decimal, None, notes)


def _sniff_delimiter(text: str) -> str:
    """The delimiter: csv.Sniffer's when the first lines agree with it, else the candidate that
    splits them into the same number (>1) of cells most often."""
    sample_lines = [line for line in text.split("\n", 50)[:50] if line.strip()][:20]
    sample = "\n".join(sample_lines)

    def counts(d: str) -> list[int]:
        found = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=d) if r]
        for _ in range(HEADER_SEARCH_ROWS - 1):  # title lines (one cell) above the header do not count
            if len(found) > 1 and found[0] == 1 and max(found[1:]) > 1:
                found = found[1:]
        return found

    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
        found = counts(sniffed)
        if found and found[0] > 1 and all(n == found[0] for n in found):
            return sniffed
    except csv.Error:
        pass
    scores = []
    for d in DELIMITERS:
        found = counts(d)
        header = found[0] if found else 1
        scores.append((sum(n == header for n in found) if header > 1 else 0, header, d))
    best = max(scores)
    return best[2] if best[0] else ","


def _header_index(rows: list[list]) -> int | None:
    """Which of a table's first non-blank rows is its header, or None when none looks like one.

    A header: two or more short texts (with a letter: not numbers, not dates), three quarters of its
    cells at least, naming most of the columns the rows below fill (when there are rows below).
    Only a title above it may be skipped: rows with at most a third as many cells (one at least).

    Examples
    --------
    >>> _header_index([["Chuyến thăm Nhật Bản", None], [None, None, "x"], ["Ngày", "Nơi", "Vĩ độ"], [1, "Tokyo", 35]])
    2
    >>> _header_index([["Ngày", "Nơi"], ["15/12/2016", "Tokyo"]]), _header_index([["2016", "2017"], ["a", "b"], ["c", "d"]])
    (0, None)
    """
    for at, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        filled = {j for j, v in enumerate(row) if not _empty(v)}
        names = sum(_is_name(row[j]) for j in filled)
        if names < 2 or names * 4 < len(filled) * 3:
            continue
        below = {j for r in rows[at + 1:at + 21] for j, v in enumerate(r) if not _empty(v)}
        if below and len(below & filled) * 5 < len(below) * 3:
            continue
        title = max(1, len(filled) // 3)
        if all(sum(not _empty(v) for v in r) <= title for r in rows[:at]):
            return at
        return None
    return None


def _empty(value: object) -> bool:
    return value is None or value == ""


def _is_name(value: object) -> bool:
    """A cell that could name a column: a short text with a letter in it."""
    return isinstance(value, str) and len(value) <= _NAME_LENGTH and any(c.isalpha() for c in value)


def _skipped_note(line: int, vi_word: str, en_word: str) -> dict[str, str]:
    """The note for a header found below the first line: the lines above it were skipped."""
    above = f"{line - 1}" if line == 2 else f"1–{line - 1}"
    en_plural = "" if line == 2 else "s"
    return {"vi": f"tên cột ở {vi_word} {line}; đã bỏ qua {vi_word} {above} ở trên (tên bảng)",
            "en": f"header on {en_word} {line}; {en_word}{en_plural} {above} above it (a title) skipped"}


def _header(cells: list[str]) -> list[str]:
    """Column names: blanks named by position, repeats numbered ('date', 'date (2)')."""
    out: list[str] = []
    for i, cell in enumerate(cells, start=1):
        name = cell.lstrip("\ufeff").strip() or f"column {i}"
        base, n = name, 2
        while name in out:
            name, n = f"{base} ({n})", n + 1
        out.append(name)
    return out


def _formula_notes(frame: pd.DataFrame) -> list[dict[str, str]]:
    """A note when cells look like spreadsheet formulas: they are kept as text, never run."""
    for column in frame.columns:
        hits = frame.index[frame[column].map(lambda v: isinstance(v, str) and v.startswith("=") and len(v) > 1)]
        if len(hits):
            return [{"vi": f"dòng {hits[0]}: '{column}' có chữ trông như công thức bảng tính; giữ nguyên là chữ, "
                           f"không bao giờ chạy",
                     "en": f"line {hits[0]}: '{column}' holds text that looks like a spreadsheet formula; it is "
                           f"kept as text and never run"}]
    return []


def _decimal_mark(frame: pd.DataFrame) -> str:
    """',' when more cells are numbers with a decimal comma than with a decimal point."""
    comma = point = 0
    for column in frame.columns:
        values = frame[column].dropna().astype(str)
        comma += int(values.str.fullmatch(r"[-+]?\d+,\d+").sum())
        point += int(values.str.fullmatch(r"[-+]?\d+\.\d+").sum())
    return "," if comma > point else "."


def _number_text(value: object, decimal: str) -> object:
    """A cell ready for pandas.to_numeric: '1.234,5' → '1234.5' in a decimal-comma table."""
    if not isinstance(value, str):
        return value
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if decimal == "," and re.fullmatch(r"[-+]?[\d.]*\d,\d+|[-+]?\d+", text):
        text = text.replace(".", "").replace(",", ".")
    return text


WHOLE_WORKBOOK_BYTES = 8_000_000  # ~5x the memory of read-only mode: an upload (2 MB) is always read whole


def _read_excel(raw: bytes, file: str, max_rows: int, sheet: str | None) -> Table:
    """The named sheet of an .xlsx workbook, else the first that holds a table (a header and a row
    below it; the first sheet when none does); the index is the sheet's row number.

    The workbook is read whole (openpyxl's read-only mode does not give the merged ranges), with the
    cyclic collector paused: a 50,000-row sheet of six columns took 2.7 s instead of the 2.6 s of
    pandas' read-only reading, at 134 MB of peak memory instead of 24 MB. A workbook bigger than
    ``WHOLE_WORKBOOK_BYTES`` (a story file on the server, never an upload) is read in read-only mode,
    its merged cells left as Excel stores them (the value in the first cell only)."""
    import openpyxl  # here: a CSV never needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with paused_gc():  # a cell object per cell, none of them garbage yet
            book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True, keep_links=False,
                                          read_only=len(raw) > WHOLE_WORKBOOK_BYTES)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError) as err:
        raise StoryError.single(file, f"this is not an Excel workbook that can be read ({err})") from None
    names = book.sheetnames
    if sheet is not None and sheet not in names:
        raise StoryError.single(file, f"there is no sheet '{sheet}'; the sheets are: {', '.join(names)}")
    if sheet is not None:
        choices = [sheet]
    else:
        choices = [name for name in names if hasattr(book[name], "iter_rows")] or names[:1]  # not a chart sheet
    first = None
    for chosen in choices:
        with paused_gc():
            grid = _sheet_grid(book[chosen], max_rows)
        if first is None:
            first = (chosen, grid)
        if sheet is not None or (grid.header is not None and grid.data_rows):
            break
    else:  # no sheet holds a table: the first, as it is
        chosen, grid = first
    if not grid.rows:
        raise StoryError.single(file, f"the sheet '{chosen}' is empty")
    lines = sorted(grid.rows)
    at = grid.header if grid.header is not None else lines[0]
    header = _header(["" if v is None else str(v) for v in grid.rows[at]])
    data = [line for line in lines if line > at]
    if len(data) > max_rows:
        raise StoryError.single(file, f"the sheet has more than {max_rows:,} rows; the limit is {max_rows:,}",
                                data[max_rows])
    width = len(header)
    frame = pd.DataFrame([(grid.rows[line] + [None] * width)[:width] for line in data], columns=header,
                         index=pd.Index(data, name="line"), dtype=object)
    frame = frame.loc[:, [not (c.startswith("column ") and frame[c].isna().all()) for c in header]]
    notes = []
    if len(names) > 1:
        shown = _first_few(names)
        passed = names[:names.index(chosen)] if sheet is None else []
        notes.append({"vi": f"tệp có {len(names)} trang tính ({shown}); đã đọc '{chosen}'"
                            + (f", trang đầu tiên có bảng ({_first_few(passed)} không có)" if passed else ""),
                      "en": f"the workbook has {len(names)} sheets ({shown}); read '{chosen}'"
                            + (f", the first that holds a table ({_first_few(passed)} has none)" if passed else "")})
    if at > lines[0]:
        notes.append(_skipped_note(at, "hàng", "row"))
    if grid.merged:
        shown = _first_few(grid.merged)
        notes.append({"vi": f"ô gộp: giá trị được chép vào mọi ô của vùng gộp ({shown})",
                      "en": f"merged cells: the value copied into every cell of the range ({shown})"})
    if len(raw) <= WHOLE_WORKBOOK_BYTES and _has_formulas(raw):
        notes += _uncomputed_formulas(raw, chosen)
    return Table(file, frame, None, None, ".", chosen, notes + _formula_notes(frame))


def _has_formulas(raw: bytes) -> bool:
    """Whether any sheet of an .xlsx holds a formula (its XML has an ``<f>`` element)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in archive.namelist()
                       if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _uncomputed_formulas(raw: bytes, sheet: str) -> list[dict[str, str]]:
    """A note when formulas have no value saved with them: a workbook written by a program, never
    opened in a spreadsheet, keeps the formula only, and such a cell reads empty. A formula saved
    with an error as its value was computed (no note); one saved with an empty text reads the same
    as one never computed (openpyxl gives None for both), so the note says "or an empty one"."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    books = [openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=saved, keep_links=False)
             for saved in (False, True)]
    empty = []
    formulas, values = (book[sheet].iter_rows(values_only=True) for book in books)
    for line, (written, saved) in enumerate(zip(formulas, values), start=1):
        for col, (formula, value) in enumerate(zip(written, saved)):
            if isinstance(formula, str) and formula.startswith("=") and value is None:
                empty.append(f"{get_column_letter(col + 1)}{line}")
    for book in books:
        book.close()
    if not empty:
        return []
    shown = _first_few(empty)
    return [{"vi": f"{len(empty)} ô có công thức không lưu giá trị, hoặc giá trị trống ({shown}), nên đọc thành ô "
                   f"trống: nếu ô cần có nội dung, hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại",
             "en": f"{len(empty)} cell(s) hold formulas saved with no value, or an empty one ({shown}), so they read "
                   f"empty: if they should show something, open the file in Excel or LibreOffice and save it again"}]


@dataclass
class _Grid:
    """A sheet's non-blank rows by row number (cells cleaned, merged ranges below the header
    filled), the header's row number (None when no row looks like one), the ranges filled."""

    rows: dict[int, list]
    header: int | None
    merged: list[str]

    @property
    def data_rows(self) -> bool:
        return self.header is not None and any(line > self.header for line in self.rows)


def _sheet_grid(ws, max_rows: int) -> _Grid:
    """A worksheet's rows, read until max_rows rows beyond the header's search have been seen."""
    from openpyxl.cell.cell import ERROR_CODES

    rows: dict[int, list] = {}
    if not hasattr(ws, "iter_rows"):  # a chart sheet
        return _Grid(rows, None, [])
    for line, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [_excel_cell(v, ERROR_CODES) for v in values]
        if any(v is not None for v in cells):
            rows[line] = cells
            if len(rows) > max_rows + HEADER_SEARCH_ROWS:
                break
    lines = list(rows)
    at = _header_index([rows[line] for line in lines[:HEADER_SEARCH_ROWS + 20]])
    header = None if at is None else lines[at]
    below = header if header is not None else (lines[0] if lines else 0)
    merged = []
    ranges = ws.merged_cells.ranges if hasattr(ws, "merged_cells") else []  # none in read-only mode
    for cells in sorted(ranges, key=lambda r: (r.min_row, r.min_col)):
        value = rows.get(cells.min_row, [])[cells.min_col - 1:cells.min_col] or [None]
        if cells.min_row <= below or value[0] is None:
            continue
        for line in range(cells.min_row, cells.max_row + 1):
            if line in rows:  # a row blank but for the range stays blank
                rows[line].extend([None] * (cells.max_col - len(rows[line])))
                rows[line][cells.min_col - 1:cells.max_col] = value * (cells.max_col - cells.min_col + 1)
        merged.append(cells.coord)
    return _Grid(rows, header, merged)


def _excel_cell(value: object, errors: tuple[str, ...]) -> object:
    """A cell as the table keeps it: None when empty or an error (``#N/A``, one of ``errors``), text
    stripped, a whole float an int (as pandas read it)."""
    if isinstance(value, str):
        value = value.strip()
        return None if not value or value in errors else value
    if isinstance(value, float):
        return None if math.isnan(value) else int(value) if value.is_integer() else value
    return value


def _first_few(names: list[str]) -> str:
    return ", ".join(names[:_NAMES_SHOWN]) + (", …" if len(names) > _NAMES_SHOWN else "")
