"""Automatic column mapping (geo/story/columns.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.story.columns import coordinate_of, coordinate_pair, fold_name, map_columns, parse_column_overrides
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
    assert {"en": "'Type' is TimelineJS's slide type, not a layer: the 'title' row gives the story's title and "
                  "'era' rows (periods) are left out — neither is an event",
            "vi": "'Type' là loại trang của TimelineJS, không phải lớp: dòng 'title' cho tiêu đề câu chuyện, các "
                  "dòng 'era' (thời kỳ) được bỏ qua — không dòng nào là sự kiện"} in mapping.notes
    assert mapping.slide_type == "Type" and mapping.usable


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


# Problems found by a user test (/tmp/sweep): each fails on the code before it.

def test_an_event_column_is_the_title_rather_than_a_persons_name():
    columns = ["Date", "Name", "Event", "City", "Country", "Latitude", "Longitude"]
    frame = pd.DataFrame([["2016-12-15", "Vladimir Putin", "Arrives in Nagato for summit", "Nagato", "Japan",
                           34.37, 131.18]], columns=columns)
    mapping = map_columns(columns, frame)
    assert mapping.roles["title"] == "Event" and "Name" in mapping.unused
    assert not any("id=" in text for text in mapping.explain("en"))
    assert mapping.explain("en")[-1] == "not used: 'Name'"  # 'Country' goes with 'City'
    assert mapping.explain("vi")[-1] == "không dùng: 'Name'"


@pytest.mark.parametrize("name", ["Event", "Headline", "What", "Sự kiện", "Événement", "Evento", "Ereignis"])
def test_words_for_what_happened_beat_name(name):
    assert map_columns(["Name", name, "date", "place"]).roles["title"] == name


def test_a_hint_never_makes_a_column_of_sentences_the_id():
    frame = pd.DataFrame({"Title": ["Nagato", "Tokyo"], "Event ids": ["Putin arrives in Nagato for the summit",
                                                                 "A joint press conference in Tokyo"],
                          "date": ["2016-12-15", "2016-12-16"], "place": ["Nagato", "Tokyo"]})
    assert not any("id=" in text for text in map_columns(frame.columns, frame).explain("en"))
    codes = pd.DataFrame({"Title": ["a", "b"], "Event ids": ["e1", "e2"], "date": ["1", "2"], "place": ["x", "y"]})
    assert any("--columns id=Event ids" in text for text in map_columns(codes.columns, codes).explain("en"))
    # a known name whose role is taken ('Event' beside 'Title') is not a near-miss of another role
    assert not any("id=" in text for text in map_columns(["Title", "Event", "date", "place"]).explain("en"))


@pytest.mark.parametrize("columns, roles", [
    (["Date", "Titre", "Lieu", "Latitude", "Longitude", "Description"],
     {"date": "Date", "title": "Titre", "place": "Lieu", "latitude": "Latitude", "longitude": "Longitude",
      "summary": "Description"}),
    (["Date de début", "Date de fin", "Événement", "Ville", "Heure", "Catégorie", "Lien"],
     {"date": "Date de début", "end_date": "Date de fin", "title": "Événement", "place": "Ville", "time": "Heure",
      "layer": "Catégorie", "url": "Lien"}),
    (["Fecha", "Título", "Lugar", "Descripción", "Latitud", "Longitud", "Fuente"],
     {"date": "Fecha", "title": "Título", "place": "Lugar", "summary": "Descripción", "latitude": "Latitud",
      "longitude": "Longitud", "source": "Fuente"}),
    (["Año", "Mes", "Día", "Título", "Ubicación"],
     {"year": "Año", "month": "Mes", "day": "Día", "title": "Título", "place": "Ubicación"}),
    (["Datum", "Titel", "Ort", "Beschreibung", "Breitengrad", "Längengrad", "Quelle"],
     {"date": "Datum", "title": "Titel", "place": "Ort", "summary": "Beschreibung", "latitude": "Breitengrad",
      "longitude": "Längengrad", "source": "Quelle"}),
    (["Année", "Mois", "Jour", "Titre", "Coordonnées"],
     {"year": "Année", "month": "Mois", "day": "Jour", "title": "Titre", "coordinates": "Coordonnées"}),
])
def test_french_spanish_and_german_headers(columns, roles):
    mapping = map_columns(columns)
    assert mapping.roles == roles and mapping.usable


@pytest.mark.parametrize("value, role, expected", [
    ("34.3706", "latitude", 34.3706), ("34,3706", "latitude", 34.3706), (34.3706, "latitude", 34.3706),
    ("34°22'14.2\"N", "latitude", 34.370611), ("34° 22.237' N", "latitude", 34.370617),
    ("35°41'22″N", "latitude", 35.689444), ("34º22'14\"S", "latitude", -34.370556),
    ("131°10'57.4\"E", "longitude", 131.182611), ("131°10'57.4\"W", "longitude", -131.182611),
    ("34°22'14.2\"N", "longitude", None), ("131°10'57.4\"E", "latitude", None),  # a compass letter of the other axis
    ("34°75'N", "latitude", None), ("north", "latitude", None), ("n/a", "latitude", None), ("", "latitude", None),
    ("abc 34°N", "latitude", None), ("34.", "latitude", 34.0), ("-.5", "longitude", -0.5),
    ("nan", "latitude", None),
])
def test_a_coordinate_in_degrees_minutes_and_seconds(value, role, expected):
    found = coordinate_of(value, role)
    assert (found if found is None else round(found, 6)) == expected


@pytest.mark.parametrize("value, expected", [
    ("34.3706, 131.1826", (34.3706, 131.1826)), ("34.3706 131.1826", (34.3706, 131.1826)),
    ("34,3706; 131,1826", (34.3706, 131.1826)), ("34,3706, 131,1826", (34.3706, 131.1826)),
    ("-34.5,-58.4", (-34.5, -58.4)), ("[21.03, 105.85]", (21.03, 105.85)),
    ("34°22'14.2\"N 131°10'57.4\"E", (34.370611, 131.182611)),
    ("34°22'14.2\"N, 131°10'57.4\"W", (34.370611, -131.182611)),
    ("Nagato", None), ("34.37", None), ("1, 2, 3", None),
])
def test_a_latitude_longitude_pair_in_one_column(value, expected):
    found = coordinate_pair(value)
    assert (found if found is None else tuple(round(n, 6) for n in found)) == expected


def test_degrees_minutes_seconds_are_checked_for_swapped_columns():
    frame = pd.DataFrame({"lat": ["131°10'57.4\"", "139°41'30\""], "lon": ["34°22'14.2\"", "35°41'22\""],
                          "date": ["2016", "2016"]})
    mapping = map_columns(frame.columns, frame)
    assert (mapping.roles["latitude"], mapping.roles["longitude"]) == ("lon", "lat")


def test_columns_nothing_reads_are_not_called_used():
    mapping = map_columns(TIMELINEJS + ["Location"])
    text = mapping.explain("en")
    assert "'Headline' looks like the title — used" in text
    for column, role in [("Media", "picture or video"), ("Media Credit", "picture credit"),
                         ("Media Caption", "picture caption"), ("Media Thumbnail", "thumbnail"),
                         ("Display Date", "date as displayed"), ("End Time", "end time")]:
        assert f"'{column}' looks like the {role}, which the story does not show — not used" in text
    assert "'Media' có vẻ là ảnh hoặc video, nhưng câu chuyện không hiển thị thông tin này — không dùng" \
        in mapping.explain("vi")
    assert text[-1] == "not used: 'Background'"  # 'Type' is named by its own note


def test_a_vietnamese_full_description_is_not_the_day_of_the_month():
    """"đầy" (full) folds to "day": "Mô tả đầy đủ" must not become the day column."""
    from geo.story.columns import map_columns

    mapping = map_columns(["Ngày", "Tiêu đề", "Mô tả đầy đủ"])
    assert "day" not in mapping.roles and mapping.roles["date"] == "Ngày"


@pytest.mark.parametrize("columns, date", [
    (["Timestamp", "Event", "Date of the event", "Location"], "Date of the event"),
    (["Dấu thời gian", "Tên sự kiện", "Thời gian diễn ra", "Địa điểm tổ chức"], "Thời gian diễn ra"),
    (["Horodateur", "Titre", "Date de l'événement", "Lieu"], "Date de l'événement"),
    (["Timestamp", "Event", "Place"], "Timestamp"),  # nothing else has a date: the form's time it is
])
def test_a_forms_time_stamp_is_the_date_only_when_nothing_else_is(columns, date):
    """Google Forms' first column is when the form was filled in, not when the event happened."""
    assert map_columns(columns).roles["date"] == date


