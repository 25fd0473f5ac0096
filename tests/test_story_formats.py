"""Stories uploaded as CSV or GeoJSON: the round trip from an export, and located problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.story.errors import StoryError
from geo.render.export import csv_text, geojson_text
from geo.places.geocode import geocode_story
from geo.story.load import load_story
from geo.story.formats import load_upload

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped_events():
    return geocode_story(load_story(ROOT / "events.yaml"))


@pytest.mark.parametrize("name, export", [("story.geojson", geojson_text), ("story.csv", csv_text)])
def test_an_export_uploads_back_to_the_same_events(shipped_events, name, export):
    again = geocode_story(load_upload(name, export(shipped_events).encode("utf-8")))
    assert list(again["id"]) == list(shipped_events["id"])
    for column in ("title_vi", "title_en", "summary_vi", "summary_en", "quote_vi", "quote_en", "layer"):
        assert list(again[column]) == list(shipped_events[column]), column
    assert [str(d) for d in again["start"]] == [str(d) for d in shipped_events["start"]]
    # same places, to the metre
    for a, b in zip(again.geometry, shipped_events.geometry):
        assert a.representative_point().distance(b.representative_point()) < 1e-4 or a.buffer(1e-4).contains(
            b.representative_point())


def test_a_formula_protected_cell_comes_back_as_written(shipped_events):
    events = shipped_events.copy()
    events.loc[0, "title_en"] = "=1+1 is not a formula here"
    again = geocode_story(load_upload("f.csv", csv_text(events).encode("utf-8")))
    assert again.loc[0, "title_en"] == "=1+1 is not a formula here"


@pytest.mark.parametrize("name, body, expected", [
    ("x.csv", b"id,layer\n1,2\n", "x.csv: no row can be put on the map: "),
    ("x.csv", b"id,layer,title_vi,title_en,summary_vi,summary_en,quote_vi,quote_en\n", "needs a 'place' column"),
    ("x.geojson", b'{"type": "Feature"}', "x.geojson: the file has no features with a place"),
    ("x.geojson", b"{not json", "x.geojson:1:2: not valid JSON"),
    ("x.docx", b"hello", "unknown file type '.docx'"),
    ("x.csv", b"\xff\xfe\x00\x01", "x.csv"),
    ("x.yaml", b"", "the file is empty"),
])
def test_bad_uploads_are_refused_with_a_located_message(name, body, expected):
    with pytest.raises(StoryError) as caught:
        load_upload(name, body)
    assert expected in str(caught.value)


def test_an_oversized_upload_is_refused_before_it_is_read():
    with pytest.raises(StoryError, match="the limit is 2,097,152 bytes"):
        load_upload("big.csv", b"x" * (2 * 1024 * 1024 + 1))


def test_a_bad_csv_row_is_located_on_its_line(tmp_path):
    header = "id,layer,title_vi,title_en,summary_vi,summary_en,quote_vi,quote_en,lat,lon\n"
    good = "a,l,t,t,s,s,q,q,35.6,139.7\n"
    bad = "b,l,t,t,s,s,q,q,95.0,139.7\n"  # latitude off the globe
    with pytest.raises(StoryError) as caught:
        load_upload("rows.csv", (header + good + bad).encode())
    assert "rows.csv:3:1:" in str(caught.value)


def _export_rows(events) -> tuple[list[str], list[dict[str, str]]]:
    import csv
    import io

    reader = csv.DictReader(io.StringIO(csv_text(events)))
    return list(reader.fieldnames or []), list(reader)


def test_an_export_saved_again_by_a_semicolon_locale_spreadsheet_uploads_back(shipped_events):
    """Excel in a Vietnamese, French or German locale saves a CSV with ';' between cells, a decimal comma
    and a BOM; the WKT column deleted, so the coordinates are read from lat/lon written that way."""
    columns, rows = _export_rows(shipped_events)
    columns = [c for c in columns if c != "wkt"]
    lines = [";".join(columns)]
    for row in rows:
        cells = []
        for column in columns:
            value = row[column]
            if column in ("lat", "lon") and value:
                value = value.replace(".", ",")
            cells.append('"' + value.replace('"', '""') + '"' if any(ch in value for ch in ';"\n') else value)
        lines.append(";".join(cells))
    again = geocode_story(load_upload("story.csv", ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")))
    assert list(again["id"]) == list(shipped_events["id"])
    assert list(again["title_vi"]) == list(shipped_events["title_vi"])
    for (_, row), a, b in zip(enumerate(rows), again.geometry, shipped_events.geometry):
        if row["lat"]:  # a point: read from the decimal-comma cells, to the metre
            assert a.distance(b) < 1e-5


def test_an_export_saved_again_as_xlsx_uploads_back(shipped_events):
    """Opened in Excel and saved as .xlsx: dates become dates and coordinates numbers."""
    import datetime as dt
    import io

    from openpyxl import Workbook

    columns, rows = _export_rows(shipped_events)
    book = Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        cells = []
        for column in columns:
            value = row[column]
            if column in ("start", "end") and value:
                value = dt.datetime.fromisoformat(value)
            elif column in ("lat", "lon") and value:
                value = float(value)
            cells.append(value or None)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    again = geocode_story(load_upload("story.xlsx", out.getvalue()))
    assert list(again["id"]) == list(shipped_events["id"])
    assert [str(d) for d in again["start"]] == [str(d) for d in shipped_events["start"]]
    assert [str(d) for d in again["end"]] == [str(d) for d in shipped_events["end"]]
