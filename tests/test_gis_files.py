"""Reading GIS files as records (geo/story/gis_files.py, gis_layers.py): the samples of
tests/import_samples/gis/ (binary ones written by scripts/make_gis_samples.py), spot-checked."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from geo.story.errors import StoryError
from geo.story.gis_files import detect_gis_kind, read_gis_file

GIS = Path(__file__).resolve().parent / "import_samples" / "gis"


def _read(name: str, **options):
    return read_gis_file((GIS / name).read_bytes(), name, **options)


def _xy(shape) -> tuple[float, float]:
    return round(shape.x, 4), round(shape.y, 4)


def _en(records) -> str:
    return " | ".join(note["en"] for note in records.notes)


def test_every_sample_is_tested_here():
    text = Path(__file__).read_text(encoding="utf-8")
    assert sorted(p.name for p in GIS.iterdir() if p.name not in text) == []


def test_earthquake_feed_keeps_epoch_milliseconds_and_properties():
    records = _read("quake_feed.geojson")
    frame = records.frame
    assert records.kind == "geojson" and frame.index.name == "record"
    assert frame.index.tolist() == [1, 2, 3]
    assert frame.loc[1, "time"] == 1481788800000 and frame.loc[3, "time"] == 1481932800000
    assert frame.loc[2, "place"] == "Off the coast of Honshu" and frame.loc[2, "mag"] == 5.1
    assert frame.loc[1, "id"] == "q1"
    assert _xy(frame.loc[1, "geometry"]) == (130.8812, 34.1234)
    assert not frame.loc[1, "geometry"].has_z  # the depth is not a map coordinate
    assert list(frame.columns)[-1] == "geometry"


def test_country_polygons_with_a_date_and_a_feature_without_geometry():
    records = _read("country_outlines.json")
    frame = records.frame
    assert frame["date"].tolist() == ["1991-12-26", "2/9/1945", "1975"]
    assert frame.loc[1, "geometry"].geom_type == "Polygon"
    assert frame.loc[2, "geometry"].geom_type == "MultiPolygon"
    assert frame.loc[3, "geometry"] is None
    assert frame.loc[2, "name_vi"] == "Hai Đảo"
    assert round(frame.loc[1, "geometry"].area, 4) == 4.0


def test_a_json_named_file_is_told_by_its_content():
    raw = (GIS / "quake_feed.geojson").read_bytes()
    assert detect_gis_kind(raw) == "geojson"
    assert read_gis_file(raw, "feed.json").kind == "geojson"
    assert detect_gis_kind(b'{"events": []}') is None
    assert detect_gis_kind(b"Year,Month\n2016,12\n") is None
    assert detect_gis_kind((GIS / "nagato_folders.kml").read_bytes()) == "kml"
    assert detect_gis_kind((GIS / "visit_track.gpx").read_bytes()) == "gpx"
    with pytest.raises(StoryError, match="not a GIS file"):
        read_gis_file(b'[{"title": "x"}]', "records.geojson")


def test_kml_folders_become_a_layer_column_and_times_begin_end():
    records = _read("nagato_folders.kml")
    frame = records.frame
    assert records.kind == "kml" and frame.index.tolist() == [1, 2, 3]
    assert frame["Name"].tolist() == ["Otani Sanso", "Kantei", "Nagato to Tokyo"]
    assert frame["layer"].tolist() == ["Talks", "Talks", "Travel"]
    assert frame.loc[1, "begin"] == "2016-12-15T18:10:00+09:00"  # TimeStamp, with its offset
    assert (frame.loc[2, "begin"], frame.loc[2, "end"]) == ("2016-12-16", "2016-12-17")  # TimeSpan, dates
    assert frame.loc[3, "begin"] == "2016-12-16" and pd.isna(frame.loc[3, "end"])
    assert frame.loc[1, "description"] == "Talks at the onsen inn.\nDinner & more talks."  # HTML made plain
    assert frame.loc[2, "source"] == "https://example.org/kantei"  # ExtendedData
    assert _xy(frame.loc[2, "geometry"]) == (139.7414, 35.6731)
    assert frame.loc[3, "geometry"].geom_type == "LineString"
    assert not {"altitudeMode", "tessellate", "drawOrder", "timestamp"} & set(frame.columns)
    assert "Talks, Travel" in _en(records)


def test_a_kml_with_a_folder_per_day_dates_each_placemark_by_its_folder():
    """Teachers file placemarks in My Maps folders named by their day: those are the dates."""
    from geo.story.import_file import import_story

    records = _read("folder_per_day_vi.kml")
    assert records.frame["date"].tolist() == ["15/12/2016", "15/12/2016", "16/12/2016"]
    assert "layer" not in records.frame.columns  # the days are not layers
    assert "each placemark takes its folder's day" in _en(records)
    story = import_story("folder_per_day_vi.kml", (GIS / "folder_per_day_vi.kml").read_bytes()).loaded.story
    assert [str(e.start) for e in story.events] == ["2016-12-15", "2016-12-15", "2016-12-16"]
    # folders that are not days stay layers, and placemarks with times keep them
    assert "date" not in _read("nagato_folders.kml").frame.columns


def test_kmz_reads_the_kml_inside():
    records = _read("visit.kmz")
    frame = records.frame
    assert records.kind == "kml"
    assert frame["Name"].tolist() == ["Nagato", "Sân bay Haneda"]
    assert frame["layer"].tolist() == ["Hội đàm", "Di chuyển"]
    assert (frame.loc[1, "begin"], frame.loc[1, "end"]) == ("2016-12-15", "2016-12-16")
    assert frame.loc[2, "begin"] == "2016-12-16T21:05:00+09:00"
    assert frame.loc[1, "description"] == "Hội đàm tại suối nước nóng"
    assert _xy(frame.loc[2, "geometry"]) == (139.7798, 35.5494)
    assert "doc.kml" in _en(records)


def test_a_network_link_kml_says_how_to_download_the_map():
    with pytest.raises(StoryError) as caught:
        _read("mymaps_networklink.kml")
    message = str(caught.value)
    assert "only links to an online map" in message
    assert "Export to KML/KMZ" in message and "Keep data up to date" in message
    assert "https://www.google.com/maps/d/kml?mid=EXAMPLE-map-id&forcekml=1" in message
    with pytest.raises(StoryError) as caught:
        _read("mymaps_networklink.kml", lang="vi")
    message = str(caught.value)
    assert "chỉ liên kết tới một bản đồ trực tuyến" in message
    assert "Xuất sang KML/KMZ" in message and "bỏ chọn" in message


def test_a_network_link_in_a_kmz_too():
    kml = (GIS / "mymaps_networklink.kml").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("doc.kml", kml)
    with pytest.raises(StoryError, match="only links to an online map"):
        read_gis_file(out.getvalue(), "map.kmz")


def test_gpx_waypoints_and_a_track_split_into_two_dated_lines():
    records = _read("visit_track.gpx")
    frame = records.frame
    assert records.kind == "gpx" and frame.index.tolist() == [1, 2, 3, 4, 5]
    waypoints = frame[frame["layer"] == "waypoints"]
    assert waypoints["name"].tolist() == ["Ube airport", "Otani Sanso", "Kantei"]
    # written in UTC, read at the local time of their longitude (Japan: UTC+9)
    assert waypoints["time"].tolist() == ["2016-12-15T15:00:00+09:00", "2016-12-15T18:10:00+09:00",
                                          "2016-12-16T11:30:00+09:00"]
    assert waypoints.loc[1, "desc"] == "Landing"
    assert _xy(waypoints.loc[2, "geometry"]) == (131.1829, 34.3711)
    tracks = frame[frame["layer"] == "tracks"]
    assert tracks["name"].tolist() == ["Motorcade", "Motorcade"]
    assert [t[:10] for t in tracks["time"]] == ["2016-12-15", "2016-12-16"]
    first, second = tracks["geometry"].tolist()
    assert first.geom_type == second.geom_type == "LineString"
    assert [(round(x, 4), round(y, 4)) for x, y in first.coords] == [(131.2786, 33.93), (131.23, 34.15),
                                                                     (131.1829, 34.3711)]
    assert len(second.coords) == 3 and _xy(second.interpolate(1, normalized=True)) == (131.2786, 33.93)
    assert "split by day (local time) into 2 line(s)" in _en(records)
    assert "local time of its longitude (here UTC+09:00)" in _en(records)


def test_gpx_routes_undated_tracks_and_one_point_days():
    gpx = b"""<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">
    <rte><name>Plan</name><rtept lat="34" lon="131"/><rtept lat="35" lon="132"/></rte>
    <trk><name>A</name><trkseg><trkpt lat="34" lon="131"/><trkpt lat="34.5" lon="131.5"/></trkseg>
      <trkseg><trkpt lat="35" lon="131"/><trkpt lat="35.5" lon="131.5"/></trkseg></trk>
    <trk><name>B</name><trkseg><trkpt lat="34" lon="131"><time>2016-12-15T10:00:00Z</time></trkpt></trkseg></trk>
    </gpx>"""
    frame = read_gis_file(gpx, "t.gpx").frame
    assert frame["name"].tolist() == ["Plan", "A", "B"]
    assert frame["layer"].tolist() == ["routes", "tracks", "tracks"]
    assert [g.geom_type for g in frame["geometry"]] == ["LineString", "MultiLineString", "Point"]
    assert pd.isna(frame.loc[2, "time"]) and frame.loc[3, "time"] == "2016-12-15T19:00:00+09:00"


def test_gpx_days_begin_at_the_places_own_midnight():
    """A Tokyo morning is written the evening before in UTC: it is dated on its own day, and a track
    through the local midnight is cut there, not at UTC's (9 in the morning in Tokyo)."""
    gpx = b"""<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">
    <wpt lat="35.6731" lon="139.7414"><name>Kantei</name><time>2016-12-15T23:30:00Z</time></wpt>
    <wpt lat="40.7" lon="-74.0"><name>New York</name><time>2016-12-16T03:00:00Z</time></wpt>
    <trk><name>Night drive</name><trkseg>
      <trkpt lat="35.60" lon="139.70"><time>2016-12-15T14:00:00Z</time></trkpt>
      <trkpt lat="35.65" lon="139.72"><time>2016-12-15T14:50:00Z</time></trkpt>
      <trkpt lat="35.67" lon="139.74"><time>2016-12-15T15:10:00Z</time></trkpt>
      <trkpt lat="35.70" lon="139.76"><time>2016-12-15T16:00:00Z</time></trkpt>
    </trkseg></trk></gpx>"""
    frame = read_gis_file(gpx, "night.gpx").frame
    assert frame["time"].tolist() == ["2016-12-16T08:30:00+09:00", "2016-12-15T22:00:00-05:00",
                                      "2016-12-15T23:00:00+09:00", "2016-12-16T00:10:00+09:00"]
    assert [len(g.coords) for g in frame["geometry"][2:]] == [2, 2]  # cut at Tokyo's midnight


