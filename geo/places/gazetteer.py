"""The offline gazetteer: the places a story may name, in Vietnamese, English, Russian and Japanese.

Places come from ``geo/data/gazetteer.yaml`` (curated, with a source for every coordinate),
extended by a story's own ``places``. Island and area outlines come from
``geo/data/islands.geojson`` (Natural Earth 1:10m, see geo/data/README.md).
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import shapely
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from geo.places.city_index import City, shipped_city_index, shipped_region_index
from geo.story.errors import Problem, StoryError

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
GAZETTEER_FILE = DATA_DIR / "gazetteer.yaml"
NAME_LANGUAGES = ("vi", "en", "ru", "ja")

Precision = Literal["venue", "city", "island", "region", "country"]
PRECISIONS: tuple[str, ...] = ("venue", "city", "island", "region", "country")


def coarsest(precisions: Iterable[str]) -> str:
    """The coarsest of several places' precisions: what an event at all of them is known to."""
    return max(precisions, key=PRECISIONS.index)

_Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
_Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


def check_lon_lat(lon: float, lat: float) -> None:
    """Raise ValueError unless (lon, lat) is on the globe, hinting at swapped order."""
    if not -180 <= lon <= 180 or not -90 <= lat <= 90:
        hint = ""
        if -90 <= lon <= 90 and -180 <= lat <= 180:
            hint = " — are latitude and longitude swapped? Write [longitude, latitude]"
        raise ValueError(f"[{lon}, {lat}] is off the globe: longitude must be -180..180, latitude -90..90{hint}")


class Place(BaseModel):
    """A named place with a point or an outline."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: _Slug
    kind: Precision
    names: dict[Literal["vi", "en", "ru", "ja"], Annotated[list[_Name], Field(min_length=1)]]
    point: tuple[float, float] | None = None
    geometry: str | dict[str, Any] | None = None
    part_of: _Slug | None = None
    source: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)] | None = None

    @field_validator("point")
    @classmethod
    def _on_the_globe(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None:
            check_lon_lat(*value)
        return value

    @model_validator(mode="after")
    def _one_shape(self) -> Place:
        if (self.point is None) == (self.geometry is None):
            raise ValueError("a place needs exactly one of 'point' ([lon, lat]) or 'geometry'")
        if not self.names.get("en") and not self.names.get("vi"):
            raise ValueError("a place needs a name in 'vi' or 'en'")
        return self

    def name(self, lang: str) -> str:
        """The place's display name in ``lang``, falling back to English then Vietnamese."""
        for key in (lang, "en", "vi"):
            if self.names.get(key):
                return self.names[key][0]
        return self.id

    def all_names(self) -> Iterable[str]:
        """The id and every name in every language."""
        yield self.id
        for names in self.names.values():
            yield from names


@dataclass(frozen=True)
class Resolved:
    """A place name resolved to a geometry, with how and how precisely."""

    query: str
    place_id: str | None
    names: dict[str, str]
    geometry: BaseGeometry
    precision: str
    method: str  # "gazetteer", "story", "city database", "online", "explicit"

    def name(self, lang: str) -> str:
        """The place's name in ``lang``. The databases name places in English (or their own
        language): in Vietnamese, a place they found keeps the name as the story wrote it
        ("Tỉnh Lào Cai", not "Lào Cai Province")."""
        if lang not in self.names and lang == "vi" and self.method in ("city database", "region database"):
            return self.query
        return self.names.get(lang) or self.names.get("en") or self.query


