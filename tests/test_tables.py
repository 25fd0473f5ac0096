"""Reading table files (geo/story/tables.py), and the corpus tests/import_samples/ end to end:
each sample read, its columns mapped and its dates parsed, checked against its .expected.json."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from geo.story.columns import map_columns
from geo.story.errors import StoryError
from geo.story.table_dates import table_dates
from geo.story.tables import decode_table_text, read_table

SAMPLES = Path(__file__).resolve().parent / "import_samples"
# excel_title_cover_merged.xlsx was written once with openpyxl (not by scripts/make_import_samples.py): a cover
# sheet first, a merged title and a class line above the header on row 4, a place and its coordinates merged
# over rows 7–8.
EXPECTED = sorted(SAMPLES.glob("*.expected.json"))


def _expected(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_corpus_has_every_kind_of_file():
    names = {p.name.removesuffix(".expected.json") for p in EXPECTED}
    assert len(names) >= 12
    assert {p.name for p in SAMPLES.iterdir() if p.is_file() and not p.name.endswith(".json")} == names


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_sample_reads_as_expected(expected_path):
    expected = _expected(expected_path)
    table = read_table(SAMPLES / expected["file"])
    assert (table.encoding, table.delimiter, table.decimal) == (
        expected["encoding"], expected["delimiter"], expected["decimal"])
    assert table.frame.index.tolist() == expected["lines"]
    if "sheet" in expected:
        assert table.sheet == expected["sheet"]
    mapping = map_columns(table.frame.columns, table.frame)
    assert mapping.roles == expected["roles"]
    assert mapping.usable, mapping.explain("en")
    dates = table_dates(table.frame, mapping.roles, lang="vi")
    assert (dates.dayfirst, dates.ambiguous) == (expected["dayfirst"], expected["ambiguous"])
    if dates.ambiguous:
        assert [str(v.start) for v in dates.readings[0]] == expected["readings"]["dayfirst"]
        assert [str(v.start) for v in dates.readings[1]] == expected["readings"]["monthfirst"]
        assert all("ngày trước" in v.problem for v in dates.values)
    else:
        assert [v.problem for v in dates.values if not v.ok] == []
    rows = dict(zip(table.frame.index, dates.values))
    for spot in expected["spot"]:
        row, date = table.frame.loc[spot["line"]], rows[spot["line"]]
        if spot["title"] is not None:
            assert row[mapping.roles["title"]] == spot["title"]
        assert (str(date.start), str(date.end), date.precision) == (spot["start"], spot["end"], spot["precision"])
        if "time" in spot:
            assert str(date.time) == spot["time"]
        if "lat" in spot:
            lat = table.numbers(mapping.roles["latitude"])[spot["line"]]
            lon = table.numbers(mapping.roles["longitude"])[spot["line"]]
            assert (lat, lon) == pytest.approx((spot["lat"], spot["lon"]))


def test_the_xlsx_keeps_cell_types_and_never_runs_formulas():
    table = read_table(SAMPLES / "classroom_vi.xlsx")
    frame = table.frame
    assert type(frame.loc[2, "Ngày"]).__name__ in ("datetime", "Timestamp")
    assert frame.loc[4, "Ngày"] == "16/12/2016" and frame.loc[2, "Vĩ độ"] == pytest.approx(34.3897)
    assert frame.loc[7, "Ghi chú"] is None  # "=1+2" saved without a value: nothing is computed
    assert [note["en"] for note in table.notes] == [
        "the workbook has 2 sheets (Sự kiện, Nguồn); read 'Sự kiện'",
        "2 cell(s) hold formulas saved with no value, or an empty one (G2, G7), so they read empty: if they should "
        "show something, open the file in Excel or LibreOffice and save it again"]
    assert table.notes[0]["vi"] == "tệp có 2 trang tính (Sự kiện, Nguồn); đã đọc 'Sự kiện'"
    assert read_table(SAMPLES / "classroom_vi.xlsx", sheet="Nguồn").frame.empty


def test_the_xlsx_sample_is_reproducible(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make", SAMPLES.parents[1] / "scripts" / "make_import_samples.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    make.write_xlsx(tmp_path / "again.xlsx")
    assert (tmp_path / "again.xlsx").read_bytes() == (SAMPLES / "classroom_vi.xlsx").read_bytes()
    for name, (data, _) in make.SAMPLES.items():
        assert (SAMPLES / name).read_bytes() == data, name


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_any_line_ending_gives_the_same_rows_and_lines(ending):
    raw = ending.join(["title,date", '"two', 'lines",2016-12-15', "", "third,2016-12-16"]).encode()
    table = read_table(raw, "t.csv")
    assert table.frame["title"].tolist() == ["two\nlines", "third"]
    assert table.frame.index.tolist() == [2, 5]


@pytest.mark.parametrize("text, delimiter", [
    ("a,b,c\n1,2,3\n", ","), ("a;b;c\n1;2;3\n", ";"), ("a\tb\tc\n1\t2\t3\n", "\t"), ("a|b|c\n1|2|3\n", "|"),
    ('title;note\n"Hello, world";"x, y"\n"a, b";c\n', ";"), ("title\nonly one column\n", ","),
])
def test_delimiter_is_sniffed(text, delimiter):
    table = read_table(text.encode(), "t.csv")
    assert table.delimiter == delimiter
    assert len(table.frame) >= 1


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                           ("utf-16-be", b"\xfe\xff"), ("cp1252", b"")])
def test_encodings_are_found(encoding, bom):
    text = "title;place\nCafé “Zürich” – naïve;Genève\n"
    table = read_table(bom + text.encode(encoding), "t.csv")
    assert table.frame.loc[2, "title"] == "Café “Zürich” – naïve"
    assert table.frame.loc[2, "place"] == "Genève"


def test_vietnamese_windows_1258_is_read_and_composed():
    raw = (SAMPLES / "windows1258_vi.csv").read_bytes()
    text, encoding = decode_table_text(raw, "w.csv")
    assert encoding == "cp1258" and "Tổng thống Putin đến Nhật Bản" in text
    assert [note["en"] for note in read_table(raw, "w.csv").notes] == ["read as Windows-1258 (Vietnamese)"]


def test_forced_encoding_and_delimiter_win():
    table = read_table("a;b,c\nx;é,z\n".encode("utf-8"), "t.csv", encoding="latin-1", delimiter=",")
    assert table.frame.columns.tolist() == ["a;b", "c"] and table.frame.iloc[0].tolist() == ["x;Ã©", "z"]


def test_decimal_comma_numbers():
    table = read_table(b"name;lat;lon;count\nA;35,6895;139,6917;1.234,5\nB;-12,5;0;7\n", "t.csv")
    assert table.decimal == ","
    assert table.numbers("lat").tolist() == [35.6895, -12.5]
    assert table.numbers("count").tolist() == [1234.5, 7.0]


def test_comma_files_keep_the_decimal_point():
    table = read_table(b"name,lat\nA,35.6895\nB,\n", "t.csv")
    assert table.decimal == "."
    values = table.numbers("lat").tolist()
    assert values[0] == 35.6895 and values[1] != values[1]  # NaN for the empty cell


def test_formula_looking_cells_stay_text_with_a_note():
    table = read_table(b'title,link\nA,"=HYPERLINK(""http://x"")"\nB,=1+2\n', "t.csv")
    assert table.frame["link"].tolist() == ['=HYPERLINK("http://x")', "=1+2"]
    assert [note["en"] for note in table.notes] == ["line 2: 'link' holds text that looks like a spreadsheet formula; it is kept as "
                           "text and never run"]


def test_headers_blank_and_repeated_are_named():
    table = read_table(b"date,,date\n2016,x,y\n", "t.csv")
    assert table.frame.columns.tolist() == ["date", "column 2", "date (2)"]


def test_short_rows_are_padded_and_long_rows_are_located():
    assert read_table(b"a,b,c\n1\n", "t.csv").frame.iloc[0].tolist() == ["1", None, None]
    with pytest.raises(StoryError) as err:
        read_table(b"a,b\n1,2\n3,4,5\n6,7\n8,9,10\n", "t.csv")
    assert [str(p) for p in err.value.problems] == [
        "t.csv:3: this row has 3 cells but the header has 2: is a value missing its quotes?",
        "t.csv:5: this row has 3 cells but the header has 2: is a value missing its quotes?"]


@pytest.mark.parametrize("raw, name, kwargs, message", [
    (b"", "e.csv", {}, "e.csv: the file is empty"),
    (b"  \r\n\r\n", "e.csv", {}, "e.csv: the file is empty"),
    (b"a,b\n" + b"1,2\n" * 50, "big.csv", {"max_bytes": 100}, "big.csv: the file is 204 bytes; the limit is 100 bytes"),
    (b"a,b\n" + b"1,2\n" * 5, "rows.csv", {"max_rows": 3},
     "rows.csv:5: the table has more than 3 rows; the limit is 3"),
    (b"\xd0\xcf\x11\xe0rest", "old.xls", {}, "old.xls: this is an old Excel file (.xls): save it as .xlsx or as "
                                             "CSV and try again"),
    (b"PK\x03\x04 not really a zip", "fake.xlsx", {}, "fake.xlsx: this is not an Excel workbook that can be read"),
])
def test_user_errors_are_story_errors(raw, name, kwargs, message):
    with pytest.raises(StoryError) as err:
        read_table(raw, name, **kwargs)
    assert str(err.value).startswith(message)


def test_a_missing_sheet_is_named(tmp_path):
    with pytest.raises(StoryError, match="there is no sheet 'Nope'; the sheets are: Sự kiện, Nguồn"):
        read_table(SAMPLES / "classroom_vi.xlsx", sheet="Nope")


def test_too_many_xlsx_rows_and_a_missing_path(tmp_path):
    with pytest.raises(StoryError, match="more than 3 rows"):
        read_table(SAMPLES / "classroom_vi.xlsx", max_rows=3)
    with pytest.raises(StoryError, match="^nothing.csv: the file cannot be read"):
        read_table(tmp_path / "nothing.csv")


def test_problems_are_located_by_line_and_column():
    table = read_table(b"title,date\nA,someday\n", "t.csv")
    assert str(table.problem(2, "date", "not a date")) == "t.csv:2: date: not a date"


def _xlsx(sheets: dict[str, list[list]], merged: tuple[str, ...] = (), titles: dict[str, str] | None = None) -> bytes:
    """A workbook written by openpyxl: its sheets' rows in order (a row [] is blank), ranges merged
    on the first sheet, a title merged over the first row when given (cell A1 → range)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    for cells in merged:
        book.worksheets[0].merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["Ngày", "Sự kiện", "Địa điểm", "Vĩ độ", "Kinh độ"]
