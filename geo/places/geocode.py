"""Geocoding: a validated story becomes a GeoDataFrame, one row per event, in EPSG:4326.

Each row keeps the event's texts in both languages, its place names in both languages,
how each place was resolved and how precisely, and the geography facts computed for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.story.errors import Problem, StoryError
from geo.places.facts import area_km2, geodesic_length_km, label_point, nearest_distance_km, route
from geo.places.gazetteer import Resolved, coarsest
from geo.story.load import LoadedStory
from geo.story.schema import Event
from geo.memory import paused_gc

# Texts keep the models' own str objects (pandas' python string storage): its default (pyarrow)
# storage would copy every text, some 300 MB for 100,000 events. Same string dtype otherwise: NaN
# for a missing text, the same ``.str`` methods.
_TEXT = pd.StringDtype("python", na_value=np.nan)
TEXT_COLUMNS = ("id", "layer", "time", "title_vi", "title_en", "summary_vi", "summary_en", "quote_vi", "quote_en",
                "place_vi", "place_en", "precision", "resolution", "note_vi", "note_en")

COLUMNS = [
    "id", "order", "layer", "start", "end", "time", "title_vi", "title_en", "summary_vi", "summary_en",
    "quote_vi", "quote_en", "place_vi", "place_en", "place_ids", "precision", "resolution",
    "actors", "sources", "note_vi", "note_en", "tour_order", "tour_zoom", "facts", "label_lon", "label_lat",
]


@dataclass(frozen=True)
class PlaceResolution:
    """How one name of one event was resolved, for the geocoding review."""

    event_id: str
    name: str
    place_id: str | None
    method: str
    precision: str
    found: dict[str, str] | None = None  # the resolved place's names, by language
    lat: float | None = None  # a point of the resolved place, so a reader can tell a namesake
    lon: float | None = None

    def where(self) -> str:
        """``17.40° N, 106.64° E``, or "" when the name did not resolve."""
        if self.lat is None or self.lon is None:
            return ""
        return (f"{abs(self.lat):.2f}° {'N' if self.lat >= 0 else 'S'}, "
                f"{abs(self.lon):.2f}° {'E' if self.lon >= 0 else 'W'}")


def _resolve_all(loaded: LoadedStory, places_of_events: list[list[str]], ids: list[str],
                 online: Any | None) -> dict[str, Resolved]:
    resolved: dict[str, Resolved] = {}
    problems: list[Problem] = []
    known_lists: set[int] = set()  # place lists (events share equal ones) whose names all resolved
    for i, places in enumerate(places_of_events):
        if id(places) in known_lists:
            continue
        all_known = True
        for j, name in enumerate(places):
            if name in resolved:
                continue
            hit = loaded.gazetteer.resolve(name)
            if hit is None and online is not None:
                hit = online.resolve(name)
            if hit is None:
                all_known = False
                line, col = loaded.position("events", i, "places", j)
                problems.append(Problem(loaded.file, line, col, f'event "{ids[i]}": unknown place \'{name}\''))
            else:
                resolved[name] = hit
        if all_known:
            known_lists.add(id(places))
    if problems:
        raise StoryError(problems)
    return resolved


def geocode_story(loaded: LoadedStory, *, online: Any | None = None) -> gpd.GeoDataFrame:
    """Resolve every event's places into one GeoDataFrame in EPSG:4326 (lon, lat).

    Parameters
    ----------
    loaded
        A story from :func:`geo.story.load.load_story`.
    online
        An optional online geocoder (:class:`geo.places.online_geocoder.OnlineGeocoder`), tried
        only for names neither the gazetteer nor the city database knows.

    Returns
    -------
    GeoDataFrame
        One row per event in story order, columns :data:`COLUMNS` plus ``geometry``.
        Rows that share places share their geometry, place lists and facts (read-only: nothing
        downstream mutates them), so a big story with few distinct places stays small.
    """
    with paused_gc():  # a big story's models are millions of objects: a collection would walk them all
        fields = loaded.fields if loaded.fields is not None else event_fields(loaded.story.events)
        return _geocode(loaded, fields, online)


# What a row takes from its event, a list per field (:data:`FIELDS`). Read from the models in one
# pass over the events, or given as columns by a table reader (GeoParquet): there ``geometry`` holds
# shapes already, and equal lists of places, sources and actors are one list object.
FIELDS = ("id", "layer", "start", "end", "time", "title.vi", "title.en", "summary.vi", "summary.en", "quote_vi",
          "quote_en", "note.vi", "note.en", "tour.order", "tour.zoom", "geometry", "places", "line", "sources", "actors",
          "place_name.vi", "place_name.en")
_MODEL_FIELDS = ("id", "layer", "start", "end", "time", "title.vi", "title.en", "summary", "quote_vi",
                 "quote_en", "note", "tour", "geometry", "places", "line", "sources", "actors", "place_name")


def event_fields(events: Sequence[Event]) -> dict[str, list[Any]]:
    """The events' :data:`FIELDS`, a list each (each event is visited once)."""
    if not events:
        return {name: [] for name in FIELDS}
    fields = dict(zip(_MODEL_FIELDS, map(list, zip(*map(attrgetter(*_MODEL_FIELDS), events)))))
    notes, tours, summaries = fields.pop("note"), fields.pop("tour"), fields.pop("summary")
    names = fields.pop("place_name")
    fields["place_name.vi"] = [name.vi if name else None for name in names]
    fields["place_name.en"] = [name.en if name else None for name in names]
    fields["summary.vi"] = [summary.vi if summary else None for summary in summaries]
    fields["summary.en"] = [summary.en if summary else None for summary in summaries]
    fields["note.vi"] = [note.vi if note else None for note in notes]
    fields["note.en"] = [note.en if note else None for note in notes]
    fields["tour.order"] = [tour.order if tour else None for tour in tours]
    fields["tour.zoom"] = [tour.zoom if tour else None for tour in tours]
    return fields


