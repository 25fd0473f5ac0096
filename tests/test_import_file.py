"""Files teachers already have, made stories (geo/story/import_file.py): every sample of
tests/import_samples/ becomes a story whose events have the spot-checked titles, dates and places,
or a located message; the story round-trips through YAML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.places.geocode import geocode_story
from geo.story.errors import StoryError
from geo.story.import_file import import_story
from geo.story.load import parse_story
from geo.story.yaml_writer import story_yaml_text

SAMPLES = Path(__file__).parent / "import_samples"
STORIES = sorted(p.name for p in SAMPLES.iterdir() if not p.name.endswith(".json") and p.name != "ambiguous_vi.csv"
                 and p.is_file())


def _import(name: str, **options):
    return import_story(name, (SAMPLES / name).read_bytes(), max_bytes=10_000_000, **options)


@pytest.mark.parametrize("name", STORIES)
def test_each_sample_becomes_a_story_with_the_spot_checked_events(name):
    expected = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    imported = _import(name)
    loaded = imported.loaded
    by_line = {loaded.position("events", i)[0]: event for i, event in enumerate(loaded.story.events)}
    unplaced = {u.line for u in imported.unplaced}
    events = geocode_story(loaded).set_index("id")
    for spot in expected["spot"]:
        if spot["line"] in unplaced:
            continue  # kept aside with its reason (a continent, no place column): checked below
        event = by_line[spot["line"]]
        if spot.get("title"):
            assert event.title.en == spot["title"]
        assert event.start.isoformat() == spot["start"], spot
        if spot.get("end") and spot["end"] != spot["start"]:
            assert event.end.isoformat() == spot["end"], spot
        assert event.date_precision == spot.get("precision", "day"), spot
        if "lat" in spot:
            point = events.loc[event.id, "geometry"]
            assert (round(point.y, 4), round(point.x, 4)) == (round(spot["lat"], 4), round(spot["lon"], 4)), spot
    assert all(u.reason["en"] and u.reason["vi"] for u in imported.unplaced)


def test_rows_off_the_map_say_why_in_both_languages():
    imported = _import("windows1252_ranges.csv")
    (aside,) = imported.unplaced
    assert aside.title == "The war in Europe" and aside.line == 5
    assert "'Europe' is not known offline" in aside.reason["en"] and "không tìm thấy" in aside.reason["vi"]


def test_ambiguous_day_month_order_is_asked_then_taken():
    with pytest.raises(StoryError) as caught:
        _import("ambiguous_vi.csv")
    assert "ambiguous_vi.csv:2: ngày: '05/09/2016' có thể là 2016-09-05 (ngày trước) hoặc 2016-05-09" in str(caught.value)
    assert [e.start.isoformat() for e in _import("ambiguous_vi.csv", dayfirst=True).loaded.story.events] == \
        ["2016-09-05", "2016-12-03", "2016-11-04"]
    assert [e.start.isoformat() for e in _import("ambiguous_vi.csv", dayfirst=False).loaded.story.events] == \
        ["2016-05-09", "2016-03-12", "2016-04-11"]


def test_the_column_mapping_can_be_changed():
    text = "Name,When,Lat,Lng,Also\nA,2016-12-15,21.0,105.8,1999-01-01\n".encode()
    assert import_story("t.csv", text).loaded.story.events[0].start.isoformat() == "2016-12-15"
    assert import_story("t.csv", text, columns={"date": "Also"}).loaded.story.events[0].start.isoformat() == "1999-01-01"


@pytest.mark.parametrize("name", ["newsroom.csv", "classroom_vi.xlsx", "timelinejs.csv"])
def test_an_imported_story_round_trips_through_a_yaml_story_file(name):
    imported = _import(name)
    again = parse_story(story_yaml_text(imported.loaded.story), "again.yaml")
    assert again.story == imported.loaded.story


def test_a_json_array_of_records_is_a_story_not_a_bad_geojson():
    records = [{"day": 7, "month": "December", "year": 1941, "latitude": 21.35, "longitude": -157.95,
                "event": "Pearl Harbor"},
               {"day": 6, "month": "August", "year": 1945, "latitude": 34.39, "longitude": 132.45, "event": "Hiroshima"}]
    story = import_story("ww2.json", json.dumps(records).encode()).loaded.story
    assert [(e.title.en, e.start.isoformat()) for e in story.events] == [("Pearl Harbor", "1941-12-07"),
                                                                        ("Hiroshima", "1945-08-06")]
    assert story.story.language == "en"


def test_a_geojson_feed_is_read_by_its_own_properties():
    """An earthquake feed: epoch milliseconds in 'time', the place in 'place', no story fields."""
    feed = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"mag": 7.8, "place": "Kaikoura, New Zealand", "time": 1479081600000,
                                           "title": "M 7.8 - Kaikoura"},
         "geometry": {"type": "Point", "coordinates": [173.02, -42.74, 15.1]}},
        {"type": "Feature", "properties": {"mag": 6.9, "place": "Fukushima, Japan", "time": 1479762000000,
                                           "title": "M 6.9 - Fukushima"},
         "geometry": {"type": "Point", "coordinates": [141.4, 37.35, 11.0]}}]}
    imported = import_story("quakes.geojson", json.dumps(feed).encode())
    events = imported.loaded.story.events
    assert [e.title.en for e in events] == ["M 7.8 - Kaikoura", "M 6.9 - Fukushima"]
    assert [e.start.isoformat() for e in events] == ["2016-11-14", "2016-11-21"]
    assert events[0].geometry.coordinates == [173.02, -42.74]


def test_a_file_without_dates_or_places_says_which_column_to_add():
    with pytest.raises(StoryError) as caught:
        import_story("notes.csv", "Tên,Ghi chú\nHà Nội,Thủ đô\n".encode())
    message = str(caught.value)
    assert "không có dòng nào đặt được lên bản đồ" in message and "ngày" in message.lower()


def test_the_preview_map_draws_the_land_around_the_dots():
    from geo.render.preview_map import land_within, preview_extent

    dots = [{"lon": 105.85, "lat": 21.03, "title": "Hà Nội"}, {"lon": 106.7, "lat": 10.78, "title": "Sài Gòn"}]
    west, south, east, north = preview_extent(dots)
    assert west < 105.85 and east > 106.7 and south < 10.78 and north > 21.03
    area = land_within(west, south, east, north)
    sea, *land = area["features"]
    assert sea["properties"]["sea"] and land and not any(f["properties"]["sea"] for f in land)
    import shapely.geometry

    assert all(shapely.geometry.shape(f["geometry"]).bounds[0] >= west - 1e-9 for f in land)


def test_a_storymap_becomes_a_story_whose_tour_follows_its_slides():
    imported = _import("knightlab/storymap_nagato.json", year=2016)
    story = imported.loaded.story
    assert story.story.title.en == "Putin in Japan"
    orders = [e.tour.order for e in story.events]
    assert orders == sorted(orders) and len(orders) == 3
    assert [u.title for u in imported.unplaced] == ["Phone call from the train"]


def test_a_timelinejs_json_becomes_a_story():
    story = _import("knightlab/timeline_nagato.json").loaded.story
    assert story.story.title.en == "Putin & Abe: two days"
    assert [e.start.isoformat() for e in story.events] == ["2016-12-15", "2016-12-16"]


@pytest.mark.parametrize(("name", "events", "first_day"), [
    ("gis/nagato_folders.kml", 3, "2016-12-15"), ("gis/visit.kmz", 2, "2016-12-15"),
    ("gis/visit_track.gpx", 5, "2016-12-15"), ("gis/visit.gpkg", 3, "2016-12-15"),
    ("gis/two_shapefiles.zip", 4, "2016-12-15"), ("gis/quakes.fgb", 2, "2016-12-15"),
    ("gis/prefectures.parquet", 2, "2016-12-15"), ("gis/quake_feed.geojson", 3, "2016-12-15"),
])
def test_gis_files_become_stories(name, events, first_day):
    story = _import(name).loaded.story
    assert len(story.events) == events
    assert min(e.start for e in story.events).isoformat() == first_day


def test_a_gpx_track_becomes_a_dated_line_a_day_beside_its_waypoints():
    story = _import("gis/visit_track.gpx").loaded.story
    lines = [e for e in story.events if e.geometry.type in ("LineString", "MultiLineString")]
    assert sorted(e.start.isoformat() for e in lines) == ["2016-12-15", "2016-12-16"]
    assert {e.layer for e in story.events} == {"waypoints", "tracks"}


def test_a_kml_that_only_links_to_an_online_map_says_how_to_download_it():
    with pytest.raises(StoryError, match="Export to KML/KMZ"):
        _import("gis/mymaps_networklink.kml")


def test_a_place_given_by_coordinates_keeps_its_name_from_the_table():
    from geo.places.geocode import geocode_story

    text = "title,date,place,lat,lon\nTalks,2016-12-15,Otani Sanso,34.3712,131.1836\nWalk,2016-12-16,,34.37,131.18\n"
    imported = import_story("t.csv", text.encode())
    events = geocode_story(imported.loaded).set_index("id")
    assert events.loc["talks", "place_en"] == "Otani Sanso"
    assert events.loc["walk", "place_vi"] == "34.3700°N, 131.1800°E"
    from geo.render.map_data import prepare_features

    feature = prepare_features(events.reset_index(), imported.loaded.story, "en")["talks"]
    assert feature["properties"]["sources"] == []  # no article to cite: a table's events rest on their file


@pytest.mark.parametrize("export", ["csv", "geojson"])
def test_an_imported_story_round_trips_through_the_apps_own_exports(export):
    from geo.render.export import csv_text, geojson_text

    imported = _import("newsroom.csv")
    events = geocode_story(imported.loaded)
    text = csv_text(events) if export == "csv" else geojson_text(events)
    again = import_story(f"again.{export}", text.encode())
    assert [e.title.en for e in again.loaded.story.events] == [e.title.en for e in imported.loaded.story.events]
    assert [e.start for e in again.loaded.story.events] == [e.start for e in imported.loaded.story.events]


def test_a_problem_in_a_file_of_records_names_the_record_not_a_line():
    """A GeoJSON feature's number is not a line of the file: the message says "feature 2"."""
    import json

    from geo.story.errors import StoryError
    from geo.story.import_file import import_story

    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [131.18, 34.37]},
                 "properties": {"title": title, "date": date}}
                for title, date in [("Nagato", "2016-12-15"), ("Somewhere", "03/04/2016")]]
    raw = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    try:
        import_story("places.geojson", raw)
    except StoryError as exc:  # 3 April or 4 March: the reader says which
        assert str(exc).startswith("places.geojson, feature 2: date: '03/04/2016' can be read as"), str(exc)
    else:
        raise AssertionError("a date read two ways was taken")


