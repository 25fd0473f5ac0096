"""The offline gazetteer: names in four languages, suggestions, the city database, coordinates."""

from __future__ import annotations

import random
import unicodedata
from functools import lru_cache

import pytest
from shapely.geometry import Point, box

from geo.places import gazetteer
from geo.places.city_index import read_index
from geo.places.gazetteer import NAME_LANGUAGES, PRECISIONS, Gazetteer, check_lon_lat, fold


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.shipped()


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        ("Đảo Kunashir", "kunashir"), ("Kunashir", "kunashir"), ("Kunashiri", "kunashir"),
        ("Кунашир", "kunashir"), ("остров Кунашир", "kunashir"), ("国後島", "kunashir"),
        ("Итуруп", "iturup"), ("択捉島", "iturup"), ("Etorofu", "iturup"),
        ("Шикотан", "shikotan"), ("色丹島", "shikotan"),
        ("Хабомаи", "habomai"), ("歯舞群島", "habomai"), ("Quần đảo Habomai", "habomai"),
        ("北方領土", "southern-kurils"), ("Южные Курилы", "southern-kurils"),
        ("大谷山荘", "otani-sanso"), ("Ōtani Sansō", "otani-sanso"), ("Lữ quán Otani Sanso", "otani-sanso"),
        ("首相官邸", "kantei"), ("Канцелярия премьер-министра Японии", "kantei"),
        ("長門市", "nagato"), ("Нагато", "nagato"), ("Thành phố Nagato", "nagato"),
        ("Mát-xcơ-va", "moscow"), ("Москва", "moscow"), ("モスクワ", "moscow"),
        ("納沙布岬", "cape-nosappu"), ("Dokdo", "liancourt-rocks"), ("Điếu Ngư", "senkaku-islands"),
        ("cape-nosappu", "cape-nosappu"),
    ],
)
def test_names_in_every_language(gaz, name, place_id):
    hit = gaz.resolve(name)
    assert hit is not None and hit.place_id == place_id
    assert hit.method == "gazetteer"


@pytest.mark.parametrize("name", ["dao kunashir", "ĐẢO KUNASHIR", "  Đảo   Kunashir ", "KUNASHIR ISLAND",
                                  "ОСТРОВ КУНАШИР", "dao-kunashir", "Ðảo Kunashir".replace("Ð", "Đ")])
def test_lookup_ignores_case_diacritics_and_spacing(gaz, name):
    assert gaz.lookup(name).id == "kunashir"


def test_fold():
    assert fold("Đảo  Kunashir") == "dao kunashir"
    assert fold("Ōtani_Sansō") == "otani sanso"
    assert fold("Ёлка") == fold("елка")