def _geocode(loaded: LoadedStory, fields: dict[str, list[Any]], online: Any | None) -> gpd.GeoDataFrame:
    resolved = _resolve_all(loaded, fields["places"], fields["id"], online)
    where: dict[tuple[tuple[str, ...], bool], tuple[Any, ...]] = {}  # per distinct places and line flag
    sources: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    actors: dict[tuple[str, ...], list[str]] = {}
    labels: dict[int, tuple[float, float]] = {}
    # An event's row but its texts depends only on its places, line flag, sources and actors; events
    # share equal lists (geo.story.schema.SharedParts), so most rows are found by the lists' identity.
    same_lists: dict[tuple[int, bool, int, int], tuple[Any, ...]] = {}
    rows: list[tuple[Any, ...]] = []  # each event's place, label, sources and actors
    for geometry, places, line, event_sources, event_actors in zip(
            fields["geometry"], fields["places"], fields["line"], fields["sources"], fields["actors"]):
        if geometry is None:
            key = (id(places), line, id(event_sources), id(event_actors))
            row = same_lists.get(key)
            if row is None:
                where_key = (tuple(places), line)
                place = where.get(where_key)
                if place is None:
                    place = where[where_key] = _place(None, line, [resolved[name] for name in places], "")
                row = same_lists[key] = _row(loaded, place, labels, event_sources, sources, event_actors, actors)
        else:
            explicit = geometry if isinstance(geometry, BaseGeometry) else shape(geometry.model_dump())
            place = _place(explicit, line, [resolved[name] for name in places], "explicit")
            row = _row(loaded, place, labels, event_sources, sources, event_actors, actors)
        rows.append(row)
    columns: dict[str, Any] = {}
    by_column = map(list, zip(*rows)) if rows else ([] for _ in range(11))
    (geometries, columns["precision"], columns["resolution"], columns["place_vi"], columns["place_en"],
     columns["place_ids"], columns["facts"], columns["label_lon"], columns["label_lat"], columns["sources"],
     columns["actors"]) = by_column
    del rows
    _name_given_places(columns, fields)
    for name in ("id", "layer", "start", "end", "time", "quote_vi", "quote_en"):
        columns[name] = fields[name]
    for name in ("title", "summary"):
        columns[f"{name}_vi"], columns[f"{name}_en"] = fields[f"{name}.vi"], fields[f"{name}.en"]
    columns["note_vi"], columns["note_en"] = fields["note.vi"], fields["note.en"]
    columns["tour_order"], columns["tour_zoom"] = fields["tour.order"], fields["tour.zoom"]
    columns["order"] = list(range(len(fields["id"])))
    for name in TEXT_COLUMNS:
        values = columns[name]
        if values.count(None) < len(values):  # pandas reads an all-None column as objects: kept so
            columns[name] = pd.array(values, dtype=_TEXT)
    gdf = gpd.GeoDataFrame(pd.DataFrame(columns, columns=COLUMNS), geometry=geometries, crs="EPSG:4326")
    _add_distance_facts(loaded, gdf)
    gdf.attrs["map_west"] = map_west(gdf.geometry)
    return gdf


def map_west(geometries: gpd.GeoSeries) -> float | None:
    """Where the story's map starts counting longitude eastward, when the story is shortest across the
    antimeridian (Hawaii with Japan): shapes west of it are drawn one world east. None otherwise."""
    from geo.render.map_data import shortest_bounds

    if not len(geometries):
        return None
    (_, west), (_, east) = shortest_bounds(geometries)
    return west if east > 180 else None


