"""Write tests/import_samples/: small tables of the kinds teachers have, each with the bytes that
matter (encodings, BOMs, line endings, delimiters) and an ``.expected.json`` beside it.

Run from the repository root: ``.venv/bin/python scripts/make_import_samples.py``. The files are
committed; running it again rewrites them byte for byte (the .xlsx too: its timestamps are fixed).
All content is written here for the tests, none of it is copied from elsewhere.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "import_samples"
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Vietnamese in Windows-1258 as Windows writes it: base letters (â, ơ, ư, đ…) precomposed,
    tone marks as separate combining characters (Python's codec does not decompose by itself)."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += base.encode("cp1258") + "".join(c for c in parts if c in _TONES).encode("cp1258")
    return bytes(out)


def lines(rows: list[str], end: str) -> str:
    return "".join(row + end for row in rows)


SAMPLES: dict[str, tuple[bytes, dict]] = {}


def sample(name: str, data: bytes, expected: dict) -> None:
    SAMPLES[name] = (data, expected)


sample("newsroom.csv", lines([
    "Headline,lat,long,date,Category,Source URL",
    'Putin arrives in Nagato,34.3897,131.1825,2016-12-15,talks,https://example.org/a',
    '"Talks at the ryokan, ""Otani Sanso""\nrun late",34.3712,131.1836,2016-12-15T18:10:00Z,talks,',
    "Leaders meet in Tokyo,35.6812,139.7671,Dec 16 2016,tokyo,https://example.org/b",
    "Joint press conference,35.6786,139.7449,16 December 2016,tokyo,",
], "\n").encode("utf-8"), {
    "encoding": "utf_8", "delimiter": ",", "decimal": ".", "lines": [2, 3, 5, 6],
    "roles": {"title": "Headline", "latitude": "lat", "longitude": "long", "date": "date",
              "layer": "Category", "url": "Source URL"},
    "dayfirst": None, "ambiguous": False,
    "spot": [{"line": 3, "title": 'Talks at the ryokan, "Otani Sanso"\nrun late', "start": "2016-12-15",
              "end": "2016-12-15", "precision": "day", "lat": 34.3712, "lon": 131.1836},
             {"line": 5, "title": "Leaders meet in Tokyo", "start": "2016-12-16", "end": "2016-12-16",
              "precision": "day", "lat": 35.6812, "lon": 139.7671}],
})

sample("excel_vi_semicolon.csv", b"\xef\xbb\xbf" + lines([
    "Tiêu đề;Ngày;Vĩ độ;Kinh độ;Địa điểm;Nhóm",
    "Tổng thống Putin đến Nagato;15/12/2016;34,3897;131,1825;Nagato;Hội đàm",
    "Hội đàm tại khách sạn Otani Sanso;15/12/2016;34,3712;131,1836;Nagato;Hội đàm",
    "Hai nhà lãnh đạo gặp nhau ở Tokyo;16/12/2016;35,6812;139,7671;Tokyo;Tokyo",
    "Họp báo chung;16/12/2016;35,6786;139,7449;Tokyo;Tokyo",
    "Hội nghị Yalta;04/02/1945;44,4678;34,1436;Yalta;Lịch sử",
], "\r\n").encode("utf-8"), {
    "encoding": "utf_8_sig", "delimiter": ";", "decimal": ",", "lines": [2, 3, 4, 5, 6],
    "roles": {"title": "Tiêu đề", "date": "Ngày", "latitude": "Vĩ độ", "longitude": "Kinh độ",
              "place": "Địa điểm", "layer": "Nhóm"},
    "dayfirst": True, "ambiguous": False,
    "spot": [{"line": 2, "title": "Tổng thống Putin đến Nagato", "start": "2016-12-15", "end": "2016-12-15",
              "precision": "day", "lat": 34.3897, "lon": 131.1825},
             {"line": 6, "title": "Hội nghị Yalta", "start": "1945-02-04", "end": "1945-02-04",
              "precision": "day", "lat": 44.4678, "lon": 34.1436}],
})

sample("windows1258_vi.csv", cp1258(lines([
    "Sự kiện,Thời gian,Địa điểm,Mô tả",
    "Tổng thống Putin đến Nhật Bản,ngày 15 tháng 12 năm 2016,Nagato,Chuyến thăm đầu tiên sau 11 năm",
    "Hội đàm ở Tokyo,ngày 16 tháng 12 năm 2016,Tokyo,Hai bên bàn về quần đảo",
    "Chuẩn bị chuyến thăm,tháng 11/2016,Lima,Gặp nhau bên lề hội nghị APEC",
    "Hiệp ước hòa bình còn dang dở,1956,Moskva,Tuyên bố chung Xô – Nhật",
], "\r\n")), {
    "encoding": "cp1258", "delimiter": ",", "decimal": ".", "lines": [2, 3, 4, 5],
    "roles": {"title": "Sự kiện", "date": "Thời gian", "place": "Địa điểm", "summary": "Mô tả"},
    "dayfirst": None, "ambiguous": False,
    "spot": [{"line": 2, "title": "Tổng thống Putin đến Nhật Bản", "start": "2016-12-15",
              "end": "2016-12-15", "precision": "day"},
             {"line": 4, "title": "Chuẩn bị chuyến thăm", "start": "2016-11-01", "end": "2016-11-30",
              "precision": "month"},
             {"line": 5, "title": "Hiệp ước hòa bình còn dang dở", "start": "1956-01-01",
              "end": "1956-12-31", "precision": "year"}],
})

sample("windows1252_ranges.csv", lines([
    "Event;When;Location;Notes",
    "Potsdam Conference;July 17–August 2, 1945;Potsdam;Cecilienhof – Truman, Stalin, Churchill/Attlee",
    "Talks in Nagato and Tokyo;December 15–16, 2016;Nagato;Abe’s home town",
    "Yalta Conference;4–11 February 1945;Yalta;Livadia Palace",
    "The war in Europe;1939-1945;Europe;Six years",
    "Battle of Okinawa;April-June 1945;Okinawa;Naha and the south",
], "\r\n").encode("cp1252"), {
    "encoding": "cp1252", "delimiter": ";", "decimal": ".", "lines": [2, 3, 4, 5, 6],
    "roles": {"title": "Event", "date": "When", "place": "Location", "summary": "Notes"},
    "dayfirst": None, "ambiguous": False,
    "spot": [{"line": 2, "title": "Potsdam Conference", "start": "1945-07-17", "end": "1945-08-02",
              "precision": "day"},
             {"line": 3, "title": "Talks in Nagato and Tokyo", "start": "2016-12-15", "end": "2016-12-16",
              "precision": "day"},
             {"line": 4, "title": "Yalta Conference", "start": "1945-02-04", "end": "1945-02-11",
              "precision": "day"},
             {"line": 5, "title": "The war in Europe", "start": "1939-01-01", "end": "1945-12-31",
              "precision": "year"},
             {"line": 6, "title": "Battle of Okinawa", "start": "1945-04-01", "end": "1945-06-30",
              "precision": "month"}],
})

sample("utf16_history.tsv", lines([
    "id\ttitle\tstart\tend\tlatitude\tlongitude",
    "yalta\tHội nghị Yalta\t1945-02-04\t1945-02-11\t44.4678\t34.1436",
    "potsdam\tPotsdam Conference\t1945-07-17\t1945-08-02\t52.4194\t13.0708",
    "hiroshima\t広島 Hiroshima\t1945-08-06\t\t34.3853\t132.4553",
    "war\tThe war in the Pacific\t1941\t1945\t\t",
], "\r\n").encode("utf-16"), {
    "encoding": "utf_16", "delimiter": "\t", "decimal": ".", "lines": [2, 3, 4, 5],
    "roles": {"id": "id", "title": "title", "date": "start", "end_date": "end", "latitude": "latitude",
              "longitude": "longitude"},
    "dayfirst": None, "ambiguous": False,
    "spot": [{"line": 2, "title": "Hội nghị Yalta", "start": "1945-02-04", "end": "1945-02-11",
              "precision": "day", "lat": 44.4678, "lon": 34.1436},
             {"line": 4, "title": "広島 Hiroshima", "start": "1945-08-06", "end": "1945-08-06",
              "precision": "day", "lat": 34.3853, "lon": 132.4553},
             {"line": 5, "title": "The war in the Pacific", "start": "1941-01-01", "end": "1945-12-31",
              "precision": "year"}],
})

sample("lone_cr.csv", lines([
    "title,date,city,country",
    "Pearl Harbor attack,12/07/1941,Honolulu,United States",
    "Putin and Abe meet,12/15/2016,Nagato,Japan",
    "Press conference,12/16/2016,Tokyo,Japan",
], "\r").encode("utf-8"), {
    "encoding": "utf_8", "delimiter": ",", "decimal": ".", "lines": [2, 3, 4],
    "roles": {"title": "title", "date": "date", "place": "city"},
    "dayfirst": False, "ambiguous": False,
    "spot": [{"line": 2, "title": "Pearl Harbor attack", "start": "1941-12-07", "end": "1941-12-07",
              "precision": "day"},
             {"line": 3, "title": "Putin and Abe meet", "start": "2016-12-15", "end": "2016-12-15",
              "precision": "day"}],
})

_TJS = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media," \
       "Media Credit,Media Caption,Media Thumbnail,Type,Group,Background,Location"
sample("timelinejs.csv", lines([
    _TJS,
    "2016,,,,,,,,,Putin and Abe,Two days of talks,,,,,title,,,",
    "2016,12,15,18:10,,,,,,Putin arrives late,<p>Almost three hours late.</p>,https://example.org/p.jpg,"
    "Example Credit,Arrival,,,talks,,Nagato",
    "2016,December,16,,,,,,,Talks in Tokyo,At the Kantei,,,,,,tokyo,,Tokyo",
    "1945,4,,,1945,6,,,spring 1945,Battle of Okinawa,,,,,,,history,#333333,Okinawa",
    "1941,,,,1945,,,,,The Pacific War,,,,,,era,history,,",
], "\n").encode("utf-8"), {
    "encoding": "utf_8", "delimiter": ",", "decimal": ".", "lines": [2, 3, 4, 5, 6],
    "roles": {"year": "Year", "month": "Month", "day": "Day", "time": "Time", "end_year": "End Year",
              "end_month": "End Month", "end_day": "End Day", "end_time": "End Time",
              "display_date": "Display Date", "title": "Headline", "summary": "Text", "media": "Media",
              "media_credit": "Media Credit", "media_caption": "Media Caption",
              "media_thumbnail": "Media Thumbnail", "layer": "Group", "place": "Location"},
    "dayfirst": None, "ambiguous": False,
    "spot": [{"line": 3, "title": "Putin arrives late", "start": "2016-12-15", "end": "2016-12-15",
              "precision": "day", "time": "18:10:00"},
             {"line": 4, "title": "Talks in Tokyo", "start": "2016-12-16", "end": "2016-12-16",
              "precision": "day"},
             {"line": 5, "title": "Battle of Okinawa", "start": "1945-04-01", "end": "1945-06-30",
              "precision": "month"},
             {"line": 6, "title": "The Pacific War", "start": "1941-01-01", "end": "1945-12-31",
              "precision": "year"}],
})

sample("earthquakes_ms.csv", lines([
    "time,latitude,longitude,depth,mag,place,id",
    "1482796800000,35.6895,139.6917,10.5,4.2,near Tokyo,eq1",
    "1481846400000,34.3897,131.1825,33.0,3.1,Yamaguchi,eq2",
    "1481804580000,43.0621,141.3544,5.0,2.8,Sapporo,eq3",
], "\n").encode("utf-8"), {
    "encoding": "utf_8", "delimiter": ",", "decimal": ".", "lines": [2, 3, 4],
    "roles": {"date": "time", "latitude": "latitude", "longitude": "longitude", "place": "place", "id": "id"},
    "dayfirst": None, "ambiguous": False,
    "spot": [{"line": 2, "title": None, "start": "2016-12-27", "end": "2016-12-27", "precision": "day",
              "time": "00:00:00+00:00", "lat": 35.6895, "lon": 139.6917},
             {"line": 4, "title": None, "start": "2016-12-15", "end": "2016-12-15", "precision": "day",
              "time": "12:23:00+00:00"}],
})

sample("year_month_day.csv", lines([
    "Năm,Tháng,Ngày,Sự kiện,Quốc gia",
    "1945,August,6,Hiroshima,Japan",
    "1945,Aug,9,Nagasaki,Japan",
    "1956,10,19,Tuyên bố chung Xô – Nhật,Russia",
    "2016,Tháng 12,15,Hội đàm ở Nagato,Japan",
    "1941,tháng Mười Hai,,Chiến tranh Thái Bình Dương,United States",
    "1904,,,Chiến tranh Nga – Nhật,Russia",
], "\n").encode("utf-8"), {
    "encoding": "utf_8", "delimiter": ",", "decimal": ".", "lines": [2, 3, 4, 5, 6, 7],
    "roles": {"year": "Năm", "month": "Tháng", "day": "Ngày", "title": "Sự kiện", "place": "Quốc gia"},
    "dayfirst": None, "ambiguous": False,
    "spot": [{"line": 2, "title": "Hiroshima", "start": "1945-08-06", "end": "1945-08-06", "precision": "day"},
             {"line": 5, "title": "Hội đàm ở Nagato", "start": "2016-12-15", "end": "2016-12-15",
              "precision": "day"},
             {"line": 6, "title": "Chiến tranh Thái Bình Dương", "start": "1941-12-01", "end": "1941-12-31",
              "precision": "month"},
             {"line": 7, "title": "Chiến tranh Nga – Nhật", "start": "1904-01-01", "end": "1904-12-31",
              "precision": "year"}],
})

sample("ambiguous_vi.csv", lines([
    "tiêu đề,ngày,địa điểm",
    "Khai giảng,05/09/2016,Hà Nội",
    "Thi học kỳ,03/12/2016,Hà Nội",
    "Tham quan bảo tàng,04/11/2016,Huế",
], "\n").encode("utf-8"), {
    "encoding": "utf_8", "delimiter": ",", "decimal": ".", "lines": [2, 3, 4],
    "roles": {"title": "tiêu đề", "date": "ngày", "place": "địa điểm"},
    "dayfirst": None, "ambiguous": True,
    "readings": {"dayfirst": ["2016-09-05", "2016-12-03", "2016-11-04"],
                 "monthfirst": ["2016-05-09", "2016-03-12", "2016-04-11"]},
    "spot": [],
})

sample("swapped_latlon.csv", lines([
    "name,lat,lon,date",
    "Nagato,131.1825,34.3897,2016-12-15",
    "Tokyo,139.7671,35.6812,2016-12-16",
], "\n").encode("utf-8"), {
    "encoding": "utf_8", "delimiter": ",", "decimal": ".", "lines": [2, 3],
    "roles": {"title": "name", "longitude": "lat", "latitude": "lon", "date": "date"},
    "dayfirst": None, "ambiguous": False,
    "spot": [{"line": 2, "title": "Nagato", "start": "2016-12-15", "end": "2016-12-15", "precision": "day",
              "lat": 34.3897, "lon": 131.1825}],
})

XLSX_EXPECTED = {
    "encoding": None, "delimiter": None, "decimal": ".", "lines": [2, 3, 4, 6, 7], "sheet": "Sự kiện",
    "roles": {"id": "STT", "date": "Ngày", "title": "Sự kiện", "place": "Địa điểm", "latitude": "Vĩ độ",
              "longitude": "Kinh độ", "summary": "Ghi chú"},
    "dayfirst": True, "ambiguous": False,
    "spot": [{"line": 2, "title": "Tổng thống Putin đến Nagato", "start": "2016-12-15", "end": "2016-12-15",
              "precision": "day", "time": "18:10:00", "lat": 34.3897, "lon": 131.1825},
             {"line": 4, "title": "Họp báo chung", "start": "2016-12-16", "end": "2016-12-16",
              "precision": "day", "lat": 35.6786, "lon": 139.7449},
             {"line": 6, "title": "Hội nghị Yalta", "start": "1945-02-04", "end": "1945-02-04",
              "precision": "day"},
             {"line": 7, "title": "Chiến tranh thế giới thứ hai", "start": "1939-01-01", "end": "1945-12-31",
              "precision": "year"}],
}


def write_xlsx(path: Path) -> None:
    """A teacher's workbook: real date cells, a date typed as text, a formula, a blank row, two sheets."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sự kiện"
    sheet.append(["STT", "Ngày", "Sự kiện", "Địa điểm", "Vĩ độ", "Kinh độ", "Ghi chú"])
    sheet.append([1, datetime(2016, 12, 15, 18, 10), "Tổng thống Putin đến Nagato", "Nagato", 34.3897, 131.1825,
                  "=HYPERLINK(\"https://example.org\")"])
    sheet.append([2, datetime(2016, 12, 15), "Hội đàm tại Otani Sanso", "Nagato", 34.3712, 131.1836, None])
    sheet.append([3, "16/12/2016", "Họp báo chung", "Tokyo", 35.6786, 139.7449, "ngày ghi dạng chữ"])
    sheet.append([])
    sheet.append([4, "04/02/1945", "Hội nghị Yalta", "Yalta", 44.4678, 34.1436, None])
    sheet.append([5, "1939-1945", "Chiến tranh thế giới thứ hai", "Châu Âu", None, None, "=1+2"])
    sheet.column_dimensions["C"].width = 32
    book.create_sheet("Nguồn").append(["Nguồn", "Ghi chú"])
    fixed = datetime(2024, 1, 1)
    book.properties.created = book.properties.modified = fixed
    book.save(path)
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the .xlsx with fixed member times and docProps timestamps, so it is reproducible."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as src:
        members = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", data)
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (data, expected) in SAMPLES.items():
        (OUT / name).write_bytes(data)
        _write_expected(name, expected)
    write_xlsx(OUT / "classroom_vi.xlsx")
    _write_expected("classroom_vi.xlsx", XLSX_EXPECTED)


def _write_expected(name: str, expected: dict) -> None:
    text = json.dumps({"file": name, **expected}, ensure_ascii=False, indent=1) + "\n"
    (OUT / f"{name}.expected.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