def test_zipped_shapefiles_all_read_and_reprojected_from_utm_and_mercator():
    records = _read("two_shapefiles.zip")
    frame = records.frame
    assert records.kind == "shapefile" and frame.index.tolist() == [1, 2, 3, 4]
    assert frame["layer"].tolist() == ["nagato_utm52", "nagato_utm52", "tokyo_mercator", "tokyo_mercator"]
    assert frame["name"].tolist() == ["Sân bay Ube", "Nagato", "Kantei", "Haneda"]  # UTF-8 .dbf (.cpg)
    assert [_xy(g) for g in frame["geometry"]] == [(131.2786, 33.93), (131.1829, 34.3711),
                                                   (139.7414, 35.6731), (139.7798, 35.5494)]
    notes = _en(records)
    assert "EPSG:32652 (WGS 84 / UTM zone 52N)" in notes and "EPSG:3857" in notes


def test_a_shapefile_without_prj_in_lon_lat_is_taken_as_such_with_a_note():
    records = _read("lonlat_no_prj.zip")
    assert [_xy(g) for g in records.frame["geometry"]] == [(139.7414, 35.6731), (139.7798, 35.5494)]
    assert "taken as longitude/latitude" in _en(records)


def test_a_shapefile_without_prj_in_metres_is_a_problem():
    with pytest.raises(StoryError, match=r"not longitude/latitude .*add the \.prj file"):
        _read("metres_no_prj.zip")
    with pytest.raises(StoryError, match="không phải kinh độ/vĩ độ"):
        _read("metres_no_prj.zip", lang="vi")