ROWS = [[dt.datetime(2016, 12, 15), "Đến Nagato", "Nagato", 34.3706, 131.1826],
        [dt.datetime(2016, 12, 16), "Họp tại Tokyo", "Tokyo", 35.6895, 139.6917]]


@pytest.mark.parametrize("above, header_row", [
    ([["Chuyến thăm Nhật Bản của Putin – 12/2016"], []], 3),  # a title merged over A1:E1, a blank row
    ([["Lịch sử 10A"], [None, "Giáo viên: Lan"]], 3),  # two title lines, one not in column A
    ([[None], ["Bảng sự kiện"], [], []], 5),
])
def test_title_rows_above_the_header_are_skipped_in_a_sheet(above, header_row):
    raw = _xlsx({"Sự kiện": above + [HEADER] + ROWS}, merged=("A1:E1",) if above[0][0] else ())
    table = read_table(raw, "t.xlsx")
    assert table.frame.columns.tolist() == HEADER
    assert table.frame.index.tolist() == [header_row + 1, header_row + 2]  # the sheet's own rows
    assert table.frame.loc[header_row + 2, "Địa điểm"] == "Tokyo"
    assert [note["en"] for note in table.notes] == [
        f"header on row {header_row}; rows 1–{header_row - 1} above it (a title) skipped"]
    assert table.notes[0]["vi"] == f"tên cột ở hàng {header_row}; đã bỏ qua hàng 1–{header_row - 1} ở trên (tên bảng)"