def test_a_row_whose_date_cannot_be_read_is_kept_aside_and_the_others_go_on():
    """One unreadable date does not stop a file: that row is not on the map, with the reason in the
    reader's language and in the other."""
    from geo.story.import_file import import_story

    raw = ("Ngày,Sự kiện,lat,lon\n15/12/2016,Nagato,34.37,131.18\ngiữa tháng,Không rõ,35.68,139.74\n"
           "16/12/2016,Tokyo,35.68,139.74\n").encode()
    imported = import_story("t.csv", raw, messages="en")
    assert [e.title.vi for e in imported.loaded.story.events] == ["Nagato", "Tokyo"]
    (aside,) = imported.unplaced
    assert (aside.line, aside.title) == (3, "Không rõ")
    assert aside.reason["en"] == "Ngày: 'giữa tháng' is not a date this app can read (try 2016-12-15 or 15 December 2016)"
    assert aside.reason["vi"].startswith("Ngày: 'giữa tháng' không phải là ngày tháng đọc được")


def test_json_cut_short_says_so():
    from geo.story.errors import StoryError
    from geo.story.import_file import import_story

    whole = '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"title": "A"}, '
    try:
        import_story("cut.geojson", whole.encode())
    except StoryError as exc:
        assert "the file ends too soon, as if cut short" in str(exc), str(exc)
    else:
        raise AssertionError("a cut file was taken")