def _name_given_places(columns: dict[str, Any], fields: dict[str, list[Any]]) -> None:
    """A place given by its geometry is called by the event's ``place_name``, else by its coordinates
    (a place that names nothing would read "Place: (venue)")."""
    for i, (vi, en) in enumerate(zip(fields["place_name.vi"], fields["place_name.en"])):
        if vi is not None:
            columns["place_vi"][i], columns["place_en"][i] = vi, en
        elif not columns["place_vi"][i]:
            lat, lon = columns["label_lat"][i], columns["label_lon"][i]
            text = f"{abs(lat):.4f}°{'N' if lat >= 0 else 'S'}, {abs(lon):.4f}°{'E' if lon >= 0 else 'W'}"
            columns["place_vi"][i] = columns["place_en"][i] = text


def _row(loaded: LoadedStory, place: tuple[Any, ...], labels: dict[int, tuple[float, float]],
         event_sources: list[str], sources: dict[tuple[str, ...], list[dict[str, Any]]],
         event_actors: list[str], actors: dict[tuple[str, ...], list[str]]) -> tuple[Any, ...]:
    """An event's place, label point, source records and actors (equal ones shared)."""
    geom = place[0]
    label = labels.get(id(geom))
    if label is None:
        point = label_point(geom)
        label = labels[id(geom)] = (point.x, point.y)
    key_sources = tuple(event_sources)
    if key_sources not in sources:
        sources[key_sources] = [_source_record(loaded, s) for s in key_sources]
    key_actors = tuple(event_actors)
    if key_actors not in actors:
        actors[key_actors] = list(key_actors)
    return (*place, *label, sources[key_sources], actors[key_actors])


def _place(geom: BaseGeometry | None, is_route: bool, hits: list[Resolved], method: str) -> tuple[Any, ...]:
    """An event's geometry, precision, resolution, place names and ids, and shape facts."""
    if geom is not None:  # an explicit geometry
        precision = "venue" if geom.geom_type == "Point" else "region"
    else:
        parts = [h.geometry for h in hits]
        if is_route and len(parts) >= 2:
            geom = route([label_point(p) for p in parts])
        elif len(parts) == 1:
            geom = parts[0]
        else:
            geom = shapely.GeometryCollection(parts) if any(p.geom_type != "Point" for p in parts) \
                else shapely.MultiPoint([p for p in parts])
        precision = coarsest(h.precision for h in hits)
        method = ", ".join(dict.fromkeys(h.method for h in hits))
    return (geom, precision, method, "; ".join(h.name("vi") for h in hits), "; ".join(h.name("en") for h in hits),
            [h.place_id or h.query for h in hits], _shape_facts(geom, is_route))


def _source_record(loaded: LoadedStory, source_id: str) -> dict[str, Any]:
    record = loaded.story.record(source_id)
    if record is None:
        return {"id": "article", "title": "article", "url": None, "publisher": None, "date": None}
    return {"id": record.id, "title": record.title, "url": record.url, "publisher": record.publisher,
            "date": record.date.isoformat() if record.date else None}


def _shape_facts(geom: BaseGeometry, is_route: bool) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        facts.append({"kind": "area_km2", "value": round(area_km2(geom), 1)})
    if is_route and geom.geom_type == "LineString":
        facts.append({"kind": "length_km", "value": round(geodesic_length_km(geom), 1)})
    return facts


def _add_distance_facts(loaded: LoadedStory, gdf: gpd.GeoDataFrame) -> None:
    """Attach each story distance (origin to the nearest point of target) to its events."""
    if not loaded.story.distances:
        return
    index = {event_id: i for i, event_id in enumerate(gdf["id"].tolist())}
    for fact in loaded.story.distances:
        origin = loaded.gazetteer.resolve(fact.origin)
        target = loaded.gazetteer.resolve(fact.target)
        if origin is None or target is None:
            continue  # reported by validation
        km, _, _ = nearest_distance_km(origin.geometry, target.geometry)
        item = {"kind": "distance_km", "value": round(km, 1), "label_vi": fact.label.vi, "label_en": fact.label.en}
        for event_id in fact.events:
            if event_id in index:
                gdf.at[index[event_id], "facts"] = [*gdf.at[index[event_id], "facts"], item]


def resolutions(loaded: LoadedStory) -> list[PlaceResolution]:
    """How every place name of every event resolves (for the geocoding review table)."""
    out = []
    for event in loaded.story.events:
        if event.geometry is not None:
            kind = "venue" if event.geometry.type == "Point" else "region"
            out.append(PlaceResolution(event.id, "(geometry)", None, "explicit", kind))
        for name in event.places:
            hit = loaded.gazetteer.resolve(name)
            if hit is None:
                out.append(PlaceResolution(event.id, name, None, "unresolved", "-"))
                continue
            point = hit.geometry.representative_point()
            out.append(PlaceResolution(event.id, name, hit.place_id, hit.method, hit.precision, dict(hit.names),
                                       round(point.y, 5), round(point.x, 5)))
    return out