def test_a_title_line_above_a_csv_header_is_skipped():
    raw = "Chuyến thăm Nhật Bản;;;\n\nNgày;Sự kiện;Vĩ độ;Kinh độ\n15/12/2016;Nagato;34,37;131,18\n".encode()
    table = read_table(raw, "t.csv")
    assert (table.delimiter, table.decimal) == (";", ",")
    assert table.frame.columns.tolist() == ["Ngày", "Sự kiện", "Vĩ độ", "Kinh độ"]
    assert table.frame.index.tolist() == [4]
    assert table.notes[0] == {"vi": "tên cột ở dòng 3; đã bỏ qua dòng 1–2 ở trên (tên bảng)",
                              "en": "header on line 3; lines 1–2 above it (a title) skipped"}
    one = read_table(b"Title line\ndate,title,lat\n2016,A,1\n", "t.csv")
    assert one.frame.index.tolist() == [3] and one.notes[0]["en"] == "header on line 2; line 1 above it (a title) skipped"


@pytest.mark.parametrize("text", [
    "date,,date\n2016,x,y\n",  # a header with a blank name
    "2016,2017\nHà Nội,Huế\nTokyo,Kyoto\n",  # names that are numbers: the first row all the same
    "a,b,c\nx,y,z\n",
])
def test_a_first_row_that_is_no_title_stays_the_header(text):
    table = read_table(text.encode(), "t.csv")
    assert table.frame.index.tolist()[0] == 2 and table.notes == []