def test_a_tables_utc_offsets_set_the_storys_time_zone_and_each_events_day():
    from geo.story.import_file import import_story

    table = ("date,title,lat,lon\n2016-12-15T10:00:00+09:00,Nagato,34.37,131.18\n"
             "2016-12-16T14:00:00+09:00,Tokyo,35.68,139.69\n2016-12-15T23:30:00-05:00,New York,40.71,-74.01\n")
    imported = import_story("times.csv", table.encode())
    story = imported.loaded.story
    assert story.story.timezone == "Etc/GMT-9"  # UTC+09:00, the offset most times give
    new_york = next(e for e in story.events if e.title.en == "New York")
    assert (str(new_york.start), new_york.time) == ("2016-12-16", "13:30")  # its day in that zone
    assert any("UTC+09:00" in note["en"] for note in imported.notes)


def test_a_tables_own_geometry_column_of_wkt_places_its_rows():
    """geopandas writes a CSV's shapes as WKT in a column named "geometry": that is text to read,
    not a GIS reader's shapes (it used to stop the import with an AttributeError)."""
    from geo.story.import_file import import_story

    raw = ("title,date,geometry\nNagato,2016-12-15,POINT (131.18 34.37)\n"
           "Kurils,2016-12-16,\"POLYGON ((145 43, 148 43, 148 45, 145 45, 145 43))\"\n").encode()
    imported = import_story("shapes.csv", raw)
    assert imported.mapping.roles["wkt"] == "geometry"
    assert [e.geometry.type for e in imported.loaded.story.events] == ["Point", "Polygon"]