def test_a_geojson_in_metres_is_a_problem():
    feature = {"type": "Feature", "properties": {"name": "x"},
               "geometry": {"type": "Point", "coordinates": [386096.1, 3948421.1]}}
    with pytest.raises(StoryError, match=r"\(386096.1, 3948421.1\) are not longitude/latitude"):
        read_gis_file(json.dumps(feature).encode(), "metres.geojson")


def test_a_zip_without_a_shapefile_and_a_shapefile_without_its_parts():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("places.shp", (GIS / "two_shapefiles.zip").read_bytes()[:10])
    with pytest.raises(StoryError, match=r"'places' lacks its \.shx, \.dbf"):
        read_gis_file(out.getvalue(), "places.zip")
    with zipfile.ZipFile(out := io.BytesIO(), "w") as archive:
        archive.writestr("readme.txt", "x")
    with pytest.raises(StoryError, match="not a GIS file"):
        read_gis_file(out.getvalue(), "places.zip")


def test_geopackage_layers_with_geometry_only():
    records = _read("visit.gpkg")
    frame = records.frame
    assert records.kind == "gpkg" and frame.index.tolist() == [1, 2, 3]
    assert frame["layer"].tolist() == ["stops", "stops", "roads"]
    assert frame["date"].tolist() == ["15/12/2016", "15/12/2016", "2016-12-16"]
    assert frame.loc[3, "geometry"].geom_type == "LineString"
    assert "layer 'notes' has no geometry" in _en(records)