class _FoldTable(dict):
    """``str.translate`` table for :func:`fold`: combining marks removed, đ → d, ё → е, ``-`` and
    ``_`` → space; every other character kept (looked up once, then remembered)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_DASHES = "-_\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphens and dashes: "Bà Rịa – Vũng Tàu" is "Bà Rịa - Vũng Tàu"
_FOLD = _FoldTable({ord("đ"): "d", ord("ё"): "е", **{ord(c): " " for c in _DASHES}})


def fold(name: str) -> str:
    """A lookup key for a name: NFKD, case-folded, without diacritics, spaces folded.

    The city database folds some 380,000 names once per process, so this is a translate table
    rather than a loop over characters; ASCII names (most of them) need no normalization.
    """
    if name.isascii():  # NFKD leaves ASCII unchanged and casefold() is lower() there
        return " ".join(name.lower().replace("-", " ").replace("_", " ").split())
    return " ".join(unicodedata.normalize("NFKD", name.casefold()).translate(_FOLD).split())


class Gazetteer:
    """Places by id and by every name they are known by.

    Examples
    --------
    >>> g = Gazetteer.shipped()
    >>> g.resolve("Кунашир").place_id
    'kunashir'
    """

    def __init__(self, places: Iterable[Place], shapes: dict[str, BaseGeometry] | None = None):
        self.places: dict[str, Place] = {}
        self._by_name: dict[str, str] = {}
        self._shapes = shapes if shapes is not None else _island_shapes()
        for place in places:
            self.add(place)

    @classmethod
    def shipped(cls) -> Gazetteer:
        """The gazetteer shipped with the project (a fresh copy, safe to extend)."""
        places, shapes = _shipped_places()
        return cls(places, shapes)

    def add(self, place: Place) -> None:
        """Add or replace a place; a later place wins a shared name."""
        self.places[place.id] = place
        for name in place.all_names():
            self._by_name[fold(name)] = place.id

    def get(self, place_id: str) -> Place:
        return self.places[place_id]

    def geometry(self, place: Place) -> BaseGeometry:
        """The place's geometry in EPSG:4326 (lon, lat)."""
        if place.point is not None:
            return Point(place.point)
        if isinstance(place.geometry, dict):
            return shape(place.geometry)
        ref = str(place.geometry)
        file, _, feature = ref.partition("#")
        if file != "islands.geojson":
            raise KeyError(f"unknown geometry reference '{ref}'")
        if feature:
            return self._shapes[feature]
        return shapely.union_all(list(self._shapes.values()))

    def lookup(self, name: str) -> Place | None:
        """The place with this id or name (any language, case and diacritics ignored)."""
        place_id = self._by_name.get(fold(name))
        return self.places.get(place_id) if place_id else None

    def resolve(self, name: str, *, cities: bool = True) -> Resolved | None:
        """Resolve a name through the gazetteer, then offline: the country outlines, the seas, the
        city and province databases."""
        place = self.lookup(name) or self._with_where_it_lies(name, cities)
        if place is not None:
            return Resolved(
                name, place.id, {lang: names[0] for lang, names in place.names.items()},
                self.geometry(place), place.kind, "gazetteer",
            )
        if cities:  # a country before a town of its name: "Japan" means the country
            from geo.places.countries import country_lookup
            from geo.places.seas import sea_lookup

            return country_lookup(name) or sea_lookup(name) or city_database_lookup(name)
        return None

    def _with_where_it_lies(self, name: str, cities: bool) -> Place | None:
        """A gazetteer place followed by where it lies ("Nagato, Yamaguchi", "Trường Sa, Khánh Hòa"):
        the place, when what follows (a country's outline, or a place) is within :data:`WITHIN_KM`
        of it, or 1,000 km for islands (an archipelago lies far off the province or country it is
        named with; the disputed ones are found with either country). "Tokyo, Osaka" is two places."""
        head, _, rest = name.partition(",")
        place = self.lookup(head) if rest.strip() and name.count(",") < MAX_PARTS else None
        around = self.resolve(rest, cities=cities) if place is not None else None
        if around is None:
            return None
        from shapely.ops import nearest_points

        shape_here = self.geometry(place)
        if around.precision == "country":  # the nearest part of its outline: "Kunashir, Japan" as "…, Russia"
            here, there = nearest_points(shape_here, around.geometry)
        else:
            here, there = shape_here.representative_point(), around.geometry.representative_point()
        reach = 1000 if place.kind == "island" else WITHIN_KM
        return place if _km(City("", here.x, here.y), City("", there.x, there.y)) <= reach else None

    def suggestions(self, name: str, n: int = 3) -> list[str]:
        """Names close to ``name``, for a "did you mean" hint."""
        keys = list(self._by_name)
        close = difflib.get_close_matches(fold(name), keys, n=n * 3, cutoff=0.6)
        seen: list[str] = []
        for key in close:
            place_id = self._by_name[key]
            if place_id not in seen:
                seen.append(place_id)
        return seen[:n]


@lru_cache(maxsize=1)
def _island_shapes() -> dict[str, BaseGeometry]:
    path = DATA_DIR / "islands.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["id"]: shape(f["geometry"]) for f in collection["features"]}


@lru_cache(maxsize=1)
def _shipped_places() -> tuple[tuple[Place, ...], dict[str, BaseGeometry]]:
    from geo.story.yaml_reader import read_yaml

    located = read_yaml(GAZETTEER_FILE.read_text(encoding="utf-8"), str(GAZETTEER_FILE.name))
    places = parse_places(located.data.get("places", []), located, ("places",))
    return tuple(places), _island_shapes()