def test_a_cover_sheet_is_passed_over():
    cover = [["Hướng dẫn"], ["Điền các sự kiện vào trang 'Dữ liệu', mỗi sự kiện một dòng."], [],
             ["1. Cột Ngày: ngày diễn ra."], ["2. Cột Địa điểm: tên nơi."]]
    raw = _xlsx({"Hướng dẫn": cover, "Dữ liệu": [HEADER] + ROWS, "Nguồn": [["url"], ["https://example.com"]]})
    table = read_table(raw, "t.xlsx")
    assert table.sheet == "Dữ liệu" and table.frame.columns.tolist() == HEADER and table.frame.index.tolist() == [2, 3]
    assert table.notes == [{
        "vi": "tệp có 3 trang tính (Hướng dẫn, Dữ liệu, Nguồn); đã đọc 'Dữ liệu', trang đầu tiên có bảng "
              "(Hướng dẫn không có)",
        "en": "the workbook has 3 sheets (Hướng dẫn, Dữ liệu, Nguồn); read 'Dữ liệu', the first that holds a "
              "table (Hướng dẫn has none)"}]


def test_a_header_only_sheet_holds_no_table():
    alone = read_table(_xlsx({"Trống": [["Tiêu đề"], [], HEADER]}), "t.xlsx")  # one sheet: read, empty
    assert alone.frame.empty and alone.frame.columns.tolist() == HEADER and alone.sheet == "Trống"
    table = read_table(_xlsx({"Mẫu": [HEADER], "Dữ liệu": [HEADER] + ROWS}), "t.xlsx")
    assert table.sheet == "Dữ liệu" and len(table.frame) == 2
    assert table.notes[0]["en"].endswith("read 'Dữ liệu', the first that holds a table (Mẫu has none)")


def test_a_sheet_named_is_read_as_it_is():
    raw = _xlsx({"Hướng dẫn": [["Điền dữ liệu ở trang sau"], ["Cảm ơn"]], "Dữ liệu": [HEADER] + ROWS,
                 "Khác": [HEADER] + ROWS[:1]})
    table = read_table(raw, "t.xlsx", sheet="Khác")
    assert table.sheet == "Khác" and table.frame.index.tolist() == [2]
    assert [note["en"] for note in table.notes] == ["the workbook has 3 sheets (Hướng dẫn, Dữ liệu, Khác); read 'Khác'"]
    cover = read_table(raw, "t.xlsx", sheet="Hướng dẫn")  # no table, but asked for
    assert cover.frame.columns.tolist() == ["Điền dữ liệu ở trang sau"] and cover.frame.index.tolist() == [2]


def test_merged_cells_are_filled_with_a_note():
    rows = [HEADER, ROWS[0], [dt.datetime(2016, 12, 17), "Ăn tối"], [dt.datetime(2016, 12, 18), "Họp báo"],
            [dt.datetime(2016, 12, 19), "Chia tay", "Tokyo", 35.6895, 139.6917]]
    rows[2] += ["Tokyo", 35.6895, 139.6917]  # what the merged cells show on rows 3 and 4
    raw = _xlsx({"Sự kiện": rows}, merged=("C3:C4", "D3:D4", "E3:E4"))
    table = read_table(raw, "t.xlsx")
    assert table.frame.loc[4].tolist() == [dt.datetime(2016, 12, 18), "Họp báo", "Tokyo", 35.6895, 139.6917]
    assert table.notes == [{"vi": "ô gộp: giá trị được chép vào mọi ô của vùng gộp (C3:C4, D3:D4, E3:E4)",
                            "en": "merged cells: the value copied into every cell of the range (C3:C4, D3:D4, E3:E4)"}]


def test_many_merged_ranges_are_named_a_few_then_an_ellipsis():
    rows = [["Ngày", "Sự kiện", "Ghi chú"]] + [[f"{d}/12/2016", f"Sự kiện {d}", "chung" if d % 2 else None]
                                               for d in range(1, 15)]
    raw = _xlsx({"Sự kiện": rows}, merged=tuple(f"C{r}:C{r + 1}" for r in range(2, 15, 2)))
    table = read_table(raw, "t.xlsx")
    assert table.frame["Ghi chú"].tolist() == ["chung"] * 14
    assert table.notes[0]["en"] == ("merged cells: the value copied into every cell of the range "
                                    "(C2:C3, C4:C5, C6:C7, C8:C9, C10:C11, …)")