def test_two_word_vietnamese_names_inside_longer_headers():
    roles = map_columns(["Tên sự kiện", "Ngày", "Địa điểm tổ chức", "Mô tả đầy đủ"]).roles
    assert roles == {"title": "Tên sự kiện", "date": "Ngày", "place": "Địa điểm tổ chức", "summary": "Mô tả đầy đủ"}


def test_records_with_their_own_shapes_lack_no_place():
    """A GIS file's features are placed by their geometry: no "add latitude and longitude" for them."""
    from shapely.geometry import Point

    frame = pd.DataFrame({"name": ["Nagato"], "date": ["2016-12-15"], "geometry": [Point(131.18, 34.37)]})
    assert map_columns(["name", "date"], frame).missing == []
    assert [m["en"][:9] for m in map_columns(["name", "date"], frame.drop(columns="geometry")).missing] == ["No place:"]


@pytest.mark.parametrize("columns, roles", [
    (["When", "Where", "What"], {"date": "When", "place": "Where", "title": "What"}),
    (["Thứ", "Ngày", "Điểm đến", "Hoạt động"], {"date": "Ngày", "place": "Điểm đến", "title": "Hoạt động"}),
    (["Timestamp", "Email Address", "Họ và tên", "Bạn đã đi đâu?", "Ngày đi", "Cảm nhận"],
     {"place": "Bạn đã đi đâu?", "date": "Ngày đi", "summary": "Cảm nhận"}),  # a Google Form's sheet
])
def test_headers_teachers_and_forms_write(columns, roles):
    """An email address is nobody's place ("Email Address" ends in "address")."""
    assert map_columns(columns).roles == roles