def parse_places(items: Any, located: Any, path: tuple[Any, ...]) -> list[Place]:
    """Validate a list of place entries, raising one StoryError with every problem located."""
    if not isinstance(items, list):
        line, col = located.position(path)
        raise StoryError.single(located.file, "'places' must be a list of places", line, col)
    places: list[Place] = []
    problems: list[Problem] = []
    for i, item in enumerate(items):
        try:
            places.append(Place.model_validate(item))
        except ValidationError as exc:
            for err in exc.errors():
                loc = path + (i,) + tuple(err["loc"])
                line, col = located.position(loc)
                label = item.get("id") if isinstance(item, dict) else None
                what = f'place "{label}"' if label else f"place #{i + 1}"
                field = ".".join(str(p) for p in err["loc"]) or "entry"
                message = str(err["msg"]).removeprefix("Value error, ")
                problems.append(Problem(located.file, line, col, f"{what}: {field}: {message}"))
    if problems:
        raise StoryError(problems)
    return places


# Words in front of a town's or a district's name that the city database does not hold ("TP. Hồ Chí
# Minh", "Thành phố Huế", "Thủ đô Hà Nội", "Quận Hoàn Kiếm", "City of London"), folded. A province's
# word ("Tỉnh") is not one: a province is not the town that may share its name.
_TOWN_WORDS = ("tp.", "tp", "thanh pho", "city of", "ville de")
# Vietnam's words for a town, a district, a ward or a commune, and for the capital: also ordinary
# syllables of names ("Quan Hóa", "Xã Đàn", "Phương Mai"), so the town after them counts only in Vietnam.
_DISTRICT_WORDS = ("thi xa", "thi tran", "quan", "huyen", "phuong", "xa")
_VIETNAMESE_WORDS = ("thu do", *_DISTRICT_WORDS)
# A part of a name that is a district or ward ("Quận 1", "Phường Bến Nghé"): the databases lack most.
_DISTRICT = re.compile(rf"^(?:{'|'.join(_DISTRICT_WORDS)}|district|ward)\b|^\d+$")
_REGION_WORD = "tinh "  # "Tỉnh Quảng Ninh": the province only


# Vietnamese abbreviations of places that the databases lack or give to another place: in a text
# written in Vietnamese, "HN" is Hà Nội, not Honduras's ISO code, and "SG" Sài Gòn, not Singapore's.
VIETNAMESE_SHORT_NAMES = {"HN": "Hà Nội", "SG": "Sài Gòn", "HP": "Hải Phòng", "BRVT": "Bà Rịa - Vũng Tàu",
                          "TTH": "Thừa Thiên Huế", "TT-Huế": "Thừa Thiên Huế", "TT Huế": "Thừa Thiên Huế"}


def spelled_out(name: str) -> tuple[str, list[str]]:
    """``name`` with its parts that are Vietnamese abbreviations (:data:`VIETNAMESE_SHORT_NAMES`,
    as written: capitals) spelled out, and those abbreviations; for texts written in Vietnamese.

    >>> spelled_out("Quận Ba Đình, HN")
    ('Quận Ba Đình, Hà Nội', ['HN'])
    """
    parts = [part.strip() for part in name.split(",")]
    short = [part for part in parts if part in VIETNAMESE_SHORT_NAMES]
    if not short:
        return name, []
    return ", ".join(VIETNAMESE_SHORT_NAMES.get(part, part) for part in parts), short


def city_database_lookup(name: str) -> Resolved | None:
    """Resolve a town or a province through the offline GeoNames databases (:mod:`geo.places.city_index`).

    A town also as people write it: after a word for a town or a district (``TP. Hồ Chí Minh``,
    ``TP.HCM``, ``Quận Hoàn Kiếm``, ``Thủ đô Hà Nội``), or followed by where it lies: its country
    (``Huế, Việt Nam``: found only if the town lies in that country) or its province or city
    (``Hội An, Quảng Nam``: found if within :data:`WITHIN_KM` of it; a district or ward the databases
    do not hold, as in ``Quận 1, TP.HCM``, is found as the place it lies in, with its precision).
    A province, prefecture or state (``Nghệ An``, ``Tỉnh Quảng Ninh``) is found at its most populous
    place, with the precision of a region. A name that is both is the town when the town is the
    region's main town (Tokyo, Hà Nội, New York), or goes by that name itself and lies within
    :data:`NEAR_KM` of it (Yamaguchi); otherwise the region is meant: "Quảng Ninh" is the province,
    not the village of Quán Hàu that GeoNames also calls so, and "Khánh Hòa" the province, not the
    village of that name 400 km away in An Giang.

    Examples
    --------
    >>> city_database_lookup("TP. Hồ Chí Minh").names["en"], city_database_lookup("Huế, Việt Nam").names["en"]
    ('Ho Chi Minh City', 'Huế')
    >>> city_database_lookup("Huế, Japan") is None
    True
    >>> found = city_database_lookup("Quảng Ninh")
    >>> found.names["en"], found.precision, found.method
    ('Quảng Ninh', 'region', 'region database')
    >>> city_database_lookup("Nghệ An").names
    {'en': 'Nghệ An Province', 'vi': 'Tỉnh Nghệ An'}
    >>> [city_database_lookup(n).names["en"] for n in ("Hội An, Quảng Nam", "Quận 1, TP.HCM, Việt Nam")]
    ['Hoi An', 'Ho Chi Minh City']
    """
    found = _found(fold(name))
    if found is None:
        return None
    place, precision = found
    names = {"en": place.name}
    if precision == "region" and place.name.endswith(" Province") and _in_vietnam(place):
        names["vi"] = "Tỉnh " + place.name.removesuffix(" Province")  # as Vietnamese names its provinces
    return Resolved(name, None, names, Point(place.lon, place.lat), precision,
                    "region database" if precision == "region" else "city database")


