"""GeoJSON (RFC 7946) and CSV exports."""

from __future__ import annotations

import csv
import io
import json

import pytest
import shapely
import shapely.wkt
from shapely.geometry import shape

from geo.render.export import PROPERTIES, csv_text, geojson_text, to_geojson
from geo.places.geocode import geocode_story
from geo.story.load import load_story

REQUIRED = ["id", "start", "end", "layer", "title_vi", "title_en", "summary_vi", "summary_en",
            "quote_vi", "quote_en", "place", "precision"]


@pytest.fixture(scope="module", params=["mini", "shipped"])
def events(request, mini_story_path, shipped):
    loaded = load_story(mini_story_path) if request.param == "mini" else shipped
    return geocode_story(loaded)


def _positions(geometry: dict):
    def walk(c):
        if isinstance(c[0], (int, float)):
            yield c
        else:
            for x in c:
                yield from walk(x)
    yield from walk(geometry["coordinates"])


def _polygons(geom):
    if geom.geom_type == "Polygon":
        return [geom]
    return [g for part in getattr(geom, "geoms", []) for g in _polygons(part)]


def test_feature_collection_follows_rfc7946(events):
    fc = to_geojson(events)
    assert fc["type"] == "FeatureCollection"
    assert "crs" not in fc
    assert len(fc["features"]) == len(events)
    for feature, event_id in zip(fc["features"], events["id"]):
        assert feature["type"] == "Feature"
        assert feature["id"] == event_id == feature["properties"]["id"]
        geom = shape(feature["geometry"])
        assert geom.is_valid and not geom.is_empty, event_id
        for position in _positions(feature["geometry"]):
            assert len(position) == 2
            lon, lat = position
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        for polygon in _polygons(geom):
            assert polygon.exterior.is_ccw, event_id
            assert all(not ring.is_ccw for ring in polygon.interiors), event_id


def test_properties(events):
    fc = to_geojson(events)
    for feature in fc["features"]:
        props = feature["properties"]
        assert [k for k in REQUIRED if k not in props] == []
        assert list(props) == PROPERTIES
        for key in ("start", "end"):
            value = props[key]
            assert value is None or (isinstance(value, str) and len(value) == 10 and value[4] == "-")
        assert props["precision"] in ("venue", "city", "island", "region", "country")
        assert props["place"] == props["place_en"]


def test_geojson_text_is_json_with_text_kept(events):
    text = geojson_text(events)
    assert text.endswith("\n")
    data = json.loads(text)
    assert data == json.loads(json.dumps(to_geojson(events)))
    if "Đảo Kunashir" in set(events["place_vi"]):
        assert "Đảo Kunashir" in text  # non-ASCII kept as is


def test_geojson_is_deterministic(events):
    assert geojson_text(events) == geojson_text(events)


def test_csv_has_the_same_rows(events):
    rows = list(csv.DictReader(io.StringIO(csv_text(events))))
    assert list(rows[0]) == [*PROPERTIES, "wkt", "lat", "lon"]
    fc = to_geojson(events)
    assert [r["id"] for r in rows] == [f["id"] for f in fc["features"]]
    for row, feature in zip(rows, fc["features"]):
        props = feature["properties"]
        for key in ("start", "end", "layer", "title_vi", "title_en", "quote_vi", "precision", "place"):
            assert row[key] == (props[key] or ""), key
        geom = shapely.wkt.loads(row["wkt"])
        assert geom.is_valid
        assert geom.equals_exact(shape(feature["geometry"]).normalize(), 1e-5) or \
            geom.normalize().equals_exact(shape(feature["geometry"]).normalize(), 1e-5)
        lat, lon = float(row["lat"]), float(row["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180
        assert geom.distance(shapely.Point(lon, lat)) < 1e-5


def test_csv_columns_for_the_mini_story(mini_story_path):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(csv_text(geocode_story(load_story(mini_story_path)))))}
    assert rows["meet-nagato"]["wkt"] == "POINT (131.1812 34.3207)"
    assert (rows["meet-nagato"]["lat"], rows["meet-nagato"]["lon"]) == ("34.320700", "131.181200")
    assert rows["kunashir"]["start"] == ""
    assert json.loads(rows["meet-nagato"]["sources"])[1]["id"] == "record"
    assert rows["move"]["wkt"].startswith("LINESTRING")


def test_clockwise_input_polygon_is_exported_counter_clockwise(mini_story_path):
    text = mini_story_path.read_text(encoding="utf-8").replace(
        "    geometry: {type: Point, coordinates: [139.7, 35.7]}\n",
        "    geometry: {type: Polygon, coordinates: [[[139, 35], [139, 36], [140, 36], [140, 35], [139, 35]]]}\n",
    )
    from geo.story.load import parse_story

    fc = to_geojson(geocode_story(parse_story(text, "cw.yaml")))
    span = next(f for f in fc["features"] if f["id"] == "span")
    assert shapely.Polygon(span["geometry"]["coordinates"][0]).exterior.is_ccw


def test_missing_notes_and_times_are_null_not_nan(tmp_path):
    """Events without a note (NaN in the table) export as JSON null and empty CSV cells, never NaN."""
    from benchmarks.synthetic import write_story

    events = geocode_story(load_story(write_story(60, tmp_path)))
    assert events["note_vi"].isna().any(), "the synthetic story has events without a note"
    text = geojson_text(events)
    json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in the GeoJSON"))
    notes = [f["properties"]["note_vi"] for f in json.loads(text)["features"]]
    assert None in notes and all(n is None or isinstance(n, str) for n in notes)
    rows = list(csv.DictReader(io.StringIO(csv_text(events))))
    assert not any(v.lower() == "nan" for row in rows for v in row.values())
