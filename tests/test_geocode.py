"""Geocoding a validated story into a GeoDataFrame (geo.places.geocode)."""

from __future__ import annotations

import datetime as dt

import pytest
from shapely.geometry import Point

from geo.places.geocode import COLUMNS, geocode_story, resolutions
from geo.story.load import load_story, parse_story


@pytest.fixture(scope="module")
def mini(mini_story_path):
    return load_story(mini_story_path)


@pytest.fixture(scope="module")
def events(mini):
    return geocode_story(mini).set_index("id", drop=False)


def _variant(mini_story_path, old, new):
    text = mini_story_path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    return geocode_story(parse_story(text.replace(old, new), "v.yaml")).set_index("id", drop=False)


def test_one_row_per_event_in_story_order(events):
    assert list(events["id"]) == ["meet-nagato", "tokyo", "move", "span", "kunashir"]
    assert list(events["order"]) == [0, 1, 2, 3, 4]
    assert [c for c in COLUMNS if c not in events.columns] == []
    assert events.crs.to_epsg() == 4326


def test_dates_and_times(events):
    assert events.loc["meet-nagato", "start"] == dt.date(2016, 12, 15)
    assert events.loc["meet-nagato", "time"] == "17:00"
    assert events.loc["span", "end"] == dt.date(2016, 12, 17)
    assert events.loc["kunashir", "start"] is None


def test_geometries_and_precision(events, mini):
    gaz = mini.gazetteer
    assert events.loc["meet-nagato"].geometry.equals(gaz.resolve("otani-sanso").geometry)
    assert events.loc["tokyo"].geometry.equals(gaz.resolve("kantei").geometry)
    assert events.loc["span"].geometry.equals(Point(139.7, 35.7))
    assert events.loc["kunashir"].geometry.geom_type == "Polygon"
    assert dict(events["precision"]) == {"meet-nagato": "venue", "tokyo": "venue", "move": "venue",
                                         "span": "venue", "kunashir": "island"}
    assert events.loc["span", "resolution"] == "explicit"
    assert events.loc["tokyo", "resolution"] == "gazetteer"


def test_route_event_is_a_line_with_its_length(events):
    row = events.loc["move"]
    assert row.geometry.geom_type == "LineString"
    assert list(row.geometry.coords) == [(131.1812, 34.3207), (139.7431, 35.6731)]
    (fact,) = row["facts"]
    assert fact["kind"] == "length_km"
    assert fact["value"] == pytest.approx(795.6, abs=1)


def test_island_facts(events):
    facts = {f["kind"]: f for f in events.loc["kunashir", "facts"]}
    assert facts["area_km2"]["value"] == pytest.approx(1490, rel=0.12)
    assert 3.5 <= facts["distance_km"]["value"] <= 8
    assert facts["distance_km"]["label_en"] == "From Cape Nosappu"


def test_place_names_in_both_languages(events):
    assert events.loc["kunashir", "place_vi"] == "Đảo Kunashir"
    assert events.loc["kunashir", "place_en"] == "Kunashir"
    assert events.loc["move", "place_en"] == "Otani Sanso; Prime Minister's Office of Japan"
    assert events.loc["move", "place_ids"] == ["otani-sanso", "kantei"]
    assert events.loc["span", "place_en"] == "35.7000°N, 139.7000°E"  # a place given by its geometry: its coordinates


def test_sources_are_records(events):
    assert events.loc["meet-nagato", "sources"][0]["id"] == "article"
    record = events.loc["meet-nagato", "sources"][1]
    assert record == {"id": "record", "title": "A public record", "url": "https://example.org/record",
                      "publisher": "Someone", "date": "2016-12-15"}


def test_label_points_lie_on_the_geometry(events):
    for _, row in events.iterrows():
        point = Point(row["label_lon"], row["label_lat"])
        assert row.geometry.distance(point) < 1e-6, row["id"]


