"""The offline map's place names (static/basemap/labels/) are what scripts/build_labels.py builds from
the pinned sources, name what a reader expects in both languages, and stay small."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.build_labels import BASE_POPULATION, OUT, TILE_DEG, build, read_tsv, SEAS, tile_of

WORLD = json.loads((OUT / "world.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built() -> dict[str, str]:
    return build()


def test_the_shipped_files_are_the_ones_the_script_builds(built):
    shipped = {str(p.relative_to(OUT)): p.read_text(encoding="utf-8") for p in OUT.rglob("*.json")}
    assert sorted(shipped) == sorted(built)
    assert [k for k in built if shipped[k] != built[k]] == []


def test_every_country_of_the_basemap_is_named_in_both_languages():
    basemap = json.loads((Path(OUT).parent / "world.geojson").read_text(encoding="utf-8"))
    names = {f["properties"]["name"] for f in basemap["features"]}
    by_key = {c[0]: c for c in WORLD["countries"]}
    assert set(by_key) == names
    assert by_key["Japan"][1:3] == ["Japan", "Nhật Bản"]
    assert by_key["Russia"][2] == "Nga" and by_key["China"][2] == "Trung Quốc"
    assert by_key["Vietnam"][2] == "Việt Nam"
    japan = by_key["Japan"]
    assert 135 < japan[3] < 141 and 34 < japan[4] < 38  # on Honshu, the largest island


def test_seas_and_cities_carry_their_vietnamese_names():
    seas = {row[0]: row[1] for row in WORLD["seas"]}
    assert seas["Sea of Japan"] == "Biển Nhật Bản" and seas["Pacific Ocean"] == "Thái Bình Dương"
    assert len(read_tsv(SEAS)) == len(WORLD["seas"])
    cities = {row[3]: row for row in WORLD["cities"]}
    assert cities["Shanghai"][4] == "Thượng Hải"  # CLDR's Vietnamese time-zone city
    assert cities["Moscow"][4] == "Mát-xcơ-va"
    assert cities["Beijing"][4] == "Bắc Kinh"  # geo/data/city_names_vi.tsv
    assert cities["Tokyo"][4] is None  # the same name in both languages
    # Vietnam's own cities by their accented names (GeoNames' main name drops the accents)
    assert (cities["Da Nang"][4], cities["Haiphong"][4]) == ("Đà Nẵng", "Hải Phòng")
    hoi_an = json.loads((OUT / "cities" / f"{tile_of(108.3, 15.9)}.json").read_text(encoding="utf-8"))
    assert {row[3]: row[4] for row in hoi_an}["Hoi An"] == "Hội An"  # not GeoNames' other form, Hôi An
    assert all(row[2] >= BASE_POPULATION for row in WORLD["cities"])


def test_the_cities_near_nagato_come_in_their_tile():
    tile = json.loads((OUT / "cities" / f"{tile_of(131.2, 34.4)}.json").read_text(encoding="utf-8"))
    names = {row[3] for row in tile}
    assert {"Shimonoseki", "Yamaguchi", "Ube", "Hagi"} <= names
    assert all(row[2] < BASE_POPULATION for row in tile)
    assert all(tile_of(row[0], row[1]) == tile_of(131.2, 34.4) for row in tile)
    assert tile_of(131.2, 34.4) in WORLD["tiles"] and WORLD["tileDeg"] == TILE_DEG


def test_the_labels_stay_small():
    """world.json loads with the basemap on a first view; a tile only when zoomed in on it."""
    assert (OUT / "world.json").stat().st_size < 120_000
    assert max(p.stat().st_size for p in (OUT / "cities").glob("*.json")) < 80_000
    assert sum(p.stat().st_size for p in OUT.rglob("*.json")) < 2_000_000
