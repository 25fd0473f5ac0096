"""A table file (CSV, TSV, Excel .xlsx) read into a DataFrame whose index is each row's line.

Text files: the encoding is found (a BOM first, then UTF-8, then charset-normalizer among the code
pages spreadsheets write: Windows-1252, -1258 Vietnamese, -1250, -1251), line endings of any kind
(CR alone too) are accepted, the delimiter is sniffed among ``,`` ``;`` tab ``|``, and a decimal
comma (``35,6895``) is noticed. Excel: the first sheet (or the one named), through pandas and
openpyxl. Nothing in a cell is ever evaluated: a CSV cell ``=1+2`` stays that text, and from an
.xlsx file only the value Excel saved with a formula is read.

Every problem a user can cause is a :class:`~geo.story.errors.StoryError` located at the line.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import pandas as pd

from geo.story.date_parts import is_blank
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
        The Excel sheet to read; the first by default.

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
    """Rows of a CSV/TSV text, each with the line it starts on."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # CR alone (old Mac, some exports) too
    delimiter = delimiter or _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    header: list[str] | None = None
    rows, lines, problems = [], [], []
    last_line = 0
    try:
        for cells in reader:
            first_line, last_line = last_line + 1, reader.line_num
            cells = [c.strip() for c in cells]
            if not any(cells):
                continue
            if header is None:
                header = _header(cells)
                continue
            if len(rows) >= max_rows:
                raise StoryError.single(file, f"the table has more than {max_rows:,} rows; the limit is "
                                              f"{max_rows:,}", first_line)
            if len(cells) > len(header) and any(cells[len(header):]):
                problems.append(Problem(file, first_line, None, f"this row has {len(cells)} cells but the "
                                        f"header has {len(header)}: is a value missing its quotes?"))
            rows.append([c or None for c in cells[:len(header)]] + [None] * (len(header) - len(cells)))
            lines.append(first_line)
    except csv.Error as err:
        raise StoryError.single(file, f"the table cannot be read: {err}", reader.line_num) from None
    if header is None:
        raise StoryError.single(file, "the file has no header row")
    if problems:
        raise StoryError(problems[:_TOO_MANY_PROBLEMS])
    frame = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line"), dtype=object)
    notes = _formula_notes(frame)
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
        return [len(r) for r in csv.reader(io.StringIO(sample), delimiter=d) if r]

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


def _read_excel(raw: bytes, file: str, max_rows: int, sheet: str | None) -> Table:
    """The first (or named) sheet of an .xlsx workbook; the index is the sheet's row number."""
    try:
        book = pd.ExcelFile(io.BytesIO(raw), engine="openpyxl")
        names = book.sheet_names
        if sheet is not None and sheet not in names:
            raise StoryError.single(file, f"there is no sheet '{sheet}'; the sheets are: {', '.join(names)}")
        chosen = sheet if sheet is not None else names[0]
        grid = pd.read_excel(book, sheet_name=chosen, header=None, dtype=object, nrows=max_rows + 1000)
    except StoryError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise StoryError.single(file, f"this is not an Excel workbook that can be read ({err})") from None
    # Built cell by cell as object: DataFrame.map would turn text columns into pandas' str dtype (NaN for None).
    grid = pd.DataFrame([[None if is_blank(v) else v.strip() if isinstance(v, str) else v for v in row]
                         for row in grid.itertuples(index=False)], columns=grid.columns, dtype=object,
                        index=pd.Index(range(1, len(grid) + 1), name="line"))
    grid = grid[grid.notna().any(axis=1)]
    if grid.empty:
        raise StoryError.single(file, f"the sheet '{chosen}' is empty")
    header = _header(["" if v is None else str(v) for v in grid.iloc[0].tolist()])
    frame = grid.iloc[1:].copy()
    frame.columns = header
    frame = frame.loc[:, [not (c.startswith("column ") and frame[c].isna().all()) for c in header]]
    if len(frame) > max_rows:
        raise StoryError.single(file, f"the sheet has more than {max_rows:,} rows; the limit is {max_rows:,}",
                                int(frame.index[max_rows]))
    notes = [{"vi": f"tệp có {len(names)} trang tính; đã đọc '{chosen}'",
              "en": f"the workbook has {len(names)} sheets; read '{chosen}'"}] if len(names) > 1 else []
    return Table(file, frame, None, None, ".", chosen, notes + _formula_notes(frame))