NEAR_KM = 100  # a town named as its region, this close to the region's main town, is the town meant
MAX_PARTS = 5  # "ward, district, city, province, country" at most
WITHIN_KM = 150  # "town, province": the town this close to the province's (or city's) main town


def _found(key: str) -> tuple[City, str] | None:
    """The place a folded name means, and its precision (``city`` or ``region``)."""
    region = shipped_region_index().get(key)
    city = None if key.startswith(_REGION_WORD) else shipped_city_index().get(key) or _without_town_word(key)
    if region is not None and (city is None or not _the_town_meant(key, city, region)):
        return region, "region"
    if city is not None:
        return city, "city"
    if "," not in key or key.count(",") > MAX_PARTS - 1:  # an address has a few parts; a list of 5,000 is none
        return None
    rest, last = (part.strip() for part in key.rsplit(",", 1))
    if not rest or not last:
        return None
    return _in_country(rest, last) or _within(rest, last)


def _the_town_meant(key: str, city: City, region: City) -> bool:
    """Whether a name (folded ``key``) shared by a town and a region means the town."""
    own_name = fold(city.name) == key or fold(city.name).startswith(key + " ")  # "New York City"
    if (city.lon, city.lat) == (region.lon, region.lat):  # the region's main town
        return own_name or fold(city.name) == fold(region.name)
    return own_name and _km(city, region) <= NEAR_KM


def _km(a: City, b: City) -> float:
    from pyproj import Geod

    return Geod(ellps="WGS84").inv(a.lon, a.lat, b.lon, b.lat)[2] / 1000


def _without_town_word(key: str) -> City | None:
    """The city named after a leading word for a town or district (``tp. hue``, ``quan hoan kiem``), or None."""
    for word in _TOWN_WORDS + _VIETNAMESE_WORDS:
        rest = key[len(word):]
        if key.startswith(word) and (word.endswith(".") or rest[:1] in (" ", ".")):
            rest = rest.lstrip(" .")
            city = shipped_city_index().get(rest) if rest else None
            if city is not None and word in _VIETNAMESE_WORDS and not _in_vietnam(city):
                return None
            return city
    return None


def _in_vietnam(city: City) -> bool:
    from geo.places.countries import country_lookup

    vietnam = country_lookup("VN")
    return vietnam is not None and vietnam.geometry.buffer(0.1).contains(Point(city.lon, city.lat))


def _in_country(rest: str, country: str) -> tuple[City, str] | None:
    """The place named ``rest`` if it lies in the country named ``country`` (its outline, ~10 km round)."""
    from geo.places.countries import country_lookup

    outline = country_lookup(country)
    found = _found(rest) if outline is not None else None
    if found is None:
        return None
    place, _ = found
    return found if outline.geometry.buffer(0.1).contains(Point(place.lon, place.lat)) else None


def _within(rest: str, outer_key: str) -> tuple[City, str] | None:
    """``rest`` in the province or city named ``outer_key``: the town when it lies near; the outer
    place itself when ``rest`` is a district or ward the databases do not hold ("Quận 1"); else
    None: "Hà Nội, Huế" is two places, not one, and "Cát Cát, Lào Cai" is not the town of Lào Cai."""
    outer = _found(outer_key)
    if outer is None:
        return None
    inner = _found(rest)
    if inner is not None:
        return inner if _km(inner[0], outer[0]) <= WITHIN_KM else None
    return outer if _DISTRICT.match(rest) else None