def test_flatgeobuf_keeps_its_dates_as_written():
    records = _read("quakes.fgb")
    frame = records.frame
    assert records.kind == "flatgeobuf" and "layer" not in frame.columns
    assert frame["when"].tolist() == ["2016-12-15T08:00:00Z", "2016-12-16T02:20:00Z"]
    assert frame["place"].tolist() == ["Off Yamaguchi", "Off Honshu"]
    assert _xy(frame.loc[2, "geometry"]) == (141.2345, 37.6789)


def test_geoparquet_reprojected_from_a_japanese_plane_system():
    records = _read("prefectures.parquet")
    frame = records.frame
    assert records.kind == "geoparquet"
    assert frame["event"].tolist() == ["Talks", "Press conference"]
    bounds = [round(b, 4) for b in frame.loc[1, "geometry"].bounds]
    assert bounds == [130.8, 33.8, 132.2, 34.8]
    assert "EPSG:6677" in _en(records)


def test_a_parquet_without_geometry_is_refused_plainly():
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = io.BytesIO()
    pq.write_table(pa.table({"title": ["x"]}), out)
    with pytest.raises(StoryError, match="no geometry"):
        read_gis_file(out.getvalue(), "table.parquet")


def test_size_limits_are_the_callers():
    raw = (GIS / "quake_feed.geojson").read_bytes()
    with pytest.raises(StoryError, match=f"the file is {len(raw):,} bytes; the limit is 1,000 bytes"):
        read_gis_file(raw, "feed.geojson", max_bytes=1000)
    with pytest.raises(StoryError, match="more than 2 features"):
        read_gis_file(raw, "feed.geojson", max_records=2)
    with pytest.raises(StoryError, match="more than 2 features"):
        _read("two_shapefiles.zip", max_records=2)
    assert len(read_gis_file(raw, "feed.geojson", max_records=3).frame) == 3


def test_a_zip_that_unpacks_too_far_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.shp", b"\0" * 2_000_000)
    with pytest.raises(StoryError, match="unpacks to 2,000,000 bytes"):
        read_gis_file(out.getvalue(), "big.zip", max_bytes=100_000)


@pytest.mark.parametrize("raw", [b"", b"   ", b"<kml><Document><Placemark>", b"SQLite format 3\x00broken",
                                 b"fgb\x03\x00\x00", b'{"type": "FeatureCollection", "features": [{"type": "Feat'])
def test_damaged_files_are_plain_story_errors(raw):
    with pytest.raises(StoryError) as caught:
        read_gis_file(raw, "broken")
    assert "vsimem" not in str(caught.value) and "pyogrio" not in str(caught.value)
    if raw.strip():
        assert "may be damaged" in str(caught.value) or "no features" in str(caught.value)


def test_nothing_is_written_to_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("visit.gpkg", "two_shapefiles.zip", "visit.kmz", "quakes.fgb", "prefectures.parquet"):
        _read(name)
    assert list(tmp_path.iterdir()) == []