def test_a_file_whose_columns_say_nothing_is_refused_naming_them():
    """No column reads as a date or a place: the message lists the file's columns to choose from."""
    from geo.story.errors import StoryError
    from geo.story.import_file import import_story

    with pytest.raises(StoryError, match=r"the file's columns: 'Khi', 'Chỗ', 'Việc'$"):
        import_story("t.csv", "Khi,Chỗ,Việc\n15/12/2016,Nagato,Họp\n".encode(), messages="en")


def test_a_header_without_rows_and_a_timelinejs_sheet_without_places_are_said_plainly():
    from geo.story.errors import StoryError
    from geo.story.import_file import import_story

    with pytest.raises(StoryError, match="the file has a header row but no rows of data"):
        import_story("t.csv", "Ngày,Sự kiện,Địa điểm\n".encode(), messages="en")
    sheet = ("Year,Month,Day,Headline,Text,Type\n2016,,,Putin and Abe,Two days,title\n"
             "2016,12,15,Nagato,Talks begin,\n").encode()
    with pytest.raises(StoryError, match="a TimelineJS sheet has no places: add a column 'Location'") as err:
        import_story("timeline.csv", sheet, messages="en")
    assert "No place:" not in str(err.value)


def test_what_the_date_column_decided_is_told_in_both_languages():
    """The order read from the column, and Excel day numbers among written dates, reach the reader."""
    from geo.story.import_file import import_story

    raw = "Ngày,Sự kiện,lat,lon\n15/12/2016,Nagato,34.37,131.18\n42720,Tokyo,35.68,139.74\n".encode()
    notes = import_story("t.csv", raw).notes
    assert {"en": "the column reads day first: '15/12/2016' shows it",
            "vi": "cột ghi ngày trước: '15/12/2016' cho thấy điều đó"} in notes
    assert any(n["en"].startswith("1 value(s) are Excel day numbers (e.g. 42720 is 2016-12-16)") for n in notes)