def test_a_merged_title_is_not_a_header_nor_copied():
    raw = _xlsx({"Sự kiện": [["Chuyến thăm Nhật Bản"], HEADER] + ROWS}, merged=("A1:E1",))
    table = read_table(raw, "t.xlsx")
    assert table.frame.columns.tolist() == HEADER
    assert [note["en"] for note in table.notes] == ["header on row 2; row 1 above it (a title) skipped"]


def test_row_numbers_in_errors_are_the_sheets_rows():
    from geo.story.import_file import import_story

    rows = [["Chuyến thăm Nhật Bản"], [], HEADER] + ROWS + [["someday", "Tiễn", "Tokyo", 35.6, 139.6]]
    raw = _xlsx({"Sự kiện": rows}, merged=("A1:E1",))
    imported = import_story("t.xlsx", raw)  # 'someday' is no date: its row, the sheet's 6th, is kept aside
    assert [(u.line, u.reason["en"].split(" '")[0]) for u in imported.unplaced] == [(6, "Ngày:")]
    with pytest.raises(StoryError, match=r"^t.xlsx:6: the sheet has more than 2 rows; the limit is 2$"):
        read_table(raw, "t.xlsx", max_rows=2)


def test_a_big_workbook_is_read_in_read_only_mode_its_header_found_all_the_same(monkeypatch):
    """Above WHOLE_WORKBOOK_BYTES (a story file on the server) openpyxl's read-only mode keeps memory
    low; it has no merged ranges, so those cells keep Excel's own value (the first cell's)."""
    import geo.story.tables as tables

    monkeypatch.setattr(tables, "WHOLE_WORKBOOK_BYTES", 0)
    rows = [["Chuyến thăm Nhật Bản"], HEADER, ROWS[0], [dt.datetime(2016, 12, 17), "Ăn tối", "Tokyo", 35.6895, 139.6917],
            [dt.datetime(2016, 12, 18), "Họp báo"]]
    table = read_table(_xlsx({"Sự kiện": rows}, merged=("C4:C5",)), "t.xlsx")
    assert table.frame.columns.tolist() == HEADER and table.frame.index.tolist() == [3, 4, 5]
    assert table.frame.loc[5].tolist()[:3] == [dt.datetime(2016, 12, 18), "Họp báo", None]


def test_formulas_with_no_value_saved_are_named_in_a_note():
    """A workbook a program wrote (never opened in a spreadsheet) keeps formulas without their values:
    those cells read empty, and the note says which and what to do."""
    rows = [HEADER, ROWS[0], ["=A2+1", "Họp tại Tokyo", "Tokyo", 35.6895, 139.6917]]
    table = read_table(_xlsx({"Sự kiện": rows}), "t.xlsx")
    assert table.frame.loc[3, "Ngày"] is None
    assert [n["en"] for n in table.notes] == ["1 cell(s) hold formulas saved with no value, or an empty one (A3), so "
                                             "they read empty: if they should show something, open the file in Excel "
                                             "or LibreOffice and save it again"]
    assert read_table(_xlsx({"Sự kiện": [HEADER, *ROWS]}), "t.xlsx").notes == []  # no formula, no note


def test_excels_sep_line_gives_the_delimiter_and_a_repeated_header_is_skipped():
    raw = "sep=;\nNgày;Sự kiện;Vĩ độ\n15/12/2016;Nagato;34,37\nNgày;Sự kiện;Vĩ độ\n16/12/2016;Tokyo;35,68\n".encode()
    table = read_table(raw, "t.csv")
    assert table.delimiter == ";" and table.frame.index.tolist() == [3, 5]  # the file's own lines
    assert table.frame["Sự kiện"].tolist() == ["Nagato", "Tokyo"]
    assert [n["en"] for n in table.notes][:2] == ["line(s) 4 repeat the header: skipped",
                                                 "line 1 'sep=;' (Excel's) gives the delimiter"]


def test_a_formula_saved_with_an_error_value_was_computed():
    """Excel saves "=NA()" with its value "#N/A": no note that the file was never computed."""
    import re
    import zipfile

    raw = _xlsx({"Sự kiện": [HEADER + ["Ghi chú"], ROWS[0] + ["=NA()"]]})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":  # as Excel writes it: the error as the value
                data = re.sub(rb'<c r="F2">(<f>[^<]*</f>)<v ?/>', rb'<c r="F2" t="e">\1<v>#N/A</v>', data)
            zout.writestr(item, data)
    table = read_table(out.getvalue(), "t.xlsx")
    assert table.frame.loc[2, "Ghi chú"] is None and table.notes == []