def _fold_by_definition(name: str) -> str:
    """fold() as first written: one character at a time."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("đ", "d").replace("ё", "е")
    for dash in "-_\u2010\u2011\u2012\u2013\u2014\u2212":  # hyphens, dashes and the minus sign join words
        stripped = stripped.replace(dash, " ")
    return " ".join(stripped.split())


def test_fold_keeps_its_definition(gaz):
    """The fast fold (translate table, ASCII shortcut) gives the same keys as the definition."""
    rng = random.Random(6)
    blocks = [(0x20, 0x250), (0x300, 0x370), (0x400, 0x500), (0x1E00, 0x1F00), (0x2000, 0x2190),
              (0x3000, 0x3100), (0x4E00, 0x4E80), (0xFB00, 0xFB10), (0xFF00, 0xFFEF)]
    names = [name for place in gaz.places.values() for name in place.all_names()]
    names += ["Straße", "İstanbul", "ǅemal", "ﬁord", "Ⅻ", "①", "ｶﾀｶﾅ", "x\u200by", "\u00a0a\u3000b", "\u0301x",
              "K\u0301", "ĐẢO-Ё_ё", "Hà Nội", "Ho-Chi-Minh_City", "  Tab\tand\nnewline  ", ""]
    for _ in range(3000):
        names.append("".join(chr(rng.randrange(*rng.choice(blocks))) for _ in range(rng.randrange(12))))
    assert [fold(n) for n in names] == [_fold_by_definition(n) for n in names]


def test_the_shipped_story_never_needs_the_city_database(monkeypatch, repo_root):
    """Loading and geocoding the shipped story looks every name up in the gazetteer only: the
    GeoNames city index is not read for it."""
    from geo.places.geocode import geocode_story, resolutions
    from geo.story.load import load_story

    def refuse() -> dict:
        raise AssertionError("the city database was consulted")

    monkeypatch.setattr(gazetteer, "shipped_city_index", refuse)
    loaded = load_story(repo_root / "events.yaml")
    events = geocode_story(loaded)
    assert set(events["resolution"]) == {"gazetteer"}
    assert {r.method for r in resolutions(loaded)} <= {"gazetteer", "explicit"}


def test_a_name_outside_the_gazetteer_reads_the_city_index_once(monkeypatch, gaz):
    built, original = [], read_index

    @lru_cache(maxsize=1)
    def counting_index() -> dict:
        built.append(1)
        return original()

    monkeypatch.setattr(gazetteer, "shipped_city_index", counting_index)
    assert gaz.resolve("Kunashir").method == "gazetteer"
    assert built == []
    assert gaz.resolve("Vladivostok").method == "city database"
    assert gaz.resolve("Владивосток").method == "city database"
    assert gaz.resolve("no such place anywhere") is None
    assert built == [1]


def test_every_place_is_named_in_all_four_languages(gaz):
    for place in gaz.places.values():
        assert set(place.names) == set(NAME_LANGUAGES), place.id
        assert place.kind in PRECISIONS
        assert place.source, place.id
        if place.part_of:
            assert place.part_of in gaz.places, place.id


def test_no_name_points_at_two_places(gaz):
    owners: dict[str, str] = {}
    for place in gaz.places.values():
        for name in place.all_names():
            key = fold(name)
            assert owners.setdefault(key, place.id) == place.id, f"{name!r}: {owners[key]} and {place.id}"


@pytest.mark.parametrize(("typo", "place_id"), [("Kunashri", "kunashir"), ("Iturp", "iturup"),
                                                ("Shikottan", "shikotan"), ("Otani Sano", "otani-sanso"),
                                                ("Кунаширь", "kunashir")])
def test_suggestions_for_misspellings(gaz, typo, place_id):
    assert gaz.resolve(typo) is None
    assert place_id in gaz.suggestions(typo)


def test_no_suggestions_for_nonsense(gaz):
    assert gaz.suggestions("qqqzzzxxx") == []


@pytest.mark.parametrize(("name", "lon", "lat"), [("Vladivostok", 131.9, 43.1), ("Hanoi", 105.85, 21.03),
                                                  ("Sapporo", 141.35, 43.06)])
def test_city_database_fallback(gaz, name, lon, lat):
    hit = gaz.resolve(name)
    assert hit is not None
    assert hit.method == "city database"
    assert hit.precision == "city"
    assert hit.place_id is None
    assert hit.geometry.distance(Point(lon, lat)) < 0.3
    assert gaz.resolve(name, cities=False) is None


def test_gazetteer_wins_over_the_city_database(gaz):
    assert gaz.resolve("Tokyo").method == "gazetteer"
    assert gaz.resolve("Moscow").place_id == "moscow"


JAPAN = box(122, 24, 146, 46)
MOSCOW = box(37.3, 55.5, 37.9, 56.0)
KURILS = box(145.3, 43.3, 149.0, 45.7)
EXPECTED_AREA = {
    "otani-sanso": JAPAN, "nagato": JAPAN, "yamaguchi-prefecture": JAPAN, "kantei": JAPAN, "tokyo": JAPAN,
    "mofa-japan": JAPAN, "cape-nosappu": JAPAN, "senkaku-islands": JAPAN,
    "moscow": MOSCOW, "kremlin": MOSCOW, "mid-russia": MOSCOW, "ifes-moscow": MOSCOW,
    "southern-kurils": KURILS, "iturup": KURILS, "kunashir": KURILS, "shikotan": KURILS, "habomai": KURILS,
    "liancourt-rocks": box(131.5, 37.0, 132.2, 37.5),  # Sea of Japan, east of Ulleungdo
    "washington": box(-77.2, 38.8, -76.9, 39.0),
    "paracel-islands": box(111.0, 15.6, 113.0, 17.2), "spratly-islands": box(111.5, 7.0, 117.5, 12.0),
}


def test_every_place_lies_where_it_should(gaz):
    assert set(EXPECTED_AREA) == set(gaz.places), "a new place needs an expected area here"
    for place_id, area in EXPECTED_AREA.items():
        geom = gaz.geometry(gaz.get(place_id))
        assert area.contains(geom), f"{place_id} at {geom.bounds} is outside {area.bounds}"


def test_venues_are_close_to_their_cities(gaz):
    from geo.places.facts import geodesic_distance_km

    for venue, city, km in [("otani-sanso", "nagato", 8), ("kantei", "tokyo", 6), ("mofa-japan", "tokyo", 6),
                            ("kremlin", "moscow", 2), ("mid-russia", "moscow", 4), ("ifes-moscow", "moscow", 12)]:
        distance = geodesic_distance_km(gaz.geometry(gaz.get(venue)), gaz.geometry(gaz.get(city)))
        assert distance < km, (venue, distance)


def test_islands_are_valid_and_disjoint(gaz):
    shapes = {i: gaz.geometry(gaz.get(i)) for i in ("iturup", "kunashir", "shikotan", "habomai")}
    assert all(s.is_valid and not s.is_empty for s in shapes.values())
    names = list(shapes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not shapes[a].intersects(shapes[b]), (a, b)
    assert len(shapes["habomai"].geoms) >= 4
    # Cape Nosappu is on Hokkaido, not on any disputed island
    cape = gaz.geometry(gaz.get("cape-nosappu"))
    assert not any(s.contains(cape) for s in shapes.values())
    assert gaz.geometry(gaz.get("southern-kurils")).area == pytest.approx(sum(s.area for s in shapes.values()))


@pytest.mark.parametrize(("lon", "lat", "swapped"), [(200, 35, False), (139, 95, False), (35.7, 139.7, True),
                                                     (-181, 0, False), (0, -90.5, True), (0, 200, False)])
def test_check_lon_lat_refuses_points_off_the_globe(lon, lat, swapped):
    with pytest.raises(ValueError, match="off the globe") as info:
        check_lon_lat(lon, lat)
    assert ("swapped" in str(info.value)) == swapped


@pytest.mark.parametrize(("lon", "lat"), [(180, 90), (-180, -90), (0, 0), (139.7, 35.7)])
def test_check_lon_lat_accepts_the_globe(lon, lat):
    check_lon_lat(lon, lat)


def test_shipped_returns_independent_copies():
    a, b = Gazetteer.shipped(), Gazetteer.shipped()
    a.add(a.get("tokyo").model_copy(update={"id": "edo", "names": {"en": ["Edo"]}}))
    assert a.lookup("Edo") is not None
    assert b.lookup("Edo") is None


@pytest.mark.parametrize(("name", "english", "vietnamese"), [
    ("Japan", "Japan", "Nhật Bản"), ("Nhật Bản", "Japan", "Nhật Bản"), ("Hoa Kỳ", "United States", "Hoa Kỳ"),
    ("United States of America", "United States", "Hoa Kỳ"), ("Pháp", "France", "Pháp"), ("RU", "Russia", "Nga"),
])
def test_countries_resolve_offline_to_their_outlines_in_both_languages(name, english, vietnamese):
    found = Gazetteer.shipped().resolve(name)
    assert found.names == {"en": english, "vi": vietnamese}
    assert found.precision == "country" and found.geometry.geom_type in ("Polygon", "MultiPolygon")


def test_a_table_naming_countries_is_placed_on_them():
    from geo.story.import_file import import_story

    imported = import_story("wars.csv", "Year,Event,Country\n1945,Potsdam,Germany\n1954,Geneva,Thụy Sĩ\n".encode())
    events = imported.loaded.story.events
    assert [e.places for e in events] == [["Germany"], ["Thụy Sĩ"]]
    assert [e.date_precision for e in events] == ["year", "year"]
    assert (events[0].start.isoformat(), events[0].end.isoformat()) == ("1945-01-01", "1945-12-31")