# Google My Maps exports: the author's columns (ExtendedData) named as typed, in any language, and
# placemarks dated by the field, or by their TimeStamp/TimeSpan when the field is empty.
MYMAPS = GIS / "kml_mymaps_vi.kml"  # the date in a field "Ngày"; a TimeStamp, a TimeSpan, no date at all


def _kml(*placemarks: str, schema: str = "") -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            f'{schema}<Folder><name>Map</name>{"".join(placemarks)}</Folder></Document></kml>').encode()


def _placemark(name: str, inner: str = "", lon: float = 139.69) -> str:
    return f"<Placemark><name>{name}</name>{inner}<Point><coordinates>{lon},35.68,0</coordinates></Point></Placemark>"


def _kmz(kml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", kml)
        archive.writestr("images/icon-1.png", b"\x89PNG")
    return out.getvalue()


def _events(raw: bytes, name: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    from geo.story.import_file import import_story

    story = import_story(name, raw).loaded.story
    return {e.title.en: (e.start and e.start.isoformat(), e.end and e.end.isoformat(), e.time) for e in story.events}


def test_kml_extended_data_keeps_the_names_the_file_writes():
    """GDAL's LIBKML driver would read <Data name="Ngày"> as a column 'Ng__y', which no one recognises
    as a date: the column keeps its name, the field is the date of the story's events."""
    schema = ('<Schema name="s" id="s"><SimpleField name="Thời gian" type="string"/>'
              '<SimpleField name="Lieu d\'événement" type="string"/></Schema>')
    raw = _kml(_placemark("Nagato", '<ExtendedData><Data name="Ngày"><value>15/12/2016</value></Data>'
                                    '<Data name="Ghi chú"><value>Ōtani Sansō</value></Data></ExtendedData>', 131.18),
               _placemark("Tokyo", '<ExtendedData><Data name="Ngày"><value>16/12/2016</value></Data></ExtendedData>'),
               _placemark("Paris", '<ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="Thời gian">2017'
                                   '</SimpleData><SimpleData name="Lieu d\'événement">Paris</SimpleData></SchemaData>'
                                   '</ExtendedData>', 2.35), schema=schema)
    frame = read_gis_file(raw, "mymaps.kml").frame
    assert {"Ngày", "Ghi chú", "Thời gian", "Lieu d'événement"} <= set(frame.columns)
    assert not [c for c in frame.columns if "__" in c]
    assert frame["Ngày"].tolist()[:2] == ["15/12/2016", "16/12/2016"] and frame.loc[1, "Ghi chú"] == "Ōtani Sansō"
    events = _events(_kml(*[_placemark(n, f'<ExtendedData><Data name="Ngày"><value>{d}</value></Data></ExtendedData>')
                            for n, d in (("Nagato", "15/12/2016"), ("Tokyo", "16/12/2016"))]), "mymaps.kml")
    assert events == {"Nagato": ("2016-12-15", None, None), "Tokyo": ("2016-12-16", None, None)}


def test_a_placemark_with_only_a_timestamp_or_a_timespan_is_dated_by_it():
    records = read_gis_file(MYMAPS.read_bytes(), MYMAPS.name)
    frame = records.frame
    assert "begin" not in frame.columns  # its times are in the author's date field now
    assert frame["Ngày"].tolist()[:4] == ["15/12/2016", "16/12/2016", "2016-12-16T10:00:00+09:00", "2016-12-15"]
    assert pd.isna(frame.loc[5, "Ngày"])
    assert frame["end"].tolist()[3] == "2016-12-16"
    notes = _en(records)
    assert "KML times (TimeStamp, TimeSpan) are in the columns 'begin' and 'end'" not in notes
    assert ("2 placemark(s) have nothing in the field 'Ngày'; their TimeStamp or TimeSpan is used as the date "
            "instead: Họp tại Tokyo, Cả chuyến") in notes
    assert "1 placemark(s) have no date (nothing in 'Ngày', no TimeStamp or TimeSpan) and are shown on every " \
           "day: Đảo Etorofu" in notes
    assert "dùng TimeStamp hoặc TimeSpan của chúng làm ngày: Họp tại Tokyo, Cả chuyến" in \
           " | ".join(n["vi"] for n in records.notes)
    events = _events(MYMAPS.read_bytes(), MYMAPS.name)
    assert events["Đến Nagato"] == ("2016-12-15", None, None)
    assert events["Họp tại Tokyo"] == ("2016-12-16", None, "10:00")  # TimeStamp only: its day and time
    assert events["Cả chuyến"] == ("2016-12-15", "2016-12-16", None)  # TimeSpan only: start and end
    assert events["Đảo Etorofu"] == (None, None, None)


def test_a_kmz_from_my_maps_is_dated_the_same_way():
    records = read_gis_file(_kmz(MYMAPS.read_bytes()), "Putin ở Nhật Bản.kmz")
    assert records.frame["Ngày"].tolist()[2:4] == ["2016-12-16T10:00:00+09:00", "2016-12-15"]
    assert "used as the date instead: Họp tại Tokyo, Cả chuyến" in _en(records)
    events = _events(_kmz(MYMAPS.read_bytes()), "Putin ở Nhật Bản.kmz")
    assert events["Đến Nagato"] == ("2016-12-15", None, None)
    assert events["Họp tại Tokyo"] == ("2016-12-16", None, "10:00")
    assert events["Cả chuyến"] == ("2016-12-15", "2016-12-16", None)


def test_an_ascii_date_field_is_filled_from_timestamps_too():
    """With the field named 'Date' it beat the KML's 'begin' before, and the placemarks that only had
    a TimeStamp or TimeSpan were left undated."""
    date = '<ExtendedData><Data name="Date"><value>{}</value></Data></ExtendedData>'
    raw = _kml(_placemark("Nagato", date.format("15/12/2016")),
               _placemark("Tokyo", "<TimeStamp><when>2016-12-16T10:00:00+09:00</when></TimeStamp>"),
               _placemark("Trip", "<TimeSpan><begin>2016-12-15</begin><end>2016-12-16</end></TimeSpan>"))
    assert _events(raw, "m.kml") == {"Nagato": ("2016-12-15", None, None), "Tokyo": ("2016-12-16", None, "10:00"),
                                     "Trip": ("2016-12-15", "2016-12-16", None)}
    assert _events(_kmz(raw), "m.kmz") == _events(raw, "m.kml")


def test_the_date_field_wins_over_a_kml_time_that_names_another_day():
    date = '<ExtendedData><Data name="Ngày"><value>{}</value></Data></ExtendedData>'
    raw = _kml(_placemark("Agree", date.format("15/12/2016") + "<TimeSpan><begin>2016-12-15</begin>"
                                                               "<end>2016-12-16</end></TimeSpan>"),
               _placemark("Differ", date.format("16/12/2016") + "<TimeSpan><begin>2016-12-14</begin>"
                                                                "<end>2016-12-20</end></TimeSpan>"))
    records = read_gis_file(raw, "m.kml")
    assert records.frame["Ngày"].tolist() == ["15/12/2016", "16/12/2016"]
    assert records.frame["end"].tolist() == ["2016-12-16", None]  # the other day's span is set aside
    assert ("for 1 placemark(s) the field 'Ngày' and the TimeStamp/TimeSpan give different days; the field is "
            "used: Differ ('16/12/2016' / 2016-12-14)") in _en(records)
    assert _events(raw, "m.kml") == {"Agree": ("2016-12-15", "2016-12-16", None), "Differ": ("2016-12-16", None, None)}


def test_undated_placemarks_are_named_a_few_then_an_ellipsis():
    stamped = _placemark("Dated", "<TimeStamp><when>2016-12-15</when></TimeStamp>")
    records = read_gis_file(_kml(stamped, *[_placemark(f"Island {n}") for n in range(1, 8)], _placemark("")),
                            "m.kml")
    assert ("8 placemark(s) have no date (no TimeStamp or TimeSpan) and are shown on every day: Island 1, "
            "Island 2, Island 3, Island 4, Island 5, …") in _en(records)
    records = read_gis_file(_kml(stamped, _placemark("")), "m.kml")
    assert "shown on every day: #2" in _en(records)
    assert "no date" not in _en(read_gis_file(_kml(_placemark("A"), _placemark("B")), "m.kml"))  # none dated


def test_numbered_kml_folders_stay_layers():
    """Folders "1" and "2" are numbered, not the years 1 and 2 AD."""
    from geo.story.gis_files import _folder_days

    assert not _folder_days(["1", "2"]) and _folder_days(["2015", "2016"])
    assert _folder_days(["15/12/2016", "16/12/2016"]) and _folder_days(["Tháng 11/2016", "Tháng 12/2016"])