def test_several_points_without_line_make_a_multipoint(mini_story_path):
    rows = _variant(mini_story_path, "    places: [Kantei]\n", "    places: [Kantei, nagato]\n")
    assert rows.loc["tokyo"].geometry.geom_type == "MultiPoint"
    assert rows.loc["tokyo", "precision"] == "city"  # the coarsest of venue and city


def test_points_and_an_island_make_a_collection(mini_story_path):
    rows = _variant(mini_story_path, "    places: [Kantei]\n", "    places: [Kantei, Shikotan]\n")
    assert rows.loc["tokyo"].geometry.geom_type == "GeometryCollection"
    assert rows.loc["tokyo", "precision"] == "island"


def test_city_database_names_resolve(mini_story_path):
    rows = _variant(mini_story_path, "    places: [Kantei]\n", "    places: [Vladivostok]\n")
    assert rows.loc["tokyo", "resolution"] == "city database"
    assert rows.loc["tokyo", "precision"] == "city"
    assert rows.loc["tokyo", "place_en"] == "Vladivostok"


def test_resolutions(mini):
    table = {(r.event_id, r.name): r for r in resolutions(mini)}
    assert table[("kunashir", "Кунашир")].place_id == "kunashir"
    assert table[("kunashir", "Кунашир")].method == "gazetteer"
    assert table[("span", "(geometry)")].method == "explicit"
    assert len(table) == 6


def test_geocoding_is_deterministic(mini):
    a, b = geocode_story(mini), geocode_story(mini)
    assert a.drop(columns="geometry").equals(b.drop(columns="geometry"))
    assert all(x.equals_exact(y, 0) for x, y in zip(a.geometry, b.geometry))


def test_text_columns_hold_the_models_own_strings(mini):
    """Texts are pandas strings kept as the models' own str objects (python storage), not copied
    into pyarrow buffers: a big story's texts exist once."""
    events = geocode_story(mini)
    first = mini.story.events[0]
    assert events["title_vi"].iloc[0] is first.title.vi
    assert events["quote_en"].iloc[0] is first.quote_en
    for name in ("id", "layer", "title_vi", "summary_en", "place_vi", "precision", "resolution"):
        assert events[name].dtype == "str" and events[name].dtype.storage == "python", name


def test_columns_are_what_pandas_would_make_of_the_same_values():
    """Each column holds the values, missing ones included (NaN in a text column, None in an
    all-None one), and the kind of dtype, that pandas' own inference gives the plain lists."""
    import pandas as pd

    from benchmarks.synthetic import story_text

    for loaded in (parse_story(story_text(60), "s.yaml"), load_story("events.yaml")):
        events = geocode_story(loaded)
        inferred = pd.DataFrame({name: events[name].tolist() for name in COLUMNS})
        for name in COLUMNS:
            ours, theirs = events[name], inferred[name]
            assert isinstance(ours.dtype, pd.StringDtype) == isinstance(theirs.dtype, pd.StringDtype), name
            if not isinstance(ours.dtype, pd.StringDtype):
                assert ours.dtype == theirs.dtype, name
            else:
                assert ours.dtype.na_value is theirs.dtype.na_value, name
            pd.testing.assert_series_equal(ours, theirs, check_dtype=False, check_names=False)
    assert events["time"].dtype == object and events["time"].isna().all()  # events.yaml: no times, all None


def test_a_place_the_databases_found_keeps_the_storys_name_in_vietnamese(mini_story_path):
    """Map labels in Vietnamese read "Tỉnh Lào Cai" as the story wrote it, not "Lào Cai Province"."""
    rows = _variant(mini_story_path, "    places: [Kantei]\n", "    places: [Tỉnh Lào Cai]\n")
    assert rows.loc["tokyo", "resolution"] == "region database"
    assert (rows.loc["tokyo", "place_vi"], rows.loc["tokyo", "place_en"]) == ("Tỉnh Lào Cai", "Lào Cai Province")
