"""Reading table files (geo/story/tables.py), and the corpus tests/import_samples/ end to end:
each sample read, its columns mapped and its dates parsed, checked against its .expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.story.columns import map_columns
from geo.story.errors import StoryError
from geo.story.table_dates import table_dates
from geo.story.tables import decode_table_text, read_table

SAMPLES = Path(__file__).resolve().parent / "import_samples"
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
    assert [note["en"] for note in table.notes] == ["the workbook has 2 sheets; read 'Sự kiện'"]
    assert table.notes[0]["vi"] == "tệp có 2 trang tính; đã đọc 'Sự kiện'"
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
