"""Automatic column mapping (geo/story/columns.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.story.columns import fold_name, map_columns, parse_column_overrides
from geo.story.errors import StoryError

TIMELINEJS = ["Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date",
              "Headline", "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group",
              "Background"]


@pytest.mark.parametrize("name, role", [
    ("date", "date"), ("Date", "date"), ("Start Date", "date"), ("start_date", "date"), ("START-DATE", "date"),
    ("event_date", "date"), ("eventDate", "date"), ("Ngày bắt đầu", "date"), ("ngay bat dau", "date"),
    ("Thời gian", "date"), ("End date", "end_date"), ("Ngày kết thúc", "end_date"),
    ("lat", "latitude"), ("Latitude", "latitude"), ("y_lat", "latitude"), ("Vĩ độ", "latitude"),
    ("decimalLatitude", "latitude"), ("long", "longitude"), ("lng", "longitude"), ("lon", "longitude"),
    ("Longitude", "longitude"), ("Kinh độ", "longitude"), ("x_lon", "longitude"),
    ("Headline", "title"), ("title", "title"), ("Tiêu đề", "title"), ("Sự kiện", "title"), ("Event name", "title"),
    ("Description", "summary"), ("Text", "summary"), ("Notes", "summary"), ("Mô tả", "summary"),
    ("Nội dung", "summary"), ("Địa điểm", "place"), ("Location", "place"), ("City", "place"),
    ("country", "place"), ("Nhóm", "layer"), ("Category", "layer"), ("Loại", "layer"), ("Group", "layer"),
    ("URL", "url"), ("Link", "url"), ("Source", "source"), ("Nguồn", "source"), ("ID", "id"), ("STT", "id"),
    ("WKT", "wkt"), ("geometry", "wkt"), ("Tọa độ", "coordinates"), ("Media", "media"), ("Time", "time"),
])
def test_one_name_and_its_role(name, role):
    frame = pd.DataFrame({name: ["18:10"]}) if role == "time" else None
    columns = [name] if role != "time" else [name, "date"]
    assert map_columns(columns, frame).roles.get(role) == name


@pytest.mark.parametrize("a, b", [("Start Date", "start_date"), ("Ngày bắt đầu", "NGAY_BAT_DAU"),
                                  ("Vĩ độ", "vi-do"), ("Địa điểm", "dia diem")])
def test_names_are_folded(a, b):
    assert fold_name(a) == fold_name(b)


def test_timelinejs_template():
    mapping = map_columns(TIMELINEJS + ["Location"])
    assert mapping.roles == {
        "year": "Year", "month": "Month", "day": "Day", "time": "Time", "end_year": "End Year",
        "end_month": "End Month", "end_day": "End Day", "end_time": "End Time", "display_date": "Display Date",
        "title": "Headline", "summary": "Text", "media": "Media", "media_credit": "Media Credit",
        "media_caption": "Media Caption", "media_thumbnail": "Media Thumbnail", "layer": "Group",
        "place": "Location"}
    assert mapping.unused == ["Type", "Background"]
    assert {"en": "'Type' is TimelineJS's slide type (title, era), not a layer — not used",
            "vi": "'Type' là loại trang của TimelineJS (title, era), không phải lớp — không dùng"} in mapping.notes
    assert mapping.usable


def test_timelinejs_without_a_place_says_what_to_add():
    mapping = map_columns(TIMELINEJS)
    assert not mapping.usable
    assert mapping.missing == [{
        "en": "No place: add columns 'lat' and 'lon' (e.g. 35.68 and 139.69), or a column 'place' with place names",
        "vi": "Thiếu địa điểm: hãy thêm cột 'vĩ độ' và 'kinh độ' (ví dụ 35.68 và 139.69), hoặc cột 'địa điểm' "
              "ghi tên nơi chốn"}]


@pytest.mark.parametrize("lang, expected", [
    ("en", ["'Headline' looks like the title — used", "'lat'/'long' look like latitude/longitude — used",
            "'event_date' looks like the date — used"]),
    ("vi", ["'Headline' có vẻ là tiêu đề — đã dùng", "'lat'/'long' có vẻ là vĩ độ/kinh độ — đã dùng",
            "'event_date' có vẻ là ngày — đã dùng"]),
])
def test_every_guess_is_explained_in_both_languages(lang, expected):
    mapping = map_columns(["Headline", "lat", "long", "event_date"])
    assert mapping.explain(lang) == expected
    assert [g.how for g in mapping.guesses] == ["name", "name", "name"]


def test_a_word_inside_a_longer_name_loses_to_a_whole_name():
    mapping = map_columns(["Link to source", "Source", "Event name", "Display Date", "date"])
    assert mapping.roles == {"url": "Link to source", "source": "Source", "title": "Event name",
                             "display_date": "Display Date", "date": "date"}


@pytest.mark.parametrize("columns, roles", [
    (["Năm", "Tháng", "Ngày", "Sự kiện"], {"year": "Năm", "month": "Tháng", "day": "Ngày", "title": "Sự kiện"}),
    (["Ngày", "Sự kiện", "Nơi"], {"date": "Ngày", "title": "Sự kiện", "place": "Nơi"}),
    (["Day", "Event"], {"date": "Day", "title": "Event"}),
    (["time", "latitude", "longitude", "mag"], {"date": "time", "latitude": "latitude", "longitude": "longitude"}),
])
def test_day_and_time_columns_depend_on_their_neighbours(columns, roles):
    assert map_columns(columns).roles == roles


def test_values_correct_a_day_column_holding_whole_dates():
    frame = pd.DataFrame({"Year": ["", ""], "Day": ["15/12/2016", "16/12/2016"]})
    frame = frame.drop(columns="Year")
    mapping = map_columns(["Day"], frame)
    assert mapping.roles == {"date": "Day"}


def test_swapped_coordinates_are_swapped_back_with_a_note():
    frame = pd.DataFrame({"lat": ["131,1825", "139.7671"], "lon": ["34,3897", "35.6812"], "date": ["2016", "2016"]})
    mapping = map_columns(frame.columns, frame)
    assert (mapping.roles["latitude"], mapping.roles["longitude"]) == ("lon", "lat")
    assert mapping.notes == [{
        "en": "'lat' has values beyond ±90 (e.g. 139.767) while 'lon' stays within ±90: the two look swapped — "
              "'lon' is used as latitude and 'lat' as longitude",
        "vi": "'lat' có giá trị vượt quá ±90 (ví dụ 139.767) còn 'lon' nằm trong ±90: hai cột có vẻ bị đảo — "
              "dùng 'lon' làm vĩ độ và 'lat' làm kinh độ"}]
    assert mapping.explain("en")[0] == "'lat' is used as the longitude, from its values"


def test_projected_coordinates_become_x_and_y():
    frame = pd.DataFrame({"lat": [4_000_000.0], "lon": [500_000.0], "date": ["2016"]})
    mapping = map_columns(frame.columns, frame)
    assert (mapping.roles.get("x"), mapping.roles.get("y")) == ("lon", "lat") and "latitude" not in mapping.roles
    assert "projected" in mapping.notes[0]["en"] and "tọa độ phẳng" in mapping.notes[0]["vi"]
    assert mapping.usable


def test_out_of_range_values_are_noted():
    frame = pd.DataFrame({"lat": [95.0, 10.0], "lon": [120.0, 100.0], "place": ["a", "b"], "date": ["1", "2"]})
    mapping = map_columns(frame.columns, frame)
    assert mapping.notes[0]["en"] == "'lat' has values outside the range of a latitude (e.g. 95)"


@pytest.mark.parametrize("lang, text", [
    ("en", "'Lattitude' was not used: did you mean 'latitude' (latitude)? Rename the column, or choose it: "
           "--columns lat=Lattitude"),
    ("vi", "'Lattitude' chưa được dùng: có phải bạn muốn ghi 'latitude' (vĩ độ)? Hãy đổi tên cột, hoặc chọn nó: "
           "--columns lat=Lattitude"),
])
def test_near_misses_are_named_in_both_languages(lang, text):
    mapping = map_columns(["Title", "Lattitude", "Longtitude", "Date"])
    assert [n[lang] for n in mapping.notes][0] == text
    assert len(mapping.notes) == 2 and mapping.unused == ["Lattitude", "Longtitude"]


@pytest.mark.parametrize("columns, missing_en", [
    (["title", "place"], ["No date: add a column named 'date' (e.g. 2016-12-15), or 'year' (with 'month' and "
                          "'day' if you have them)"]),
    (["title", "date", "lat"], ["'lat' is the latitude, but there is no longitude column: add one named 'lon'"]),
    (["title", "date", "x"], ["'x' is the x coordinate, but there is no y coordinate column: add one named 'y'"]),
    (["title", "date", "wkt"], []), (["year", "place"], []), (["date", "coordinates"], []),
])
def test_what_is_missing(columns, missing_en):
    assert [m["en"] for m in map_columns(columns).missing] == missing_en


def test_missing_in_vietnamese():
    (missing,) = map_columns(["tiêu đề", "ngày", "vĩ độ"]).missing
    assert missing["vi"] == "'vĩ độ' là vĩ độ, nhưng thiếu cột kinh độ: hãy thêm cột tên 'lon'"


@pytest.mark.parametrize("text, expected", [
    ("date=event_date,lat=latitude", {"date": "event_date", "latitude": "latitude"}),
    ("=event_date", None),
    ("lon=Longitude, headline=Tên", {"longitude": "Longitude", "title": "Tên"}),
    ('"title=Name, full",end date=until', {"title": "Name, full", "end_date": "until"}),
    ("Date = event_date", {"date": "event_date"}),
    ("place=", {"place": None}),
    ("", {}),
])
def test_parse_column_overrides(text, expected):
    if expected is None:
        with pytest.raises(StoryError):
            parse_column_overrides(text)
    else:
        assert parse_column_overrides(text) == expected


@pytest.mark.parametrize("text, columns, lang, message", [
    ("when=event_date", None, "en", "--columns: 'when' is not a column role; the roles are: id, title, summary"),
    ("khi=event_date", None, "vi", "--columns: 'khi' không phải là vai trò của cột; các vai trò là: id, title"),
    ("date", None, "en", "--columns: 'date' should be written role=column, e.g. date=event_date"),
    ("date=evnt_date", ["event_date", "lat"], "en",
     "--columns: there is no column 'evnt_date' (for date); the columns are: event_date, lat"),
    ("date=evnt_date", ["event_date", "lat"], "vi",
     "--columns: không có cột 'evnt_date' (cho ngày); các cột là: event_date, lat"),
])
def test_override_errors_are_clear(text, columns, lang, message):
    with pytest.raises(StoryError) as err:
        parse_column_overrides(text, columns, lang=lang)
    assert str(err.value).startswith(message)


def test_override_columns_match_without_case_or_accents():
    assert parse_column_overrides("date=NGAY", ["Ngày", "Tiêu đề"]) == {"date": "Ngày"}


def test_overrides_win_over_guesses():
    columns = ["date", "event_date", "latitude", "Lon", "place"]
    overrides = parse_column_overrides("date=event_date,lng=Lon,place=", columns)
    mapping = map_columns(columns, overrides=overrides)
    assert mapping.roles == {"date": "event_date", "latitude": "latitude", "longitude": "Lon"}
    assert mapping.unused == ["date", "place"]
    assert mapping.explain("en")[0] == "'event_date' is the date, as you chose"
    assert mapping.explain("vi")[0] == "'event_date' là ngày, theo lựa chọn của bạn"


def test_an_override_naming_a_missing_column_is_a_story_error():
    with pytest.raises(StoryError, match="there is no column 'nope'"):
        map_columns(["date"], overrides={"date": "nope"})
